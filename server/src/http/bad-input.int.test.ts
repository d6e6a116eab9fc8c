/**
 * Bad input on every procedure of this slice: malformed, missing and oversized fields answer
 * 400 with field errors (tRPC and REST) and write nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeIf,
  type EventFixture,
  integrationDbReady,
  makeCustomer,
  makeEvent,
  makeUsher,
  openTestDatabase,
  startTestServer,
  testDeps,
} from '../../test/harness.ts';

const ready = await integrationDbReady();
const long = (n: number) => 'x'.repeat(n);
const uuidish = 'not-a-uuid';

type Role = 'anon' | 'customer' | 'usher';
interface Case {
  path: string;
  kind: 'query' | 'mutation';
  role: Role;
  inputs: Record<string, unknown>[];
}

const cases: Case[] = [
  {
    path: 'public.events.list',
    kind: 'query',
    role: 'anon',
    inputs: [
      { page: 'x' },
      { category: 'OPERA' },
      { q: long(500) },
      { from: 'soon' },
      { pageSize: 10_000 },
      { from: '2026-12-01', to: '2026-11-01' },
    ],
  },
  { path: 'public.events.featured', kind: 'query', role: 'anon', inputs: [{ limit: 1000 }, { limit: 'many' }] },
  {
    path: 'public.events.get',
    kind: 'query',
    role: 'anon',
    inputs: [{}, { id: '../../etc/passwd' }, { id: long(500) }],
  },
  {
    path: 'auth.register',
    kind: 'mutation',
    role: 'anon',
    inputs: [
      {},
      { mobile: '0100', password: 5, firstName: '', lastName: 1 },
      { mobile: `+20${'1'.repeat(40)}`, password: long(200), firstName: long(200), lastName: long(200) },
      { mobile: '+201000000777', password: 'short', firstName: 'A', lastName: 'B', email: 'not-an-email' },
    ],
  },
  {
    path: 'auth.verifyOtp',
    kind: 'mutation',
    role: 'anon',
    inputs: [{}, { mobile: '+201000000001', code: '12ab56' }, { mobile: '+201000000001', code: '1'.repeat(100) }],
  },
  {
    path: 'auth.login',
    kind: 'mutation',
    role: 'anon',
    inputs: [{}, { mobile: 12, password: [] }, { mobile: '+201000000001', password: long(1000) }],
  },
  { path: 'auth.verifyLoginOtp', kind: 'mutation', role: 'anon', inputs: [{}, { mobile: 'me', code: 123456 }] },
  {
    path: 'auth.usherLogin',
    kind: 'mutation',
    role: 'anon',
    inputs: [
      {},
      { eventId: uuidish, username: 'a b', password: '' },
      { eventId: uuidish, username: long(300), password: long(300) },
    ],
  },
  {
    path: 'customer.tickets.book',
    kind: 'mutation',
    role: 'customer',
    inputs: [
      {},
      { eventId: uuidish, ticketCategoryId: 7, quantity: 'two' },
      { quantity: 1e9 },
      { quantity: 1.5 },
      { quantity: -1 },
    ],
  },
  {
    path: 'customer.tickets.list',
    kind: 'query',
    role: 'customer',
    inputs: [{ page: -1 }, { pageSize: 10_000 }, { upcoming: 'maybe' }],
  },
  { path: 'customer.tickets.get', kind: 'query', role: 'customer', inputs: [{}, { id: uuidish }] },
  { path: 'customer.tickets.qrCode', kind: 'query', role: 'customer', inputs: [{}, { id: uuidish, format: 'gif' }] },
  { path: 'customer.orders.get', kind: 'query', role: 'customer', inputs: [{}, { orderId: 42 }] },
  { path: 'customer.orders.cancel', kind: 'mutation', role: 'customer', inputs: [{}, { orderId: long(300) }] },
  { path: 'customer.payments.process', kind: 'mutation', role: 'customer', inputs: [{}, { orderId: uuidish }] },
  { path: 'customer.payments.confirm', kind: 'mutation', role: 'customer', inputs: [{}, { paymentId: null }] },
  { path: 'usher.events.get', kind: 'query', role: 'usher', inputs: [{}, { id: uuidish }] },
  { path: 'usher.events.status', kind: 'query', role: 'usher', inputs: [{}, { id: long(400) }] },
  { path: 'usher.events.gateCounts', kind: 'query', role: 'usher', inputs: [{}, { id: 1 }] },
  { path: 'usher.events.validateAssignment', kind: 'mutation', role: 'usher', inputs: [{}, { id: uuidish }] },
  {
    path: 'usher.scan.result',
    kind: 'mutation',
    role: 'usher',
    inputs: [
      {},
      { qr: 'A1.x', cardUid: '04AABBCCDDEEFF' },
      { cardUid: 'zz' },
      { qr: long(10_000) },
      { qr: 'A1.x', scannedAt: 'yesterday' },
      { qr: 'A1.x', gateId: uuidish },
      { qr: '' },
      { qr: 'A1.x', scannedAt: '2099-01-01T00:00:00Z' },
    ],
  },
  {
    path: 'usher.scan.verifyCard',
    kind: 'mutation',
    role: 'usher',
    inputs: [{}, { cardUid: 'hello' }, { cardUid: long(100) }],
  },
  { path: 'usher.scan.card', kind: 'query', role: 'usher', inputs: [{}, { cardId: '12' }] },
  {
    path: 'usher.scan.logs',
    kind: 'query',
    role: 'usher',
    inputs: [{ pageSize: 1000 }, { result: 'MAYBE' }, { attendeeName: long(300) }],
  },
  { path: 'usher.scan.searchLogs', kind: 'query', role: 'usher', inputs: [{ page: 0 }, { cardId: long(200) }] },
  { path: 'usher.scan.log', kind: 'query', role: 'usher', inputs: [{}, { id: uuidish }] },
];

describeIf(ready)('bad input', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let ev: EventFixture;
  const tokens: Record<Role, string | undefined> = { anon: undefined, customer: undefined, usher: undefined };

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    server = await startTestServer(deps);
    ev = await makeEvent(deps);
    tokens.customer = (await makeCustomer(deps, { mobile: '+201000000001' })).token;
    tokens.usher = (await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId)).token;
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const snapshot = async () => {
    const p = deps.db;
    return Promise.all([
      p.user.count(),
      p.session.count(),
      p.oneTimeCode.count(),
      p.outboxMessage.count(),
      p.order.count(),
      p.payment.count(),
      p.ticket.count(),
      p.checkIn.count(),
      p.ticketCategory.aggregate({ _sum: { reserved: true } }).then((a) => a._sum.reserved),
    ]);
  };

  it.each(cases)('$path answers 400 with field errors and writes nothing', async (c) => {
    const before = await snapshot();
    for (const input of c.inputs) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const token = tokens[c.role];
      if (token) headers.authorization = `Bearer ${token}`;
      const payload = JSON.stringify({ json: input });
      const res =
        c.kind === 'query'
          ? await fetch(`${server.url}/trpc/${c.path}?input=${encodeURIComponent(payload)}`, { headers })
          : await fetch(`${server.url}/trpc/${c.path}`, { method: 'POST', headers, body: payload });
      const body = (await res.json()) as {
        error: { json: { data: { appCode: string; fieldErrors: Record<string, string[]> | null } } };
      };
      expect(res.status, `${c.path} ${JSON.stringify(input).slice(0, 80)}`).toBe(400);
      const data = body.error.json.data;
      expect(['VALIDATION_FAILED', 'BAD_REQUEST']).toContain(data.appCode);
      expect(Object.keys(data.fieldErrors ?? {}).length, JSON.stringify(input).slice(0, 80)).toBeGreaterThan(0);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('REST answers the same with the seeds’ error body', async () => {
    const res = await fetch(`${server.url}/api/usher/scan/result/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.usher}` },
      body: JSON.stringify({ qr: 'A1.x', cardUid: 'zz' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: Record<string, string[]> } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.cardUid).toBeDefined();
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await fetch(`${server.url}/api/v1/users/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mobile: '+201000000001', password: long(400_000) }),
    });
    expect(res.status).toBe(413);
  });
});
