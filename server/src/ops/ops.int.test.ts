/**
 * Operating the server (issue 5): request ids end to end, /healthz and /readyz, /metrics and who
 * may read it, system logs (sink → table → admin procedures → CSV) and the jobs view.
 */
import { Writable } from 'node:stream';
import { TRPCError } from '@trpc/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buyTickets,
  callerFor,
  describeIf,
  type EventFixture,
  integrationDbReady,
  makeCustomer,
  makeEvent,
  makeUsher,
  openTestDatabase,
  signIn,
  startTestServer,
  testDeps,
} from '../../test/harness.ts';
import { hashPassword } from '../auth/password.ts';
import { loadConfig } from '../config.ts';
import { buildServer } from '../http/app.ts';
import { enqueue, JobWorker } from '../jobs/queue.ts';
import { createContextFactory } from '../trpc/context.ts';
import { createLogger } from './logger.ts';
import { JOB_REQUEST_ID_KEY } from './request-context.ts';
import { SystemLogSink } from './system-log.ts';

const ready = await integrationDbReady();

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describeIf(ready)('operating the server', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let ev: EventFixture;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let support: Awaited<ReturnType<typeof signIn>>;

  const makeAdmin = async (level: 'ADMIN' | 'SUPPORT') => {
    const user = await deps.db.user.create({
      data: {
        role: 'ADMIN',
        adminLevel: level,
        email: `${level.toLowerCase()}.${Math.random().toString(36).slice(2, 8)}@ops.test`,
        firstName: 'Ops',
        lastName: level,
        passwordHash: await hashPassword('irrelevant-1'),
      },
    });
    return signIn(deps, user.id);
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    server = await startTestServer(deps);
    ev = await makeEvent(deps, { quota: 10 });
    admin = await makeAdmin('ADMIN');
    support = await makeAdmin('SUPPORT');
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  describe('request ids', () => {
    it('answers every request with x-request-id, the id the request ran under', async () => {
      const ids = new Set<string>();
      for (const path of ['/healthz', '/trpc/public.events.categories?input={}', '/api/v1/public/events/', '/nope']) {
        const res = await fetch(`${server.url}${path}`);
        const id = res.headers.get('x-request-id');
        expect(id, path).toMatch(/^[0-9a-f-]{36}$/);
        ids.add(id!);
      }
      expect(ids.size).toBe(4);
      // an inbound id is only believed from a trusted proxy
      const spoofed = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'client-chosen-id-1' } });
      expect(spoofed.headers.get('x-request-id')).not.toBe('client-chosen-id-1');
      const proxied = await startTestServer(deps, { TRUST_PROXY: '127.0.0.1' });
      try {
        const res = await fetch(`${proxied.url}/healthz`, { headers: { 'x-request-id': 'edge-lb-1234abcd' } });
        expect(res.headers.get('x-request-id')).toBe('edge-lb-1234abcd');
      } finally {
        await proxied.close();
      }
    });

    it('binds the request id to the services’ logger (deps.log) in the request context', async () => {
      const { lines, stream } = capture();
      const log = pino({ level: 'info' }, stream);
      const make = createContextFactory({ ...deps, log }, { publish: () => {}, secureCookies: false });
      const ctx = await make({
        req: { id: 'req-ctx-1', headers: {}, cookies: {}, ip: '127.0.0.1' } as unknown as FastifyRequest,
        res: { header: () => {} } as unknown as FastifyReply,
      });
      expect(ctx.meta.requestId).toBe('req-ctx-1');
      ctx.deps.log.info('from a service');
      expect(lines[0]).toMatchObject({ requestId: 'req-ctx-1', msg: 'from a service' });
    });

    it('follows a request into the jobs it enqueues and into the worker’s log lines and the system log', async () => {
      const { lines, stream } = capture();
      const sink = new SystemLogSink({ flushMs: 60_000 });
      sink.attach(deps.db);
      const log = createLogger({ level: 'info', destination: stream, systemLog: sink });
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info' });
      const built = await buildServer({ ...deps, config, log });
      // a route that enqueues, as services do inside their transactions (POST: the body is parsed first)
      built.app.post('/test/enqueue', async () => {
        await deps.db.$transaction((tx) => enqueue(tx, 'test.trace', { n: 1 }));
        return { ok: true };
      });
      await built.app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const address = built.app.server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        const res = await fetch(`http://127.0.0.1:${port}/test/enqueue`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ some: 'body' }),
        });
        expect(res.status).toBe(200);
        const requestId = res.headers.get('x-request-id')!;
        const job = await deps.db.job.findFirstOrThrow({ where: { type: 'test.trace' } });
        expect(job.payload).toEqual({ n: 1, [JOB_REQUEST_ID_KEY]: requestId });
        // Fastify's own request lines carry it under the same key
        expect(lines.some((l) => l.requestId === requestId && l.msg === 'request completed')).toBe(true);

        const worker = new JobWorker({ db: deps.db, clock: deps.clock, log }).register(
          'test.trace',
          async (_payload, j) => {
            j.log.warn('handled a traced job');
          },
        );
        expect(await worker.tick()).toBeGreaterThanOrEqual(1);
        expect(lines.find((l) => l.msg === 'handled a traced job')).toMatchObject({
          requestId,
          jobId: job.id,
          source: 'job',
        });
        await sink.flush();
        const stored = await deps.db.systemLog.findFirstOrThrow({ where: { message: 'handled a traced job' } });
        expect(stored).toMatchObject({ level: 'WARN', source: 'job', requestId });
      } finally {
        await built.close();
        await sink.close();
      }
    });
  });

  it('reports liveness and readiness with the job queue depth', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    await enqueue(deps.db, 'test.depth', {}, { runAt: new Date(Date.now() + 3600_000) });
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: Record<string, { status: string; depth?: object }> };
    expect(body.status).toBe('ok');
    expect(body.checks.database!.status).toBe('ok');
    expect(body.checks.queue).toMatchObject({ status: 'ok', depth: { pending: expect.any(Number) } });
    expect((body.checks.queue!.depth as { pending: number }).pending).toBeGreaterThanOrEqual(1);
    expect(body.checks.redis).toBeUndefined(); // not configured
  });

  describe('/metrics', () => {
    it('exposes latency by procedure and route, queue depth, sockets, scans and orders', async () => {
      await fetch(`${server.url}/trpc/public.events.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
      await fetch(`${server.url}/api/v1/public/events/${ev.eventId}/`);
      await fetch(`${server.url}/api/v1/public/events/featured/`);
      const customer = await makeCustomer(deps);
      const [ticket] = await buyTickets(deps, customer.actor, ev, 1);
      const usher = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
      await callerFor(deps, usher.actor).usher.scan.result({ qr: ticket!.qrPayload });

      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toMatch(
        /admit_http_request_duration_seconds_count\{method="GET",route="\/trpc\/public\.events\.list",status="200"\} \d+/,
      );
      expect(text).toContain('route="/api/v1/public/events/{id}",status="200"');
      expect(text).toContain('route="/api/v1/public/events/featured",status="200"');
      expect(text).toMatch(/admit_job_queue_depth\{status="PENDING"\} \d+/);
      expect(text).toMatch(/admit_socket_connections \d+/);
      expect(text).toMatch(/admit_scans_total\{result="VALID"\} [1-9]/);
      expect(text).toMatch(/admit_orders_total\{transition="created"\} [1-9]/);
      expect(text).toMatch(/admit_orders_total\{transition="paid"\} [1-9]/);
      expect(text).toContain('process_cpu_user_seconds_total');
      // made-up paths do not become label values
      await fetch(`${server.url}/trpc/made.up.path${Math.random()}`);
      expect(await (await fetch(`${server.url}/metrics`)).text()).not.toContain('made.up.path');
    });

    it('is not public: loopback, or the metrics token', async () => {
      const viaProxy = { 'x-forwarded-for': '203.0.113.7' };
      expect((await fetch(`${server.url}/metrics`, { headers: viaProxy })).status).toBe(403);
      const token = 'metrics-token-0123456789';
      const guarded = await startTestServer(deps, { METRICS_TOKEN: token });
      try {
        expect((await fetch(`${guarded.url}/metrics`, { headers: viaProxy })).status).toBe(401);
        const wrong = { ...viaProxy, authorization: 'Bearer not-the-token-000000' };
        expect((await fetch(`${guarded.url}/metrics`, { headers: wrong })).status).toBe(401);
        const right = { ...viaProxy, authorization: `Bearer ${token}` };
        expect((await fetch(`${guarded.url}/metrics`, { headers: right })).status).toBe(200);
      } finally {
        await guarded.close();
      }
    });
  });

  describe('system logs for admins', () => {
    const base = Date.UTC(2030, 0, 10, 12);
    beforeAll(async () => {
      await deps.db.systemLog.createMany({
        data: [
          { at: new Date(base), level: 'INFO', source: 'server', message: 'Admit is up' },
          {
            at: new Date(base + 60_000),
            level: 'WARN',
            source: 'job',
            message: 'job failed; will retry',
            requestId: 'r-1',
          },
          {
            at: new Date(base + 120_000),
            level: 'ERROR',
            source: 'http',
            message: '=HYPERLINK("http://evil") unexpected error',
            requestId: 'r-2',
            context: { path: 'customer.tickets.book' },
          },
          { at: new Date(base + 86_400_000), level: 'FATAL', source: 'server', message: 'out of memory' },
        ],
      });
    });

    it('lists with level, source, text, request id, date filters and pages', async () => {
      const api = callerFor(deps, support.actor).admin.logs;
      const window = { from: new Date(base - 1), to: new Date(base + 2 * 86_400_000) };
      const all = await api.system({ ...window, page: 1, pageSize: 10 });
      expect(all.items.map((e) => e.message)).toEqual([
        'out of memory',
        '=HYPERLINK("http://evil") unexpected error',
        'job failed; will retry',
        'Admit is up',
      ]);
      expect(all.sources).toEqual(expect.arrayContaining(['http', 'job', 'server']));
      expect((await api.system({ ...window, level: 'ERROR', page: 1, pageSize: 10 })).total).toBe(2);
      expect((await api.system({ ...window, source: 'job', page: 1, pageSize: 10 })).items[0]!.requestId).toBe('r-1');
      expect((await api.system({ ...window, q: 'UNEXPECTED', page: 1, pageSize: 10 })).total).toBe(1);
      expect((await api.system({ ...window, requestId: 'r-2', page: 1, pageSize: 10 })).total).toBe(1);
      expect(
        (await api.system({ from: new Date(base), to: new Date(base + 60_000), page: 1, pageSize: 10 })).total,
      ).toBe(1);
      const page2 = await api.system({ ...window, page: 2, pageSize: 3 });
      expect(page2).toMatchObject({ total: 4, totalPages: 2, items: [{ message: 'Admit is up' }] });
    });

    it('exports CSV with the same filters, formula-safe, for admins only', async () => {
      const qs = `from=${new Date(base - 1).toISOString()}&to=${new Date(base + 3_600_000).toISOString()}`;
      const res = await fetch(`${server.url}/api/logs/system/export.csv?${qs}`, {
        headers: { authorization: `Bearer ${support.token}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="system-/);
      const csv = await res.text();
      const lines = csv.trim().split('\n');
      expect(lines[0]).toBe('at,level,source,message,request_id,context');
      expect(lines).toHaveLength(4);
      expect(csv).toContain(`"'=HYPERLINK(""http://evil"") unexpected error"`);
      expect(csv).not.toContain('out of memory');

      const customer = await makeCustomer(deps);
      const refused = await fetch(`${server.url}/api/logs/system/export.csv`, {
        headers: { authorization: `Bearer ${customer.token}` },
      });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect((await fetch(`${server.url}/api/logs/system/export.csv`)).status).toBe(401);
      // also at the REST path of the procedure
      const rest = await fetch(`${server.url}/api/logs/system/?level=FATAL`, {
        headers: { authorization: `Bearer ${admin.token}` },
      });
      expect(rest.status).toBe(200);
      expect(((await rest.json()) as { items: { message: string }[] }).items[0]!.message).toBe('out of memory');
    });
  });

  it('lists jobs by status with attempts and last error; admins retry dead ones once', async () => {
    await deps.db.job.create({
      data: {
        type: 'test.dead',
        status: 'DEAD',
        attempts: 8,
        maxAttempts: 8,
        lastError: 'SMTP 550 mailbox unavailable',
      },
    });
    const res = await fetch(`${server.url}/api/jobs/?status=DEAD`, {
      headers: { authorization: `Bearer ${support.token}` },
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as {
      items: { id: string; lastError: string; attempts: number }[];
      counts: { dead: number };
    };
    expect(page.counts.dead).toBeGreaterThanOrEqual(1);
    const dead = page.items.find((j) => j.lastError === 'SMTP 550 mailbox unavailable')!;
    expect(dead).toMatchObject({ attempts: 8 });

    const retry = (token: string) =>
      fetch(`${server.url}/api/jobs/${dead.id}/retry/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
    expect((await retry(support.token)).status).toBe(403);
    const ok = await retry(admin.token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: dead.id, status: 'PENDING', attempts: 0, lastError: null });
    const again = await retry(admin.token);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'INVALID_STATE' } });
    expect(await deps.db.auditLog.count({ where: { action: 'job.retried', targetId: dead.id } })).toBe(1);

    const missing = await callerFor(deps, admin.actor)
      .admin.jobs.retry({ id: '00000000-0000-4000-8000-000000000000' })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TRPCError);
    expect((missing as TRPCError).code).toBe('NOT_FOUND');
  });
});
