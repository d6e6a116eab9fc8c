/**
 * Reconciliation (ADR 0011): the provider is asked again about every payment Admit is unsure of,
 * so nothing depends on one webhook or one HTTP response arriving.
 *
 * `payments.reconcile` (cron, every 60 s, one run per tick across instances):
 *   1. payments REQUIRES_CONFIRMATION for more than 2 minutes → the intent is re-read:
 *      succeeded → settled (or refunded, if the order lapsed meanwhile); failed → FAILED;
 *      canceled → CANCELED; still waiting while the order's hold has lapsed → cancelled at the
 *      provider (and if it succeeded in the meantime: the late-payment path);
 *   2. payments the hold expiry cancelled locally (order EXPIRED/CANCELLED) → one
 *      `payments.cancel-intent` job each (dedupe key `cancel-intent:<paymentId>`), which cancels
 *      the intent at the provider so it can no longer be paid — or, if it was paid, refunds it.
 *
 * Everything is idempotent and safe with two instances (or two runs) at once: settling and
 * marking are conditional UPDATEs (settle.ts), jobs are deduplicated by key, provider calls carry
 * idempotency keys or are reads.
 */
import type { Logger } from 'pino';
import { type AppDeps, type Deps, requestDeps } from '../../deps.ts';
import { enqueue } from '../../jobs/queue.ts';
import { type IntentSnapshot, type PaymentProviderAdapter, paymentProvider } from './provider.ts';
import { cancelInTx, failInTx, LATE_REFUND_JOB, refundLatePayment, settlePayment } from './settle.ts';

export const RECONCILE_JOB = 'payments.reconcile';
/** payload `{ paymentId }`, key `cancel-intent:<paymentId>` */
export const CANCEL_INTENT_JOB = 'payments.cancel-intent';
/** a payment unconfirmed this long is asked about (the browser step normally takes seconds) */
export const STUCK_AFTER_MS = 2 * 60_000;
/** how far back locally cancelled payments are looked for (the job key makes each one run once) */
const LAPSED_WINDOW_MS = 24 * 3600_000;

export interface ReconcileReport {
  checked: number;
  settled: number;
  late: number;
  failed: number;
  canceled: number;
  pending: number;
  errors: number;
  /** cancel-intent jobs enqueued for lapsed holds */
  cancelQueued: number;
}

type Outcome = 'settled' | 'late' | 'failed' | 'canceled' | 'pending';

/** Applies what the provider says about one payment. */
async function applySnapshot(deps: Deps, snap: IntentSnapshot): Promise<Outcome> {
  switch (snap.state) {
    case 'succeeded': {
      const r = await settlePayment(deps, snap.providerRef, { paymentMethodRef: snap.paymentMethodRef });
      return r.outcome === 'late' ? 'late' : 'settled';
    }
    case 'failed':
      await deps.db.$transaction((tx) => failInTx(tx, snap.providerRef, snap.failureReason));
      return 'failed';
    case 'canceled':
      await deps.db.$transaction((tx) => cancelInTx(tx, snap.providerRef));
      return 'canceled';
    default:
      return 'pending';
  }
}

async function syncPayment(
  deps: Deps,
  provider: PaymentProviderAdapter,
  p: { providerRef: string; order: { status: string; expiresAt: Date } },
  now: Date,
): Promise<Outcome> {
  let snap = await provider.retrieveIntent(p.providerRef);
  const lapsed = p.order.status !== 'PENDING' || p.order.expiresAt <= now;
  if (lapsed && (snap.state === 'requires_action' || snap.state === 'failed')) {
    // nobody can pay this order any more: make sure nobody can pay the intent either
    snap = await provider.cancelIntent(p.providerRef);
  }
  return applySnapshot(deps, snap);
}

/**
 * One reconciliation run (see the file comment). `limit` bounds each step. Errors on single
 * payments are logged and counted, never stop the run.
 */
export async function reconcilePayments(deps: Deps, opts: { limit?: number } = {}): Promise<ReconcileReport> {
  const limit = opts.limit ?? 100;
  const provider = paymentProvider(deps);
  const now = deps.clock.now();
  const report: ReconcileReport = {
    checked: 0,
    settled: 0,
    late: 0,
    failed: 0,
    canceled: 0,
    pending: 0,
    errors: 0,
    cancelQueued: 0,
  };
  const stuck = await deps.db.payment.findMany({
    where: {
      status: 'REQUIRES_CONFIRMATION',
      provider: provider.name,
      createdAt: { lt: new Date(now.getTime() - STUCK_AFTER_MS) },
    },
    select: { id: true, providerRef: true, order: { select: { status: true, expiresAt: true } } },
    orderBy: { createdAt: 'asc' },
    take: limit,
  });
  for (const p of stuck) {
    report.checked++;
    try {
      report[await syncPayment(deps, provider, p, now)]++;
    } catch (err) {
      report.errors++;
      deps.log.warn({ err, source: 'payments', paymentId: p.id }, 'reconciliation could not check a payment');
    }
  }

  const since = new Date(now.getTime() - LAPSED_WINDOW_MS);
  const lapsed = await deps.db.$queryRaw<{ id: string }[]>`
    SELECT p."id"::text AS id FROM "Payment" p JOIN "Order" o ON o."id" = p."orderId"
    WHERE p."status" = 'CANCELED' AND p."provider" = ${provider.name}::"PaymentProvider"
      AND o."status" IN ('EXPIRED', 'CANCELLED') AND p."updatedAt" > ${since}
      AND NOT EXISTS (SELECT 1 FROM "Job" j WHERE j."key" = 'cancel-intent:' || p."id"::text)
    ORDER BY p."updatedAt" LIMIT ${limit}`;
  for (const { id } of lapsed) {
    if (await enqueue(deps.db, CANCEL_INTENT_JOB, { paymentId: id }, { key: `cancel-intent:${id}` })) {
      report.cancelQueued++;
    }
  }
  return report;
}

/**
 * `payments.cancel-intent`: cancels the intent of a payment whose order lapsed. If the provider
 * says it succeeded first, the payment takes the late-payment path (refunded in full). Throws
 * while the provider is still processing it (the job retries later).
 */
export async function cancelLapsedIntent(deps: Deps, paymentId: string): Promise<void> {
  const payment = await deps.db.payment.findUnique({
    where: { id: paymentId },
    select: { providerRef: true, provider: true, status: true },
  });
  if (!payment || payment.status === 'SUCCEEDED') return;
  const provider = paymentProvider(deps);
  if (provider.name !== payment.provider) return;
  const snap = await provider.cancelIntent(payment.providerRef);
  if (snap.state === 'processing') throw new Error(`intent ${payment.providerRef} is still processing`);
  await applySnapshot(deps, snap);
}

// ───────────────────────────── job handlers (jobs/registry.ts) ─────────────────────────────

const paymentIdOf = (payload: unknown, job: string): string => {
  const id = (payload as { paymentId?: unknown } | null)?.paymentId;
  if (typeof id !== 'string') throw new Error(`${job}: payload.paymentId missing`);
  return id;
};

/** `payments.reconcile` (cron): logs what it changed. */
export async function reconcileJob(deps: AppDeps, log: Logger): Promise<void> {
  const report = await reconcilePayments(requestDeps(deps));
  const changed = report.settled + report.late + report.failed + report.canceled + report.cancelQueued;
  if (changed > 0 || report.errors > 0) log.info({ source: 'payments', ...report }, 'payments reconciled');
}

/** `payments.cancel-intent` `{ paymentId }`. */
export async function cancelIntentJob(deps: AppDeps, payload: unknown): Promise<void> {
  await cancelLapsedIntent(requestDeps(deps), paymentIdOf(payload, CANCEL_INTENT_JOB));
}

/** `payments.refund-late` `{ refundId }`: refunds a late payment at the provider. */
export async function refundLateJob(deps: AppDeps, payload: unknown): Promise<void> {
  const id = (payload as { refundId?: unknown } | null)?.refundId;
  if (typeof id !== 'string') throw new Error(`${LATE_REFUND_JOB}: payload.refundId missing`);
  await refundLatePayment(requestDeps(deps), id);
}
