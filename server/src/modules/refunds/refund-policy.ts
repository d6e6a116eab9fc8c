/**
 * An event's refund policy (seed 004 "cancellation policy and refund processing"; issue 4): may
 * customers ask for refunds (`refundsAllowed`), until when (`refundCutoffHours` before the start),
 * and what is kept per refunded ticket (`refundFeeMinor`). The quote applies it to some tickets;
 * organizers read and change the policy of their own events.
 */
import type { TRefundPolicy, TRefundQuote, TUpdateRefundPolicyInput } from '@admit/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { formatMoney } from '../notifications/templates.ts';
import { LATE_PAYMENT_REASON } from '../payments/settle.ts';
import { type AuditMeta, auditActor, requireEventInScope, type StaffScope, staffScope } from './scope.ts';

const HOUR_MS = 3_600_000;

/** "2026-05-01 18:00 UTC" */
export const utcText = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Last instant (UTC) customers may ask for a refund: startsAt − cutoff hours. */
export const refundDeadline = (startsAt: Date, cutoffHours: number) =>
  new Date(startsAt.getTime() - cutoffHours * HOUR_MS);

/**
 * What refunding these tickets would return under the event's policy, or why the customer may
 * not ask (`allowed: false` with a human `refusal`). Every ticket must be held by the customer
 * and bought by them on one order. Refused when: the order is not paid, the event is cancelled
 * (cancellation refunds are automatic), refunds are off, the deadline (start − cutoff) has
 * passed, a ticket is not valid, was already used at the gate or is being refunded, or the money
 * was already returned. Fee = policy fee per ticket, never more than the ticket's price.
 * Errors: NOT_FOUND (unknown ticket or someone else's), VALIDATION_FAILED (tickets of several orders).
 */
export async function quoteRefund(deps: Deps, actor: Actor, input: { ticketIds: string[] }): Promise<TRefundQuote> {
  const ids = [...new Set(input.ticketIds)];
  if (ids.length === 0) throw new AppError('VALIDATION_FAILED', 'Name at least one ticket.', { ticketIds: ['Empty'] });
  const tickets = await deps.db.ticket.findMany({
    where: { id: { in: ids }, holderId: actor.user.id, order: { customerId: actor.user.id } },
    select: {
      id: true,
      reference: true,
      status: true,
      checkedInAt: true,
      orderId: true,
      refund: { select: { status: true } },
      orderLine: { select: { unitPriceMinor: true } },
      order: {
        select: {
          code: true,
          status: true,
          currency: true,
          payments: {
            where: { status: 'SUCCEEDED', refunds: { none: { reason: LATE_PAYMENT_REASON } } },
            select: { amountMinor: true, refundedMinor: true },
          },
        },
      },
      event: {
        select: {
          id: true,
          status: true,
          startsAt: true,
          refundsAllowed: true,
          refundCutoffHours: true,
          refundFeeMinor: true,
        },
      },
    },
    orderBy: { reference: 'asc' },
  });
  if (tickets.length !== ids.length) throw new AppError('NOT_FOUND', 'No such ticket.');
  const first = tickets[0]!;
  if (tickets.some((t) => t.orderId !== first.orderId)) {
    throw new AppError('VALIDATION_FAILED', 'Ask for tickets of one order at a time.', {
      ticketIds: ['Tickets of one order only'],
    });
  }
  const { event, order } = first;
  const deadline = refundDeadline(event.startsAt, event.refundCutoffHours);
  const gross = tickets.reduce((s, t) => s + t.orderLine.unitPriceMinor, 0);
  const fee = tickets.reduce((s, t) => s + Math.min(event.refundFeeMinor, t.orderLine.unitPriceMinor), 0);
  const amount = gross - fee;
  const refundable = order.payments.reduce((s, p) => s + p.amountMinor - p.refundedMinor, 0);

  const refusal = (() => {
    if (event.status === 'CANCELLED') return 'This event was cancelled: every paid order is refunded automatically.';
    if (order.status !== 'PAID') return `This order is ${order.status.toLowerCase()}; there is nothing to refund.`;
    if (!event.refundsAllowed) return 'The organizer does not offer refunds for this event.';
    if (deps.clock.now() >= deadline) {
      return `Refunds for this event closed at ${utcText(deadline)} (${event.refundCutoffHours} hours before it starts).`;
    }
    for (const t of tickets) {
      if (t.status !== 'VALID') return `Ticket ${t.reference} is ${t.status.toLowerCase()}.`;
      if (t.checkedInAt) return `Ticket ${t.reference} was already used at the gate.`;
      if (t.refund?.status === 'PENDING') return `Ticket ${t.reference} is already being refunded.`;
    }
    if (amount > refundable) {
      return `Only ${formatMoney(Math.max(0, refundable), order.currency)} of this order can still be refunded; contact support.`;
    }
    return null;
  })();
  return {
    allowed: refusal === null,
    refusal,
    orderId: first.orderId,
    orderCode: order.code,
    eventId: event.id,
    ticketIds: tickets.map((t) => t.id),
    grossMinor: gross,
    feeMinor: fee,
    amountMinor: amount,
    currency: order.currency,
    deadline,
  };
}

async function loadPolicy(deps: Deps, scope: StaffScope, eventId: string) {
  const event = requireEventInScope(
    scope,
    await deps.db.event.findUnique({
      where: { id: eventId },
      select: {
        id: true,
        organizerId: true,
        startsAt: true,
        refundsAllowed: true,
        refundCutoffHours: true,
        refundFeeMinor: true,
        ticketCategories: { select: { priceMinor: true, currency: true }, orderBy: { priceMinor: 'asc' }, take: 1 },
      },
    }),
  );
  const cheapest = event.ticketCategories[0];
  return {
    event,
    policy: {
      eventId: event.id,
      refundsAllowed: event.refundsAllowed,
      refundCutoffHours: event.refundCutoffHours,
      refundFeeMinor: event.refundFeeMinor,
      currency: cheapest?.currency ?? 'EGP',
      startsAt: event.startsAt,
      deadline: refundDeadline(event.startsAt, event.refundCutoffHours),
      maxFeeMinor: cheapest?.priceMinor ?? 0,
    } satisfies TRefundPolicy,
  };
}

/** `GET /api/organizer/events/{id}/refund-policy/`. Errors: NOT_FOUND (unknown or another organizer's event). */
export async function getRefundPolicy(deps: Deps, actor: Actor, eventId: string): Promise<TRefundPolicy> {
  return (await loadPolicy(deps, staffScope(actor), eventId)).policy;
}

/**
 * `PUT /api/organizer/events/{id}/refund-policy/`: refunds on/off, cutoff 0..720 hours, fee per
 * ticket between 0 and the cheapest ticket's price (minor units). Audited
 * (`event.refund_policy_updated`). Errors: NOT_FOUND, VALIDATION_FAILED (fee above the cheapest
 * ticket), INVALID_STATE (cancelled event).
 */
export async function updateRefundPolicy(
  deps: Deps,
  actor: Actor,
  input: TUpdateRefundPolicyInput,
  meta?: AuditMeta,
): Promise<TRefundPolicy> {
  const scope = staffScope(actor);
  const { policy: before } = await loadPolicy(deps, scope, input.id);
  if (input.refundFeeMinor > before.maxFeeMinor) {
    throw new AppError(
      'VALIDATION_FAILED',
      `The refund fee cannot exceed the cheapest ticket (${formatMoney(before.maxFeeMinor, before.currency)}).`,
      { refundFeeMinor: [`At most ${before.maxFeeMinor}`] },
    );
  }
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.event.updateMany({
      where: { id: input.id, status: { not: 'CANCELLED' } },
      data: {
        refundsAllowed: input.refundsAllowed,
        refundCutoffHours: input.refundCutoffHours,
        refundFeeMinor: input.refundFeeMinor,
      },
    });
    if (count === 0)
      throw new AppError('INVALID_STATE', 'This event is cancelled; its refund policy no longer applies.');
    await recordAudit(tx, {
      action: 'event.refund_policy_updated',
      actor: auditActor(actor),
      target: { type: 'Event', id: input.id },
      before: {
        refundsAllowed: before.refundsAllowed,
        refundCutoffHours: before.refundCutoffHours,
        refundFeeMinor: before.refundFeeMinor,
      },
      after: {
        refundsAllowed: input.refundsAllowed,
        refundCutoffHours: input.refundCutoffHours,
        refundFeeMinor: input.refundFeeMinor,
      },
      meta,
    });
  });
  return (await loadPolicy(deps, scope, input.id)).policy;
}
