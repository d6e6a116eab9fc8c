/**
 * One scan at the gate (issue 6): online the server decides (`usher.scan.result`, with a nonce,
 * 30 s timeout, 3 retries with backoff on no answer / 5xx); with the network gone — the browser
 * says offline, or the retries ran out, or the usher chose not to wait — the device decides from
 * its cache (verify.ts), queues the scan under the same nonce for `usher.sync.logs`, and the
 * gate shows the answer with an "Offline" badge. Reusing the nonce matters: when an online
 * attempt did reach the server but its answer was lost, the later upload is a DUPLICATE, not a
 * second check-in.
 */
import type { TAttendee, TCheckInResult, TScanDirection, TScanInput, TScanMethod, TScanResult } from '@admit/shared';
import type { CachedAttendeeRecord, GateStore } from './db.ts';
import { isRetryable, type RetryOptions, withRetry } from './retry.ts';
import type { GateApi, GateSync } from './sync.ts';
import {
  applyScan,
  base64UrlToBytes,
  decideCard,
  decideQr,
  effectiveState,
  FRESH_TICKET,
  type LocalDecision,
  parseTicketQr,
  sha256Hex,
  type TicketState,
} from './verify.ts';

export interface GateScanRequest {
  /** exactly one of qr / cardUid */
  qr?: string;
  cardUid?: string;
  method: TScanMethod;
}

/** Why the device decided instead of the server. */
export type OfflineCause = 'offline' | 'unreachable' | 'skipped';

/** What the gate shows for a scan, whoever decided it. */
export interface GateAnswer {
  nonce: string;
  source: 'server' | 'device';
  result: TCheckInResult;
  reason: string | null;
  message: string;
  attendee: TAttendee | null;
  firstCheckedInAt: Date | null;
  scannedAt: Date;
  direction: TScanDirection;
  /** device decisions: a genuine ticket bought after the last sync (no name yet) */
  unknownAttendee: boolean;
  /** device decisions with a cache older than 24 h */
  unverified: boolean;
  offlineCause: OfflineCause | null;
}

/** The device has never downloaded this event: it cannot decide offline. */
export class NoOfflineDataError extends Error {
  constructor() {
    super('This device has not downloaded the event yet, so it cannot check tickets offline.');
    this.name = 'NoOfflineDataError';
  }
}

export interface GateContext {
  store: GateStore;
  sync: GateSync;
  api: GateApi;
  deviceId: string;
  usherId: string;
  gateId?: string | undefined;
  isOnline: () => boolean;
  now?: () => Date;
  retry?: Pick<RetryOptions, 'retries' | 'baseMs' | 'sleep' | 'timeoutMs'>;
}

/** A v4 UUID (crypto.randomUUID where available; it needs a secure context). */
export function newNonce(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Scans `req` (see the module comment). `signal` aborting (the usher taps "Decide on this
 * device") stops the online attempts and decides offline. Throws the server's 4xx errors (the
 * scan was refused as a request, e.g. signed out) and NoOfflineDataError.
 */
export async function scanAtGate(
  ctx: GateContext,
  req: GateScanRequest,
  direction: TScanDirection,
  opts: { signal?: AbortSignal; onRetry?: (n: number) => void } = {},
): Promise<GateAnswer> {
  const now = ctx.now ?? (() => new Date());
  const nonce = newNonce();
  const scannedAt = now();
  let cause: OfflineCause = 'offline';
  if (ctx.isOnline()) {
    try {
      const r = await withRetry(
        (signal) =>
          ctx.api.scan(
            {
              ...(req.cardUid ? { cardUid: req.cardUid } : { qr: req.qr }),
              method: req.method,
              direction,
              nonce,
              deviceId: ctx.deviceId,
              scannedAt,
              ...(ctx.gateId ? { gateId: ctx.gateId } : {}),
            },
            signal,
          ),
        { ...ctx.retry, ...(opts.signal ? { signal: opts.signal } : {}), onRetry: (n) => opts.onRetry?.(n) },
      );
      await rememberServerAnswer(ctx, r, nonce, req).catch(() => undefined);
      return {
        nonce,
        source: 'server',
        result: r.result,
        reason: r.reason,
        message: r.message,
        attendee: r.attendee,
        firstCheckedInAt: r.firstCheckedInAt,
        scannedAt: r.scannedAt,
        direction: r.direction,
        unknownAttendee: false,
        unverified: false,
        offlineCause: null,
      };
    } catch (err) {
      if (opts.signal?.aborted) cause = 'skipped';
      else if (isRetryable(err)) cause = 'unreachable';
      else throw err;
    }
  }
  return decideAndQueue(ctx, req, direction, { nonce, scannedAt, cause });
}

/**
 * Online-only scanning, for a browser without IndexedDB: the same request, timeout and retries,
 * but no offline fallback (a failure is thrown and the gate shows "No connection").
 */
export async function scanOnline(
  client: {
    usher: { scan: { result: { mutate: (i: TScanInput, o: { signal: AbortSignal }) => Promise<TScanResult> } } };
  },
  req: GateScanRequest,
  direction: TScanDirection,
  opts: { gateId?: string | undefined; deviceId: string; onRetry?: (n: number) => void },
): Promise<GateAnswer> {
  const nonce = newNonce();
  const r = await withRetry(
    (signal) =>
      client.usher.scan.result.mutate(
        {
          ...(req.cardUid ? { cardUid: req.cardUid } : { qr: req.qr }),
          method: req.method,
          direction,
          nonce,
          deviceId: opts.deviceId,
          ...(opts.gateId ? { gateId: opts.gateId } : {}),
        },
        { signal },
      ),
    { onRetry: (n) => opts.onRetry?.(n) },
  );
  return {
    nonce,
    source: 'server',
    result: r.result,
    reason: r.reason,
    message: r.message,
    attendee: r.attendee,
    firstCheckedInAt: r.firstCheckedInAt,
    scannedAt: r.scannedAt,
    direction: r.direction,
    unknownAttendee: false,
    unverified: false,
    offlineCause: null,
  };
}

/** Keeps what the server said about the ticket so that an offline scan right after knows it. */
async function rememberServerAnswer(ctx: GateContext, r: TScanResult, nonce: string, req: GateScanRequest) {
  const a = r.attendee;
  const cached = a?.ticketReference ? await ctx.store.attendeeByReference(a.ticketReference) : undefined;
  if (cached && a) {
    await ctx.store.touchAttendee(
      cached.ticketId,
      { checkedInAt: r.firstCheckedInAt ?? cached.checkedInAt, inside: a.inside, entries: a.entries },
      (ctx.now ?? (() => new Date()))(),
    );
  }
  if (r.reason === 'SCANNING_DISABLED') await ctx.sync.setScanningEnabled(false);
  else if (r.result === 'VALID' && !ctx.sync.getStatus().scanningEnabled) await ctx.sync.setScanningEnabled(true);
  await ctx.store.addLog({
    nonce,
    scannedAt: r.scannedAt,
    method: req.method,
    direction: r.direction,
    result: r.result,
    reason: r.reason,
    attendeeName: a?.name ?? null,
    codeRef: a?.ticketReference ?? req.cardUid ?? 'QR',
    offline: false,
    unverified: false,
    status: 'ONLINE',
    serverResult: r.result,
    checkInId: r.checkInId,
    conflict: false,
  });
}

/** The device's own decision, queued for upload (the scan happened, whatever the answer). */
export async function decideAndQueue(
  ctx: GateContext,
  req: GateScanRequest,
  direction: TScanDirection,
  at: { nonce: string; scannedAt: Date; cause: OfflineCause },
): Promise<GateAnswer> {
  const { decision, unverified } = await decideOnDevice(ctx.store, req, direction, at.scannedAt);
  const code = req.cardUid ?? req.qr ?? '';
  await ctx.store.enqueue({
    nonce: at.nonce,
    code,
    method: req.method,
    direction,
    scannedAt: at.scannedAt,
    offlineResult: decision.result,
    usherId: ctx.usherId,
    ticketKey: decision.ticketKey,
    queuedAt: at.scannedAt,
    attempts: 0,
  });
  const attendee = displayAttendee(decision, direction, at.scannedAt);
  await ctx.store.addLog({
    nonce: at.nonce,
    scannedAt: at.scannedAt,
    method: req.method,
    direction,
    result: decision.result,
    reason: decision.reason,
    attendeeName: attendee?.name ?? null,
    codeRef: decision.attendee?.reference ?? decision.cardUid ?? (decision.unknownAttendee ? 'QR:new' : 'QR:unknown'),
    offline: true,
    unverified,
    status: 'PENDING',
    serverResult: null,
    checkInId: null,
    conflict: false,
  });
  await ctx.sync.refreshStatus();
  return {
    nonce: at.nonce,
    source: 'device',
    result: decision.result,
    reason: decision.reason,
    message: decision.unknownAttendee && decision.result === 'VALID' ? 'Genuine ticket — admit' : decision.message,
    attendee,
    firstCheckedInAt:
      decision.result === 'VALID' && direction === 'ENTRY'
        ? (decision.firstCheckedInAt ?? at.scannedAt)
        : decision.firstCheckedInAt,
    scannedAt: at.scannedAt,
    direction,
    unknownAttendee: decision.unknownAttendee,
    unverified,
    offlineCause: at.cause,
  };
}

/** Looks the code up in the cache and applies verify.ts's rules. */
export async function decideOnDevice(
  store: GateStore,
  req: GateScanRequest,
  direction: TScanDirection,
  now: Date,
): Promise<{ decision: LocalDecision; unverified: boolean }> {
  const [keys, sync] = await Promise.all([store.keys(), store.syncState()]);
  const publicKey = keys ? base64UrlToBytes(keys.publicKey) : null;
  if (!keys || !publicKey || !sync.fetchedAt) throw new NoOfflineDataError();
  const unverified = now.getTime() - sync.fetchedAt.getTime() > 24 * 3600_000;
  const list = keys.checkInList;
  const stateOf = async (key: string, synced: TicketState | undefined) =>
    effectiveState(synced, await store.pendingFor(key));

  if (req.cardUid) {
    const uid = req.cardUid;
    const [card, byIndex] = await Promise.all([store.card(uid), store.attendeesByCard(uid)]);
    const extra = card
      ? (
          await Promise.all(
            card.ticketIds.filter((id) => !byIndex.some((a) => a.ticketId === id)).map((id) => store.attendee(id)),
          )
        ).filter((a): a is CachedAttendeeRecord => !!a)
      : [];
    const attendees = [...byIndex, ...extra];
    const states = new Map<string, TicketState>();
    for (const a of attendees) states.set(a.ticketId, await stateOf(a.ticketId, a));
    const decision = decideCard({
      uid,
      list,
      direction,
      scanningEnabled: sync.scanningEnabled,
      card,
      attendees,
      stateOf: (id) => states.get(id) ?? FRESH_TICKET,
    });
    return { decision, unverified };
  }

  const parsed = parseTicketQr(req.qr ?? '');
  const secretHash = parsed ? await sha256Hex(parsed.secret) : null;
  const [attendee, revocation] = secretHash
    ? await Promise.all([store.attendeeBySecretHash(secretHash), store.revocation(secretHash)])
    : [undefined, undefined];
  const key = attendee?.ticketId ?? (secretHash ? `secret:${secretHash}` : null);
  const state = key ? await stateOf(key, attendee) : FRESH_TICKET;
  const decision = decideQr({
    eventId: keys.eventId,
    publicKey,
    list,
    direction,
    scanningEnabled: sync.scanningEnabled,
    parsed,
    secretHash,
    attendee,
    revocation,
    state,
  });
  return { decision, unverified };
}

/** The attendee card of a device decision (the same shape as the server's). */
export function displayAttendee(d: LocalDecision, direction: TScanDirection, at: Date): TAttendee | null {
  const a = d.attendee;
  if (!a) {
    if (!d.holderName) return null;
    return {
      name: d.holderName,
      photoUrl: null,
      ticketReference: null,
      cardUid: d.cardUid,
      tier: null,
      categoryName: null,
      emergencyContact: null,
      bloodType: null,
      labels: [],
      dependents: [],
      ticketStatus: null,
      scanStatus: null,
      entries: 0,
      inside: false,
    };
  }
  const before = d.state ?? FRESH_TICKET;
  const after = d.result === 'VALID' ? applyScan(before, direction, at) : before;
  return {
    name: a.attendeeName,
    photoUrl: a.photoUrl,
    ticketReference: a.reference,
    cardUid: d.cardUid ?? a.cardUids[0] ?? null,
    tier: a.tier,
    categoryName: a.categoryName,
    emergencyContact: a.emergencyContact,
    bloodType: a.bloodType,
    labels: a.labels,
    dependents: a.dependents,
    ticketStatus: a.status,
    scanStatus: before.checkedInAt !== null || before.entries > 0 ? 'PREVIOUSLY_SCANNED' : 'NOT_SCANNED',
    entries: after.entries,
    inside: after.inside,
  };
}
