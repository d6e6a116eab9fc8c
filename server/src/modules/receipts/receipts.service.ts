/**
 * Customers' orders with what was paid and refunded, and their PDF receipts (seed 002
 * "PDF Receipt", "Email Receipt", "Receipt Storage": every paid order keeps a receipt in the
 * customer's account, at `GET /api/v1/users/orders/:id/receipt/`). Receipts are rendered on
 * demand from the order, its payments and its refunds, so a later refund shows on the next copy.
 */
import type { TDocumentFile, TOrderDetail } from '@admit/shared';
import type { Config } from '../../config.ts';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { requireOwned } from '../ownership.ts';
import { pageOf, pageWindow } from '../pagination.ts';
import { seatLabel } from '../seating/seating.service.ts';
import { type ReceiptData, receiptPdf } from './pdf.ts';

/** Absolute link to an order's receipt (e-mails) under `PUBLIC_URL`. */
export const receiptUrl = (config: Pick<Config, 'publicUrl'>, orderId: string) =>
  `${config.publicUrl}/api/v1/users/orders/${orderId}/receipt/`;

/** A receipt exists once an order was paid (it stays for fully refunded orders). */
const hasReceipt = (o: { paidAt: Date | null }) => o.paidAt !== null;

const orderDetailSelect = {
  id: true,
  code: true,
  status: true,
  totalMinor: true,
  refundedMinor: true,
  currency: true,
  expiresAt: true,
  paidAt: true,
  createdAt: true,
  customerId: true,
  customer: { select: { firstName: true, lastName: true, mobile: true, email: true } },
  lines: {
    select: {
      id: true,
      kind: true,
      description: true,
      quantity: true,
      unitPriceMinor: true,
      totalMinor: true,
      ticketCategory: {
        select: {
          event: {
            select: {
              id: true,
              title: true,
              startsAt: true,
              venue: { select: { name: true, city: true, timeZone: true } },
            },
          },
        },
      },
    },
  },
  payments: {
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      provider: true,
      status: true,
      amountMinor: true,
      refundedMinor: true,
      currency: true,
      paymentMethodRef: true,
      createdAt: true,
      succeededAt: true,
      updatedAt: true,
    },
  },
  refunds: {
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      status: true,
      amountMinor: true,
      feeMinor: true,
      currency: true,
      reason: true,
      createdAt: true,
      succeededAt: true,
      updatedAt: true,
    },
  },
} satisfies Prisma.OrderSelect;
type OrderDetailRow = Prisma.OrderGetPayload<{ select: typeof orderDetailSelect }>;

/** Display names of saved cards by their provider reference (pm_…), for "Visa •••• 4242". */
async function cardLabels(deps: Pick<Deps, 'db'>, rows: OrderDetailRow[]): Promise<Map<string, string>> {
  const refs = rows.flatMap((o) => o.payments.map((p) => p.paymentMethodRef)).filter((r): r is string => !!r);
  if (refs.length === 0) return new Map();
  const cards = await deps.db.savedPaymentMethod.findMany({
    where: { providerRef: { in: refs } },
    select: { providerRef: true, brand: true, last4: true },
  });
  const brand = (b: string) => b.charAt(0).toUpperCase() + b.slice(1);
  return new Map(cards.map((c) => [c.providerRef, `${brand(c.brand)} •••• ${c.last4}`]));
}

function methodOf(p: OrderDetailRow['payments'][number], cards: Map<string, string>): string {
  if (p.provider === 'OFFLINE') return 'Test mode';
  return (p.paymentMethodRef && cards.get(p.paymentMethodRef)) || 'Card';
}

function toDetail(o: OrderDetailRow, cards: Map<string, string>, config: Pick<Config, 'publicUrl'>): TOrderDetail {
  const ev = o.lines.find((l) => l.ticketCategory)?.ticketCategory?.event ?? null;
  const paid = o.payments.filter((p) => p.status === 'SUCCEEDED').reduce((n, p) => n + p.amountMinor, 0);
  const refunded = o.refunds.filter((r) => r.status === 'SUCCEEDED').reduce((n, r) => n + r.amountMinor, 0);
  return {
    id: o.id,
    code: o.code,
    status: o.status,
    totalMinor: o.totalMinor,
    refundedMinor: o.refundedMinor,
    currency: o.currency,
    expiresAt: o.expiresAt,
    paidAt: o.paidAt,
    createdAt: o.createdAt,
    lines: o.lines.map(({ ticketCategory: _c, ...l }) => l),
    eventId: ev?.id ?? null,
    event: ev
      ? { id: ev.id, title: ev.title, startsAt: ev.startsAt, venueName: ev.venue.name, timeZone: ev.venue.timeZone }
      : null,
    payments: o.payments.map((p) => ({
      id: p.id,
      provider: p.provider,
      status: p.status,
      amountMinor: p.amountMinor,
      refundedMinor: p.refundedMinor,
      currency: p.currency,
      method: methodOf(p, cards),
      createdAt: p.createdAt,
      succeededAt: p.succeededAt ?? (p.status === 'SUCCEEDED' ? (o.paidAt ?? p.updatedAt) : null),
    })),
    refunds: o.refunds.map((r) => ({
      id: r.id,
      status: r.status,
      amountMinor: r.amountMinor,
      feeMinor: r.feeMinor,
      currency: r.currency,
      reason: r.reason,
      createdAt: r.createdAt,
      succeededAt: r.succeededAt ?? (r.status === 'SUCCEEDED' ? r.updatedAt : null),
    })),
    netPaidMinor: paid - refunded,
    receiptUrl: hasReceipt(o) ? receiptUrl(config, o.id) : null,
  };
}

async function loadOwnOrder(deps: Pick<Deps, 'db'>, actor: Actor, orderId: string) {
  const row = await deps.db.order.findUnique({ where: { id: orderId }, select: orderDetailSelect });
  return requireOwned('order', row, (o) => o.customerId, actor);
}

/**
 * `GET /api/v1/orders/{orderId}/`: the customer's order with its lines, payments (method shown
 * as "Visa •••• 4242" or "Test mode"), refunds, net paid and receipt link.
 * Errors: NOT_FOUND (unknown or another customer's order).
 */
export async function getOwnOrderDetail(deps: Deps, actor: Actor, orderId: string): Promise<TOrderDetail> {
  const order = await loadOwnOrder(deps, actor, orderId);
  return toDetail(order, await cardLabels(deps, [order]), deps.config);
}

/** `GET /api/v1/users/orders/`: the customer's orders, newest first, optionally by status. */
export async function listOwnOrders(
  deps: Deps,
  actor: Actor,
  f: { page: number; pageSize: number; status?: TOrderDetail['status'] },
) {
  const where: Prisma.OrderWhereInput = { customerId: actor.user.id, ...(f.status ? { status: f.status } : {}) };
  const [total, rows] = await Promise.all([
    deps.db.order.count({ where }),
    deps.db.order.findMany({
      where,
      select: orderDetailSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      ...pageWindow(f),
    }),
  ]);
  const cards = await cardLabels(deps, rows);
  return pageOf(
    rows.map((o) => toDetail(o, cards, deps.config)),
    total,
    f,
  );
}

const byNumber = new Intl.Collator('en', { numeric: true });

/**
 * The order's seated tickets (reserved seating, ADR 0019) for the receipt, in seat order: the
 * section's map order, then row and seat number compared naturally ("Row B · Seat 10" after
 * "Seat 9"). Empty for a general-admission order.
 */
async function receiptSeats(deps: Pick<Deps, 'db'>, orderId: string): Promise<NonNullable<ReceiptData['seats']>> {
  const rows = await deps.db.ticket.findMany({
    where: { orderId, seatId: { not: null } },
    select: {
      reference: true,
      status: true,
      ticketCategory: { select: { name: true } },
      seat: { select: { row: true, number: true, section: { select: { name: true, sortOrder: true } } } },
    },
  });
  return rows
    .filter((t) => t.seat)
    .sort(
      (a, b) =>
        a.seat!.section.sortOrder - b.seat!.section.sortOrder ||
        byNumber.compare(a.seat!.section.name, b.seat!.section.name) ||
        byNumber.compare(a.seat!.row, b.seat!.row) ||
        byNumber.compare(a.seat!.number, b.seat!.number),
    )
    .map((t) => ({
      reference: t.reference,
      category: t.ticketCategory.name,
      seat: seatLabel(t.seat!.section.name, t.seat!.row, t.seat!.number),
      status: t.status,
    }));
}

/**
 * The PDF receipt of the customer's paid order (`GET /api/v1/users/orders/:id/receipt/`): order
 * code, dates in UTC and the venue's zone, customer, lines, the seats of seated tickets (section ·
 * row · seat), payments with method, refunds with date and amount, net paid. Errors: NOT_FOUND (unknown or another customer's order),
 * INVALID_STATE (never paid).
 */
export async function ownOrderReceipt(deps: Deps, actor: Actor, orderId: string): Promise<TDocumentFile> {
  const order = await loadOwnOrder(deps, actor, orderId);
  if (!hasReceipt(order)) throw new AppError('INVALID_STATE', 'This order is not paid, so it has no receipt yet.');
  const d = toDetail(order, await cardLabels(deps, [order]), deps.config);
  const venue = order.lines.find((l) => l.ticketCategory)?.ticketCategory?.event.venue ?? null;
  const pdf = await receiptPdf({
    orderCode: d.code,
    issuedAt: deps.clock.now(),
    paidAt: d.paidAt,
    currency: d.currency,
    timeZone: venue?.timeZone ?? null,
    customer: {
      name: `${order.customer.firstName} ${order.customer.lastName}`.trim(),
      contact: order.customer.email ?? order.customer.mobile,
    },
    event: d.event
      ? { title: d.event.title, venue: `${d.event.venueName}, ${venue?.city ?? ''}`, startsAt: d.event.startsAt }
      : null,
    lines: d.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitMinor: l.unitPriceMinor,
      totalMinor: l.totalMinor,
    })),
    seats: await receiptSeats(deps, order.id),
    totalMinor: d.totalMinor,
    payments: d.payments
      .filter((p) => p.status === 'SUCCEEDED')
      .map((p) => ({ at: p.succeededAt ?? p.createdAt, method: p.method, amountMinor: p.amountMinor })),
    refunds: d.refunds
      .filter((r) => r.status === 'SUCCEEDED')
      .map((r) => ({ at: r.succeededAt ?? r.createdAt, reason: refundReason(r.reason), amountMinor: r.amountMinor })),
    netPaidMinor: d.netPaidMinor,
  });
  return { filename: `receipt-${d.code}.pdf`, contentType: 'application/pdf', base64: pdf.toString('base64') };
}

const REASONS: Record<string, string> = {
  REQUESTED_BY_CUSTOMER: 'Requested by you',
  EVENT_CANCELLED: 'Event cancelled',
  ADMIN: 'Refunded by Admit',
  DUPLICATE: 'Duplicate payment',
  FRAUDULENT: 'Fraudulent payment',
};
const refundReason = (r: string) => REASONS[r] ?? r.replace(/_/g, ' ').toLowerCase();
