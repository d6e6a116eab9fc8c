/**
 * Settling payments: the single path every provider outcome goes through, whoever noticed it
 * (the customer's `confirm`, the Stripe webhook, reconciliation, an off-session charge). ADR 0011.
 *
 * Each function works inside a transaction by conditional UPDATEs, so two of them racing (a
 * webhook and a confirm, two reconciliation runs, a replayed event) apply an outcome once:
 *
 *   settle       payment → SUCCEEDED (from any other state: money that arrived is never ignored);
 *                order PENDING → PAID with its fee, every line fulfilled (checkout/kinds.ts), ledger
 *                PAYMENT `payment:<paymentId>`: Dr clearing(total), Cr each line's payable
 *                (line − fee), Cr fee revenue(Σ fees); the customer notified.
 *                LATE (the order is no longer PENDING): ledger PAYMENT Dr clearing / Cr refunds due,
 *                a Refund (reason LATE_PAYMENT, key `late:<paymentId>`) and a job that refunds it at
 *                the provider (`refundLatePayment`).
 *   fail         REQUIRES_CONFIRMATION (or FAILED) → FAILED with the decline message; never a
 *                SUCCEEDED or CANCELED payment.
 *   cancel       REQUIRES_CONFIRMATION/FAILED → CANCELED.
 *
 * Amounts are integer minor units; instants come from `deps.clock` (UTC).
 */
import type { Deps } from '../../deps.ts';
import { enqueue } from '../../jobs/queue.ts';
import { countOrders } from '../../ops/metrics.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import { checkoutKind, lineFeeMinor } from '../checkout/kinds.ts';
import { accounts, type Posting, post } from '../ledger/ledger.ts';
import { type NotifyDeps, notify } from '../notifications/notification.service.ts';
import type { Tx } from '../orders/capacity.ts';
import { saleRecordedMessages } from '../organizer/live-sales.ts';
import { takeSeatMessages } from '../seating/seat-events.ts';
import { offlineProvider, paymentProvider } from './provider.ts';

/** Job that refunds a late payment at the provider (payload `{ refundId }`, key `late-refund:<refundId>`). */
export const LATE_REFUND_JOB = 'payments.refund-late';
export const LATE_PAYMENT_REASON = 'LATE_PAYMENT';

type SettleDeps = NotifyDeps & Pick<Deps, 'clock' | 'log'>;

/**
 * Interactive-transaction limits for settling: the money has already moved at the provider, so
 * in a rush (every sale posting to the same ledger accounts) a settle waits for a connection and
 * for those rows rather than failing after Prisma's defaults (2 s to start, 5 s to finish).
 */
export const SETTLE_TX = { maxWait: 15_000, timeout: 30_000 } as const;

export interface SettleResult {
  /** settled: order PAID now; already: nothing to do; late: refund started; unknown: no such payment */
  outcome: 'settled' | 'already' | 'late' | 'unknown';
  paymentId: string | null;
  orderId: string | null;
  /** push after commit */
  realtime: RealtimeMessage[];
  /** the late payment's refund, to send to the provider after commit */
  lateRefundId: string | null;
}

const NOTHING = (outcome: 'already' | 'unknown', paymentId: string | null = null, orderId: string | null = null) =>
  ({ outcome, paymentId, orderId, realtime: [], lateRefundId: null }) satisfies SettleResult;

/**
 * Settles the payment with `providerRef` inside `tx` (see the file comment). The caller commits,
 * then calls `afterSettle`. `paymentMethodRef` is recorded when the provider told it.
 */
export async function settleInTx(
  deps: SettleDeps,
  tx: Tx,
  providerRef: string,
  info: { paymentMethodRef?: string | null } = {},
): Promise<SettleResult> {
  const now = deps.clock.now();
  const payment = await tx.payment.findUnique({
    where: { providerRef },
    select: { id: true, orderId: true, amountMinor: true, currency: true },
  });
  if (!payment) return NOTHING('unknown');
  // lock order → payment, the order the hold expiry takes them in (orders.service releaseOrder),
  // so a settle racing an expiry waits instead of deadlocking
  await tx.$queryRaw`SELECT "id" FROM "Order" WHERE "id" = ${payment.orderId}::uuid FOR UPDATE`;
  // the claim: one transaction moves the payment to SUCCEEDED; the others see 0 rows (the row
  // lock makes a concurrent one wait, then re-check the condition)
  const claimed = await tx.payment.updateMany({
    where: { id: payment.id, status: { not: 'SUCCEEDED' } },
    data: {
      status: 'SUCCEEDED',
      succeededAt: now,
      failureReason: null,
      ...(info.paymentMethodRef ? { paymentMethodRef: info.paymentMethodRef } : {}),
    },
  });
  if (claimed.count === 0) return NOTHING('already', payment.id, payment.orderId);

  const order = await tx.order.findUniqueOrThrow({
    where: { id: payment.orderId },
    select: {
      id: true,
      code: true,
      status: true,
      customerId: true,
      totalMinor: true,
      currency: true,
      customer: { select: { firstName: true, lastName: true } },
      lines: {
        select: {
          id: true,
          kind: true,
          description: true,
          quantity: true,
          totalMinor: true,
          ticketCategoryId: true,
          raffleId: true,
        },
        orderBy: { id: 'asc' },
      },
    },
  });
  const matches = payment.amountMinor === order.totalMinor && payment.currency === order.currency;
  if (order.status !== 'PENDING' || !matches) return latePayment(deps, tx, payment, order, now);

  const priced = [];
  for (const line of order.lines) {
    const kind = checkoutKind(line.kind);
    const fee = lineFeeMinor(line.totalMinor, await kind.feeBps(tx, line));
    priced.push({ line, kind, fee, payable: await kind.payableAccount(tx, line, order.currency) });
  }
  const feeMinor = priced.reduce((s, p) => s + p.fee, 0);
  // the hold may have lapsed without the sweep having run: the inventory is still held, the money
  // arrived — the order is paid. Only an order already EXPIRED/CANCELLED takes the late path.
  const moved = await tx.order.updateMany({
    where: { id: order.id, status: 'PENDING' },
    data: { status: 'PAID', paidAt: now, feeMinor },
  });
  if (moved.count === 0) return latePayment(deps, tx, payment, { ...order, status: 'EXPIRED' }, now);

  const holder = {
    id: order.id,
    code: order.code,
    customerId: order.customerId,
    holderName: `${order.customer.firstName} ${order.customer.lastName}`.trim(),
  };
  let issued = 0;
  for (const p of priced) issued += await p.kind.fulfil(tx, holder, p.line);

  // inbox entry, e-mail (and SMS/WhatsApp when opted in) committed with the payment
  const sent = await notify(deps, tx, {
    userId: order.customerId,
    kind: 'order.paid',
    vars: { orderCode: order.code, tickets: issued },
  });
  // the ledger last: its accounts (clearing, fee revenue, the organizer's payable) are the rows every
  // concurrent sale updates, so their locks are held only from here to the commit
  if (payment.amountMinor > 0) {
    const entries: Posting[] = [{ account: accounts.clearing(order.currency), amountMinor: payment.amountMinor }];
    const owed = new Map<string, Posting>();
    for (const p of priced) {
      const net = p.line.totalMinor - p.fee;
      const e = owed.get(p.payable.code) ?? { account: p.payable, amountMinor: 0 };
      e.amountMinor -= net;
      owed.set(p.payable.code, e);
    }
    entries.push(...[...owed.values()].filter((e) => e.amountMinor !== 0));
    if (feeMinor !== 0) entries.push({ account: accounts.feeRevenue(order.currency), amountMinor: -feeMinor });
    await post(tx, {
      kind: 'PAYMENT',
      idempotencyKey: `payment:${payment.id}`,
      description: `Payment for order ${order.code}`,
      occurredAt: now,
      orderId: order.id,
      paymentId: payment.id,
      entries,
    });
  }
  // the organizers' live sales feed (room `organizer:<id>`), published with the rest after commit
  const sales = await saleRecordedMessages(tx, order, now);
  return {
    outcome: 'settled',
    paymentId: payment.id,
    orderId: order.id,
    // …and the seats the fulfilment sold (reserved seating, modules/seating): `seats.changed`
    realtime: [...sent.realtime, ...sales, ...takeSeatMessages(tx, now)],
    lateRefundId: null,
  };
}

/**
 * Money arrived for an order that can no longer take it (EXPIRED, CANCELLED, already PAID by
 * another payment, or an amount that does not match): keep it as owed back, never drop it.
 */
async function latePayment(
  deps: SettleDeps,
  tx: Tx,
  payment: { id: string; orderId: string; amountMinor: number; currency: string },
  order: { id: string; code: string; status: string },
  now: Date,
): Promise<SettleResult> {
  if (payment.amountMinor > 0) {
    await post(tx, {
      kind: 'PAYMENT',
      idempotencyKey: `payment:${payment.id}`,
      description: `Late payment for order ${order.code} (${order.status.toLowerCase()}): to refund`,
      occurredAt: now,
      orderId: order.id,
      paymentId: payment.id,
      entries: [
        { account: accounts.clearing(payment.currency), amountMinor: payment.amountMinor },
        { account: accounts.refundsDue(payment.currency), amountMinor: -payment.amountMinor },
      ],
    });
  }
  const key = `late:${payment.id}`;
  await tx.refund.createMany({
    data: [
      {
        orderId: order.id,
        paymentId: payment.id,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        reason: LATE_PAYMENT_REASON,
        note: `The payment succeeded after the order was ${order.status.toLowerCase()}.`,
        key,
        createdAt: now,
      },
    ],
    skipDuplicates: true,
  });
  const refund = await tx.refund.findUniqueOrThrow({ where: { key }, select: { id: true } });
  await enqueue(tx, LATE_REFUND_JOB, { refundId: refund.id }, { key: `late-refund:${refund.id}` });
  deps.log.warn(
    { source: 'payments', paymentId: payment.id, orderId: order.id, refundId: refund.id },
    `late payment for order ${order.code} (${order.status.toLowerCase()}): refunding it in full`,
  );
  return { outcome: 'late', paymentId: payment.id, orderId: order.id, realtime: [], lateRefundId: refund.id };
}

/**
 * After the settling transaction committed: pushes the in-app messages, counts the paid order,
 * and sends a late payment's refund to the provider (best effort: the job enqueued with it
 * retries if this fails or the process dies).
 */
export async function afterSettle(deps: Deps, result: SettleResult): Promise<void> {
  if (result.realtime.length > 0) deps.realtime.push(...result.realtime);
  if (result.outcome === 'settled') countOrders('paid');
  if (result.lateRefundId) {
    await refundLatePayment(deps, result.lateRefundId).catch((err: unknown) => {
      deps.log.warn({ err, source: 'payments', refundId: result.lateRefundId }, 'late refund deferred to its job');
    });
  }
}

/**
 * Marks the payment SUCCEEDED, its order PAID, fulfils every line and posts the ledger, in one
 * transaction; a repeated call is a no-op. A payment whose order is no longer pending is refunded
 * (late payment). Returns the outcome; throws only on database/provider errors. Realtime messages
 * go to `deps.realtime` (the procedure publishes them after it returns).
 */
export async function settlePayment(
  deps: Deps,
  providerRef: string,
  info: { paymentMethodRef?: string | null } = {},
): Promise<SettleResult> {
  const result = await deps.db.$transaction((tx) => settleInTx(deps, tx, providerRef, info), SETTLE_TX);
  await afterSettle(deps, result);
  return result;
}

/**
 * Records a decline: REQUIRES_CONFIRMATION/FAILED → FAILED with `failureReason`. Returns true
 * when the payment was awaiting confirmation and is now FAILED (the caller notifies the customer
 * if it wants to); a SUCCEEDED or CANCELED payment is never touched.
 */
export async function failInTx(tx: Tx, providerRef: string, failureReason: string | null): Promise<boolean> {
  const reason = (failureReason ?? 'The payment was declined.').slice(0, 500);
  const fresh = await tx.payment.updateMany({
    where: { providerRef, status: 'REQUIRES_CONFIRMATION' },
    data: { status: 'FAILED', failureReason: reason },
  });
  if (fresh.count > 0) return true;
  await tx.payment.updateMany({ where: { providerRef, status: 'FAILED' }, data: { failureReason: reason } });
  return false;
}

/** FAILED + reason, and the customer told (`payment.failed`) when it was awaiting confirmation. */
export async function failAndNotifyInTx(
  deps: NotifyDeps,
  tx: Tx,
  providerRef: string,
  failureReason: string | null,
): Promise<RealtimeMessage[]> {
  if (!(await failInTx(tx, providerRef, failureReason))) return [];
  const p = await tx.payment.findUniqueOrThrow({
    where: { providerRef },
    select: {
      amountMinor: true,
      currency: true,
      failureReason: true,
      order: { select: { code: true, customerId: true } },
    },
  });
  const sent = await notify(deps, tx, {
    userId: p.order.customerId,
    kind: 'payment.failed',
    vars: {
      orderCode: p.order.code,
      amountMinor: p.amountMinor,
      currency: p.currency,
      reason: p.failureReason ?? '',
    },
  });
  return sent.realtime;
}

/** REQUIRES_CONFIRMATION/FAILED → CANCELED. Returns whether it changed. */
export async function cancelInTx(tx: Tx, providerRef: string): Promise<boolean> {
  const { count } = await tx.payment.updateMany({
    where: { providerRef, status: { in: ['REQUIRES_CONFIRMATION', 'FAILED'] } },
    data: { status: 'CANCELED' },
  });
  return count > 0;
}

/**
 * Sends a LATE_PAYMENT refund to the provider (idempotency key `refund:<refundId>`, so a retry
 * returns the same provider refund) and applies the answer. A no-op unless the refund is PENDING.
 * Throws on provider errors (the job retries).
 */
export async function refundLatePayment(deps: Deps, refundId: string): Promise<void> {
  const refund = await deps.db.refund.findUnique({
    where: { id: refundId },
    select: {
      id: true,
      status: true,
      reason: true,
      amountMinor: true,
      payment: { select: { providerRef: true, provider: true } },
    },
  });
  if (refund?.status !== 'PENDING' || refund.reason !== LATE_PAYMENT_REASON) return;
  // the provider that took the payment: an offline (test mode) payment is refunded offline
  const configured = paymentProvider(deps);
  const provider =
    configured.name === refund.payment.provider
      ? configured
      : refund.payment.provider === 'OFFLINE'
        ? offlineProvider
        : null;
  if (!provider) throw new Error(`refund ${refundId} is for a Stripe payment but Stripe is not configured`);
  if (refund.amountMinor <= 0) {
    await deps.db.$transaction((tx) =>
      applyLateRefundInTx(deps, tx, { refundId, refundRef: null, state: 'succeeded', failureReason: null }),
    );
    return;
  }
  const answer = await provider.refund({
    providerRef: refund.payment.providerRef,
    amountMinor: refund.amountMinor,
    idempotencyKey: `refund:${refund.id}`,
    reason: LATE_PAYMENT_REASON,
    refundId: refund.id,
  });
  const realtime = await deps.db.$transaction((tx) =>
    applyLateRefundInTx(deps, tx, {
      refundId,
      refundRef: answer.refundRef,
      state: answer.state,
      failureReason: answer.failureReason ?? null,
    }),
  );
  deps.realtime.push(...realtime);
}

/**
 * Applies the provider's word on a late payment's refund (from `refundLatePayment` or a webhook):
 * records the provider's refund id; on `succeeded` (once: PENDING → SUCCEEDED) posts the ledger
 * REFUND `refund:<refundId>` (Dr refunds due, Cr clearing), adds to the payment's refunded sum and
 * tells the customer; on `failed`/`canceled` marks it so and logs an error (the money stays in
 * refunds due for an admin to settle). `pending` only records the id.
 */
export async function applyLateRefundInTx(
  deps: SettleDeps,
  tx: Tx,
  update: {
    refundId: string;
    refundRef: string | null;
    state: 'pending' | 'succeeded' | 'failed' | 'canceled';
    failureReason: string | null;
  },
): Promise<RealtimeMessage[]> {
  const now = deps.clock.now();
  if (update.refundRef) {
    await tx.refund.updateMany({
      where: { id: update.refundId, providerRef: null },
      data: { providerRef: update.refundRef },
    });
  }
  if (update.state === 'pending') return [];
  if (update.state === 'failed' || update.state === 'canceled') {
    const { count } = await tx.refund.updateMany({
      where: { id: update.refundId, status: 'PENDING' },
      data: {
        status: update.state === 'failed' ? 'FAILED' : 'CANCELED',
        failureReason: (update.failureReason ?? `refund ${update.state} at the provider`).slice(0, 500),
      },
    });
    if (count > 0) {
      deps.log.error(
        { source: 'payments', refundId: update.refundId, reason: update.failureReason },
        'a late payment could not be refunded: the money stays in refunds due until an admin settles it',
      );
    }
    return [];
  }
  const { count } = await tx.refund.updateMany({
    where: { id: update.refundId, status: 'PENDING' },
    data: { status: 'SUCCEEDED', succeededAt: now },
  });
  if (count === 0) return [];
  const refund = await tx.refund.findUniqueOrThrow({
    where: { id: update.refundId },
    select: {
      id: true,
      orderId: true,
      paymentId: true,
      amountMinor: true,
      currency: true,
      order: { select: { code: true, customerId: true } },
    },
  });
  if (refund.amountMinor > 0) {
    await post(tx, {
      kind: 'REFUND',
      idempotencyKey: `refund:${refund.id}`,
      description: `Late payment for order ${refund.order.code} refunded`,
      occurredAt: now,
      orderId: refund.orderId,
      paymentId: refund.paymentId,
      refundId: refund.id,
      entries: [
        { account: accounts.refundsDue(refund.currency), amountMinor: refund.amountMinor },
        { account: accounts.clearing(refund.currency), amountMinor: -refund.amountMinor },
      ],
    });
    await tx.payment.update({
      where: { id: refund.paymentId },
      data: { refundedMinor: { increment: refund.amountMinor } },
    });
  }
  const sent = await notify(deps, tx, {
    userId: refund.order.customerId,
    kind: 'payment.late_refunded',
    vars: { orderCode: refund.order.code, amountMinor: refund.amountMinor, currency: refund.currency },
  });
  return sent.realtime;
}
