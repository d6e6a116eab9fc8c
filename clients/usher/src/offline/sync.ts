/**
 * Keeping the gate device's cache current and its offline scans delivered (issue 6; seed 003
 * Plan 5 Phase 4, Plan 6 Phase 6; ADR 0014).
 *
 * One sync cycle = upload, then download, never two at once:
 *  1. upload: the queue goes to `usher.sync.logs` in batches of ≤ 200, oldest first. A scan
 *     leaves the queue only when the server's answer names its nonce (APPLIED or DUPLICATE);
 *     anything else (no answer, 5xx after retries, 4xx) leaves it queued for the next cycle.
 *     The server applies a nonce once, so re-sending after a lost answer is harmless.
 *  2. download: attendees (a full snapshot when there is none or the last is > 24 h old, else
 *     the delta `since` the server time of the previous download, paged by cursor), cards,
 *     revocations and the scanning switch (`usher.sync.status`).
 * Uploading first means a download never returns a ticket state older than an admission this
 * device has already had acknowledged. Cycles run when the app starts, every 60 s while online,
 * when the browser comes back online, when the live feed reconnects and after each offline scan.
 */
import type {
  TCheckInResult,
  TScanInput,
  TScanResult,
  TSyncAttendees,
  TSyncCards,
  TSyncRevocations,
  TSyncStatus,
  TSyncUploadInput,
  TSyncUploadResult,
} from '@admit/shared';
import { CACHE_TTL_MS, type GateStore, type QueuedScan, type SyncRecord } from './db.ts';
import { type RetryOptions, withRetry } from './retry.ts';
import { applyScan } from './verify.ts';

/** The server procedures the device uses (usher.sync.*, usher.scan.result). */
export interface GateApi {
  attendees(input: { since?: Date; cursor?: string; limit?: number }, signal: AbortSignal): Promise<TSyncAttendees>;
  cards(input: { since?: Date }, signal: AbortSignal): Promise<TSyncCards>;
  revocations(input: { since?: Date }, signal: AbortSignal): Promise<TSyncRevocations>;
  upload(input: TSyncUploadInput, signal: AbortSignal): Promise<TSyncUploadResult>;
  status(input: { deviceId?: string }, signal: AbortSignal): Promise<TSyncStatus>;
  scan(input: TScanInput, signal: AbortSignal): Promise<TScanResult>;
}

/** At most this many scans per upload (the server takes 500; smaller batches answer sooner). */
export const UPLOAD_BATCH = 200;
/** Attendees per download page. */
export const ATTENDEE_PAGE = 2000;
export const SYNC_INTERVAL_MS = 60_000;

/** Two devices admitted one ticket offline: shown as an alert banner until dismissed. */
export interface ConflictAlert {
  /** the flagged (later) check-in */
  checkInId: string;
  ticketReference: string | null;
  attendeeName: string | null;
  at: Date;
  /** how the device learnt of it: the live feed, its own upload's answer, or both */
  sources: ('live' | 'upload')[];
}

export interface GateSyncStatus {
  /** the device holds the event's key and a download: it can decide scans offline */
  ready: boolean;
  syncing: boolean;
  /** queued scans (all ushers of this device) */
  pending: number;
  attendees: number;
  cards: number;
  revocations: number;
  /** device time of the last complete download */
  lastSyncAt: Date | null;
  lastUploadAt: Date | null;
  lastError: string | null;
  /** no download in the last 24 h: offline answers are unverified */
  stale: boolean;
  scanningEnabled: boolean;
  conflicts: ConflictAlert[];
}

export interface GateSyncOptions {
  deviceId: string;
  usherId: string;
  now?: () => Date;
  retry?: Pick<RetryOptions, 'retries' | 'baseMs' | 'sleep' | 'timeoutMs'>;
}

function errorText(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return 'The server could not be reached.';
}

export class GateSync {
  private readonly now: () => Date;
  private running: Promise<void> | null = null;
  private again = false;
  private listeners = new Set<() => void>();
  private snapshot: GateSyncStatus;
  private conflicts: ConflictAlert[] = [];

  constructor(
    readonly store: GateStore,
    readonly api: GateApi,
    readonly opts: GateSyncOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
    this.snapshot = {
      ready: false,
      syncing: false,
      pending: 0,
      attendees: 0,
      cards: 0,
      revocations: 0,
      lastSyncAt: null,
      lastUploadAt: null,
      lastError: null,
      stale: true,
      scanningEnabled: true,
      conflicts: [],
    };
  }

  // ───────── status for the UI (useSyncExternalStore) ─────────

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getStatus = (): GateSyncStatus => this.snapshot;

  /** Re-reads counts and sync times from the store and notifies the UI. */
  async refreshStatus(patch: Partial<GateSyncStatus> = {}): Promise<GateSyncStatus> {
    const [sync, keys, pending, attendees, cards, revocations] = await Promise.all([
      this.store.syncState(),
      this.store.keys(),
      this.store.countQueued(),
      this.store.countAttendees(),
      this.store.countCards(),
      this.store.countRevocations(),
    ]);
    this.snapshot = {
      ...this.snapshot,
      ready: !!keys && sync.fetchedAt !== null,
      pending,
      attendees,
      cards,
      revocations,
      lastSyncAt: sync.fetchedAt,
      lastUploadAt: sync.lastUploadAt,
      lastError: sync.lastError,
      stale: isStale(sync, this.now()),
      scanningEnabled: sync.scanningEnabled,
      conflicts: this.conflicts,
      ...patch,
    };
    this.publish({});
    return this.snapshot;
  }

  // ───────── conflicts ─────────

  /** Adds (or merges, by check-in id) a conflict alert. */
  addConflict(c: Omit<ConflictAlert, 'sources'> & { source: 'live' | 'upload' }): void {
    const old = this.conflicts.find((x) => x.checkInId === c.checkInId);
    if (old) {
      this.conflicts = this.conflicts.map((x) =>
        x === old
          ? {
              ...x,
              ticketReference: x.ticketReference ?? c.ticketReference,
              attendeeName: x.attendeeName ?? c.attendeeName,
              sources: x.sources.includes(c.source) ? x.sources : [...x.sources, c.source],
            }
          : x,
      );
    } else {
      const { source, ...rest } = c;
      this.conflicts = [{ ...rest, sources: [source] }, ...this.conflicts].slice(0, 20);
    }
    this.publish({ conflicts: this.conflicts });
  }
  dismissConflict(checkInId: string): void {
    this.conflicts = this.conflicts.filter((c) => c.checkInId !== checkInId);
    this.publish({ conflicts: this.conflicts });
  }

  private publish(patch: Partial<GateSyncStatus>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const fn of this.listeners) fn();
  }

  /** The scanning switch changed (live `event.status`, or an online answer). */
  async setScanningEnabled(on: boolean): Promise<void> {
    await this.store.updateSync({ scanningEnabled: on });
    await this.refreshStatus();
  }

  // ───────── cycles ─────────

  /**
   * Runs one cycle (upload, then download), or joins the running one and runs once more
   * after it. Never throws: failures end up in `status.lastError`.
   */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.cycle();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Uploads the queue only (after an offline scan while the network seems back). */
  uploadSoon(): Promise<void> {
    return this.sync();
  }

  private async cycle(): Promise<void> {
    await this.refreshStatus({ syncing: true });
    try {
      await this.upload();
      await this.download();
      await this.store.updateSync({ lastError: null });
    } catch (err) {
      await this.store.updateSync({ lastError: errorText(err) });
    } finally {
      await this.refreshStatus({ syncing: false });
    }
  }

  /**
   * Sends the queue in batches of ≤ UPLOAD_BATCH; removes a scan only when the answer names
   * its nonce. Returns how many scans the server acknowledged. Throws when a batch fails
   * (the rest stays queued).
   */
  async upload(): Promise<{ acknowledged: number; conflicts: number }> {
    let acknowledged = 0;
    let conflicts = 0;
    for (;;) {
      const batch = await this.store.queued(this.opts.usherId, UPLOAD_BATCH);
      if (batch.length === 0) break;
      await this.store.markAttempt(batch.map((q) => q.nonce));
      const answer = await withRetry(
        (signal) =>
          this.api.upload(
            {
              deviceId: this.opts.deviceId,
              scans: batch.map((q) => ({
                nonce: q.nonce,
                code: q.code,
                method: q.method,
                direction: q.direction,
                scannedAt: q.scannedAt,
                offlineResult: q.offlineResult,
              })),
            },
            signal,
          ),
        this.opts.retry,
      );
      const byNonce = new Map(batch.map((q) => [q.nonce, q]));
      const done: string[] = [];
      for (const r of answer.results) {
        const q = byNonce.get(r.nonce);
        if (!q) continue;
        await this.acknowledge(q, r.status, r.result, r.checkInId, r.conflict);
        if (r.conflict) conflicts++;
        done.push(r.nonce);
      }
      await this.store.removeQueued(done);
      acknowledged += done.length;
      await this.store.updateSync({ lastUploadAt: this.now() });
      await this.refreshStatus();
      // scans the answer did not name stay queued for the next cycle (never loop on them)
      if (done.length < batch.length) throw new Error('The server did not acknowledge every uploaded scan.');
      if (batch.length < UPLOAD_BATCH) break;
    }
    return { acknowledged, conflicts };
  }

  /** The server stored scan `q`: keep its effect on the ticket until the next download shows it. */
  private async acknowledge(
    q: QueuedScan,
    status: 'APPLIED' | 'DUPLICATE',
    result: TCheckInResult,
    checkInId: string,
    conflict: boolean,
  ): Promise<void> {
    if (result === 'VALID' && q.ticketKey && !q.ticketKey.startsWith('secret:')) {
      const a = await this.store.attendee(q.ticketKey);
      if (a) await this.store.touchAttendee(a.ticketId, applyScan(a, q.direction, q.scannedAt), this.now());
    }
    await this.store.updateLog(q.nonce, { status, serverResult: result, checkInId, conflict });
    if (conflict) {
      const log = await this.store.log(q.nonce);
      const a = q.ticketKey && !q.ticketKey.startsWith('secret:') ? await this.store.attendee(q.ticketKey) : undefined;
      this.addConflict({
        checkInId,
        ticketReference: a?.reference ?? log?.codeRef ?? null,
        attendeeName: a?.attendeeName ?? log?.attendeeName ?? null,
        at: this.now(),
        source: 'upload',
      });
    }
  }

  /** Downloads attendees (full or delta, all pages), cards, revocations and the scanning switch. */
  async download(): Promise<{ full: boolean; attendees: number }> {
    const startedAt = this.now();
    const sync = await this.store.syncState();
    const fullDue = !sync.attendeesSince || !sync.fullAt || startedAt.getTime() - sync.fullAt.getTime() > CACHE_TTL_MS;
    const since = fullDue ? undefined : (sync.attendeesSince ?? undefined);
    const retry = this.opts.retry;

    let cursor: string | undefined;
    let serverTime: Date | null = null;
    let full = false;
    let count = 0;
    const seen = new Set<string>();
    do {
      const page = await withRetry(
        (signal) =>
          this.api.attendees(
            { ...(since ? { since } : {}), ...(cursor ? { cursor } : {}), limit: ATTENDEE_PAGE },
            signal,
          ),
        retry,
      );
      if (serverTime === null) {
        serverTime = page.serverTime;
        full = page.full;
        await this.store.saveKeys({ eventId: page.eventId, publicKey: page.publicKey, checkInList: page.checkInList });
      }
      await this.store.putAttendees(page.attendees, startedAt);
      if (full) for (const a of page.attendees) seen.add(a.ticketId);
      count += page.attendees.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    if (full) await this.store.pruneAttendees(seen);

    const cardsSince = fullDue ? undefined : (sync.cardsSince ?? undefined);
    const cards = await withRetry((signal) => this.api.cards(cardsSince ? { since: cardsSince } : {}, signal), retry);
    await this.store.putCards(cards.cards);

    const revSince = sync.revocationsSince ?? undefined;
    const revs = await withRetry((signal) => this.api.revocations(revSince ? { since: revSince } : {}, signal), retry);
    await this.store.putRevocations(revs.revocations);

    const status = await withRetry((signal) => this.api.status({ deviceId: this.opts.deviceId }, signal), retry);

    await this.store.updateSync({
      attendeesSince: serverTime,
      cardsSince: cards.serverTime,
      revocationsSince: revs.serverTime,
      fetchedAt: this.now(),
      fullAt: full ? this.now() : sync.fullAt,
      scanningEnabled: status.scanningEnabled,
    });
    return { full, attendees: count };
  }
}

/** The cache is stale when it was never downloaded or the last download is over 24 h old. */
export function isStale(sync: SyncRecord, now: Date): boolean {
  return !sync.fetchedAt || now.getTime() - sync.fetchedAt.getTime() > CACHE_TTL_MS;
}
