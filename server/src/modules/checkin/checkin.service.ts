/**
 * Gate check-in (seed 003 Plan 5 Phases 2–3). A scan reads a ticket QR (signed secret) or an
 * NFC card UID and answers VALID (first admission), ALREADY_SCANNED, INVALID (wrong event,
 * void ticket, forged or revoked code, blocked card, no ticket) or NOT_FOUND. Every scan is
 * stored as a check-in. Admission is a conditional UPDATE (`checkedInAt IS NULL`) in the same
 * transaction as the check-in row: two gates scanning one ticket at once admit it once.
 */
import type { TAttendee, TCheckInResult, TGateCounts, TPage, TScanLog, TScanResult, TUsherEvent } from '@admit/shared';
import { rooms } from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { pageOf, pageWindow } from '../pagination.ts';
import { parseTicketQr } from '../tickets/ticket-secret.ts';

export interface UsherActor {
  id: string;
  eventId: string;
  gateId: string | null;
}

export interface ScanInput {
  qr?: string;
  cardUid?: string;
  method?: 'QR' | 'NFC' | 'MANUAL';
  gateId?: string;
  deviceId?: string;
  scannedAt?: Date;
}

/** Scans up to this far in the future (device clock skew) are accepted. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

const MESSAGES: Record<TCheckInResult, string> = {
  VALID: 'Valid — admit',
  ALREADY_SCANNED: 'Already scanned',
  INVALID: 'Invalid ticket',
  NOT_FOUND: 'Not found',
};

const REASON_MESSAGES: Record<string, string> = {
  WRONG_EVENT: 'This ticket is for another event.',
  VOID: 'This ticket has been voided.',
  BAD_SIGNATURE: 'This code is not a genuine ticket.',
  REVOKED: 'This code was replaced (ticket transferred or re-issued).',
  CARD_BLOCKED: 'This card is blocked.',
  CARD_LOST: 'This card was reported lost.',
  CARD_UNASSIGNED: 'This card is not assigned to anyone.',
  NO_TICKET: 'The card holder has no ticket for this event.',
  UNKNOWN_CODE: 'This code is not an Admit ticket.',
  UNKNOWN_CARD: 'No card with this UID.',
  SCANNING_DISABLED: 'Scanning is paused for this event.',
};

const holderSelect = {
  firstName: true,
  lastName: true,
  photoUrl: true,
  emergencyContact: true,
  bloodType: true,
} as const;
const ticketForScan = {
  id: true,
  eventId: true,
  status: true,
  reference: true,
  attendeeName: true,
  checkedInAt: true,
  holderId: true,
  ticketCategory: { select: { name: true, tier: true } },
  holder: { select: holderSelect },
  event: { select: { signingPublicKey: true } },
} satisfies Prisma.TicketSelect;
type ScanTicket = Prisma.TicketGetPayload<{ select: typeof ticketForScan }>;

function attendeeOf(
  t: ScanTicket | null,
  card: { uid: string } | null,
  fallbackHolder?: ScanTicket['holder'],
): TAttendee | null {
  const holder = t?.holder ?? fallbackHolder;
  if (!t && !holder) return null;
  return {
    name: t?.attendeeName ?? `${holder!.firstName} ${holder!.lastName}`,
    photoUrl: holder?.photoUrl ?? null,
    ticketReference: t?.reference ?? null,
    cardUid: card?.uid ?? null,
    tier: t?.ticketCategory.tier ?? null,
    categoryName: t?.ticketCategory.name ?? null,
    emergencyContact: holder?.emergencyContact ?? null,
    bloodType: holder?.bloodType ?? null,
  };
}

interface Outcome {
  result: TCheckInResult;
  reason: string | null;
  ticket: ScanTicket | null;
  card: { id: string; uid: string } | null;
  holder?: ScanTicket['holder'];
  codeRef: string;
}

/** Decides the outcome of a QR scan (no writes). */
async function resolveQr(deps: Deps, eventId: string, qr: string): Promise<Outcome> {
  const parsed = parseTicketQr(qr);
  const base = { card: null, ticket: null } as const;
  if (!parsed) return { ...base, result: 'NOT_FOUND', reason: 'UNKNOWN_CODE', codeRef: 'QR:unreadable' };
  const ticket = await deps.db.ticket.findUnique({ where: { secret: parsed.secret }, select: ticketForScan });
  if (!ticket) {
    const event = await deps.db.event.findUnique({ where: { id: parsed.eventId }, select: { signingPublicKey: true } });
    if (!event) return { ...base, result: 'NOT_FOUND', reason: 'UNKNOWN_CODE', codeRef: 'QR:unknown' };
    const genuine = parsed.verify(new Uint8Array(event.signingPublicKey));
    return { ...base, result: 'INVALID', reason: genuine ? 'REVOKED' : 'BAD_SIGNATURE', codeRef: 'QR:unknown' };
  }
  if (ticket.eventId !== parsed.eventId || !parsed.verify(new Uint8Array(ticket.event.signingPublicKey))) {
    return { ...base, result: 'INVALID', reason: 'BAD_SIGNATURE', codeRef: ticket.reference };
  }
  return decideTicket(eventId, ticket, null);
}

function decideTicket(eventId: string, ticket: ScanTicket, card: Outcome['card']): Outcome {
  const codeRef = card?.uid ?? ticket.reference;
  if (ticket.eventId !== eventId) return { result: 'INVALID', reason: 'WRONG_EVENT', ticket, card, codeRef };
  if (ticket.status !== 'VALID') return { result: 'INVALID', reason: 'VOID', ticket, card, codeRef };
  if (ticket.checkedInAt) return { result: 'ALREADY_SCANNED', reason: null, ticket, card, codeRef };
  return { result: 'VALID', reason: null, ticket, card, codeRef };
}

/** Decides the outcome of an NFC card scan (no writes). */
async function resolveCard(deps: Deps, eventId: string, uid: string): Promise<Outcome> {
  const card = await deps.db.nfcCard.findUnique({
    where: { uid },
    select: { id: true, uid: true, status: true, customerId: true, customer: { select: holderSelect } },
  });
  if (!card) return { result: 'NOT_FOUND', reason: 'UNKNOWN_CARD', ticket: null, card: null, codeRef: uid };
  const c = { id: card.id, uid: card.uid };
  const holder = card.customer ?? undefined;
  if (card.status !== 'ACTIVE') {
    return {
      result: 'INVALID',
      reason: card.status === 'LOST' ? 'CARD_LOST' : 'CARD_BLOCKED',
      ticket: null,
      card: c,
      holder,
      codeRef: uid,
    };
  }
  if (!card.customerId) return { result: 'INVALID', reason: 'CARD_UNASSIGNED', ticket: null, card: c, codeRef: uid };
  // The holder's tickets for this event: a valid one not yet admitted first.
  const tickets = await deps.db.ticket.findMany({
    where: { holderId: card.customerId, eventId },
    select: ticketForScan,
    orderBy: [{ createdAt: 'asc' }],
  });
  const pick =
    tickets.find((t) => t.status === 'VALID' && !t.checkedInAt) ??
    tickets.find((t) => t.status === 'VALID') ??
    tickets[0];
  if (!pick) return { result: 'INVALID', reason: 'NO_TICKET', ticket: null, card: c, holder, codeRef: uid };
  return decideTicket(eventId, pick, c);
}

/**
 * `POST /api/usher/scan/result/`: scans, records the check-in, and queues `gate.counts` and
 * `scan.recorded` for the event's gate room (published after commit).
 * Errors: BAD_REQUEST for a gate of another venue or a scan time too far in the future.
 */
export async function recordScan(deps: Deps, usher: UsherActor, input: ScanInput): Promise<TScanResult> {
  const now = deps.clock.now();
  const scannedAt = input.scannedAt ?? now;
  if (scannedAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw new AppError('VALIDATION_FAILED', 'The scan time is in the future.', { scannedAt: ['In the future'] });
  }
  // One read gives the scanning switch, the venue's gates (to check `gateId`) and what the
  // gate counts need after commit.
  const event = await loadGateEvent(deps, usher.eventId);
  const gateId = input.gateId ?? usher.gateId;
  let gateName: string | null = null;
  if (gateId) {
    const gate = event.venue.gates.find((g) => g.id === gateId);
    if (!gate) {
      throw new AppError('VALIDATION_FAILED', 'This gate is not at the event’s venue.', { gateId: ['Unknown gate'] });
    }
    gateName = gate.name;
  }

  let outcome =
    input.qr !== undefined
      ? await resolveQr(deps, usher.eventId, input.qr)
      : await resolveCard(deps, usher.eventId, input.cardUid!);
  if (!event.scanningEnabled && outcome.result === 'VALID')
    outcome = { ...outcome, result: 'INVALID', reason: 'SCANNING_DISABLED' };

  const attendee = attendeeOf(outcome.ticket, outcome.card, outcome.holder);
  const method = input.method ?? (input.qr !== undefined ? 'QR' : 'NFC');
  const { checkIn, result, firstCheckedInAt } = await deps.db.$transaction(async (tx) => {
    let result = outcome.result;
    let firstCheckedInAt = outcome.ticket?.checkedInAt ?? null;
    if (result === 'VALID' && outcome.ticket) {
      const admitted = await tx.ticket.updateMany({
        where: { id: outcome.ticket.id, checkedInAt: null, status: 'VALID' },
        data: { checkedInAt: scannedAt },
      });
      if (admitted.count === 0) {
        // Another gate admitted it between our read and this write: first admission wins.
        result = 'ALREADY_SCANNED';
        firstCheckedInAt =
          (await tx.ticket.findUnique({ where: { id: outcome.ticket.id }, select: { checkedInAt: true } }))
            ?.checkedInAt ?? null;
      } else {
        firstCheckedInAt = scannedAt;
      }
    }
    const checkIn = await tx.checkIn.create({
      data: {
        eventId: usher.eventId,
        usherId: usher.id,
        gateId,
        ticketId: outcome.ticket?.id ?? null,
        cardId: outcome.card?.id ?? null,
        method,
        result,
        reason: outcome.reason,
        codeRef: outcome.codeRef,
        attendeeName: attendee?.name ?? null,
        deviceId: input.deviceId ?? null,
        scannedAt,
        recordedAt: now,
      },
      select: { id: true },
    });
    return { checkIn, result, firstCheckedInAt };
  });

  const counts = await gateCounts(deps, usher.eventId, event);
  const at = now.toISOString();
  deps.realtime.push(
    {
      room: rooms.gates(usher.eventId),
      event: 'gate.counts',
      payload: { ...counts, gate: gateName, at },
    },
    {
      room: rooms.gates(usher.eventId),
      event: 'scan.recorded',
      payload: {
        eventId: usher.eventId,
        checkInId: checkIn.id,
        result,
        gateName,
        attendeeName: attendee?.name ?? null,
        at,
      },
    },
  );
  return {
    checkInId: checkIn.id,
    result,
    reason: outcome.reason,
    message:
      outcome.reason && result !== 'VALID' ? (REASON_MESSAGES[outcome.reason] ?? MESSAGES[result]) : MESSAGES[result],
    attendee,
    firstCheckedInAt: result === 'ALREADY_SCANNED' ? firstCheckedInAt : result === 'VALID' ? firstCheckedInAt : null,
    scannedAt,
  };
}

/**
 * Looks a card up without recording anything (`POST /api/usher/scan/verify-card/`,
 * `GET /api/usher/scan/card/{cardId}/`): what a scan would answer now.
 */
export async function inspectCard(deps: Deps, usher: UsherActor, uid: string) {
  const o = await resolveCard(deps, usher.eventId, uid);
  return {
    cardUid: uid,
    found: o.result !== 'NOT_FOUND',
    wouldBe: o.result,
    reason: o.reason,
    message: o.reason ? (REASON_MESSAGES[o.reason] ?? MESSAGES[o.result]) : MESSAGES[o.result],
    attendee: attendeeOf(o.ticket, o.card, o.holder),
  };
}

const gateEventSelect = {
  capacity: true,
  venueId: true,
  scanningEnabled: true,
  venue: { select: { gates: { select: { id: true, name: true }, orderBy: { name: 'asc' } } } },
} satisfies Prisma.EventSelect;
type GateEvent = Prisma.EventGetPayload<{ select: typeof gateEventSelect }>;

const loadGateEvent = (deps: Pick<Deps, 'db'>, eventId: string) =>
  deps.db.event.findUniqueOrThrow({ where: { id: eventId }, select: gateEventSelect });

/** Admitted per gate (every gate of the venue, zero included) and in total. */
export async function gateCounts(
  deps: Pick<Deps, 'db'>,
  eventId: string,
  preloaded?: GateEvent,
): Promise<Omit<TGateCounts, 'at'>> {
  const event = preloaded ?? (await loadGateEvent(deps, eventId));
  const groups = await deps.db.checkIn.groupBy({
    by: ['gateId'],
    where: { eventId, result: 'VALID' },
    _count: { _all: true },
  });
  const byGate = new Map(groups.map((g) => [g.gateId, g._count._all]));
  const gates: TGateCounts['gates'] = event.venue.gates.map((g) => ({
    gateId: g.id,
    gateName: g.name,
    admitted: byGate.get(g.id) ?? 0,
  }));
  const noGate = byGate.get(null);
  if (noGate) gates.push({ gateId: null, gateName: 'No gate', admitted: noGate });
  const admitted = groups.reduce((n, g) => n + g._count._all, 0);
  return { eventId, gates, admitted, inside: admitted, capacity: event.capacity };
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

/** `GET /api/usher/events/{id}/status/`: is the event on now, and is scanning enabled. */
export async function eventStatus(deps: Deps, usherId: string, eventId: string) {
  const e = await getAssignedEvent(deps, usherId, eventId);
  const now = deps.clock.now();
  const active = e.startsAt.getTime() - 6 * 3600_000 <= now.getTime() && now <= e.endsAt;
  const counts = await gateCounts(deps, eventId);
  return {
    eventId,
    active,
    scanningEnabled: e.scanningEnabled,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    admitted: counts.admitted,
    capacity: counts.capacity,
    at: now,
  };
}
