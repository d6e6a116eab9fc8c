/**
 * Admin events (seed 003 Plan 2 Phase 3): list with filters/sort/pagination and CSV (ADR 0022),
 * details with categories (quota / reserved / sold / price), create, partial update, delete,
 * publish / unpublish, and the scanning switch. Rules:
 * - money is integer minor units; instants UTC; `endsAt` after `startsAt`;
 * - a category's quota never drops below its `reserved` (held + sold): conditional UPDATE
 *   `WHERE reserved <= quota`, and the database's CHECK (reserved <= quota) behind it;
 * - an event with orders is never deleted (CONFLICT: cancel it instead, admin.events.cancel);
 *   rows that reference it without cascading (order lines, check-ins, payouts, revocations)
 *   make the DELETE fail inside its transaction, which is answered with the same CONFLICT;
 * - each event signs its ticket QR codes with its own Ed25519 key (ADR 0003), made at creation;
 * - every change is audited (before/after) and the public catalogue cache is invalidated.
 */
import { randomBytes } from 'node:crypto';
import type {
  TAdminEventDetail,
  TAdminEventRow,
  TPage,
  ZAdminEventCreateInput,
  ZAdminEventExportInput,
  ZAdminEventListInput,
  ZAdminEventUpdateInput,
} from '@admit/shared';
import type { z } from 'zod';
import { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { setScanningEnabled } from '../checkin/checkin.service.ts';
import { invalidateCatalogue } from '../events/catalogue-cache.ts';
import { pageOf, pageWindow } from '../pagination.ts';
import { type AuditMeta, auditActor } from '../refunds/scope.ts';
import { newEventKeyPair } from '../tickets/ticket-secret.ts';
import { CSV_MAX_ROWS, dateRange, sortBy, textSearch, toCsv } from './list-query.ts';

type Db = Deps['db'];
type ListInput = z.output<typeof ZAdminEventListInput>;
type ExportInput = z.output<typeof ZAdminEventExportInput>;
type Filters = Omit<ExportInput, 'sort' | 'order'>;

const rowSelect = {
  id: true,
  slug: true,
  title: true,
  status: true,
  category: true,
  featured: true,
  scanningEnabled: true,
  seatingMode: true,
  startsAt: true,
  endsAt: true,
  capacity: true,
  createdAt: true,
  organizer: { select: { id: true, name: true } },
  venue: { select: { id: true, name: true, city: true, timeZone: true } },
  ticketCategories: { select: { quota: true } },
} satisfies Prisma.EventSelect;
type Row = Prisma.EventGetPayload<{ select: typeof rowSelect }>;

function whereOf(f: Filters): Prisma.EventWhereInput {
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.category ? { category: f.category } : {}),
    ...(f.organizerId ? { organizerId: f.organizerId } : {}),
    ...(f.venueId ? { venueId: f.venueId } : {}),
    ...dateRange('startsAt', f.from, f.to),
    ...textSearch(f.q, ['title', 'slug', 'organizer.name', 'venue.name']),
  };
}

/** VALID tickets per event (a ticket counts as sold while it is valid). */
async function soldBy(db: Db, eventIds: string[]): Promise<Map<string, number>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db.ticket.groupBy({
    by: ['eventId'],
    where: { eventId: { in: eventIds }, status: 'VALID' },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.eventId, r._count._all]));
}

const toRow = (e: Row, sold: Map<string, number>): TAdminEventRow => {
  const { ticketCategories, ...rest } = e;
  return { ...rest, sold: sold.get(e.id) ?? 0, quota: ticketCategories.reduce((s, c) => s + c.quota, 0) };
};

/**
 * Events in `where`, ordered by the sort: columns through Prisma; `sold` (computed) by first
 * taking the filtered ids, then ordering and windowing them in one SQL statement (ADR 0022).
 */
async function orderedRows(
  db: Db,
  where: Prisma.EventWhereInput,
  input: { sort: ExportInput['sort']; order: 'asc' | 'desc' },
  window: { skip: number; take: number },
): Promise<Row[]> {
  if (input.sort !== 'sold') {
    return db.event.findMany({
      where,
      select: rowSelect,
      orderBy: sortBy(input, { startsAt: 'startsAt', title: 'title', createdAt: 'createdAt', sold: 'startsAt' }),
      ...window,
    });
  }
  const ids = (await db.event.findMany({ where, select: { id: true } })).map((e) => e.id);
  if (ids.length === 0) return [];
  const dir = input.order === 'asc' ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const ordered = await db.$queryRaw<{ id: string }[]>`
    SELECT e."id" FROM "Event" e
    LEFT JOIN (SELECT "eventId", COUNT(*)::int AS n FROM "Ticket" WHERE "status" = 'VALID' AND "eventId" = ANY(${ids}::uuid[])
               GROUP BY "eventId") s ON s."eventId" = e."id"
    WHERE e."id" = ANY(${ids}::uuid[])
    ORDER BY COALESCE(s.n, 0) ${dir}, e."id" ASC
    OFFSET ${window.skip} LIMIT ${window.take}`;
  const rows = await db.event.findMany({ where: { id: { in: ordered.map((o) => o.id) } }, select: rowSelect });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ordered.map((o) => byId.get(o.id)).filter((r): r is Row => !!r);
}

/**
 * `GET /api/events/` (admin.catalog.events.list): filters status, category, organizerId, venueId,
 * `from`/`to` on `startsAt` (UTC, `to` exclusive), text `q` (title, slug, organizer, venue);
 * sort startsAt | title | sold | createdAt; page envelope of rows with sold/quota/capacity.
 */
export async function listAdminEvents(deps: Pick<Deps, 'db'>, input: ListInput): Promise<TPage<TAdminEventRow>> {
  const where = whereOf(input);
  const [total, rows] = await Promise.all([
    deps.db.event.count({ where }),
    orderedRows(deps.db, where, input, pageWindow(input)),
  ]);
  const sold = await soldBy(
    deps.db,
    rows.map((r) => r.id),
  );
  return pageOf(
    rows.map((r) => toRow(r, sold)),
    total,
    input,
  );
}

/** `GET /api/events/export.csv`: the list's filters and sort, at most CSV_MAX_ROWS rows, formula-safe cells. */
export async function adminEventsCsv(
  deps: Pick<Deps, 'db'>,
  input: ExportInput,
): Promise<{ csv: string; rows: number }> {
  const rows = await orderedRows(deps.db, whereOf(input), input, { skip: 0, take: CSV_MAX_ROWS });
  const sold = await soldBy(
    deps.db,
    rows.map((r) => r.id),
  );
  const out = rows.map((r) => toRow(r, sold));
  const csv = toCsv(out, [
    { header: 'id', value: (e) => e.id },
    { header: 'title', value: (e) => e.title },
    { header: 'status', value: (e) => e.status },
    { header: 'category', value: (e) => e.category },
    { header: 'starts_at', value: (e) => e.startsAt },
    { header: 'ends_at', value: (e) => e.endsAt },
    { header: 'organizer', value: (e) => e.organizer.name },
    { header: 'venue', value: (e) => e.venue.name },
    { header: 'city', value: (e) => e.venue.city },
    { header: 'time_zone', value: (e) => e.venue.timeZone },
    { header: 'capacity', value: (e) => e.capacity },
    { header: 'quota', value: (e) => e.quota },
    { header: 'sold', value: (e) => e.sold },
    { header: 'scanning_enabled', value: (e) => e.scanningEnabled },
    { header: 'created_at', value: (e) => e.createdAt },
  ]);
  return { csv, rows: out.length };
}

/**
 * `GET /api/events/{id}/`: the row plus description, image, categories (quota, reserved, sold,
 * price in minor units) and counts (orders, tickets, checked in, inside). Errors: NOT_FOUND.
 */
export async function getAdminEvent(deps: Pick<Deps, 'db'>, id: string): Promise<TAdminEventDetail> {
  const e = await deps.db.event.findUnique({
    where: { id },
    select: {
      ...rowSelect,
      description: true,
      imageUrl: true,
      cancelledAt: true,
      updatedAt: true,
      ticketCategories: { orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }] },
    },
  });
  if (!e) throw new AppError('NOT_FOUND', 'No such event.');
  const [soldRows, tickets, checkedIn, inside, orders] = await Promise.all([
    deps.db.ticket.groupBy({
      by: ['ticketCategoryId'],
      where: { eventId: id, status: 'VALID' },
      _count: { _all: true },
    }),
    deps.db.ticket.count({ where: { eventId: id } }),
    deps.db.ticket.count({ where: { eventId: id, checkedInAt: { not: null } } }),
    deps.db.ticket.count({ where: { eventId: id, inside: true } }),
    deps.db.order.count({ where: { lines: { some: { ticketCategory: { eventId: id } } } } }),
  ]);
  const soldByCat = new Map(soldRows.map((r) => [r.ticketCategoryId, r._count._all]));
  const sold = [...soldByCat.values()].reduce((s, n) => s + n, 0);
  const { ticketCategories, ...rest } = e;
  return {
    ...rest,
    sold,
    quota: ticketCategories.reduce((s, c) => s + c.quota, 0),
    ticketCategories: ticketCategories.map((c) => ({
      id: c.id,
      name: c.name,
      tier: c.tier,
      description: c.description,
      priceMinor: c.priceMinor,
      currency: c.currency,
      quota: c.quota,
      reserved: c.reserved,
      sold: soldByCat.get(c.id) ?? 0,
      maxPerOrder: c.maxPerOrder,
      sortOrder: c.sortOrder,
    })),
    counts: { orders, tickets, checkedIn, inside },
  };
}

/** Organizers and venues for the event form's selects (at most 500 of each, by name). */
export async function catalogOptions(deps: Pick<Deps, 'db'>) {
  const [organizers, venues] = await Promise.all([
    deps.db.organizer.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' }, take: 500 }),
    deps.db.venue.findMany({
      select: { id: true, name: true, city: true, timeZone: true },
      orderBy: { name: 'asc' },
      take: 500,
    }),
  ]);
  return { organizers, venues };
}

const slugify = (title: string) =>
  title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'event';

/** Field errors for organizer / venue ids that do not exist. */
async function checkRefs(db: Db, ids: { organizerId?: string | undefined; venueId?: string | undefined }) {
  const [organizer, venue] = await Promise.all([
    ids.organizerId ? db.organizer.findUnique({ where: { id: ids.organizerId }, select: { id: true } }) : true,
    ids.venueId ? db.venue.findUnique({ where: { id: ids.venueId }, select: { id: true } }) : true,
  ]);
  const details: Record<string, string[]> = {};
  if (!organizer) details.organizerId = ['No such organizer'];
  if (!venue) details.venueId = ['No such venue'];
  if (Object.keys(details).length > 0)
    throw new AppError('VALIDATION_FAILED', 'Check the highlighted fields.', details);
}

/**
 * `POST /api/events/`: a DRAFT event with its ticket categories (prices in minor units of
 * `currency`) and a fresh Ed25519 signing key (as the seed does, `newEventKeyPair`); the
 * database trigger adds its default check-in list. Errors: VALIDATION_FAILED (unknown
 * organizer/venue, field-level).
 */
export async function createAdminEvent(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof ZAdminEventCreateInput>,
  meta: AuditMeta,
): Promise<TAdminEventDetail> {
  await checkRefs(deps.db, input);
  const { seed, publicKey } = newEventKeyPair();
  const event = await deps.db.event.create({
    data: {
      organizerId: input.organizerId,
      venueId: input.venueId,
      slug: `${slugify(input.title)}-${randomBytes(3).toString('hex')}`,
      title: input.title,
      description: input.description,
      category: input.category,
      status: 'DRAFT',
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      capacity: input.capacity,
      imageUrl: input.imageUrl ?? null,
      signingSeed: seed,
      signingPublicKey: publicKey,
      ticketCategories: {
        create: input.ticketCategories.map((c, i) => ({
          name: c.name,
          tier: c.tier,
          description: c.description ?? null,
          priceMinor: c.priceMinor,
          currency: input.currency,
          quota: c.quota,
          maxPerOrder: c.maxPerOrder,
          sortOrder: i,
        })),
      },
    },
    select: { id: true, title: true },
  });
  await recordAudit(deps.db, {
    action: 'event.created',
    actor: auditActor(actor),
    target: { type: 'event', id: event.id },
    after: { title: event.title, categories: input.ticketCategories.length },
    meta,
  });
  invalidateCatalogue();
  return getAdminEvent(deps, event.id);
}

/** Is this error the database refusing a row that breaks a CHECK constraint? */
function isCheckViolation(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${JSON.stringify((err as { meta?: unknown }).meta ?? '')}` : '';
  return /check constraint|23514/i.test(text);
}

/** Is this error a foreign key refusing a delete (rows still reference it)? */
function isForeignKeyViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError && (err.code === 'P2003' || err.code === 'P2014'))
    return true;
  const text = err instanceof Error ? `${err.message} ${JSON.stringify((err as { meta?: unknown }).meta ?? '')}` : '';
  return /foreign key|23503/i.test(text);
}

/** Is this a unique violation (Prisma P2002 or SQLSTATE 23505)? */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return true;
  const text = err instanceof Error ? `${err.message} ${JSON.stringify((err as { meta?: unknown }).meta ?? '')}` : '';
  return /unique constraint|23505/i.test(text);
}

/**
 * `PUT /api/events/{id}/`: partial update. Categories with an `id` (of this event) are edited,
 * without one added; `removeTicketCategoryIds` are deleted when nothing was ever ordered from
 * them. A quota below the category's `reserved` is refused with a field error
 * (`ticketCategories.<i>.quota`), enforced by a conditional UPDATE inside the transaction.
 * Errors: NOT_FOUND, VALIDATION_FAILED (field-level), INVALID_STATE (cancelled event).
 */
export async function updateAdminEvent(
  deps: Deps,
  actor: Actor,
  input: z.output<typeof ZAdminEventUpdateInput>,
  meta: AuditMeta,
): Promise<TAdminEventDetail> {
  const before = await deps.db.event.findUnique({
    where: { id: input.id },
    select: {
      id: true,
      status: true,
      title: true,
      startsAt: true,
      endsAt: true,
      capacity: true,
      organizerId: true,
      venueId: true,
      ticketCategories: { select: { id: true, name: true, priceMinor: true, quota: true, currency: true } },
    },
  });
  if (!before) throw new AppError('NOT_FOUND', 'No such event.');
  if (before.status === 'CANCELLED') throw new AppError('INVALID_STATE', 'A cancelled event cannot be edited.');
  const startsAt = input.startsAt ?? before.startsAt;
  const endsAt = input.endsAt ?? before.endsAt;
  if (endsAt <= startsAt) {
    throw new AppError('VALIDATION_FAILED', 'The event must end after it starts.', {
      [input.endsAt ? 'endsAt' : 'startsAt']: [input.endsAt ? 'Must be after the start' : 'Must be before the end'],
    });
  }
  await checkRefs(deps.db, input);
  const own = new Map(before.ticketCategories.map((c) => [c.id, c]));
  const details: Record<string, string[]> = {};
  input.ticketCategories?.forEach((c, i) => {
    if (c.id && !own.has(c.id)) details[`ticketCategories.${i}.id`] = ['Not a category of this event'];
  });
  input.removeTicketCategoryIds?.forEach((id, i) => {
    if (!own.has(id)) details[`removeTicketCategoryIds.${i}`] = ['Not a category of this event'];
  });
  if (Object.keys(details).length > 0)
    throw new AppError('VALIDATION_FAILED', 'Check the highlighted fields.', details);
  const currency = before.ticketCategories[0]?.currency ?? 'EGP';

  try {
    await deps.db.$transaction(async (tx) => {
      await tx.event.update({
        where: { id: input.id },
        data: {
          ...(input.organizerId ? { organizerId: input.organizerId } : {}),
          ...(input.venueId ? { venueId: input.venueId } : {}),
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.category ? { category: input.category } : {}),
          ...(input.startsAt ? { startsAt: input.startsAt } : {}),
          ...(input.endsAt ? { endsAt: input.endsAt } : {}),
          ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
          ...(input.imageUrl !== undefined ? { imageUrl: input.imageUrl } : {}),
          ...(input.featured !== undefined ? { featured: input.featured } : {}),
        },
      });
      for (const id of input.removeTicketCategoryIds ?? []) {
        const lines = await tx.orderLine.count({ where: { ticketCategoryId: id } });
        const index = input.removeTicketCategoryIds!.indexOf(id);
        if (lines > 0) {
          throw new AppError('VALIDATION_FAILED', 'This category has orders.', {
            [`removeTicketCategoryIds.${index}`]: ['Has orders: set its quota to what is reserved instead'],
          });
        }
        // the FK from order lines refuses the delete if a booking slipped in meanwhile
        await tx.ticketCategory.delete({ where: { id } });
      }
      const nextSort = before.ticketCategories.length;
      for (const [i, c] of (input.ticketCategories ?? []).entries()) {
        const fields = {
          name: c.name,
          tier: c.tier,
          description: c.description ?? null,
          priceMinor: c.priceMinor,
          maxPerOrder: c.maxPerOrder,
        };
        if (!c.id) {
          await tx.ticketCategory.create({
            data: { ...fields, eventId: input.id, currency, quota: c.quota, sortOrder: nextSort + i },
          });
          continue;
        }
        // never below what is held + sold: the guard is in the WHERE (and the CHECK behind it)
        const done = await tx.ticketCategory.updateMany({
          where: { id: c.id, eventId: input.id, reserved: { lte: c.quota } },
          data: { ...fields, quota: c.quota },
        });
        if (done.count === 0) {
          const now = await tx.ticketCategory.findUnique({ where: { id: c.id }, select: { reserved: true } });
          throw new AppError('VALIDATION_FAILED', 'A quota is below what is already reserved.', {
            [`ticketCategories.${i}.quota`]: [`At least ${now?.reserved ?? 0} (already held or sold)`],
          });
        }
      }
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (isUniqueViolation(err)) {
      throw new AppError('VALIDATION_FAILED', 'A ticket category with this name exists.', {
        ticketCategories: ['Category names must be unique within the event'],
      });
    }
    if (isCheckViolation(err)) {
      throw new AppError('VALIDATION_FAILED', 'A quota is below what is already reserved.', {
        ticketCategories: ['A quota is below what is held or sold'],
      });
    }
    if (isForeignKeyViolation(err)) {
      throw new AppError('CONFLICT', 'A category was ordered from meanwhile and cannot be removed.');
    }
    throw err;
  }
  await recordAudit(deps.db, {
    action: 'event.updated',
    actor: auditActor(actor),
    target: { type: 'event', id: input.id },
    before: {
      title: before.title,
      startsAt: before.startsAt.toISOString(),
      endsAt: before.endsAt.toISOString(),
      capacity: before.capacity,
      categories: before.ticketCategories.map((c) => ({
        id: c.id,
        name: c.name,
        priceMinor: c.priceMinor,
        quota: c.quota,
      })),
    },
    after: JSON.parse(JSON.stringify({ ...input, id: undefined })) as Prisma.InputJsonValue,
    meta,
  });
  invalidateCatalogue();
  return getAdminEvent(deps, input.id);
}

/**
 * `DELETE /api/events/{id}/`: only an event nobody ordered from. Errors: NOT_FOUND; CONFLICT
 * when it has orders (cancel it instead: POST /api/events/{id}/cancel/ refunds them) or other
 * records (check-ins, payouts, revocations) that must be kept.
 */
export async function deleteAdminEvent(deps: Deps, actor: Actor, id: string, meta: AuditMeta) {
  const event = await deps.db.event.findUnique({ where: { id }, select: { id: true, title: true, status: true } });
  if (!event) throw new AppError('NOT_FOUND', 'No such event.');
  const refuse = () =>
    new AppError('CONFLICT', 'This event has orders: cancel it instead (its paid orders are refunded).');
  try {
    await deps.db.$transaction(async (tx) => {
      const lines = await tx.orderLine.count({ where: { ticketCategory: { eventId: id } } });
      if (lines > 0) throw refuse();
      // categories, lists, assignments, seats, favorites, sessions cascade; an order line that
      // slipped in meanwhile (or a check-in, payout, revocation) makes the FK refuse the delete
      await tx.event.delete({ where: { id } });
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (isForeignKeyViolation(err)) {
      throw new AppError('CONFLICT', 'This event has orders or gate records: cancel it instead.');
    }
    throw err;
  }
  await recordAudit(deps.db, {
    action: 'event.deleted',
    actor: auditActor(actor),
    target: { type: 'event', id },
    before: { title: event.title, status: event.status },
    meta,
  });
  invalidateCatalogue();
  return { ok: true as const, id };
}

/**
 * Publish (DRAFT → PUBLISHED: on sale in the public catalogue) or unpublish (PUBLISHED → DRAFT:
 * off sale; tickets already sold stay valid). A conditional UPDATE on the status makes the
 * transition exact. Errors: NOT_FOUND; INVALID_STATE (cancelled, already in that state, or
 * publishing an event without ticket categories).
 */
export async function setEventPublished(deps: Deps, actor: Actor, id: string, publish: boolean, meta: AuditMeta) {
  const from = publish ? 'DRAFT' : 'PUBLISHED';
  const to = publish ? 'PUBLISHED' : 'DRAFT';
  if (publish) {
    const cats = await deps.db.ticketCategory.count({ where: { eventId: id } });
    if (cats === 0 && (await deps.db.event.count({ where: { id } })) > 0) {
      throw new AppError('INVALID_STATE', 'Add a ticket category before publishing.');
    }
  }
  const done = await deps.db.event.updateMany({ where: { id, status: from }, data: { status: to } });
  if (done.count === 0) {
    const e = await deps.db.event.findUnique({ where: { id }, select: { status: true } });
    if (!e) throw new AppError('NOT_FOUND', 'No such event.');
    throw new AppError(
      'INVALID_STATE',
      e.status === 'CANCELLED' ? 'This event is cancelled.' : `This event is already ${e.status.toLowerCase()}.`,
    );
  }
  await recordAudit(deps.db, {
    action: publish ? 'event.published' : 'event.unpublished',
    actor: auditActor(actor),
    target: { type: 'event', id },
    before: { status: from },
    after: { status: to },
    meta,
  });
  invalidateCatalogue();
  return getAdminEvent(deps, id);
}

/**
 * Scanning on/off: `setScanningEnabled` (modules/checkin) flips the switch and pushes
 * `event.status` to the event's gate room after commit. Errors: NOT_FOUND.
 */
export async function setEventScanning(deps: Deps, actor: Actor, id: string, enabled: boolean, meta: AuditMeta) {
  const changed = await setScanningEnabled(deps, id, enabled);
  if (changed) {
    await recordAudit(deps.db, {
      action: enabled ? 'event.scanning_enabled' : 'event.scanning_disabled',
      actor: auditActor(actor),
      target: { type: 'event', id },
      after: { scanningEnabled: enabled },
      meta,
    });
  }
  return getAdminEvent(deps, id);
}
