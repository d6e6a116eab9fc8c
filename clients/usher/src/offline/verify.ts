/**
 * Offline ticket verification on the gate device (issue 6; DESIGN.md "Offline check-in";
 * ADR 0014). Pure functions, no IndexedDB and no React: the caller looks the code up in the
 * cache and passes what it found, so every rule here is unit-tested on its own
 * (verify.test.ts).
 *
 * Ticket QR (server/src/modules/tickets/ticket-secret.ts):
 *   A1.<event id: 16 bytes base64url>.<secret>.<signature: 64 bytes base64url>
 * The signed message is everything before the last dot (UTF-8), Ed25519 with the event's key
 * (RFC 8032). `secretHash` = lowercase hex SHA-256 of the UTF-8 secret (the third field).
 *
 * The rules mirror the server's (checkin.service.ts) so that what the device shows at the gate
 * is what the server would have answered with the same data: unreadable code → NOT_FOUND;
 * another event or a forged signature → INVALID; revoked secret or void ticket → INVALID;
 * category not on the check-in list → INVALID NOT_ON_LIST; otherwise the list's entry policy
 * decides between VALID and ALREADY_SCANNED (ENTRY) or VALID and INVALID NOT_INSIDE (EXIT).
 */
import type { TCheckInResult, TEntryPolicy, TScanDirection, TSyncAttendee, TSyncCard } from '@admit/shared';
import { ed25519 } from '@noble/curves/ed25519.js';

export const QR_VERSION = 'A1';

export interface ParsedQr {
  eventId: string;
  secret: string;
  /** the signed part: `A1.<event>.<secret>` */
  message: string;
  signature: Uint8Array;
}

/** base64url (RFC 4648 §5, no padding) → bytes; null when the text is not base64url. */
export function base64UrlToBytes(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The 16-byte base64url event id of a QR as a UUID string; null when malformed. */
export function uuidFromBase64Url(text: string): string | null {
  const bytes = base64UrlToBytes(text);
  if (bytes?.length !== 16) return null;
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Parses QR text with the server's exact shape rules (ticket-secret.ts `parseTicketQr`);
 * null when it is not an Admit ticket code at all. Never throws.
 */
export function parseTicketQr(text: string): ParsedQr | null {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || parts[0] !== QR_VERSION) return null;
  const [, eventB64, secret, sigB64] = parts as [string, string, string, string];
  if (
    !/^[A-Za-z0-9_-]{22}$/.test(eventB64) ||
    !/^[a-z2-7]{16,64}$/.test(secret) ||
    !/^[A-Za-z0-9_-]{86}$/.test(sigB64)
  ) {
    return null;
  }
  const eventId = uuidFromBase64Url(eventB64);
  const signature = base64UrlToBytes(sigB64);
  if (!eventId || !signature || signature.length !== 64) return null;
  return { eventId, secret, message: `${QR_VERSION}.${eventB64}.${secret}`, signature };
}

/**
 * Ed25519 verification of a parsed QR under the event's 32-byte public key (RFC 8032, strict:
 * ZIP-215 encodings refused, as OpenSSL on the server does). False for any malformed input.
 */
export function verifyQrSignature(qr: ParsedQr, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(qr.signature, new TextEncoder().encode(qr.message), publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** Lowercase hex SHA-256 of the UTF-8 text (crypto.subtle: needs a secure context, as a PWA has). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return hex(new Uint8Array(digest));
}

// ───────────── entry policy ─────────────

/** What the gate knows of a ticket's admissions. */
export interface TicketState {
  checkedInAt: Date | null;
  inside: boolean;
  entries: number;
}

export const FRESH_TICKET: TicketState = { checkedInAt: null, inside: false, entries: 0 };

/**
 * The check-in list's rule for one scan (ADR 0014; pretix's check-in list options):
 * ENTRY — SINGLE admits only a ticket never admitted; MULTIPLE always; REENTRY_AFTER_EXIT when
 * not inside. EXIT — allowed when inside, else INVALID NOT_INSIDE.
 */
export function admission(
  state: TicketState,
  policy: TEntryPolicy,
  direction: TScanDirection,
): { result: TCheckInResult; reason: string | null } {
  if (direction === 'EXIT') return state.inside ? ok : { result: 'INVALID', reason: 'NOT_INSIDE' };
  switch (policy) {
    case 'MULTIPLE':
      return ok;
    case 'REENTRY_AFTER_EXIT':
      return state.inside ? { result: 'ALREADY_SCANNED', reason: 'ALREADY_INSIDE' } : ok;
    default:
      return state.entries > 0 || state.checkedInAt !== null ? again : ok;
  }
}
const ok = { result: 'VALID', reason: null } as const;
const again = { result: 'ALREADY_SCANNED', reason: null } as const;

/** The ticket's state after an accepted (VALID) scan at `at`. */
export function applyScan(state: TicketState, direction: TScanDirection, at: Date): TicketState {
  if (direction === 'EXIT') return { ...state, inside: false };
  return { checkedInAt: state.checkedInAt ?? at, inside: true, entries: state.entries + 1 };
}

/** A scan the device made itself and the server has not confirmed yet. */
export interface PendingEffect {
  direction: TScanDirection;
  scannedAt: Date;
  offlineResult: TCheckInResult;
}

/**
 * The ticket's state as this device must assume it: the last synced state plus this device's
 * own accepted scans that the server has not confirmed yet (in scan order).
 */
export function effectiveState(synced: TicketState | undefined, pending: PendingEffect[]): TicketState {
  let s = synced ? { checkedInAt: synced.checkedInAt, inside: synced.inside, entries: synced.entries } : FRESH_TICKET;
  const accepted = pending
    .filter((p) => p.offlineResult === 'VALID')
    .sort((a, b) => a.scannedAt.getTime() - b.scannedAt.getTime());
  for (const p of accepted) s = applyScan(s, p.direction, p.scannedAt);
  return s;
}

// ───────────── decisions ─────────────

/** The synced check-in list this device checks against. */
export interface ListRule {
  entryPolicy: TEntryPolicy;
  /** empty = every category */
  ticketCategoryIds: string[];
}

export type CachedAttendee = TSyncAttendee;
export type CachedCard = TSyncCard;

export interface LocalDecision {
  result: TCheckInResult;
  reason: string | null;
  message: string;
  /** the ticket the decision is about (null: unknown code, card without ticket) */
  ticketId: string | null;
  /** the key pending scans of this ticket are filed under: ticket id, else `secret:<hash>` */
  ticketKey: string | null;
  attendee: CachedAttendee | null;
  /** NFC scans: the card read */
  cardUid: string | null;
  /** the card holder's name when no ticket could be shown */
  holderName: string | null;
  /** a genuine ticket bought after the last sync: admitted on its signature alone */
  unknownAttendee: boolean;
  /** the first admission the device knows of (ALREADY_SCANNED shows it) */
  firstCheckedInAt: Date | null;
  /** the ticket's state before this scan (null: no ticket) */
  state: TicketState | null;
}

export const REASON_MESSAGES: Record<string, string> = {
  WRONG_EVENT: 'This ticket is for another event.',
  VOID: 'This ticket has been voided.',
  REFUNDED: 'This ticket was refunded.',
  BAD_SIGNATURE: 'This code is not a genuine ticket.',
  REVOKED: 'This code was replaced (ticket transferred or re-issued).',
  CARD_BLOCKED: 'This card is blocked.',
  CARD_LOST: 'This card was reported lost.',
  CARD_UNASSIGNED: 'This card is not assigned to anyone.',
  NO_TICKET: 'The card holder has no ticket for this event.',
  UNKNOWN_CODE: 'This code is not an Admit ticket.',
  UNKNOWN_CARD: 'No card with this UID.',
  SCANNING_DISABLED: 'Scanning is paused for this event.',
  NOT_ON_LIST: 'This ticket is not valid at this entrance.',
  NOT_INSIDE: 'This ticket is not inside: scan it on entry first.',
  ALREADY_INSIDE: 'Already inside: scan an exit before re-entering.',
};

/**
 * What a revocation's reason means at the gate (the server's `revocationReason`, scan-core.ts):
 * refunded or cancelled → REFUNDED, voided → VOID, transferred / re-issued → REVOKED.
 */
export function revocationReason(reason: string): string {
  if (reason === 'REFUNDED' || reason === 'EVENT_CANCELLED') return 'REFUNDED';
  if (reason === 'VOIDED') return 'VOID';
  return 'REVOKED';
}
const RESULT_MESSAGES: Record<TCheckInResult, string> = {
  VALID: 'Valid — admit',
  ALREADY_SCANNED: 'Already scanned',
  INVALID: 'Invalid ticket',
  NOT_FOUND: 'Not found',
};

/** The message the usher reads for a result and reason. */
export function messageFor(result: TCheckInResult, reason: string | null): string {
  if (reason && result !== 'VALID') return REASON_MESSAGES[reason] ?? RESULT_MESSAGES[result];
  return RESULT_MESSAGES[result];
}

function decision(
  result: TCheckInResult,
  reason: string | null,
  rest: Partial<Omit<LocalDecision, 'result' | 'reason' | 'message'>> = {},
): LocalDecision {
  return {
    result,
    reason,
    message: messageFor(result, reason),
    ticketId: null,
    ticketKey: null,
    attendee: null,
    cardUid: null,
    holderName: null,
    unknownAttendee: false,
    firstCheckedInAt: null,
    state: null,
    ...rest,
  };
}

/**
 * The rules for a known ticket (QR or card), in the server's order: status, revocation of its
 * secret, list, scanning switch, entry policy.
 */
function decideTicket(
  a: CachedAttendee,
  state: TicketState,
  ctx: {
    list: ListRule;
    direction: TScanDirection;
    scanningEnabled: boolean;
    cardUid: string | null;
    revocation?: { reason: string } | undefined;
  },
): LocalDecision {
  const base = {
    ticketId: a.ticketId,
    ticketKey: a.ticketId,
    attendee: a,
    cardUid: ctx.cardUid,
    firstCheckedInAt: state.checkedInAt,
    state,
  };
  if (a.status !== 'VALID') return decision('INVALID', a.status === 'REFUNDED' ? 'REFUNDED' : 'VOID', base);
  if (ctx.revocation) return decision('INVALID', revocationReason(ctx.revocation.reason), base);
  if (ctx.list.ticketCategoryIds.length > 0 && !ctx.list.ticketCategoryIds.includes(a.categoryId)) {
    return decision('INVALID', 'NOT_ON_LIST', base);
  }
  const rule = admission(state, ctx.list.entryPolicy, ctx.direction);
  if (rule.result === 'VALID' && !ctx.scanningEnabled) return decision('INVALID', 'SCANNING_DISABLED', base);
  return decision(rule.result, rule.reason, base);
}

export interface QrLookup {
  /** the session's event */
  eventId: string;
  /** the event's Ed25519 public key (32 bytes) */
  publicKey: Uint8Array;
  list: ListRule;
  direction: TScanDirection;
  scanningEnabled: boolean;
  parsed: ParsedQr | null;
  /** sha256Hex(parsed.secret) */
  secretHash: string | null;
  /** the cached attendee whose secretHash matches */
  attendee: CachedAttendee | undefined;
  /** a revocation of this secret */
  revocation: { reason: string } | undefined;
  /** effectiveState() of the ticket (or of the secret, for a ticket not in the cache) */
  state: TicketState;
}

/** The device's answer to a QR scan (see the module comment for the order of the rules). */
export function decideQr(q: QrLookup): LocalDecision {
  if (!q.parsed) return decision('NOT_FOUND', 'UNKNOWN_CODE');
  if (q.parsed.eventId !== q.eventId) return decision('INVALID', 'WRONG_EVENT');
  if (!verifyQrSignature(q.parsed, q.publicKey)) return decision('INVALID', 'BAD_SIGNATURE');
  if (!q.attendee) {
    if (q.revocation) return decision('INVALID', revocationReason(q.revocation.reason));
    // genuine (signed with the event's key) but newer than the last sync: no name, no category
    const rule = admission(q.state, q.list.entryPolicy, q.direction);
    const rest = {
      ticketKey: q.secretHash ? `secret:${q.secretHash}` : null,
      unknownAttendee: true,
      firstCheckedInAt: q.state.checkedInAt,
      state: q.state,
    };
    if (rule.result === 'VALID' && !q.scanningEnabled) return decision('INVALID', 'SCANNING_DISABLED', rest);
    return decision(rule.result, rule.reason, rest);
  }
  return decideTicket(q.attendee, q.state, {
    list: q.list,
    direction: q.direction,
    scanningEnabled: q.scanningEnabled,
    cardUid: null,
    revocation: q.revocation,
  });
}

export interface CardLookup {
  uid: string;
  list: ListRule;
  direction: TScanDirection;
  scanningEnabled: boolean;
  card: CachedCard | undefined;
  /** cached attendees whose cardUids include the UID, or whose ticketId the card lists */
  attendees: CachedAttendee[];
  /** effectiveState() per ticket id */
  stateOf: (ticketId: string) => TicketState;
}

/**
 * The device's answer to an NFC card: unknown card → NOT_FOUND; blocked/lost → INVALID; no
 * ticket for this event → INVALID NO_TICKET; else the holder's ticket that this scan can admit
 * (or let out), falling back to the first valid one, decided like a QR.
 */
export function decideCard(c: CardLookup): LocalDecision {
  const holderName = c.card?.holderName ?? c.attendees[0]?.attendeeName ?? null;
  if (!c.card && c.attendees.length === 0) return decision('NOT_FOUND', 'UNKNOWN_CARD', { cardUid: c.uid });
  if (c.card && c.card.status !== 'ACTIVE') {
    return decision('INVALID', c.card.status === 'LOST' ? 'CARD_LOST' : 'CARD_BLOCKED', {
      cardUid: c.uid,
      holderName,
    });
  }
  if (c.attendees.length === 0) return decision('INVALID', 'NO_TICKET', { cardUid: c.uid, holderName });
  const ctx = { list: c.list, direction: c.direction, scanningEnabled: c.scanningEnabled, cardUid: c.uid };
  const pick = pickCardTicket(
    c.attendees.map((a) => ({ a, ...c.stateOf(a.ticketId), status: a.status })),
    c.direction,
  )!;
  return { ...decideTicket(pick.a, c.stateOf(pick.a.ticketId), ctx), holderName };
}

/**
 * Which of a card holder's tickets a scan is about (the server's `pickCardTicket`, scan-core.ts):
 * ENTRY — a valid one never admitted, else one not inside, else any valid, else the first;
 * EXIT — a valid one inside, else any valid, else the first.
 */
export function pickCardTicket<T extends { status: string; checkedInAt: Date | null; inside: boolean }>(
  tickets: T[],
  direction: TScanDirection,
): T | undefined {
  const valid = tickets.filter((t) => t.status === 'VALID');
  if (direction === 'EXIT') return valid.find((t) => t.inside) ?? valid[0] ?? tickets[0];
  return valid.find((t) => !t.checkedInAt) ?? valid.find((t) => !t.inside) ?? valid[0] ?? tickets[0];
}

/** `true` when `text` is a card UID (4, 7 or 10 bytes hex, optional `:`), as the server reads it. */
export function isCardUid(text: string): boolean {
  return /^(?:[0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20})$/.test(
    text
      .trim()
      .replace(/[:\s-]/g, '')
      .toUpperCase(),
  );
}
