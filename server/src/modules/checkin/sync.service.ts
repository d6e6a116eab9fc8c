/**
 * Offline sync for gate devices (seed 003 Plan 5 Phase 4, Plan 6 Phase 6; issue 6; ADR 0014):
 * what a device downloads to decide scans with the network gone, and the upload of the scans it
 * decided. Every call acts for the usher session's one event.
 *
 * Deltas are by `updatedAt` / `revokedAt` with an overlap (`SYNC_OVERLAP_MS`): a row written by a
 * transaction that committed after the previous sync but stamped before it is sent again rather
 * than missed; devices upsert by id, so a repeat is harmless.
 */
import { randomUUID } from 'node:crypto';
import type {
  TCheckInResult,
  TSyncAttendee,
  TSyncAttendees,
  TSyncCards,
  TSyncRevocations,
  TSyncStatus,
  TSyncUploadItemResult,
  TSyncUploadResult,
} from '@admit/shared';
import { rooms } from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import { gateCountsMessage, isUniqueViolation } from './checkin.service.ts';
import {
  type AppliedScan,
  applyScans,
  type ConflictNote,
  gateOf,
  loadGateContext,
  MAX_CLOCK_SKEW_MS,
  readTicketStates,
  resolveCodes,
  type ScanToApply,
  secretHashOf,
  type UsherActor,
} from './scan-core.ts';

/** Deltas re-send rows stamped up to this long before `since` (late commits are not missed). */
export const SYNC_OVERLAP_MS = 60_000;

const overlapped = (since: Date) => new Date(since.getTime() - SYNC_OVERLAP_MS);

interface Cursor {
  /** serverTime of the first page: every page answers the same watermark */
  t: string;
  /** the `since` of the first page (null: full) */
  s: string | null;
  /** last row's updatedAt and id (keyset) */
  u: string;
  i: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (
      typeof c.t === 'string' &&
      (c.s === null || typeof c.s === 'string') &&
      typeof c.u === 'string' &&
      typeof c.i === 'string' &&
      !Number.isNaN(Date.parse(c.t)) &&
      !Number.isNaN(Date.parse(c.u)) &&
      (c.s === null || !Number.isNaN(Date.parse(c.s))) &&
      /^[0-9a-f-]{36}$/i.test(c.i)
    ) {
      return c;
    }
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 'This cursor is not one the server gave out.', { cursor: ['Invalid'] });
}

const attendeeSelect = {
  id: true,
  reference: true,
  secret: true,
  status: true,
  ticketCategoryId: true,
  ticketCategory: { select: { name: true, tier: true } },
  attendeeName: true,
  labels: true,
  checkedInAt: true,
  inside: true,
  entries: true,
  updatedAt: true,
  holder: {
    select: {
      photoUrl: true,
      emergencyContact: true,
      bloodType: true,
      dependents: {
        select: { firstName: true, lastName: true, relationship: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      },
      nfcCards: { where: { status: 'ACTIVE' }, select: { uid: true }, orderBy: { createdAt: 'asc' } },
    },
  },
} satisfies Prisma.TicketSelect;

/**
 * `GET /api/usher/sync/attendees/`: the event's tickets for the offline cache, with what the result
 * screen shows, the hash of each ticket's current secret (never the secret), the event's public key
 * and the usher's check-in list. Without `since`: a full snapshot (`full: true`); with it, the
 * tickets changed since (minus the overlap). Pages of `limit` (default 2000) in (updatedAt, id)
 * order; follow `nextCursor` until null, then keep `serverTime` (the same on every page) as the
 * next `since`. Entries / inside / checkedInAt are the state on the usher's list.
 * Errors: VALIDATION_FAILED for a cursor the server did not give out.
 */
export async function syncAttendees(
  deps: Deps,
  usher: UsherActor,
  input: { since?: Date; cursor?: string; limit: number },
): Promise<TSyncAttendees> {
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  const serverTime = cursor ? new Date(cursor.t) : deps.clock.now();
  const sinceRaw = cursor ? cursor.s : (input.since?.toISOString() ?? null);
  const since = sinceRaw ? new Date(sinceRaw) : null;
  const ctx = await loadGateContext(deps, usher);
  const where: Prisma.TicketWhereInput = {
    eventId: usher.eventId,
    ...(since ? { updatedAt: { gt: overlapped(since) } } : {}),
    ...(cursor
      ? {
          OR: [{ updatedAt: { gt: new Date(cursor.u) } }, { updatedAt: new Date(cursor.u), id: { gt: cursor.i } }],
        }
      : {}),
  };
  const rows = await deps.db.ticket.findMany({
    where,
    select: attendeeSelect,
    orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const onDefault = ctx.list.id === ctx.defaultListId;
  const listStates = onDefault
    ? null
    : await readTicketStates(
        deps.db,
        ctx,
        page.map((t) => t.id),
        { lock: false },
      );
  const attendees = page.map((t): TSyncAttendee => {
    const st = listStates?.get(t.id);
    return {
      ticketId: t.id,
      reference: t.reference,
      secretHash: secretHashOf(t.secret),
      status: t.status,
      categoryId: t.ticketCategoryId,
      categoryName: t.ticketCategory.name,
      tier: t.ticketCategory.tier,
      attendeeName: t.attendeeName,
      photoUrl: t.holder.photoUrl,
      emergencyContact: t.holder.emergencyContact,
      bloodType: t.holder.bloodType,
      labels: t.labels,
      dependents: t.holder.dependents.map((d) => ({
        name: `${d.firstName} ${d.lastName}`,
        relationship: d.relationship,
      })),
      cardUids: t.holder.nfcCards.map((c) => c.uid),
      checkedInAt: st ? st.checkedInAt : t.checkedInAt,
      inside: st ? st.inside : t.inside,
      entries: st ? st.entries : t.entries,
      updatedAt: t.updatedAt,
    };
  });
  return {
    eventId: usher.eventId,
    publicKey: Buffer.from(ctx.event.signingPublicKey).toString('base64url'),
    checkInList: {
      id: ctx.list.id,
      name: ctx.list.name,
      entryPolicy: ctx.list.entryPolicy,
      ticketCategoryIds: ctx.list.ticketCategoryIds,
    },
    attendees,
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ t: serverTime.toISOString(), s: sinceRaw, u: last.updatedAt.toISOString(), i: last.id })
        : null,
    serverTime,
    full: !since,
  };
}

/**
 * `GET /api/usher/sync/cards/`: NFC cards of customers holding tickets to the event, with the
 * ticket ids each opens. With `since`: cards changed since, or whose holder's tickets changed.
 */
export async function syncCards(deps: Deps, usher: UsherActor, input: { since?: Date }): Promise<TSyncCards> {
  const serverTime = deps.clock.now();
  const eventId = usher.eventId;
  const after = input.since ? overlapped(input.since) : null;
  const cards = await deps.db.nfcCard.findMany({
    where: {
      customer: { tickets: { some: { eventId } } },
      ...(after
        ? {
            OR: [
              { updatedAt: { gt: after } },
              { customer: { tickets: { some: { eventId, updatedAt: { gt: after } } } } },
            ],
          }
        : {}),
    },
    select: {
      uid: true,
      status: true,
      updatedAt: true,
      customer: {
        select: {
          firstName: true,
          lastName: true,
          tickets: { where: { eventId }, select: { id: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
        },
      },
    },
    orderBy: [{ updatedAt: 'asc' }, { uid: 'asc' }],
  });
  return {
    cards: cards.map((c) => ({
      uid: c.uid,
      status: c.status,
      holderName: c.customer ? `${c.customer.firstName} ${c.customer.lastName}` : null,
      ticketIds: c.customer?.tickets.map((t) => t.id) ?? [],
      updatedAt: c.updatedAt,
    })),
    serverTime,
  };
}

/**
 * `GET /api/usher/sync/revocations/`: SHA-256 hashes of the event's ticket secrets that must no
 * longer pass (transferred, refunded, voided, event cancelled), oldest first; with `since`, the
 * ones revoked since (minus the overlap).
 */
export async function syncRevocations(
  deps: Deps,
  usher: UsherActor,
  input: { since?: Date },
): Promise<TSyncRevocations> {
  const serverTime = deps.clock.now();
  const rows = await deps.db.ticketRevocation.findMany({
    where: { eventId: usher.eventId, ...(input.since ? { revokedAt: { gt: overlapped(input.since) } } : {}) },
    select: { secretHash: true, ticketId: true, reason: true, revokedAt: true },
    orderBy: [{ revokedAt: 'asc' }, { id: 'asc' }],
  });
  return { revocations: rows, serverTime };
}

export interface UploadScan {
  nonce: string;
  code: string;
  method: 'QR' | 'NFC' | 'MANUAL';
  direction: 'ENTRY' | 'EXIT';
  scannedAt: Date;
  offlineResult: TCheckInResult;
}

type Stored = {
  id: string;
  nonce: string | null;
  eventId: string;
  result: TCheckInResult;
  conflict: boolean;
  reason: string | null;
};

/** Check-ins already stored under these nonces (one array parameter, not one per nonce). */
const storedByNonce = (db: Deps['db'] | Prisma.TransactionClient, nonces: string[]) =>
  db.$queryRaw<Stored[]>`
    SELECT "id", "nonce", "eventId", "result"::text AS "result", "conflict", "reason" FROM "CheckIn"
    WHERE "nonce" = ANY(${nonces}::text[])`;

/**
 * `POST /api/usher/sync/logs/` (and `POST /api/usher/scan/log/` with one scan): stores scans the
 * device decided, exactly once per nonce, in one transaction per batch (scan-core `applyScans`).
 *
 * - A nonce already stored → DUPLICATE with the stored check-in; nothing is written. A nonce twice
 *   in one batch: the second is a DUPLICATE of the first.
 * - `scannedAt` is kept (clamped to at most serverTime + 5 min); the batch is applied in scan-time
 *   order, so a device's entry → exit → entry sequence replays as it happened.
 * - Conflicts (two devices admitted one ticket the list admits once) are kept and flagged (ADR
 *   0014); each pushes `checkin.conflict` to the gate room and `admins`, and logs a warning
 *   (system log). `gate.counts` is pushed once per batch.
 * Errors: VALIDATION_FAILED when a nonce belongs to another event.
 */
export async function uploadScans(
  deps: Deps,
  usher: UsherActor,
  input: { deviceId: string; scans: UploadScan[] },
): Promise<TSyncUploadResult> {
  const now = deps.clock.now();
  const ctx = await loadGateContext(deps, usher);
  const { gateId, gateName } = gateOf(ctx, null);
  const latest = new Date(now.getTime() + MAX_CLOCK_SKEW_MS);

  const known = await storedByNonce(deps.db, [...new Set(input.scans.map((s) => s.nonce))]);
  const stored = new Map<string, Stored>();
  const remember = (rows: Stored[]) => {
    for (const r of rows) {
      if (r.eventId !== usher.eventId) {
        throw new AppError('VALIDATION_FAILED', 'A nonce of this upload was used for another event.', {
          scans: [`nonce ${r.nonce} already used`],
        });
      }
      stored.set(r.nonce!, r);
    }
  };
  remember(known);

  // first occurrence of each unknown nonce, resolved outside the transaction (reads only)
  const seen = new Set<string>();
  const fresh = input.scans.filter((s) => !stored.has(s.nonce) && !seen.has(s.nonce) && seen.add(s.nonce));
  const resolved = await resolveCodes(deps, ctx, fresh);
  const toApply: ScanToApply[] = fresh.map((s, i) => ({
    checkInId: randomUUID(),
    nonce: s.nonce,
    method: s.method,
    direction: s.direction,
    scannedAt: s.scannedAt.getTime() > latest.getTime() ? latest : s.scannedAt,
    deviceId: input.deviceId,
    gateId,
    deviceResult: s.offlineResult,
    resolved: resolved[i]!,
  }));

  const run = () =>
    deps.db.$transaction(
      async (tx) => {
        // one upload per device at a time; then the nonce check inside the transaction is exact
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`checkin-upload:${input.deviceId}`}))::text AS "locked"`;
        const raced = toApply.length
          ? await storedByNonce(
              tx,
              toApply.map((s) => s.nonce!),
            )
          : [];
        const racedNonces = new Set(raced.map((r) => r.nonce));
        const batch = toApply.filter((s) => !racedNonces.has(s.nonce));
        const out = batch.length ? await applyScans(tx, ctx, batch, now) : { applied: [], conflicts: [] };
        return { raced, batch, ...out };
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
  let done: Awaited<ReturnType<typeof run>>;
  try {
    // a replay of stored scans only (a device retrying after a lost answer) writes nothing
    done = toApply.length ? await run() : { raced: [], batch: [], applied: [], conflicts: [] };
  } catch (err) {
    // the same nonce arrived through another request at the same moment: once more, and the
    // check inside the transaction now sees it
    if (!isUniqueViolation(err)) throw err;
    done = await run();
  }
  remember(done.raced);
  const appliedByNonce = new Map<string, AppliedScan>(done.batch.map((s, i) => [s.nonce!, done.applied[i]!]));

  const answered = new Set<string>();
  const results = input.scans.map((s): TSyncUploadItemResult => {
    const a = appliedByNonce.get(s.nonce);
    if (a && !answered.has(s.nonce)) {
      answered.add(s.nonce);
      return {
        nonce: s.nonce,
        status: 'APPLIED',
        checkInId: a.checkInId,
        result: a.result,
        conflict: a.conflict,
        reason: a.reason,
      };
    }
    const prior = stored.get(s.nonce);
    if (prior) {
      return {
        nonce: s.nonce,
        status: 'DUPLICATE',
        checkInId: prior.id,
        result: prior.result,
        conflict: prior.conflict,
        reason: prior.reason,
      };
    }
    // the second copy of a nonce applied by this very batch
    const first = appliedByNonce.get(s.nonce)!;
    return {
      nonce: s.nonce,
      status: 'DUPLICATE',
      checkInId: first.checkInId,
      result: first.result,
      conflict: first.conflict,
      reason: first.reason,
    };
  });

  if (done.batch.length > 0) deps.realtime.push(await gateCountsMessage(deps, ctx, gateName, now));
  deps.realtime.push(...conflictMessages(deps, ctx.eventId, done.conflicts, now));
  return { results, serverTime: now };
}

/** `checkin.conflict` to the gate room and the admins, and a warning in the system log. */
function conflictMessages(deps: Deps, eventId: string, conflicts: ConflictNote[], now: Date): RealtimeMessage[] {
  return conflicts.flatMap((c) => {
    deps.log.warn(
      {
        source: 'checkin',
        eventId,
        ticketReference: c.ticketReference,
        checkInId: c.laterId,
        conflictWithId: c.earlierId,
        devices: c.devices,
      },
      'offline check-in conflict: one ticket admitted by two devices',
    );
    const payload = {
      eventId,
      ticketReference: c.ticketReference,
      attendeeName: c.attendeeName,
      checkInId: c.laterId,
      conflictWithId: c.earlierId,
      devices: c.devices,
      at: now.toISOString(),
    };
    return [
      { room: rooms.gates(eventId), event: 'checkin.conflict', payload },
      { room: rooms.admins(), event: 'checkin.conflict', payload },
    ] satisfies RealtimeMessage[];
  });
}

/** `GET /api/usher/sync/status/`: what the server holds for the event (and for `deviceId`). */
export async function syncStatus(deps: Deps, usher: UsherActor, input: { deviceId?: string }): Promise<TSyncStatus> {
  const eventId = usher.eventId;
  const [event, attendees, revocations, conflicts, device] = await Promise.all([
    deps.db.event.findUniqueOrThrow({ where: { id: eventId }, select: { scanningEnabled: true } }),
    deps.db.ticket.count({ where: { eventId } }),
    deps.db.ticketRevocation.count({ where: { eventId } }),
    deps.db.checkIn.count({ where: { eventId, conflict: true } }),
    input.deviceId
      ? deps.db.checkIn.aggregate({
          where: { eventId, deviceId: input.deviceId, offline: true },
          _count: { _all: true },
          _max: { recordedAt: true },
        })
      : null,
  ]);
  return {
    eventId,
    serverTime: deps.clock.now(),
    attendees,
    revocations,
    deviceUploads: device?._count._all ?? 0,
    lastUploadAt: device?._max.recordedAt ?? null,
    conflicts,
    scanningEnabled: event.scanningEnabled,
  };
}
