/**
 * Operating the HTTP server (issue 5 "Operating the server"):
 *
 * - every request runs inside its request id (ops/request-context.ts) and answers it in
 *   `x-request-id`; the id is Fastify's (a UUID), or an inbound `x-request-id` when a trusted
 *   proxy (TRUST_PROXY) sent one;
 * - request durations go to `admit_http_request_duration_seconds` labelled by procedure / route
 *   pattern (ops/metrics.ts);
 * - `GET /healthz`  the process is alive (no dependencies are touched);
 * - `GET /readyz`   database (`SELECT 1`, 2 s), Redis when configured (PING), job queue (depth)
 *                   → 200 `{status:'ok', checks}` or 503 `{status:'unavailable', checks}`;
 *                   503 `draining` once shutdown began;
 * - `GET /metrics`  Prometheus text; loopback clients or `Authorization: Bearer $METRICS_TOKEN`;
 * - `GET /api/logs/system/export.csv`  the system log as CSV (`admin.logs.systemCsv`).
 */
import { AsyncResource } from 'node:async_hooks';
import type { AnyRouter } from '@trpc/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { restError } from '../http/rest-errors.ts';
import { queueStats } from '../jobs/queue.ts';
import { createServerMetrics, httpDuration, metricsAllowed, restRouteResolver, withTimeout } from './metrics.ts';
import { runWithRequestId } from './request-context.ts';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Fastify `genReqId`: a fresh UUID, or a well-formed inbound id from a trusted proxy. */
export function requestIdGenerator(config: Pick<Config, 'trustProxy'>) {
  return (req: { headers: Record<string, string | string[] | undefined> }) => {
    const inbound = req.headers['x-request-id'];
    if (config.trustProxy && typeof inbound === 'string' && SAFE_REQUEST_ID.test(inbound)) return inbound;
    return crypto.randomUUID();
  };
}

const scopes = new WeakMap<FastifyRequest, AsyncResource>();

/**
 * Hooks every request passes: the request id (response header and async scope), the latency
 * histogram, and `Connection: close` once shutdown began. Register before any route.
 */
export function installRequestTracking(
  app: FastifyInstance,
  opts: { router: AnyRouter; restPaths: () => Record<string, Record<string, unknown>>; draining: () => boolean },
) {
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    runWithRequestId(req.id, () => {
      // a request with a body loses the scope while the body streams in (see preValidation)
      if (req.method !== 'GET' && req.method !== 'HEAD') scopes.set(req, new AsyncResource('admit.request'));
      done();
    });
  });
  // body parsing runs in the socket's async context: re-enter the request's scope afterwards
  app.addHook('preValidation', (req, _reply, done) => {
    const scope = scopes.get(req);
    if (scope) scope.runInAsyncScope(done, req.raw);
    else done();
  });

  const procedures = new Set(Object.keys((opts.router._def as { procedures: object }).procedures));
  let rest: ReturnType<typeof restRouteResolver> | undefined;
  const routesOf = (req: FastifyRequest): string[] => {
    const pattern = req.routeOptions?.url;
    if (!pattern) return ['unmatched'];
    if (pattern.endsWith('/trpc/:path')) {
      const paths = String((req.params as { path?: string }).path ?? '').split(',');
      return paths.every((p) => procedures.has(p)) ? paths.map((p) => `/trpc/${p}`) : [pattern];
    }
    if (pattern === '/api/*') {
      rest ??= restRouteResolver(opts.restPaths());
      const matched = rest(req.method, req.url);
      return [matched ? `/api${matched}` : pattern];
    }
    return [pattern];
  };
  // shutting down: the connection closes after this response (keep-alive would hold the drain open)
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (opts.draining()) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onResponse', (req, reply, done) => {
    const seconds = reply.elapsedTime / 1000;
    const status = String(reply.statusCode);
    for (const route of routesOf(req)) httpDuration.observe({ method: req.method, route, status }, seconds);
    done();
  });
}

export interface OpsRoutesOptions {
  db: Db;
  config: Config;
  /** Redis PING, when Redis is configured */
  redisPing?: () => Promise<unknown>;
  sockets(): number;
  /** true once shutdown began: readiness answers 503 so balancers stop sending */
  draining(): boolean;
  /** the system-log CSV, through the same procedure as `admin.logs.systemCsv` */
  systemCsv(req: FastifyRequest, reply: FastifyReply): Promise<{ csv: string }>;
}

type Check = { status: 'ok' | 'fail'; latencyMs?: number; error?: string; depth?: Record<string, number> };

async function check(fn: () => Promise<Partial<Check> | undefined>, ms = 2000): Promise<Check> {
  const started = performance.now();
  try {
    const extra = await withTimeout(fn(), ms);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started), ...extra };
  } catch (err) {
    // no internals on an unauthenticated endpoint: just what kind of failure
    const timedOut = err instanceof Error && err.message.startsWith('timed out');
    return { status: 'fail', error: timedOut ? 'timeout' : 'unreachable' };
  }
}

export function registerOpsRoutes(app: FastifyInstance, opts: OpsRoutesOptions) {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    if (opts.draining()) return reply.code(503).send({ status: 'draining', checks: {} });
    const [database, queue, redis] = await Promise.all([
      check(async () => {
        await opts.db.$queryRaw`SELECT 1`;
        return undefined;
      }),
      check(async () => {
        const s = await queueStats(opts.db);
        return { depth: { pending: s.pending, running: s.running, dead: s.dead } };
      }),
      opts.redisPing ? check(async () => void (await opts.redisPing!())) : undefined,
    ]);
    const checks: Record<string, Check> = { database, queue, ...(redis ? { redis } : {}) };
    const ok = Object.values(checks).every((c) => c.status === 'ok');
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
  });

  const metrics = createServerMetrics({ queueStats: () => queueStats(opts.db), sockets: opts.sockets });
  app.get('/metrics', async (req, reply) => {
    if (!metricsAllowed(req, opts.config.metricsToken)) {
      if (opts.config.metricsToken) reply.header('www-authenticate', 'Bearer');
      return reply
        .code(opts.config.metricsToken ? 401 : 403)
        .send({ error: { code: 'FORBIDDEN', message: 'Metrics are served to loopback or with the metrics token.' } });
    }
    const { contentType, body } = await metrics.render();
    return reply.header('cache-control', 'no-store').type(contentType).send(body);
  });

  // System log as CSV: same filters and permission as `admin.logs.system`.
  app.get('/api/logs/system/export.csv', async (req, reply) => {
    try {
      const { csv } = await opts.systemCsv(req, reply);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="system-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send(csv);
    } catch (err) {
      const { status, body } = restError(err);
      return reply.code(status).type('application/json').send(body);
    }
  });
}
