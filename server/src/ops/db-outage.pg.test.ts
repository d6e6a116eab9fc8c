/**
 * The database goes away (issue 5 "Tests that must pass in CI"): a TCP proxy written here sits
 * between the server and PostgreSQL at 127.0.0.1:5432. Cutting it (the machine's PostgreSQL is
 * never touched) must make /readyz unhealthy, make calls answer a clear 503 UNAVAILABLE (tRPC and
 * REST, never a 500 with internals), and leave nothing half-written; restoring it must make the
 * server healthy again without a restart.
 */
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeIf,
  type EventFixture,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  postgresAvailable,
  startTestServer,
  testDeps,
} from '../../test/harness.ts';
import { type Database, openDatabase } from '../db/connection.ts';

/**
 * A TCP proxy that can be cut (every connection dropped, new ones refused) and restored; armed
 * with a byte pattern, it cuts the moment a client sends it (e.g. a statement in the middle of a
 * transaction), without forwarding it.
 */
class CuttableProxy {
  private readonly server: net.Server;
  private readonly open = new Set<net.Socket>();
  private cut = false;
  private trigger: Buffer | undefined;
  private skip = 0;
  /** resolves when an armed cut fired */
  fired: Promise<void> = Promise.resolve();
  private onFire: (() => void) | undefined;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      if (this.cut) return client.destroy();
      const upstream = net.connect(this.target);
      for (const s of [client, upstream]) this.open.add(s);
      client.on('data', (chunk: Buffer) => {
        if (this.trigger && chunk.includes(this.trigger) && this.skip-- === 0) {
          this.trigger = undefined;
          this.cutOff();
          this.onFire?.();
          return;
        }
        upstream.write(chunk);
      });
      upstream.pipe(client);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.open.delete(a);
          b.destroy();
        });
      }
    });
  }

  /** Cuts when a client sends `pattern` for the `nth` time from now. */
  armCut(pattern: string, nth = 1): void {
    this.trigger = Buffer.from(pattern);
    this.skip = nth - 1;
    this.fired = new Promise((resolve) => {
      this.onFire = resolve;
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** Drops every open connection and refuses new ones, as if the database host vanished. */
  cutOff(): void {
    this.cut = true;
    for (const s of this.open) s.destroy();
  }

  restore(): void {
    this.cut = false;
  }

  async close(): Promise<void> {
    this.cutOff();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const ok = await postgresAvailable();

describeIf(ok)('the database becomes unreachable and comes back', () => {
  let direct: Awaited<ReturnType<typeof openTestDatabase>>;
  let viaProxy: Database;
  let proxy: CuttableProxy;
  let deps: ReturnType<typeof testDeps>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let ev: EventFixture;

  const readyz = async () => {
    const res = await fetch(`${server.url}/readyz`);
    return {
      status: res.status,
      body: (await res.json()) as { status: string; checks: Record<string, { status: string }> },
    };
  };
  const waitFor = async (what: string, test: () => Promise<boolean>, ms = 15_000) => {
    const until = Date.now() + ms;
    while (!(await test())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const book = (token: string, quantity = 1) =>
    fetch(`${server.url}/api/v1/tickets/book/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ eventId: ev.eventId, ticketCategoryId: ev.standardId, quantity }),
    });
  /** what the database says, read around the proxy */
  const holdings = async () => {
    const category = await direct.prisma.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } });
    const lines = await direct.prisma.orderLine.aggregate({
      where: { ticketCategoryId: ev.standardId, order: { status: { in: ['PENDING', 'PAID'] } } },
      _sum: { quantity: true },
      _count: { _all: true },
    });
    return { reserved: category.reserved, held: lines._sum.quantity ?? 0, orders: lines._count._all };
  };

  beforeAll(async () => {
    direct = await openTestDatabase('postgres');
    const url = new URL(direct.url!);
    proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.start();
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    viaProxy = await openDatabase({ url: url.toString(), migrate: false, poolSize: 4 });
    deps = testDeps(viaProxy);
    server = await startTestServer(deps);
    ev = await makeEvent(deps, { quota: 100 });
  });
  afterAll(async () => {
    await server?.close();
    await viaProxy?.close().catch(() => {});
    await proxy?.close();
    await direct?.close();
  });

  it('is ready, then unready while cut (calls answer 503 UNAVAILABLE, nothing written), then ready again', async () => {
    const customer = await makeCustomer(deps);
    expect((await readyz()).status).toBe(200);
    expect((await book(customer.token)).status).toBe(200);
    const before = await holdings();
    expect(before).toEqual({ reserved: 1, held: 1, orders: 1 });

    proxy.cutOff();
    await waitFor('readyz to fail', async () => (await readyz()).status === 503);
    const down = await readyz();
    expect(down.body.status).toBe('unavailable');
    expect(down.body.checks.database).toMatchObject({ status: 'fail' });
    expect(down.body.checks.queue).toMatchObject({ status: 'fail' });
    expect(JSON.stringify(down.body)).not.toMatch(/ECONN|terminated|5432|postgres/i);

    // REST: the seeds' error body, 503, Retry-After, no internals
    const rest = await book(customer.token);
    expect(rest.status).toBe(503);
    expect(rest.headers.get('retry-after')).toBe('5');
    const restBody = await rest.text();
    expect(JSON.parse(restBody)).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    expect(restBody).not.toMatch(/ECONN|terminated|prisma|stack|\.ts:/i);

    // tRPC (batched, as the SPAs send it): 503 with appCode UNAVAILABLE, for a signed-in call and a public one
    const trpc = await fetch(`${server.url}/trpc/customer.tickets.book?batch=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ 0: { json: { eventId: ev.eventId, ticketCategoryId: ev.standardId, quantity: 1 } } }),
    });
    expect(trpc.status).toBe(503);
    // superjson envelope: { error: { json: <shape> } }
    const [item] = (await trpc.json()) as { error: { json: { message: string; data: { appCode: string } } } }[];
    expect(item!.error.json.data).toMatchObject({ appCode: 'UNAVAILABLE', httpStatus: 503 });
    expect(item!.error.json.message).not.toMatch(/ECONN|terminated|prisma/i);
    const publicCall = await fetch(
      `${server.url}/trpc/public.events.get?input=${encodeURIComponent(JSON.stringify({ json: { id: ev.eventId } }))}`,
    );
    expect(publicCall.status).toBe(503);

    // nothing half-written: the quota counter and the orders are as before
    expect(await holdings()).toEqual(before);

    proxy.restore();
    await waitFor('readyz to recover', async () => (await readyz()).status === 200);
    expect((await book(customer.token)).status).toBe(200);
    expect(await holdings()).toEqual({ reserved: 2, held: 2, orders: 2 });
  });

  it('rolls back a booking cut mid-transaction: the quota update is not kept without its order', async () => {
    const customer = await makeCustomer(deps);
    const start = await holdings();
    // the booking transaction inserts the order first, then raises `reserved`: cut in between
    proxy.armCut('UPDATE "TicketCategory"');
    const res = await book(customer.token, 3);
    await proxy.fired;
    proxy.restore();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    expect(await holdings()).toEqual(start);
    await waitFor('readyz to recover', async () => (await readyz()).status === 200);
  });

  it('keeps the quota and the orders consistent when the cut hits bookings in flight', async () => {
    const customers = await Promise.all(Array.from({ length: 8 }, () => makeCustomer(deps)));
    const start = await holdings();
    // bookings of one category serialise on its row (the quota UPDATE is their last statement):
    // when the 4th COMMIT is sent, three bookings have committed; the cut then catches one
    // committing and the others waiting on the row
    proxy.armCut('COMMIT', 4);
    const responses = await Promise.all(customers.map((c) => book(c.token)));
    await proxy.fired;
    proxy.restore();

    const statuses = responses.map((r) => r.status);
    // each one either completed or failed cleanly: never a 500
    for (const s of statuses) expect([200, 503]).toContain(s);
    expect(statuses).toContain(503);
    expect(statuses).toContain(200);
    for (const r of responses.filter((r) => r.status === 503)) {
      expect(await r.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    }
    await waitFor('readyz to recover', async () => (await readyz()).status === 200);
    const end = await holdings();
    // the counter moved exactly by what the stored orders hold (booking is one transaction)
    expect(end.reserved).toBe(end.held);
    // every 200 is a stored order; a commit whose acknowledgement the cut swallowed answers 503
    // although it committed (the client retries; nothing is half-written either way)
    expect(end.orders - start.orders).toBeGreaterThanOrEqual(statuses.filter((s) => s === 200).length);
  });
});
