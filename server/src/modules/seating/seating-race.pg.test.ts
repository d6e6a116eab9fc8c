/**
 * Seat races on real PostgreSQL (issue 7 "two buyers can never get the same seat, enforced by the
 * database"; pretix `test_cart_creation_locking.py`), through a 20-connection pool:
 *
 * - many customers hold the same seat at once → exactly one hold;
 * - overlapping multi-seat holds at once → no seat held twice, each hold all or nothing;
 * - negative control: a read-then-write hold (read the status, decide in JS, write) must be
 *   caught double-holding by the same harness, proving it can see the bug;
 * - a second VALID ticket for a sold seat is refused by the partial unique index.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  callerFor,
  describeIf,
  expectLedgerConsistent,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  postgresAvailable,
  signIn,
  testDeps,
} from '../../../test/harness.ts';
import { requestDeps } from '../../deps.ts';
import type { Actor } from '../../trpc/context.ts';
import { holdSeats } from './seating.service.ts';
import { makeSeatingAdmin, seatEvent } from './seating-fixtures.ts';

const ready = await postgresAvailable();
const BUYERS = 40;

describeIf(ready)('seat races on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let admin: Actor;
  let buyers: Actor[];

  beforeAll(async () => {
    db = await openTestDatabase('postgres', { poolSize: 20 });
    deps = testDeps(db);
    admin = (await signIn(deps, await makeSeatingAdmin(deps))).actor;
    buyers = [];
    for (let i = 0; i < BUYERS; i++) buyers.push((await makeCustomer(deps)).actor);
  });
  afterAll(() => db?.close());

  const seatedEvent = async () => {
    const ev = await makeEvent(deps, { startsInMinutes: 24 * 60 });
    const { seat } = await seatEvent(deps, admin, ev, { rows: 2, perRow: 12 });
    return { ...ev, seat };
  };

  it('many customers hold the same seat at the same moment: exactly one gets it', async () => {
    const ev = await seatedEvent();
    const target = ev.seat('Stalls A-6');
    const results = await Promise.allSettled(
      buyers.map((actor) => holdSeats(requestDeps(deps), actor, { eventId: ev.eventId, seatIds: [target] })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost.every((r) => (r.reason as { code?: string }).code === 'CONFLICT')).toBe(true);
    const rows = await deps.db.eventSeat.findMany({ where: { eventId: ev.eventId, status: 'HELD' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.seatId).toBe(target);
  });

  it('overlapping multi-seat holds at once: no seat held twice, every hold all or nothing', async () => {
    const ev = await seatedEvent();
    // each buyer wants 3 adjacent seats of row A starting at a position 1..10: heavy overlap
    const wants = buyers.map((_, i) => {
      const start = (i % 10) + 1;
      return [start, start + 1, start + 2].map((n) => ev.seat(`Stalls A-${n}`));
    });
    const results = await Promise.allSettled(
      buyers.map((actor, i) => holdSeats(requestDeps(deps), actor, { eventId: ev.eventId, seatIds: wants[i]! })),
    );
    const held = await deps.db.eventSeat.findMany({
      where: { eventId: ev.eventId, status: 'HELD' },
      select: { seatId: true, holderId: true },
    });
    const holderOf = new Map(held.map((h) => [h.seatId, h.holderId]));
    let seatsWon = 0;
    results.forEach((r, i) => {
      const mine = wants[i]!.filter((id) => holderOf.get(id) === buyers[i]!.user.id).length;
      if (r.status === 'fulfilled') {
        expect(mine).toBe(3); // all of them
        seatsWon += 3;
      } else {
        expect((r.reason as { code?: string }).code).toBe('CONFLICT');
        expect(mine).toBe(0); // none of them
      }
    });
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    expect(held).toHaveLength(seatsWon); // every held seat belongs to exactly one successful hold
  });

  it('negative control: a read-then-write hold double-holds, and the harness sees it', async () => {
    const ev = await seatedEvent();
    const target = ev.seat('Stalls B-3');
    const naiveHold = async (actor: Actor) =>
      deps.db.$transaction(async (tx) => {
        const [row] = await tx.$queryRaw<{ status: string }[]>`
          SELECT "status"::text AS status FROM "EventSeat" WHERE "eventId" = ${ev.eventId}::uuid AND "seatId" = ${target}::uuid`;
        if (row?.status !== 'AVAILABLE') return false;
        await new Promise((r) => setTimeout(r, 10)); // the window a real request has
        await tx.$executeRaw`
          UPDATE "EventSeat" SET "status" = 'HELD', "holderId" = ${actor.user.id}::uuid,
            "heldUntil" = now() + interval '10 minutes'
          WHERE "eventId" = ${ev.eventId}::uuid AND "seatId" = ${target}::uuid`;
        return true;
      });
    const results = await Promise.all(buyers.slice(0, 20).map(naiveHold));
    // more than one buyer was told "held": the bug the conditional UPDATE prevents
    expect(results.filter(Boolean).length).toBeGreaterThan(1);
  });

  it('a second VALID ticket for a sold seat is refused by the database', async () => {
    const ev = await seatedEvent();
    const seat = ev.seat('Box A-1');
    const api = callerFor(deps, buyers[0]!);
    await api.customer.seating.hold({ eventId: ev.eventId, seatIds: [seat] });
    const order = await api.customer.seating.book({ eventId: ev.eventId, seatIds: [seat] });
    const intent = await api.customer.payments.process({ orderId: order.id });
    await api.customer.payments.confirm({ paymentId: intent.paymentId });
    const ticket = await deps.db.ticket.findFirstOrThrow({ where: { orderId: order.id } });
    expect(ticket.seatId).toBe(seat);
    await expect(
      deps.db.$executeRaw`
        INSERT INTO "Ticket" ("id", "reference", "orderId", "orderLineId", "eventId", "ticketCategoryId", "holderId",
          "attendeeName", "status", "secret", "seatId", "updatedAt")
        SELECT gen_random_uuid(), 'T-DUPSEAT2', "orderId", "orderLineId", "eventId", "ticketCategoryId", "holderId",
          'Dup', 'VALID', 'dup-secret-2', "seatId", now() FROM "Ticket" WHERE "id" = ${ticket.id}::uuid`,
    ).rejects.toThrow(/Ticket_one_valid_per_seat|unique/i);
    // and a second sale of the seat through the checkout cannot happen: it is SOLD
    const other = callerFor(deps, buyers[1]!);
    await expect(other.customer.seating.hold({ eventId: ev.eventId, seatIds: [seat] })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expectLedgerConsistent(deps);
  });
});
