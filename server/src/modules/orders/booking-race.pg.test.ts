/**
 * Oversell race on real PostgreSQL (pretix `test_cart_creation_locking.py`): many customers
 * book concurrently against a small quota through a 20-connection pool. With the guard the
 * quota sells exactly; the negative control removes both guards (conditional UPDATE and the
 * CHECK constraint) and must catch the oversell, proving the harness can see one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeIf,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  postgresAvailable,
  testDeps,
} from '../../../test/harness.ts';
import type { Actor } from '../../trpc/context.ts';
import type { CapacityGuard } from './capacity.ts';
import { bookTickets } from './orders.service.ts';

const ready = await postgresAvailable();
const QUOTA = 10;
const BUYERS = 60;

/** The bug we guard against: read the count, decide in JS, write unconditionally. */
const readThenWrite: CapacityGuard = async (tx, id, quantity) => {
  const [row] = await tx.$queryRaw<
    { reserved: number; quota: number }[]
  >`SELECT "reserved", "quota" FROM "TicketCategory" WHERE "id" = ${id}::uuid`;
  if (!row || row.reserved + quantity > row.quota) return false;
  await new Promise((r) => setTimeout(r, 5)); // the window a real request has between read and write
  await tx.$executeRaw`UPDATE "TicketCategory" SET "reserved" = ${row.reserved + quantity} WHERE "id" = ${id}::uuid`;
  return true;
};

describeIf(ready)('booking race on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let buyers: Actor[];

  beforeAll(async () => {
    db = await openTestDatabase('postgres', { poolSize: 20 });
    deps = testDeps(db);
    buyers = [];
    for (let i = 0; i < BUYERS; i++) buyers.push((await makeCustomer(deps)).actor);
  });
  afterAll(() => db?.close());

  const rush = async (guard?: CapacityGuard) => {
    const ev = await makeEvent(deps, { quota: QUOTA });
    const results = await Promise.allSettled(
      buyers.map((actor) =>
        bookTickets(
          { ...deps, realtime: [] },
          actor,
          { eventId: ev.eventId, ticketCategoryId: ev.standardId, quantity: 1 },
          guard,
        ),
      ),
    );
    const sold = await deps.db.orderLine.aggregate({
      where: { ticketCategoryId: ev.standardId },
      _sum: { quantity: true },
    });
    const category = await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } });
    return {
      ok: results.filter((r) => r.status === 'fulfilled').length,
      soldOut: results.filter((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'SOLD_OUT')
        .length,
      other: results.filter((r) => r.status === 'rejected' && (r.reason as { code?: string }).code !== 'SOLD_OUT'),
      sold: sold._sum.quantity ?? 0,
      reserved: category.reserved,
    };
  };

  it(`${BUYERS} concurrent bookings against a quota of ${QUOTA} sell exactly ${QUOTA}`, async () => {
    const r = await rush();
    expect(r.other).toEqual([]);
    expect(r.ok).toBe(QUOTA);
    expect(r.soldOut).toBe(BUYERS - QUOTA);
    expect(r.sold).toBe(QUOTA);
    expect(r.reserved).toBe(QUOTA);
  });

  it('negative control: without the guards the same rush oversells, and the harness sees it', async () => {
    await db.withSql((sql) =>
      sql.exec('ALTER TABLE "TicketCategory" DROP CONSTRAINT "TicketCategory_reserved_within_quota"'),
    );
    try {
      const r = await rush(readThenWrite);
      expect(r.sold).toBeGreaterThan(QUOTA); // oversold: more tickets on orders than the quota
      expect(r.reserved).not.toBe(r.sold); // and the counter lost updates
    } finally {
      await db.withSql((sql) =>
        sql.exec(
          'ALTER TABLE "TicketCategory" ADD CONSTRAINT "TicketCategory_reserved_within_quota" CHECK ("reserved" >= 0 AND "reserved" <= "quota") NOT VALID',
        ),
      );
    }
  });

  it('the CHECK constraint alone stops an oversell even if the code forgot the condition', async () => {
    const ev = await makeEvent(deps, { quota: 1 });
    await expect(
      deps.db.$executeRaw`UPDATE "TicketCategory" SET "reserved" = 2 WHERE "id" = ${ev.standardId}::uuid`,
    ).rejects.toThrow(/TicketCategory_reserved_within_quota/);
  });
});
