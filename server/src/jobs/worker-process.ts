/**
 * A process that only runs background jobs (no HTTP): `tsx server/src/jobs/worker-main.ts` with
 * DATABASE_URL (PostgreSQL; the embedded PGlite belongs to one process). Several of them, and
 * the servers' own workers, share the queue safely (jobs/queue.ts claims with SKIP LOCKED).
 *
 * Env: the server's (config.ts), notably JOB_LEASE_MS (how long a RUNNING job of a silent worker
 * waits before another takes it) and JOB_POLL_MS. SIGTERM/SIGINT finish the jobs in hand, then
 * exit 0; a second signal exits at once (the jobs in hand run again after their lease).
 */
import { createRateLimits } from '../auth/rate-limits.ts';
import type { Clock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import type { AppDeps } from '../deps.ts';
import { createStripeProvider } from '../modules/payments/stripe-provider.ts';
import { createLogger } from '../ops/logger.ts';
import { SystemLogSink } from '../ops/system-log.ts';
import type { JobWorker } from './queue.ts';
import { createWorker } from './registry.ts';

const systemClock: Clock = { now: () => new Date() };

export interface WorkerProcessOptions {
  /** registers extra job types (tests use it for a job type of their own) */
  extend?(worker: JobWorker, deps: AppDeps): void;
}

export async function runWorkerProcess(opts: WorkerProcessOptions = {}) {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('A worker-only process needs DATABASE_URL (PostgreSQL).');
  const systemLog = new SystemLogSink();
  const log = createLogger({ level: config.logLevel, systemLog });
  const db = await openDatabase({ url: config.databaseUrl, poolSize: 5 });
  systemLog.attach(db.prisma);
  const deps: AppDeps = {
    db: db.prisma,
    clock: systemClock,
    config,
    log,
    limits: createRateLimits(),
    // payment jobs (reconciliation, late refunds) talk to Stripe when it is configured
    payments: config.stripe ? createStripeProvider(config.stripe) : undefined,
  };
  const worker = createWorker(deps, { leaseMs: config.jobs.leaseMs, pollMs: config.jobs.pollMs });
  opts.extend?.(worker, deps);
  worker.start();
  log.info({ notable: true, source: 'worker', workerId: worker.workerId }, 'job worker started');

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, async () => {
      if (stopping) process.exit(1);
      stopping = true;
      log.info({ notable: true, source: 'worker', signal }, 'job worker stopping');
      await worker.stop();
      await systemLog.close();
      await db.close();
      process.exit(0);
    });
  }
  return { worker, deps };
}
