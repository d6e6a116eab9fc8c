/**
 * Starts Admit: opens the database (PGlite in `.data/` unless DATABASE_URL), applies pending
 * migrations, seeds the demo world when empty (outside production), and serves everything on
 * one port. SIGINT/SIGTERM drain HTTP and sockets before exit.
 */
import pino from 'pino';
import { createClient } from 'redis';
import { createRateLimits } from './auth/rate-limits.ts';
import { AdjustableClock } from './clock.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/connection.ts';
import { DEMO_TODAY_EVENT_SLUG, seedDemoWorld } from './db/seed.ts';
import { buildServer } from './http/app.ts';
import { createWorker } from './jobs/registry.ts';

const config = loadConfig();
const log = pino({
  level: config.logLevel,
  redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', '*.code'],
});
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.pgliteDir });
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
const server = await buildServer({ db: db.prisma, clock, config, log, limits });

// Background jobs (hold expiry and everything enqueued by services) run in this process.
const worker = createWorker({ db: db.prisma, clock, config, log, limits });
worker.start();

await server.app.listen({ port: config.port, host: config.host });
const base = `http://localhost:${config.port}`;
log.info(`Admit is up: webapp ${base}/  usher ${base}/usher/  API docs ${base}/api/docs`);
if (config.seedDemo) {
  const today = await db.prisma.event.findUnique({ where: { slug: DEMO_TODAY_EVENT_SLUG }, select: { id: true } });
  if (today) log.info(`Demo gate for today's event: ${base}/usher/login?event=${today.id} (usher.amira / usher123)`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await server.close();
    await worker.stop();
    await redis?.quit();
    await db.close();
    process.exit(0);
  });
}
