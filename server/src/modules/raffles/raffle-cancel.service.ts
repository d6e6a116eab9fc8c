/**
 * Cancelling a raffle (issue 8 contract "Cancel"; mirrors events/event-cancel.service.ts).
 *
 *   1. `cancelRaffle`: DRAFT|OPEN|CLOSED|COMMITTED → CANCELLED (conditional UPDATE under the
 *      raffle row lock, so a payment being fulfilled either finished before — its order is seen
 *      as PAID below — or sees CANCELLED and queues its own refund), audited, and a durable
 *      `raffles.cancel` job; the job's work then runs inline.
 *   2. `processRaffleCancellation` (job `raffles.cancel`): CANCELLED → REFUNDING in one
 *      transaction that cancels the unpaid holds (entries released), queues one
 *      `raffles.refund-order` job per PAID order (dedupe key `raffle-cancel:<raffleId>:<orderId>`)
 *      and notifies every participant (`raffle.cancelled`). Runs once in effect: a second run finds
 *      the raffle already REFUNDING and only re-checks completion.
 *   3. `refundRaffleOrder` (job `raffles.refund-order`): createRefund of all that is still
 *      refundable on the order, reason RAFFLE_CANCELLED, Refund key = the job key, so a job run
 *      twice finds the first refund and never refunds twice. When the refund succeeds, the
 *      refunds engine calls `applyRaffleRefundInTx`: entries → REFUNDED, line refunded, entries
 *      given back, ledger Dr raffle proceeds / Cr clearing.
 *   4. When no paid order of the raffle is left unrefunded (and no hold pending): REFUNDING →
 *      REFUNDED and the free entries → REFUNDED (`finishIfRefunded`, under the raffle row lock).
 */
import type { TRaffleCancelResult } from '@admit/shared';
import type { AppDeps, Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { enqueue } from '../../jobs/queue.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notify } from '../notifications/notification.service.ts';
import type { Tx } from '../orders/capacity.ts';
import { releaseOrder } from '../orders/orders.service.ts';
import {
  createRefundIn,
  isUniqueViolation,
  lockSalePayment,
  pushRealtime,
  submitInline,
} from '../refunds/refunds.service.ts';
import { type AuditMeta, auditActor } from '../refunds/scope.ts';
import { lockRaffle, RAFFLE_REFUND_ORDER_JOB, raffleCancelKey, releaseEntries } from './raffle-checkout.ts';
import { rafflePredecessors } from './raffle-state.ts';

/** `{ raffleId }`: the cancellation sweep (step 2). */
export const RAFFLE_CANCEL_JOB = 'raffles.cancel';

type AnyDeps = AppDeps | Deps;

/**
 * `POST /api/raffles/{id}/cancel/` (admins, raffles.write). Errors: NOT_FOUND; INVALID_STATE
 * (drawn, fulfilled or already cancelled). Returns the counts of the sweep that ran inline.
 */
export async function cancelRaffle(
  deps: Deps,
  actor: Actor,
  input: { id: string; reason: string },
  meta?: AuditMeta,
): Promise<TRaffleCancelResult> {
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const status = await lockRaffle(tx, input.id);
    if (status === null) throw new AppError('NOT_FOUND', 'No such raffle.');
    const { count } = await tx.raffle.updateMany({
      where: { id: input.id, status: { in: rafflePredecessors('CANCELLED') } },
      data: { status: 'CANCELLED', cancelledAt: now, cancelReason: input.reason },
    });
    if (count === 0) {
      throw new AppError('INVALID_STATE', `A raffle that is ${status.toLowerCase()} cannot be cancelled.`);
    }
    await enqueue(tx, RAFFLE_CANCEL_JOB, { raffleId: input.id }, { key: `raffle-cancel-sweep:${input.id}` });
    await recordAudit(tx, {
      action: 'raffle.cancelled',
      actor: auditActor(actor),
      target: { type: 'Raffle', id: input.id },
      before: { status },
      after: { status: 'CANCELLED', reason: input.reason },
      meta,
    });
  });
  const swept = await processRaffleCancellation(deps, input.id);
  const after = await deps.db.raffle.findUniqueOrThrow({ where: { id: input.id }, select: { status: true } });
  deps.realtime.push({
    room: `raffle:${input.id}`,
    event: 'raffle.entries',
    payload: { raffleId: input.id, entriesLeft: 0, at: now.toISOString() },
  });
  return { raffleId: input.id, status: after.status, ...swept };
}

/**
 * Step 2 (see the file comment). Returns the paid orders queued for a refund and the holds
 * cancelled by THIS run (0/0 when another run did it).
 */
export async function processRaffleCancellation(
  deps: AnyDeps,
  raffleId: string,
): Promise<{ paidOrders: number; pendingOrdersCancelled: number }> {
  const now = deps.clock.now();
  const out = await deps.db.$transaction(async (tx) => {
    const none = { paidOrders: 0, pendingOrdersCancelled: 0, realtime: [] as RealtimeMessage[] };
    await lockRaffle(tx, raffleId);
    const { count } = await tx.raffle.updateMany({
      where: { id: raffleId, status: 'CANCELLED' },
      data: { status: 'REFUNDING' },
    });
    if (count === 0) return none;
    const raffle = await tx.raffle.findUniqueOrThrow({
      where: { id: raffleId },
      select: { title: true, cancelReason: true },
    });
    const ofRaffle = { lines: { some: { raffleId } } };
    const pending = await tx.order.findMany({ where: { status: 'PENDING', ...ofRaffle }, select: { id: true } });
    let pendingOrdersCancelled = 0;
    for (const o of pending) if (await releaseOrder(tx, o.id, 'CANCELLED', now)) pendingOrdersCancelled++;
    const paid = await tx.order.findMany({ where: { status: 'PAID', ...ofRaffle }, select: { id: true } });
    for (const o of paid) {
      const key = raffleCancelKey(raffleId, o.id);
      await enqueue(tx, RAFFLE_REFUND_ORDER_JOB, { raffleId, orderId: o.id, key, reason: 'RAFFLE_CANCELLED' }, { key });
    }
    const participants = await tx.raffleParticipant.findMany({ where: { raffleId }, select: { userId: true } });
    const entrants = await tx.raffleEntry.findMany({
      where: { raffleId },
      distinct: ['userId'],
      select: { userId: true },
    });
    const users = new Set([...participants, ...entrants].map((p) => p.userId));
    const realtime: RealtimeMessage[] = [];
    for (const userId of users) {
      const sent = await notify(deps, tx, {
        userId,
        kind: 'raffle.cancelled',
        vars: {
          raffleTitle: raffle.title,
          reason: raffle.cancelReason ?? 'cancelled by the organiser',
          refundNote: 'Every paid entry is refunded in full to the card that paid for it; free entries are void.',
        },
      });
      realtime.push(...sent.realtime);
    }
    await finishIfRefunded(tx, raffleId);
    return { paidOrders: paid.length, pendingOrdersCancelled, realtime };
  });
  pushRealtime(deps, out.realtime);
  return { paidOrders: out.paidOrders, pendingOrdersCancelled: out.pendingOrdersCancelled };
}

/** `raffles.cancel` job handler: payload `{ raffleId }`. */
export async function raffleCancelJob(deps: AppDeps, payload: unknown): Promise<void> {
  const raffleId = (payload as { raffleId?: unknown } | null)?.raffleId;
  if (typeof raffleId !== 'string') throw new Error('raffles.cancel: payload.raffleId missing');
  await processRaffleCancellation(deps, raffleId);
}

/**
 * REFUNDING → REFUNDED once no order of the raffle is PENDING and every PAID/REFUNDED order's
 * raffle lines are fully refunded; the remaining VALID (free) entries become REFUNDED. The caller
 * holds the raffle row lock (so two finishing refunds serialise and the second sees the first).
 */
export async function finishIfRefunded(tx: Tx, raffleId: string): Promise<boolean> {
  const [open] = await tx.$queryRaw<{ n: number }[]>`
    SELECT COUNT(*)::int AS n FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
    WHERE l."raffleId" = ${raffleId}::uuid
      AND (o."status" = 'PENDING' OR (o."status" = 'PAID' AND l."refundedQuantity" < l."quantity"))`;
  if ((open?.n ?? 0) > 0) return false;
  const { count } = await tx.raffle.updateMany({
    where: { id: raffleId, status: 'REFUNDING' },
    data: { status: 'REFUNDED' },
  });
  if (count === 0) return false;
  await tx.raffleEntry.updateMany({ where: { raffleId, status: 'VALID' }, data: { status: 'REFUNDED' } });
  return true;
}

/**
 * Called by the refunds engine (refunds.service `applySucceeded`) inside the transaction that
 * applies a SUCCEEDED refund of an order with RAFFLE_ENTRY lines. When the refund is a raffle
 * cancellation (or the order is now refunded in full), every raffle line is refunded: its VALID
 * entries → REFUNDED, `refundedQuantity` = quantity, the entries given back to the raffle and the
 * customer's allowance, and a REFUNDING raffle finished if this was the last order. Returns the
 * raffle the ledger charges the refund to (its proceeds account), or null for an order without
 * raffle lines.
 */
export async function applyRaffleRefundInTx(
  tx: Tx,
  refund: { orderId: string; reason: string },
): Promise<{ raffleId: string } | null> {
  const lines = await tx.orderLine.findMany({
    where: { orderId: refund.orderId, kind: 'RAFFLE_ENTRY' },
    select: {
      id: true,
      raffleId: true,
      quantity: true,
      refundedQuantity: true,
      order: { select: { customerId: true } },
    },
    orderBy: { id: 'asc' },
  });
  const first = lines[0]?.raffleId;
  if (!first) return null;
  const order = await tx.order.findUniqueOrThrow({
    where: { id: refund.orderId },
    select: { totalMinor: true, refundedMinor: true },
  });
  const whole = refund.reason === 'RAFFLE_CANCELLED' || order.refundedMinor >= order.totalMinor;
  if (!whole) return { raffleId: first };
  for (const l of lines) {
    if (!l.raffleId) continue;
    await lockRaffle(tx, l.raffleId);
    await tx.raffleEntry.updateMany({ where: { orderLineId: l.id, status: 'VALID' }, data: { status: 'REFUNDED' } });
    const units = l.quantity - l.refundedQuantity;
    if (units <= 0) continue;
    const moved = await tx.orderLine.updateMany({
      where: { id: l.id, refundedQuantity: l.refundedQuantity },
      data: { refundedQuantity: l.quantity },
    });
    if (moved.count === 1) await releaseEntries(tx, l.raffleId, l.order.customerId, units);
    await finishIfRefunded(tx, l.raffleId);
  }
  return { raffleId: first };
}

/**
 * Step 3, the `raffles.refund-order` job: refunds one paid order of the raffle in full under the
 * Refund key `payload.key` (idempotent), then submits it. An order with no money left behind it
 * (free raffle, or refunded by amount already) has its entries refunded without a Refund.
 * Returns the refund id or null.
 */
export async function refundRaffleOrder(
  deps: AnyDeps,
  payload: { raffleId: string; orderId: string; key: string; reason: 'RAFFLE_CANCELLED' | 'ADMIN' },
): Promise<string | null> {
  const run = () =>
    deps.db.$transaction(async (tx) => {
      const payment = await lockSalePayment(tx, payload.orderId);
      const existing = await tx.refund.findUnique({ where: { key: payload.key }, select: { id: true } });
      if (existing) return existing.id;
      const order = await tx.order.findUnique({ where: { id: payload.orderId }, select: { id: true, status: true } });
      if (order?.status !== 'PAID') return null;
      const inFlight = payment
        ? await tx.refund.aggregate({
            where: { paymentId: payment.id, status: 'PENDING' },
            _sum: { amountMinor: true },
          })
        : null;
      const left = (payment?.leftMinor ?? 0) - (inFlight?._sum.amountMinor ?? 0);
      if (left > 0) {
        const made = await createRefundIn(tx, deps, {
          orderId: order.id,
          reason: payload.reason,
          note:
            payload.reason === 'RAFFLE_CANCELLED'
              ? 'Raffle cancelled: every entry refunded.'
              : 'Entries paid after the raffle’s sales closed cannot take part in the draw.',
          key: payload.key,
          applyFee: false,
        });
        return made.refundId;
      }
      // nothing left to pay back: the entries go all the same
      await applyRaffleRefundInTx(tx, { orderId: order.id, reason: 'RAFFLE_CANCELLED' });
      return null;
    });
  let refundId: string | null;
  try {
    refundId = await run();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    refundId = await run();
  }
  if (refundId) await submitInline(deps, refundId);
  return refundId;
}

/** `raffles.refund-order` job handler. */
export async function raffleRefundOrderJob(deps: AppDeps, payload: unknown): Promise<void> {
  const p = payload as { raffleId?: unknown; orderId?: unknown; key?: unknown; reason?: unknown } | null;
  if (typeof p?.raffleId !== 'string' || typeof p.orderId !== 'string' || typeof p.key !== 'string') {
    throw new Error('raffles.refund-order: payload needs raffleId, orderId and key');
  }
  await refundRaffleOrder(deps, {
    raffleId: p.raffleId,
    orderId: p.orderId,
    key: p.key,
    reason: p.reason === 'ADMIN' ? 'ADMIN' : 'RAFFLE_CANCELLED',
  });
}
