/**
 * Two server instances on one PostgreSQL database joined by the socket.io redis adapter
 * (REDIS_URL): a scan recorded through instance A reaches a socket connected to instance B.
 */
import type { ClientToServerEvents, GateCountsPayload, ServerToClientEvents } from '@admit/shared';
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
});
