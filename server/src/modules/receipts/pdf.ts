/**
 * Admit's PDF documents (issue 4; seed 002 "PDF Receipt", seed 003 Plan 3 Phase 5 "Download
 * invoice"): the customer's order receipt and the organizer's payout invoice. Both are built
 * from the same layout helpers below (letterhead, field list, table, totals, footer), so the
 * two documents look alike and neither repeats the other's drawing code.
 *
 * pdfkit with its built-in Helvetica (no font files to ship): text is encoded in Windows-1252,
 * so characters outside it are replaced by `?` (`winAnsi`). Documents are written uncompressed
 * (`compress: false`): they are a few kilobytes, and their text stays extractable (`pdfText`),
 * which the tests use to read what a person would see.
 *
 * Money is formatted with Intl.NumberFormat in the currency's own minor-unit digits
 * (`formatMoney`); instants are shown in UTC and, where a venue is known, in its IANA zone.
 */
import PDFDocument from 'pdfkit';
import { formatMoney } from '../notifications/templates.ts';

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;
const INK = '#18181b';
const MUTED = '#71717a';
const RULE = '#d4d4d8';
const ACCENT = '#4338ca';

// Windows-1252 bytes 0x80–0x9F (U+FFFD: unassigned); the rest of the code page is Latin-1. Node's
// TextDecoder('windows-1252') decodes this block as C1 controls, hence the table.
const CP1252_HIGH = '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ';
const CP1252_EXTRA = new Set([...CP1252_HIGH].filter((c) => c !== '\ufffd'));

/** Replaces characters the built-in fonts cannot encode (Windows-1252) with `?`. */
export function winAnsi(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    out +=
      ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.has(ch)
        ? ch
        : '?';
  }
  return out;
}

/** "21 Nov 2026, 14:03" in `timeZone` (IANA). */
export function formatInstant(at: Date, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** "21 Nov 2026, 14:03 UTC (16:03 Africa/Cairo)": the instant in UTC and, if given, local time. */
export function formatUtcAndLocal(at: Date, timeZone?: string | null): string {
  const utc = `${formatInstant(at)} UTC`;
  if (!timeZone || timeZone === 'UTC') return utc;
  return `${utc} (${formatInstant(at, timeZone)} ${timeZone})`;
}

// ───────────────────────────── layout helpers ─────────────────────────────

function newDocument(meta: { title: string; subject: string }): Doc {
  return new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: false,
    bufferPages: true,
    info: { Title: winAnsi(meta.title), Subject: winAnsi(meta.subject), Author: 'Admit', Creator: 'Admit' },
  });
}

const contentWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;

/** Starts a new page when `height` does not fit below the cursor. */
function ensureRoom(doc: Doc, height: number) {
  if (doc.y + height > doc.page.maxY()) doc.addPage();
}

function rule(doc: Doc, gap = 8) {
  doc.moveDown(0.3);
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + contentWidth(doc), doc.y)
    .lineWidth(0.7)
    .strokeColor(RULE)
    .stroke();
  doc.y += gap;
}

/** The Admit letterhead: brand on the left; document title, reference and issue date on the right. */
function letterhead(doc: Doc, h: { documentTitle: string; reference: string; issuedAt: Date }) {
  const top = MARGIN;
  doc.font('Helvetica-Bold').fontSize(24).fillColor(ACCENT).text('Admit', MARGIN, top);
  doc.font('Helvetica').fontSize(9).fillColor(MUTED).text('Tickets, payments and payouts', MARGIN, doc.y);
  doc.text('admit.test  ·  support@admit.test', MARGIN, doc.y);
  const leftBottom = doc.y;
  const right = { width: contentWidth(doc), align: 'right' as const };
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .fillColor(INK)
    .text(winAnsi(h.documentTitle), MARGIN, top + 2, right);
  doc.font('Helvetica').fontSize(10).fillColor(INK).text(winAnsi(h.reference), MARGIN, doc.y, right);
  doc
    .fontSize(9)
    .fillColor(MUTED)
    .text(`Issued ${formatInstant(h.issuedAt)} UTC`, MARGIN, doc.y, right);
  doc.y = Math.max(doc.y, leftBottom) + 6;
  rule(doc, 12);
}

function section(doc: Doc, title: string) {
  ensureRoom(doc, 60);
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text(winAnsi(title), MARGIN, doc.y);
  doc.moveDown(0.3);
}

/** Label/value pairs in two columns. */
function fields(doc: Doc, rows: [label: string, value: string][]) {
  const labelWidth = 130;
  const valueWidth = contentWidth(doc) - labelWidth - 10;
  doc.fontSize(10);
  for (const [label, value] of rows) {
    const text = winAnsi(value);
    const height = Math.max(doc.heightOfString(text, { width: valueWidth }), doc.heightOfString(label));
    ensureRoom(doc, height + 4);
    const y = doc.y;
    doc.font('Helvetica').fillColor(MUTED).text(winAnsi(label), MARGIN, y, { width: labelWidth });
    doc
      .font('Helvetica')
      .fillColor(INK)
      .text(text, MARGIN + labelWidth + 10, y, { width: valueWidth });
    doc.y = y + height + 4;
  }
}

export interface Column {
  header: string;
  /** share of the content width */
  width: number;
  align?: 'left' | 'right';
}

/** A table with a header row and a rule under it; rows break across pages. */
function table(doc: Doc, columns: Column[], rows: string[][]) {
  const total = contentWidth(doc);
  const widths = columns.map((c) => c.width * total);
  const drawRow = (cells: string[], font: string, color: string) => {
    doc.font(font).fontSize(10);
    const texts = cells.map(winAnsi);
    // a gutter after every column but the last, so right-aligned totals line up with `totals`
    const inner = (i: number) => widths[i]! - (i < columns.length - 1 ? 8 : 0);
    const height = Math.max(...texts.map((t, i) => doc.heightOfString(t, { width: inner(i) })));
    ensureRoom(doc, height + 6);
    const y = doc.y;
    let x = MARGIN;
    texts.forEach((t, i) => {
      doc.fillColor(color).text(t, x, y, { width: inner(i), align: columns[i]!.align ?? 'left' });
      x += widths[i]!;
    });
    doc.y = y + height + 5;
  };
  drawRow(
    columns.map((c) => c.header),
    'Helvetica-Bold',
    MUTED,
  );
  rule(doc, 4);
  if (rows.length === 0) drawRow(['None', ...columns.slice(1).map(() => '')], 'Helvetica', MUTED);
  for (const r of rows) drawRow(r, 'Helvetica', INK);
}

/** Right-aligned totals; `strong` rows in bold with a rule above. */
function totals(doc: Doc, rows: { label: string; value: string; strong?: boolean }[]) {
  const valueWidth = 140;
  const labelWidth = 220;
  const x = MARGIN + contentWidth(doc) - valueWidth - labelWidth;
  doc.moveDown(0.3);
  for (const r of rows) {
    ensureRoom(doc, 20);
    if (r.strong) {
      doc
        .moveTo(x, doc.y)
        .lineTo(MARGIN + contentWidth(doc), doc.y)
        .lineWidth(0.7)
        .strokeColor(RULE)
        .stroke();
      doc.y += 4;
    }
    const y = doc.y;
    doc.font(r.strong ? 'Helvetica-Bold' : 'Helvetica').fontSize(r.strong ? 11 : 10);
    doc.fillColor(r.strong ? INK : MUTED).text(winAnsi(r.label), x, y, { width: labelWidth - 10, align: 'right' });
    doc.fillColor(INK).text(winAnsi(r.value), x + labelWidth, y, { width: valueWidth, align: 'right' });
    doc.y = y + (r.strong ? 18 : 15);
  }
}

function note(doc: Doc, text: string) {
  ensureRoom(doc, 40);
  doc.moveDown(0.8);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor(MUTED)
    .text(winAnsi(text), MARGIN, doc.y, { width: contentWidth(doc) });
}

/** The same small footer on every page: what the document is and "page n of m". */
function footer(doc: Doc, text: string) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not open a new page
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${winAnsi(text)}  ·  page ${i - range.start + 1} of ${range.count}`, MARGIN, doc.page.height - 35, {
        width: contentWidth(doc),
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

function render(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

// ───────────────────────────── the documents ─────────────────────────────

export interface ReceiptData {
  orderCode: string;
  /** when this copy was produced (UTC) */
  issuedAt: Date;
  paidAt: Date | null;
  currency: string;
  /** the venue's IANA zone, for local times */
  timeZone: string | null;
  customer: { name: string; contact: string | null };
  event: { title: string; venue: string; startsAt: Date } | null;
  lines: { description: string; quantity: number; unitMinor: number; totalMinor: number }[];
  /**
   * reserved seating (ADR 0019): one row per seated ticket, in seat order; `seat` reads
   * "Stalls · Row B · Seat 5"; a refunded or void ticket's seat is marked so
   */
  seats?: { reference: string; category: string; seat: string; status: 'VALID' | 'VOID' | 'REFUNDED' }[];
  totalMinor: number;
  payments: { at: Date; method: string; amountMinor: number }[];
  refunds: { at: Date; reason: string; amountMinor: number }[];
  /** payments − refunds */
  netPaidMinor: number;
}

/** The customer's PDF receipt for a paid order (seed 002 "PDF Receipt"). */
export function receiptPdf(r: ReceiptData): Promise<Buffer> {
  const money = (m: number) => formatMoney(m, r.currency);
  const doc = newDocument({ title: `Receipt ${r.orderCode}`, subject: 'Admit payment receipt' });
  letterhead(doc, { documentTitle: 'Payment receipt', reference: `Order ${r.orderCode}`, issuedAt: r.issuedAt });
  fields(doc, [
    ['Order', r.orderCode],
    ['Customer', r.customer.name],
    ...(r.customer.contact ? [['Contact', r.customer.contact] as [string, string]] : []),
    ['Paid', r.paidAt ? formatUtcAndLocal(r.paidAt, r.timeZone) : 'Not paid'],
    ...(r.event
      ? [
          ['Event', r.event.title] as [string, string],
          ['Venue', r.event.venue] as [string, string],
          ['Starts', formatUtcAndLocal(r.event.startsAt, r.timeZone)] as [string, string],
        ]
      : []),
  ]);
  section(doc, 'Items');
  table(
    doc,
    [
      { header: 'Description', width: 0.52 },
      { header: 'Qty', width: 0.08, align: 'right' },
      { header: 'Unit price', width: 0.2, align: 'right' },
      { header: 'Total', width: 0.2, align: 'right' },
    ],
    r.lines.map((l) => [l.description, String(l.quantity), money(l.unitMinor), money(l.totalMinor)]),
  );
  totals(doc, [{ label: 'Order total', value: money(r.totalMinor), strong: true }]);
  if (r.seats && r.seats.length > 0) {
    section(doc, 'Seats');
    table(
      doc,
      [
        { header: 'Ticket', width: 0.22 },
        { header: 'Ticket type', width: 0.28 },
        { header: 'Seat', width: 0.5 },
      ],
      r.seats.map((s) => [
        s.reference,
        s.category,
        s.status === 'VALID' ? s.seat : `${s.seat} (${s.status === 'REFUNDED' ? 'refunded' : 'void'})`,
      ]),
    );
  }
  section(doc, 'Payments');
  table(
    doc,
    [
      { header: 'Date', width: 0.45 },
      { header: 'Method', width: 0.35 },
      { header: 'Amount', width: 0.2, align: 'right' },
    ],
    r.payments.map((p) => [formatUtcAndLocal(p.at, r.timeZone), p.method, money(p.amountMinor)]),
  );
  if (r.refunds.length > 0) {
    section(doc, 'Refunds');
    table(
      doc,
      [
        { header: 'Date', width: 0.45 },
        { header: 'Reason', width: 0.35 },
        { header: 'Amount', width: 0.2, align: 'right' },
      ],
      r.refunds.map((f) => [formatUtcAndLocal(f.at, r.timeZone), f.reason, `-${money(f.amountMinor)}`]),
    );
  }
  totals(doc, [
    { label: 'Paid', value: money(r.payments.reduce((n, p) => n + p.amountMinor, 0)) },
    ...(r.refunds.length > 0
      ? [{ label: 'Refunded', value: `-${money(r.refunds.reduce((n, f) => n + f.amountMinor, 0))}` }]
      : []),
    { label: 'Net paid', value: money(r.netPaidMinor), strong: true },
  ]);
  note(
    doc,
    'This receipt confirms the payment above. What it bought is in your Admit account: My tickets, My raffles or My NFC cards.',
  );
  footer(doc, `Admit receipt for order ${r.orderCode}`);
  return render(doc);
}

export interface InvoiceData {
  reference: string;
  status: 'PENDING' | 'PAID' | 'CANCELLED';
  issuedAt: Date;
  paidAt: Date | null;
  currency: string;
  organizer: { name: string; email: string; phone: string };
  event: { title: string; venue: string; startsAt: Date; timeZone: string } | null;
  /** the sales this payout covers: after the previous payout (or the first sale) up to its creation */
  period: { from: Date | null; to: Date };
  grossMinor: number;
  feesMinor: number;
  refundsMinor: number;
  netMinor: number;
  note: string | null;
}

/** The organizer's payout invoice (seed 003 Plan 3 Phase 5 `GET /api/organizer/payouts/:id/invoice/`). */
export function payoutInvoicePdf(i: InvoiceData): Promise<Buffer> {
  const money = (m: number) => formatMoney(m, i.currency);
  const doc = newDocument({ title: `Payout ${i.reference}`, subject: 'Admit payout statement' });
  letterhead(doc, { documentTitle: 'Payout statement', reference: i.reference, issuedAt: i.issuedAt });
  const status = i.status === 'PAID' && i.paidAt ? `Paid ${formatInstant(i.paidAt)} UTC` : i.status.toLowerCase();
  fields(doc, [
    ['Payout', i.reference],
    ['Status', status.charAt(0).toUpperCase() + status.slice(1)],
    ['Payee', i.organizer.name],
    ['Contact', `${i.organizer.email}  ·  ${i.organizer.phone}`],
    ...(i.event
      ? [
          ['Event', i.event.title] as [string, string],
          ['Venue', i.event.venue] as [string, string],
          ['Event date', formatUtcAndLocal(i.event.startsAt, i.event.timeZone)] as [string, string],
        ]
      : []),
    [
      'Period',
      `${i.period.from ? `${formatInstant(i.period.from)} UTC` : 'First sale'} to ${formatInstant(i.period.to)} UTC`,
    ],
  ]);
  section(doc, 'Settlement');
  table(
    doc,
    [
      { header: 'Item', width: 0.75 },
      { header: 'Amount', width: 0.25, align: 'right' },
    ],
    [
      ['Gross ticket sales (including platform fees)', money(i.grossMinor)],
      ['Platform fees', `-${money(i.feesMinor)}`],
      ['Refunds and adjustments', `-${money(i.refundsMinor)}`],
    ],
  );
  totals(doc, [{ label: 'Net payout', value: money(i.netMinor), strong: true }]);
  if (i.note) note(doc, `Note: ${i.note}`);
  note(
    doc,
    `Amounts in ${i.currency}. Gross - fees - refunds = net. Questions: finance@admit.test, quoting ${i.reference}.`,
  );
  footer(doc, `Admit payout statement ${i.reference}`);
  return render(doc);
}

/**
 * The text drawn in a PDF written by this module, one line per text run (NBSP as a space).
 * Reads pdfkit's uncompressed `[<hex> kern <hex>] TJ` runs in Windows-1252; for tests and checks.
 */
export function pdfText(pdf: Buffer): string {
  const runs: string[] = [];
  for (const m of pdf.toString('latin1').matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    const hex = [...m[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
    const bytes = Buffer.from(hex, 'hex');
    runs.push(String.fromCharCode(...bytes).replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
  }
  return runs.join('\n').replace(/\u00a0/g, ' ');
}
