/**
 * Event edit requests (seed 003 Plan 3 Phase 3 `POST /api/organizer/events/:id/edit-request/`;
 * ADR 0021). Organizers do not edit events; they propose changes to a whitelist of fields
 * (title, description, startsAt, endsAt, imageUrl, category, venueId) with a reason, and an admin
 * (catalog.write) approves or rejects:
 *
 *   create   PENDING; at most one PENDING per event — the partial unique index
 *            "EventEditRequest_one_pending" decides a race (→ CONFLICT).
 *   approve  PENDING → APPROVED by a conditional UPDATE, and the changes applied to the event in
 *            the same transaction (re-validated against the event as it is now); audited; the
 *            organizer is notified (`event.edit_reviewed`).
 *   reject   PENDING → REJECTED with a note (required), audited, organizer notified.
 *
 * Validation is the admin event editor's: end after start, start in the future when changed,
 * the venue exists, no venue change for a reserved-seating event (its seat map is the venue's),
 * a cancelled event takes no changes. Instants are UTC.
 */
import type { TAdminEditRequestsInput, TCreateEditRequestInput, TEditRequest, TEventChanges } from '@admit/shared';
import { EDITABLE_EVENT_FIELDS, ZEventChanges } from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { isUniqueViolation } from '../checkin/checkin.service.ts';
import { invalidateCatalogue } from '../events/catalogue-cache.ts';
import { notify } from '../notifications/notification.service.ts';
import type { Tx } from '../orders/capacity.ts';
import { pageOf, pageWindow } from '../pagination.ts';
import { describeEventMove, enqueueEventChanged } from './event-changed.ts';
import { ownOrganizerId } from './organizer.service.ts';

type Meta = { ip?: string; userAgent?: string; requestId?: string };
type Reader = Deps['db'] | Tx;

const eventFields = {
  id: true,
  title: true,
  description: true,
  startsAt: true,
  endsAt: true,
  imageUrl: true,
  category: true,
  venueId: true,
  status: true,
  seatingMode: true,
  organizerId: true,
  organizer: { select: { name: true } },
  venue: { select: { name: true } },
} satisfies Prisma.EventSelect;
type EventRow = Prisma.EventGetPayload<{ select: typeof eventFields }>;

const requestSelect = {
  id: true,
  eventId: true,
  changes: true,
  reason: true,
  status: true,
  reviewNote: true,
  reviewedAt: true,
  createdAt: true,
  requestedBy: { select: { id: true, firstName: true, lastName: true } },
  reviewedBy: { select: { id: true, firstName: true, lastName: true } },
  event: { select: eventFields },
} satisfies Prisma.EventEditRequestSelect;
type RequestRow = Prisma.EventEditRequestGetPayload<{ select: typeof requestSelect }>;

const name = (u: { firstName: string; lastName: string }) => `${u.firstName} ${u.lastName}`.trim();

/** The stored JSON back to typed changes (dates revived); unknown keys are dropped. */
function storedChanges(json: Prisma.JsonValue): TEventChanges {
  const parsed = ZEventChanges.safeParse(json);
  return parsed.success ? parsed.data : {};
}

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : (a ?? null) === (b ?? null);

/** Only the fields whose proposed value differs from the event's. */
function differing(event: EventRow, changes: TEventChanges): TEventChanges {
  const out: Record<string, unknown> = {};
  for (const k of EDITABLE_EVENT_FIELDS) {
    if (changes[k] !== undefined && !same(changes[k], event[k])) out[k] = changes[k];
  }
  return out as TEventChanges;
}

/**
 * The rules the admin event editor applies, on the event with `changes` merged in. Returns
 * field errors keyed `changes.<field>` (empty: valid).
 */
async function changeProblems(db: Reader, event: EventRow, changes: TEventChanges, now: Date) {
  const problems: Record<string, string[]> = {};
  const startsAt = changes.startsAt ?? event.startsAt;
  const endsAt = changes.endsAt ?? event.endsAt;
  if (endsAt <= startsAt) problems['changes.endsAt'] = ['The end must be after the start'];
  if (changes.startsAt && changes.startsAt <= now) problems['changes.startsAt'] = ['Must be in the future'];
  if (changes.venueId) {
    if (event.seatingMode === 'RESERVED') {
      problems['changes.venueId'] = ['A reserved-seating event keeps its venue (its seat map belongs to it)'];
    } else if (!(await db.venue.findUnique({ where: { id: changes.venueId }, select: { id: true } }))) {
      problems['changes.venueId'] = ['No such venue'];
    }
  }
  return problems;
}

async function venueNames(db: Reader, ids: string[]) {
  const venues = ids.length
    ? await db.venue.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
    : [];
  return new Map(venues.map((v) => [v.id, v.name]));
}

function toEditRequest(r: RequestRow, venues: Map<string, string>, before?: TEventChanges): TEditRequest {
  const changes = storedChanges(r.changes);
  const current: TEditRequest['current'] = {};
  for (const k of EDITABLE_EVENT_FIELDS) {
    if (changes[k] === undefined) continue;
    // an approved request shows the values it replaced (from its audit entry), else the event's now
    (current as Record<string, unknown>)[k] = before && k in before ? before[k] : r.event[k];
  }
  if (changes.venueId) {
    current.venueName = before?.venueId ? (venues.get(before.venueId) ?? '—') : r.event.venue.name;
  }
  return {
    id: r.id,
    eventId: r.eventId,
    eventTitle: r.event.title,
    organizerName: r.event.organizer.name,
    status: r.status,
    changes: { ...changes, ...(changes.venueId ? { venueName: venues.get(changes.venueId) ?? '—' } : {}) },
    current,
    reason: r.reason,
    requestedBy: { id: r.requestedBy.id, name: name(r.requestedBy) },
    reviewedBy: r.reviewedBy ? { id: r.reviewedBy.id, name: name(r.reviewedBy) } : null,
    reviewNote: r.reviewNote,
    reviewedAt: r.reviewedAt,
    createdAt: r.createdAt,
  };
}

/**
 * Requests as the API shows them. For APPROVED ones the "before" values come from the approval's
 * audit entry (the event already carries the proposed values).
 */
async function present(db: Reader, rows: RequestRow[]): Promise<TEditRequest[]> {
  const approved = rows.filter((r) => r.status === 'APPROVED').map((r) => r.id);
  const audits = approved.length
    ? await db.auditLog.findMany({
        where: { action: 'event.edit_request.approved', targetType: 'event_edit_request', targetId: { in: approved } },
        select: { targetId: true, before: true },
      })
    : [];
  const beforeOf = new Map(
    audits.map((a) => [a.targetId, storedChanges((a.before as { event?: Prisma.JsonValue } | null)?.event ?? {})]),
  );
  const ids = [
    ...rows.map((r) => storedChanges(r.changes).venueId),
    ...[...beforeOf.values()].map((b) => b.venueId),
  ].filter((v): v is string => !!v);
  const venues = await venueNames(db, [...new Set(ids)]);
  return rows.map((r) => toEditRequest(r, venues, beforeOf.get(r.id)));
}

async function loadRequest(db: Reader, where: Prisma.EventEditRequestWhereInput): Promise<TEditRequest> {
  const row = await db.eventEditRequest.findFirst({ where, select: requestSelect });
  if (!row) throw new AppError('NOT_FOUND', 'No such edit request.');
  return (await present(db, [row]))[0]!;
}

/**
 * `POST /api/organizer/events/{id}/edit-request/` { changes, reason }: a PENDING request for the
 * actor's organizer's event holding only the fields that differ from the event now. Errors:
 * NOT_FOUND (unknown or another organizer's event), INVALID_STATE (event cancelled),
 * VALIDATION_FAILED (`changes.<field>`: nothing differs, end before start, start in the past,
 * unknown venue, venue of a seated event), CONFLICT (a request for the event is already pending).
 */
export async function createEditRequest(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  input: TCreateEditRequestInput,
  meta: Meta,
): Promise<TEditRequest> {
  const organizerId = ownOrganizerId(actor);
  const event = await deps.db.event.findFirst({ where: { id: input.id, organizerId }, select: eventFields });
  if (!event) throw new AppError('NOT_FOUND', 'No such event.');
  if (event.status === 'CANCELLED') throw new AppError('INVALID_STATE', 'A cancelled event cannot be changed.');
  const changes = differing(event, ZEventChanges.parse(input.changes));
  if (Object.keys(changes).length === 0) {
    throw new AppError('VALIDATION_FAILED', 'Nothing differs from the event as it is now.', {
      changes: ['Change at least one field'],
    });
  }
  const problems = await changeProblems(deps.db, event, changes, deps.clock.now());
  if (Object.keys(problems).length > 0)
    throw new AppError('VALIDATION_FAILED', 'Check the proposed changes.', problems);
  const json = JSON.parse(JSON.stringify(changes)) as Prisma.InputJsonValue;
  try {
    const id = await deps.db.$transaction(async (tx) => {
      const created = await tx.eventEditRequest.create({
        data: {
          eventId: event.id,
          requestedById: actor.user.id,
          changes: json,
          reason: input.reason.trim(),
          createdAt: deps.clock.now(),
        },
        select: { id: true },
      });
      await recordAudit(tx, {
        action: 'event.edit_requested',
        actor: actor.user,
        target: { type: 'event', id: event.id },
        after: { requestId: created.id, changes: json },
        meta,
      });
      return created.id;
    });
    return loadRequest(deps.db, { id });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', 'A change request for this event is already waiting for review.', {
        id: ['Wait for the pending request to be reviewed'],
      });
    }
    throw err;
  }
}

/** Organizer: own requests (all events, or one), newest first. Errors: FORBIDDEN (no organizer). */
export async function listOwnEditRequests(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  f: { page: number; pageSize: number; eventId?: string; status?: TEditRequest['status'] },
) {
  return listEditRequests(deps, { ...f, organizerId: ownOrganizerId(actor) }, false);
}

/** Organizer: one own request. Errors: NOT_FOUND (also another organizer's request). */
export function getOwnEditRequest(deps: Pick<Deps, 'db'>, actor: Actor, id: string) {
  return loadRequest(deps.db, { id, event: { organizerId: ownOrganizerId(actor) } });
}

/**
 * Admin (`GET /api/edit-requests/`): filters by status, event, organizer; PENDING first (oldest
 * waiting first), then decided ones newest first. Organizers get theirs newest first.
 */
export async function listEditRequests(
  deps: Pick<Deps, 'db'>,
  f: TAdminEditRequestsInput & { page: number; pageSize: number },
  pendingFirst = true,
) {
  const where: Prisma.EventEditRequestWhereInput = {
    ...(f.status ? { status: f.status } : {}),
    ...(f.eventId ? { eventId: f.eventId } : {}),
    ...(f.organizerId ? { event: { organizerId: f.organizerId } } : {}),
  };
  const [total, rows] = await Promise.all([
    deps.db.eventEditRequest.count({ where }),
    deps.db.eventEditRequest.findMany({
      where,
      select: requestSelect,
      // enum order is declaration order: PENDING, APPROVED, REJECTED
      orderBy: pendingFirst
        ? [{ status: 'asc' }, { reviewedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'asc' }, { id: 'asc' }]
        : [{ createdAt: 'desc' }, { id: 'asc' }],
      ...pageWindow(f),
    }),
  ]);
  return pageOf(await present(deps.db, rows), total, f);
}

/** Admin: one request. Errors: NOT_FOUND. */
export function getEditRequest(deps: Pick<Deps, 'db'>, id: string) {
  return loadRequest(deps.db, { id });
}

type Decision = { kind: 'approve'; note?: string } | { kind: 'reject'; note: string };

/**
 * `POST /api/edit-requests/{id}/approve/` { note? } and `/reject/` { note }: the admin's decision.
 * Approving applies the changes to the event in the same transaction as the conditional
 * PENDING → APPROVED update. Errors: NOT_FOUND; INVALID_STATE (already decided, event cancelled,
 * or the changes no longer valid against the event now — reject it instead).
 */
export async function reviewEditRequest(
  deps: Deps,
  admin: Actor,
  id: string,
  decision: Decision,
  meta: Meta,
): Promise<TEditRequest> {
  const now = deps.clock.now();
  const pushes = await deps.db.$transaction(async (tx) => {
    const r = await tx.eventEditRequest.findUnique({ where: { id }, select: requestSelect });
    if (!r) throw new AppError('NOT_FOUND', 'No such edit request.');
    if (r.status !== 'PENDING')
      throw new AppError('INVALID_STATE', `This request was already ${r.status.toLowerCase()}.`);
    const changes = storedChanges(r.changes);
    if (decision.kind === 'approve') {
      // lock the event row: a concurrent edit or cancellation waits for this decision
      await tx.$queryRaw`SELECT "id" FROM "Event" WHERE "id" = ${r.eventId}::uuid FOR UPDATE`;
      const event = await tx.event.findUniqueOrThrow({ where: { id: r.eventId }, select: eventFields });
      if (event.status === 'CANCELLED')
        throw new AppError('INVALID_STATE', 'The event was cancelled: reject the request.');
      const problems = await changeProblems(tx, event, changes, now);
      if (Object.keys(problems).length > 0) {
        const why = Object.values(problems).flat().join('; ');
        throw new AppError('INVALID_STATE', `The changes no longer fit the event (${why}): reject the request.`);
      }
    }
    const status = decision.kind === 'approve' ? 'APPROVED' : 'REJECTED';
    const moved = await tx.eventEditRequest.updateMany({
      where: { id, status: 'PENDING' },
      data: { status, reviewedById: admin.user.id, reviewNote: decision.note?.trim() || null, reviewedAt: now },
    });
    if (moved.count === 0) throw new AppError('INVALID_STATE', 'This request is no longer pending.');
    const before: Record<string, unknown> = {};
    for (const k of EDITABLE_EVENT_FIELDS) if (changes[k] !== undefined) before[k] = r.event[k];
    if (decision.kind === 'approve') {
      await tx.event.update({ where: { id: r.eventId }, data: changes });
      // holders of valid tickets are told when the start, end or venue moved (durable jobs)
      const change = await describeEventMove(tx, r.event, changes);
      if (change)
        await enqueueEventChanged(tx, { requestId: id, eventId: r.eventId, eventTitle: r.event.title, change });
    }
    await recordAudit(tx, {
      action: decision.kind === 'approve' ? 'event.edit_request.approved' : 'event.edit_request.rejected',
      actor: admin.user,
      target: { type: 'event_edit_request', id },
      before: JSON.parse(JSON.stringify({ status: 'PENDING', event: before })) as Prisma.InputJsonValue,
      after: JSON.parse(
        JSON.stringify({
          status,
          note: decision.note ?? null,
          ...(decision.kind === 'approve' ? { event: changes } : {}),
        }),
      ) as Prisma.InputJsonValue,
      meta,
    });
    const sent = await notify(deps, tx, {
      userId: r.requestedBy.id,
      kind: 'event.edit_reviewed',
      vars: { eventTitle: r.event.title, approved: decision.kind === 'approve', note: decision.note?.trim() ?? '' },
    });
    return sent.realtime as RealtimeMessage[];
  });
  deps.realtime.push(...pushes);
  if (decision.kind === 'approve') invalidateCatalogue();
  return loadRequest(deps.db, { id });
}
