/**
 * Starts Admit: opens the database (PGlite in `.data/` unless DATABASE_URL), applies pending
 * migrations, seeds the demo world when empty (outside production), and serves everything on
 * one port. SIGINT/SIGTERM shut down gracefully (see the end of this file); a second signal forces
 * the exit.
 */
import { createClient } from 'redis';
import { createRateLimits } from './auth/rate-limits.ts';
import { AdjustableClock } from './clock.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/connection.ts';
import { DEMO_TODAY_EVENT_SLUG, seedDemoWorld } from './db/seed.ts';
import { buildServer } from './http/app.ts';
import { createWorker } from './jobs/registry.ts';
import { createStripeProvider } from './modules/payments/stripe-provider.ts';
import { createLogger } from './ops/logger.ts';
import { SystemLogSink } from './ops/system-log.ts';

const config = loadConfig();
// warnings and notable events are also kept in SystemLog for the admins (ops/system-log.ts)
const systemLog = new SystemLogSink();
const log = createLogger({ level: config.logLevel, systemLog });
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.pgliteDir });
systemLog.attach(db.prisma);
log.info({ database: db.kind }, 'database ready');
if (config.seedDemo) {
  const { created } = await seedDemoWorld(db.prisma, { log: (m) => log.info(m) });
  if (created) log.info('demo world seeded');
}
const clock = new AdjustableClock();
// Rate-limit counters live in Redis when configured, so every instance sees the same budgets.
const redis = config.redisUrl ? createClient({ url: config.redisUrl }) : undefined;
if (redis) {
  redis.on('error', (err) => log.error({ err }, 'redis (rate limits) error'));
  await redis.connect();
}
const limits = createRateLimits(redis);
// Stripe when STRIPE_SECRET_KEY is set; otherwise the offline provider (test mode)
const payments = config.stripe ? createStripeProvider(config.stripe) : undefined;
if (payments) log.info({ testMode: payments.testMode }, 'payments: Stripe');
const server = await buildServer({ db: db.prisma, clock, config, log, limits, payments });

// Background jobs (hold expiry and everything enqueued by services) run in this process.
const worker = createWorker(
  { db: db.prisma, clock, config, log, limits, payments },
  { leaseMs: config.jobs.leaseMs, pollMs: config.jobs.pollMs },
);
worker.start();

await server.app.listen({ port: config.port, host: config.host });
const base = `http://localhost:${config.port}`;
log.info({ notable: true }, `Admit is up: webapp ${base}/  usher ${base}/usher/  API docs ${base}/api/docs`);
if (config.seedDemo) {
  const today = await db.prisma.event.findUnique({ where: { slug: DEMO_TODAY_EVENT_SLUG }, select: { id: true } });
  if (today) log.info(`Demo gate for today's event: ${base}/usher/login?event=${today.id} (usher.amira / usher123)`);
}

/**
 * Graceful shutdown: readiness fails and sockets are disconnected, the listener closes and
 * in-flight HTTP requests finish, the worker finishes the jobs in hand (it takes no new ones),
 * then the system log is flushed and Redis and the database are closed; exit 0. A second signal
 * (or a drain longer than 30 s) exits at once with 1; jobs cut off that way run again after
 * their lease (jobs/queue.ts).
 */
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, notable: true }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown took longer than 30 s: exiting now');
      process.exit(1);
    }, 30_000).unref();
    try {
      await server.close();
      await worker.stop();
      await redis?.quit();
      log.info({ notable: true }, 'stopped');
      await systemLog.close();
      await db.close();
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  });
}
