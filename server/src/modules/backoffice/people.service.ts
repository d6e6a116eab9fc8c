/**
 * Organizers, merchants and ushers in the admin back office (seed 003 Plan 2 Phase 7:
 * `GET /api/organizers/`, `POST /api/users/`, `PUT /api/users/:id/`, `DELETE /api/users/:id/`,
 * "similar for merchants, ushers"). Admin accounts stay on `POST /api/admins/` (admins.manage).
 * Lists follow ADR 0022; every change is audited with the state before and after.
 */

import { randomBytes } from 'node:crypto';
import type {
  TCreateUserInput,
  TCreateUsherAssignmentInput,
  TOrganizerListInput,
  TPeopleListInput,
  TUpdateUserInput,
  TUsherListInput,
} from '@admit/shared';
import { hashPassword } from '../../auth/password.ts';
import { invalidateUserSessions } from '../../auth/sessions.ts';
import { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { getUser } from '../admin/admin.service.ts';
import { adminCan } from '../admin/permissions.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { CSV_MAX_ROWS, listPage, sortBy, textSearch, toCsv } from '../catalog/list-query.ts';
import { isUniqueViolation } from '../checkin/checkin.service.ts';

type Meta = { ip?: string; userAgent?: string; requestId?: string };
type Db = Pick<Deps, 'db' | 'clock'>;
const uuids = (ids: string[]) => Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`));

// ───────────────────────────── organizers ─────────────────────────────

const organizerSelect = {
  id: true,
  name: true,
  slug: true,
  contactEmail: true,
  contactPhone: true,
  platformFeeBps: true,
  createdAt: true,
  _count: { select: { events: true } },
} satisfies Prisma.OrganizerSelect;
type OrganizerRow = Prisma.OrganizerGetPayload<{ select: typeof organizerSelect }>;

/** Per organizer: published events, staff and ushers, VALID tickets and paid ticket sales per currency. */
async function organizerStats(deps: Db, rows: OrganizerRow[]) {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [published, users, tickets, revenue] = await Promise.all([
    deps.db.event.groupBy({
      by: ['organizerId'],
      where: { organizerId: { in: ids }, status: 'PUBLISHED' },
      _count: { _all: true },
    }),
    deps.db.user.groupBy({ by: ['organizerId', 'role'], where: { organizerId: { in: ids } }, _count: { _all: true } }),
    deps.db.$queryRaw<{ organizerId: string; n: bigint }[]>`
      SELECT e."organizerId", COUNT(*)::bigint AS n FROM "Ticket" t JOIN "Event" e ON e."id" = t."eventId"
      WHERE t."status" = 'VALID' AND e."organizerId" IN (${uuids(ids)}) GROUP BY 1`,
    deps.db.$queryRaw<{ organizerId: string; currency: string; amount: bigint }[]>`
      SELECT e."organizerId", o."currency", SUM(l."totalMinor")::bigint AS amount
      FROM "OrderLine" l
      JOIN "Order" o ON o."id" = l."orderId"
      JOIN "TicketCategory" c ON c."id" = l."ticketCategoryId"
      JOIN "Event" e ON e."id" = c."eventId"
      WHERE l."kind" = 'EVENT_TICKET' AND o."paidAt" IS NOT NULL AND e."organizerId" IN (${uuids(ids)})
      GROUP BY 1, 2 ORDER BY 2`,
  ]);
  return rows.map(({ _count, ...o }) => ({
    ...o,
    events: _count.events,
    publishedEvents: published.find((p) => p.organizerId === o.id)?._count._all ?? 0,
    staff: users.filter((u) => u.organizerId === o.id && u.role === 'ORGANIZER').reduce((s, u) => s + u._count._all, 0),
    ushers: users.filter((u) => u.organizerId === o.id && u.role === 'USHER').reduce((s, u) => s + u._count._all, 0),
    ticketsSold: Number(tickets.find((t) => t.organizerId === o.id)?.n ?? 0),
    revenue: revenue
      .filter((r) => r.organizerId === o.id)
      .map((r) => ({ currency: r.currency.trim(), amountMinor: Number(r.amount) })),
  }));
}

const organizerWhere = (f: { q?: string }): Prisma.OrganizerWhereInput =>
  textSearch(f.q, ['name', 'slug', 'contactEmail', 'contactPhone']) as Prisma.OrganizerWhereInput;
const organizerOrder = (f: Pick<TOrganizerListInput, 'sort' | 'order'>) =>
  f.sort === 'events'
    ? [{ events: { _count: f.order } }, { id: 'asc' as const }]
    : sortBy(f, { createdAt: 'createdAt', name: 'name', events: 'createdAt' });

/**
 * `admin.organizers.list` — `GET /api/organizers/`: organizers with their events (all /
 * published), staff and usher accounts, tickets sold (VALID) and paid ticket sales per currency.
 */
export async function listOrganizers(deps: Db, input: TOrganizerListInput) {
  const page = await listPage(
    {
      count: (a) => deps.db.organizer.count(a),
      findMany: (a) => deps.db.organizer.findMany({ ...a, select: organizerSelect }),
    },
    organizerWhere(input),
    organizerOrder(input),
    input,
  );
  return { ...page, items: await organizerStats(deps, page.items) };
}

/** CSV of the filtered organizers (at most CSV_MAX_ROWS rows). */
export async function organizersCsv(deps: Db, input: Omit<TOrganizerListInput, 'page' | 'pageSize'>) {
  const rows = await organizerStats(
    deps,
    await deps.db.organizer.findMany({
      where: organizerWhere(input),
      orderBy: organizerOrder(input) as Prisma.OrganizerOrderByWithRelationInput[],
      take: CSV_MAX_ROWS,
      select: organizerSelect,
    }),
  );
  const csv = toCsv(rows, [
    { header: 'id', value: (r) => r.id },
    { header: 'name', value: (r) => r.name },
    { header: 'contact_email', value: (r) => r.contactEmail },
    { header: 'contact_phone', value: (r) => r.contactPhone },
    { header: 'platform_fee_bps', value: (r) => r.platformFeeBps },
    { header: 'events', value: (r) => r.events },
    { header: 'published_events', value: (r) => r.publishedEvents },
    { header: 'tickets_sold', value: (r) => r.ticketsSold },
    { header: 'revenue', value: (r) => r.revenue.map((m) => `${m.amountMinor} ${m.currency}`).join('; ') },
    { header: 'created_at', value: (r) => r.createdAt },
  ]);
  return { csv, rows: rows.length };
}

// ───────────────────────────── merchants ─────────────────────────────

const peopleWhere = (role: 'MERCHANT' | 'USHER', f: { q?: string; status?: TPeopleListInput['status'] }) =>
  ({
    role,
    ...(f.status ? { status: f.status } : {}),
    ...textSearch(f.q, ['firstName', 'lastName', 'email', 'mobile', 'username']),
  }) as Prisma.UserWhereInput;
const peopleOrder = (f: Pick<TPeopleListInput, 'sort' | 'order'>) =>
  (f.sort === 'name'
    ? [{ firstName: f.order }, { lastName: f.order }, { id: 'asc' }]
    : [{ createdAt: f.order }, { id: 'asc' }]) as Prisma.UserOrderByWithRelationInput[];

const merchantSelect = {
  id: true,
  status: true,
  firstName: true,
  lastName: true,
  mobile: true,
  email: true,
  createdAt: true,
  merchantProfile: { select: { businessName: true, city: true } },
} satisfies Prisma.UserSelect;
type MerchantRow = Prisma.UserGetPayload<{ select: typeof merchantSelect }>;

async function merchantStats(deps: Db, rows: MerchantRow[]) {
  const ids = rows.map((r) => r.id);
  const [stock, assigned] = ids.length
    ? await Promise.all([
        deps.db.nfcCard.groupBy({
          by: ['merchantId'],
          where: { merchantId: { in: ids }, customerId: null, status: 'ACTIVE' },
          _count: { _all: true },
        }),
        deps.db.nfcCard.groupBy({
          by: ['merchantId'],
          where: { merchantId: { in: ids }, customerId: { not: null } },
          _count: { _all: true },
        }),
      ])
    : [[], []];
  return rows.map(({ merchantProfile, ...m }) => ({
    ...m,
    businessName: merchantProfile?.businessName ?? null,
    city: merchantProfile?.city ?? null,
    cardsInStock: stock.find((s) => s.merchantId === m.id)?._count._all ?? 0,
    cardsAssigned: assigned.find((s) => s.merchantId === m.id)?._count._all ?? 0,
  }));
}

/**
 * `admin.merchants.list` — `GET /api/merchants/`: merchant accounts with their business name,
 * ACTIVE cards in stock (no customer yet) and cards handed to customers.
 */
export async function listMerchants(deps: Db, input: TPeopleListInput) {
  const page = await listPage(
    { count: (a) => deps.db.user.count(a), findMany: (a) => deps.db.user.findMany({ ...a, select: merchantSelect }) },
    merchantWhere(input),
    peopleOrder(input),
    input,
  );
  return { ...page, items: await merchantStats(deps, page.items) };
}

const merchantWhere = (f: { q?: string; status?: TPeopleListInput['status'] }): Prisma.UserWhereInput => ({
  role: 'MERCHANT',
  ...(f.status ? { status: f.status } : {}),
  ...(f.q
    ? {
        OR: [
          ...(textSearch(f.q, ['firstName', 'lastName', 'email', 'mobile']).OR as Prisma.UserWhereInput[]),
          { merchantProfile: { businessName: { contains: f.q, mode: 'insensitive' } } },
        ],
      }
    : {}),
});

/** CSV of the filtered merchants (at most CSV_MAX_ROWS rows). */
export async function merchantsCsv(deps: Db, input: Omit<TPeopleListInput, 'page' | 'pageSize'>) {
  const rows = await merchantStats(
    deps,
    await deps.db.user.findMany({
      where: merchantWhere(input),
      orderBy: peopleOrder(input),
      take: CSV_MAX_ROWS,
      select: merchantSelect,
    }),
  );
  const csv = toCsv(rows, [
    { header: 'id', value: (r) => r.id },
    { header: 'business_name', value: (r) => r.businessName },
    { header: 'first_name', value: (r) => r.firstName },
    { header: 'last_name', value: (r) => r.lastName },
    { header: 'mobile', value: (r) => r.mobile },
    { header: 'email', value: (r) => r.email },
    { header: 'city', value: (r) => r.city },
    { header: 'status', value: (r) => r.status },
    { header: 'cards_in_stock', value: (r) => r.cardsInStock },
    { header: 'cards_assigned', value: (r) => r.cardsAssigned },
    { header: 'created_at', value: (r) => r.createdAt },
  ]);
  return { csv, rows: rows.length };
}

// ───────────────────────────── ushers ─────────────────────────────

const usherSelect = {
  id: true,
  status: true,
  firstName: true,
  lastName: true,
  username: true,
  createdAt: true,
  organizer: { select: { id: true, name: true } },
  usherAssignments: {
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    select: {
      id: true,
      createdAt: true,
      event: { select: { id: true, title: true, startsAt: true } },
      gate: { select: { id: true, name: true } },
      checkInList: { select: { id: true, name: true } },
    },
  },
} satisfies Prisma.UserSelect;

const usherWhere = (f: Omit<TUsherListInput, 'page' | 'pageSize' | 'sort' | 'order'>): Prisma.UserWhereInput => ({
  ...peopleWhere('USHER', f),
  ...(f.organizerId ? { organizerId: f.organizerId } : {}),
  ...(f.eventId ? { usherAssignments: { some: { eventId: f.eventId } } } : {}),
});

/**
 * `admin.ushers.list` — `GET /api/ushers/`: usher accounts (filter by organizer, by event they
 * are assigned to, status, text) with their assignments (event, gate, check-in list).
 */
export async function listUshers(deps: Db, input: TUsherListInput) {
  return listPage(
    { count: (a) => deps.db.user.count(a), findMany: (a) => deps.db.user.findMany({ ...a, select: usherSelect }) },
    usherWhere(input),
    peopleOrder(input),
    input,
    ({ usherAssignments, ...u }) => ({ ...u, assignments: usherAssignments }),
  );
}

/** CSV of the filtered ushers, one row per usher (assignments joined). */
export async function ushersCsv(deps: Db, input: Omit<TUsherListInput, 'page' | 'pageSize'>) {
  const rows = await deps.db.user.findMany({
    where: usherWhere(input),
    orderBy: peopleOrder(input),
    take: CSV_MAX_ROWS,
    select: usherSelect,
  });
  const csv = toCsv(rows, [
    { header: 'id', value: (r) => r.id },
    { header: 'username', value: (r) => r.username },
    { header: 'first_name', value: (r) => r.firstName },
    { header: 'last_name', value: (r) => r.lastName },
    { header: 'organizer', value: (r) => r.organizer?.name },
    { header: 'status', value: (r) => r.status },
    {
      header: 'assignments',
      value: (r) => r.usherAssignments.map((a) => `${a.event.title}${a.gate ? ` @ ${a.gate.name}` : ''}`).join('; '),
    },
    { header: 'created_at', value: (r) => r.createdAt },
  ]);
  return { csv, rows: rows.length };
}

/** Checks an (event, gate, check-in list) for an usher of `organizerId`; field errors otherwise. */
async function checkAssignmentTarget(
  deps: Db,
  organizerId: string | null,
  a: { eventId: string; gateId?: string; checkInListId?: string },
) {
  const event = await deps.db.event.findUnique({
    where: { id: a.eventId },
    select: { organizerId: true, venueId: true },
  });
  if (!event || event.organizerId !== organizerId) {
    throw new AppError('VALIDATION_FAILED', 'Pick an event of the usher’s organizer.', {
      eventId: ['Not an event of this usher’s organizer'],
    });
  }
  if (a.gateId) {
    const gate = await deps.db.gate.findFirst({
      where: { id: a.gateId, venueId: event.venueId },
      select: { id: true },
    });
    if (!gate)
      throw new AppError('VALIDATION_FAILED', 'Pick a gate of the event’s venue.', {
        gateId: ['Not a gate of this venue'],
      });
  }
  if (a.checkInListId) {
    const list = await deps.db.checkInList.findFirst({
      where: { id: a.checkInListId, eventId: a.eventId },
      select: { id: true },
    });
    if (!list) {
      throw new AppError('VALIDATION_FAILED', 'Pick a check-in list of the event.', {
        checkInListId: ['Not a check-in list of this event'],
      });
    }
  }
}

async function usherFor(deps: Db, id: string) {
  const usher = await deps.db.user.findFirst({ where: { id, role: 'USHER' }, select: { id: true, organizerId: true } });
  if (!usher) throw new AppError('NOT_FOUND', 'No such usher.');
  return usher;
}

async function usherRow(deps: Db, id: string) {
  const u = await deps.db.user.findUniqueOrThrow({ where: { id }, select: usherSelect });
  const { usherAssignments, ...rest } = u;
  return { ...rest, assignments: usherAssignments };
}

/**
 * `admin.ushers.assignments.create` — `POST /api/ushers/:id/assignments/`: assigns the usher to
 * an event of their organizer, optionally at a gate of its venue with a check-in list of the
 * event (pretix: a device per check-in list). One assignment per (usher, event).
 * @throws NOT_FOUND (not an usher), VALIDATION_FAILED (event/gate/list), CONFLICT (already assigned)
 */
export async function createUsherAssignment(deps: Deps, admin: Actor, input: TCreateUsherAssignmentInput, meta: Meta) {
  const usher = await usherFor(deps, input.id);
  await checkAssignmentTarget(deps, usher.organizerId, input);
  try {
    const created = await deps.db.usherAssignment.create({
      data: {
        usherId: usher.id,
        eventId: input.eventId,
        gateId: input.gateId ?? null,
        checkInListId: input.checkInListId ?? null,
      },
      select: { id: true },
    });
    await recordAudit(deps.db, {
      action: 'usher.assigned',
      actor: admin.user,
      target: { type: 'user', id: usher.id },
      after: {
        assignmentId: created.id,
        eventId: input.eventId,
        gateId: input.gateId ?? null,
        checkInListId: input.checkInListId ?? null,
      },
      meta,
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', 'This usher is already assigned to this event.', {
        eventId: ['Already assigned to this event'],
      });
    }
    throw err;
  }
  return usherRow(deps, usher.id);
}

/**
 * `admin.ushers.assignments.remove` — `DELETE /api/ushers/:id/assignments/:assignmentId/`. The
 * usher's sessions for that event stop working at once (the usher procedure re-checks the
 * assignment on every call).
 * @throws NOT_FOUND when the assignment is not this usher's
 */
export async function removeUsherAssignment(
  deps: Deps,
  admin: Actor,
  input: { id: string; assignmentId: string },
  meta: Meta,
) {
  const usher = await usherFor(deps, input.id);
  const found = await deps.db.usherAssignment.findFirst({
    where: { id: input.assignmentId, usherId: usher.id },
    select: { eventId: true, gateId: true },
  });
  const { count } = await deps.db.usherAssignment.deleteMany({ where: { id: input.assignmentId, usherId: usher.id } });
  if (count === 0 || !found) throw new AppError('NOT_FOUND', 'No such assignment.');
  await recordAudit(deps.db, {
    action: 'usher.unassigned',
    actor: admin.user,
    target: { type: 'user', id: usher.id },
    before: { assignmentId: input.assignmentId, eventId: found.eventId, gateId: found.gateId },
    meta,
  });
  return usherRow(deps, usher.id);
}

// ───────────────────────────── create / update / delete users ─────────────────────────────

/** Field errors for identifiers already used by another account. */
async function takenFields(
  deps: Db,
  f: { mobile?: string; email?: string | null; username?: string },
  exceptId?: string,
) {
  const details: Record<string, string[]> = {};
  const check = async (field: 'mobile' | 'email' | 'username', value: string | null | undefined) => {
    if (!value) return;
    const other = await deps.db.user.findFirst({
      where: { [field]: value, ...(exceptId ? { id: { not: exceptId } } : {}) },
      select: { id: true },
    });
    if (other) details[field] = ['Already in use'];
  };
  await Promise.all([check('mobile', f.mobile), check('email', f.email), check('username', f.username)]);
  if (Object.keys(details).length > 0) {
    throw new AppError('CONFLICT', 'Another account already uses these details.', details);
  }
}

/** A unique-key race lost after the pre-check: the same CONFLICT with the constraint's field. */
function conflictOf(err: unknown, fields: string[]): never {
  if (!isUniqueViolation(err)) throw err;
  const text = JSON.stringify((err as { meta?: unknown }).meta ?? (err as Error).message ?? '');
  const field = fields.find((f) => text.includes(f)) ?? fields[0]!;
  throw new AppError('CONFLICT', 'Another account already uses these details.', { [field]: ['Already in use'] });
}

const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48) || 'organizer';

/**
 * `admin.users.create` — `POST /api/users/` (seed 003 Plan 2 Phase 7). Creates an ACTIVE account
 * (the admin vouches for it; the person changes the password after signing in):
 * - ORGANIZER: staff of an existing organizer (`organizerId`) or of a new organization;
 * - MERCHANT: with its MerchantProfile (business name, address, city);
 * - USHER: username, organizer, optionally a first assignment (event, gate, check-in list).
 * Admins are created at `POST /api/admins/` (admins.manage).
 * @throws CONFLICT with field errors (mobile / email / username in use), NOT_FOUND
 *   (`organizerId`), VALIDATION_FAILED (assignment not of the organizer)
 */
export async function createUser(deps: Deps, admin: Actor, input: TCreateUserInput, meta: Meta) {
  await takenFields(deps, { mobile: input.mobile, email: input.email, username: input.username });
  if (input.organizerId) {
    const org = await deps.db.organizer.findUnique({ where: { id: input.organizerId }, select: { id: true } });
    if (!org) throw new AppError('NOT_FOUND', 'No such organizer.', { organizerId: ['No such organizer'] });
  }
  if (input.role === 'USHER' && input.eventId) {
    await checkAssignmentTarget(deps, input.organizerId ?? null, { ...input, eventId: input.eventId });
  }
  const passwordHash = await hashPassword(input.password);
  const base = { firstName: input.firstName, lastName: input.lastName, passwordHash, status: 'ACTIVE' as const };
  let id: string;
  try {
    id = await deps.db.$transaction(async (tx) => {
      if (input.role === 'ORGANIZER') {
        let orgId = input.organizerId;
        if (!orgId) {
          const o = input.organization!;
          const org = await tx.organizer.create({
            data: {
              name: o.name,
              slug: `${slugify(o.name)}-${randomBytes(3).toString('hex')}`,
              contactEmail: o.contactEmail,
              contactPhone: o.contactPhone,
            },
            select: { id: true },
          });
          orgId = org.id;
        }
        const u = await tx.user.create({
          data: { ...base, role: 'ORGANIZER', mobile: input.mobile!, email: input.email ?? null, organizerId: orgId },
          select: { id: true },
        });
        return u.id;
      }
      if (input.role === 'MERCHANT') {
        const u = await tx.user.create({
          data: {
            ...base,
            role: 'MERCHANT',
            mobile: input.mobile!,
            email: input.email ?? null,
            merchantProfile: {
              create: { businessName: input.businessName!, address: input.address ?? null, city: input.city ?? null },
            },
          },
          select: { id: true },
        });
        return u.id;
      }
      const u = await tx.user.create({
        data: {
          ...base,
          role: 'USHER',
          username: input.username!,
          organizerId: input.organizerId!,
          ...(input.eventId
            ? {
                usherAssignments: {
                  create: {
                    eventId: input.eventId,
                    gateId: input.gateId ?? null,
                    checkInListId: input.checkInListId ?? null,
                  },
                },
              }
            : {}),
        },
        select: { id: true },
      });
      return u.id;
    });
  } catch (err) {
    conflictOf(err, ['mobile', 'email', 'username']);
  }
  const { password: _password, ...safe } = input;
  await recordAudit(deps.db, {
    action: 'user.created',
    actor: admin.user,
    target: { type: 'user', id },
    after: safe,
    meta,
  });
  return getUser(deps, id);
}

/** Loads the target of an account change and checks the acting admin may change it. */
async function changeableTarget(deps: Db, admin: Actor, id: string) {
  const target = await deps.db.user.findUnique({
    where: { id },
    select: {
      id: true,
      role: true,
      status: true,
      adminLevel: true,
      firstName: true,
      lastName: true,
      mobile: true,
      email: true,
      username: true,
      merchantProfile: true,
    },
  });
  if (!target) throw new AppError('NOT_FOUND', 'No such user.');
  if (target.role === 'ADMIN' && !adminCan(admin.user.adminLevel, 'admins.manage')) {
    throw new AppError('FORBIDDEN', 'Only a super-admin can act on admin accounts.');
  }
  return target;
}

/**
 * `admin.users.update` — `PUT /api/users/:id/`: names; mobile (customers, organizers,
 * merchants); e-mail; username (ushers); business name, address, city (merchants). Fields that do
 * not apply to the account's role are refused with a field error. Acting on an admin needs
 * admins.manage.
 * @throws NOT_FOUND, FORBIDDEN, VALIDATION_FAILED (field not for this role), CONFLICT (in use)
 */
export async function updateUser(deps: Deps, admin: Actor, input: TUpdateUserInput, meta: Meta) {
  const target = await changeableTarget(deps, admin, input.id);
  const wrong: Record<string, string[]> = {};
  if (input.mobile !== undefined && !['CUSTOMER', 'ORGANIZER', 'MERCHANT'].includes(target.role))
    wrong.mobile = ['Not used by this kind of account'];
  if (input.username !== undefined && target.role !== 'USHER') wrong.username = ['Only ushers have a username'];
  for (const f of ['businessName', 'address', 'city'] as const) {
    if (input[f] !== undefined && target.role !== 'MERCHANT') wrong[f] = ['Only merchants have business details'];
  }
  if (input.email === null && (target.role === 'ADMIN' || target.role === 'PRACTITIONER')) {
    wrong.email = ['This account signs in with its e-mail'];
  }
  if (Object.keys(wrong).length > 0)
    throw new AppError('VALIDATION_FAILED', 'Some fields do not apply to this account.', wrong);
  await takenFields(deps, { mobile: input.mobile, email: input.email, username: input.username }, target.id);

  const data: Prisma.UserUpdateInput = {
    ...(input.firstName !== undefined ? { firstName: input.firstName } : {}),
    ...(input.lastName !== undefined ? { lastName: input.lastName } : {}),
    ...(input.mobile !== undefined ? { mobile: input.mobile } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.username !== undefined ? { username: input.username } : {}),
  };
  const profile = {
    ...(input.businessName !== undefined ? { businessName: input.businessName } : {}),
    ...(input.address !== undefined ? { address: input.address } : {}),
    ...(input.city !== undefined ? { city: input.city } : {}),
  };
  if (Object.keys(profile).length > 0) {
    data.merchantProfile = {
      upsert: {
        create: {
          businessName:
            profile.businessName ?? target.merchantProfile?.businessName ?? `${target.firstName} ${target.lastName}`,
          address: profile.address ?? null,
          city: profile.city ?? null,
        },
        update: profile,
      },
    };
  }
  try {
    await deps.db.user.update({ where: { id: target.id }, data });
  } catch (err) {
    conflictOf(err, ['mobile', 'email', 'username']);
  }
  const { id: _id, ...changes } = input;
  await recordAudit(deps.db, {
    action: 'user.updated',
    actor: admin.user,
    target: { type: 'user', id: target.id },
    before: Object.fromEntries(
      Object.keys(changes).map((k) => [
        k,
        k in target ? target[k as keyof typeof target] : (target.merchantProfile?.[k as 'city'] ?? null),
      ]),
    ) as Prisma.InputJsonValue,
    after: changes as Prisma.InputJsonValue,
    meta,
  });
  return getUser(deps, target.id);
}

/**
 * `admin.users.delete` — `DELETE /api/users/:id/`: a SOFT delete. The account becomes DISABLED
 * and every session is revoked; its orders, tickets, payments, ledger entries, check-ins and
 * audit trail stay. Rows are never removed: accounts that ever held an order or money are
 * referenced by immutable records (ledger entries are append-only, ADR 0013; receipts and
 * payouts must stay reproducible; the audit log names the actor), so a real DELETE would either
 * fail on foreign keys or destroy financial history. Customers ask for erasure of their personal
 * data through `customer.privacy.erase` instead (GDPR Art. 17 with the financial-records exception).
 *
 * Refused: your own account; the last ACTIVE super-admin (checked with the super-admin rows
 * locked, so two super-admins deleting each other at once cannot leave none); admin accounts
 * unless you hold admins.manage.
 * @throws NOT_FOUND, FORBIDDEN, INVALID_STATE
 */
export async function deleteUser(deps: Deps, admin: Actor, id: string, meta: Meta) {
  if (id === admin.user.id) throw new AppError('INVALID_STATE', 'You cannot delete your own account.');
  const target = await changeableTarget(deps, admin, id);
  const revoked = await deps.db.$transaction(async (tx) => {
    if (target.role === 'ADMIN' && target.adminLevel === 'SUPER_ADMIN') {
      const supers = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "User"
        WHERE "role" = 'ADMIN' AND "adminLevel" = 'SUPER_ADMIN' AND "status" = 'ACTIVE'
        ORDER BY "id" FOR UPDATE`;
      if (!supers.some((s) => s.id !== id)) {
        throw new AppError('INVALID_STATE', 'This is the last active super-admin: promote another admin first.');
      }
    }
    await tx.user.update({ where: { id }, data: { status: 'DISABLED' } });
    return invalidateUserSessions(tx as unknown as Deps['db'], id);
  });
  await recordAudit(deps.db, {
    action: 'user.deleted',
    actor: admin.user,
    target: { type: 'user', id },
    before: { status: target.status },
    after: { status: 'DISABLED', sessionsRevoked: revoked, soft: true },
    meta,
  });
  return getUser(deps, id);
}
