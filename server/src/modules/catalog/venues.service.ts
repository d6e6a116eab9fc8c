/**
 * Admin venues and their gates (seed 003 Plan 2 Phase 10): list with filters/sort/pagination and
 * CSV (ADR 0022), create (IANA time zone checked with Intl, ISO 3166-1 alpha-2 country,
 * capacity, gates), partial update, delete (refused while an event uses the venue), and gate
 * create / rename / delete (refused while check-ins, usher assignments or incident reports name
 * the gate). Names are unique per city (venues) and per venue (gates): the database's unique
 * indexes decide, answered as field errors. Every change is audited.
 */
import type { TAdminVenue, TPage, ZAdminVenueExportInput, ZAdminVenueListInput } from '@admit/shared';
import type { z } from 'zod';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type AuditMeta, auditActor } from '../refunds/scope.ts';
import { isUniqueViolation } from './events.service.ts';
import { CSV_MAX_ROWS, listPage, sortBy, textSearch, toCsv } from './list-query.ts';

type Filters = Omit<z.output<typeof ZAdminVenueExportInput>, 'sort' | 'order'>;

const venueSelect = {
  id: true,
  name: true,
  address: true,
  city: true,
  country: true,
  timeZone: true,
  capacity: true,
  createdAt: true,
  gates: { select: { id: true, name: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }] },
  _count: { select: { events: true } },
} satisfies Prisma.VenueSelect;
type Row = Prisma.VenueGetPayload<{ select: typeof venueSelect }>;
const toVenue = ({ _count, ...v }: Row): TAdminVenue => ({ ...v, events: _count.events });

const SORT_FIELDS = { name: 'name', city: 'city', capacity: 'capacity', createdAt: 'createdAt' } as const;

function whereOf(f: Filters): Prisma.VenueWhereInput {
  return {
    ...(f.country ? { country: f.country } : {}),
    ...(textSearch(f.q, ['name', 'address', 'city']) as Prisma.VenueWhereInput),
  };
}

/** `GET /api/venues/`: filters `q` (name, address, city) and `country`; sort name | city | capacity | createdAt. */
export async function listAdminVenues(
  deps: Pick<Deps, 'db'>,
  input: z.output<typeof ZAdminVenueListInput>,
): Promise<TPage<TAdminVenue>> {
  return listPage(
    {
      count: (a: { where: Prisma.VenueWhereInput }) => deps.db.venue.count(a),
      findMany: (a) => deps.db.venue.findMany({ ...a, select: venueSelect }),
    },
    whereOf(input),
    sortBy(input, SORT_FIELDS),
    input,
    toVenue,
  );
}

/** `GET /api/venues/export.csv`: the list's filters and sort, at most CSV_MAX_ROWS rows, formula-safe cells. */
export async function adminVenuesCsv(deps: Pick<Deps, 'db'>, input: z.output<typeof ZAdminVenueExportInput>) {
  const rows = (
    await deps.db.venue.findMany({
      where: whereOf(input),
      select: venueSelect,
      orderBy: sortBy(input, SORT_FIELDS),
      take: CSV_MAX_ROWS,
    })
  ).map(toVenue);
  const csv = toCsv(rows, [
    { header: 'id', value: (v) => v.id },
    { header: 'name', value: (v) => v.name },
    { header: 'address', value: (v) => v.address },
    { header: 'city', value: (v) => v.city },
    { header: 'country', value: (v) => v.country },
    { header: 'time_zone', value: (v) => v.timeZone },
    { header: 'capacity', value: (v) => v.capacity },
    { header: 'gates', value: (v) => v.gates.map((g) => g.name).join('; ') },
    { header: 'events', value: (v) => v.events },
    { header: 'created_at', value: (v) => v.createdAt },
  ]);
  return { csv, rows: rows.length };
}

/** One venue with gates and its event count. Errors: NOT_FOUND. */
export async function getAdminVenue(deps: Pick<Deps, 'db'>, id: string): Promise<TAdminVenue> {
  const v = await deps.db.venue.findUnique({ where: { id }, select: venueSelect });
  if (!v) throw new AppError('NOT_FOUND', 'No such venue.');
  return toVenue(v);
}

const nameTaken = () =>
  new AppError('CONFLICT', 'A venue with this name already exists in this city.', {
    name: ['Already used in this city'],
  });

/** `POST /api/venues/` with its gates. Errors: VALIDATION_FAILED (fields), CONFLICT (name taken in the city). */
export async function createAdminVenue(
  deps: Deps,
  actor: Actor,
  input: {
    name: string;
    address: string;
    city: string;
    country: string;
    timeZone: string;
    capacity: number;
    gates: string[];
  },
  meta: AuditMeta,
): Promise<TAdminVenue> {
  let id: string;
  try {
    ({ id } = await deps.db.venue.create({
      data: {
        name: input.name,
        address: input.address,
        city: input.city,
        country: input.country,
        timeZone: input.timeZone,
        capacity: input.capacity,
        gates: { create: input.gates.map((name) => ({ name })) },
      },
      select: { id: true },
    }));
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
  await recordAudit(deps.db, {
    action: 'venue.created',
    actor: auditActor(actor),
    target: { type: 'venue', id },
    after: { ...input },
    meta,
  });
  return getAdminVenue(deps, id);
}

/** `PUT /api/venues/{id}/`: partial. Errors: NOT_FOUND, VALIDATION_FAILED, CONFLICT (name taken in the city). */
export async function updateAdminVenue(
  deps: Deps,
  actor: Actor,
  input: {
    id: string;
    name?: string | undefined;
    address?: string | undefined;
    city?: string | undefined;
    country?: string | undefined;
    timeZone?: string | undefined;
    capacity?: number | undefined;
  },
  meta: AuditMeta,
): Promise<TAdminVenue> {
  const before = await getAdminVenue(deps, input.id);
  const { id, ...changes } = input;
  try {
    await deps.db.venue.update({ where: { id }, data: changes });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
  await recordAudit(deps.db, {
    action: 'venue.updated',
    actor: auditActor(actor),
    target: { type: 'venue', id },
    before: {
      name: before.name,
      address: before.address,
      city: before.city,
      country: before.country,
      timeZone: before.timeZone,
      capacity: before.capacity,
    },
    after: JSON.parse(JSON.stringify(changes)) as Prisma.InputJsonValue,
    meta,
  });
  return getAdminVenue(deps, id);
}

/**
 * `DELETE /api/venues/{id}/` with its gates. Errors: NOT_FOUND; CONFLICT while an event (any
 * status) or a seat map uses it — the foreign keys refuse the delete even if one is added meanwhile.
 */
export async function deleteAdminVenue(deps: Deps, actor: Actor, id: string, meta: AuditMeta) {
  const before = await getAdminVenue(deps, id);
  if (before.events > 0) {
    throw new AppError('CONFLICT', `This venue is used by ${before.events} event(s): move or delete them first.`);
  }
  try {
    await deps.db.venue.delete({ where: { id } });
  } catch (err) {
    if (isForeignKey(err)) throw new AppError('CONFLICT', 'This venue is in use (events, seat maps or gate records).');
    throw err;
  }
  await recordAudit(deps.db, {
    action: 'venue.deleted',
    actor: auditActor(actor),
    target: { type: 'venue', id },
    before: { name: before.name, city: before.city },
    meta,
  });
  return { ok: true as const, id };
}

function isForeignKey(err: unknown): boolean {
  const e = err as { code?: string; message?: string; meta?: unknown };
  if (e?.code === 'P2003' || e?.code === 'P2014') return true;
  return /foreign key|23503/i.test(`${e?.message ?? ''} ${JSON.stringify(e?.meta ?? '')}`);
}

const gateTaken = () =>
  new AppError('CONFLICT', 'This venue already has a gate with this name.', { name: ['Already used'] });

/** `POST /api/venues/{venueId}/gates/`. Errors: NOT_FOUND (venue), CONFLICT (name taken). */
export async function createGate(deps: Deps, actor: Actor, input: { venueId: string; name: string }, meta: AuditMeta) {
  await getAdminVenue(deps, input.venueId);
  let id: string;
  try {
    ({ id } = await deps.db.gate.create({ data: input, select: { id: true } }));
  } catch (err) {
    if (isUniqueViolation(err)) throw gateTaken();
    throw err;
  }
  await recordAudit(deps.db, {
    action: 'gate.created',
    actor: auditActor(actor),
    target: { type: 'gate', id },
    after: input,
    meta,
  });
  return getAdminVenue(deps, input.venueId);
}

/** `PUT /api/venues/{venueId}/gates/{gateId}/` renames. Errors: NOT_FOUND (gate of another venue too), CONFLICT. */
export async function renameGate(
  deps: Deps,
  actor: Actor,
  input: { venueId: string; gateId: string; name: string },
  meta: AuditMeta,
) {
  const gate = await deps.db.gate.findFirst({ where: { id: input.gateId, venueId: input.venueId } });
  if (!gate) throw new AppError('NOT_FOUND', 'No such gate at this venue.');
  try {
    await deps.db.gate.update({ where: { id: gate.id }, data: { name: input.name } });
  } catch (err) {
    if (isUniqueViolation(err)) throw gateTaken();
    throw err;
  }
  await recordAudit(deps.db, {
    action: 'gate.renamed',
    actor: auditActor(actor),
    target: { type: 'gate', id: gate.id },
    before: { name: gate.name },
    after: { name: input.name },
    meta,
  });
  return getAdminVenue(deps, input.venueId);
}

/**
 * `DELETE /api/venues/{venueId}/gates/{gateId}/`. Errors: NOT_FOUND; CONFLICT while check-ins,
 * usher assignments or incident reports name the gate (kept for the logs).
 */
export async function deleteGate(
  deps: Deps,
  actor: Actor,
  input: { venueId: string; gateId: string },
  meta: AuditMeta,
) {
  const gate = await deps.db.gate.findFirst({ where: { id: input.gateId, venueId: input.venueId } });
  if (!gate) throw new AppError('NOT_FOUND', 'No such gate at this venue.');
  try {
    await deps.db.gate.delete({ where: { id: gate.id } });
  } catch (err) {
    if (isForeignKey(err)) {
      throw new AppError('CONFLICT', 'This gate has check-ins or usher assignments: rename it instead.');
    }
    throw err;
  }
  await recordAudit(deps.db, {
    action: 'gate.deleted',
    actor: auditActor(actor),
    target: { type: 'gate', id: gate.id },
    before: { name: gate.name, venueId: gate.venueId },
    meta,
  });
  return getAdminVenue(deps, input.venueId);
}
