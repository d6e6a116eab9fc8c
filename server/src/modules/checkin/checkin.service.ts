/**
 * Gate check-in (seed 003 Plan 5 Phases 2–4; issue 6). A scan reads a ticket QR (signed secret)
 * or an NFC card UID, in a direction (ENTRY / EXIT), against the usher's check-in list, and
 * answers VALID, ALREADY_SCANNED, INVALID (with a reason) or NOT_FOUND. Every scan is stored as a
 * check-in. On the event's default list, admission is one statement: a conditional UPDATE of the
 * ticket (`entries`, `inside`, `checkedInAt`) and the insert of its check-in row, so two gates
 * scanning one ticket at once admit it once; other lists lock the ticket (scan-core.ts).
 * A retried scan carrying the same `nonce` is answered from the stored check-in, not applied again.
 */
import type {
  TAttendee,
  TCheckInResult,
  TPage,
  TScanDirection,
  TScanLog,
  TScanResult,
  TTicketTier,
  TUsherEvent,
} from '@admit/shared';
import { rooms } from '@admit/shared';
import { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import { pageOf, pageWindow } from '../pagination.ts';
import { parseTicketQr } from '../tickets/ticket-secret.ts';
import {
  applyScans,
  entryRefusal,
  exitRefusal,
  type GateContext,
  gateCounts,
  gateOf,
  loadGateContext,
  MAX_CLOCK_SKEW_MS,
  messageOf,
  newCheckInId,
  pickCardTicket,
  type Refusal,
  readTicketStates,
  secretHashOf,
  type TicketState,
  ticketRefusal,
  type UsherActor,
} from './scan-core.ts';

export { gateCounts, type UsherActor };

export interface ScanInput {
  qr?: string;
  cardUid?: string;
  method?: 'QR' | 'NFC' | 'MANUAL';
  gateId?: string;
  deviceId?: string;
  scannedAt?: Date;
  direction?: TScanDirection;
  nonce?: string;
}

const holderSelect = {
  firstName: true,
  lastName: true,
  photoUrl: true,
  emergencyContact: true,
  bloodType: true,
  dependents: {
    select: { firstName: true, lastName: true, relationship: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  },
  nfcCards: { where: { status: 'ACTIVE' }, select: { uid: true }, orderBy: { createdAt: 'asc' }, take: 1 },
} satisfies Prisma.UserSelect;
type Holder = Prisma.UserGetPayload<{ select: typeof holderSelect }>;
type TTicketStatus = 'VALID' | 'VOID' | 'REFUNDED';

/** A ticket with what a scan shows about it (one query: `loadScanTickets`). */
interface ScanTicket {
  id: string;
  eventId: string;
  status: TTicketStatus;
  reference: string;
  attendeeName: string;
  checkedInAt: Date | null;
  entries: number;
  inside: boolean;
  labels: string[];
  holderId: string;
  ticketCategoryId: string;
  createdAt: Date;
  ticketCategory: { name: string; tier: TTicketTier };
  holder: Holder;
  event: { signingPublicKey: Uint8Array };
  /** the reason a revocation of the secret looked up names (only with `secretHash`) */
  revokedReason: string | null;
}

interface ScanTicketRow extends Omit<ScanTicket, 'ticketCategory' | 'holder' | 'event'> {
  categoryName: string;
  tier: TTicketTier;
  firstName: string;
  lastName: string;
  photoUrl: string | null;
  emergencyContact: string | null;
  bloodType: string | null;
  dependents: Holder['dependents'];
  cardUid: string | null;
  signingPublicKey: Uint8Array;
}

/**
 * Tickets with their category, holder (dependents, first active card) and event key in ONE
 * query; Prisma's nested select would issue one statement per relation (7 for a scan).
 * `secretHash` also fetches the revocation of that secret, if any.
 */
async function loadScanTickets(
  db: Deps['db'],
  where: Prisma.Sql,
  secretHash: string | null = null,
): Promise<ScanTicket[]> {
  const rows = await db.$queryRaw<ScanTicketRow[]>`
    SELECT t."id", t."eventId", t."status"::text AS "status", t."reference", t."attendeeName", t."checkedInAt",
      t."entries", t."inside", t."labels", t."holderId", t."ticketCategoryId", t."createdAt",
      c."name" AS "categoryName", c."tier"::text AS "tier",
      u."firstName", u."lastName", u."photoUrl", u."emergencyContact", u."bloodType",
      COALESCE((SELECT json_agg(json_build_object('firstName', d."firstName", 'lastName', d."lastName",
                  'relationship', d."relationship") ORDER BY d."createdAt", d."id")
                FROM "Dependent" d WHERE d."customerId" = t."holderId"), '[]'::json) AS "dependents",
      (SELECT n."uid" FROM "NfcCard" n WHERE n."customerId" = t."holderId" AND n."status" = 'ACTIVE'
        ORDER BY n."createdAt" LIMIT 1) AS "cardUid",
      e."signingPublicKey",
      ${
        secretHash
          ? Prisma.sql`(SELECT r."reason" FROM "TicketRevocation" r WHERE r."ticketId" = t."id" AND r."secretHash" = ${secretHash} LIMIT 1)`
          : Prisma.sql`NULL::text`
      } AS "revokedReason"
    FROM "Ticket" t
      JOIN "TicketCategory" c ON c."id" = t."ticketCategoryId"
      JOIN "User" u ON u."id" = t."holderId"
      JOIN "Event" e ON e."id" = t."eventId"
    WHERE ${where}
    ORDER BY t."createdAt", t."id"`;
  return rows.map((r) => ({
    id: r.id,
    eventId: r.eventId,
    status: r.status,
    reference: r.reference,
    attendeeName: r.attendeeName,
    checkedInAt: r.checkedInAt,
    entries: r.entries,
    inside: r.inside,
    labels: r.labels,
    holderId: r.holderId,
    ticketCategoryId: r.ticketCategoryId,
    createdAt: r.createdAt,
    ticketCategory: { name: r.categoryName, tier: r.tier },
    holder: {
      firstName: r.firstName,
      lastName: r.lastName,
      photoUrl: r.photoUrl,
      emergencyContact: r.emergencyContact,
      bloodType: r.bloodType,
      dependents: r.dependents,
      nfcCards: r.cardUid ? [{ uid: r.cardUid }] : [],
    },
    event: { signingPublicKey: r.signingPublicKey },
    revokedReason: r.revokedReason,
  }));
}

/**
 * The result screen's attendee (seed 003 Plan 5 Phase 2): name, photo, card id, tier, ticket and
 * scan status, emergency contact, blood type, labels, dependents, entries and inside.
 */
function attendeeOf(
  t: ScanTicket | null,
  card: { uid: string } | null,
  fallbackHolder: Holder | undefined,
  state: TicketState | null,
  previouslyAdmittedAt: Date | null,
): TAttendee | null {
  const holder = t?.holder ?? fallbackHolder;
  if (!t && !holder) return null;
  return {
    name: t?.attendeeName ?? `${holder!.firstName} ${holder!.lastName}`,
    photoUrl: holder?.photoUrl ?? null,
    ticketReference: t?.reference ?? null,
    cardUid: card?.uid ?? holder?.nfcCards[0]?.uid ?? null,
    tier: t?.ticketCategory.tier ?? null,
    categoryName: t?.ticketCategory.name ?? null,
    emergencyContact: holder?.emergencyContact ?? null,
    bloodType: holder?.bloodType ?? null,
    labels: t?.labels ?? [],
    dependents: (holder?.dependents ?? []).map((d) => ({
      name: `${d.firstName} ${d.lastName}`,
      relationship: d.relationship,
    })),
    ticketStatus: t?.status ?? null,
    scanStatus: t ? (previouslyAdmittedAt ? 'PREVIOUSLY_SCANNED' : 'NOT_SCANNED') : null,
    entries: state?.entries ?? t?.entries ?? 0,
    inside: state?.inside ?? t?.inside ?? false,
  };
}

interface Resolved {
  ticket: ScanTicket | null;
  card: { id: string; uid: string } | null;
  holder?: Holder;
  codeRef: string;
  refused: Refusal | null;
}

/** Decides what a QR code is (reads only): a candidate ticket or a refusal. */
async function resolveQr(deps: Deps, ctx: GateContext, qr: string): Promise<Resolved> {
  const parsed = parseTicketQr(qr);
  const base = { card: null, ticket: null } as const;
  if (!parsed) return { ...base, codeRef: 'QR:unreadable', refused: { result: 'NOT_FOUND', reason: 'UNKNOWN_CODE' } };
  const secretHash = secretHashOf(parsed.secret);
  // the ticket with any revocation of this very secret, in one query (the hot path)
  const [found] = await loadScanTickets(deps.db, Prisma.sql`t."secret" = ${parsed.secret}`, secretHash);
  if (!found) {
    // not a current secret: a re-issued one (transfer) is on the revocation list
    const revoked = await deps.db.ticketRevocation.findUnique({
      where: { secretHash },
      select: { reason: true, ticketId: true },
    });
    const [behind] = revoked ? await loadScanTickets(deps.db, Prisma.sql`t."id" = ${revoked.ticketId}::uuid`) : [];
    const revocation = revoked && behind ? { reason: revoked.reason, ticket: behind } : null;
    if (revocation) {
      // a re-issued secret (transfer): say whose ticket it was, and that this code is dead
      const t = revocation.ticket;
      return { ticket: t, card: null, codeRef: t.reference, refused: ticketRefusal(ctx, t, revocation.reason) };
    }
    const event =
      parsed.eventId === ctx.eventId
        ? ctx.event
        : await deps.db.event.findUnique({ where: { id: parsed.eventId }, select: { signingPublicKey: true } });
    if (!event) return { ...base, codeRef: 'QR:unknown', refused: { result: 'NOT_FOUND', reason: 'UNKNOWN_CODE' } };
    const genuine = parsed.verify(new Uint8Array(event.signingPublicKey));
    return {
      ...base,
      codeRef: 'QR:unknown',
      refused: { result: 'INVALID', reason: genuine ? 'REVOKED' : 'BAD_SIGNATURE' },
    };
  }
  const t = found;
  if (t.eventId !== parsed.eventId || !parsed.verify(new Uint8Array(t.event.signingPublicKey))) {
    return { ...base, codeRef: t.reference, refused: { result: 'INVALID', reason: 'BAD_SIGNATURE' } };
  }
  return {
    ticket: t,
    card: null,
    codeRef: t.reference,
    refused: ticketRefusal(ctx, t, t.revokedReason),
  };
}

/** Decides what an NFC card scan is (reads only). */
async function resolveCard(deps: Deps, ctx: GateContext, uid: string, direction: TScanDirection): Promise<Resolved> {
  const card = await deps.db.nfcCard.findUnique({
    where: { uid },
    select: { id: true, uid: true, status: true, customerId: true },
  });
  if (!card)
    return { ticket: null, card: null, codeRef: uid, refused: { result: 'NOT_FOUND', reason: 'UNKNOWN_CARD' } };
  const c = { id: card.id, uid: card.uid };
  const holderOf = async () =>
    card.customerId
      ? ((await deps.db.user.findUnique({ where: { id: card.customerId }, select: holderSelect })) ?? undefined)
      : undefined;
  if (card.status !== 'ACTIVE') {
    const reason = card.status === 'LOST' ? 'CARD_LOST' : 'CARD_BLOCKED';
    return { ticket: null, card: c, holder: await holderOf(), codeRef: uid, refused: { result: 'INVALID', reason } };
  }
  if (!card.customerId) {
    return { ticket: null, card: c, codeRef: uid, refused: { result: 'INVALID', reason: 'CARD_UNASSIGNED' } };
  }
  const tickets = await loadScanTickets(
    deps.db,
    Prisma.sql`t."holderId" = ${card.customerId}::uuid AND t."eventId" = ${ctx.eventId}::uuid`,
  );
  const pick = pickCardTicket(tickets, direction);
  if (!pick) {
    const holder = await holderOf();
    return { ticket: null, card: c, holder, codeRef: uid, refused: { result: 'INVALID', reason: 'NO_TICKET' } };
  }
  return { ticket: pick, card: c, codeRef: uid, refused: ticketRefusal(ctx, pick, null) };
}

const listOf = (ctx: GateContext) => ({ id: ctx.list.id, name: ctx.list.name, entryPolicy: ctx.list.entryPolicy });

type Row = { checkedInAt: Date | null; entries: number; inside: boolean };

/** The check-in row of an online scan, less its result. */
interface OnlineCheckIn {
  id: string;
  eventId: string;
  usherId: string;
  gateId: string | null;
  ticketId: string | null;
  cardId: string | null;
  method: 'QR' | 'NFC' | 'MANUAL';
  codeRef: string;
  attendeeName: string | null;
  deviceId: string | null;
  direction: TScanDirection;
  checkInListId: string;
  nonce: string | null;
  scannedAt: Date;
  recordedAt: Date;
}

const insertOnline = (db: Deps['db'], c: OnlineCheckIn, result: TCheckInResult, reason: string | null) =>
  db.checkIn.create({ data: { ...c, result, reason }, select: { id: true } });

/**
 * One online scan of a candidate ticket on the default list. The admission is ONE statement: the
 * conditional UPDATE of the ticket and the insert of its VALID check-in (a data-modifying CTE,
 * atomic without a transaction), so two gates at once admit it once and a scan costs one round
 * trip. A refusal (policy, or the ticket stopped being valid since it was read) then reads the
 * state to say why and stores the refused check-in.
 */
async function scanOnDefaultList(
  db: Deps['db'],
  ctx: GateContext,
  ticketId: string,
  c: OnlineCheckIn,
): Promise<{ result: TCheckInResult; reason: string | null; state: TicketState }> {
  const { direction, scannedAt } = c;
  const refuse = async (result: TCheckInResult, reason: string | null, state: TicketState) => {
    await insertOnline(db, c, result, reason);
    return { result, reason, state };
  };
  if (direction === 'ENTRY' && !ctx.event.scanningEnabled) {
    const st = (await readTicketStates(db, ctx, [ticketId], { lock: false })).get(ticketId)!;
    return refuse('INVALID', 'SCANNING_DISABLED', st);
  }
  const cond =
    direction === 'EXIT'
      ? Prisma.sql`"inside"`
      : ctx.list.entryPolicy === 'SINGLE'
        ? Prisma.sql`"status" = 'VALID' AND "entries" = 0 AND "checkedInAt" IS NULL`
        : ctx.list.entryPolicy === 'REENTRY_AFTER_EXIT'
          ? Prisma.sql`"status" = 'VALID' AND NOT "inside"`
          : Prisma.sql`"status" = 'VALID'`;
  const set =
    direction === 'EXIT'
      ? Prisma.sql`"inside" = false`
      : Prisma.sql`"entries" = "entries" + 1, "inside" = true, "checkedInAt" = COALESCE("checkedInAt", ${scannedAt})`;
  const [row] = await db.$queryRaw<Row[]>`
    WITH upd AS (
      UPDATE "Ticket" SET ${set}, "updatedAt" = ${c.recordedAt}
      WHERE "id" = ${ticketId}::uuid AND ${cond}
      RETURNING "checkedInAt", "entries", "inside"
    ), ins AS (
      INSERT INTO "CheckIn" ("id", "eventId", "usherId", "gateId", "ticketId", "cardId", "method", "result", "codeRef",
        "attendeeName", "deviceId", "direction", "checkInListId", "nonce", "scannedAt", "recordedAt")
      SELECT ${c.id}::uuid, ${c.eventId}::uuid, ${c.usherId}::uuid, ${c.gateId}::uuid, ${c.ticketId}::uuid,
        ${c.cardId}::uuid, ${c.method}::"ScanMethod", 'VALID', ${c.codeRef}, ${c.attendeeName}, ${c.deviceId},
        ${direction}::"ScanDirection", ${c.checkInListId}::uuid, ${c.nonce}, ${scannedAt}, ${c.recordedAt}
      FROM upd
      RETURNING 1
    )
    SELECT "checkedInAt", "entries", "inside" FROM upd`;
  if (row) return { result: 'VALID', reason: null, state: row };
  const st = (await readTicketStates(db, ctx, [ticketId], { lock: false })).get(ticketId)!;
  if (st.status !== 'VALID' && direction === 'ENTRY') {
    return refuse('INVALID', st.status === 'REFUNDED' ? 'REFUNDED' : 'VOID', st);
  }
  const no = direction === 'EXIT' ? exitRefusal(st) : entryRefusal(ctx.list.entryPolicy, st);
  return refuse(no?.result ?? 'ALREADY_SCANNED', no?.reason ?? null, st);
}

/**
 * `POST /api/usher/scan/result/`: scans (ENTRY by default), records the check-in, and queues
 * `gate.counts` and `scan.recorded` for the event's gate room (published after commit).
 * With a `nonce` already stored for this event, answers the stored scan (`duplicate: true`).
 * Errors: VALIDATION_FAILED for a gate of another venue, a scan time more than 5 minutes in the
 * future, or a nonce used by another event.
 */
export async function recordScan(deps: Deps, usher: UsherActor, input: ScanInput): Promise<TScanResult> {
  const now = deps.clock.now();
  const scannedAt = input.scannedAt ?? now;
  if (scannedAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw new AppError('VALIDATION_FAILED', 'The scan time is in the future.', { scannedAt: ['In the future'] });
  }
  const direction = input.direction ?? 'ENTRY';
  if (input.nonce) {
    const replay = await replayNonce(deps, usher, input.nonce);
    if (replay) return replay;
  }
  const ctx = await loadGateContext(deps, usher);
  const { gateId, gateName } = gateOf(ctx, input.gateId);
  const found =
    input.qr !== undefined
      ? await resolveQr(deps, ctx, input.qr)
      : await resolveCard(deps, ctx, input.cardUid!, direction);
  const method = input.method ?? (input.qr !== undefined ? 'QR' : 'NFC');
  const ticket = found.ticket;
  const checkInId = newCheckInId();

  const row: OnlineCheckIn = {
    id: checkInId,
    eventId: usher.eventId,
    usherId: usher.id,
    gateId,
    ticketId: ticket?.id ?? null,
    cardId: found.card?.id ?? null,
    method,
    codeRef: found.codeRef,
    attendeeName: ticket?.attendeeName ?? (found.holder ? `${found.holder.firstName} ${found.holder.lastName}` : null),
    deviceId: input.deviceId ?? null,
    direction,
    checkInListId: ctx.list.id,
    nonce: input.nonce ?? null,
    scannedAt,
    recordedAt: now,
  };
  const before = ticket?.checkedInAt ?? null;
  let outcome: { result: TCheckInResult; reason: string | null; state: TicketState | null; before: Date | null };
  try {
    if (!ticket || found.refused) {
      const refused = found.refused ?? { result: 'NOT_FOUND' as const, reason: 'UNKNOWN_CODE' };
      await insertOnline(deps.db, row, refused.result, refused.reason);
      outcome = { result: refused.result, reason: refused.reason, state: null, before };
    } else if (ctx.list.id === ctx.defaultListId) {
      outcome = { ...(await scanOnDefaultList(deps.db, ctx, ticket.id, row)), before };
    } else {
      // another list: its state lives in its check-ins; lock the ticket and decide (scan-core)
      const { applied } = await deps.db.$transaction((tx) =>
        applyScans(
          tx,
          ctx,
          [
            {
              checkInId,
              nonce: row.nonce,
              method,
              direction,
              scannedAt,
              deviceId: row.deviceId,
              gateId,
              deviceResult: null,
              resolved: {
                ticket,
                card: found.card,
                codeRef: found.codeRef,
                attendeeName: ticket.attendeeName,
                refused: null,
              },
            },
          ],
          now,
        ),
      );
      const a = applied[0]!;
      outcome = { result: a.result, reason: a.reason, state: a.state, before: a.previouslyAdmittedAt };
    }
  } catch (err) {
    // the same nonce raced in through another request: answer what was stored
    if (input.nonce && isUniqueViolation(err)) {
      const replay = await replayNonce(deps, usher, input.nonce);
      if (replay) return replay;
    }
    throw err;
  }

  const attendee = attendeeOf(ticket, found.card, found.holder, outcome.state, outcome.before);
  deps.realtime.push(await gateCountsMessage(deps, ctx, gateName, now), {
    room: rooms.gates(usher.eventId),
    event: 'scan.recorded',
    payload: {
      eventId: usher.eventId,
      checkInId,
      result: outcome.result,
      gateName,
      attendeeName: attendee?.name ?? null,
      at: now.toISOString(),
    },
  });
  const { result, reason } = outcome;
  return {
    checkInId,
    result,
    reason,
    message: messageOf(result, reason),
    attendee,
    firstCheckedInAt: result === 'VALID' || result === 'ALREADY_SCANNED' ? (outcome.state?.checkedInAt ?? null) : null,
    scannedAt,
    direction,
    checkInList: listOf(ctx),
    duplicate: false,
  };
}

/** `gate.counts` for the event's gate room, computed now. */
export async function gateCountsMessage(
  deps: Deps,
  ctx: GateContext,
  gateName: string | null,
  now: Date,
): Promise<RealtimeMessage> {
  const counts = await gateCounts(deps, ctx.eventId, ctx.event);
  return {
    room: rooms.gates(ctx.eventId),
    event: 'gate.counts',
    payload: { ...counts, gate: gateName, at: now.toISOString() },
  };
}

/** Unique-key violation (Prisma P2002 / PostgreSQL 23505), e.g. one nonce arriving twice at once. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  if (code === 'P2002' || code === '23505') return true;
  const cause = (err as { cause?: unknown })?.cause;
  return cause !== undefined && cause !== err && isUniqueViolation(cause);
}

/** The stored answer for a nonce already applied (null: unknown nonce). */
async function replayNonce(deps: Deps, usher: UsherActor, nonce: string): Promise<TScanResult | null> {
  const prior = await deps.db.checkIn.findUnique({
    where: { nonce },
    select: {
      id: true,
      eventId: true,
      result: true,
      reason: true,
      scannedAt: true,
      direction: true,
      ticketId: true,
      card: { select: { id: true, uid: true } },
      checkInList: { select: { id: true, name: true, entryPolicy: true } },
    },
  });
  if (!prior) return null;
  if (prior.eventId !== usher.eventId) {
    throw new AppError('VALIDATION_FAILED', 'This nonce was used for another event.', { nonce: ['Already used'] });
  }
  const [t] = prior.ticketId ? await loadScanTickets(deps.db, Prisma.sql`t."id" = ${prior.ticketId}::uuid`) : [];
  return {
    checkInId: prior.id,
    result: prior.result,
    reason: prior.reason,
    message: messageOf(prior.result, prior.reason),
    attendee: attendeeOf(t ?? null, prior.card, undefined, null, t?.checkedInAt ?? null),
    firstCheckedInAt: prior.result === 'VALID' || prior.result === 'ALREADY_SCANNED' ? (t?.checkedInAt ?? null) : null,
    scannedAt: prior.scannedAt,
    direction: prior.direction,
    checkInList: prior.checkInList,
    duplicate: true,
  };
}

/**
 * Looks a card up without recording anything (`POST /api/usher/scan/verify-card/`,
 * `GET /api/usher/scan/card/{cardId}/`, `POST …/card/{cardId}/validate/`, `GET
 * /api/usher/scan/attendee/{cardId}/`): what an ENTRY scan would answer now, with the attendee.
 */
export async function inspectCard(deps: Deps, usher: UsherActor, uid: string) {
  const ctx = await loadGateContext(deps, usher);
  const o = await resolveCard(deps, ctx, uid, 'ENTRY');
  let result: TCheckInResult = o.refused?.result ?? 'VALID';
  let reason = o.refused?.reason ?? null;
  let state: TicketState | null = null;
  if (o.ticket && !o.refused) {
    state = (await readTicketStates(deps.db, ctx, [o.ticket.id], { lock: false })).get(o.ticket.id) ?? null;
    const no = state ? entryRefusal(ctx.list.entryPolicy, state) : null;
    if (!ctx.event.scanningEnabled) [result, reason] = ['INVALID', 'SCANNING_DISABLED'];
    else if (no) [result, reason] = [no.result, no.reason];
  }
  return {
    cardUid: uid,
    found: result !== 'NOT_FOUND',
    wouldBe: result,
    reason,
    message: messageOf(result, reason),
    attendee: attendeeOf(o.ticket, o.card, o.holder, state, state?.checkedInAt ?? o.ticket?.checkedInAt ?? null),
  };
}

const logSelect = {
  id: true,
  result: true,
  reason: true,
  method: true,
  codeRef: true,
  attendeeName: true,
  deviceId: true,
  eventId: true,
  scannedAt: true,
  recordedAt: true,
  direction: true,
  offline: true,
  conflict: true,
  conflictWithId: true,
  usher: { select: { username: true } },
  gate: { select: { name: true } },
} satisfies Prisma.CheckInSelect;
type LogRow = Prisma.CheckInGetPayload<{ select: typeof logSelect }>;
const toLog = (r: LogRow): TScanLog => ({
  id: r.id,
  result: r.result,
  reason: r.reason,
  method: r.method,
  codeRef: r.codeRef,
  attendeeName: r.attendeeName,
  usherUsername: r.usher.username,
  gateName: r.gate?.name ?? null,
  deviceId: r.deviceId,
  eventId: r.eventId,
  scannedAt: r.scannedAt,
  recordedAt: r.recordedAt,
  direction: r.direction,
  offline: r.offline,
  conflict: r.conflict,
  conflictWithId: r.conflictWithId,
});

/**
 * `GET /api/usher/scan/logs/` and `/search/`: the event's scans, newest first, 10 per page by
 * default; filters on result, card id / ticket reference, usher username, attendee name.
 */
export async function listScanLogs(
  deps: Deps,
  usher: UsherActor,
  input: {
    page: number;
    pageSize: number;
    result?: TCheckInResult;
    cardId?: string;
    username?: string;
    attendeeName?: string;
  },
): Promise<TPage<TScanLog>> {
  const where: Prisma.CheckInWhereInput = {
    eventId: usher.eventId,
    ...(input.result ? { result: input.result } : {}),
    ...(input.cardId ? { codeRef: { contains: input.cardId, mode: 'insensitive' } } : {}),
    ...(input.username ? { usher: { username: { contains: input.username, mode: 'insensitive' } } } : {}),
    ...(input.attendeeName ? { attendeeName: { contains: input.attendeeName, mode: 'insensitive' } } : {}),
  };
  const [total, rows] = await Promise.all([
    deps.db.checkIn.count({ where }),
    deps.db.checkIn.findMany({
      where,
      select: logSelect,
      orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }],
      ...pageWindow(input),
    }),
  ]);
  return pageOf(rows.map(toLog), total, input);
}

/** `GET /api/usher/scan/logs/{id}/`. Errors: NOT_FOUND (also for another event's log). */
export async function getScanLog(deps: Deps, usher: UsherActor, id: string): Promise<TScanLog> {
  const row = await deps.db.checkIn.findUnique({ where: { id }, select: logSelect });
  if (!row || row.eventId !== usher.eventId) throw new AppError('NOT_FOUND', 'No such scan.');
  return toLog(row);
}

const usherEventSelect = {
  gate: { select: { id: true, name: true } },
  event: {
    select: {
      id: true,
      title: true,
      category: true,
      startsAt: true,
      endsAt: true,
      capacity: true,
      scanningEnabled: true,
      venue: {
        select: {
          name: true,
          city: true,
          timeZone: true,
          gates: { select: { id: true, name: true }, orderBy: { name: 'asc' } },
        },
      },
    },
  },
} satisfies Prisma.UsherAssignmentSelect;
type AssignmentRow = Prisma.UsherAssignmentGetPayload<{ select: typeof usherEventSelect }>;
const toUsherEvent = (a: AssignmentRow): TUsherEvent => ({
  id: a.event.id,
  title: a.event.title,
  category: a.event.category,
  startsAt: a.event.startsAt,
  endsAt: a.event.endsAt,
  capacity: a.event.capacity,
  scanningEnabled: a.event.scanningEnabled,
  venueName: a.event.venue.name,
  city: a.event.venue.city,
  timeZone: a.event.venue.timeZone,
  gate: a.gate,
  gates: a.event.venue.gates,
});

/** `GET /api/usher/events/`: every event the usher is assigned to, soonest first. */
export async function listAssignedEvents(deps: Deps, usherId: string): Promise<TUsherEvent[]> {
  const rows = await deps.db.usherAssignment.findMany({
    where: { usherId, event: { status: 'PUBLISHED' } },
    select: usherEventSelect,
    orderBy: { event: { startsAt: 'asc' } },
  });
  return rows.map(toUsherEvent);
}

/** `GET /api/usher/events/{id}/`. Errors: NOT_FOUND when not assigned (same as unknown). */
export async function getAssignedEvent(deps: Deps, usherId: string, eventId: string): Promise<TUsherEvent> {
  const row = await deps.db.usherAssignment.findUnique({
    where: { usherId_eventId: { usherId, eventId } },
    select: usherEventSelect,
  });
  if (!row) throw new AppError('NOT_FOUND', 'No such event among your assignments.');
  return toUsherEvent(row);
}

/** Doors open this long before the start: the event counts as active from then until its end. */
const ACTIVE_BEFORE_START_MS = 6 * 3600_000;
const isActive = (e: { startsAt: Date; endsAt: Date }, now: Date) =>
  e.startsAt.getTime() - ACTIVE_BEFORE_START_MS <= now.getTime() && now <= e.endsAt;

/** `GET /api/usher/events/{id}/status/`: is the event on now, and is scanning enabled. */
export async function eventStatus(deps: Deps, usherId: string, eventId: string) {
  const e = await getAssignedEvent(deps, usherId, eventId);
  const now = deps.clock.now();
  const counts = await gateCounts(deps, eventId);
  return {
    eventId,
    active: isActive(e, now),
    scanningEnabled: e.scanningEnabled,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    admitted: counts.admitted,
    inside: counts.inside,
    capacity: counts.capacity,
    at: now,
  };
}

/**
 * Switches scanning on or off for an event and pushes `event.status` to its gate room (after
 * commit, through `deps.realtime`). Nothing in the app calls it yet besides tests and the seed;
 * the organizer's event settings will. Errors: NOT_FOUND for an unknown event.
 * Returns whether it changed.
 */
export async function setScanningEnabled(deps: Deps, eventId: string, enabled: boolean): Promise<boolean> {
  const changed = await deps.db.event.updateMany({
    where: { id: eventId, scanningEnabled: !enabled },
    data: { scanningEnabled: enabled },
  });
  const e = await deps.db.event.findUnique({ where: { id: eventId }, select: { startsAt: true, endsAt: true } });
  if (!e) throw new AppError('NOT_FOUND', 'No such event.');
  if (changed.count === 0) return false;
  const now = deps.clock.now();
  deps.realtime.push({
    room: rooms.gates(eventId),
    event: 'event.status',
    payload: { eventId, scanningEnabled: enabled, active: isActive(e, now), at: now.toISOString() },
  });
  return true;
}
