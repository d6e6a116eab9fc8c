/**
 * The gate device's offline cache in IndexedDB (`idb`), one database per event:
 *   meta         session (usher + event, for opening the app offline), keys (public key and
 *                check-in list), sync (the `since` marks and times of the last sync)
 *   attendees    TSyncAttendee by ticketId; indexes secretHash, reference, cardUid (multiEntry)
 *   cards        TSyncCard by uid
 *   revocations  TSyncRevocation by secretHash
 *   queue        scans decided on the device and not yet acknowledged by the server, by nonce
 *   scanlog      this device's own scans (online and offline) for the log screen, by nonce
 *
 * The cache is valid for 24 h after the last successful sync (seed 003 Plan 5 Phase 4 "24-hour
 * cache expiration"); past that the app still scans but marks every offline answer unverified.
 * Personal data stays on the device only while the usher is signed in: signing out deletes
 * attendees, cards and the session, keeping only scans that still have to be uploaded.
 */
import type {
  TCheckInResult,
  TScanDirection,
  TScanMethod,
  TSyncAttendee,
  TSyncCard,
  TSyncCheckInList,
  TSyncRevocation,
  TUsherEvent,
} from '@admit/shared';
import { type DBSchema, deleteDB, type IDBPDatabase, openDB } from 'idb';

export const CACHE_TTL_MS = 24 * 3600_000;

/** The signed-in usher and event, kept so the app can open with the network gone. */
export interface SessionRecord {
  usher: { id: string; username: string | null; firstName: string; role: 'USHER'; eventId: string };
  /** usher.events.get as last seen online */
  event: TUsherEvent;
  savedAt: Date;
}

export interface KeysRecord {
  eventId: string;
  /** base64url, 32 bytes */
  publicKey: string;
  checkInList: TSyncCheckInList;
}

export interface SyncRecord {
  /** server times to send as `since` next time (null: full download next) */
  attendeesSince: Date | null;
  cardsSince: Date | null;
  revocationsSince: Date | null;
  /** device time of the last complete download (attendees, cards and revocations) */
  fetchedAt: Date | null;
  /** device time of the last full snapshot of attendees (a full one is taken every 24 h) */
  fullAt: Date | null;
  /** device time of the last upload the server acknowledged */
  lastUploadAt: Date | null;
  /** the last sync error, shown to the usher (null after a success) */
  lastError: string | null;
  /** scanning switch as last seen (usher.sync.status / events.status / socket event.status) */
  scanningEnabled: boolean;
}

/** A scan decided on the device, waiting for `usher.sync.logs` to acknowledge its nonce. */
export interface QueuedScan {
  nonce: string;
  code: string;
  method: TScanMethod;
  direction: TScanDirection;
  scannedAt: Date;
  offlineResult: TCheckInResult;
  /** whose scan it is: uploaded only in this usher's session */
  usherId: string;
  /** ticket id, or `secret:<hash>` for a ticket not in the cache; null: no ticket */
  ticketKey: string | null;
  queuedAt: Date;
  attempts: number;
}

export type LocalLogStatus = 'ONLINE' | 'PENDING' | 'APPLIED' | 'DUPLICATE';

/** One scan of this device, for the "This device" log (most recent LOG_KEEP kept). */
export interface LocalScanLog {
  nonce: string;
  scannedAt: Date;
  method: TScanMethod;
  direction: TScanDirection;
  /** what the gate showed */
  result: TCheckInResult;
  reason: string | null;
  attendeeName: string | null;
  /** ticket reference or card UID, never the QR secret */
  codeRef: string;
  offline: boolean;
  /** the cache was older than 24 h when the device decided */
  unverified: boolean;
  status: LocalLogStatus;
  /** the server's answer once uploaded */
  serverResult: TCheckInResult | null;
  checkInId: string | null;
  conflict: boolean;
}

interface GateSchema extends DBSchema {
  meta: { key: 'session' | 'keys' | 'sync'; value: SessionRecord | KeysRecord | SyncRecord };
  attendees: {
    key: string;
    value: TSyncAttendee & { localTouchedAt?: Date };
    indexes: { secretHash: string; reference: string; cardUid: string };
  };
  cards: { key: string; value: TSyncCard };
  revocations: { key: string; value: TSyncRevocation };
  queue: { key: string; value: QueuedScan; indexes: { ticketKey: string; queuedAt: Date } };
  scanlog: { key: string; value: LocalScanLog; indexes: { scannedAt: Date } };
}

export type CachedAttendeeRecord = GateSchema['attendees']['value'];

const LOG_KEEP = 500;
export const EMPTY_SYNC: SyncRecord = {
  attendeesSince: null,
  cardsSince: null,
  revocationsSince: null,
  fetchedAt: null,
  fullAt: null,
  lastUploadAt: null,
  lastError: null,
  scanningEnabled: true,
};

export function dbName(eventId: string): string {
  return `admit-gate-v1-${eventId}`;
}

/** Opens (creating on first use) the event's database. */
export async function openGateStore(eventId: string): Promise<GateStore> {
  const db = await openDB<GateSchema>(dbName(eventId), 1, {
    upgrade(d) {
      d.createObjectStore('meta');
      const attendees = d.createObjectStore('attendees', { keyPath: 'ticketId' });
      attendees.createIndex('secretHash', 'secretHash', { unique: false });
      attendees.createIndex('reference', 'reference', { unique: false });
      attendees.createIndex('cardUid', 'cardUids', { unique: false, multiEntry: true });
      d.createObjectStore('cards', { keyPath: 'uid' });
      d.createObjectStore('revocations', { keyPath: 'secretHash' });
      const queue = d.createObjectStore('queue', { keyPath: 'nonce' });
      queue.createIndex('ticketKey', 'ticketKey', { unique: false });
      queue.createIndex('queuedAt', 'queuedAt', { unique: false });
      const log = d.createObjectStore('scanlog', { keyPath: 'nonce' });
      log.createIndex('scannedAt', 'scannedAt', { unique: false });
    },
    blocking() {
      // a newer version of the app wants to upgrade: let it
      db.close();
    },
  });
  return new GateStore(db, eventId);
}

/** Deletes the event's whole database (tests; never from the UI in production). */
export async function deleteGateStore(eventId: string): Promise<void> {
  await deleteDB(dbName(eventId));
}

/** Typed access to one event's cache. Every method is one IndexedDB transaction. */
export class GateStore {
  constructor(
    readonly db: IDBPDatabase<GateSchema>,
    readonly eventId: string,
  ) {}

  close(): void {
    this.db.close();
  }

  // ───────── meta ─────────

  async session(): Promise<SessionRecord | undefined> {
    return (await this.db.get('meta', 'session')) as SessionRecord | undefined;
  }
  async saveSession(s: SessionRecord): Promise<void> {
    await this.db.put('meta', s, 'session');
  }
  async keys(): Promise<KeysRecord | undefined> {
    return (await this.db.get('meta', 'keys')) as KeysRecord | undefined;
  }
  async saveKeys(k: KeysRecord): Promise<void> {
    await this.db.put('meta', k, 'keys');
  }
  async syncState(): Promise<SyncRecord> {
    return { ...EMPTY_SYNC, ...((await this.db.get('meta', 'sync')) as SyncRecord | undefined) };
  }
  /** Read-modify-write of the sync record in one transaction. */
  async updateSync(patch: Partial<SyncRecord>): Promise<SyncRecord> {
    const tx = this.db.transaction('meta', 'readwrite');
    const next = { ...EMPTY_SYNC, ...((await tx.store.get('sync')) as SyncRecord | undefined), ...patch };
    await tx.store.put(next, 'sync');
    await tx.done;
    return next;
  }

  // ───────── attendees, cards, revocations ─────────

  /**
   * Stores downloaded attendees. A record this device changed itself (an admission it made)
   * after the download started keeps its admission fields: the download may predate it.
   */
  async putAttendees(list: TSyncAttendee[], downloadStartedAt: Date): Promise<void> {
    if (list.length === 0) return;
    const tx = this.db.transaction('attendees', 'readwrite');
    for (const a of list) {
      const old = await tx.store.get(a.ticketId);
      if (old?.localTouchedAt && old.localTouchedAt.getTime() > downloadStartedAt.getTime()) {
        await tx.store.put({
          ...a,
          checkedInAt: old.checkedInAt,
          inside: old.inside,
          entries: old.entries,
          localTouchedAt: old.localTouchedAt,
        });
      } else {
        await tx.store.put(a);
      }
    }
    await tx.done;
  }

  /** After a full snapshot: deletes attendees the snapshot did not contain. */
  async pruneAttendees(keep: Set<string>): Promise<number> {
    const tx = this.db.transaction('attendees', 'readwrite');
    let removed = 0;
    for (const id of await tx.store.getAllKeys()) {
      if (!keep.has(id)) {
        await tx.store.delete(id);
        removed++;
      }
    }
    await tx.done;
    return removed;
  }

  /** Records an admission this device made (online answer, or an acknowledged offline scan). */
  async touchAttendee(
    ticketId: string,
    state: { checkedInAt: Date | null; inside: boolean; entries: number },
    at: Date,
  ): Promise<void> {
    const tx = this.db.transaction('attendees', 'readwrite');
    const old = await tx.store.get(ticketId);
    if (old) await tx.store.put({ ...old, ...state, localTouchedAt: at });
    await tx.done;
  }

  attendee(ticketId: string) {
    return this.db.get('attendees', ticketId);
  }
  attendeeBySecretHash(hash: string) {
    return this.db.getFromIndex('attendees', 'secretHash', hash);
  }
  attendeeByReference(reference: string) {
    return this.db.getFromIndex('attendees', 'reference', reference);
  }
  attendeesByCard(uid: string) {
    return this.db.getAllFromIndex('attendees', 'cardUid', uid);
  }
  countAttendees() {
    return this.db.count('attendees');
  }

  async putCards(list: TSyncCard[]): Promise<void> {
    if (list.length === 0) return;
    const tx = this.db.transaction('cards', 'readwrite');
    for (const c of list) await tx.store.put(c);
    await tx.done;
  }
  card(uid: string) {
    return this.db.get('cards', uid);
  }
  countCards() {
    return this.db.count('cards');
  }

  async putRevocations(list: TSyncRevocation[]): Promise<void> {
    if (list.length === 0) return;
    const tx = this.db.transaction('revocations', 'readwrite');
    for (const r of list) await tx.store.put(r);
    await tx.done;
  }
  revocation(secretHash: string) {
    return this.db.get('revocations', secretHash);
  }
  countRevocations() {
    return this.db.count('revocations');
  }

  // ───────── queue ─────────

  async enqueue(scan: QueuedScan): Promise<void> {
    await this.db.put('queue', scan);
  }
  /** The oldest `limit` queued scans of `usherId` (upload order). */
  async queued(usherId: string, limit: number): Promise<QueuedScan[]> {
    const out: QueuedScan[] = [];
    let cursor = await this.db.transaction('queue').store.index('queuedAt').openCursor();
    while (cursor && out.length < limit) {
      if (cursor.value.usherId === usherId) out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  }
  pendingFor(ticketKey: string) {
    return this.db.getAllFromIndex('queue', 'ticketKey', ticketKey);
  }
  countQueued() {
    return this.db.count('queue');
  }
  async removeQueued(nonces: string[]): Promise<void> {
    if (nonces.length === 0) return;
    const tx = this.db.transaction('queue', 'readwrite');
    for (const n of nonces) await tx.store.delete(n);
    await tx.done;
  }
  async markAttempt(nonces: string[]): Promise<void> {
    const tx = this.db.transaction('queue', 'readwrite');
    for (const n of nonces) {
      const q = await tx.store.get(n);
      if (q) await tx.store.put({ ...q, attempts: q.attempts + 1 });
    }
    await tx.done;
  }

  // ───────── this device's log ─────────

  async addLog(entry: LocalScanLog): Promise<void> {
    const tx = this.db.transaction('scanlog', 'readwrite');
    await tx.store.put(entry);
    // keep the newest LOG_KEEP; never drop one still waiting for upload
    const total = await tx.store.count();
    if (total > LOG_KEEP) {
      let extra = total - LOG_KEEP;
      let cursor = await tx.store.index('scannedAt').openCursor();
      while (cursor && extra > 0) {
        if (cursor.value.status !== 'PENDING') {
          await cursor.delete();
          extra--;
        }
        cursor = await cursor.continue();
      }
    }
    await tx.done;
  }
  async updateLog(nonce: string, patch: Partial<LocalScanLog>): Promise<void> {
    const tx = this.db.transaction('scanlog', 'readwrite');
    const old = await tx.store.get(nonce);
    if (old) await tx.store.put({ ...old, ...patch });
    await tx.done;
  }
  log(nonce: string) {
    return this.db.get('scanlog', nonce);
  }
  /** Newest first. */
  async recentLogs(limit = LOG_KEEP): Promise<LocalScanLog[]> {
    const out: LocalScanLog[] = [];
    let cursor = await this.db.transaction('scanlog').store.index('scannedAt').openCursor(null, 'prev');
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  }

  /**
   * Sign-out: removes the personal data (attendees, cards, session, this device's log of
   * uploaded scans) but keeps the queue and its log entries so nothing scanned is lost.
   */
  async forgetPersonalData(): Promise<void> {
    const tx = this.db.transaction(['attendees', 'cards', 'revocations', 'meta', 'scanlog'], 'readwrite');
    await tx.objectStore('attendees').clear();
    await tx.objectStore('cards').clear();
    await tx.objectStore('revocations').clear();
    await tx.objectStore('meta').delete('session');
    await tx.objectStore('meta').delete('sync');
    let cursor = await tx.objectStore('scanlog').openCursor();
    while (cursor) {
      if (cursor.value.status !== 'PENDING') await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.done;
  }
}
