/**
 * The fast path of our tRPC plugin must answer exactly like tRPC's stock Fastify adapter:
 * the same requests go to both, on the same router and context, and status + body must match.
 */
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buyTickets,
  describeIf,
  type EventFixture,
  integrationDbReady,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  startTestServer,
  testDeps,
} from '../../test/harness.ts';
import { createContextFactory } from '../trpc/context.ts';
import { appRouter } from '../trpc/router.ts';

const ready = await integrationDbReady();
const sj = (json: unknown) => encodeURIComponent(JSON.stringify(json));

describeIf(ready)('tRPC fast path matches the stock adapter', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let ours: Awaited<ReturnType<typeof startTestServer>>;
  let stock: ReturnType<typeof Fastify>;
  let stockUrl: string;
  let ev: EventFixture;
  let token: string;
  let ticketId: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    ours = await startTestServer(deps);
    stock = Fastify();
    await stock.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: {
        router: appRouter,
        createContext: createContextFactory(deps, { publish: () => {}, secureCookies: false }),
      },
    });
    await stock.listen({ port: 0, host: '127.0.0.1' });
    const addr = stock.server.address();
    stockUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    ev = await makeEvent(deps, { quota: 3 });
    const customer = await makeCustomer(deps);
    token = customer.token;
    ticketId = (await buyTickets(deps, customer.actor, ev, 1))[0]!.id;
  });
  afterAll(async () => {
    await stock?.close();
    await ours?.close();
    await db?.close();
  });

  const cases = (): { name: string; path: string; init?: RequestInit }[] => {
    const auth = { authorization: `Bearer ${token}` };
    const json = { 'content-type': 'application/json', ...auth };
    return [
      { name: 'single query', path: `public.events.get?input=${sj({ json: { id: ev.eventId } })}` },
      { name: 'query without input', path: 'public.events.categories' },
      {
        name: 'batch of queries',
        path: `public.events.get,public.events.featured?batch=1&input=${sj({ 0: { json: { id: ev.eventId } }, 1: { json: {} } })}`,
      },
      {
        name: 'batch with one failure (207)',
        path: `public.events.get,public.events.get?batch=1&input=${sj({ 0: { json: { id: ev.eventId } }, 1: { json: { id: 'nope' } } })}`,
      },
      {
        name: 'authed query',
        path: `customer.tickets.get?input=${sj({ json: { id: ticketId } })}`,
        init: { headers: auth },
      },
      { name: 'unauthenticated', path: `customer.tickets.get?input=${sj({ json: { id: ticketId } })}` },
      { name: 'validation error', path: `public.events.list?input=${sj({ json: { page: 0 } })}` },
      { name: 'unknown procedure', path: 'public.events.nope' },
      { name: 'GET on a mutation', path: 'customer.tickets.book', init: { headers: auth } },
      { name: 'malformed input JSON', path: 'public.events.get?input=%7Bnot-json' },
      {
        name: 'mutation with domain error (SOLD_OUT)',
        path: 'customer.tickets.book',
        init: {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ json: { eventId: ev.eventId, ticketCategoryId: ev.standardId, quantity: 3 } }),
        },
      },
      {
        name: 'batched mutation with bad input',
        path: 'customer.tickets.book?batch=1',
        init: { method: 'POST', headers: json, body: JSON.stringify({ 0: { json: { quantity: 'x' } } }) },
      },
    ];
  };

  const NAMES = [
    'single query',
    'query without input',
    'batch of queries',
    'batch with one failure (207)',
    'authed query',
    'unauthenticated',
    'validation error',
    'unknown procedure',
    'GET on a mutation',
    'malformed input JSON',
    'mutation with domain error (SOLD_OUT)',
    'batched mutation with bad input',
  ];

  it('covers every case', () => expect(cases().map((c) => c.name)).toEqual(NAMES));

  it.each(NAMES)('%s', async (name) => {
    const c = cases().find((x) => x.name === name)!;
    const [a, b] = await Promise.all([
      fetch(`${ours.url}/trpc/${c.path}`, c.init),
      fetch(`${stockUrl}/trpc/${c.path}`, c.init),
    ]);
    const [bodyA, bodyB] = [await a.text(), await b.text()];
    expect(a.status, bodyA).toBe(b.status);
    expect(JSON.parse(bodyA)).toEqual(JSON.parse(bodyB));
  });

  it('still serves streamed batches (httpBatchStreamLink) through tRPC’s own handler', async () => {
    const res = await fetch(`${ours.url}/trpc/public.events.categories?batch=1&input=${sj({ 0: { json: {} } })}`, {
      headers: { 'trpc-accept': 'application/jsonl' },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('"MUSIC"');
  });
});
