/**
 * Cancelling an event (issue 4 "Refunds"; seed 004 "cancellation policy and refund processing";
 * ADR 0012). One transaction decides; durable jobs carry out the refunds:
 *
 *   1. the event becomes CANCELLED (conditional UPDATE from PUBLISHED/DRAFT: cancelling twice
 *      answers INVALID_STATE and changes nothing);
 *   2. unpaid holds (PENDING orders) are CANCELLED and their tickets return to the quota;
 *   3. one `refunds.event-cancel-order` job per PAID order, dedupe key
 *      `event-cancel:<eventId>:<orderId>`.
 *
 * Each job (`refundCancelledOrder`) refunds all that is still refundable on the order, every
 * remaining ticket included, with no fee, under the Refund key `event-cancel:<eventId>:<orderId>`:
 * a job that runs twice (retry, lease expiry) finds that refund and never refunds twice. Tickets
 * become REFUNDED with their secrets revoked (reason EVENT_CANCELLED); tickets with no money left
 * behind them (already refunded by amount) are VOIDED and revoked. A pending refund request of
 * the order is settled by the same refund. The customer gets `event.cancelled`.
 */
import type { TCancelEventResult } from '@admit/shared';
import type { AppDeps, Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { enqueue } from '../../jobs/queue.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notify } from '../notifications/notification.service.ts';
import { releaseCapacity } from '../orders/capacity.ts';
import {
  createRefundIn,
  isUniqueViolation,
  lockSalePayment,
  pushRealtime,
  REFUND_JOBS,
  secretHash,
  submitInline,
} from '../refunds/refunds.service.ts';
import { type AuditMeta, auditActor, requireEventInScope, staffScope } from '../refunds/scope.ts';
import { invalidateCatalogue } from './catalogue-cache.ts';

export const eventCancelKey = (eventId: string, orderId: string) => `event-cancel:${eventId}:${orderId}`;

/**
 * `POST /api/events/{id}/cancel/` (admins, money.write) and `/api/organizer/events/{id}/cancel/`
 * (the event's own organizer). Returns how many paid orders were queued for a refund and how
 * many holds were cancelled. Errors: NOT_FOUND (unknown or another organizer's event),
 * INVALID_STATE (already cancelled).
 */
export async function cancelEvent(
  deps: Deps,
  actor: Actor,
  input: { eventId: string; reason: string },
  meta?: AuditMeta,
): Promise<TCancelEventResult> {
  const scope = staffScope(actor);
  const now = deps.clock.now();
  const event = requireEventInScope(
    scope,
    await deps.db.event.findUnique({
      where: { id: input.eventId },
      select: { id: true, organizerId: true, status: true, title: true },
    }),
  );
  const result = await deps.db.$transaction(async (tx) => {
    const moved = await tx.event.updateMany({
      where: { id: event.id, status: { in: ['PUBLISHED', 'DRAFT'] } },
      data: { status: 'CANCELLED', cancelledAt: now },
    });
    if (moved.count === 0) throw new AppError('INVALID_STATE', 'This event is already cancelled.');

    const ofEvent = { lines: { some: { ticketCategory: { eventId: event.id } } } };
    // unpaid holds: cancelled, tickets back to the quota, unconfirmed payments dropped
    const pending = await tx.order.findMany({
      where: { status: 'PENDING', ...ofEvent },
      select: { id: true, customerId: true, lines: { select: { ticketCategoryId: true, quantity: true } } },
    });
    let pendingCancelled = 0;
    const realtime: RealtimeMessage[] = [];
    for (const o of pending) {
      const { count } = await tx.order.updateMany({
        where: { id: o.id, status: 'PENDING' },
        data: { status: 'CANCELLED', cancelledAt: now },
      });
      if (count === 0) continue;
      pendingCancelled++;
      for (const l of o.lines) if (l.ticketCategoryId) await releaseCapacity(tx, l.ticketCategoryId, l.quantity);
      await tx.payment.updateMany({
        where: { orderId: o.id, status: 'REQUIRES_CONFIRMATION' },
        data: { status: 'CANCELED' },
      });
      const sent = await notify(deps, tx, {
        userId: o.customerId,
        kind: 'event.cancelled',
        vars: { eventTitle: event.title, refundNote: 'Your unpaid booking was cancelled; nothing was charged.' },
      });
      realtime.push(...sent.realtime);
    }

    // paid orders: one durable refund job each
    const paid = await tx.order.findMany({ where: { status: 'PAID', ...ofEvent }, select: { id: true } });
    for (const o of paid) {
      await enqueue(
        tx,
        REFUND_JOBS.eventCancelOrder,
        { eventId: event.id, orderId: o.id },
        { key: eventCancelKey(event.id, o.id) },
      );
    }
    await recordAudit(tx, {
      action: 'event.cancelled',
      actor: auditActor(actor),
      target: { type: 'Event', id: event.id },
      before: { status: event.status },
      after: { status: 'CANCELLED', reason: input.reason, paidOrders: paid.length, pendingCancelled },
      meta,
    });
    return { paidOrders: paid.length, pendingCancelled, realtime };
  });
  pushRealtime(deps, result.realtime);
  // titles/status in the public catalogue changed
  invalidateCatalogue();
  return {
    eventId: event.id,
    status: 'CANCELLED',
    cancelledAt: now,
    paidOrders: result.paidOrders,
    pendingOrdersCancelled: result.pendingCancelled,
  };
}

/**
 * The `refunds.event-cancel-order` job: refunds one paid order of a cancelled event in full
 * (see the file comment). Idempotent: the Refund key `event-cancel:<eventId>:<orderId>` makes a
 * second run find the first run's refund (and only re-submit it if still unsent). Returns the
 * refund id, or null when no money was left (tickets voided instead) or nothing was to do.
 */
export async function refundCancelledOrder(
  deps: AppDeps | Deps,
  payload: { eventId: string; orderId: string },
): Promise<string | null> {
  const key = eventCancelKey(payload.eventId, payload.orderId);
  const now = deps.clock.now();
  const run = () =>
    deps.db.$transaction(async (tx) => {
      const event = await tx.event.findUnique({
        where: { id: payload.eventId },
        select: { id: true, title: true, status: true },
      });
      const nothing = { refundId: null, created: false, realtime: [] };
      if (event?.status !== 'CANCELLED') return nothing;
      // the payment row lock serialises concurrent runs for one order; the key is read after it
      const payment = await lockSalePayment(tx, payload.orderId);
      const existing = await tx.refund.findUnique({ where: { key }, select: { id: true } });
      if (existing) return { refundId: existing.id, created: false, realtime: [] };
      const order = await tx.order.findUnique({
        where: { id: payload.orderId },
        select: { id: true, status: true, customerId: true },
      });
      if (order?.status !== 'PAID') return nothing;

      const inFlight = payment
        ? await tx.refund.aggregate({
            where: { paymentId: payment.id, status: 'PENDING' },
            _sum: { amountMinor: true },
          })
        : null;
      const left = (payment?.leftMinor ?? 0) - (inFlight?._sum.amountMinor ?? 0);
      let refundId: string | null = null;
      if (left > 0) {
        ({ refundId } = await createRefundIn(tx, deps, {
          orderId: order.id,
          reason: 'EVENT_CANCELLED',
          note: `Event cancelled: ${event.title}`,
          key,
          applyFee: false,
        }));
      } else {
        // no money behind them: void and revoke what is still valid
        // (UPDATE … RETURNING: a concurrent run voids each ticket once and frees its seat once)
        const tickets = await tx.ticket.updateManyAndReturn({
          where: {
            orderId: order.id,
            status: 'VALID',
            OR: [{ refundId: null }, { refund: { status: { not: 'PENDING' } } }],
          },
          data: { status: 'VOID', inside: false },
          select: { id: true, secret: true, eventId: true, ticketCategoryId: true },
        });
        if (tickets.length === 0) return nothing;
        await tx.ticketRevocation.createMany({
          data: tickets.map((t) => ({
            eventId: t.eventId,
            ticketId: t.id,
            secretHash: secretHash(t.secret),
            reason: 'EVENT_CANCELLED',
            revokedAt: now,
          })),
          skipDuplicates: true,
        });
        for (const t of tickets) await releaseCapacity(tx, t.ticketCategoryId, 1);
      }
      // a pending refund request of this order is settled by this refund
      await tx.refundRequest.updateMany({
        where: { orderId: order.id, status: 'PENDING' },
        data: {
          status: 'APPROVED',
          decidedAt: now,
          decisionNote: 'The event was cancelled: the whole order is refunded.',
          refundId,
        },
      });
      const sent = await notify(deps, tx, {
        userId: order.customerId,
        kind: 'event.cancelled',
        vars: {
          eventTitle: event.title,
          refundNote: refundId ? 'Your payment is being refunded in full.' : 'Your tickets are no longer valid.',
        },
      });
      return { refundId, created: true, realtime: sent.realtime };
    });

  let outcome: Awaited<ReturnType<typeof run>>;
  try {
    outcome = await run();
  } catch (err) {
    // a concurrent run created the refund first
    if (!isUniqueViolation(err)) throw err;
    outcome = await run();
  }
  pushRealtime(deps, outcome.realtime);
  if (outcome.refundId) await submitInline(deps, outcome.refundId);
  return outcome.refundId;
}

/** Job handler wrapper: validates the payload. */
export async function eventCancelOrderJob(deps: AppDeps, payload: unknown): Promise<void> {
  const p = payload as { eventId?: unknown; orderId?: unknown };
  if (typeof p?.eventId !== 'string' || typeof p.orderId !== 'string') {
    throw new Error('refunds.event-cancel-order: payload needs eventId and orderId');
  }
  await refundCancelledOrder(deps, { eventId: p.eventId, orderId: p.orderId });
}
