/**
 * Seat maps of a venue (issue 7 "Seating"; ADR 0019), managed by admins with catalog.read /
 * catalog.write. Modelled on pretix's seating plans: a plan is drawn once per venue (zones →
 * rows → seats with coordinates) and mapped per event onto products — here sections onto
 * ticket categories, which become the per-event `EventSeat` rows.
 *
 * Import format: `ZSeatMapImport` (shared/src/schemas/seating.ts), documented in ADR 0019.
 */
import { randomUUID } from 'node:crypto';
import type {
  TAssignSeatMapInput,
  TCreateSeatMapInput,
  TSeatMapDetail,
  TSeatMapImport,
  TSeatMapSummary,
  TSectionGenerator,
  TUpdateSeatMapInput,
} from '@admit/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { invalidateCatalogue } from '../events/catalogue-cache.ts';
import type { Tx } from '../orders/capacity.ts';

/** At most this many seats in one map (a stadium bowl; keeps one import one statement). */
export const MAX_SEATS_PER_MAP = 20_000;

type Meta = { ip?: string; userAgent?: string; requestId?: string };
const auditActor = (actor: Actor) => ({ id: actor.user.id, role: actor.user.role });

/** Row label number `i` (0-based): A … Z, AA, AB … (spreadsheet columns). */
export function rowLabel(i: number): string {
  let n = i + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Expands a section's generator into rows of seats (see `ZSectionGenerator`). */
export function generateRows(g: TSectionGenerator) {
  return Array.from({ length: g.rows }, (_, r) => ({
    label: g.rowLabels === 'numbers' ? String(r + 1) : rowLabel(r),
    seats: Array.from({ length: g.seatsPerRow }, (_, s) => ({
      number: String(s + 1),
      x: Math.round((g.origin.x + s * g.spacing.x) * 100) / 100,
      y: Math.round((g.origin.y + r * g.spacing.y) * 100) / 100,
      accessible: false,
    })),
  }));
}

type PlannedSection = { id: string; name: string; sortOrder: number };
type PlannedSeat = {
  id: string;
  sectionId: string;
  row: string;
  number: string;
  x: number;
  y: number;
  accessible: boolean;
};

/**
 * Validates an import and lays it out as rows to insert. Errors: VALIDATION_FAILED with the field
 * path (duplicate section names, duplicate seats in a row, seats outside the canvas, too many seats).
 */
export function planSeatMap(map: Pick<TSeatMapImport, 'width' | 'height' | 'sections'>, seatMapId: string) {
  const sections: PlannedSection[] = [];
  const seats: PlannedSeat[] = [];
  const names = new Set<string>();
  const errors: Record<string, string[]> = {};
  map.sections.forEach((s, si) => {
    const key = s.name.toLowerCase();
    if (names.has(key)) errors[`sections.${si}.name`] = ['Another section has this name'];
    names.add(key);
    const section = { id: randomUUID(), name: s.name, sortOrder: si };
    sections.push(section);
    const rows = s.rows ?? (s.generate ? generateRows(s.generate) : []);
    const taken = new Set<string>();
    rows.forEach((row, ri) => {
      row.seats.forEach((seat, ii) => {
        const id = `${row.label}\u0000${seat.number}`;
        const path = s.rows ? `sections.${si}.rows.${ri}.seats.${ii}` : `sections.${si}.generate`;
        if (taken.has(id)) errors[path] = [`Seat ${row.label}-${seat.number} appears twice`];
        taken.add(id);
        if (seat.x > map.width || seat.y > map.height) {
          errors[path] = [`Seat ${row.label}-${seat.number} lies outside the ${map.width}×${map.height} map`];
        }
        seats.push({
          id: randomUUID(),
          sectionId: section.id,
          row: row.label,
          number: seat.number,
          x: seat.x,
          y: seat.y,
          accessible: seat.accessible ?? false,
        });
      });
    });
  });
  if (seats.length > MAX_SEATS_PER_MAP) errors.sections = [`At most ${MAX_SEATS_PER_MAP} seats per map`];
  if (Object.keys(errors).length > 0) {
    throw new AppError('VALIDATION_FAILED', 'The seat map is not valid.', errors);
  }
  return { sections, seats: seats.map((s) => ({ ...s, seatMapId })) };
}

async function insertLayout(tx: Tx, seatMapId: string, plan: ReturnType<typeof planSeatMap>) {
  await tx.seatSection.createMany({ data: plan.sections.map((s) => ({ ...s, seatMapId })) });
  // chunks keep each INSERT's bind parameters well under PostgreSQL's 65 535
  for (let i = 0; i < plan.seats.length; i += 5000) {
    await tx.seat.createMany({ data: plan.seats.slice(i, i + 5000) });
  }
}

async function requireVenue(deps: Deps, venueId: string) {
  const venue = await deps.db.venue.findUnique({ where: { id: venueId }, select: { id: true } });
  if (!venue) throw new AppError('NOT_FOUND', 'No such venue.', { venueId: ['Not found'] });
}

const summarySelect = {
  id: true,
  venueId: true,
  name: true,
  width: true,
  height: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { sections: true, seats: true, events: true } },
} as const;

type SummaryRow = {
  id: string;
  venueId: string;
  name: string;
  width: number;
  height: number;
  createdAt: Date;
  updatedAt: Date;
  _count: { sections: number; seats: number; events: number };
};

function toSummary(m: SummaryRow): TSeatMapSummary {
  const { _count, ...rest } = m;
  return { ...rest, sectionCount: _count.sections, seatCount: _count.seats, eventCount: _count.events };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}

/** `GET /api/venues/{venueId}/seat-maps/`: the venue's seat maps. Errors: NOT_FOUND (venue). */
export async function listSeatMaps(deps: Deps, venueId: string): Promise<{ items: TSeatMapSummary[] }> {
  await requireVenue(deps, venueId);
  const rows = await deps.db.seatMap.findMany({ where: { venueId }, select: summarySelect, orderBy: { name: 'asc' } });
  return { items: rows.map(toSummary) };
}

/**
 * `GET /api/venues/{venueId}/seat-maps/{id}/`: sections with their seats (map units) and the
 * events using the map with how many seats each has sold. Errors: NOT_FOUND.
 */
export async function getSeatMap(deps: Deps, venueId: string, id: string): Promise<TSeatMapDetail> {
  const m = await deps.db.seatMap.findFirst({
    where: { id, venueId },
    select: {
      ...summarySelect,
      sections: {
        orderBy: { sortOrder: 'asc' },
        select: {
          id: true,
          name: true,
          sortOrder: true,
          seats: {
            orderBy: [{ row: 'asc' }, { number: 'asc' }],
            select: { id: true, row: true, number: true, x: true, y: true, accessible: true },
          },
        },
      },
      events: { select: { id: true, title: true, startsAt: true }, orderBy: { startsAt: 'asc' } },
    },
  });
  if (!m) throw new AppError('NOT_FOUND', 'No such seat map.');
  const sold = await deps.db.eventSeat.groupBy({
    by: ['eventId'],
    where: { eventId: { in: m.events.map((e) => e.id) }, status: 'SOLD' },
    _count: { _all: true },
  });
  const soldBy = new Map(sold.map((s) => [s.eventId, s._count._all]));
  const { sections, events, ...summary } = m;
  return {
    ...toSummary(summary),
    sections,
    events: events.map((e) => ({ ...e, soldSeats: soldBy.get(e.id) ?? 0 })),
  };
}

/**
 * `POST /api/venues/{venueId}/seat-maps/`: creates a seat map from the import format (explicit
 * rows or the generator shortcut per section). Errors: NOT_FOUND (venue), VALIDATION_FAILED
 * (layout), CONFLICT (the venue already has a map with this name).
 */
export async function createSeatMap(
  deps: Deps,
  actor: Actor,
  input: TCreateSeatMapInput,
  meta: Meta = {},
): Promise<TSeatMapDetail> {
  await requireVenue(deps, input.venueId);
  const id = randomUUID();
  const plan = planSeatMap(input, id);
  try {
    await deps.db.$transaction(
      async (tx) => {
        await tx.seatMap.create({
          data: { id, venueId: input.venueId, name: input.name, width: input.width, height: input.height },
        });
        await insertLayout(tx, id, plan);
        await recordAudit(tx, {
          action: 'seatMap.created',
          actor: auditActor(actor),
          target: { type: 'SeatMap', id },
          after: { name: input.name, sections: plan.sections.length, seats: plan.seats.length },
          meta,
        });
      },
      { timeout: 30_000 },
    );
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', 'This venue already has a seat map with this name.', {
        name: ['Already used at this venue'],
      });
    }
    throw err;
  }
  return getSeatMap(deps, input.venueId, id);
}

/**
 * Locks every event seat drawn from the map (FOR UPDATE: a concurrent hold waits) and returns the
 * ones that are held live, booked or sold; a layout change is refused while there are any.
 */
async function seatsInUse(tx: Tx, seatMapId: string, now: Date) {
  const rows = await tx.$queryRaw<{ status: string; heldUntil: Date | null; orderId: string | null }[]>`
    SELECT es."status"::text AS status, es."heldUntil", es."orderId" FROM "EventSeat" es
    JOIN "Seat" s ON s."id" = es."seatId"
    WHERE s."seatMapId" = ${seatMapId}::uuid
    ORDER BY es."id" FOR UPDATE OF es`;
  return rows.filter(
    (r) => r.status === 'SOLD' || (r.status === 'HELD' && (r.orderId !== null || (r.heldUntil ?? now) > now)),
  ).length;
}

/**
 * `PUT /api/venues/{venueId}/seat-maps/{id}/`: renames/resizes the map and, with `sections`,
 * replaces its layout. A new layout is refused (INVALID_STATE) while any event using the map has
 * seats sold, booked or held; events using it are re-mapped by section name to the categories
 * they had, with their quotas reset to the new seat counts. Errors: NOT_FOUND, VALIDATION_FAILED,
 * CONFLICT (name taken), INVALID_STATE.
 */
export async function updateSeatMap(
  deps: Deps,
  actor: Actor,
  input: TUpdateSeatMapInput,
  meta: Meta = {},
): Promise<TSeatMapDetail> {
  const current = await deps.db.seatMap.findFirst({
    where: { id: input.id, venueId: input.venueId },
    select: { id: true, name: true, width: true, height: true, events: { select: { id: true } } },
  });
  if (!current) throw new AppError('NOT_FOUND', 'No such seat map.');
  const width = input.width ?? current.width;
  const height = input.height ?? current.height;
  const plan = input.sections ? planSeatMap({ width, height, sections: input.sections }, current.id) : null;
  const now = deps.clock.now();
  try {
    await deps.db.$transaction(
      async (tx) => {
        if (plan) {
          if ((await seatsInUse(tx, current.id, now)) > 0) {
            throw new AppError(
              'INVALID_STATE',
              'Seats of this map are sold or held for an event; its layout can no longer change.',
              { sections: ['In use by an event with sales'] },
            );
          }
          // the mapping each event had, by section name (sections are replaced wholesale)
          const mappings = await tx.$queryRaw<{ eventId: string; section: string; categoryId: string }[]>`
            SELECT DISTINCT es."eventId", sec."name" AS section, es."ticketCategoryId" AS "categoryId"
            FROM "EventSeat" es JOIN "Seat" s ON s."id" = es."seatId" JOIN "SeatSection" sec ON sec."id" = s."sectionId"
            WHERE s."seatMapId" = ${current.id}::uuid`;
          await tx.seatSection.deleteMany({ where: { seatMapId: current.id } }); // cascades seats + event seats
          await insertLayout(tx, current.id, plan);
          for (const ev of current.events) {
            const byName = new Map(mappings.filter((m) => m.eventId === ev.id).map((m) => [m.section, m.categoryId]));
            const sections: string[] = [];
            const categories: string[] = [];
            for (const s of plan.sections) {
              const cat = byName.get(s.name);
              if (cat) {
                sections.push(s.id);
                categories.push(cat);
              }
            }
            await createEventSeats(tx, ev.id, current.id, sections, categories);
          }
        }
        await tx.seatMap.update({
          where: { id: current.id },
          data: { name: input.name ?? current.name, width, height },
        });
        await recordAudit(tx, {
          action: 'seatMap.updated',
          actor: auditActor(actor),
          target: { type: 'SeatMap', id: current.id },
          before: { name: current.name, width: current.width, height: current.height },
          after: { name: input.name ?? current.name, width, height, seats: plan?.seats.length ?? null },
          meta,
        });
      },
      { timeout: 30_000 },
    );
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', 'This venue already has a seat map with this name.', {
        name: ['Already used at this venue'],
      });
    }
    throw err;
  }
  if (plan && current.events.length > 0) invalidateCatalogue();
  return getSeatMap(deps, input.venueId, current.id);
}

/**
 * `DELETE /api/venues/{venueId}/seat-maps/{id}/`. Refused (INVALID_STATE) while an event uses the
 * map. Errors: NOT_FOUND, INVALID_STATE.
 */
export async function deleteSeatMap(
  deps: Deps,
  actor: Actor,
  input: { venueId: string; id: string },
  meta: Meta = {},
): Promise<{ id: string; deleted: true }> {
  const m = await deps.db.seatMap.findFirst({
    where: { id: input.id, venueId: input.venueId },
    select: { id: true, name: true, events: { select: { title: true }, take: 3 } },
  });
  if (!m) throw new AppError('NOT_FOUND', 'No such seat map.');
  if (m.events.length > 0) {
    throw new AppError('INVALID_STATE', `This seat map is used by ${m.events.map((e) => e.title).join(', ')}.`);
  }
  await deps.db.$transaction(async (tx) => {
    // the FK from Event (SET NULL) would otherwise break RESERVED events assigned meanwhile: refuse then
    const { count } = await tx.seatMap.deleteMany({ where: { id: m.id, events: { none: {} } } });
    if (count === 0) throw new AppError('INVALID_STATE', 'This seat map is now used by an event.');
    await recordAudit(tx, {
      action: 'seatMap.deleted',
      actor: auditActor(actor),
      target: { type: 'SeatMap', id: m.id },
      before: { name: m.name },
      meta,
    });
  });
  return { id: m.id, deleted: true };
}

/**
 * The event's seats in ONE statement: every seat of the mapped sections, AVAILABLE, in the
 * section's category; then each category's quota = its seat count (the
 * `TicketCategory_reserved_within_quota` CHECK still holds: nothing is reserved yet).
 */
async function createEventSeats(
  tx: Tx,
  eventId: string,
  seatMapId: string,
  sectionIds: string[],
  categoryIds: string[],
): Promise<number> {
  const created = await tx.$executeRaw`
    INSERT INTO "EventSeat" ("id", "eventId", "seatId", "ticketCategoryId", "status", "updatedAt")
    SELECT gen_random_uuid(), ${eventId}::uuid, s."id", m."categoryId", 'AVAILABLE', now()
    FROM "Seat" s
    JOIN (SELECT unnest(${sectionIds}::uuid[]) AS "sectionId", unnest(${categoryIds}::uuid[]) AS "categoryId") m
      ON m."sectionId" = s."sectionId"
    WHERE s."seatMapId" = ${seatMapId}::uuid`;
  await tx.$executeRaw`
    UPDATE "TicketCategory" tc SET "quota" =
      (SELECT count(*)::int FROM "EventSeat" es WHERE es."ticketCategoryId" = tc."id")
    WHERE tc."eventId" = ${eventId}::uuid`;
  return created;
}

/**
 * `POST /api/events/{eventId}/seat-map/`: switches the event to RESERVED seating on `seatMapId`
 * (a map of the event's venue), creating its seats from `categoryBySection` (section id →
 * ticket category id; unmapped sections are not sold) and setting each category's quota to its
 * seat count. Refused (INVALID_STATE) once the event has sales (anything held or sold in its
 * categories, or a valid ticket): the categories are locked first, so a booking racing the
 * assignment either lands before (and the assignment is refused) or after (and sees RESERVED).
 * Errors: NOT_FOUND, VALIDATION_FAILED (foreign section/category, map of another venue),
 * INVALID_STATE.
 */
export async function assignSeatMapToEvent(deps: Deps, actor: Actor, input: TAssignSeatMapInput, meta: Meta = {}) {
  const event = await deps.db.event.findUnique({
    where: { id: input.eventId },
    select: {
      id: true,
      venueId: true,
      status: true,
      seatMapId: true,
      ticketCategories: { select: { id: true, name: true } },
    },
  });
  if (!event) throw new AppError('NOT_FOUND', 'No such event.', { eventId: ['Not found'] });
  if (event.status === 'CANCELLED') throw new AppError('INVALID_STATE', 'This event is cancelled.');
  const map = await deps.db.seatMap.findUnique({
    where: { id: input.seatMapId },
    select: { id: true, venueId: true, sections: { select: { id: true } } },
  });
  if (!map) throw new AppError('NOT_FOUND', 'No such seat map.', { seatMapId: ['Not found'] });
  if (map.venueId !== event.venueId) {
    throw new AppError('VALIDATION_FAILED', 'This seat map belongs to another venue.', {
      seatMapId: ["Not a seat map of the event's venue"],
    });
  }
  const sectionIds = new Set(map.sections.map((s) => s.id));
  const categoryIds = new Set(event.ticketCategories.map((c) => c.id));
  const errors: Record<string, string[]> = {};
  for (const [sectionId, categoryId] of Object.entries(input.categoryBySection)) {
    if (!sectionIds.has(sectionId)) errors[`categoryBySection.${sectionId}`] = ['Not a section of this seat map'];
    else if (!categoryIds.has(categoryId))
      errors[`categoryBySection.${sectionId}`] = ['Not a ticket category of this event'];
  }
  if (Object.keys(errors).length > 0) throw new AppError('VALIDATION_FAILED', 'Check the section mapping.', errors);
  const entries = Object.entries(input.categoryBySection);

  const seats = await deps.db.$transaction(
    async (tx) => {
      // the quota rows a booking updates: lock them, then look for sales
      const cats = await tx.$queryRaw<{ id: string; reserved: number }[]>`
        SELECT "id", "reserved" FROM "TicketCategory" WHERE "eventId" = ${event.id}::uuid ORDER BY "id" FOR UPDATE`;
      const tickets = await tx.ticket.count({ where: { eventId: event.id, status: 'VALID' } });
      if (tickets > 0 || cats.some((c) => c.reserved > 0)) {
        throw new AppError('INVALID_STATE', 'This event already has sales; its seating can no longer change.');
      }
      await tx.eventSeat.deleteMany({ where: { eventId: event.id } });
      const n = await createEventSeats(
        tx,
        event.id,
        map.id,
        entries.map(([s]) => s),
        entries.map(([, c]) => c),
      );
      await tx.event.update({ where: { id: event.id }, data: { seatingMode: 'RESERVED', seatMapId: map.id } });
      await recordAudit(tx, {
        action: 'event.seatMapAssigned',
        actor: auditActor(actor),
        target: { type: 'Event', id: event.id },
        before: { seatMapId: event.seatMapId },
        after: { seatMapId: map.id, seats: n, categoryBySection: input.categoryBySection },
        meta,
      });
      return n;
    },
    { timeout: 30_000 },
  );
  invalidateCatalogue();
  const quotas = await deps.db.ticketCategory.findMany({
    where: { eventId: event.id },
    select: { id: true, name: true, quota: true },
    orderBy: { sortOrder: 'asc' },
  });
  return {
    eventId: event.id,
    seatMapId: map.id,
    seatingMode: 'RESERVED' as const,
    seats,
    quotas: quotas.map((q) => ({ ticketCategoryId: q.id, name: q.name, quota: q.quota })),
  };
}
