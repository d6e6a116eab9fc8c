/**
 * Two server instances on one PostgreSQL database joined by the socket.io redis adapter
 * (REDIS_URL): a scan recorded through instance A reaches a socket connected to instance B.
 */
import { randomUUID } from 'node:crypto';
import type {
  ClientToServerEvents,
  GateCountsPayload,
  ServerToClientEvents,
  TCheckInConflictPayload,
} from '@admit/shared';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buyTickets,
  describeIf,
  makeCustomer,
  makeEvent,
  makeUsher,
  openTestDatabase,
  postgresAvailable,
  REDIS_URL,
  redisAvailable,
  signIn,
  startTestServer,
  testDeps,
} from '../../test/harness.ts';

const ready = (await postgresAvailable()) && (await redisAvailable());

describeIf(ready)('realtime across instances (redis adapter)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let a: Awaited<ReturnType<typeof startTestServer>>;
  let b: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    deps = testDeps(db);
    a = await startTestServer(deps, { REDIS_URL });
    b = await startTestServer(deps, { REDIS_URL });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.close();
  });

  it('shares rate-limit counters through Redis: guesses split across instances lock the account once', async () => {
    const { createClient } = await import('redis');
    const { createRateLimits } = await import('../auth/rate-limits.ts');
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    const ns = `test-${Date.now().toString(36)}`; // this run's counters only
    const prefixKeys = async () => (await redis.keys(`rl:${ns}:*`)).length;
    // two instances, each with its own limiter objects over the same Redis and database
    const a2 = await startTestServer({ ...deps, limits: createRateLimits(redis, ns) }, { REDIS_URL });
    const b2 = await startTestServer({ ...deps, limits: createRateLimits(redis, ns) }, { REDIS_URL });
    try {
      const mobile = `+2017${Date.now().toString().slice(-8)}`;
      await makeCustomer(deps, { mobile });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const target = i % 2 === 0 ? a2 : b2;
        const res = await fetch(`${target.url}/api/v1/users/login/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ mobile, password: 'not-the-password' }),
        });
        statuses.push(res.status);
      }
      // 10 wrong passwords per account in total, whichever instance saw them, then 429
      expect(statuses.slice(0, 10).every((st) => st === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      expect(await prefixKeys()).toBeGreaterThan(0);
    } finally {
      await a2.close();
      await b2.close();
      const keys = await redis.keys(`rl:${ns}:*`);
      if (keys.length) await redis.del(keys);
      await redis.quit();
    }
  });

  it('a scan on instance A moves the gate count on a client of instance B', async () => {
    const ev = await makeEvent(deps);
    const customer = await makeCustomer(deps);
    const [ticket] = await buyTickets(deps, customer.actor, ev, 1);
    const scanner = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    const watcher = await makeUsher(deps, ev.eventId, ev.gateIds[1]!, ev.organizerId);

    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(b.url, {
      auth: { token: watcher.token },
      transports: ['websocket'],
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', resolve);
      socket.on('connect_error', reject);
    });
    expect(await socket.emitWithAck('gates.subscribe', ev.eventId)).toEqual({ ok: true });
    const received = new Promise<GateCountsPayload>((resolve) => socket.once('gate.counts', resolve));

    const res = await fetch(`${a.url}/api/usher/scan/result/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${scanner.token}` },
      body: JSON.stringify({ qr: ticket!.qrPayload }),
    });
    expect(((await res.json()) as { result: string }).result).toBe('VALID');
    const counts = await received;
    expect(counts).toMatchObject({ eventId: ev.eventId, admitted: 1, gate: 'Gate A' });
    socket.disconnect();
  });

  it('an offline conflict uploaded through A alerts an usher and an admin connected to B', async () => {
    const ev = await makeEvent(deps);
    const customer = await makeCustomer(deps);
    const [ticket] = await buyTickets(deps, customer.actor, ev, 1);
    const first = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    const second = await makeUsher(deps, ev.eventId, ev.gateIds[1]!, ev.organizerId);
    const admin = await deps.db.user.create({
      data: {
        role: 'ADMIN',
        adminLevel: 'SUPPORT',
        email: `watch-${randomUUID().slice(0, 8)}@admit.test`,
        firstName: 'Watch',
        lastName: 'Desk',
        passwordHash: 'x',
      },
    });
    const connect = async (token: string) => {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(b.url, {
        auth: { token },
        transports: ['websocket'],
        forceNew: true,
      });
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', resolve);
        socket.on('connect_error', reject);
      });
      return socket;
    };
    const usherSocket = await connect(second.token);
    const adminSocket = await connect((await signIn(deps, admin.id)).token);
    try {
      expect(await usherSocket.emitWithAck('gates.subscribe', ev.eventId)).toEqual({ ok: true });
      const atGate = new Promise<TCheckInConflictPayload>((resolve) => usherSocket.once('checkin.conflict', resolve));
      const atDesk = new Promise<TCheckInConflictPayload>((resolve) => adminSocket.once('checkin.conflict', resolve));
      const upload = async (token: string, deviceId: string, minutesAgo: number) => {
        const res = await fetch(`${a.url}/api/usher/sync/logs/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            deviceId,
            scans: [
              {
                nonce: randomUUID(),
                code: ticket!.qrPayload,
                method: 'QR',
                direction: 'ENTRY',
                scannedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
                offlineResult: 'VALID',
              },
            ],
          }),
        });
        expect(res.status).toBe(200);
        return ((await res.json()) as { results: { checkInId: string; conflict: boolean }[] }).results[0]!;
      };
      const earlier = await upload(first.token, 'phone-1', 10);
      const later = await upload(second.token, 'phone-2', 5);
      expect(later.conflict).toBe(true);
      const expected = {
        eventId: ev.eventId,
        ticketReference: ticket!.reference,
        checkInId: later.checkInId,
        conflictWithId: earlier.checkInId,
        devices: ['phone-1', 'phone-2'],
      };
      expect(await atGate).toMatchObject(expected);
      expect(await atDesk).toMatchObject(expected);
    } finally {
      usherSocket.disconnect();
      adminSocket.disconnect();
    }
  });
});
