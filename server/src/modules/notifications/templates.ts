/**
 * Notification templates (issue 5 "Notifications"): one per kind, each with a subject (e-mail
 * subject and inbox title), a plain text (SMS, WhatsApp, the e-mail's text part, the inbox body)
 * and an HTML e-mail body.
 *
 * The registry is typed: `NotificationVars` maps each kind to its variables and `TEMPLATES` must
 * hold one template per kind (a missing or mistyped one does not compile), so `notify()` callers
 * get their variables checked. A later vertical adds its kinds to both (e.g. `raffle.won`).
 *
 * HTML is built only with the `html` tag below, which escapes every interpolated value unless the
 * value was itself built with `html`: a variable (an event title, a name) can never inject markup.
 * Variables are JSON values because they are stored on the notification until delivered.
 */
import type { TMessageChannel } from '@admit/shared';

// ───────────────────────────── safe HTML ─────────────────────────────

/** HTML that was produced by the `html` tag (so already escaped). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const piece = (v: unknown): string => {
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(piece).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
};

/** Tagged template: literal parts are kept, every `${value}` is escaped (arrays are joined). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += piece(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

// ───────────────────────────── kinds and their variables ─────────────────────────────

export interface OtpVars {
  code: string;
  /** minutes until the code expires */
  minutes: number;
}

/** Every notification kind and its variables. A new kind goes here and in TEMPLATES. */
export interface NotificationVars {
  'otp.login': OtpVars;
  'otp.verify_mobile': OtpVars;
  'otp.password_reset': OtpVars;
  'otp.change_mobile': OtpVars;
  /** to the customer: a merchant is assigning an NFC card; the customer reads the code to them (modules/merchant) */
  'otp.card_assignment': OtpVars & { merchantName: string };
  /** to the customer: a merchant assigned an NFC card to the account (modules/merchant) */
  'card.assigned': { cardUid: string; merchantName: string };
  /** to the merchant, when their profile asks for it: a customer confirmed a card assignment */
  'card.assignment_confirmed': { cardUid: string; customerName: string };
  /** `receiptUrl`: the PDF receipt (receipts/receipts.service.ts `receiptUrl`), when the caller has it */
  'order.paid': { orderCode: string; tickets: number; receiptUrl?: string };
  'ticket.received': { eventTitle: string; fromName: string; tickets: number };
  'ticket.transferred': { eventTitle: string; toName: string; tickets: number };
  /** to the recipient of a pending transfer or gift (modules/customer-extras, ADR 0020); `expiresAt` ISO-8601 */
  'ticket.transfer_offered': {
    eventTitle: string;
    fromName: string;
    gift: boolean;
    message?: string;
    expiresAt: string;
  };
  /** to the sender: the recipient declined the transfer or gift */
  'ticket.transfer_declined': { eventTitle: string; toName: string };
  'refund.issued': { orderCode: string; amountMinor: number; currency: string };
  /** to the organizer (and admins): a customer asked for a refund */
  'refund.requested': { orderCode: string; eventTitle: string; tickets: number; reason: string };
  'refund.approved': { orderCode: string; eventTitle: string; amountMinor: number; currency: string };
  'refund.rejected': { orderCode: string; eventTitle: string; reason: string };
  /** to admins: the provider refused or cancelled a refund */
  'refund.failed': { orderCode: string; amountMinor: number; currency: string; failureReason: string };
  /** `change` says what changed, e.g. "doors now open at 20:00 (Africa/Cairo)" */
  'event.changed': { eventTitle: string; change: string };
  'event.cancelled': { eventTitle: string; refundNote?: string };
  /** to every admin: an usher reported a HIGH/CRITICAL incident at a gate (modules/checkin) */
  'incident.reported': {
    eventTitle: string;
    severity: string;
    category: string;
    description: string;
    reportedBy: string;
  };
  /** to the organizer's users: a payout was sent (modules/payouts) */
  'payout.paid': { reference: string; eventTitle: string; amountMinor: number; currency: string };
  /** to the organizer user who asked: an admin approved or rejected an event edit request (modules/organizer) */
  'event.edit_reviewed': { eventTitle: string; approved: boolean; note: string };
  /** to the customer: the provider declined a payment (webhook, off-session charge) */
  'payment.failed': { orderCode: string; amountMinor: number; currency: string; reason: string };
  /** to the customer: a payment arrived after the order's hold expired; refunded in full */
  'payment.late_refunded': { orderCode: string; amountMinor: number; currency: string };
  /** to every admin: a card holder disputed a charge (charge.dispute.created) */
  'payment.disputed': { orderCode: string; amountMinor: number; currency: string; reason: string };
  /** to a winner (modules/raffles/draw): `claimBy` is an ISO-8601 instant */
  'raffle.won': { raffleTitle: string; prizeTitle: string; rank: number; entryNumber: number; claimBy: string };
  /** to every participant: the winners were drawn; `verifyUrl` is the public verification page */
  'raffle.drawn': { raffleTitle: string; verifyUrl: string };
  /** to every participant of a cancelled raffle (modules/raffles): paid entries are refunded */
  'raffle.cancelled': { raffleTitle: string; reason: string; refundNote: string };
  /** to a winner who has not claimed yet */
  'raffle.claim-reminder': { raffleTitle: string; prizeTitle: string; claimBy: string };
}

export type NotificationKind = keyof NotificationVars;

export interface Template<V> {
  /** channels used when neither the caller nor the user chose otherwise */
  channels: TMessageChannel[];
  /** channels off by default that a user may turn on in their preferences */
  optional?: TMessageChannel[];
  /**
   * Sent on the channels asked for whatever the preferences say, and never listed in the inbox
   * (one-time codes: turning them off would lock the user out).
   */
  essential?: boolean;
  /** the variables with secrets masked: what the stored notification (inbox, admin views) shows */
  redact?: (vars: V) => V;
  subject(vars: V): string;
  text(vars: V): string;
  /** the content of the e-mail; the layout (title, footer) is added around it */
  html(vars: V): SafeHtml;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

// ───────────────────────────── helpers ─────────────────────────────

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Integer minor units → "EGP 450.00" with the currency's own number of decimals (ISO 4217). */
export function formatMoney(amountMinor: number, currency: string): string {
  const fmt = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'code' });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(amountMinor / 10 ** digits);
}

const EXTERNAL: TMessageChannel[] = ['SMS', 'WHATSAPP'];

function otp(what: string): Template<OtpVars> {
  return {
    channels: ['SMS', 'EMAIL'],
    essential: true,
    redact: (v) => ({ ...v, code: '••••••' }),
    subject: () => `Your Admit ${what} code`,
    // tests and people read the 6-digit code from this line: keep it in the text
    text: (v) => `Your Admit ${what} code is ${v.code}. It expires in ${v.minutes} minutes. Never share it.`,
    html: (v) => html`<p>Your Admit ${what} code is</p>
<p style="font-size:28px;letter-spacing:6px;font-weight:bold;margin:16px 0">${v.code}</p>
<p>It expires in ${v.minutes} minutes. Never share it: Admit staff will never ask you for it.</p>
<p style="color:#666">If you did not ask for this code, you can ignore this message.</p>`,
  };
}

// ───────────────────────────── the registry ─────────────────────────────

export const TEMPLATES: { [K in NotificationKind]: Template<NotificationVars[K]> } = {
  'otp.login': otp('sign-in'),
  'otp.verify_mobile': otp('verification'),
  'otp.password_reset': otp('password reset'),
  'otp.change_mobile': otp('mobile number change'),
  'otp.card_assignment': {
    ...otp('card assignment'),
    redact: (v) => ({ ...v, code: '••••••' }),
    subject: () => 'Your Admit card assignment code',
    // tests and people read the 6-digit code from this line: keep it in the text
    text: (v) =>
      `${v.merchantName} is assigning an Admit NFC card to you. Your code is ${v.code}. It expires in ${v.minutes} minutes. Give it only to the merchant in front of you.`,
    html: (v) => html`<p><strong>${v.merchantName}</strong> is assigning an Admit NFC card to you. Your code is</p>
<p style="font-size:28px;letter-spacing:6px;font-weight:bold;margin:16px 0">${v.code}</p>
<p>It expires in ${v.minutes} minutes. Give it only to the merchant in front of you.</p>
<p style="color:#666">If you are not at a merchant's counter right now, ignore this message.</p>`,
  },
  'card.assigned': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: () => 'Your NFC card is ready',
    text: (v) => `${v.merchantName} assigned NFC card ${v.cardUid} to your account. See My cards.`,
    html: (
      v,
    ) => html`<p><strong>${v.merchantName}</strong> assigned NFC card <strong>${v.cardUid}</strong> to your account.</p>
<p>You can top it up and see its balance under <em>My cards</em>.</p>`,
  },
  'card.assignment_confirmed': {
    channels: ['IN_APP'],
    optional: ['EMAIL', 'SMS'],
    subject: () => 'Card assignment confirmed',
    text: (v) => `Card ${v.cardUid} is now assigned to ${v.customerName}.`,
    html: (v) => html`<p>Card <strong>${v.cardUid}</strong> is now assigned to <strong>${v.customerName}</strong>.</p>`,
  },
  'order.paid': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: () => 'Payment received',
    text: (v) => `Order ${v.orderCode}: ${plural(v.tickets, 'ticket')} ready.`,
    html: (v) => html`<p>Thank you! We received your payment for order <strong>${v.orderCode}</strong>.</p>
<p>${plural(v.tickets, 'ticket is', 'tickets are')} ready under <em>My tickets</em>. Show the QR code at the gate.</p>
${v.receiptUrl ? html`<p><a href="${v.receiptUrl}">Download your receipt (PDF)</a></p>` : ''}`,
  },
  'ticket.received': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: (v) => `${v.fromName} sent you ${v.tickets === 1 ? 'a ticket' : 'tickets'}`,
    text: (v) => `${v.fromName} transferred ${plural(v.tickets, 'ticket')} for ${v.eventTitle} to you. See My tickets.`,
    html: (v) => html`<p><strong>${v.fromName}</strong> transferred ${plural(v.tickets, 'ticket')} for
<strong>${v.eventTitle}</strong> to you.</p>
<p>${v.tickets === 1 ? 'It is' : 'They are'} under <em>My tickets</em>, with a fresh QR code.</p>`,
  },
  'ticket.transferred': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: () => 'Ticket transferred',
    text: (v) =>
      `You transferred ${plural(v.tickets, 'ticket')} for ${v.eventTitle} to ${v.toName}. The old QR codes no longer work.`,
    html: (v) => html`<p>You transferred ${plural(v.tickets, 'ticket')} for <strong>${v.eventTitle}</strong> to
<strong>${v.toName}</strong>.</p>
<p>The QR codes you had no longer admit anyone.</p>`,
  },
  'ticket.transfer_offered': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: (v) => `${v.fromName} ${v.gift ? 'sent you a gift' : 'wants to transfer a ticket to you'}`,
    text: (v) =>
      `${v.fromName} ${v.gift ? 'is gifting you' : 'is transferring you'} a ticket for ${v.eventTitle}.${v.message ? ` "${v.message}"` : ''} Accept it under Transfers before ${v.expiresAt}.`,
    html: (
      v,
    ) => html`<p><strong>${v.fromName}</strong> ${v.gift ? 'is gifting you' : 'is transferring you'} a ticket for
<strong>${v.eventTitle}</strong>.</p>
${v.message ? html`<p style="padding:12px;background:#f4f4f5">${v.message}</p>` : ''}
<p>Accept or decline it under <em>Transfers</em> before ${v.expiresAt}. Once accepted, the ticket and a fresh QR code are yours.</p>`,
  },
  'ticket.transfer_declined': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: () => 'Ticket transfer declined',
    text: (v) => `${v.toName} declined your ticket for ${v.eventTitle}. It stays yours, with the same QR code.`,
    html: (v) => html`<p><strong>${v.toName}</strong> declined your ticket for <strong>${v.eventTitle}</strong>.</p>
<p>It stays yours, with the same QR code.</p>`,
  },
  'refund.issued': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: () => 'Refund issued',
    text: (v) =>
      `We refunded ${formatMoney(v.amountMinor, v.currency)} for order ${v.orderCode}. Banks take 5-10 business days to show it.`,
    html: (v) => html`<p>We refunded <strong>${formatMoney(v.amountMinor, v.currency)}</strong> for order
<strong>${v.orderCode}</strong>.</p>
<p>Banks usually take 5 to 10 business days to show it on your statement.</p>`,
  },
  'refund.requested': {
    channels: ['IN_APP', 'EMAIL'],
    subject: (v) => `Refund requested: ${v.orderCode}`,
    text: (v) =>
      `A customer asked for a refund of ${plural(v.tickets, 'ticket')} for ${v.eventTitle} (order ${v.orderCode}): ${v.reason}`,
    html: (v) => html`<p>A customer asked for a refund of ${plural(v.tickets, 'ticket')} for
<strong>${v.eventTitle}</strong> (order <strong>${v.orderCode}</strong>).</p>
<p style="padding:12px;background:#f4f4f5">${v.reason}</p>
<p>Approve or reject it under <em>Refund requests</em>.</p>`,
  },
  'refund.approved': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: () => 'Refund approved',
    text: (v) =>
      `Your refund request for ${v.eventTitle} (order ${v.orderCode}) was approved: ${formatMoney(v.amountMinor, v.currency)} is on its way.`,
    html: (v) => html`<p>Your refund request for <strong>${v.eventTitle}</strong> (order
<strong>${v.orderCode}</strong>) was approved.</p>
<p><strong>${formatMoney(v.amountMinor, v.currency)}</strong> is on its way back to you.</p>`,
  },
  'refund.rejected': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: () => 'Refund request declined',
    text: (v) => `Your refund request for ${v.eventTitle} (order ${v.orderCode}) was declined: ${v.reason}`,
    html: (v) => html`<p>Your refund request for <strong>${v.eventTitle}</strong> (order
<strong>${v.orderCode}</strong>) was declined.</p>
<p style="padding:12px;background:#f4f4f5">${v.reason}</p>
<p>Your tickets stay valid.</p>`,
  },
  'refund.failed': {
    channels: ['IN_APP', 'EMAIL'],
    subject: (v) => `Refund failed: ${v.orderCode}`,
    text: (v) =>
      `The refund of ${formatMoney(v.amountMinor, v.currency)} for order ${v.orderCode} failed at the payment provider: ${v.failureReason}`,
    html: (v) => html`<p>The refund of <strong>${formatMoney(v.amountMinor, v.currency)}</strong> for order
<strong>${v.orderCode}</strong> failed at the payment provider:</p>
<p style="padding:12px;background:#f4f4f5">${v.failureReason}</p>
<p>See <em>Refunds</em> in the back office.</p>`,
  },
  'event.changed': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: (v) => `Change to ${v.eventTitle}`,
    text: (v) => `${v.eventTitle}: ${v.change}. Your tickets stay valid.`,
    html: (v) => html`<p>There is a change to <strong>${v.eventTitle}</strong>:</p>
<p style="padding:12px;background:#f4f4f5">${v.change}</p>
<p>Your tickets stay valid.</p>`,
  },
  'incident.reported': {
    channels: ['IN_APP', 'EMAIL'],
    subject: (v) => `${v.severity} incident at ${v.eventTitle}`,
    text: (v) =>
      `${v.severity} ${v.category} incident at ${v.eventTitle}, reported by ${v.reportedBy}: ${v.description}`,
    html: (v) => html`<p>A <strong>${v.severity}</strong> incident (${v.category}) was reported at
<strong>${v.eventTitle}</strong> by ${v.reportedBy}:</p>
<p style="padding:12px;background:#f4f4f5">${v.description}</p>`,
  },
  'event.cancelled': {
    channels: ['IN_APP', 'EMAIL', 'SMS'],
    optional: ['WHATSAPP'],
    subject: (v) => `${v.eventTitle} is cancelled`,
    text: (v) => `${v.eventTitle} has been cancelled. ${v.refundNote ?? 'Your payment will be refunded.'}`,
    html: (v) => html`<p>We are sorry: <strong>${v.eventTitle}</strong> has been cancelled.</p>
<p>${v.refundNote ?? 'Your payment will be refunded.'}</p>`,
  },
  'event.edit_reviewed': {
    channels: ['IN_APP', 'EMAIL'],
    subject: (v) => `Change request ${v.approved ? 'approved' : 'rejected'}: ${v.eventTitle}`,
    text: (v) =>
      v.approved
        ? `Your change request for ${v.eventTitle} was approved and the event now shows the changes.${v.note ? ` Note: ${v.note}` : ''}`
        : `Your change request for ${v.eventTitle} was rejected: ${v.note}`,
    html: (v) =>
      v.approved
        ? html`<p>Your change request for <strong>${v.eventTitle}</strong> was approved; the event now shows the
changes.</p>${v.note ? html`<p style="padding:12px;background:#f4f4f5">${v.note}</p>` : ''}`
        : html`<p>Your change request for <strong>${v.eventTitle}</strong> was rejected:</p>
<p style="padding:12px;background:#f4f4f5">${v.note}</p>`,
  },
  'payout.paid': {
    channels: ['IN_APP', 'EMAIL'],
    subject: (v) => `Payout ${v.reference} sent`,
    text: (v) =>
      `We sent you ${formatMoney(v.amountMinor, v.currency)} for ${v.eventTitle} (payout ${v.reference}). The statement is under Payouts.`,
    html: (v) => html`<p>We sent you <strong>${formatMoney(v.amountMinor, v.currency)}</strong> for
<strong>${v.eventTitle}</strong> (payout <strong>${v.reference}</strong>).</p>
<p>Download the statement under <em>Payouts</em> in the organizer portal.</p>`,
  },
  'payment.failed': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: () => 'Payment declined',
    text: (v) =>
      `Your payment of ${formatMoney(v.amountMinor, v.currency)} for order ${v.orderCode} was declined: ${v.reason} Try another card before your hold runs out.`,
    html: (v) => html`<p>Your payment of <strong>${formatMoney(v.amountMinor, v.currency)}</strong> for order
<strong>${v.orderCode}</strong> was declined:</p>
<p style="padding:12px;background:#f4f4f5">${v.reason}</p>
<p>You can try another card from the checkout page while your tickets are still held.</p>`,
  },
  'payment.late_refunded': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: () => 'Payment refunded',
    text: (v) =>
      `Your payment for order ${v.orderCode} arrived after the hold on your tickets ended, so no tickets were issued. We refunded ${formatMoney(v.amountMinor, v.currency)} in full.`,
    html: (v) => html`<p>Your payment for order <strong>${v.orderCode}</strong> arrived after the hold on your
tickets ended, so no tickets were issued.</p>
<p>We refunded <strong>${formatMoney(v.amountMinor, v.currency)}</strong> in full. Banks usually take 5 to 10
business days to show it on your statement.</p>`,
  },
  'payment.disputed': {
    channels: ['IN_APP'],
    subject: (v) => `Charge disputed: ${v.orderCode}`,
    text: (v) =>
      `A card holder disputed ${formatMoney(v.amountMinor, v.currency)} for order ${v.orderCode} (${v.reason}). Respond in the Stripe dashboard before the deadline.`,
    html: (v) => html`<p>A card holder disputed <strong>${formatMoney(v.amountMinor, v.currency)}</strong> for order
<strong>${v.orderCode}</strong> (${v.reason}).</p>
<p>Respond with evidence in the Stripe dashboard before the deadline.</p>`,
  },
  'raffle.cancelled': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: (v) => `${v.raffleTitle} is cancelled`,
    text: (v) => `${v.raffleTitle} has been cancelled (${v.reason}). ${v.refundNote}`,
    html: (v) => html`<p>We are sorry: <strong>${v.raffleTitle}</strong> has been cancelled (${v.reason}).</p>
<p>${v.refundNote}</p>`,
  },
  'raffle.won': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: (v) => `You won ${v.prizeTitle}!`,
    text: (v) =>
      `Your entry #${v.entryNumber} won prize ${v.rank} (${v.prizeTitle}) in ${v.raffleTitle}. Claim it in My raffles before ${v.claimBy}.`,
    html: (v) => html`<p>Congratulations! Your entry <strong>#${v.entryNumber}</strong> won prize ${v.rank},
<strong>${v.prizeTitle}</strong>, in <strong>${v.raffleTitle}</strong>.</p>
<p>Claim it under <em>My raffles</em> before <strong>${v.claimBy}</strong>; an unclaimed prize goes to the next entry drawn.</p>`,
  },
  'raffle.drawn': {
    channels: ['IN_APP'],
    optional: ['EMAIL'],
    subject: (v) => `${v.raffleTitle}: winners drawn`,
    text: (v) => `The winners of ${v.raffleTitle} were drawn. Check the draw yourself: ${v.verifyUrl}`,
    html: (v) => html`<p>The winners of <strong>${v.raffleTitle}</strong> were drawn.</p>
<p>Anyone can check the draw: <a href="${v.verifyUrl}">verify it</a>.</p>`,
  },
  'raffle.claim-reminder': {
    channels: ['IN_APP', 'EMAIL'],
    optional: EXTERNAL,
    subject: (v) => `Claim your prize: ${v.prizeTitle}`,
    text: (v) => `You have not claimed ${v.prizeTitle} from ${v.raffleTitle} yet. Claim it before ${v.claimBy}.`,
    html: (
      v,
    ) => html`<p>You have not claimed <strong>${v.prizeTitle}</strong> from <strong>${v.raffleTitle}</strong> yet.</p>
<p>Claim it under <em>My raffles</em> before <strong>${v.claimBy}</strong>.</p>`,
  },
};

export function isNotificationKind(kind: string): kind is NotificationKind {
  return Object.hasOwn(TEMPLATES, kind);
}

export function templateOf<K extends NotificationKind>(kind: K): Template<NotificationVars[K]> {
  return TEMPLATES[kind] as Template<NotificationVars[K]>;
}

function layout(subject: string, content: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;background:#f4f4f5;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#18181b">
<div style="max-width:560px;margin:24px auto;background:#fff;border-radius:8px;padding:24px">
<h1 style="font-size:20px;margin:0 0 16px">${subject}</h1>
${content}
<p style="color:#71717a;font-size:12px;margin-top:24px">Admit · You can choose which messages you get in your notification settings.</p>
</div>
</body>
</html>`;
}

/** Subject, text and HTML of `kind` with `vars`. */
export function render<K extends NotificationKind>(kind: K, vars: NotificationVars[K]): RenderedMessage {
  const t = templateOf(kind);
  const subject = t.subject(vars);
  return { subject, text: t.text(vars), html: layout(subject, t.html(vars)).value };
}

/** `render` with the template's secrets masked: what may be stored and shown later. */
export function renderRedacted<K extends NotificationKind>(kind: K, vars: NotificationVars[K]): RenderedMessage {
  const t = templateOf(kind);
  return render(kind, t.redact ? t.redact(vars) : vars);
}
