/**
 * Every job type the server runs, and its schedule. A new kind of background work registers
 * its handler here (and nowhere else).
 */
import type { AppDeps } from '../deps.ts';
import { eventCancelOrderJob } from '../modules/events/event-cancel.service.ts';
import { autoReloadJob, NFC_AUTO_RELOAD_JOB } from '../modules/nfc/nfc-spend.ts';
import { DELIVER_JOB, deliverNotification } from '../modules/notifications/notification.service.ts';
import { expireHolds } from '../modules/orders/orders.service.ts';
import {
  EVENT_CHANGED_JOBS,
  eventChangedFanOutJob,
  eventChangedNotifyJob,
} from '../modules/organizer/event-changed.ts';
import {
  CANCEL_INTENT_JOB,
  cancelIntentJob,
  RECONCILE_JOB,
  reconcileJob,
  refundLateJob,
} from '../modules/payments/reconcile.ts';
import { LATE_REFUND_JOB } from '../modules/payments/settle.ts';
import { RAFFLE_JOBS } from '../modules/raffles/draw/draw.service.ts';
import { raffleJobHandlers } from '../modules/raffles/draw/schedule.ts';
import { RAFFLE_CANCEL_JOB, raffleCancelJob, raffleRefundOrderJob } from '../modules/raffles/raffle-cancel.service.ts';
import { RAFFLE_REFUND_ORDER_JOB } from '../modules/raffles/raffle-checkout.ts';
import { REFUND_JOBS, submitRefundJob } from '../modules/refunds/refunds.service.ts';
import { type CronJob, JobWorker, type WorkerOptions } from './queue.ts';

export const JOB_TYPES = {
  expireHolds: 'orders.expire-holds',
  /** one notification delivery on one channel (enqueued by notify(), key `deliver:<deliveryId>`) */
  deliverNotification: DELIVER_JOB,
  /** ask the provider about unsure payments; cancel intents of lapsed holds (cron, every 60 s) */
  reconcilePayments: RECONCILE_JOB,
  /** cancel one lapsed order's intent at the provider (key `cancel-intent:<paymentId>`) */
  cancelIntent: CANCEL_INTENT_JOB,
  /** refund a payment that arrived after its order lapsed (key `late-refund:<refundId>`) */
  refundLatePayment: LATE_REFUND_JOB,
  /** submit a PENDING refund to the provider (retry path; key `refund-submit:<refundId>`) */
  submitRefund: REFUND_JOBS.submit,
  /** full refund of one paid order of a cancelled event (key `event-cancel:<eventId>:<orderId>`) */
  eventCancelOrder: REFUND_JOBS.eventCancelOrder,
  /** raffle draw steps (modules/raffles/draw/schedule.ts; keys `raffle:<id>:close|commit|draw`) */
  raffleClose: RAFFLE_JOBS.close,
  raffleCommit: RAFFLE_JOBS.commit,
  raffleDraw: RAFFLE_JOBS.draw,
  /** forfeit unclaimed prizes and redraw (key `raffle:<id>:claim-deadline:<winnerId>`) */
  raffleClaimDeadline: RAFFLE_JOBS.claimDeadline,
  /** cron safety net: raffles past one of their times move on (every 60 s) */
  raffleSweep: RAFFLE_JOBS.sweep,
  /** a cancelled raffle: holds cancelled, one refund job per paid order (key `raffle-cancel-sweep:<id>`) */
  raffleCancel: RAFFLE_CANCEL_JOB,
  /** full refund of one paid raffle order (key `raffle-cancel:<raffleId>:<orderId>` or `raffle-late:…`) */
  raffleRefundOrder: RAFFLE_REFUND_ORDER_JOB,
  /** charge one NFC auto-reload order off-session (key `nfc-auto-reload:<cardId>:<orderId>`; modules/nfc) */
  nfcAutoReload: NFC_AUTO_RELOAD_JOB,
  /** an approved change moved an event: one job per ticket holder (key `event-changed:<requestId>`) */
  eventChangedFanOut: EVENT_CHANGED_JOBS.fanOut,
  /** tell one holder (`event.changed`; key `event-changed:<requestId>:<holderId>`) */
  eventChangedNotify: EVENT_CHANGED_JOBS.notifyHolder,
} as const;

/** Recurring work: lapsed holds go back to the quota every 30 s (once per tick across instances). */
export const CRON: CronJob[] = [
  { name: 'expire-holds', everyMs: 30_000, type: JOB_TYPES.expireHolds },
  // payments reconciliation (modules/payments/reconcile.ts)
  { name: 'payments-reconcile', everyMs: 60_000, type: JOB_TYPES.reconcilePayments },
  // raffle close/commit/draw/forfeit safety net (modules/raffles/draw/schedule.ts)
  { name: 'raffles-sweep', everyMs: 60_000, type: JOB_TYPES.raffleSweep },
];

export function createWorker(deps: AppDeps, opts: WorkerOptions = {}): JobWorker {
  const worker = new JobWorker(deps, { cron: CRON, ...opts });
  worker.register(JOB_TYPES.expireHolds, async (_payload, job) => {
    const expired = await expireHolds(deps);
    if (expired > 0) job.log.info({ expired }, 'expired lapsed holds');
  });
  worker.register(JOB_TYPES.deliverNotification, (payload, job) => deliverNotification(deps, payload, job));
  worker.register(JOB_TYPES.reconcilePayments, (_payload, job) => reconcileJob(deps, job.log));
  worker.register(JOB_TYPES.cancelIntent, (payload) => cancelIntentJob(deps, payload));
  worker.register(JOB_TYPES.refundLatePayment, (payload) => refundLateJob(deps, payload));
  worker.register(JOB_TYPES.submitRefund, (payload, job) => submitRefundJob(deps, payload, job));
  worker.register(JOB_TYPES.eventCancelOrder, (payload) => eventCancelOrderJob(deps, payload));
  for (const [type, handler] of Object.entries(raffleJobHandlers(deps))) worker.register(type, handler);
  worker.register(JOB_TYPES.raffleCancel, (payload) => raffleCancelJob(deps, payload));
  worker.register(JOB_TYPES.raffleRefundOrder, (payload) => raffleRefundOrderJob(deps, payload));
  worker.register(JOB_TYPES.nfcAutoReload, (payload) => autoReloadJob(deps, payload));
  worker.register(JOB_TYPES.eventChangedFanOut, async (payload, job) => {
    const added = await eventChangedFanOutJob(deps, payload);
    job.log.info({ added }, 'event change: holder notifications enqueued');
  });
  worker.register(JOB_TYPES.eventChangedNotify, (payload) => eventChangedNotifyJob(deps, payload));
  return worker;
}
