/**
 * `pnpm bench seats`: reserved seating under a rush (issue 7 "Benchmark").
 *
 * (a) The rush. One event on a 500-seat map (25 rows × 20, one category, quota 500); 2 000 buyers
 *     at once over real HTTP, each with its own customer session. A buyer picks a random seat
 *     (deterministic PRNG) and tries to hold it (`POST /api/v1/events/{id}/seats/hold/`); on
 *     CONFLICT it picks another, up to 3 tries; with a hold it books (`…/seats/book/`) and pays
 *     in test mode (`/v1/payments/process/` → `/v1/payments/confirm/`). Twenty seats are BLOCKED
 *     during the rush (kept for (b)). Afterwards the database is checked: no seat carries two
 *     VALID tickets (double-sold = 0, exit 1 otherwise), SOLD seats = tickets = PAID orders' units,
 *     and the ledger invariant holds.
 *     Figures: holds/s (successful holds ÷ rush window), hold p50/p99 (every hold request).
 * (b) Live fan-out. 1 000 anonymous socket.io viewers (in a worker thread) join the seat room
 *     (`seats.subscribe`); 30 sequential holds of the kept seats; for each, the time from sending
 *     the hold to each viewer receiving its `seats.changed` — p50/p99 over all 30 000 deliveries.
 * Baselines in the same run: `GET /healthz` round trip, the same hold alone (30 sequential holds,
 * no contention), and in (b) the hold's own HTTP response time.
 *
 * PostgreSQL when reachable (concurrent transactions are the point), else the embedded PGlite.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SESSION_LIFETIME_MS } from '../server/src/auth/sessions.ts';
import { randomSecret, sha256Bytes } from '../server/src/auth/tokens.ts';
import { requestDeps } from '../server/src/deps.ts';
import { createOfflineProvider } from '../server/src/modules/payments/provider.ts';
import { assignSeatMapToEvent, createSeatMap } from '../server/src/modules/seating/seat-maps.service.ts';
import { makeSeatingAdmin } from '../server/src/modules/seating/seating-fixtures.ts';
import {
  makeEvent,
  openTestDatabase,
  postgresAvailable,
  signIn,
  startTestServer,
  testDeps,
} from '../server/test/harness.ts';
import {
  type BenchOptions,
  type BenchResult,
  Deadline,
  LoopbackClient,
  ms,
  prng,
  ratio,
  round,
  SUMMARY_HEAD,
  summarize,
  summaryFigures,
  summaryRow,
} from './lib.ts';

const ROWS = 25;
const PER_ROW = 20;
const SEATS = ROWS * PER_ROW;
const KEPT = 20;
const BUYERS = 2_000;
const TRIES = 3;
const VIEWERS = 1_000;
const PROBES = 30;
const HEALTHZ_ROUNDS = 200;
const BASELINE_HOLDS = 30;
const POOL_SIZE = 20;
const SOCKETS = Number(process.env.SEATS_SOCKETS ?? 200);
const COMPLETE_TIMEOUT_MS = 5_000;

const abs = () => performance.timeOrigin + performance.now();

function request(agent: http.Agent, port: number, method: string, path: string, body?: string, token?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(50_000, () => req.destroy(new Error(`${method} ${path}: timed out after 50 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

// ─────────────────────────── the viewers' worker (plain JS, eval'd) ───────────────────────────

const VIEWER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { io } = require(workerData.client);
const now = () => performance.timeOrigin + performance.now();
const sockets = [];
const arrivals = new Map();
parentPort.on('message', async (m) => {
  if (m.type === 'connect') {
    try {
      for (let k = 0; k < m.count; k += 50) {
        await Promise.all(Array.from({ length: Math.min(50, m.count - k) }, async (_, c) => {
          const index = k + c;
          const s = io(m.url, { transports: ['websocket'], forceNew: true, reconnection: false });
          sockets[index] = s;
          s.on('seats.changed', (p) => {
            for (const seat of p.seats) {
              if (seat.status !== 'HELD') continue;
              let a = arrivals.get(seat.id);
              if (!a) { a = { t: new Float64Array(m.count), n: 0 }; arrivals.set(seat.id, a); }
              a.t[index] = now();
              if (++a.n === m.count) {
                arrivals.delete(seat.id);
                parentPort.postMessage({ type: 'complete', seatId: seat.id, t: a.t }, [a.t.buffer]);
              }
            }
          });
          await new Promise((resolve, reject) => { s.once('connect', resolve); s.once('connect_error', reject); });
          const ack = await s.timeout(15000).emitWithAck('seats.subscribe', m.eventId);
          if (!ack.ok) throw new Error('seats.subscribe: ' + ack.error);
        }));
      }
      parentPort.postMessage({ type: 'ready', connected: sockets.length });
    } catch (err) {
      parentPort.postMessage({ type: 'error', message: String((err && err.message) || err) });
    }
  } else if (m.type === 'close') {
    for (const s of sockets) s && s.disconnect();
    parentPort.postMessage({ type: 'closed' });
  }
});
`;

async function viewerFleet(url: string, eventId: string, count: number) {
  const client = createRequire(import.meta.url).resolve('socket.io-client');
  const worker = new Worker(VIEWER_SOURCE, { eval: true, workerData: { client } });
  const complete = new Map<string, Float64Array>();
  const waiters = new Map<string, (t: Float64Array) => void>();
  let failure: string | null = null;
  let onReady: ((n: number) => void) | null = null;
  let onClosed: (() => void) | null = null;
  worker.on(
    'message',
    (
      m:
        | { type: 'ready'; connected: number }
        | { type: 'error'; message: string }
        | { type: 'closed' }
        | { type: 'complete'; seatId: string; t: Float64Array },
    ) => {
      if (m.type === 'ready') onReady?.(m.connected);
      else if (m.type === 'error') failure = m.message;
      else if (m.type === 'closed') onClosed?.();
      else {
        const w = waiters.get(m.seatId);
        if (w) {
          waiters.delete(m.seatId);
          w(m.t);
        } else complete.set(m.seatId, m.t);
      }
    },
  );
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
    const timer = setTimeout(() => finish(new Error(failure ?? 'viewers did not connect within 40 s')), 40_000);
    const poll = setInterval(() => {
      if (failure) finish(new Error(failure));
    }, 50);
    onReady = (n) => finish(null, n);
    worker.postMessage({ type: 'connect', url, eventId, count });
  });
  return {
    connected,
    /** every viewer's arrival time of the HELD message of `seatId` (null: not all within 5 s) */
    arrivals(seatId: string): Promise<Float64Array | null> {
      const done = complete.get(seatId);
      if (done) {
        complete.delete(seatId);
        return Promise.resolve(done);
      }
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(seatId);
          resolve(null);
        }, COMPLETE_TIMEOUT_MS);
        waiters.set(seatId, (t) => {
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

type Buyer = { holds: number[]; held: boolean; paid: boolean; error: string | null };

export async function runSeats(opts: BenchOptions): Promise<BenchResult> {
  const deadline = new Deadline();
  const loadStart = loadavg()[0]!.toFixed(2);
  const buyers = Math.min(opts.n ?? BUYERS, 20_000);
  const notes: string[] = [];
  const pg = await postgresAvailable();
  if (!pg) notes.push('PostgreSQL not reachable on 127.0.0.1:5432: ran on the embedded PGlite (one connection)');
  const db = await openTestDatabase(pg ? 'postgres' : 'pglite', { poolSize: POOL_SIZE });
  const deps = testDeps(db);
  deps.payments = createOfflineProvider();
  const server = await startTestServer(deps);
  const client = new LoopbackClient(server.port, 1);
  const agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS, maxFreeSockets: SOCKETS });
  let fleet: Awaited<ReturnType<typeof viewerFleet>> | null = null;
  try {
    // ── setup (not measured): a 500-seat map assigned to the event, buyers with sessions
    const ev = await makeEvent(deps, { quota: SEATS, priceMinor: 45_000, capacity: SEATS, startsInMinutes: 24 * 60 });
    await deps.db.ticketCategory.update({ where: { id: ev.standardId }, data: { maxPerOrder: 10 } });
    const admin = (await signIn(deps, await makeSeatingAdmin(deps))).actor;
    const d = requestDeps(deps);
    const map = await createSeatMap(d, admin, {
      venueId: ev.venueId,
      name: 'Bench hall',
      width: 40 + PER_ROW * 24,
      height: 60 + ROWS * 28,
      sections: [
        {
          name: 'Hall',
          generate: {
            rows: ROWS,
            seatsPerRow: PER_ROW,
            origin: { x: 20, y: 40 },
            spacing: { x: 24, y: 28 },
            rowLabels: 'letters',
          },
        },
      ],
    });
    const hall = map.sections[0]!;
    await assignSeatMapToEvent(d, admin, {
      eventId: ev.eventId,
      seatMapId: map.id,
      categoryBySection: { [hall.id]: ev.standardId },
    });
    const seatIds = hall.seats.map((s) => s.id);
    const kept = seatIds.slice(-KEPT);
    const forSale = seatIds.slice(0, SEATS - KEPT);
    await deps.db.eventSeat.updateMany({
      where: { eventId: ev.eventId, seatId: { in: kept } },
      data: { status: 'BLOCKED' },
    });

    const stamp = Date.now().toString(36);
    await deps.db.user.createMany({
      data: Array.from({ length: buyers + 1 }, (_, i) => ({
        role: 'CUSTOMER' as const,
        status: 'ACTIVE' as const,
        mobile: `+2016${String(i).padStart(8, '0')}`,
        passwordHash: 'bench-no-password',
        firstName: 'Seat',
        lastName: `${stamp}-${i}`,
      })),
    });
    const users = await deps.db.user.findMany({
      where: { lastName: { startsWith: `${stamp}-` } },
      select: { id: true },
      orderBy: { mobile: 'asc' },
    });
    const now = deps.clock.now();
    const sessions = users.map((u) => ({ id: randomSecret(), secret: randomSecret(), userId: u.id }));
    await deps.db.session.createMany({
      data: sessions.map((s) => ({
        id: s.id,
        secretHash: sha256Bytes(s.secret),
        userId: s.userId,
        createdAt: now,
        lastUsedAt: now,
        expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
      })),
    });
    const tokens = sessions.map((s) => `${s.id}.${s.secret}`);
    const probeToken = tokens.pop()!;
    const post = (path: string, token: string, body: unknown) =>
      request(agent, server.port, 'POST', `/api${path}`, JSON.stringify(body), token);

    // ── baseline: /healthz
    for (let i = 0; i < 20; i++) await client.request('GET', '/healthz');
    const healthz: number[] = [];
    for (let i = 0; i < HEALTHZ_ROUNDS; i++) {
      const t0 = performance.now();
      const res = await client.request('GET', '/healthz');
      if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
      healthz.push(performance.now() - t0);
    }

    // ── baseline: the same hold alone (sequential, no contention), then given back
    const base = `/v1/events/${ev.eventId}/seats`;
    const alone: number[] = [];
    for (let i = 0; i < BASELINE_HOLDS; i++) {
      const seat = forSale[i]!;
      const t0 = performance.now();
      const res = await post(`${base}/hold/`, probeToken, { seatIds: [seat] });
      alone.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`uncontended hold ${res.status} ${res.body.slice(0, 200)}`);
      await post(`${base}/release/`, probeToken, { seatIds: [seat] });
    }

    // ── (a) the rush
    const rand = prng(7);
    const picks = tokens.map(() => Array.from({ length: TRIES }, () => forSale[Math.floor(rand() * forSale.length)]!));
    const buy = async (token: string, i: number): Promise<Buyer> => {
      const b: Buyer = { holds: [], held: false, paid: false, error: null };
      try {
        let seat: string | null = null;
        for (const candidate of picks[i]!) {
          const t0 = performance.now();
          const res = await post(`${base}/hold/`, token, { seatIds: [candidate] });
          b.holds.push(performance.now() - t0);
          if (res.status === 200) {
            seat = candidate;
            break;
          }
          if (res.status !== 409) {
            b.error = `hold ${res.status} ${res.body.slice(0, 160)}`;
            return b;
          }
        }
        if (!seat) return b;
        b.held = true;
        const order = await post(`${base}/book/`, token, { seatIds: [seat] });
        if (order.status !== 200) {
          b.error = `book ${order.status} ${order.body.slice(0, 160)}`;
          return b;
        }
        const { id: orderId } = JSON.parse(order.body) as { id: string };
        const intent = await post('/v1/payments/process/', token, { orderId });
        if (intent.status !== 200) {
          b.error = `process ${intent.status} ${intent.body.slice(0, 160)}`;
          return b;
        }
        const { paymentId } = JSON.parse(intent.body) as { paymentId: string };
        const paid = await post('/v1/payments/confirm/', token, { paymentId });
        if (paid.status !== 200) {
          b.error = `confirm ${paid.status} ${paid.body.slice(0, 160)}`;
          return b;
        }
        b.paid = true;
        return b;
      } catch (err) {
        b.error = String(err);
        return b;
      }
    };
    const start = performance.now();
    const results = await Promise.all(tokens.map((t, i) => buy(t, i)));
    const wall = performance.now() - start;
    const holdLatency = summarize(results.flatMap((r) => r.holds));
    const holdsOk = results.filter((r) => r.held).length;
    const holdsPerS = holdsOk / (wall / 1000);
    const holdRequests = results.reduce((n, r) => n + r.holds.length, 0);
    const holdRequestsPerS = holdRequests / (wall / 1000);
    const holdAlone = summarize(alone);
    const errors = results.filter((r) => r.error);

    // ── the books: no seat sold twice
    const [doubles, soldSeats, validTickets, ticketSeats] = await Promise.all([
      deps.db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM (
          SELECT "seatId" FROM "Ticket" WHERE "eventId" = ${ev.eventId}::uuid AND "status" = 'VALID' AND "seatId" IS NOT NULL
          GROUP BY "seatId" HAVING count(*) > 1) d`,
      deps.db.eventSeat.count({ where: { eventId: ev.eventId, status: 'SOLD' } }),
      deps.db.ticket.count({ where: { eventId: ev.eventId, status: 'VALID' } }),
      deps.db.ticket.count({ where: { eventId: ev.eventId, status: 'VALID', seatId: { not: null } } }),
    ]);
    const doubleSold = Number(doubles[0]?.n ?? 0);
    const paidBuyers = results.filter((r) => r.paid).length;
    const { checkLedger } = await import('../server/src/modules/ledger/ledger.ts');
    const ledgerProblems = (await checkLedger(deps.db)).length;

    // ── (b) live fan-out to 1 000 viewers: 30 sequential holds of the kept seats
    await deps.db.eventSeat.updateMany({
      where: { eventId: ev.eventId, seatId: { in: kept } },
      data: { status: 'AVAILABLE' },
    });
    fleet = await viewerFleet(server.url, ev.eventId, VIEWERS);
    const deliveries: number[] = [];
    const holdHttp: number[] = [];
    let incomplete = 0;
    for (let i = 0; i < PROBES; i++) {
      const seat = kept[i % KEPT]!;
      const arrivals = fleet.arrivals(seat);
      const t0 = abs();
      const res = await post(`${base}/hold/`, probeToken, { seatIds: [seat] });
      const t1 = abs();
      if (res.status !== 200) throw new Error(`probe hold ${res.status} ${res.body.slice(0, 200)}`);
      holdHttp.push(t1 - t0);
      const times = await arrivals;
      if (!times) incomplete++;
      else for (const t of times) deliveries.push(t - t0);
      // give it back (not measured), so a later probe can hold it again
      await post(`${base}/release/`, probeToken, { seatIds: [seat] });
    }
    const delivery = summarize(deliveries);
    const http1 = summarize(holdHttp);
    const hz = summarize(healthz);

    const failed =
      doubleSold > 0 ||
      soldSeats !== validTickets ||
      ticketSeats !== validTickets ||
      paidBuyers !== validTickets ||
      ledgerProblems > 0 ||
      incomplete > 0;
    if (failed) {
      process.exitCode = 1;
      notes.push(
        `FAILED: double-sold ${doubleSold}, SOLD seats ${soldSeats}, VALID tickets ${validTickets}, paid buyers ${paidBuyers}, ledger problems ${ledgerProblems}, incomplete fan-outs ${incomplete}`,
      );
    }
    const kinds = new Map<string, number>();
    for (const e of errors) {
      const k = e.error!.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>').slice(0, 120);
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
    for (const [k, n] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 5)) notes.push(`${n} × ${k}`);

    return {
      bench: 'seats',
      table: [
        {
          title: `(a) ${buyers} buyers at once on ${SEATS - KEPT} seats: hold (≤ ${TRIES} tries) → book → pay over HTTP (${pg ? `PostgreSQL, pool ${POOL_SIZE}` : 'PGlite'}, ${SOCKETS} connections)`,
          head: SUMMARY_HEAD,
          rows: [
            summaryRow('GET /healthz (baseline)', hz),
            summaryRow('hold alone (baseline)', holdAlone),
            summaryRow('hold request in the rush', holdLatency),
          ],
        },
        {
          title: `(b) hold → seats.changed at each of ${fleet.connected} viewers (${deliveries.length / Math.max(1, fleet.connected)} holds)`,
          head: SUMMARY_HEAD,
          rows: [summaryRow('hold HTTP response (baseline)', http1), summaryRow('delivery to every viewer', delivery)],
        },
        {
          title: 'outcome',
          head: ['', 'value'],
          rows: [
            ['double-sold seats (DB)', doubleSold],
            ['seats SOLD / VALID tickets / paid buyers', `${soldSeats} / ${validTickets} / ${paidBuyers}`],
            ['holds won / buyers', `${holdsOk} / ${buyers}`],
            ['hold requests answered / s (won or CONFLICT)', round(holdRequestsPerS, 1)],
            ['holds won / s (rush)', round(holdsPerS, 1)],
            ['whole rush s', round(wall / 1000, 2)],
            ['errors (not CONFLICT)', errors.length],
            ['ledger problems', ledgerProblems],
            ['hold alone p50 ÷ healthz p50', ratio(holdAlone.p50, hz.p50)],
            ['rush hold p50 ÷ hold alone p50', ratio(holdLatency.p50, holdAlone.p50)],
            ['rush hold p99 ÷ hold alone p50', ratio(holdLatency.p99, holdAlone.p50)],
            ['hold p50 ÷ healthz p50', ratio(holdLatency.p50, hz.p50)],
            ['hold p99 ÷ healthz p50', ratio(holdLatency.p99, hz.p50)],
            ['delivery p99 ÷ hold HTTP p99', ratio(delivery.p99, http1.p99)],
            ['delivery p99 ÷ healthz p50', ratio(delivery.p99, hz.p50)],
          ],
        },
      ],
      figures: {
        db: pg ? 'postgres' : 'pglite',
        buyers,
        seats: SEATS,
        doubleSold,
        soldSeats,
        validTickets,
        paidBuyers,
        holdsWon: holdsOk,
        holdsPerSecond: round(holdsPerS, 1),
        holdRequests,
        holdRequestsPerSecond: round(holdRequestsPerS, 1),
        holdAlone: summaryFigures(holdAlone),
        rushHoldP50OverAloneP50: ratio(holdLatency.p50, holdAlone.p50),
        rushHoldP99OverAloneP50: ratio(holdLatency.p99, holdAlone.p50),
        rushS: round(wall / 1000, 2),
        hold: summaryFigures(holdLatency),
        healthz: summaryFigures(hz),
        viewers: fleet.connected,
        delivery: summaryFigures(delivery),
        holdHttp: summaryFigures(http1),
        holdP50OverHealthzP50: ratio(holdLatency.p50, hz.p50),
        holdP99OverHealthzP50: ratio(holdLatency.p99, hz.p50),
        deliveryP99OverHoldHttpP99: ratio(delivery.p99, http1.p99),
        deliveryP99OverHealthzP50: ratio(delivery.p99, hz.p50),
        errors: errors.length,
        ledgerProblems,
        ok: !failed,
        cores: availableParallelism(),
        load: `${loadStart} → ${loadavg()[0]!.toFixed(2)}`,
        ms: ms(deadline.elapsedMs),
      },
      notes,
    };
  } finally {
    await fleet?.close();
    client.close();
    agent.destroy();
    await server.close();
    await db.close();
  }
}
