/**
 * The refund engine (issue 4 "Refunds"; seed 000 "refund functionality (superuser)", seed 004
 * "cancellation policy and refund processing"; ADR 0012).
 *
 * A refund lives in three steps, each idempotent:
 *
 *   1. `createRefund` validates and writes the Refund (PENDING), claims its tickets
 *      (`Ticket.refundId`) and enqueues a durable `refunds.submit` job, all in ONE transaction
 *      (payment row locked, so two refunds of one order cannot both take the same money);
 *   2. `submitRefund` asks the payment provider (idempotency key `refund:<refundId>`, so a
 *      retried submit never refunds twice at Stripe) and stores the provider's id. It runs inline
 *      right after the commit (the offline provider succeeds at once, so the caller sees
 *      SUCCEEDED) and again from the job, which is the retry path;
 *   3. `applyProviderRefundUpdate` (from the submit or from the provider's webhook) applies the
 *      outcome: SUCCEEDED once, by a conditional UPDATE `WHERE status = 'PENDING'`, so the
 *      webhook and the job racing apply it once; FAILED/CANCELED marked and alerted.
 *
 * Applying a succeeded refund (one transaction): tickets → REFUNDED with their secrets on the
 * revocation list (the gate refuses them), line `refundedQuantity` and the quota given back,
 * `Payment.refundedMinor` / `Order.refundedMinor` increased (CHECK constraints cap them), the
 * order REFUNDED once every unit is refunded, the ledger posting (see `refundPostings`) and the
 * customer's `refund.issued` notification.
 *
 * Amounts are integer minor units of the payment's currency; instants UTC (`deps.clock`).
 */
import { createHash } from 'node:crypto';
import type { TAdminCreateRefundInput, TAdminRefundListInput, TPage, TRefund, TRefundReason } from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { AppDeps, Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { enqueue } from '../../jobs/queue.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import type { Actor } from '../../trpc/context.ts';
import { type AuditEntry, recordAudit } from '../audit/audit.service.ts';
import { checkoutKind } from '../checkout/kinds.ts';
import { type AccountSpec, accounts, type Posting, post } from '../ledger/ledger.ts';
import { notify } from '../notifications/notification.service.ts';
import { formatMoney } from '../notifications/templates.ts';
import { releaseCapacity, type Tx } from '../orders/capacity.ts';
import { assertOrderTransition } from '../orders/order-state.ts';
import { pageOf, pageWindow } from '../pagination.ts';
import { offlineProvider, type PaymentProviderAdapter, paymentProvider } from '../payments/provider.ts';
import { applyLateRefundInTx, LATE_PAYMENT_REASON } from '../payments/settle.ts';
import { applyRaffleRefundInTx } from '../raffles/raffle-cancel.service.ts';
import { takeSeatMessages } from '../seating/seat-events.ts';
import { freeTicketSeats } from '../seating/seat-inventory.ts';

/** Request-scoped deps (realtime pushed after the procedure) or app deps (jobs, webhooks). */
export type RefundDeps = Deps | AppDeps;

export const REFUND_JOBS = {
  /** `{ refundId }`: ask the provider for a PENDING refund (retry path of the inline submit) */
  submit: 'refunds.submit',
  /** `{ eventId, orderId }`: the full refund of one paid order of a cancelled event */
  eventCancelOrder: 'refunds.event-cancel-order',
} as const;

/** Tries of `refunds.submit`; with the queue's backoff about 2 minutes, then FAILED + alert. */
export const SUBMIT_MAX_ATTEMPTS = 8;
/** The job waits this long so that the inline submit normally gets there first. */
const SUBMIT_JOB_DELAY_MS = 30_000;

/** Publishes in-app notifications: after the procedure for request deps; jobs keep them stored only. */
export function pushRealtime(deps: RefundDeps, messages: RealtimeMessage[] | null | undefined): void {
  if (messages?.length && 'realtime' in deps) deps.realtime.push(...messages);
}

/** Hex SHA-256 of a ticket secret: what the revocation list carries (never the secret). */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** round(a × b / c) half away from zero, exact for any int32 inputs (BigInt). c > 0. */
export function mulDivRound(a: number, b: number, c: number): number {
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  const q = n / d;
  const r = n % d;
  const up = (r < 0n ? -r : r) * 2n >= d;
  return Number(up ? q + (n < 0n ? -1n : 1n) : q);
}

/**
 * The ledger entries of one succeeded refund (debits +, credits −; they balance):
 *
 *   Cr clearing                  amountMinor            money leaves the provider balance
 *   Dr platform fee revenue      feeReversal            the platform gives back its share
 *   Dr organizer payable         amountMinor − feeReversal
 *
 * feeReversal = round(order.feeMinor × G / order.totalMinor) − round(order.feeMinor × P / order.totalMinor)
 * where P is the gross already refunded by earlier succeeded refunds of the order and G = P + this
 * refund's gross (amount + refund fee kept), both capped at the order total. This is
 * round(fee × gross / total) per refund, made cumulative so that the reversals of an order add
 * up to exactly its fee when everything is refunded (no cent lost or created by rounding). The
 * refund fee kept stays with the organizer: it is not debited from their payable.
 * Zero amounts are left out (the ledger refuses zero entries).
 */
export function refundPostings(args: {
  currency: string;
  /** the payable the sale credited (checkout kind's `payableAccount`: organizer payable, raffle proceeds) */
  payable: AccountSpec;
  orderTotalMinor: number;
  orderFeeMinor: number;
  priorGrossMinor: number;
  amountMinor: number;
  feeKeptMinor: number;
}): { entries: Posting[]; feeReversalMinor: number } {
  const total = args.orderTotalMinor;
  const before = Math.min(args.priorGrossMinor, total);
  const after = Math.min(args.priorGrossMinor + args.amountMinor + args.feeKeptMinor, total);
  const feeReversalMinor =
    total > 0 ? mulDivRound(args.orderFeeMinor, after, total) - mulDivRound(args.orderFeeMinor, before, total) : 0;
  const entries: Posting[] = [];
  if (args.amountMinor !== 0)
    entries.push({ account: accounts.clearing(args.currency), amountMinor: -args.amountMinor });
  if (feeReversalMinor !== 0)
    entries.push({ account: accounts.feeRevenue(args.currency), amountMinor: feeReversalMinor });
  const payable = args.amountMinor - feeReversalMinor;
  if (payable !== 0) {
    entries.push({ account: args.payable, amountMinor: payable });
  }
  return { entries, feeReversalMinor };
}

// ───────────────────────────── reading ─────────────────────────────

const refundSelect = {
  id: true,
  orderId: true,
  status: true,
  amountMinor: true,
  feeMinor: true,
  currency: true,
  reason: true,
  note: true,
  providerRef: true,
  failureReason: true,
  initiatedById: true,
  createdAt: true,
  succeededAt: true,
  order: { select: { code: true, lines: { select: { ticketCategory: { select: { eventId: true } } }, take: 1 } } },
  tickets: { select: { id: true }, orderBy: { reference: 'asc' } },
} satisfies Prisma.RefundSelect;
type RefundRow = Prisma.RefundGetPayload<{ select: typeof refundSelect }>;

function toRefund(r: RefundRow): TRefund {
  return {
    id: r.id,
    orderId: r.orderId,
    orderCode: r.order.code,
    eventId: r.order.lines[0]?.ticketCategory?.eventId ?? null,
    status: r.status,
    amountMinor: r.amountMinor,
    feeMinor: r.feeMinor,
    currency: r.currency,
    reason: r.reason,
    note: r.note,
    ticketIds: r.tickets.map((t) => t.id),
    providerRef: r.providerRef,
    failureReason: r.failureReason,
    initiatedById: r.initiatedById,
    createdAt: r.createdAt,
    succeededAt: r.succeededAt,
  };
}

/** One refund (admins). Errors: NOT_FOUND. */
export async function getRefund(deps: Pick<AppDeps, 'db'>, id: string): Promise<TRefund> {
  const row = await deps.db.refund.findUnique({ where: { id }, select: refundSelect });
  if (!row) throw new AppError('NOT_FOUND', 'No such refund.');
  return toRefund(row);
}

/**
 * `GET /api/refunds/` (admins): newest first; filters status, order code (exact, case-insensitive)
 * and a createdAt window [from, to) in UTC.
 */
export async function listRefunds(deps: Pick<AppDeps, 'db'>, input: TAdminRefundListInput): Promise<TPage<TRefund>> {
  const where: Prisma.RefundWhereInput = {
    ...(input.status ? { status: input.status } : {}),
    ...(input.orderCode ? { order: { code: input.orderCode.toUpperCase() } } : {}),
    ...(input.from || input.to
      ? { createdAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: input.to } : {}) } }
      : {}),
  };
  const [total, rows] = await Promise.all([
    deps.db.refund.count({ where }),
    deps.db.refund.findMany({
      where,
      select: refundSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...pageWindow(input),
    }),
  ]);
  return pageOf(rows.map(toRefund), total, input);
}

// ───────────────────────────── creating ─────────────────────────────

export interface CreateRefundInput {
  orderId: string;
  /** refund these tickets (of this order, VALID, not in a pending refund) */
  ticketIds?: string[];
  /** refund this amount, tickets untouched (admins only; minor units) */
  amountMinor?: number;
  /** neither tickets nor amount: every remaining ticket and all remaining refundable money */
  reason: TRefundReason;
  note?: string | null;
  initiatedById?: string | null;
  /** idempotency: a second call with the same key returns the first refund */
  key?: string;
  /** keep the event's `refundFeeMinor` per refunded ticket (customer requests) */
  applyFee: boolean;
  /** an explicit fee (minor units) instead of the policy's, e.g. the quote a request carried */
  feeMinor?: number;
}

/** Money still refundable on a payment: paid − refunded − in pending refunds (minor units). */
async function refundableOn(tx: Tx, payment: { id: string; amountMinor: number; refundedMinor: number }) {
  const pending = await tx.refund.aggregate({
    where: { paymentId: payment.id, status: 'PENDING' },
    _sum: { amountMinor: true },
  });
  return payment.amountMinor - payment.refundedMinor - (pending._sum.amountMinor ?? 0);
}

/**
 * Locks (FOR UPDATE) and returns the payment that paid for the order: its first SUCCEEDED
 * payment that is not a late one (a second payment that arrived after the order was settled is
 * refunded by the payments module under reason LATE_PAYMENT). Null when there is none.
 */
export async function lockSalePayment(tx: Tx, orderId: string): Promise<{ id: string; leftMinor: number } | null> {
  const [row] = await tx.$queryRaw<{ id: string; leftMinor: number }[]>`
    SELECT p."id"::text AS id, (p."amountMinor" - p."refundedMinor")::int AS "leftMinor" FROM "Payment" p
    WHERE p."orderId" = ${orderId}::uuid AND p."status" = 'SUCCEEDED'
      AND NOT EXISTS (SELECT 1 FROM "Refund" r WHERE r."paymentId" = p."id" AND r."reason" = ${LATE_PAYMENT_REASON})
    ORDER BY p."createdAt" ASC LIMIT 1 FOR UPDATE OF p`;
  return row ?? null;
}

/** A ticket is free to refund when it is VALID and not claimed by a PENDING refund. */
const claimable: Prisma.TicketWhereInput = {
  status: 'VALID',
  OR: [{ refundId: null }, { refund: { status: { in: ['FAILED', 'CANCELED'] } } }],
};

/**
 * Writes a PENDING refund inside the caller's transaction (see `createRefund`). Returns the
 * refund id and whether it was created now (false: `key` already named a refund).
 */
export async function createRefundIn(
  tx: Tx,
  deps: Pick<AppDeps, 'clock'>,
  input: CreateRefundInput,
): Promise<{ refundId: string; created: boolean }> {
  if (input.key) {
    const existing = await tx.refund.findUnique({ where: { key: input.key }, select: { id: true, orderId: true } });
    if (existing) {
      if (existing.orderId !== input.orderId) throw new AppError('CONFLICT', 'This refund key names another order.');
      return { refundId: existing.id, created: false };
    }
  }
  if (input.ticketIds && input.amountMinor !== undefined) {
    throw new AppError('VALIDATION_FAILED', 'Refund either tickets or an amount, not both.', {
      amountMinor: ['Not with ticketIds'],
    });
  }
  const order = await tx.order.findUnique({
    where: { id: input.orderId },
    select: {
      id: true,
      status: true,
      currency: true,
      lines: {
        select: {
          id: true,
          unitPriceMinor: true,
          ticketCategory: { select: { event: { select: { refundFeeMinor: true } } } },
        },
      },
    },
  });
  if (!order) throw new AppError('NOT_FOUND', 'No such order.');
  if (input.reason === 'LATE_PAYMENT') {
    // late payments are refunded by the payments module (payments/settle.ts), never through here
    throw new AppError('VALIDATION_FAILED', 'Late payments are refunded by the payments module.');
  }
  if (order.status !== 'PAID') {
    throw new AppError(
      'INVALID_STATE',
      `This order is ${order.status.toLowerCase()}; only paid orders can be refunded.`,
    );
  }
  // lock the settled payment: refunds of one order are created one at a time
  const locked = await lockSalePayment(tx, order.id);
  if (!locked) throw new AppError('INVALID_STATE', 'This order has no settled payment to refund.');
  const payment = await tx.payment.findUniqueOrThrow({
    where: { id: locked.id },
    select: { id: true, amountMinor: true, refundedMinor: true, currency: true },
  });
  const refundable = await refundableOn(tx, payment);

  let tickets: { id: string; orderLineId: string }[] = [];
  if (input.ticketIds) {
    const ids = [...new Set(input.ticketIds)];
    if (ids.length === 0)
      throw new AppError('VALIDATION_FAILED', 'Name at least one ticket.', { ticketIds: ['Empty'] });
    const rows = await tx.ticket.findMany({
      where: { id: { in: ids }, orderId: order.id },
      select: { id: true, reference: true, orderLineId: true, status: true, refund: { select: { status: true } } },
    });
    if (rows.length !== ids.length) throw new AppError('NOT_FOUND', 'No such ticket on this order.');
    for (const t of rows) {
      if (t.status !== 'VALID') {
        throw new AppError(
          'INVALID_STATE',
          `Ticket ${t.reference} is ${t.status.toLowerCase()}; it cannot be refunded.`,
        );
      }
      if (t.refund?.status === 'PENDING') {
        throw new AppError('CONFLICT', `Ticket ${t.reference} is already being refunded.`);
      }
    }
    tickets = rows;
  } else if (input.amountMinor === undefined) {
    tickets = await tx.ticket.findMany({
      where: { orderId: order.id, ...claimable },
      select: { id: true, orderLineId: true },
    });
  }

  const lines = new Map(order.lines.map((l) => [l.id, l]));
  const gross = tickets.reduce((sum, t) => sum + (lines.get(t.orderLineId)?.unitPriceMinor ?? 0), 0);
  // the policy fee per ticket, never more than the ticket's price
  const policyFee = tickets.reduce((sum, t) => {
    const line = lines.get(t.orderLineId);
    return sum + Math.min(line?.ticketCategory?.event.refundFeeMinor ?? 0, line?.unitPriceMinor ?? 0);
  }, 0);
  const fee = input.feeMinor ?? (input.applyFee ? policyFee : 0);
  let amount: number;
  if (input.amountMinor !== undefined) amount = input.amountMinor;
  else if (input.ticketIds) amount = gross - fee;
  else amount = refundable - fee; // the whole order: everything still refundable
  if (fee < 0 || amount < 0) {
    throw new AppError('VALIDATION_FAILED', 'The refund fee is larger than what the tickets cost.', {
      feeMinor: ['Too large'],
    });
  }
  if (amount + fee <= 0) throw new AppError('INVALID_STATE', 'Nothing is left to refund on this order.');
  if (amount > refundable) {
    throw new AppError(
      'INVALID_STATE',
      `Only ${formatMoney(Math.max(0, refundable), payment.currency)} can still be refunded on this order.`,
      { amountMinor: [`At most ${Math.max(0, refundable)}`] },
    );
  }

  const refund = await tx.refund.create({
    data: {
      orderId: order.id,
      paymentId: payment.id,
      status: 'PENDING',
      amountMinor: amount,
      feeMinor: fee,
      currency: payment.currency,
      reason: input.reason,
      note: input.note ?? null,
      initiatedById: input.initiatedById ?? null,
      key: input.key ?? null,
      createdAt: deps.clock.now(),
    },
    select: { id: true },
  });
  if (tickets.length > 0) {
    const claimed = await tx.ticket.updateMany({
      where: { id: { in: tickets.map((t) => t.id) }, ...claimable },
      data: { refundId: refund.id },
    });
    if (claimed.count !== tickets.length) throw new AppError('CONFLICT', 'A ticket is already being refunded.');
  }
  await enqueue(
    tx,
    REFUND_JOBS.submit,
    { refundId: refund.id },
    {
      key: `refund-submit:${refund.id}`,
      runAt: new Date(deps.clock.now().getTime() + SUBMIT_JOB_DELAY_MS),
      maxAttempts: SUBMIT_MAX_ATTEMPTS,
    },
  );
  return { refundId: refund.id, created: true };
}

/** Unique-key violation (Prisma P2002), e.g. two creates racing on one `Refund.key`. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (code === 'P2002' || code === '23505') return true;
  const cause = (err as { cause?: unknown })?.cause;
  return cause !== undefined && cause !== err && isUniqueViolation(cause);
}

/**
 * Refunds an order: all of it, some tickets, or an amount (see `CreateRefundInput`). Creates the
 * Refund PENDING with its `refunds.submit` job in one transaction, then submits it inline; with
 * the offline provider the returned refund is already SUCCEEDED. A provider error leaves it
 * PENDING for the job to retry (the caller is not failed for it).
 *
 * Rules: the order is PAID (partially refunded orders stay PAID); tickets belong to it, are
 * VALID and not in a pending refund; amount ≤ refundable (payment − refunded − pending);
 * fee = event.refundFeeMinor × tickets when `applyFee` (customer requests, seed 004), else 0.
 * Errors: NOT_FOUND (order, ticket), INVALID_STATE (not paid, ticket not valid, too much,
 * nothing left), CONFLICT (ticket already being refunded), VALIDATION_FAILED.
 */
export async function createRefund(deps: RefundDeps, input: CreateRefundInput): Promise<TRefund> {
  let created: { refundId: string; created: boolean };
  try {
    created = await deps.db.$transaction((tx) => createRefundIn(tx, deps, input));
  } catch (err) {
    // two callers racing with one key: the loser returns the winner's refund
    if (!input.key || !isUniqueViolation(err)) throw err;
    const existing = await deps.db.refund.findUnique({ where: { key: input.key }, select: { id: true } });
    if (!existing) throw err;
    created = { refundId: existing.id, created: false };
  }
  await submitInline(deps, created.refundId);
  return getRefund(deps, created.refundId);
}

/** The submit right after the commit; a failure is logged and left to the job. */
export async function submitInline(deps: RefundDeps, refundId: string): Promise<void> {
  try {
    await submitRefund(deps, refundId);
  } catch (err) {
    deps.log.warn(
      { source: 'refunds', refundId, err: err instanceof Error ? err.message : String(err) },
      'refund submit failed; the refunds.submit job retries it',
    );
  }
}

// ───────────────────────────── submitting ─────────────────────────────

/** The provider that took the payment: an offline payment is refunded offline whatever is configured. */
function providerFor(deps: AppDeps, paymentProviderName: 'OFFLINE' | 'STRIPE'): PaymentProviderAdapter {
  const configured = paymentProvider(deps);
  if (configured.name === paymentProviderName) return configured;
  if (paymentProviderName === 'OFFLINE') return offlineProvider;
  throw new AppError('UNAVAILABLE', 'This payment was taken by Stripe, which is not configured.');
}

/**
 * Asks the provider to refund a PENDING refund (idempotency key `refund:<refundId>`), stores
 * the provider's id once (conditional UPDATE `providerRef IS NULL`) and applies the answer.
 * A refund already submitted (providerRef set) or no longer PENDING is left alone: its outcome
 * arrives by webhook. Zero-amount refunds (the whole price kept as fee) never reach the
 * provider. A provider error is recorded on the refund and rethrown (the job retries); on the
 * job's last attempt (`job.attempt >= job.maxAttempts`) the refund is marked FAILED and alerted.
 */
export async function submitRefund(
  deps: RefundDeps,
  refundId: string,
  job?: { attempt: number; maxAttempts: number },
): Promise<void> {
  const refund = await deps.db.refund.findUnique({
    where: { id: refundId },
    select: {
      id: true,
      status: true,
      providerRef: true,
      amountMinor: true,
      reason: true,
      payment: { select: { provider: true, providerRef: true } },
    },
  });
  if (refund?.status !== 'PENDING' || refund.providerRef) return;
  if (refund.amountMinor === 0) {
    await applySucceeded(deps, refund.id);
    return;
  }
  let answer: Awaited<ReturnType<PaymentProviderAdapter['refund']>>;
  try {
    answer = await providerFor(deps, refund.payment.provider).refund({
      providerRef: refund.payment.providerRef,
      amountMinor: refund.amountMinor,
      idempotencyKey: `refund:${refund.id}`,
      reason: refund.reason,
      refundId: refund.id,
    });
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    if (job && job.attempt >= job.maxAttempts) {
      await markRefundFailed(deps, refund.id, 'FAILED', `The provider kept refusing: ${message}`);
    } else {
      await deps.db.refund.updateMany({
        where: { id: refund.id, status: 'PENDING' },
        data: { failureReason: message },
      });
    }
    throw err;
  }
  await deps.db.refund.updateMany({
    where: { id: refund.id, providerRef: null },
    data: { providerRef: answer.refundRef, failureReason: null },
  });
  // a concurrent submit may have stored its (same, at Stripe) reference first
  const stored = await deps.db.refund.findUniqueOrThrow({ where: { id: refund.id }, select: { providerRef: true } });
  await applyProviderRefundUpdate(deps, {
    refundRef: stored.providerRef ?? answer.refundRef,
    state: answer.state,
    failureReason: answer.failureReason ?? null,
  });
}

/** `refunds.submit` job handler: payload `{ refundId }`. */
export async function submitRefundJob(
  deps: AppDeps,
  payload: unknown,
  job: { attempt: number; maxAttempts: number },
): Promise<void> {
  const refundId = (payload as { refundId?: unknown })?.refundId;
  if (typeof refundId !== 'string') throw new Error('refunds.submit: payload.refundId missing');
  await submitRefund(deps, refundId, job);
}

// ───────────────────────────── applying outcomes ─────────────────────────────

export interface ProviderRefundUpdate {
  /** the provider's refund id (re_…, offre_…) */
  refundRef: string;
  state: 'pending' | 'succeeded' | 'failed' | 'canceled';
  failureReason?: string | null;
  /**
   * Admit's refund id when the provider echoes it (e.g. Stripe refund metadata), for a webhook
   * that arrives before the submit stored `refundRef`.
   */
  refundId?: string | null;
}

/**
 * Applies what the provider says about a refund (webhook `refund.updated` / `charge.refunded`,
 * or the submit's answer). Idempotent and order-independent:
 *   - succeeded → the refund is applied once (conditional UPDATE from PENDING);
 *   - failed / canceled → a PENDING refund is marked so, SystemLog ERROR + `refund.failed` to
 *     admins; a SUCCEEDED one is not undone but alerted (reconcile by hand);
 *   - pending → nothing;
 *   - unknown `refundRef` (e.g. a refund made in the Stripe dashboard, outside Admit): a WARN
 *     system log entry and return.
 */
export async function applyProviderRefundUpdate(deps: RefundDeps, update: ProviderRefundUpdate): Promise<void> {
  let refund = await deps.db.refund.findUnique({
    where: { providerRef: update.refundRef },
    select: { id: true, status: true, reason: true },
  });
  if (!refund && update.refundId) {
    await deps.db.refund.updateMany({
      where: { id: update.refundId, providerRef: null },
      data: { providerRef: update.refundRef },
    });
    refund = await deps.db.refund.findUnique({
      where: { providerRef: update.refundRef },
      select: { id: true, status: true, reason: true },
    });
  }
  if (!refund) {
    await systemLog(deps.db, 'WARN', 'Provider refund not made by Admit; ignored', {
      refundRef: update.refundRef,
      state: update.state,
    });
    return;
  }
  if (refund.reason === LATE_PAYMENT_REASON) {
    // a late payment's refund belongs to the payments module (ledger: refunds due, not a sale)
    const realtime = await deps.db.$transaction((tx) =>
      applyLateRefundInTx(deps, tx, {
        refundId: refund.id,
        refundRef: update.refundRef,
        state: update.state,
        failureReason: update.failureReason ?? null,
      }),
    );
    pushRealtime(deps, realtime);
    return;
  }
  if (update.state === 'pending') return;
  if (update.state === 'succeeded') {
    await applySucceeded(deps, refund.id);
    return;
  }
  const why = update.failureReason ?? (update.state === 'canceled' ? 'canceled by the provider' : 'failed');
  if (refund.status === 'SUCCEEDED') {
    await alertAdmins(deps, refund.id, `Refund ${update.state} after it had succeeded: ${why}. Reconcile by hand.`);
    return;
  }
  await markRefundFailed(deps, refund.id, update.state === 'canceled' ? 'CANCELED' : 'FAILED', why);
}

async function systemLog(
  db: AppDeps['db'] | Tx,
  level: 'WARN' | 'ERROR',
  message: string,
  context: Prisma.InputJsonValue,
): Promise<void> {
  await db.systemLog.create({ data: { level, source: 'refunds', message, context } });
}

/** SystemLog ERROR + `refund.failed` to every active SUPER_ADMIN/ADMIN; returns the in-app pushes. */
async function alertAdminsIn(
  deps: RefundDeps,
  tx: Tx,
  refundId: string,
  failureReason: string,
): Promise<RealtimeMessage[]> {
  const refund = await tx.refund.findUniqueOrThrow({
    where: { id: refundId },
    select: { amountMinor: true, currency: true, order: { select: { code: true } } },
  });
  await systemLog(tx, 'ERROR', `Refund for order ${refund.order.code} failed: ${failureReason}`, {
    refundId,
    orderCode: refund.order.code,
    amountMinor: refund.amountMinor,
    currency: refund.currency,
  });
  const admins = await tx.user.findMany({
    where: { role: 'ADMIN', status: 'ACTIVE', adminLevel: { in: ['SUPER_ADMIN', 'ADMIN'] } },
    select: { id: true },
  });
  const realtime: RealtimeMessage[] = [];
  for (const a of admins) {
    const sent = await notify(deps, tx, {
      userId: a.id,
      kind: 'refund.failed',
      vars: { orderCode: refund.order.code, amountMinor: refund.amountMinor, currency: refund.currency, failureReason },
    });
    realtime.push(...sent.realtime);
  }
  return realtime;
}

async function alertAdmins(deps: RefundDeps, refundId: string, failureReason: string): Promise<void> {
  pushRealtime(deps, await deps.db.$transaction((tx) => alertAdminsIn(deps, tx, refundId, failureReason)));
}

/** PENDING → FAILED/CANCELED with the reason, alerted; the tickets become claimable again. */
async function markRefundFailed(
  deps: RefundDeps,
  refundId: string,
  status: 'FAILED' | 'CANCELED',
  failureReason: string,
): Promise<void> {
  const realtime = await deps.db.$transaction(async (tx) => {
    const moved = await tx.refund.updateMany({
      where: { id: refundId, status: 'PENDING' },
      data: { status, failureReason: failureReason.slice(0, 500) },
    });
    if (moved.count === 0) return null;
    return alertAdminsIn(deps, tx, refundId, failureReason);
  });
  pushRealtime(deps, realtime);
}

/**
 * Applies a SUCCEEDED refund exactly once (conditional UPDATE from PENDING), in one transaction:
 * tickets, lines, quota, payment and order totals, order state, ledger and the customer notice
 * (see the file comment). Returns false when it had already been applied (or is not pending).
 */
export async function applySucceeded(deps: RefundDeps, refundId: string): Promise<boolean> {
  const now = deps.clock.now();
  const realtime = await deps.db.$transaction(async (tx) => {
    const moved = await tx.refund.updateMany({
      where: { id: refundId, status: 'PENDING' },
      data: { status: 'SUCCEEDED', succeededAt: now, failureReason: null },
    });
    if (moved.count === 0) return null;
    const refund = await tx.refund.findUniqueOrThrow({
      where: { id: refundId },
      select: {
        id: true,
        orderId: true,
        paymentId: true,
        amountMinor: true,
        feeMinor: true,
        currency: true,
        reason: true,
        initiatedById: true,
        order: {
          select: {
            code: true,
            status: true,
            customerId: true,
            totalMinor: true,
            feeMinor: true,
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
              take: 1,
            },
          },
        },
      },
    });

    // money totals first (CHECK constraints keep them within what was paid): every writer of a
    // refund locks the payment row before the tickets, so concurrent refunds cannot deadlock
    await tx.payment.update({
      where: { id: refund.paymentId },
      data: { refundedMinor: { increment: refund.amountMinor } },
    });
    await tx.order.update({
      where: { id: refund.orderId },
      data: { refundedMinor: { increment: refund.amountMinor } },
    });

    // tickets: refunded, out of the venue, secrets on the revocation list
    const tickets = await tx.ticket.findMany({
      where: { refundId, status: 'VALID' },
      select: { id: true, secret: true, eventId: true, orderLineId: true, ticketCategoryId: true },
    });
    if (tickets.length > 0) {
      await tx.ticket.updateMany({
        where: { id: { in: tickets.map((t) => t.id) }, status: 'VALID' },
        data: { status: 'REFUNDED', inside: false },
      });
      await tx.ticketRevocation.createMany({
        data: tickets.map((t) => ({
          eventId: t.eventId,
          ticketId: t.id,
          secretHash: secretHash(t.secret),
          reason: refund.reason === 'EVENT_CANCELLED' ? 'EVENT_CANCELLED' : 'REFUNDED',
          revokedAt: now,
        })),
        skipDuplicates: true,
      });
      for (const [lineId, n] of countBy(tickets, (t) => t.orderLineId)) {
        await tx.orderLine.update({ where: { id: lineId }, data: { refundedQuantity: { increment: n } } });
      }
      for (const [categoryId, n] of countBy(tickets, (t) => t.ticketCategoryId)) {
        await releaseCapacity(tx, categoryId, n);
      }
      // reserved seating: a refunded ticket's seat goes back on sale (no row for general admission)
      await freeTicketSeats(
        tx,
        tickets.map((t) => t.id),
      );
    }

    // raffle entries (issue 8): a raffle order is refunded line by line as a whole (raffles/raffle-cancel.service.ts)
    await applyRaffleRefundInTx(tx, { orderId: refund.orderId, reason: refund.reason });

    const lines = await tx.orderLine.findMany({
      where: { orderId: refund.orderId },
      select: { quantity: true, refundedQuantity: true },
    });
    if (refund.order.status === 'PAID' && lines.every((l) => l.refundedQuantity >= l.quantity)) {
      assertOrderTransition(refund.order.status, 'REFUNDED');
      await tx.order.updateMany({ where: { id: refund.orderId, status: 'PAID' }, data: { status: 'REFUNDED' } });
    }

    // the ledger: earlier succeeded refunds of the order (the order row is locked above)
    const prior = await tx.refund.aggregate({
      where: {
        orderId: refund.orderId,
        status: 'SUCCEEDED',
        id: { not: refund.id },
        reason: { not: LATE_PAYMENT_REASON },
      },
      _sum: { amountMinor: true, feeMinor: true },
    });
    // the account the sale credited (organizer payable, raffle proceeds, …): the line's checkout kind says
    const line = refund.order.lines[0];
    if (!line) throw new AppError('INTERNAL', `Order ${refund.order.code} has no lines to charge the refund to.`);
    const { entries } = refundPostings({
      currency: refund.currency,
      payable: await checkoutKind(line.kind).payableAccount(tx, line, refund.currency),
      orderTotalMinor: refund.order.totalMinor,
      orderFeeMinor: refund.order.feeMinor,
      priorGrossMinor: (prior._sum.amountMinor ?? 0) + (prior._sum.feeMinor ?? 0),
      amountMinor: refund.amountMinor,
      feeKeptMinor: refund.feeMinor,
    });
    if (entries.length > 0) {
      await post(tx, {
        kind: 'REFUND',
        idempotencyKey: `refund:${refund.id}`,
        description: `Refund of order ${refund.order.code} (${refund.reason})`,
        occurredAt: now,
        entries,
        orderId: refund.orderId,
        paymentId: refund.paymentId,
        refundId: refund.id,
        createdById: refund.initiatedById ?? undefined,
      });
    }

    const sent = await notify(deps, tx, {
      userId: refund.order.customerId,
      kind: 'refund.issued',
      vars: { orderCode: refund.order.code, amountMinor: refund.amountMinor, currency: refund.currency },
    });
    return [...sent.realtime, ...takeSeatMessages(tx, now)];
  });
  pushRealtime(deps, realtime);
  return realtime !== null;
}

function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of items) out.set(key(i), (out.get(key(i)) ?? 0) + 1);
  return out;
}

// ───────────────────────────── admins ─────────────────────────────

/**
 * `POST /api/refunds/` (admins, money.write; seed 000 "refund functionality (superuser)"): the
 * whole order, some tickets, or an amount (partial, tickets untouched), no fee unless `applyFee`.
 * Created and audited (`refund.created`) in one transaction, then submitted like any refund.
 * Errors: as `createRefund`.
 */
export async function adminCreateRefund(
  deps: Deps,
  actor: Actor,
  input: TAdminCreateRefundInput,
  meta?: AuditEntry['meta'],
): Promise<TRefund> {
  const { refundId } = await deps.db.$transaction(async (tx) => {
    const made = await createRefundIn(tx, deps, {
      orderId: input.orderId,
      ticketIds: input.ticketIds,
      amountMinor: input.amountMinor,
      reason: input.reason,
      note: input.note ?? null,
      initiatedById: actor.user.id,
      applyFee: input.applyFee,
    });
    const row = await tx.refund.findUniqueOrThrow({
      where: { id: made.refundId },
      select: { amountMinor: true, feeMinor: true, currency: true },
    });
    await recordAudit(tx, {
      action: 'refund.created',
      actor: { id: actor.user.id, role: actor.user.role },
      target: { type: 'Order', id: input.orderId },
      after: {
        refundId: made.refundId,
        reason: input.reason,
        amountMinor: row.amountMinor,
        feeMinor: row.feeMinor,
        currency: row.currency,
        ticketIds: input.ticketIds ?? null,
        note: input.note ?? null,
      },
      meta,
    });
    return made;
  });
  await submitInline(deps, refundId);
  return getRefund(deps, refundId);
}
