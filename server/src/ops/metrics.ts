/**
 * Prometheus metrics (issue 5 "Prometheus metrics at /metrics"), with prom-client.
 *
 * Process-wide (one registry per process, incremented where things happen):
 *   admit_http_request_duration_seconds{method,route,status}  histogram; route = the tRPC
 *        procedure path (`/trpc/public.events.list`, each procedure of a batch observed), the REST
 *        route pattern (`/api/v1/public/events/{id}`), or Fastify's route pattern
 *   admit_scans_total{result}            usher scans by result (VALID, ALREADY_SCANNED, …)
 *   admit_orders_total{transition}       created / paid / expired / cancelled
 *   admit_system_log_dropped_total       system-log entries dropped (database down, queue full)
 *   process_* and nodejs_*               prom-client's default metrics
 * Per server, collected on scrape:
 *   admit_job_queue_depth{status}        jobs by status (PENDING, RUNNING, SUCCEEDED, DEAD)
 *   admit_socket_connections             socket.io connections on this instance
 *
 * Labels only ever take values from closed sets (known procedures and routes, HTTP statuses),
 * so a client cannot blow up the series count with made-up paths.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpDuration = new Histogram({
  name: 'admit_http_request_duration_seconds',
  help: 'HTTP request duration by route (tRPC procedure, REST route pattern) and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const scansTotal = new Counter({
  name: 'admit_scans_total',
  help: 'Usher ticket scans by result',
  labelNames: ['result'] as const,
  registers: [registry],
});

export type OrderTransition = 'created' | 'paid' | 'expired' | 'cancelled';

export const ordersTotal = new Counter({
  name: 'admit_orders_total',
  help: 'Orders by status transition (created, paid, expired, cancelled)',
  labelNames: ['transition'] as const,
  registers: [registry],
});

export const systemLogDropped = new Counter({
  name: 'admit_system_log_dropped_total',
  help: 'System log entries dropped because the database was unavailable or the queue was full',
  registers: [registry],
});

export function countScan(result: string): void {
  scansTotal.inc({ result });
}

export function countOrders(transition: OrderTransition, n = 1): void {
  if (n > 0) ordersTotal.inc({ transition }, n);
}

type QueueStats = { pending: number; running: number; succeeded: number; dead: number };

/**
 * The per-server gauges. `queueStats` is read on each scrape (bounded by a timeout so a slow
 * database cannot hang the scrape); `sockets` reports this instance's live connections.
 */
export function createServerMetrics(sources: { queueStats(): Promise<QueueStats>; sockets(): number }) {
  const local = new Registry();
  new Gauge({
    name: 'admit_job_queue_depth',
    help: 'Background jobs by status',
    labelNames: ['status'] as const,
    registers: [local],
    async collect() {
      this.reset();
      try {
        const s = await withTimeout(sources.queueStats(), 2000);
        this.set({ status: 'PENDING' }, s.pending);
        this.set({ status: 'RUNNING' }, s.running);
        this.set({ status: 'SUCCEEDED' }, s.succeeded);
        this.set({ status: 'DEAD' }, s.dead);
      } catch {
        // database unreachable: no samples (readiness reports it)
      }
    },
  });
  new Gauge({
    name: 'admit_socket_connections',
    help: 'Open socket.io connections on this instance',
    registers: [local],
    collect() {
      this.set(sources.sockets());
    },
  });
  return {
    async render(): Promise<{ contentType: string; body: string }> {
      const merged = Registry.merge([registry, local]);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Route patterns of the REST surface, to label `/api/*` requests by pattern, not by URL. */
export function restRouteResolver(paths: Record<string, Record<string, unknown>>) {
  const routes = Object.entries(paths).flatMap(([pattern, methods]) => {
    const re = new RegExp(
      `^${pattern
        .replace(/\/+$/, '')
        .split(/\{[^}]+\}/)
        .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
        .join('[^/]+')}/?$`,
    );
    const params = (pattern.match(/\{/g) ?? []).length;
    return Object.keys(methods).map((m) => ({ method: m.toUpperCase(), re, pattern, params }));
  });
  // literal segments win over parameters (`/events/featured/` before `/events/{id}/`)
  routes.sort((a, b) => a.params - b.params);
  return (method: string, path: string): string | undefined => {
    const clean = path.split('?')[0]!.replace(/^\/api(?=\/)/, '');
    return routes.find((r) => r.method === method && r.re.test(clean))?.pattern;
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/**
 * `/metrics` is not public: it answers a bearer token equal to METRICS_TOKEN, or a direct
 * loopback client (a scraper on the same host). A request that came through a proxy (it carries
 * X-Forwarded-For / Forwarded) is not "loopback" even if the proxy itself is local.
 */
export function metricsAllowed(
  req: { ip: string; headers: Record<string, string | string[] | undefined> },
  token: string | undefined,
): boolean {
  const auth = req.headers.authorization;
  if (token && typeof auth === 'string' && auth.startsWith('Bearer ')) {
    return timingSafeEqual(sha256(auth.slice(7).trim()), sha256(token));
  }
  const proxied = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  return !proxied && LOOPBACK.has(req.ip);
}
