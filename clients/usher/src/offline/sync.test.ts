import 'fake-indexeddb/auto';
import type {
  TScanInput,
  TScanResult,
  TSyncAttendee,
  TSyncAttendees,
  TSyncUploadInput,
  TSyncUploadResult,
} from '@admit/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  newEventKeyPair,
  newTicketSecret,
  signTicketSecret,
} from '../../../../server/src/modules/tickets/ticket-secret.ts';
import { deleteGateStore, type GateStore, openGateStore } from './db.ts';
import { type GateContext, NoOfflineDataError, scanAtGate } from './scan.ts';
import { type GateApi, GateSync, UPLOAD_BATCH } from './sync.ts';
import { sha256Hex } from './verify.ts';

const EVENT = '3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60';
const CATEGORY = '11111111-1111-4111-8111-111111111111';
const USHER = '99999999-9999-4999-8999-999999999999';
const keys = newEventKeyPair();
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');

/** No waiting between retries in tests. */
const fastRetry = { baseMs: 1, sleep: async () => {} };

class NetworkError extends Error {
  data = null;
}
class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
  get data() {
    return { httpStatus: this.status };
  }
}

interface Ticket {
  attendee: TSyncAttendee;
  qr: string;
}

/**
 * An in-memory stand-in for the server's usher.sync.* and usher.scan.result: enough to check
 * what the device sends and how it treats the answers.
 */
class FakeServer implements GateApi {
  tickets: Ticket[] = [];
  revoked: { secretHash: string; ticketId: string; reason: string; revokedAt: Date }[] = [];
  clock = new Date('2025-06-01T18:00:00Z');
  stored = new Map<string, { result: TSyncUploadResult['results'][number]['result'] }>();
  uploads: TSyncUploadInput[] = [];
  attendeeCalls: { since?: Date; cursor?: string; limit?: number }[] = [];
  scanCalls: TScanInput[] = [];
  /** the next N calls fail with this */
  failures: Error[] = [];
  /** nonces the server "forgets" to answer */
  drop = new Set<string>();
  conflictNonces = new Set<string>();
  /** attendees per page, overriding the device's `limit` */
  pageLimit: number | null = null;

  private fail() {
    const f = this.failures.shift();
    if (f) throw f;
  }

  async addTicket(over: Partial<TSyncAttendee> = {}): Promise<Ticket> {
    const secret = newTicketSecret();
    const n = this.tickets.length + 1;
    const attendee: TSyncAttendee = {
      ticketId: `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      reference: `T-${String(n).padStart(8, '0')}`,
      secretHash: await sha256Hex(secret),
      status: 'VALID',
      categoryId: CATEGORY,
      categoryName: 'Standard',
      tier: 'STANDARD',
      attendeeName: `Guest ${n}`,
      photoUrl: null,
      emergencyContact: null,
      bloodType: null,
      labels: [],
      dependents: [],
      cardUids: [],
      checkedInAt: null,
      inside: false,
      entries: 0,
      updatedAt: new Date(this.clock),
      ...over,
    };
    const t = { attendee, qr: signTicketSecret(keys.seed, EVENT, secret) };
    this.tickets.push(t);
    return t;
  }

  async attendees(input: { since?: Date; cursor?: string; limit?: number }): Promise<TSyncAttendees> {
    this.fail();
    this.attendeeCalls.push(input);
    const list = this.tickets
      .map((t) => t.attendee)
      .filter((a) => !input.since || a.updatedAt.getTime() > new Date(input.since).getTime());
    const start = input.cursor ? Number(input.cursor) : 0;
    const limit = this.pageLimit ?? input.limit ?? 2000;
    const page = list.slice(start, start + limit);
    return {
      eventId: EVENT,
      publicKey: b64(keys.publicKey),
      checkInList: {
        id: 'b0000000-0000-4000-8000-000000000001',
        name: 'Default',
        entryPolicy: 'SINGLE',
        ticketCategoryIds: [],
      },
      attendees: page,
      nextCursor: start + limit < list.length ? String(start + limit) : null,
      serverTime: new Date(this.clock),
      full: !input.since,
    };
  }
  async cards() {
    this.fail();
    return { cards: [], serverTime: new Date(this.clock) };
  }
  async revocations(input: { since?: Date }) {
    this.fail();
    return {
      revocations: this.revoked.filter((r) => !input.since || r.revokedAt.getTime() > new Date(input.since).getTime()),
      serverTime: new Date(this.clock),
    };
  }
  async status() {
    this.fail();
    return {
      eventId: EVENT,
      serverTime: new Date(this.clock),
      attendees: this.tickets.length,
      revocations: this.revoked.length,
      deviceUploads: 0,
      lastUploadAt: null,
      conflicts: 0,
      scanningEnabled: true,
    };
  }
  async upload(input: TSyncUploadInput): Promise<TSyncUploadResult> {
    this.fail();
    this.uploads.push(input);
    const results = [];
    for (const s of input.scans) {
      if (this.drop.has(s.nonce)) continue;
      const dup = this.stored.get(s.nonce);
      if (!dup) this.stored.set(s.nonce, { result: s.offlineResult });
      results.push({
        nonce: s.nonce,
        status: dup ? ('DUPLICATE' as const) : ('APPLIED' as const),
        checkInId: `c0000000-0000-4000-8000-${String(this.stored.size).padStart(12, '0')}`,
        result: (dup ?? { result: s.offlineResult }).result,
        conflict: this.conflictNonces.has(s.nonce),
        reason: null,
      });
    }
    return { results, serverTime: new Date(this.clock) };
  }
  async scan(input: TScanInput): Promise<TScanResult> {
    this.scanCalls.push(input);
    this.fail();
    throw new Error('online scans are not modelled');
  }
}

describe('the gate device offline: queue, upload, download', () => {
  let server: FakeServer;
  let store: GateStore;
  let sync: GateSync;
  let ctx: GateContext;
  let online: boolean;

  beforeEach(async () => {
    await deleteGateStore(EVENT);
    server = new FakeServer();
    store = await openGateStore(EVENT);
    sync = new GateSync(store, server, { deviceId: 'web-test', usherId: USHER, retry: fastRetry });
    online = false;
    ctx = { store, sync, api: server, deviceId: 'web-test', usherId: USHER, isOnline: () => online, retry: fastRetry };
  });
  afterEach(() => store.close());

  const offlineScan = (qr: string, direction: 'ENTRY' | 'EXIT' = 'ENTRY') =>
    scanAtGate(ctx, { qr, method: 'MANUAL' }, direction);

  it('cannot decide offline before the first download', async () => {
    const t = await server.addTicket();
    await expect(offlineScan(t.qr)).rejects.toBeInstanceOf(NoOfflineDataError);
    expect(await store.countQueued()).toBe(0);
  });

  it('decides from the cache, queues every scan under its nonce, and remembers its own admissions', async () => {
    const t = await server.addTicket();
    await sync.sync();
    expect(sync.getStatus()).toMatchObject({ ready: true, attendees: 1, lastError: null });

    const first = await offlineScan(t.qr);
    expect(first).toMatchObject({ source: 'device', result: 'VALID', offlineCause: 'offline' });
    expect(first.attendee?.name).toBe('Guest 1');
    const second = await offlineScan(t.qr);
    expect(second).toMatchObject({ result: 'ALREADY_SCANNED', firstCheckedInAt: first.scannedAt });

    const queued = await store.queued(USHER, 10);
    expect(queued.map((q) => [q.nonce, q.offlineResult])).toEqual([
      [first.nonce, 'VALID'],
      [second.nonce, 'ALREADY_SCANNED'],
    ]);
    expect(sync.getStatus().pending).toBe(2);
  });

  it('uploads the queue in batches of at most 200 and removes only acknowledged nonces', async () => {
    const t = await server.addTicket();
    await sync.sync();
    for (let i = 0; i < 450; i++) {
      const at = new Date(server.clock.getTime() + i);
      await store.enqueue({
        nonce: crypto.randomUUID(),
        code: t.qr,
        method: 'QR',
        direction: 'ENTRY',
        scannedAt: at,
        offlineResult: i === 0 ? 'VALID' : 'ALREADY_SCANNED',
        usherId: USHER,
        ticketKey: t.attendee.ticketId,
        queuedAt: at,
        attempts: 0,
      });
    }
    const unanswered = (await store.queued(USHER, 500))[420]!.nonce;
    server.drop.add(unanswered);

    await sync.sync();
    expect(server.uploads.map((u) => u.scans.length)).toEqual([UPLOAD_BATCH, UPLOAD_BATCH, 50]);
    expect(server.uploads.every((u) => u.deviceId === 'web-test')).toBe(true);
    // the one the server did not name stays queued, and the failure is shown
    expect((await store.queued(USHER, 10)).map((q) => q.nonce)).toEqual([unanswered]);
    expect(sync.getStatus().lastError).toMatch(/acknowledge/);

    server.drop.clear();
    await sync.sync();
    expect(await store.countQueued()).toBe(0);
    expect(server.stored.size).toBe(450);
    expect(sync.getStatus()).toMatchObject({ pending: 0, lastError: null });
  });

  it('keeps the queue when the upload gets no answer (after 3 retries) and delivers it next time', async () => {
    const t = await server.addTicket();
    await sync.sync();
    const scan = await offlineScan(t.qr);
    server.failures = [
      new NetworkError('fetch failed'),
      new HttpError(503),
      new NetworkError('x'),
      new NetworkError('y'),
    ];
    await sync.sync();
    expect(server.failures).toHaveLength(0); // 1 try + 3 retries
    expect(await store.countQueued()).toBe(1);
    expect(sync.getStatus().lastError).toBe('y');

    await sync.sync();
    expect(await store.countQueued()).toBe(0);
    expect((await store.log(scan.nonce))?.status).toBe('APPLIED');
  });

  it('does not retry a refused (4xx) upload', async () => {
    const t = await server.addTicket();
    await sync.sync();
    await offlineScan(t.qr);
    server.failures = [new HttpError(400), new NetworkError('never reached')];
    await sync.sync();
    expect(server.failures).toHaveLength(1);
    expect(await store.countQueued()).toBe(1);
  });

  it('re-sending a scan whose answer was lost is harmless: the server answers DUPLICATE and it leaves the queue', async () => {
    const t = await server.addTicket();
    await sync.sync();
    const scan = await offlineScan(t.qr);
    server.stored.set(scan.nonce, { result: 'VALID' }); // it arrived before, the answer did not
    await sync.sync();
    expect(await store.countQueued()).toBe(0);
    expect((await store.log(scan.nonce))?.status).toBe('DUPLICATE');
  });

  it('keeps an acknowledged admission until a download shows it (no second admission in between)', async () => {
    const t = await server.addTicket();
    await sync.sync();
    await offlineScan(t.qr);
    await sync.upload();
    expect(await store.countQueued()).toBe(0);
    // the download has not run yet: the cache must still know the ticket is in
    expect((await offlineScan(t.qr)).result).toBe('ALREADY_SCANNED');
  });

  it('downloads a full snapshot first, then only changes since the server time of the last one', async () => {
    await server.addTicket();
    await sync.sync();
    expect(server.attendeeCalls[0]).not.toHaveProperty('since');
    const firstServerTime = new Date(server.clock);

    server.clock = new Date(server.clock.getTime() + 60_000);
    const late = await server.addTicket(); // bought after the first sync
    await sync.sync();
    expect(server.attendeeCalls.at(-1)?.since).toEqual(firstServerTime);
    expect(await store.countAttendees()).toBe(2);
    expect((await store.attendeeBySecretHash(late.attendee.secretHash))?.attendeeName).toBe('Guest 2');
  });

  it('pages through attendees by cursor and drops tickets missing from a full snapshot', async () => {
    for (let i = 0; i < 5; i++) await server.addTicket();
    server.pageLimit = 2;
    await sync.sync();
    expect(server.attendeeCalls.map((c) => c.cursor)).toEqual([undefined, '2', '4']);
    expect(await store.countAttendees()).toBe(5);

    server.tickets.splice(0, 1);
    await store.updateSync({ fullAt: new Date(0) }); // a day later: the next download is full again
    await sync.sync();
    expect(await store.countAttendees()).toBe(4);
  });

  it('learns revoked codes and refuses them offline', async () => {
    const t = await server.addTicket();
    await sync.sync();
    server.revoked.push({
      secretHash: t.attendee.secretHash,
      ticketId: t.attendee.ticketId,
      reason: 'TRANSFERRED',
      revokedAt: new Date(server.clock.getTime() + 1),
    });
    await sync.sync();
    expect(await offlineScan(t.qr)).toMatchObject({ result: 'INVALID', reason: 'REVOKED' });
  });

  it('a genuine ticket bought after the last sync is admitted once, without a name', async () => {
    await sync.sync();
    const late = await server.addTicket();
    const first = await offlineScan(late.qr);
    expect(first).toMatchObject({ result: 'VALID', unknownAttendee: true, attendee: null });
    expect((await offlineScan(late.qr)).result).toBe('ALREADY_SCANNED');
  });

  it('online: falls back to the device after 3 retries, queueing the same nonce it sent', async () => {
    const t = await server.addTicket();
    await sync.sync();
    online = true;
    server.failures = [new NetworkError('a'), new NetworkError('b'), new HttpError(502), new NetworkError('c')];
    const answer = await scanAtGate(ctx, { qr: t.qr, method: 'QR' }, 'ENTRY');
    expect(server.scanCalls).toHaveLength(4);
    expect(new Set(server.scanCalls.map((c) => c.nonce))).toEqual(new Set([answer.nonce]));
    expect(answer).toMatchObject({ source: 'device', result: 'VALID', offlineCause: 'unreachable' });
    expect((await store.queued(USHER, 5)).map((q) => q.nonce)).toEqual([answer.nonce]);
  });

  it('online: a refused request (4xx) is shown as an error, not decided offline', async () => {
    const t = await server.addTicket();
    await sync.sync();
    online = true;
    server.failures = [new HttpError(401)];
    await expect(scanAtGate(ctx, { qr: t.qr, method: 'QR' }, 'ENTRY')).rejects.toBeInstanceOf(HttpError);
    expect(server.scanCalls).toHaveLength(1);
    expect(await store.countQueued()).toBe(0);
  });

  it('raises a conflict alert when the server flags an uploaded admission, merged with the live one', async () => {
    const t = await server.addTicket();
    await sync.sync();
    const scan = await offlineScan(t.qr);
    server.conflictNonces.add(scan.nonce);
    await sync.sync();
    const [alert] = sync.getStatus().conflicts;
    expect(alert).toMatchObject({
      ticketReference: t.attendee.reference,
      attendeeName: 'Guest 1',
      sources: ['upload'],
    });
    sync.addConflict({
      checkInId: alert!.checkInId,
      ticketReference: t.attendee.reference,
      attendeeName: 'Guest 1',
      at: new Date(),
      source: 'live',
    });
    expect(sync.getStatus().conflicts).toHaveLength(1);
    expect(sync.getStatus().conflicts[0]?.sources).toEqual(['upload', 'live']);
  });

  it('only uploads the signed-in usher’s scans', async () => {
    const t = await server.addTicket();
    await sync.sync();
    await offlineScan(t.qr);
    const other = new GateSync(store, server, { deviceId: 'web-test', usherId: 'someone-else', retry: fastRetry });
    await other.upload();
    expect(server.uploads).toHaveLength(0);
    expect(await store.countQueued()).toBe(1);
  });
});
