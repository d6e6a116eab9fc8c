/**
 * Raffle oversell races on real PostgreSQL (20-connection pool): many buyers at the last entries
 * and one buyer firing parallel purchases at their per-user cap. The conditional UPDATE on the
 * raffle and the conditional UPSERT on the participant must hold both caps, checked on the rows.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  callerFor,
  describeIf,
  expectLedgerConsistent,
  makeCustomer,
  openTestDatabase,
  postgresAvailable,
  testDeps,
} from '../../../test/harness.ts';
import { requestDeps } from '../../deps.ts';
import type { Actor } from '../../trpc/context.ts';
import { buyEntries, freeEntry } from './raffles.service.ts';

const ready = await postgresAvailable();
const HOUR = 3_600_000;

describeIf(ready)('raffle purchase races on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let buyers: Actor[];

  beforeAll(async () => {
    db = await openTestDatabase('postgres', { poolSize: 20 });
    deps = testDeps(db);
    buyers = [];
    for (let i = 0; i < 40; i++) buyers.push((await makeCustomer(deps)).actor);
  });
  afterAll(() => db?.close());

  const openRaffle = async (totalEntries: number, maxEntriesPerUser: number, entriesTaken = 0) => {
    const now = deps.clock.now().getTime();
    return deps.db.raffle.create({
      data: {
        slug: `race-${now}-${Math.random().toString(36).slice(2, 8)}`,
        title: 'iPhone 16 Pro',
        description: 'Race',
        prizeTitle: 'iPhone 16 Pro 256 GB',
        prizeDescription: '',
        entryPriceMinor: 2_500,
        currency: 'EGP',
        totalEntries,
        entriesTaken,
        maxEntriesPerUser,
        opensAt: new Date(now - HOUR),
        closesAt: new Date(now + HOUR),
        drawAt: new Date(now + 2 * HOUR),
        status: 'OPEN',
      },
    });
  };

  it('40 buyers for the last 10 entries: exactly 10 sold, the rest SOLD_OUT, rows agree', async () => {
    const r = await openRaffle(100, 5, 90);
    const results = await Promise.allSettled(
      buyers.map((b) => buyEntries(requestDeps(deps), b, { raffleId: r.id, quantity: 1 })),
    );
    const ok = results.filter((x) => x.status === 'fulfilled').length;
    const refused = results.filter((x) => x.status === 'rejected');
    expect(ok).toBe(10);
    for (const x of refused) expect((x as PromiseRejectedResult).reason).toMatchObject({ code: 'SOLD_OUT' });
    const row = await deps.db.raffle.findUniqueOrThrow({ where: { id: r.id } });
    expect(row.entriesTaken).toBe(100);
    const held = await deps.db.orderLine.aggregate({ where: { raffleId: r.id }, _sum: { quantity: true } });
    expect(held._sum.quantity).toBe(10);
    const participants = await deps.db.raffleParticipant.aggregate({
      where: { raffleId: r.id },
      _sum: { entries: true },
    });
    expect(participants._sum.entries).toBe(10);
  });

  it('one user firing 10 parallel buys (and free entries) at cap 3 never holds more than 3', async () => {
    const r = await openRaffle(1000, 3);
    const me = buyers[0]!;
    const results = await Promise.allSettled([
      ...Array.from({ length: 10 }, () => buyEntries(requestDeps(deps), me, { raffleId: r.id, quantity: 1 })),
      ...Array.from({ length: 3 }, () => freeEntry(requestDeps(deps), me, { raffleId: r.id }, { ip: '10.0.0.1' })),
    ]);
    const ok = results.filter((x) => x.status === 'fulfilled').length;
    expect(ok).toBe(3);
    const p = await deps.db.raffleParticipant.findUniqueOrThrow({
      where: { raffleId_userId: { raffleId: r.id, userId: me.user.id } },
    });
    expect(p.entries).toBe(3);
    expect(p.freeEntries).toBeLessThanOrEqual(1);
    const held = await deps.db.orderLine.aggregate({ where: { raffleId: r.id }, _sum: { quantity: true } });
    const free = await deps.db.raffleEntry.count({ where: { raffleId: r.id, source: 'FREE' } });
    expect((held._sum.quantity ?? 0) + free).toBe(3);
    expect((await deps.db.raffle.findUniqueOrThrow({ where: { id: r.id } })).entriesTaken).toBe(3);
  });

  it('parallel payments number the entries densely with no duplicate', async () => {
    const r = await openRaffle(200, 10);
    const orders = await Promise.all(
      buyers.slice(0, 20).map((b) => buyEntries(requestDeps(deps), b, { raffleId: r.id, quantity: 2 })),
    );
    await Promise.all(
      orders.map(async (o, i) => {
        const api = callerFor(deps, buyers[i]!);
        const intent = await api.customer.payments.process({ orderId: o.id });
        await api.customer.payments.confirm({ paymentId: intent.paymentId });
      }),
    );
    const numbers = (await deps.db.raffleEntry.findMany({ where: { raffleId: r.id }, select: { number: true } }))
      .map((e) => e.number)
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    await expectLedgerConsistent(deps);
  });
});
