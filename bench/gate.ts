/**
 * `pnpm bench gate`: the gate at scale (issue 6).
 *
 * (a) Realtime fan-out. 1,000 socket.io clients (in a worker thread, so their parsing does not
 *     share the server's event loop) join one event's gate room (`gates.subscribe`). Sequential
 *     scans (`POST /api/usher/scan/result/`, REST, one keep-alive connection); for each, the time
 *     from sending the scan to each of the 1,000 clients receiving its `gate.counts`. Baseline: the
 *     scanner's own HTTP response time for the same scan. Run twice:
 *       single instance — one server on `--db`;
 *       two instances   — two servers joined by the socket.io redis adapter (Redis at
 *                         127.0.0.1:6379) on one PostgreSQL database, 500 clients on each, scans
 *                         sent to the first (skipped when PostgreSQL or Redis is unavailable).
 *     Goal (issue 6): p99 < 50 ms across all clients.
 * (b) Offline sync. A device uploads 10,000 queued scans (9,000 first admissions, 500 re-scans it
 *     refused, 500 admissions another device uploaded first → 500 conflicts) in batches of 500
 *     (`POST /api/usher/sync/logs/`), in scan-time order; then re-uploads one batch (all
 *     duplicates). Figures: total time, scans/s, per-batch latency. Baseline: the same kind of
 *     scan uploaded one at a time (`POST /api/usher/scan/log/`, a batch of one) in the same run.
 *     Everything is checked afterwards: admitted tickets, conflicts, check-ins stored once.
 *
 * Timestamps across threads: `performance.timeOrigin + performance.now()` (one monotonic clock).
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AppDeps } from '../server/src/deps.ts';
import { newTicketSecret, signTicketSecret } from '../server/src/modules/tickets/ticket-secret.ts';
import {
  type EventFixture,
  makeCustomer,
  makeEvent,
  makeUsher,
  openTestDatabase,
  postgresAvailable,
  REDIS_URL,
  redisAvailable,
  startTestServer,
  testDeps,
} from '../server/test/harness.ts';
import {
  type BenchOptions,
  type BenchResult,
  Deadline,
  LoopbackClient,
  ms,
  ratio,
  SUMMARY_HEAD,
  type Summary,
  summarize,
  summaryFigures,
  summaryRow,
} from './lib.ts';

const CLIENTS = 1_000;
/** worker threads the clients run in (the machine has 2 cores; the server idles while they decode) */
const CLIENT_THREADS = 1;
const WARMUP = 10;
const UPLOAD = { firstAdmissions: 9_000, rescans: 500, conflicts: 500, batch: 500 } as const;
const BASELINE_SINGLE = 200;
const COMPLETE_TIMEOUT_MS = 5_000;

const abs = () => performance.timeOrigin + performance.now();
const progress = (deadline: Deadline, msg: string) =>
  console.log(`  [${(deadline.elapsedMs / 1000).toFixed(1)} s] ${msg}`);

// ─────────────────────────── the clients' worker (plain JS, eval'd) ───────────────────────────

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { io } = require(workerData.client);
const now = () => performance.timeOrigin + performance.now();
const sockets = [];
const arrivals = [];
let total = 0;
parentPort.on('message', async (m) => {
  if (m.type === 'connect') {
    total = m.targets.reduce((n, t) => n + t.count, 0);
    const plan = m.targets.flatMap((t) => Array.from({ length: t.count }, () => t));
    let k = 0;
    try {
      while (k < plan.length) {
        const chunk = plan.slice(k, k + 50);
        await Promise.all(chunk.map(async (t, c) => {
          const index = k + c;
          const s = io(t.url, { auth: { token: t.token }, transports: ['websocket'], forceNew: true, reconnection: false });
          sockets[index] = s;
          // a scan is complete when every client has its gate.counts (timed) and its scan.recorded
          let seen = 0;
          let seenScans = 0;
          const slot = (j) => (arrivals[j] ??= { t: new Float64Array(total), n: 0, m: 0 });
          const check = (j) => {
            const a = arrivals[j];
            if (a && a.n === total && a.m === total) {
              parentPort.postMessage({ type: 'complete', j, t: a.t }, [a.t.buffer]);
              arrivals[j] = undefined;
            }
          };
          s.on('gate.counts', () => {
            const j = seen++;
            const a = slot(j);
            a.t[index] = now();
            a.n++;
            check(j);
          });
          s.on('scan.recorded', () => {
            const j = seenScans++;
            slot(j).m++;
            check(j);
          });
          await new Promise((resolve, reject) => { s.once('connect', resolve); s.once('connect_error', reject); });
          const ack = await s.timeout(15000).emitWithAck('gates.subscribe', m.eventId);
          if (!ack.ok) throw new Error('gates.subscribe: ' + ack.error);
        }));
        k += chunk.length;
      }
      parentPort.postMessage({ type: 'ready', connected: sockets.length });
    } catch (err) {
      parentPort.postMessage({ type: 'error', message: String(err && err.message || err) });
    }
  } else if (m.type === 'close') {
    for (const s of sockets) s && s.disconnect();
    parentPort.postMessage({ type: 'closed' });
  }
});
`;

/** The scanning device, in its own thread: its HTTP response is not held up by the server's emits. */
const SCANNER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const now = () => performance.timeOrigin + performance.now();
parentPort.on('message', async (m) => {
  const t0 = now();
  try {
    const res = await fetch(m.url, { method: 'POST', headers: m.headers, body: m.body });
    const text = await res.text();
    parentPort.postMessage({ i: m.i, t0, t1: now(), status: res.status, body: text });
  } catch (err) {
    parentPort.postMessage({ i: m.i, t0, t1: now(), status: 0, body: String(err && err.message || err) });
  }
});
`;

function scannerThread() {
  const worker = new Worker(SCANNER_SOURCE, { eval: true });
  return {
    scan(i: number, url: string, headers: Record<string, string>, body: string) {
      return new Promise<{ t0: number; t1: number; status: number; body: string }>((resolve) => {
        const on = (m: { i: number; t0: number; t1: number; status: number; body: string }) => {
          if (m.i !== i) return;
          worker.off('message', on);
          resolve(m);
        };
        worker.on('message', on);
        worker.postMessage({ i, url, headers, body });
      });
    },
    close: () => worker.terminate(),
  };
}

interface Target {
  url: string;
  token: string;
  count: number;
}

type WorkerMsg =
  | { type: 'ready'; connected: number }
  | { type: 'error'; message: string }
  | { type: 'complete'; j: number; t: Float64Array }
  | { type: 'closed' };

/** Clients in one worker thread; `arrivals(j)`: every client's arrival of the j-th event. */
async function workerFleet(targets: Target[], eventId: string) {
  const client = createRequire(import.meta.url).resolve('socket.io-client');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { client } });
  const complete = new Map<number, Float64Array>();
  const waiters = new Map<number, (t: Float64Array) => void>();
  let failure: string | null = null;
  let onReady: ((n: number) => void) | null = null;
  let onClosed: (() => void) | null = null;
  worker.on('message', (m: WorkerMsg) => {
    if (m.type === 'ready') onReady?.(m.connected);
    else if (m.type === 'error') failure = m.message;
    else if (m.type === 'closed') onClosed?.();
    else if (m.type === 'complete') {
      const w = waiters.get(m.j);
      if (w) {
        waiters.delete(m.j);
        w(m.t);
      } else complete.set(m.j, m.t);
    }
  });
  worker.on('error', (err) => {
    failure = err.message;
  });
  const connected = await new Promise<number>((resolve, reject) => {
    const finish = (err: Error | null, n = 0) => {
      clearTimeout(timer);
      clearInterval(poll);
      if (err) reject(err);
      else resolve(n);
    };
    const timer = setTimeout(() => finish(new Error(failure ?? 'clients did not connect within 40 s')), 40_000);
    const poll = setInterval(() => {
      if (failure) finish(new Error(failure));
    }, 50);
    onReady = (n) => finish(null, n);
    worker.postMessage({ type: 'connect', targets, eventId });
  });
  return {
    connected,
    /** every client's arrival time of the j-th `gate.counts` (null: not all within the timeout) */
    arrivals(j: number): Promise<Float64Array | null> {
      const done = complete.get(j);
      if (done) {
        complete.delete(j);
        return Promise.resolve(done);
      }
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(j);
          resolve(null);
        }, COMPLETE_TIMEOUT_MS);
        waiters.set(j, (t) => {
          clearTimeout(timer);
          resolve(t);
        });
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5_000);
        onClosed = () => {
          clearTimeout(timer);
          resolve();
        };
        worker.postMessage({ type: 'close' });
      });
      await worker.terminate();
    },
  };
}

/**
 * `CLIENTS` clients split over `threads` worker threads (each target's count split evenly), so
 * that decoding 1,000 messages is not serialized on one core (real devices decode in parallel).
 */
async function clientFleet(targets: Target[], eventId: string, threads: number) {
  const parts = Array.from({ length: threads }, (_, w) =>
    targets
      .map((t) => ({ ...t, count: Math.floor(t.count / threads) + (w < t.count % threads ? 1 : 0) }))
      .filter((t) => t.count > 0),
  );
  const fleets = await Promise.all(parts.map((p) => workerFleet(p, eventId)));
  return {
    connected: fleets.reduce((n, f) => n + f.connected, 0),
    async arrivals(j: number): Promise<number[] | null> {
      const all = await Promise.all(fleets.map((f) => f.arrivals(j)));
      return all.some((a) => a === null) ? null : all.flatMap((a) => [...a!]);
    },
    close: () => Promise.all(fleets.map((f) => f.close())),
  };
}

// ─────────────────────────── fixtures ───────────────────────────

/**
 * `count` paid tickets in one order (direct inserts: the booking path is not what is measured),
 * signed with the event's key; returns their QR payloads in creation order.
 */
async function mintTickets(deps: AppDeps, ev: EventFixture, count: number): Promise<string[]> {
  const event = await deps.db.event.findUniqueOrThrow({ where: { id: ev.eventId }, select: { signingSeed: true } });
  const seed = new Uint8Array(event.signingSeed);
  const customer = await makeCustomer(deps, { firstName: 'Bench' });
  const now = deps.clock.now();
  const order = await deps.db.order.create({
    data: {
      code: `BENCH-${randomUUID().slice(0, 8)}`,
      customerId: customer.user.id,
      status: 'PAID',
      currency: 'EGP',
      totalMinor: 0,
      expiresAt: now,
      paidAt: now,
    },
  });
  const line = await deps.db.orderLine.create({
    data: {
      orderId: order.id,
      kind: 'EVENT_TICKET',
      description: 'bench',
      ticketCategoryId: ev.standardId,
      quantity: count,
      unitPriceMinor: 0,
      totalMinor: 0,
    },
  });
  const qrs: string[] = [];
  const ids: string[] = [];
  const refs: string[] = [];
  const names: string[] = [];
  const secrets: string[] = [];
  const created: Date[] = [];
  for (let i = 0; i < count; i++) {
    const secret = newTicketSecret();
    qrs.push(signTicketSecret(seed, ev.eventId, secret));
    ids.push(randomUUID());
    refs.push(`B-${order.id.slice(0, 8)}-${i}`);
    names.push(`Guest ${i}`);
    secrets.push(secret);
    created.push(new Date(now.getTime() + i));
  }
  // one INSERT … SELECT FROM unnest(…) per 5,000: column arrays, not a parameter per value
  for (let i = 0; i < count; i += 5_000) {
    const part = <T>(xs: T[]) => xs.slice(i, i + 5_000);
    await deps.db.$executeRaw`
      INSERT INTO "Ticket" ("id", "reference", "orderId", "orderLineId", "eventId", "ticketCategoryId", "holderId",
        "attendeeName", "secret", "createdAt", "updatedAt")
      SELECT v."id", v."reference", ${order.id}::uuid, ${line.id}::uuid, ${ev.eventId}::uuid, ${ev.standardId}::uuid,
        ${customer.user.id}::uuid, v."name", v."secret", v."at", v."at"
      FROM unnest(${part(ids)}::uuid[], ${part(refs)}::text[], ${part(names)}::text[], ${part(secrets)}::text[],
        ${part(created)}::timestamptz[]) AS v("id", "reference", "name", "secret", "at")`;
  }
  return qrs;
}

// ─────────────────────────── (a) fan-out ───────────────────────────

interface FanoutResult {
  label: string;
  instances: number;
  db: string;
  clients: number;
  scans: number;
  missed: number;
  delivery: Summary;
  /** the slowest client of each scan */
  lastClient: Summary;
  http: Summary;
  /** diagnostic: scan sent → the first server starts emitting gate.counts */
  untilEmit: Summary;
  /** diagnostic: the first server's emit call (its local sockets) */
  emitLoop: Summary;
}

async function fanout(
  label: string,
  dbKind: 'pglite' | 'postgres',
  instances: 1 | 2,
  scans: number,
  deadline: Deadline,
  /** time to leave for what runs after this */
  reserveMs: number,
): Promise<FanoutResult> {
  const db = await openTestDatabase(dbKind, { poolSize: 20 });
  const cleanup: (() => unknown)[] = [() => db.close()];
  try {
    const deps = testDeps(db);
    const env: Record<string, string> = instances === 2 ? { REDIS_URL } : {};
    const servers = [];
    for (let i = 0; i < instances; i++) {
      const s = await startTestServer(deps, env);
      cleanup.unshift(() => s.close());
      servers.push(s);
    }
    const ev = await makeEvent(deps, { quota: 20_000, capacity: 20_000 });
    const scanner = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    const watcher = await makeUsher(deps, ev.eventId, ev.gateIds[1]!, ev.organizerId);
    const qrs = await mintTickets(deps, ev, WARMUP + scans);
    progress(deadline, `${label}: server(s) up, tickets minted; connecting ${CLIENTS} clients`);
    const per = Math.floor(CLIENTS / instances);
    const targets = servers.map((s, i) => ({
      url: s.url,
      token: watcher.token,
      count: i === servers.length - 1 ? CLIENTS - per * (instances - 1) : per,
    }));
    const fleet = await clientFleet(targets, ev.eventId, CLIENT_THREADS);
    cleanup.unshift(() => fleet.close());
    progress(deadline, `${label}: ${fleet.connected} clients in the gate room; scanning`);
    const device = scannerThread();
    cleanup.unshift(() => device.close());
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${scanner.token}` };
    const scanUrl = `${servers[0]!.url}/api/usher/scan/result/`;

    // diagnostic: when the first server starts and ends its gate.counts emit (its loop over the
    // local sockets), wrapped around socket.io's broadcast operator
    const emits: { start: number; end: number }[] = [];
    const io = servers[0]!.realtime.io;
    const to = io.to.bind(io);
    io.to = ((room: string) => {
      const op = to(room);
      const emit = op.emit.bind(op) as (event: string, ...args: unknown[]) => boolean;
      (op as unknown as { emit: typeof emit }).emit = (event, ...args) => {
        const start = abs();
        const out = emit(event, ...args);
        if (event === 'gate.counts') emits.push({ start, end: abs() });
        return out;
      };
      return op;
    }) as typeof io.to;

    const delivery: number[] = [];
    const untilEmit: number[] = [];
    const emitLoop: number[] = [];
    const lastClient: number[] = [];
    const httpLat: number[] = [];
    let missed = 0;
    let done = 0;
    for (let i = 0; i < WARMUP + scans; i++) {
      if (deadline.near(reserveMs + 3_000)) break;
      const res = await device.scan(i, scanUrl, headers, JSON.stringify({ qr: qrs[i] }));
      const { t0, t1 } = res;
      if (res.status !== 200 || (JSON.parse(res.body) as { result: string }).result !== 'VALID') {
        throw new Error(`scan ${i}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
      }
      const arrivals = await fleet.arrivals(i);
      if (!arrivals) {
        missed++;
        break; // later events could no longer be matched to their scans
      }
      if (i < WARMUP) continue;
      let last = 0;
      for (const t of arrivals) {
        delivery.push(t - t0);
        if (t - t0 > last) last = t - t0;
      }
      lastClient.push(last);
      httpLat.push(t1 - t0);
      const e = emits[i];
      if (e) {
        untilEmit.push(e.start - t0);
        emitLoop.push(e.end - e.start);
      }
      done++;
    }
    return {
      label,
      instances,
      db: dbKind,
      clients: fleet.connected,
      scans: done,
      missed,
      delivery: summarize(delivery),
      lastClient: summarize(lastClient),
      http: summarize(httpLat),
      untilEmit: summarize(untilEmit),
      emitLoop: summarize(emitLoop),
    };
  } finally {
    for (const fn of cleanup) await fn();
  }
}

// ─────────────────────────── (b) offline sync ───────────────────────────

interface SyncResult {
  scans: number;
  batches: number;
  totalMs: number;
  scansPerS: number;
  batch: Summary;
  baseline: { scans: number; totalMs: number; scansPerS: number; perScan: Summary };
  replayMs: number;
  checks: Record<string, number>;
}

async function offlineSync(dbKind: 'pglite' | 'postgres', deadline: Deadline): Promise<SyncResult> {
  const db = await openTestDatabase(dbKind, { poolSize: 10 });
  const cleanup: (() => unknown)[] = [() => db.close()];
  try {
    const deps = testDeps(db);
    const server = await startTestServer(deps);
    cleanup.unshift(() => server.close());
    const http = new LoopbackClient(server.port, 1);
    cleanup.unshift(() => http.close());
    const ev = await makeEvent(deps, { quota: 20_000, capacity: 20_000 });
    const devA = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    const devB = await makeUsher(deps, ev.eventId, ev.gateIds[1]!, ev.organizerId);
    const distinct = UPLOAD.firstAdmissions + UPLOAD.conflicts;
    const qrs = await mintTickets(deps, ev, distinct + BASELINE_SINGLE);
    progress(deadline, `offline sync: ${qrs.length} tickets minted`);
    const base = deps.clock.now().getTime() - 60 * 60_000;
    const item = (code: string, at: number, offlineResult: string) => ({
      nonce: randomUUID(),
      code,
      method: 'QR',
      direction: 'ENTRY',
      scannedAt: new Date(at).toISOString(),
      offlineResult,
    });
    const post = async (token: string, path: string, body: unknown) => {
      const res = await http.request('POST', path, {
        body: JSON.stringify(body),
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
      return JSON.parse(res.body) as { results?: { status: string; conflict: boolean }[]; status?: string };
    };

    // baseline: the same kind of scan, one per request (scan/log = a batch of one)
    const perScan: number[] = [];
    const bStart = abs();
    for (let i = 0; i < BASELINE_SINGLE; i++) {
      if (deadline.near(30_000)) break;
      const t0 = abs();
      const r = await post(devA.token, '/api/usher/scan/log/', {
        deviceId: 'bench-single',
        ...item(qrs[distinct + i]!, base + i, 'VALID'),
      });
      if (r.status !== 'APPLIED') throw new Error(`single upload answered ${r.status}`);
      perScan.push(abs() - t0);
    }
    const baselineMs = abs() - bStart;
    progress(deadline, `offline sync: baseline of ${perScan.length} single uploads done; uploading the queue`);

    // device B uploaded its admissions of the last 500 tickets first (earlier scans)
    const conflictQrs = qrs.slice(UPLOAD.firstAdmissions, distinct);
    await post(devB.token, '/api/usher/sync/logs/', {
      deviceId: 'bench-B',
      scans: conflictQrs.map((q, i) => item(q, base + i, 'VALID')),
    });

    // device A's queue: 9,000 admissions, 500 refused re-scans, 500 later admissions (conflicts)
    const queue: ReturnType<typeof item>[] = [];
    let t = base + 10 * 60_000;
    const tick = () => {
      t += 50;
      return t;
    };
    for (let i = 0; i < UPLOAD.firstAdmissions; i++) {
      queue.push(item(qrs[i]!, tick(), 'VALID'));
      if (i % 18 === 17 && queue.length < UPLOAD.firstAdmissions + UPLOAD.rescans) {
        queue.push(item(qrs[i - 3]!, tick(), 'ALREADY_SCANNED'));
      }
    }
    for (const q of conflictQrs) queue.push(item(q, tick(), 'VALID'));
    const rescans = queue.filter((q) => q.offlineResult === 'ALREADY_SCANNED').length;
    const batches: (typeof queue)[] = [];
    for (let i = 0; i < queue.length; i += UPLOAD.batch) batches.push(queue.slice(i, i + UPLOAD.batch));

    const batchMs: number[] = [];
    let applied = 0;
    let conflicts = 0;
    const start = abs();
    for (const scans of batches) {
      if (deadline.near(4_000)) break;
      const t0 = abs();
      const r = await post(devA.token, '/api/usher/sync/logs/', { deviceId: 'bench-A', scans });
      batchMs.push(abs() - t0);
      applied += r.results!.filter((x) => x.status === 'APPLIED').length;
      conflicts += r.results!.filter((x) => x.conflict).length;
    }
    const totalMs = abs() - start;
    const uploaded = batchMs.length === batches.length ? queue.length : batchMs.length * UPLOAD.batch;

    // a retried batch: all duplicates, nothing written
    const before = await deps.db.checkIn.count({ where: { eventId: ev.eventId } });
    const r0 = abs();
    const replay = await post(devA.token, '/api/usher/sync/logs/', { deviceId: 'bench-A', scans: batches[0] });
    const replayMs = abs() - r0;
    const after = await deps.db.checkIn.count({ where: { eventId: ev.eventId } });
    const duplicates = replay.results!.filter((x) => x.status === 'DUPLICATE').length;

    const admitted = await deps.db.ticket.count({ where: { eventId: ev.eventId, entries: 1 } });
    const flagged = await deps.db.checkIn.count({ where: { eventId: ev.eventId, conflict: true } });
    const checks = {
      queued: queue.length,
      uploaded,
      applied,
      rescans,
      conflicts_reported: conflicts,
      conflicts_stored: flagged,
      tickets_admitted_once: admitted,
      replay_duplicates: duplicates,
      rows_written_by_replay: after - before,
    };
    if (uploaded === queue.length) {
      const wrong: string[] = [];
      if (applied !== queue.length) wrong.push(`applied ${applied} of ${queue.length}`);
      if (conflicts !== UPLOAD.conflicts || flagged !== UPLOAD.conflicts)
        wrong.push(`conflicts ${conflicts}/${flagged}`);
      if (admitted !== distinct + perScan.length) wrong.push(`admitted ${admitted}, want ${distinct + perScan.length}`);
      if (duplicates !== batches[0]!.length || after !== before) wrong.push('replay wrote or re-applied scans');
      if (wrong.length) throw new Error(`offline sync check failed: ${wrong.join('; ')}`);
    }
    return {
      scans: uploaded,
      batches: batchMs.length,
      totalMs,
      scansPerS: (uploaded / totalMs) * 1000,
      batch: summarize(batchMs),
      baseline: {
        scans: perScan.length,
        totalMs: baselineMs,
        scansPerS: (perScan.length / baselineMs) * 1000,
        perScan: summarize(perScan),
      },
      replayMs,
      checks,
    };
  } finally {
    for (const fn of cleanup) await fn();
  }
}

// ─────────────────────────── the benches ───────────────────────────

/**
 * `pnpm bench gate` (a, one instance on `--db`) and `pnpm bench gate-redis` (a, two instances
 * joined through Redis on PostgreSQL, whatever `--db` says).
 */
export async function runGate(opts: BenchOptions, mode: 'single' | 'redis' = 'single'): Promise<BenchResult> {
  const deadline = new Deadline();
  const loadStart = loadavg()[0]!.toFixed(2);
  const scans = opts.n ?? 100;
  const notes: string[] = [];
  let single: FanoutResult | null = null;
  let dual: FanoutResult | null = null;
  if (mode === 'single') single = await fanout('single instance', opts.db, 1, scans, deadline, 5_000);
  else if ((await postgresAvailable()) && (await redisAvailable())) {
    dual = await fanout('two instances + Redis', 'postgres', 2, scans, deadline, 5_000);
  } else {
    throw new Error('gate-redis needs PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379)');
  }
  const runs = [single, dual].filter((r): r is FanoutResult => r !== null);

  const fan = (r: FanoutResult) => ({
    instances: r.instances,
    db: r.db,
    clients: r.clients,
    scans: r.scans,
    missed: r.missed,
    delivery: summaryFigures(r.delivery),
    slowest_client_per_scan: summaryFigures(r.lastClient),
    http_response: summaryFigures(r.http),
    diagnostic_scan_until_emit: summaryFigures(r.untilEmit),
    diagnostic_emit_call: summaryFigures(r.emitLoop),
    ratio_delivery_p50_vs_http_p50: ratio(r.delivery.p50, r.http.p50),
    ratio_delivery_p99_vs_http_p99: ratio(r.delivery.p99, r.http.p99),
    goal_p99_under_50ms: r.delivery.p99 < 50,
  });
  const loadEnd = loadavg()[0]!.toFixed(2);
  const fanRows = (r: FanoutResult) => [
    [...summaryRow(`${r.label}: scan HTTP response (baseline)`, r.http), 1, 1],
    [
      ...summaryRow(`${r.label}: gate.counts at each client`, r.delivery),
      ratio(r.delivery.p50, r.http.p50),
      ratio(r.delivery.p99, r.http.p99),
    ],
    [
      ...summaryRow(`${r.label}: slowest client per scan`, r.lastClient),
      ratio(r.lastClient.p50, r.http.p50),
      ratio(r.lastClient.p99, r.http.p99),
    ],
    [...summaryRow('  diagnostic: scan sent → emit starts', r.untilEmit), '', ''],
    [...summaryRow(`  diagnostic: emit call (${r.instances === 1 ? 'all' : 'local'} sockets)`, r.emitLoop), '', ''],
  ];
  const goal = (r: FanoutResult) =>
    `${r.label}: ${r.delivery.p99 < 50 ? 'met' : 'missed'} (p99 ${ms(r.delivery.p99)} ms at ${r.clients} clients)`;
  const r = runs[0]!;
  return {
    bench: mode === 'single' ? 'gate' : 'gate-redis',
    figures: {
      ...fan(r),
      cores: availableParallelism(),
      load_avg_1m: { start: Number(loadStart), end: Number(loadEnd) },
    },
    table: [
      {
        title: `scan → gate.counts at ${CLIENTS} clients — ${r.label}, db=${r.db}, ${r.scans} scans after ${WARMUP} warm-up, ${r.missed} missed`,
        head: [...SUMMARY_HEAD, '×HTTP p50', '×HTTP p99'],
        rows: fanRows(r),
      },
    ],
    notes: [
      ...notes,
      `goal (< 50 ms p99 at every client) ${goal(r)}`,
      `load average (1 min) at start ${loadStart}, at end ${loadEnd} on ${availableParallelism()} cores`,
    ],
  };
}

/** `pnpm bench gate-sync`: (b), 10,000 queued scans uploaded in batches of 500 on `--db`. */
export async function runGateSync(opts: BenchOptions): Promise<BenchResult> {
  const deadline = new Deadline();
  const loadStart = loadavg()[0]!.toFixed(2);
  const sync = await offlineSync(opts.db, deadline);
  const loadEnd = loadavg()[0]!.toFixed(2);
  return {
    bench: 'gate-sync',
    figures: {
      db: opts.db,
      cores: availableParallelism(),
      load_avg_1m: { start: Number(loadStart), end: Number(loadEnd) },
      scans: sync.scans,
      batches: sync.batches,
      total_ms: Math.round(sync.totalMs),
      scans_per_s: Math.round(sync.scansPerS),
      batch: summaryFigures(sync.batch),
      replay_batch_ms: ms(sync.replayMs),
      baseline_single_uploads: {
        scans: sync.baseline.scans,
        total_ms: Math.round(sync.baseline.totalMs),
        scans_per_s: Math.round(sync.baseline.scansPerS),
        per_scan: summaryFigures(sync.baseline.perScan),
      },
      ratio_batch_throughput_vs_single: ratio(sync.scansPerS, sync.baseline.scansPerS),
      checks: sync.checks,
    },
    table: [
      {
        title: `offline upload of ${sync.scans} scans in ${sync.batches} batches of ${UPLOAD.batch} (${opts.db})`,
        head: ['', 'scans', 'total ms', 'scans/s', 'p50 ms', 'p99 ms', '× baseline scans/s'],
        rows: [
          [
            'one scan per request (scan/log, baseline)',
            sync.baseline.scans,
            Math.round(sync.baseline.totalMs),
            Math.round(sync.baseline.scansPerS),
            ms(sync.baseline.perScan.p50),
            ms(sync.baseline.perScan.p99),
            1,
          ],
          [
            `batches of ${UPLOAD.batch} (sync/logs; p50/p99 per batch)`,
            sync.scans,
            Math.round(sync.totalMs),
            Math.round(sync.scansPerS),
            ms(sync.batch.p50),
            ms(sync.batch.p99),
            ratio(sync.scansPerS, sync.baseline.scansPerS),
          ],
        ],
      },
    ],
    notes: [
      `checks: ${JSON.stringify(sync.checks)}`,
      `replaying one batch of ${UPLOAD.batch} (all duplicates) took ${ms(sync.replayMs)} ms`,
      `load average (1 min) at start ${loadStart}, at end ${loadEnd} on ${availableParallelism()} cores`,
    ],
  };
}
