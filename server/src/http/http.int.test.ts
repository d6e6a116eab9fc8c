/**
 * Real HTTP: the tRPC endpoint through @trpc/client, the REST surface at the seeds' paths with
 * the seeds' error format, CSRF, and socket.io gate counts between two clients.
 */

import type { ClientToServerEvents, GateCountsPayload, ServerToClientEvents } from '@admit/shared';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { io, type Socket } from 'socket.io-client';
import superjson from 'superjson';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buyTickets,
  describeIf,
  type EventFixture,
  integrationDbReady,
  latestCode,
  makeCustomer,
  makeEvent,
  makeUsher,
  openTestDatabase,
  startTestServer,
  testDeps,
} from '../../test/harness.ts';
import type { AppRouter } from '../trpc/router.ts';

const ready = await integrationDbReady();

describeIf(ready)('HTTP surface', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let ev: EventFixture;

  const trpcAs = (token?: string) =>
    createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: `${server.url}/trpc`,
          transformer: superjson,
          headers: token ? { authorization: `Bearer ${token}` } : {},
        }),
      ],
    });
  const rest = async (
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${server.url}/api${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
    return { status: res.status, body: (await res.json()) as Record<string, any>, headers: res.headers };
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    server = await startTestServer(deps);
    ev = await makeEvent(deps, { quota: 5 });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('registers, books and pays over REST at the seed paths; the session cookie works for tRPC', async () => {
    const mobile = '+201066600001';
    const reg = await rest('POST', '/v1/users/register/', {
      mobile,
      password: 'pyramids-77',
      firstName: 'Hana',
      lastName: 'Samy',
    });
    expect(reg.status).toBe(200);
    const verified = await fetch(`${server.url}/api/v1/users/verify-otp/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mobile, code: await latestCode(deps, mobile) }),
    });
    expect(verified.status).toBe(200);
    const cookie = verified.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/admit_session=[a-z2-7]{24}\.[a-z2-7]{24}; .*HttpOnly/i);
    const { token } = (await verified.json()) as { token: string };

    const me = await rest('GET', '/v1/users/me/', undefined, token);
    expect(me.body).toMatchObject({ mobile, role: 'CUSTOMER' });
    expect(JSON.stringify(me.body)).not.toMatch(/passwordHash|secretHash/);

    const order = await rest(
      'POST',
      '/v1/tickets/book/',
      { eventId: ev.eventId, ticketCategoryId: ev.standardId, quantity: 2 },
      token,
    );
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({ status: 'PENDING', totalMinor: 90_000 });
    const intent = await rest('POST', '/v1/payments/process/', { orderId: order.body.id }, token);
    const paid = await rest('POST', '/v1/payments/confirm/', { paymentId: intent.body.paymentId }, token);
    expect(paid.body.status).toBe('PAID');
    const list = await rest('GET', '/v1/users/tickets/?page=1&pageSize=5', undefined, token);
    expect(list.body.total).toBe(2);
    const qr = await rest('GET', `/v1/users/tickets/${list.body.items[0].id}/qr-code/?format=png`, undefined, token);
    expect(qr.body.mimeType).toBe('image/png');
    expect(Buffer.from(qr.body.data, 'base64').subarray(1, 4).toString()).toBe('PNG');

    // the same session through tRPC with the cookie only
    const res = await fetch(
      `${server.url}/trpc/customer.tickets.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`,
      {
        headers: { cookie: cookie.split(';')[0]! },
      },
    );
    expect(res.status).toBe(200);
  });

  it('answers errors in the seeds’ format with the right status and no internals', async () => {
    const customer = await makeCustomer(deps);
    const usher = await makeUsher(deps, ev.eventId, null, ev.organizerId);

    const bad = await rest('POST', '/v1/tickets/book/', { eventId: 'nope', quantity: 0 }, customer.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(bad.body.error.details)).toEqual(
      expect.arrayContaining(['eventId', 'ticketCategoryId', 'quantity']),
    );

    expect((await rest('GET', '/v1/users/tickets/')).body).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' },
    });
    expect((await rest('GET', '/v1/users/tickets/', undefined, usher.token)).status).toBe(403);
    const missing = await rest(
      'GET',
      '/v1/users/tickets/00000000-0000-4000-8000-000000000000/',
      undefined,
      customer.token,
    );
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect((await rest('GET', '/v1/public/events/no-such-event/')).status).toBe(404);
    expect((await rest('GET', '/v1/nothing-here/')).status).toBe(404);

    const tooMany = await rest(
      'POST',
      '/v1/tickets/book/',
      { eventId: ev.eventId, ticketCategoryId: ev.standardId, quantity: 4 },
      customer.token,
    );
    expect(tooMany).toMatchObject({
      status: 409,
      body: { error: { code: 'SOLD_OUT', details: { quantity: ['3 available'] } } },
    });
    for (const r of [bad, tooMany]) expect(JSON.stringify(r.body)).not.toMatch(/stack|at \/|\.ts:/);

    // same codes through tRPC
    const err = await trpcAs(customer.token)
      .customer.tickets.book.mutate({ eventId: ev.eventId, ticketCategoryId: ev.standardId, quantity: 0 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as TRPCClientError<AppRouter>).data).toMatchObject({
      appCode: 'VALIDATION_FAILED',
      httpStatus: 400,
      fieldErrors: { quantity: [expect.any(String)] },
    });
  });

  it('refuses cross-site cookie requests (CSRF) but accepts same-origin and bearer ones', async () => {
    const customer = await makeCustomer(deps);
    const body = JSON.stringify({ eventId: ev.eventId, ticketCategoryId: ev.vipId, quantity: 1 });
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/v1/tickets/book/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const cookie = `admit_session=${customer.token}`;
    expect((await post({ cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ cookie, origin: server.url, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await post({ authorization: `Bearer ${customer.token}`, origin: 'https://evil.example' })).status).toBe(
      200,
    );
  });

  it('ignores X-Forwarded-For unless the proxy is trusted (clients cannot choose the IP rate limits count)', async () => {
    const guesses = async (url: string) => {
      let limited = 0;
      for (let i = 0; i < 35; i++) {
        const res = await fetch(`${url}/api/v1/users/login/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${i}.1` },
          body: JSON.stringify({ mobile: `+2015${String(i).padStart(8, '0')}`, password: 'wrong-password' }),
        });
        if (res.status === 429) limited++;
      }
      return limited;
    };
    expect(await guesses(server.url)).toBeGreaterThan(0); // one loopback IP: the per-IP budget (30) runs out
    const trusting = await startTestServer(testDeps(db), { TRUST_PROXY: '127.0.0.1' });
    try {
      expect(await guesses(trusting.url)).toBe(0); // behind a trusted proxy, 35 different client IPs
    } finally {
      await trusting.close();
    }
  });

  it('publishes the OpenAPI document with the seed paths, and a docs page', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/v1/public/events',
      '/v1/public/events/featured',
      '/v1/public/events/categories',
      '/v1/public/events/{id}',
      '/v1/users/register',
      '/v1/users/verify-otp',
      '/v1/users/login',
      '/v1/users/verify-login-otp',
      '/v1/users/me',
      '/v1/tickets/book',
      '/v1/payments/process',
      '/v1/payments/confirm',
      '/v1/users/tickets',
      '/v1/users/tickets/{id}',
      '/v1/users/tickets/{id}/qr-code',
      '/usher/login',
      '/usher/events',
      '/usher/events/{id}',
      '/usher/events/{id}/validate-assignment',
      '/usher/events/{id}/status',
      '/usher/scan/verify-card',
      '/usher/scan/card/{cardId}',
      '/usher/scan/result',
      '/usher/scan/logs',
      '/usher/scan/logs/{id}',
      '/usher/scan/logs/search',
    ]) {
      expect(
        Object.keys(doc.paths).some((p) => p.replace(/\/$/, '') === path),
        path,
      ).toBe(true);
    }
    expect(JSON.stringify(doc)).not.toContain('dev.outbox');
    const docs = await fetch(`${server.url}/api/docs`);
    expect(docs.status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('moves the gate count seen by one usher’s socket when another usher scans', async () => {
    const customer = await makeCustomer(deps, { firstName: 'Youssef' });
    const [ticket] = await buyTickets(deps, customer.actor, ev, 1);
    const scanner = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    const watcher = await makeUsher(deps, ev.eventId, ev.gateIds[1]!, ev.organizerId);
    const stranger = await makeCustomer(deps);

    const connect = (token: string): Promise<Socket<ServerToClientEvents, ClientToServerEvents>> =>
      new Promise((resolve, reject) => {
        const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, {
          auth: { token },
          transports: ['websocket'],
          forceNew: true,
        });
        s.on('connect', () => resolve(s));
        s.on('connect_error', reject);
      });
    await expect(connect('bogus.token')).rejects.toThrow('UNAUTHENTICATED');
    const strangerSocket = await connect(stranger.token);
    expect(await strangerSocket.emitWithAck('gates.subscribe', ev.eventId)).toEqual({ ok: false, error: 'FORBIDDEN' });
    const socket = await connect(watcher.token);
    expect(await socket.emitWithAck('gates.subscribe', ev.eventId)).toEqual({ ok: true });
    const got = new Promise<GateCountsPayload>((resolve) => socket.once('gate.counts', resolve));

    const before = await trpcAs(watcher.token).usher.events.gateCounts.query({ id: ev.eventId });
    const result = await trpcAs(scanner.token).usher.scan.result.mutate({ qr: ticket!.qrPayload });
    expect(result.result).toBe('VALID');
    const counts = await got;
    expect(counts.admitted).toBe(before.admitted + 1);
    expect(counts.gate).toBe('Gate A');
    expect(counts.gates.find((g) => g.gateName === 'Gate A')?.admitted).toBe(1);
    socket.disconnect();
    strangerSocket.disconnect();
  });
});
