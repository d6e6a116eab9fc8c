/**
 * Every job type the server runs, and its schedule. A new kind of background work registers
 * its handler here (and nowhere else).
 */
import type { AppDeps } from '../deps.ts';
import { DELIVER_JOB, deliverNotification } from '../modules/notifications/notification.service.ts';
import { expireHolds } from '../modules/orders/orders.service.ts';
import { type CronJob, JobWorker, type WorkerOptions } from './queue.ts';

export const JOB_TYPES = {
  expireHolds: 'orders.expire-holds',
  /** one notification delivery on one channel (enqueued by notify(), key `deliver:<deliveryId>`) */
  deliverNotification: DELIVER_JOB,
} as const;

/** Recurring work: lapsed holds go back to the quota every 30 s (once per tick across instances). */
export const CRON: CronJob[] = [{ name: 'expire-holds', everyMs: 30_000, type: JOB_TYPES.expireHolds }];

export function createWorker(deps: AppDeps, opts: WorkerOptions = {}): JobWorker {
  const worker = new JobWorker(deps, { cron: CRON, ...opts });
  worker.register(JOB_TYPES.expireHolds, async (_payload, job) => {
    const expired = await expireHolds(deps);
    if (expired > 0) job.log.info({ expired }, 'expired lapsed holds');
  });
  worker.register(JOB_TYPES.deliverNotification, (payload, job) => deliverNotification(deps, payload, job));
  return worker;
}
