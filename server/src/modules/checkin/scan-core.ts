/**
 * The gate's rules, shared by the online scan (`usher.scan.result`), the device-decided scan
 * (`usher.scan.record`, POST /usher/scan/log/) and the offline upload (`usher.sync.logs`) — ADR 0014.
 *
 * - Context: the usher's check-in list (the assignment's list, else the event's default list),
 *   the event's gates, key and scanning switch (`loadGateContext`, one query).
 * - Resolution: a QR code (signed secret) or an NFC card UID → a ticket, or a refusal:
 *   WRONG_EVENT, VOID, REFUNDED, REVOKED (secret on the revocation list, or re-issued),
 *   BAD_SIGNATURE, NOT_ON_LIST (category not on the list), CARD_*, NO_TICKET, UNKNOWN_*.
 * - Entry policy (pretix's check-in list options, seed 003 Plan 5): ENTRY — SINGLE admits only
 *   when never admitted, MULTIPLE always, REENTRY_AFTER_EXIT when not inside; EXIT only when inside.
 *   The default list's state lives on the Ticket row (`checkedInAt`, `entries`, `inside`); another
 *   list's state is derived from that list's own check-ins (a VIP lounge inside the venue).
 * - `applyScans`: applies a batch in one transaction with the tickets locked (FOR UPDATE, in id
 *   order), so the batch's decisions and writes are exact whatever else scans the same tickets.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { TCheckInResult, TEntryPolicy, TGateCounts, TScanDirection } from '@admit/shared';
import { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { parseTicketQr } from '../tickets/ticket-secret.ts';

type Tx = Prisma.TransactionClient;

export interface UsherActor {
  id: string;
  eventId: string;
  gateId: string | null;
}

/** Device clocks may run ahead this much; later scan times are refused (online) or clamped (upload). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Lowercase hex SHA-256 of a ticket secret (UTF-8): what revocation lists and devices carry. */
export function secretHashOf(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export const MESSAGES: Record<TCheckInResult, string> = {
  VALID: 'Valid — admit',
  ALREADY_SCANNED: 'Already scanned',
  INVALID: 'Invalid ticket',
  NOT_FOUND: 'Not found',
};

export const REASON_MESSAGES: Record<string, string> = {
  WRONG_EVENT: 'This ticket is for another event.',
  VOID: 'This ticket has been voided.',
  REFUNDED: 'This ticket was refunded.',
  BAD_SIGNATURE: 'This code is not a genuine ticket.',
  REVOKED: 'This code was replaced (ticket transferred or re-issued).',
  NOT_ON_LIST: 'This ticket is not valid at this entrance.',
  NOT_INSIDE: 'This ticket is not inside: scan it on entry first.',
  ALREADY_INSIDE: 'Already inside: scan an exit before re-entering.',
  CARD_BLOCKED: 'This card is blocked.',
  CARD_LOST: 'This card was reported lost.',
  CARD_UNASSIGNED: 'This card is not assigned to anyone.',
  NO_TICKET: 'The card holder has no ticket for this event.',
  UNKNOWN_CODE: 'This code is not an Admit ticket.',
  UNKNOWN_CARD: 'No card with this UID.',
  SCANNING_DISABLED: 'Scanning is paused for this event.',
};

export const messageOf = (result: TCheckInResult, reason: string | null) =>
  reason && result !== 'VALID' ? (REASON_MESSAGES[reason] ?? MESSAGES[result]) : MESSAGES[result];

// ───────────────────────────── context ─────────────────────────────

export interface GateList {
  id: string;
  name: string;
  entryPolicy: TEntryPolicy;
  isDefault: boolean;
  ticketCategoryIds: string[];
}

const gateEventSelect = {
  id: true,
  title: true,
  capacity: true,
  scanningEnabled: true,
  startsAt: true,
  endsAt: true,
  signingPublicKey: true,
  venue: { select: { gates: { select: { id: true, name: true }, orderBy: { name: 'asc' } } } },
} satisfies Prisma.EventSelect;
export type GateEvent = Prisma.EventGetPayload<{ select: typeof gateEventSelect }>;

export interface GateContext {
  eventId: string;
  usherId: string;
  usherGateId: string | null;
  event: GateEvent;
  /** the list this usher scans against */
  list: GateList;
  /** the event's default list (gate counts and the Ticket row's state follow it) */
  defaultListId: string;
}

/**
 * The usher's event, gates and check-in list in one query: the assignment's list when set, else
 * the event's default list (every event has one: a database trigger creates it).
 * Errors: INVALID_STATE when the event has no default list.
 */
export async function loadGateContext(deps: Pick<Deps, 'db'>, usher: UsherActor): Promise<GateContext> {
  // one statement (Prisma's nested select would issue one per relation: 4 here)
  const [row] = await deps.db.$queryRaw<
    (Omit<GateEvent, 'venue'> & { gates: { id: string; name: string }[]; lists: GateList[] })[]
  >`
    SELECT e."id", e."title", e."capacity", e."scanningEnabled", e."startsAt", e."endsAt", e."signingPublicKey",
      COALESCE((SELECT json_agg(json_build_object('id', g."id", 'name', g."name") ORDER BY g."name", g."id")
                FROM "Gate" g WHERE g."venueId" = e."venueId"), '[]'::json) AS "gates",
      COALESCE((SELECT json_agg(json_build_object('id', l."id", 'name', l."name", 'entryPolicy', l."entryPolicy",
                  'isDefault', l."isDefault", 'ticketCategoryIds', l."ticketCategoryIds"))
                FROM "CheckInList" l
                WHERE l."eventId" = e."id" AND (l."isDefault" OR EXISTS (
                  SELECT 1 FROM "UsherAssignment" a
                  WHERE a."checkInListId" = l."id" AND a."usherId" = ${usher.id}::uuid))), '[]'::json) AS "lists"
    FROM "Event" e WHERE e."id" = ${usher.eventId}::uuid`;
  if (!row) throw new AppError('NOT_FOUND', 'No such event.');
  const { gates, lists, ...event } = row;
  const def = lists.find((l) => l.isDefault);
  if (!def) throw new AppError('INVALID_STATE', 'This event has no check-in list.');
  const list = lists.find((l) => !l.isDefault) ?? def;
  return {
    eventId: usher.eventId,
    usherId: usher.id,
    usherGateId: usher.gateId,
    event: { ...event, venue: { gates } },
    list,
    defaultListId: def.id,
  };
}

/** The gate a scan happened at. Errors: VALIDATION_FAILED for a gate of another venue. */
export function gateOf(ctx: GateContext, gateId: string | null | undefined) {
  const id = gateId ?? ctx.usherGateId;
  if (!id) return { gateId: null, gateName: null };
  const gate = ctx.event.venue.gates.find((g) => g.id === id);
  if (!gate)
    throw new AppError('VALIDATION_FAILED', 'This gate is not at the event’s venue.', { gateId: ['Unknown gate'] });
  return { gateId: gate.id, gateName: gate.name };
}

/** The policy's verdict of an ENTRY for a ticket in state `s` (null: admit). */
export function entryRefusal(
  policy: TEntryPolicy,
  s: TicketState,
): { result: TCheckInResult; reason: string | null } | null {
  if (policy === 'SINGLE') return s.entries > 0 || s.checkedInAt ? { result: 'ALREADY_SCANNED', reason: null } : null;
  if (policy === 'REENTRY_AFTER_EXIT') return s.inside ? { result: 'ALREADY_SCANNED', reason: 'ALREADY_INSIDE' } : null;
  return null;
}

/** An EXIT is accepted only for a ticket inside (null: accept). */
export function exitRefusal(s: TicketState): { result: TCheckInResult; reason: string } | null {
  return s.inside ? null : { result: 'INVALID', reason: 'NOT_INSIDE' };
}

export interface TicketState {
  /** first admission (this list) */
  checkedInAt: Date | null;
  entries: number;
  inside: boolean;
}

// ───────────────────────────── resolution ─────────────────────────────

export interface Refusal {
  result: 'INVALID' | 'NOT_FOUND';
  reason: string;
}

/** What a revocation's reason means at the gate. */
export function revocationReason(reason: string): string {
  if (reason === 'REFUNDED' || reason === 'EVENT_CANCELLED') return 'REFUNDED';
  if (reason === 'VOIDED') return 'VOID';
  return 'REVOKED';
}

/**
 * Why a known ticket may not pass this list at all, whatever its admission state (null: it may).
 * Order: wrong event, status (REFUNDED / VOID), revocation of its secret, category not on the list.
 */
export function ticketRefusal(
  ctx: GateContext,
  t: { eventId: string; status: string; ticketCategoryId: string },
  revoked: string | null,
): Refusal | null {
  if (t.eventId !== ctx.eventId) return { result: 'INVALID', reason: 'WRONG_EVENT' };
  if (t.status === 'REFUNDED') return { result: 'INVALID', reason: 'REFUNDED' };
  if (t.status !== 'VALID') return { result: 'INVALID', reason: 'VOID' };
  if (revoked) return { result: 'INVALID', reason: revocationReason(revoked) };
  if (ctx.list.ticketCategoryIds.length > 0 && !ctx.list.ticketCategoryIds.includes(t.ticketCategoryId)) {
    return { result: 'INVALID', reason: 'NOT_ON_LIST' };
  }
  return null;
}

const UID = /^([0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20})$/;
/** A card UID as stored (upper-case hex, no separators), or null when `code` is not one. */
export function normalizeUid(code: string): string | null {
  const uid = code
    .trim()
    .replace(/[:\s-]/g, '')
    .toUpperCase();
  return UID.test(uid) ? uid : null;
}

const batchTicketSelect = {
  id: true,
  eventId: true,
  status: true,
  reference: true,
  attendeeName: true,
  ticketCategoryId: true,
  holderId: true,
  checkedInAt: true,
  entries: true,
  inside: true,
  createdAt: true,
} satisfies Prisma.TicketSelect;
type BatchTicket = Prisma.TicketGetPayload<{ select: typeof batchTicketSelect }>;
/** The same columns for raw reads (status as text, like the Prisma enum value). */
const BATCH_TICKET_COLUMNS = Prisma.sql`"id", "eventId", "status"::text AS "status", "reference", "attendeeName",
  "ticketCategoryId", "holderId", "checkedInAt", "entries", "inside", "createdAt"`;

export interface ResolvedScan {
  ticket: BatchTicket | null;
  card: { id: string; uid: string } | null;
  /** what was read: card UID or ticket reference, never a secret */
  codeRef: string;
  attendeeName: string | null;
  /** why it may not pass whatever its state (null: a candidate for the policy) */
  refused: Refusal | null;
}

/**
 * Resolves device-read codes (QR text or card UIDs) for a batch with a handful of queries:
 * tickets by secret, revocations by hash, unknown secrets' events (signature check), cards and
 * their holders' tickets. A ticket found by its secret is not signature-checked again: the secret
 * is 120 random bits only its holder has seen (the device checked the signature when offline).
 */
export async function resolveCodes(
  deps: Pick<Deps, 'db'>,
  ctx: GateContext,
  scans: { code: string; method: string; direction: TScanDirection }[],
): Promise<ResolvedScan[]> {
  const parsed = scans.map((s) => {
    const qr = s.method === 'NFC' ? null : parseTicketQr(s.code);
    const uid = qr ? null : normalizeUid(s.code);
    return { qr, uid };
  });
  const secrets = [...new Set(parsed.flatMap((p) => (p.qr ? [p.qr.secret] : [])))];
  const hashes = new Map(secrets.map((s) => [s, secretHashOf(s)]));
  const uids = [...new Set(parsed.flatMap((p) => (p.uid ? [p.uid] : [])))];
  // `= ANY(array)`: one parameter for the whole batch (an `IN` list binds one per value)
  const [tickets, revoked, cards] = await Promise.all([
    secrets.length
      ? deps.db.$queryRaw<(BatchTicket & { secret: string })[]>`
          SELECT ${BATCH_TICKET_COLUMNS}, "secret" FROM "Ticket" WHERE "secret" = ANY(${secrets}::text[])`
      : [],
    hashes.size
      ? deps.db.$queryRaw<{ secretHash: string; reason: string; ticketId: string }[]>`
          SELECT "secretHash", "reason", "ticketId" FROM "TicketRevocation"
          WHERE "secretHash" = ANY(${[...hashes.values()]}::text[])`
      : [],
    uids.length
      ? deps.db.nfcCard.findMany({
          where: { uid: { in: uids } },
          select: { id: true, uid: true, status: true, customerId: true },
        })
      : [],
  ]);
  // revoked secrets of tickets not found by secret (re-issued on transfer): the ticket behind them
  const foundIds = new Set(tickets.map((t) => t.id));
  const behind = [...new Set(revoked.filter((r) => !foundIds.has(r.ticketId)).map((r) => r.ticketId))];
  const behindRows = behind.length
    ? await deps.db.$queryRaw<BatchTicket[]>`
        SELECT ${BATCH_TICKET_COLUMNS} FROM "Ticket" WHERE "id" = ANY(${behind}::uuid[])`
    : [];
  const byId = new Map<string, BatchTicket>([...tickets, ...behindRows].map((t) => [t.id, t]));
  const revocations = revoked.map((r) => ({ ...r, ticket: byId.get(r.ticketId)! }));
  const bySecret = new Map(tickets.map((t) => [t.secret, t]));
  const revokedByHash = new Map(revocations.map((r) => [r.secretHash, r]));
  const cardByUid = new Map(cards.map((c) => [c.uid, c]));
  const holders = [...new Set(cards.flatMap((c) => (c.status === 'ACTIVE' && c.customerId ? [c.customerId] : [])))];
  const holderTickets = holders.length
    ? await deps.db.ticket.findMany({
        where: { holderId: { in: holders }, eventId: ctx.eventId },
        select: batchTicketSelect,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      })
    : [];
  const ticketsOfHolder = new Map<string, BatchTicket[]>();
  for (const t of holderTickets) ticketsOfHolder.set(t.holderId, [...(ticketsOfHolder.get(t.holderId) ?? []), t]);
  // events of secrets we do not know (signature check: REVOKED vs BAD_SIGNATURE)
  const unknownEventIds = [
    ...new Set(
      parsed.flatMap((p) =>
        p.qr && !bySecret.has(p.qr.secret) && !revokedByHash.has(hashes.get(p.qr.secret)!) ? [p.qr.eventId] : [],
      ),
    ),
  ].filter((id) => id !== ctx.eventId);
  const keys = new Map<string, Uint8Array>([[ctx.eventId, new Uint8Array(ctx.event.signingPublicKey)]]);
  if (unknownEventIds.length) {
    for (const e of await deps.db.event.findMany({
      where: { id: { in: unknownEventIds } },
      select: { id: true, signingPublicKey: true },
    })) {
      keys.set(e.id, new Uint8Array(e.signingPublicKey));
    }
  }

  return parsed.map(({ qr, uid }, i): ResolvedScan => {
    const none = { ticket: null, card: null, attendeeName: null } as const;
    if (qr) {
      const found = bySecret.get(qr.secret);
      const revocation = revokedByHash.get(hashes.get(qr.secret)!);
      const ticket = found ?? revocation?.ticket ?? null;
      if (ticket) {
        const t = withoutSecret(ticket);
        return {
          ticket: t,
          card: null,
          codeRef: t.reference,
          attendeeName: t.attendeeName,
          refused: found
            ? ticketRefusal(ctx, t, revocation?.reason ?? null)
            : ticketRefusal(ctx, t, revocation?.reason ?? 'REVOKED'),
        };
      }
      const key = keys.get(qr.eventId);
      if (!key) return { ...none, codeRef: 'QR:unknown', refused: { result: 'NOT_FOUND', reason: 'UNKNOWN_CODE' } };
      const genuine = qr.verify(key);
      return {
        ...none,
        codeRef: 'QR:unknown',
        refused: { result: 'INVALID', reason: genuine ? 'REVOKED' : 'BAD_SIGNATURE' },
      };
    }
    if (uid) {
      const card = cardByUid.get(uid);
      if (!card) return { ...none, codeRef: uid, refused: { result: 'NOT_FOUND', reason: 'UNKNOWN_CARD' } };
      const c = { id: card.id, uid: card.uid };
      if (card.status !== 'ACTIVE') {
        return {
          ...none,
          card: c,
          codeRef: uid,
          refused: { result: 'INVALID', reason: card.status === 'LOST' ? 'CARD_LOST' : 'CARD_BLOCKED' },
        };
      }
      if (!card.customerId) {
        return { ...none, card: c, codeRef: uid, refused: { result: 'INVALID', reason: 'CARD_UNASSIGNED' } };
      }
      const pick = pickCardTicket(ticketsOfHolder.get(card.customerId) ?? [], scans[i]!.direction);
      if (!pick) return { ...none, card: c, codeRef: uid, refused: { result: 'INVALID', reason: 'NO_TICKET' } };
      return {
        ticket: pick,
        card: c,
        codeRef: uid,
        attendeeName: pick.attendeeName,
        refused: ticketRefusal(ctx, pick, null),
      };
    }
    return {
      ...none,
      codeRef: scans[i]!.method === 'NFC' ? scans[i]!.code.slice(0, 64) : 'QR:unreadable',
      refused: { result: 'NOT_FOUND', reason: scans[i]!.method === 'NFC' ? 'UNKNOWN_CARD' : 'UNKNOWN_CODE' },
    };
  });
}

/** A ticket row as scans carry it: never with its secret. */
function withoutSecret(t: BatchTicket & { secret?: string }): BatchTicket {
  const { secret: _omit, ...rest } = t;
  return rest;
}

/**
 * Which of a card holder's tickets a card scan uses: for an ENTRY a valid one not yet admitted,
 * else a valid one not inside, else any valid, else the first; for an EXIT a valid one inside first.
 */
export function pickCardTicket<T extends { status: string; checkedInAt: Date | null; inside: boolean }>(
  tickets: T[],
  direction: TScanDirection,
): T | undefined {
  const valid = tickets.filter((t) => t.status === 'VALID');
  if (direction === 'EXIT') return valid.find((t) => t.inside) ?? valid[0] ?? tickets[0];
  return valid.find((t) => !t.checkedInAt) ?? valid.find((t) => !t.inside) ?? valid[0] ?? tickets[0];
}

// ───────────────────────────── applying a batch ─────────────────────────────

export interface ScanToApply {
  checkInId: string;
  nonce: string | null;
  method: 'QR' | 'NFC' | 'MANUAL';
  direction: TScanDirection;
  scannedAt: Date;
  deviceId: string | null;
  gateId: string | null;
  /** what the device showed at the gate; null: the server decides (online) */
  deviceResult: TCheckInResult | null;
  resolved: ResolvedScan;
}

export interface AppliedScan {
  checkInId: string;
  result: TCheckInResult;
  reason: string | null;
  conflict: boolean;
  conflictWithId: string | null;
  /** the ticket's state on this list after the scan (null: no ticket) */
  state: TicketState | null;
  /** first admission before this scan (null: none) */
  previouslyAdmittedAt: Date | null;
}

export interface ConflictNote {
  ticketId: string;
  ticketReference: string;
  attendeeName: string | null;
  /** the later admission (flagged) and the earlier one */
  laterId: string;
  earlierId: string;
  devices: [string, string];
}

interface LastAdmission {
  id: string;
  scannedAt: Date;
  device: string;
}

const deviceLabel = (deviceId: string | null, username: string | null) =>
  deviceId ?? (username ? `usher:${username}` : 'unknown device');

/**
 * The tickets' status and state on the usher's list: the Ticket row for the default list, the
 * list's own accepted check-ins otherwise. With `lock`, the rows are locked FOR UPDATE in id
 * order (inside a transaction) so that nothing else changes them until commit.
 */
export async function readTicketStates(
  db: Tx | Deps['db'],
  ctx: GateContext,
  ids: string[],
  opts: { lock: boolean },
): Promise<Map<string, TicketState & { status: string }>> {
  const out = new Map<string, TicketState & { status: string }>();
  if (ids.length === 0) return out;
  const onDefault = ctx.list.id === ctx.defaultListId;
  const rows = await db.$queryRaw<
    { id: string; status: string; entries: number; inside: boolean; checkedInAt: Date | null }[]
  >`
    SELECT "id", "status"::text AS "status", "entries", "inside", "checkedInAt" FROM "Ticket"
    WHERE "id" = ANY(${ids}::uuid[]) ORDER BY "id" ${opts.lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`;
  for (const r of rows) {
    out.set(r.id, {
      status: r.status,
      checkedInAt: onDefault ? r.checkedInAt : null,
      entries: onDefault ? r.entries : 0,
      inside: onDefault ? r.inside : false,
    });
  }
  if (!onDefault) {
    // another list's state: its own admissions and the direction of its last accepted scan
    const listRows = await db.$queryRaw<
      { ticketId: string; entries: number; first: Date | null; last: string | null }[]
    >`
      SELECT "ticketId", count(*) FILTER (WHERE "direction" = 'ENTRY')::int AS "entries",
             min("scannedAt") FILTER (WHERE "direction" = 'ENTRY') AS "first",
             (array_agg("direction"::text ORDER BY "scannedAt" DESC, "recordedAt" DESC))[1] AS "last"
      FROM "CheckIn"
      WHERE "ticketId" = ANY(${ids}::uuid[]) AND "checkInListId" = ${ctx.list.id}::uuid
        AND "result" = 'VALID' AND NOT "conflict" AND "reason" IS NULL
      GROUP BY "ticketId"`;
    for (const r of listRows) {
      const s = out.get(r.ticketId);
      if (s) Object.assign(s, { entries: r.entries, checkedInAt: r.first, inside: r.last === 'ENTRY' });
    }
  }
  return out;
}

/**
 * Applies scans in one transaction (the caller's): locks the tickets involved (FOR UPDATE, id
 * order: no deadlock between batches), reads their state on the usher's list, decides every scan
 * in scan-time order in memory, then writes with a few statements: one UPDATE of the tickets
 * whose state moved, one INSERT of the check-ins, and one UPDATE per re-ordered conflict.
 *
 * Online scans (`deviceResult` null) get the server's verdict. Device-decided scans keep what the
 * device did at the gate: a refusal is stored as refused (no state change); an admission the
 * policy would refuse is the offline conflict (ADR 0014): kept as VALID, the later of the two
 * admissions (by scan time) flagged `conflict` with `conflictWithId` = the other, the ticket
 * admitted once with `checkedInAt` = the earliest. An admission of a ticket the server refuses
 * outright (refunded, revoked, …) is stored as VALID with the refusal as its reason.
 */
export async function applyScans(
  tx: Tx,
  ctx: GateContext,
  scans: ScanToApply[],
  now: Date,
): Promise<{ applied: AppliedScan[]; conflicts: ConflictNote[] }> {
  const onDefault = ctx.list.id === ctx.defaultListId;
  const policy = ctx.list.entryPolicy;
  const candidates = [
    ...new Set(scans.flatMap((s) => (s.resolved.ticket && !s.resolved.refused ? [s.resolved.ticket.id] : []))),
  ];

  // 1. lock and read the tickets (fresh status: a refund may have landed since resolution)
  const states = new Map<string, TicketState & { status: string; dirty: boolean; touched: boolean }>();
  for (const [id, st] of await readTicketStates(tx, ctx, candidates, { lock: true })) {
    states.set(id, { ...st, dirty: false, touched: false });
  }

  // 2. the last admission of tickets a device admitted while the server has them admitted
  const needOthers = [
    ...new Set(
      scans.flatMap((s) => {
        const t = s.resolved.ticket;
        const st = t && states.get(t.id);
        return st &&
          s.deviceResult === 'VALID' &&
          s.direction === 'ENTRY' &&
          (st.entries > 0 || st.checkedInAt || st.inside)
          ? [t.id]
          : [];
      }),
    ),
  ];
  const lastAdmission = new Map<string, LastAdmission>();
  if (needOthers.length) {
    const listCond = onDefault
      ? Prisma.sql`(c."checkInListId" = ${ctx.list.id}::uuid OR c."checkInListId" IS NULL)`
      : Prisma.sql`c."checkInListId" = ${ctx.list.id}::uuid`;
    const rows = await tx.$queryRaw<
      { id: string; ticketId: string; scannedAt: Date; deviceId: string | null; username: string | null }[]
    >`
      SELECT DISTINCT ON (c."ticketId") c."id", c."ticketId", c."scannedAt", c."deviceId", u."username"
      FROM "CheckIn" c JOIN "User" u ON u."id" = c."usherId"
      WHERE c."ticketId" = ANY(${needOthers}::uuid[]) AND c."result" = 'VALID' AND c."direction" = 'ENTRY'
        AND NOT c."conflict" AND ${listCond}
      ORDER BY c."ticketId", c."scannedAt" DESC, c."recordedAt" DESC`;
    for (const r of rows) {
      lastAdmission.set(r.ticketId, { id: r.id, scannedAt: r.scannedAt, device: deviceLabel(r.deviceId, r.username) });
    }
  }

  // 3. decide, in scan-time order
  const order = scans
    .map((_, i) => i)
    .sort((a, b) => scans[a]!.scannedAt.getTime() - scans[b]!.scannedAt.getTime() || a - b);
  const applied: AppliedScan[] = new Array(scans.length);
  const rows: Prisma.CheckInCreateManyInput[] = new Array(scans.length);
  const reflag = new Map<string, string>(); // stored check-in → the earlier admission it now conflicts with
  const conflicts: ConflictNote[] = [];
  let usherName: string | null | undefined;
  const myDevice = async (s: ScanToApply) => {
    if (s.deviceId) return s.deviceId;
    usherName ??=
      (await tx.user.findUnique({ where: { id: ctx.usherId }, select: { username: true } }))?.username ?? null;
    return deviceLabel(null, usherName);
  };

  for (const i of order) {
    const s = scans[i]!;
    const t = s.resolved.ticket;
    const st = t ? states.get(t.id) : undefined;
    let refused = s.resolved.refused;
    if (!refused && t && st && st.status !== 'VALID') {
      refused = { result: 'INVALID', reason: st.status === 'REFUNDED' ? 'REFUNDED' : 'VOID' };
    }
    const previouslyAdmittedAt = st?.checkedInAt ?? null;
    let result: TCheckInResult;
    let reason: string | null = null;
    let conflict = false;
    let conflictWithId: string | null = null;

    if (refused || !st) {
      const r = refused ?? { result: 'NOT_FOUND' as const, reason: 'UNKNOWN_CODE' };
      if (s.deviceResult === 'VALID') {
        result = 'VALID'; // what happened at the gate; the reason says why the server disagrees
        reason = r.reason;
      } else {
        result = s.deviceResult ?? r.result;
        reason = r.reason;
      }
    } else if (s.direction === 'EXIT') {
      const no = exitRefusal(st);
      if (s.deviceResult && s.deviceResult !== 'VALID') {
        result = s.deviceResult;
        reason = no?.reason ?? null;
      } else if (no) {
        result = s.deviceResult === 'VALID' ? 'VALID' : no.result;
        reason = no.reason;
      } else {
        result = 'VALID';
        st.inside = false;
        st.dirty = true;
      }
    } else {
      const no =
        !ctx.event.scanningEnabled && !s.deviceResult
          ? { result: 'INVALID' as const, reason: 'SCANNING_DISABLED' }
          : entryRefusal(policy, st);
      if (s.deviceResult && s.deviceResult !== 'VALID') {
        result = s.deviceResult;
        reason = no?.reason ?? null;
      } else if (!no) {
        result = 'VALID';
        st.entries += 1;
        st.inside = true;
        st.checkedInAt ??= s.scannedAt;
        st.dirty = true;
        lastAdmission.set(t!.id, { id: s.checkInId, scannedAt: s.scannedAt, device: await myDevice(s) });
      } else if (!s.deviceResult) {
        result = no.result;
        reason = no.reason;
      } else {
        // the offline conflict: both kept, the later one flagged, admitted once
        result = 'VALID';
        conflict = true;
        const other = lastAdmission.get(t!.id);
        const mine = await myDevice(s);
        if (other) {
          if (s.scannedAt.getTime() < other.scannedAt.getTime()) {
            // this one happened first: the stored one is the later, flagged admission
            conflict = false;
            const inBatch = rows.findIndex((r) => r?.id === other.id);
            if (inBatch >= 0) {
              rows[inBatch] = { ...rows[inBatch]!, conflict: true, conflictWithId: s.checkInId };
              applied[inBatch] = { ...applied[inBatch]!, conflict: true, conflictWithId: s.checkInId };
            } else {
              reflag.set(other.id, s.checkInId);
            }
            if (!st.checkedInAt || s.scannedAt < st.checkedInAt) st.checkedInAt = s.scannedAt;
            st.dirty = true;
            lastAdmission.set(t!.id, { id: s.checkInId, scannedAt: s.scannedAt, device: mine });
            conflicts.push(note(t!, other.id, s.checkInId, [mine, other.device]));
          } else {
            conflictWithId = other.id;
            conflicts.push(note(t!, s.checkInId, other.id, [other.device, mine]));
          }
        }
      }
    }
    if (st && !st.dirty && t && result === 'VALID') st.touched = true;
    rows[i] = {
      id: s.checkInId,
      eventId: ctx.eventId,
      usherId: ctx.usherId,
      gateId: s.gateId,
      ticketId: t?.id ?? null,
      cardId: s.resolved.card?.id ?? null,
      method: s.method,
      result,
      reason,
      codeRef: s.resolved.codeRef,
      attendeeName: s.resolved.attendeeName,
      deviceId: s.deviceId,
      direction: s.direction,
      checkInListId: ctx.list.id,
      nonce: s.nonce,
      offline: s.deviceResult !== null,
      conflict,
      conflictWithId,
      scannedAt: s.scannedAt,
      recordedAt: now,
    };
    applied[i] = {
      checkInId: s.checkInId,
      result,
      reason,
      conflict,
      conflictWithId,
      state: st ? { checkedInAt: st.checkedInAt, entries: st.entries, inside: st.inside } : null,
      previouslyAdmittedAt,
    };
  }

  // 4. write: ticket state (default list) or a touch (other lists: delta sync sees the change)
  const moved = [...states].filter(([, s]) => s.dirty || s.touched);
  if (moved.length) {
    if (onDefault) {
      await tx.$executeRaw`
        UPDATE "Ticket" AS t SET "entries" = v."entries", "inside" = v."inside", "checkedInAt" = v."at", "updatedAt" = ${now}
        FROM unnest(${moved.map(([id]) => id)}::uuid[], ${moved.map(([, s]) => s.entries)}::int[],
                    ${moved.map(([, s]) => s.inside)}::boolean[], ${moved.map(([, s]) => s.checkedInAt)}::timestamptz[])
             AS v("id", "entries", "inside", "at")
        WHERE t."id" = v."id"`;
    } else {
      await tx.$executeRaw`UPDATE "Ticket" SET "updatedAt" = ${now} WHERE "id" = ANY(${moved.map(([id]) => id)}::uuid[])`;
    }
  }
  await insertCheckIns(tx, ctx, rows, now);
  for (const [id, earlierId] of reflag) {
    await tx.checkIn.update({ where: { id }, data: { conflict: true, conflictWithId: earlierId } });
  }
  return { applied, conflicts };
}

/**
 * One INSERT for the batch's check-ins, one array per column (`unnest`): 16 parameters whatever
 * the batch size, where a multi-row VALUES list binds ~20 per row (PGlite spends most of a batch
 * binding them).
 */
async function insertCheckIns(tx: Tx, ctx: GateContext, rows: Prisma.CheckInCreateManyInput[], now: Date) {
  const col = <T>(f: (r: Prisma.CheckInCreateManyInput) => T) => rows.map(f);
  await tx.$executeRaw`
    INSERT INTO "CheckIn" ("id", "eventId", "usherId", "gateId", "ticketId", "cardId", "method", "result", "reason",
      "codeRef", "attendeeName", "deviceId", "direction", "checkInListId", "nonce", "offline", "conflict",
      "conflictWithId", "scannedAt", "recordedAt")
    SELECT v."id", ${ctx.eventId}::uuid, ${ctx.usherId}::uuid, v."gateId", v."ticketId", v."cardId",
      v."method"::"ScanMethod", v."result"::"CheckInResult", v."reason", v."codeRef", v."attendeeName", v."deviceId",
      v."direction"::"ScanDirection", ${ctx.list.id}::uuid, v."nonce", v."offline", v."conflict", v."conflictWithId",
      v."scannedAt", ${now}
    FROM unnest(
      ${col((r) => r.id!)}::uuid[], ${col((r) => r.gateId ?? null)}::uuid[], ${col((r) => r.ticketId ?? null)}::uuid[],
      ${col((r) => r.cardId ?? null)}::uuid[], ${col((r) => r.method)}::text[], ${col((r) => r.result)}::text[],
      ${col((r) => r.reason ?? null)}::text[], ${col((r) => r.codeRef)}::text[],
      ${col((r) => r.attendeeName ?? null)}::text[], ${col((r) => r.deviceId ?? null)}::text[],
      ${col((r) => r.direction ?? 'ENTRY')}::text[], ${col((r) => r.nonce ?? null)}::text[],
      ${col((r) => r.offline ?? false)}::boolean[], ${col((r) => r.conflict ?? false)}::boolean[],
      ${col((r) => r.conflictWithId ?? null)}::uuid[], ${col((r) => r.scannedAt as Date)}::timestamptz[]
    ) AS v("id", "gateId", "ticketId", "cardId", "method", "result", "reason", "codeRef", "attendeeName", "deviceId",
           "direction", "nonce", "offline", "conflict", "conflictWithId", "scannedAt")`;
}

function note(
  t: { id: string; reference: string; attendeeName: string },
  laterId: string,
  earlierId: string,
  devices: [string, string],
): ConflictNote {
  return { ticketId: t.id, ticketReference: t.reference, attendeeName: t.attendeeName, laterId, earlierId, devices };
}

export const newCheckInId = () => randomUUID();

// ───────────────────────────── gate counts ─────────────────────────────

/**
 * Admitted and inside, per gate and in total (seed 003 Plan 5 "real-time updates"; issue 6).
 * Per gate: accepted ENTRY scans of the default list at that gate (conflicting second admissions
 * not counted) and, as `inside`, those entries minus the exits scanned there (never below 0).
 * Total: distinct tickets admitted (`checkedInAt` set) and inside now (`inside`). One query.
 */
export async function gateCounts(
  deps: Pick<Deps, 'db'>,
  eventId: string,
  preloaded?: Pick<GateEvent, 'capacity' | 'venue'>,
): Promise<Omit<TGateCounts, 'at'>> {
  const [event, rows] = await Promise.all([
    preloaded ??
      deps.db.event.findUniqueOrThrow({
        where: { id: eventId },
        select: { capacity: true, venue: gateEventSelect.venue },
      }),
    deps.db.$queryRaw<{ k: string; g: string | null; a: number; b: number }[]>`
      SELECT 'gate' AS "k", c."gateId"::text AS "g",
             count(*) FILTER (WHERE c."direction" = 'ENTRY')::int AS "a",
             count(*) FILTER (WHERE c."direction" = 'EXIT')::int AS "b"
      FROM "CheckIn" c LEFT JOIN "CheckInList" l ON l."id" = c."checkInListId"
      WHERE c."eventId" = ${eventId}::uuid AND c."result" = 'VALID' AND NOT c."conflict" AND c."reason" IS NULL
        AND (l."id" IS NULL OR l."isDefault")
      GROUP BY c."gateId"
      UNION ALL
      SELECT 'total', NULL, count(*) FILTER (WHERE t."checkedInAt" IS NOT NULL)::int, count(*) FILTER (WHERE t."inside")::int
      FROM "Ticket" t WHERE t."eventId" = ${eventId}::uuid`,
  ]);
  const byGate = new Map(rows.filter((r) => r.k === 'gate').map((r) => [r.g, r]));
  const total = rows.find((r) => r.k === 'total') ?? { a: 0, b: 0 };
  const gate = (gateId: string | null, name: string) => {
    const r = byGate.get(gateId);
    const admitted = r?.a ?? 0;
    return { gateId, gateName: name, name, admitted, inside: Math.max(0, admitted - (r?.b ?? 0)) };
  };
  const gates: TGateCounts['gates'] = event.venue.gates.map((g) => gate(g.id, g.name));
  if (byGate.has(null)) gates.push(gate(null, 'No gate'));
  return {
    eventId,
    gates,
    total: { admitted: total.a, inside: total.b },
    admitted: total.a,
    inside: total.b,
    capacity: event.capacity,
  };
}
