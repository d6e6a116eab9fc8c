/**
 * Reserved seating for customers (issue 7 "Seating"; ADR 0019): the live seat map of an event,
 * seat holds, and booking held seats through the shared ticket checkout (orders.service
 * `placeTicketOrder`). Modelled on pretix: a seat in a cart is blocked for everyone else until
 * the cart expires; the seat is sold with the order's payment.
 *
 *   hold     ONE conditional UPDATE … RETURNING over the requested seats, locked in id order:
 *            AVAILABLE, or a lapsed hold not bound to an order, or the caller's own hold (which
 *            is extended). Fewer rows than asked → the transaction rolls back and CONFLICT names
 *            the seats taken. Two buyers can never hold one seat: the row lock + WHERE decide.
 *   release  the caller's own unbooked holds → AVAILABLE (all or nothing).
 *   book     the caller's live holds → a PENDING order (one EVENT_TICKET line per category);
 *            the seats stay HELD, bound to the order until it is paid (SOLD) or lapses (AVAILABLE).
 *
 * Every change is published as `seats.changed` on `event:<id>:seats` after its commit.
 */
import type { TEventSeatMap, TOrder, TSeatsInput } from '@admit/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { expireHolds, placeTicketOrder } from '../orders/orders.service.ts';
import { noteSeatChanges, publishSeatMessages, seatsChangedMessage, takeSeatMessages } from './seat-events.ts';

/** At most this many seats held by one customer per event (and per request). */
export const MAX_SEATS_PER_CUSTOMER = 10;

export const seatLabel = (section: string, row: string, number: string) => `${section} · Row ${row} · Seat ${number}`;

type SaleEvent = { id: string; title: string; status: string; endsAt: Date; seatingMode: string };

async function requireReservedEvent(deps: Deps, eventId: string, now: Date): Promise<SaleEvent> {
  const event = await deps.db.event.findUnique({
    where: { id: eventId },
    select: { id: true, title: true, status: true, endsAt: true, seatingMode: true },
  });
  if (!event || event.status === 'DRAFT') throw new AppError('NOT_FOUND', 'No such event.', { eventId: ['Not found'] });
  if (event.status !== 'PUBLISHED') throw new AppError('INVALID_STATE', 'This event is not on sale.');
  if (event.endsAt <= now) throw new AppError('INVALID_STATE', 'This event has ended.');
  if (event.seatingMode !== 'RESERVED') {
    throw new AppError('INVALID_STATE', 'This event has general admission: there are no seats to choose.');
  }
  return event;
}

/**
 * `GET /api/v1/events/{eventId}/seats/`: the event's seat map with every sellable seat's live
 * state (a lapsed hold reads AVAILABLE; `mine` marks the signed-in caller's holds). Coordinates
 * in map units; prices in minor units. Never cached. Errors: NOT_FOUND (unknown, draft, or
 * general-admission event).
 */
export async function getEventSeatMap(deps: Deps, actor: Actor | null, eventId: string): Promise<TEventSeatMap> {
  const now = deps.clock.now();
  const [event, seats] = await Promise.all([
    deps.db.event.findUnique({
      where: { id: eventId },
      select: {
        status: true,
        seatingMode: true,
        seatMap: {
          select: {
            id: true,
            name: true,
            width: true,
            height: true,
            sections: { select: { id: true, name: true }, orderBy: { sortOrder: 'asc' } },
          },
        },
        ticketCategories: {
          select: { id: true, name: true, priceMinor: true, currency: true, maxPerOrder: true },
          orderBy: [{ sortOrder: 'asc' }, { priceMinor: 'asc' }],
        },
      },
    }),
    // the seats in one query: what a map renders
    deps.db.$queryRaw<
      {
        id: string;
        sectionId: string;
        row: string;
        number: string;
        x: number;
        y: number;
        accessible: boolean;
        categoryId: string;
        status: 'AVAILABLE' | 'HELD' | 'SOLD' | 'BLOCKED';
        heldUntil: Date | null;
        holderId: string | null;
      }[]
    >`
      SELECT s."id", s."sectionId", s."row", s."number", s."x", s."y", s."accessible",
             es."ticketCategoryId" AS "categoryId", es."status"::text AS "status", es."heldUntil", es."holderId"
      FROM "EventSeat" es JOIN "Seat" s ON s."id" = es."seatId"
      WHERE es."eventId" = ${eventId}::uuid
      ORDER BY s."sectionId", s."row", s."number"`,
  ]);
  if (!event || event.status === 'DRAFT' || event.seatingMode !== 'RESERVED' || !event.seatMap) {
    throw new AppError('NOT_FOUND', 'This event has no seat map.');
  }
  const sectionName = new Map(event.seatMap.sections.map((s) => [s.id, s.name]));
  const price = new Map(event.ticketCategories.map((c) => [c.id, c.priceMinor]));
  const me = actor?.user.role === 'CUSTOMER' ? actor.user.id : null;
  return {
    eventId,
    seatMapId: event.seatMap.id,
    name: event.seatMap.name,
    width: event.seatMap.width,
    height: event.seatMap.height,
    holdMinutes: deps.config.seatHoldMinutes,
    categories: event.ticketCategories,
    sections: event.seatMap.sections,
    seats: seats.map((s) => {
      const lapsed = s.status === 'HELD' && (s.heldUntil === null || s.heldUntil <= now);
      const status = lapsed ? 'AVAILABLE' : s.status;
      return {
        id: s.id,
        sectionId: s.sectionId,
        label: seatLabel(sectionName.get(s.sectionId) ?? '', s.row, s.number),
        row: s.row,
        number: s.number,
        x: Number(s.x),
        y: Number(s.y),
        accessible: s.accessible,
        categoryId: s.categoryId,
        priceMinor: price.get(s.categoryId) ?? 0,
        status,
        heldUntil: status === 'HELD' ? s.heldUntil : null,
        mine: status === 'HELD' && me !== null && s.holderId === me,
      };
    }),
  };
}

/**
 * `POST /api/v1/events/{eventId}/seats/hold/`: holds `seatIds` (Seat ids, ≤ 10) for the caller
 * for `SEAT_HOLD_MINUTES`, all or nothing. Holding a seat the caller already holds extends it.
 * Returns the held seat ids and `heldUntil` (UTC).
 * Errors: NOT_FOUND (event, or a seat not on its map), INVALID_STATE (not on sale, general
 * admission), VALIDATION_FAILED (over a category's maxPerOrder or 10 seats in all, counting the
 * caller's other live holds), CONFLICT with `details.seatIds` = the seats someone else has.
 */
export async function holdSeats(deps: Deps, actor: Actor, input: TSeatsInput) {
  const now = deps.clock.now();
  const me = actor.user.id;
  // ONE read for every check before the write: the event, the requested seats and the caller's
  // other live holds, each with its category's maxPerOrder
  const rows = await deps.db.$queryRaw<
    {
      status: string;
      seatingMode: string;
      endsAt: Date;
      seatId: string | null;
      ticketCategoryId: string | null;
      maxPerOrder: number | null;
      categoryName: string | null;
      requested: boolean | null;
    }[]
  >`
    SELECT e."status"::text AS status, e."seatingMode"::text AS "seatingMode", e."endsAt",
           es."seatId", es."ticketCategoryId", tc."maxPerOrder", tc."name" AS "categoryName",
           es."seatId" = ANY(${input.seatIds}::uuid[]) AS requested
    FROM "Event" e
    LEFT JOIN "EventSeat" es ON es."eventId" = e."id" AND (es."seatId" = ANY(${input.seatIds}::uuid[])
      OR (es."holderId" = ${me}::uuid AND es."status" = 'HELD' AND es."orderId" IS NULL AND es."heldUntil" > ${now}))
    LEFT JOIN "TicketCategory" tc ON tc."id" = es."ticketCategoryId"
    WHERE e."id" = ${input.eventId}::uuid`;
  const event = rows[0];
  if (!event || event.status === 'DRAFT') throw new AppError('NOT_FOUND', 'No such event.', { eventId: ['Not found'] });
  if (event.status !== 'PUBLISHED') throw new AppError('INVALID_STATE', 'This event is not on sale.');
  if (event.endsAt <= now) throw new AppError('INVALID_STATE', 'This event has ended.');
  if (event.seatingMode !== 'RESERVED') {
    throw new AppError('INVALID_STATE', 'This event has general admission: there are no seats to choose.');
  }
  const seats = rows.filter((r) => r.seatId !== null);
  const known = new Set(seats.filter((r) => r.requested).map((r) => r.seatId));
  const unknown = input.seatIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppError('NOT_FOUND', 'Some seats are not on this event’s seat map.', { seatIds: unknown });
  }
  // caps: the requested seats plus the caller's other live holds (soft limits; no double sale
  // depends on them — that is the statement below)
  if (seats.length > MAX_SEATS_PER_CUSTOMER) {
    throw new AppError('VALIDATION_FAILED', `At most ${MAX_SEATS_PER_CUSTOMER} seats at a time.`, {
      seatIds: [`At most ${MAX_SEATS_PER_CUSTOMER} seats, counting the ones you already hold`],
    });
  }
  const perCategory = new Map<string, { n: number; max: number; name: string }>();
  for (const r of seats) {
    const c = perCategory.get(r.ticketCategoryId!) ?? { n: 0, max: r.maxPerOrder ?? 10, name: r.categoryName ?? '' };
    c.n++;
    perCategory.set(r.ticketCategoryId!, c);
  }
  for (const c of perCategory.values()) {
    if (c.n > c.max) {
      throw new AppError('VALIDATION_FAILED', `At most ${c.max} ${c.name} seats per order.`, {
        seatIds: [`At most ${c.max} ${c.name} seats`],
      });
    }
  }

  const heldUntil = new Date(now.getTime() + deps.config.seatHoldMinutes * 60_000);
  const n = input.seatIds.length;
  /**
   * ONE statement, atomic on its own: lock the requested rows in id order (overlapping
   * multi-seat holds cannot deadlock; a concurrent hold waits and then sees the new state), take
   * them only when ALL are free — AVAILABLE, a lapsed hold not bound to an order, or the caller's
   * own unbooked hold — and report every requested seat's state. All or nothing without a
   * transaction round trip.
   */
  const attempt = () =>
    deps.db.$queryRaw<
      { seatId: string; free: boolean; held: boolean; status: string; orderId: string | null; heldUntil: Date | null }[]
    >`
      WITH target AS (
        SELECT "id", "seatId", "status", "orderId", "heldUntil", "holderId" FROM "EventSeat"
        WHERE "eventId" = ${input.eventId}::uuid AND "seatId" = ANY(${input.seatIds}::uuid[])
        ORDER BY "id" FOR UPDATE
      ),
      free AS (
        SELECT "id" FROM target
        WHERE "status" = 'AVAILABLE'
           OR ("status" = 'HELD' AND "orderId" IS NULL AND ("heldUntil" <= ${now} OR "holderId" = ${me}::uuid))
      ),
      taken AS (
        UPDATE "EventSeat" es
        SET "status" = 'HELD', "holderId" = ${me}::uuid, "heldUntil" = ${heldUntil}, "updatedAt" = ${now}
        FROM free
        WHERE es."id" = free."id" AND (SELECT count(*) FROM free) = ${n}
        RETURNING es."id"
      )
      SELECT t."seatId", t."id" IN (SELECT "id" FROM free) AS free, t."id" IN (SELECT "id" FROM taken) AS held,
             t."status"::text AS status, t."orderId", t."heldUntil"
      FROM target t`;

  let result = await attempt();
  if (!result.every((r) => r.held)) {
    // a seat booked on an order whose hold lapsed follows its order: expire such orders, retry once
    const lapsed = result.filter(
      (r) => !r.free && r.status === 'HELD' && r.orderId && r.heldUntil && r.heldUntil <= now,
    );
    if (lapsed.length > 0) {
      const categories = await deps.db.eventSeat.findMany({
        where: { eventId: input.eventId, seatId: { in: lapsed.map((l) => l.seatId) } },
        select: { ticketCategoryId: true },
        distinct: ['ticketCategoryId'],
      });
      let expired = 0;
      for (const c of categories) expired += await expireHolds(deps, { ticketCategoryId: c.ticketCategoryId });
      if (expired > 0) result = await attempt();
    }
  }
  if (!result.every((r) => r.held)) {
    const missing = result.filter((r) => !r.free).map((r) => r.seatId);
    throw new AppError(
      'CONFLICT',
      missing.length === 1 ? 'Someone else just took this seat.' : 'Someone else just took some of these seats.',
      { seatIds: missing.length > 0 ? missing : input.seatIds },
    );
  }
  publishSeatMessages(deps, [
    seatsChangedMessage(
      input.eventId,
      new Map(input.seatIds.map((id) => [id, { status: 'HELD' as const, heldUntil }])),
      now,
    ),
  ]);
  return { eventId: input.eventId, seatIds: input.seatIds, heldUntil };
}

/**
 * `POST /api/v1/events/{eventId}/seats/release/`: gives back the caller's own holds (not yet
 * booked on an order), all or nothing. Errors: NOT_FOUND with `details.seatIds` = the seats the
 * caller does not hold (someone else's hold is never touched).
 */
export async function releaseSeats(deps: Deps, actor: Actor, input: TSeatsInput) {
  const now = deps.clock.now();
  const notHeld = Symbol('not held');
  let missing: string[] = [];
  const messages = await deps.db
    .$transaction(async (tx) => {
      const freed = await tx.$queryRaw<{ seatId: string }[]>`
        UPDATE "EventSeat"
        SET "status" = 'AVAILABLE', "holderId" = NULL, "heldUntil" = NULL, "updatedAt" = ${now}
        WHERE "eventId" = ${input.eventId}::uuid AND "seatId" = ANY(${input.seatIds}::uuid[])
          AND "status" = 'HELD' AND "holderId" = ${actor.user.id}::uuid AND "orderId" IS NULL
        RETURNING "seatId"`;
      if (freed.length !== input.seatIds.length) {
        const got = new Set(freed.map((f) => f.seatId));
        missing = input.seatIds.filter((id) => !got.has(id));
        throw notHeld;
      }
      noteSeatChanges(
        tx,
        input.eventId,
        freed.map((f) => ({ id: f.seatId, status: 'AVAILABLE' as const })),
      );
      return takeSeatMessages(tx, now);
    })
    .catch((err: unknown) => {
      if (err === notHeld) {
        throw new AppError('NOT_FOUND', 'You do not hold these seats.', { seatIds: missing });
      }
      throw err;
    });
  publishSeatMessages(deps, messages);
  return { eventId: input.eventId, seatIds: input.seatIds };
}

/**
 * `POST /api/v1/events/{eventId}/seats/book/`: turns the caller's live holds into a PENDING order
 * through the shared ticket checkout (one EVENT_TICKET line per category; quota taken by its
 * conditional UPDATE); the seats stay held for the order until it is paid (then SOLD, each
 * ticket carrying its seat) or lapses (then AVAILABLE). Pay it like any order.
 * Errors: NOT_FOUND (`details.seatIds`: seats the caller does not hold, or whose hold lapsed),
 * INVALID_STATE (not on sale), VALIDATION_FAILED (over a category's maxPerOrder), CONFLICT.
 */
export async function bookSeats(deps: Deps, actor: Actor, input: TSeatsInput): Promise<TOrder> {
  const now = deps.clock.now();
  const event = await requireReservedEvent(deps, input.eventId, now);
  const rows = await deps.db.eventSeat.findMany({
    where: { eventId: input.eventId, seatId: { in: input.seatIds } },
    select: {
      seatId: true,
      status: true,
      holderId: true,
      orderId: true,
      heldUntil: true,
      seat: { select: { row: true, number: true, section: { select: { name: true } } } },
      ticketCategory: { select: { id: true, name: true, priceMinor: true, currency: true, maxPerOrder: true } },
    },
  });
  const live = rows.filter(
    (r) =>
      r.status === 'HELD' &&
      r.holderId === actor.user.id &&
      r.orderId === null &&
      r.heldUntil !== null &&
      r.heldUntil > now,
  );
  if (live.length !== input.seatIds.length) {
    const ok = new Set(live.map((r) => r.seatId));
    throw new AppError('NOT_FOUND', 'You do not hold these seats (or your hold lapsed); choose them again.', {
      seatIds: input.seatIds.filter((id) => !ok.has(id)),
    });
  }
  const lines = new Map<
    string,
    { category: (typeof live)[number]['ticketCategory']; quantity: number; labels: string[] }
  >();
  for (const r of live) {
    const l = lines.get(r.ticketCategory.id) ?? { category: r.ticketCategory, quantity: 0, labels: [] };
    l.quantity++;
    l.labels.push(`${r.seat.section.name} ${r.seat.row}-${r.seat.number}`);
    lines.set(r.ticketCategory.id, l);
  }
  const currencies = new Set(live.map((r) => r.ticketCategory.currency));
  if (currencies.size > 1) {
    throw new AppError('VALIDATION_FAILED', 'These seats are priced in different currencies; book them separately.', {
      seatIds: ['Mixed currencies'],
    });
  }
  for (const l of lines.values()) {
    if (l.quantity > l.category.maxPerOrder) {
      throw new AppError('VALIDATION_FAILED', `At most ${l.category.maxPerOrder} ${l.category.name} seats per order.`, {
        seatIds: [`At most ${l.category.maxPerOrder} ${l.category.name} seats`],
      });
    }
  }
  return placeTicketOrder(deps, actor, {
    eventTitle: event.title,
    currency: [...currencies][0]!,
    lines: [...lines.values()].map((l) => ({ category: l.category, quantity: l.quantity })),
    seats: {
      eventId: input.eventId,
      seatIds: input.seatIds,
      describe: (categoryId) => (lines.get(categoryId)?.labels ?? []).sort().join(', '),
    },
    now,
  });
}
