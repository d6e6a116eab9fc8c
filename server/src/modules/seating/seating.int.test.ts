/**
 * Reserved seating through the router (issue 7 "Seating"; ADR 0019): seat maps, assignment,
 * the public map, hold / release / book, payment (tickets carry their seats, seats SOLD),
 * expiry and refund (seats back on sale), and the `seats.changed` messages published after
 * each commit.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  describeIf,
  type EventFixture,
  expectLedgerConsistent,
  integrationDbReady,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  signIn,
  testDeps,
} from '../../../test/harness.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import type { Actor } from '../../trpc/context.ts';
import { expireHolds } from '../orders/orders.service.ts';
import { generateRows, planSeatMap, rowLabel } from './seat-maps.service.ts';
import { makeSeatingAdmin, seatEvent } from './seating-fixtures.ts';

const ready = await integrationDbReady();

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: unknown) => (e instanceof TRPCError ? e.code : `THROWN:${(e as Error).message}`),
  );
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as TRPCError & { cause?: { details?: Record<string, string[]> } },
  );

describe('seat map layout (pure)', () => {
  it('labels rows like spreadsheet columns and lays out the generator grid', () => {
    expect([0, 1, 25, 26, 27, 51, 52].map(rowLabel)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA']);
    const rows = generateRows({
      rows: 2,
      seatsPerRow: 3,
      origin: { x: 10, y: 5 },
      spacing: { x: 20, y: 30 },
      rowLabels: 'letters',
    });
    expect(rows.map((r) => r.label)).toEqual(['A', 'B']);
    expect(rows[1]!.seats.map((s) => [s.number, s.x, s.y])).toEqual([
      ['1', 10, 35],
      ['2', 30, 35],
      ['3', 50, 35],
    ]);
  });

  it('refuses duplicate sections, duplicate seats and seats off the canvas, with field paths', () => {
    try {
      planSeatMap(
        {
          width: 100,
          height: 100,
          sections: [
            {
              name: 'A',
              rows: [
                {
                  label: '1',
                  seats: [
                    { number: '1', x: 1, y: 1 },
                    { number: '1', x: 2, y: 1 },
                  ],
                },
              ],
            },
            { name: 'a', rows: [{ label: '1', seats: [{ number: '1', x: 500, y: 1 }] }] },
          ],
        },
        'm',
      );
      expect.unreachable();
    } catch (e) {
      const details = (e as { details?: Record<string, string[]> }).details ?? {};
      expect(Object.keys(details).sort()).toEqual([
        'sections.0.rows.0.seats.1',
        'sections.1.name',
        'sections.1.rows.0.seats.0',
      ]);
    }
  });
});

describeIf(ready)('reserved seating', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let admin: Actor;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    admin = (await signIn(deps, await makeSeatingAdmin(deps))).actor;
  });
  afterAll(() => db?.close());

  /** an upcoming event seated on a fresh map: Stalls 3×10 (Standard), Box 1×4 (VIP) */
  async function seated(): Promise<EventFixture & { seat: (label: string) => string; mapId: string }> {
    const ev = await makeEvent(deps, { startsInMinutes: 10 * 24 * 60 });
    const { map, seat } = await seatEvent(deps, admin, ev);
    return { ...ev, seat, mapId: map.id };
  }
  const statusOf = async (eventId: string, seatId: string) =>
    (await deps.db.eventSeat.findUniqueOrThrow({ where: { eventId_seatId: { eventId, seatId } } })).status;

  it('creates a map from rows and generated sections, and assigns it: RESERVED, seats, quotas = seat counts', async () => {
    const ev = await makeEvent(deps, { startsInMinutes: 600 });
    const api = callerFor(deps, admin);
    const map = await api.admin.seatMaps.create({
      venueId: ev.venueId,
      name: 'Main hall',
      width: 1000,
      height: 800,
      sections: [
        { name: 'Orchestra', generate: { rows: 5, seatsPerRow: 12 } as never },
        {
          name: 'Balcony',
          rows: [
            {
              label: 'BB',
              seats: [
                { number: '1', x: 100, y: 700 },
                { number: '2', x: 130, y: 700, accessible: true },
              ],
            },
          ],
        },
      ],
    });
    expect(map).toMatchObject({ sectionCount: 2, seatCount: 62, eventCount: 0 });
    expect(map.sections[1]!.seats.find((s) => s.number === '2')).toMatchObject({ row: 'BB', accessible: true });
    expect((await api.admin.seatMaps.list({ venueId: ev.venueId })).items.map((m) => m.name)).toEqual(['Main hall']);
    // the same name at the same venue: CONFLICT; a bad layout: BAD_REQUEST, nothing written
    const again = {
      venueId: ev.venueId,
      name: 'Main hall',
      sections: [{ name: 'X', generate: { rows: 1, seatsPerRow: 1 } }],
    };
    expect(await codeOf(api.admin.seatMaps.create(again as never))).toBe('CONFLICT');
    expect(
      await codeOf(api.admin.seatMaps.create({ venueId: ev.venueId, name: 'Bad', sections: [{ name: 'X' }] } as never)),
    ).toBe('BAD_REQUEST');
    expect(await deps.db.seatMap.count({ where: { venueId: ev.venueId } })).toBe(1);

    const [orchestra, balcony] = map.sections;
    const assigned = await api.admin.seatMaps.assignToEvent({
      eventId: ev.eventId,
      seatMapId: map.id,
      categoryBySection: { [orchestra!.id]: ev.standardId, [balcony!.id]: ev.vipId },
    });
    expect(assigned).toMatchObject({ seatingMode: 'RESERVED', seats: 62 });
    expect(Object.fromEntries(assigned.quotas.map((q) => [q.name, q.quota]))).toEqual({ Standard: 60, VIP: 2 });
    expect(await deps.db.event.findUniqueOrThrow({ where: { id: ev.eventId } })).toMatchObject({
      seatingMode: 'RESERVED',
      seatMapId: map.id,
    });
    // a section of another map is refused with a field error
    expect(
      await codeOf(
        api.admin.seatMaps.assignToEvent({
          eventId: ev.eventId,
          seatMapId: map.id,
          categoryBySection: { [ev.standardId]: ev.standardId },
        }),
      ),
    ).toBe('BAD_REQUEST');
    // the public event says RESERVED; general-admission booking is refused
    const customer = await makeCustomer(deps);
    expect((await callerFor(deps, null).public.events.get({ id: ev.eventId })).seatingMode).toBe('RESERVED');
    expect(
      await codeOf(
        callerFor(deps, customer.actor).customer.tickets.book({
          eventId: ev.eventId,
          ticketCategoryId: ev.standardId,
          quantity: 1,
        }),
      ),
    ).toBe('CONFLICT');
    // support reads but cannot write
    const support = await deps.db.user.create({
      data: {
        role: 'ADMIN',
        adminLevel: 'SUPPORT',
        email: `sup-${ev.eventId}@admit.test`,
        firstName: 'S',
        lastName: 'P',
        passwordHash: 'x',
      },
    });
    const supportApi = callerFor(deps, (await signIn(deps, support.id)).actor);
    expect((await supportApi.admin.seatMaps.get({ venueId: ev.venueId, id: map.id })).events).toHaveLength(1);
    expect(await codeOf(supportApi.admin.seatMaps.delete({ venueId: ev.venueId, id: map.id }))).toBe('FORBIDDEN');
    // in use: cannot be deleted
    expect(await codeOf(api.admin.seatMaps.delete({ venueId: ev.venueId, id: map.id }))).toBe('CONFLICT');
  });

  it('public map: one entry per seat with category, price and live status; a lapsed hold reads AVAILABLE', async () => {
    const ev = await seated();
    const alice = await makeCustomer(deps);
    const aliceApi = callerFor(deps, alice.actor);
    await aliceApi.customer.seating.hold({ eventId: ev.eventId, seatIds: [ev.seat('Stalls A-1')] });
    const anon = await callerFor(deps, null).public.seating.map({ eventId: ev.eventId });
    expect(anon.seats).toHaveLength(34);
    expect(anon.categories.map((c) => c.name)).toEqual(['Standard', 'VIP']);
    const a1 = anon.seats.find((s) => s.id === ev.seat('Stalls A-1'))!;
    expect(a1).toMatchObject({ label: 'Stalls · Row A · Seat 1', status: 'HELD', mine: false, priceMinor: 45_000 });
    expect(anon.seats.find((s) => s.id === ev.seat('Box A-1'))).toMatchObject({
      priceMinor: 150_000,
      categoryId: ev.vipId,
    });
    const own = await aliceApi.public.seating.map({ eventId: ev.eventId });
    expect(own.seats.find((s) => s.id === ev.seat('Stalls A-1'))).toMatchObject({ status: 'HELD', mine: true });
    deps.clock.advance(11 * 60_000);
    const later = await callerFor(deps, null).public.seating.map({ eventId: ev.eventId });
    expect(later.seats.find((s) => s.id === ev.seat('Stalls A-1'))).toMatchObject({
      status: 'AVAILABLE',
      heldUntil: null,
    });
    // a general-admission event has no map
    const ga = await makeEvent(deps);
    expect(await codeOf(callerFor(deps, null).public.seating.map({ eventId: ga.eventId }))).toBe('NOT_FOUND');
  });

  it('hold is all or nothing: CONFLICT names the seats taken, the others stay free; release frees own holds only', async () => {
    const ev = await seated();
    const alice = await makeCustomer(deps);
    const bob = await makeCustomer(deps);
    const published: RealtimeMessage[] = [];
    const aliceApi = callerFor(deps, alice.actor, published);
    const bobApi = callerFor(deps, bob.actor, published);
    const [a1, a2, a3] = ['Stalls A-1', 'Stalls A-2', 'Stalls A-3'].map(ev.seat);
    const hold = await aliceApi.customer.seating.hold({ eventId: ev.eventId, seatIds: [a1!, a2!] });
    expect(Math.abs(hold.heldUntil.getTime() - (deps.clock.now().getTime() + 10 * 60_000))).toBeLessThan(1000);
    expect(published).toEqual([
      expect.objectContaining({
        room: `event:${ev.eventId}:seats`,
        event: 'seats.changed',
        payload: expect.objectContaining({
          eventId: ev.eventId,
          seats: expect.arrayContaining([expect.objectContaining({ id: a1, status: 'HELD' })]),
        }),
      }),
    ]);
    published.length = 0;

    const err = await errorOf(bobApi.customer.seating.hold({ eventId: ev.eventId, seatIds: [a3!, a2!] }));
    expect(err?.code).toBe('CONFLICT');
    expect(err?.cause?.details).toEqual({ seatIds: [a2] });
    expect(await statusOf(ev.eventId, a3!)).toBe('AVAILABLE'); // rolled back with the failed one
    expect(published).toEqual([]);

    // Bob cannot release Alice's hold; nothing changes
    expect(await codeOf(bobApi.customer.seating.release({ eventId: ev.eventId, seatIds: [a1!] }))).toBe('NOT_FOUND');
    expect(await statusOf(ev.eventId, a1!)).toBe('HELD');
    await aliceApi.customer.seating.release({ eventId: ev.eventId, seatIds: [a1!] });
    expect(await statusOf(ev.eventId, a1!)).toBe('AVAILABLE');
    expect(published.at(-1)?.payload).toMatchObject({ seats: [{ id: a1, status: 'AVAILABLE' }] });
    // Bob now gets A-1; after Alice's hold lapses he also gets A-2
    await bobApi.customer.seating.hold({ eventId: ev.eventId, seatIds: [a1!] });
    deps.clock.advance(10 * 60_000 + 1);
    await bobApi.customer.seating.hold({ eventId: ev.eventId, seatIds: [a2!] });
    expect(
      await deps.db.eventSeat.count({ where: { eventId: ev.eventId, holderId: bob.user.id, status: 'HELD' } }),
    ).toBe(2);
  });

  it('caps: the category maxPerOrder and 10 seats; unknown seats and bad input are refused', async () => {
    const ev = await seated();
    const alice = await makeCustomer(deps);
    const api = callerFor(deps, alice.actor);
    // VIP maxPerOrder is 4: five Box seats do not fit (the box has 4; ask for 4 + a held one)
    await api.customer.seating.hold({ eventId: ev.eventId, seatIds: ['Box A-1', 'Box A-2', 'Box A-3'].map(ev.seat) });
    expect(await codeOf(api.customer.seating.hold({ eventId: ev.eventId, seatIds: [ev.seat('Box A-4')] }))).toBe('OK');
    const tooMany = Array.from({ length: 7 }, (_, i) => ev.seat(`Stalls B-${i + 1}`));
    expect(await codeOf(api.customer.seating.hold({ eventId: ev.eventId, seatIds: tooMany }))).toBe('BAD_REQUEST');
    expect(await codeOf(api.customer.seating.hold({ eventId: ev.eventId, seatIds: [ev.eventId] }))).toBe('NOT_FOUND');
    expect(await codeOf(api.customer.seating.hold({ eventId: ev.eventId, seatIds: [] }))).toBe('BAD_REQUEST');
    expect(
      await codeOf(
        api.customer.seating.hold({ eventId: ev.eventId, seatIds: [ev.seat('Stalls C-1'), ev.seat('Stalls C-1')] }),
      ),
    ).toBe('BAD_REQUEST');
    expect(await deps.db.eventSeat.count({ where: { eventId: ev.eventId, holderId: alice.user.id } })).toBe(4);
  });

  it('book → pay: one line per category, tickets carry their seats, seats SOLD; a second VALID ticket is refused by the database', async () => {
    const ev = await seated();
    const alice = await makeCustomer(deps);
    const published: RealtimeMessage[] = [];
    const api = callerFor(deps, alice.actor, published);
    const seats = [ev.seat('Stalls B-5'), ev.seat('Stalls B-6'), ev.seat('Box A-2')];
    await api.customer.seating.hold({ eventId: ev.eventId, seatIds: seats });
    // another customer cannot book Alice's holds
    const bob = await makeCustomer(deps);
    expect(
      await codeOf(callerFor(deps, bob.actor).customer.seating.book({ eventId: ev.eventId, seatIds: seats })),
    ).toBe('NOT_FOUND');
    const order = await api.customer.seating.book({ eventId: ev.eventId, seatIds: seats });
    expect(order).toMatchObject({ status: 'PENDING', totalMinor: 2 * 45_000 + 150_000, eventId: ev.eventId });
    expect(order.lines.map((l) => [l.quantity, l.description]).sort()).toEqual([
      [1, expect.stringContaining('VIP (Box A-2)')],
      [2, expect.stringContaining('Standard (Stalls B-5, Stalls B-6)')],
    ]);
    const bound = await deps.db.eventSeat.findMany({ where: { eventId: ev.eventId, orderId: order.id } });
    expect(bound).toHaveLength(3);
    expect(bound.every((s) => s.status === 'HELD' && s.heldUntil?.getTime() === order.expiresAt.getTime())).toBe(true);
    // the quota follows the seats
    expect((await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } })).reserved).toBe(2);
    // booked seats cannot be released as plain holds
    expect(await codeOf(api.customer.seating.release({ eventId: ev.eventId, seatIds: [seats[0]!] }))).toBe('NOT_FOUND');

    published.length = 0;
    const intent = await api.customer.payments.process({ orderId: order.id });
    await api.customer.payments.confirm({ paymentId: intent.paymentId });
    for (const id of seats) expect(await statusOf(ev.eventId, id)).toBe('SOLD');
    const tickets = await deps.db.ticket.findMany({ where: { orderId: order.id }, orderBy: { seatId: 'asc' } });
    expect(tickets.map((t) => t.seatId).sort()).toEqual([...seats].sort());
    const sold = published.find((m) => m.event === 'seats.changed');
    expect(sold?.payload).toMatchObject({ eventId: ev.eventId });
    expect(((sold?.payload ?? { seats: [] }) as { seats: { status: string }[] }).seats.map((s) => s.status)).toEqual([
      'SOLD',
      'SOLD',
      'SOLD',
    ]);
    // the ticket prints its seat
    const b5 = tickets.find((t) => t.seatId === ev.seat('Stalls B-5'))!;
    expect((await api.customer.tickets.get({ id: b5.id })).seat).toEqual({ section: 'Stalls', row: 'B', number: '5' });

    // the database refuses a second VALID ticket for the same seat
    const dup = deps.db.$executeRaw`
      INSERT INTO "Ticket" ("id", "reference", "orderId", "orderLineId", "eventId", "ticketCategoryId", "holderId",
        "attendeeName", "status", "secret", "seatId", "updatedAt")
      SELECT gen_random_uuid(), 'T-DUPSEAT1', "orderId", "orderLineId", "eventId", "ticketCategoryId", "holderId",
        'Dup', 'VALID', 'dup-secret-1', "seatId", now() FROM "Ticket" WHERE "id" = ${b5.id}::uuid`;
    await expect(dup).rejects.toThrow();
    // and the layout can no longer change
    expect(
      await codeOf(
        callerFor(deps, admin).admin.seatMaps.update({
          venueId: ev.venueId,
          id: ev.mapId,
          sections: [{ name: 'Stalls', generate: { rows: 1, seatsPerRow: 2 } as never }],
        }),
      ),
    ).toBe('CONFLICT');
    expect(
      await codeOf(
        callerFor(deps, admin).admin.seatMaps.assignToEvent({
          eventId: ev.eventId,
          seatMapId: ev.mapId,
          categoryBySection: {},
        } as never),
      ),
    ).toBe('BAD_REQUEST');
    await expectLedgerConsistent(deps);
  });

  it('an unpaid booking that lapses frees its seats (sweep), and a cancelled one too', async () => {
    const ev = await seated();
    const alice = await makeCustomer(deps);
    const bob = await makeCustomer(deps);
    const api = callerFor(deps, alice.actor);
    const [c1, c2] = [ev.seat('Stalls C-1'), ev.seat('Stalls C-2')];
    await api.customer.seating.hold({ eventId: ev.eventId, seatIds: [c1!] });
    const order = await api.customer.seating.book({ eventId: ev.eventId, seatIds: [c1!] });
    // past the seat hold's 10 minutes but inside the order's 15: still Alice's (bound to the order)
    deps.clock.advance(11 * 60_000);
    expect(
      await codeOf(callerFor(deps, bob.actor).customer.seating.hold({ eventId: ev.eventId, seatIds: [c1!] })),
    ).toBe('CONFLICT');
    // past the order's expiry: Bob's hold expires the order on the spot and takes the seat
    deps.clock.advance(5 * 60_000);
    const published: RealtimeMessage[] = [];
    await callerFor(deps, bob.actor, published).customer.seating.hold({ eventId: ev.eventId, seatIds: [c1!] });
    expect((await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('EXPIRED');
    expect(published.flatMap((m) => (m.payload as { seats: { status: string }[] }).seats.map((s) => s.status))).toEqual(
      ['AVAILABLE', 'HELD'],
    );
    // the sweep on its own
    await api.customer.seating.hold({ eventId: ev.eventId, seatIds: [c2!] });
    const second = await api.customer.seating.book({ eventId: ev.eventId, seatIds: [c2!] });
    deps.clock.advance(16 * 60_000);
    expect(await expireHolds(deps)).toBeGreaterThanOrEqual(1);
    expect(
      await deps.db.eventSeat.findUniqueOrThrow({ where: { eventId_seatId: { eventId: ev.eventId, seatId: c2! } } }),
    ).toMatchObject({ status: 'AVAILABLE', orderId: null, holderId: null });
    expect((await deps.db.order.findUniqueOrThrow({ where: { id: second.id } })).status).toBe('EXPIRED');
    // cancel
    await api.customer.seating.hold({ eventId: ev.eventId, seatIds: [c2!] });
    const third = await api.customer.seating.book({ eventId: ev.eventId, seatIds: [c2!] });
    await api.customer.orders.cancel({ orderId: third.id });
    expect(await statusOf(ev.eventId, c2!)).toBe('AVAILABLE');
    expect((await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } })).reserved).toBe(0);
  });

  it('a refunded seated ticket frees its seat; the ledger stays consistent', async () => {
    const ev = await seated();
    const alice = await makeCustomer(deps);
    const api = callerFor(deps, alice.actor);
    const seats = [ev.seat('Stalls A-7'), ev.seat('Stalls A-8')];
    await api.customer.seating.hold({ eventId: ev.eventId, seatIds: seats });
    const order = await api.customer.seating.book({ eventId: ev.eventId, seatIds: seats });
    const intent = await api.customer.payments.process({ orderId: order.id });
    await api.customer.payments.confirm({ paymentId: intent.paymentId });
    const a7 = await deps.db.ticket.findFirstOrThrow({ where: { orderId: order.id, seatId: seats[0] } });
    const published: RealtimeMessage[] = [];
    await callerFor(deps, admin, published).admin.refunds.create({
      orderId: order.id,
      ticketIds: [a7.id],
      reason: 'ADMIN',
    });
    expect(await statusOf(ev.eventId, seats[0]!)).toBe('AVAILABLE');
    expect(await statusOf(ev.eventId, seats[1]!)).toBe('SOLD');
    expect(published.find((m) => m.event === 'seats.changed')?.payload).toMatchObject({
      seats: [{ id: seats[0], status: 'AVAILABLE' }],
    });
    // someone else can buy it now
    const bob = await makeCustomer(deps);
    const bobApi = callerFor(deps, bob.actor);
    await bobApi.customer.seating.hold({ eventId: ev.eventId, seatIds: [seats[0]!] });
    const bobOrder = await bobApi.customer.seating.book({ eventId: ev.eventId, seatIds: [seats[0]!] });
    const bobIntent = await bobApi.customer.payments.process({ orderId: bobOrder.id });
    await bobApi.customer.payments.confirm({ paymentId: bobIntent.paymentId });
    expect(await deps.db.ticket.count({ where: { eventId: ev.eventId, seatId: seats[0], status: 'VALID' } })).toBe(1);
    await expectLedgerConsistent(deps);
  });

  it('a map without sales can be re-laid out; events using it keep their category per section name', async () => {
    const ev = await seated();
    const api = callerFor(deps, admin);
    const updated = await api.admin.seatMaps.update({
      venueId: ev.venueId,
      id: ev.mapId,
      name: 'Hall (new)',
      sections: [
        { name: 'Stalls', generate: { rows: 2, seatsPerRow: 5 } as never },
        { name: 'Box', generate: { rows: 1, seatsPerRow: 2, origin: { x: 20, y: 300 } } as never },
      ],
    });
    expect(updated).toMatchObject({ name: 'Hall (new)', seatCount: 12 });
    const cats = await deps.db.ticketCategory.findMany({
      where: { eventId: ev.eventId },
      orderBy: { sortOrder: 'asc' },
    });
    expect(cats.map((c) => c.quota)).toEqual([10, 2]);
    expect(await deps.db.eventSeat.count({ where: { eventId: ev.eventId } })).toBe(12);
  });
});
