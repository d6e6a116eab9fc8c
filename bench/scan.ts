/**
 * `pnpm bench scan`: gate scan latency over real HTTP on a started test server.
 *
 * (a) N sequential scans (`usher.scan.result`) through REST (`POST /api/usher/scan/result/`,
 *     bearer token) and through tRPC (`POST /trpc/usher.scan.result`, superjson body), each
 *     iteration also doing one `GET /healthz` — the baseline — on the same keep-alive connection
 *     (one socket for all three, order rotated every iteration). About two thirds of the scans
 *     are first scans of a fresh ticket (VALID), one third re-scans of an admitted ticket
 *     (ALREADY_SCANNED). Figure: scan p50 / healthz p50.
 * (b) A second usher's socket.io client subscribed to the event's gate room measures, per tRPC
 *     scan, sending the request → receiving `gate.counts`. Baseline: the same scan's own HTTP
 *     response time. Figure: gate.counts p50 (p99) / HTTP response p50 (p99).
 */
import { availableParallelism, loadavg } from 'node:os';
import type { ClientToServerEvents, GateCountsPayload, ServerToClientEvents } from '@admit/shared';
import { io, type Socket } from 'socket.io-client';
import { validateSessionToken } from '../server/src/auth/sessions.ts';
import {
  buyTickets,
  callerFor,
  makeCustomer,
  makeEvent,
  makeUsher,
  openTestDatabase,
  startTestServer,
  testDeps,
} from '../server/test/harness.ts';
import {
  type BenchOptions,
  type BenchResult,
  countConnections,
  Deadline,
  LoopbackClient,
  ms,
  pool,
  prng,
  ratio,
  SUMMARY_HEAD,
  summarize,
  summaryFigures,
  summaryRow,
} from './lib.ts';

type Kind = 'fresh' | 'rescan';
type Expected = 'VALID' | 'ALREADY_SCANNED';

const WARMUP = 20;
const TICKETS_PER_ORDER = 10; // the Standard category's maxPerOrder
const GATE_EVENT_TIMEOUT_MS = 2_000;
/** orders bought at once during setup (PGlite serialises queries, but Prisma's JS work overlaps) */
const SETUP_CONCURRENCY = 3;

/** Every third scan re-scans an already admitted ticket; the others admit a fresh one. */
const planOf = (count: number): Kind[] => Array.from({ length: count }, (_, i) => (i % 3 === 2 ? 'rescan' : 'fresh'));
const freshIn = (plan: Kind[]) => plan.filter((k) => k === 'fresh').length;

/** Hands out QR payloads following a plan: fresh tickets in order, re-scans drawn from the admitted ones. */
function ticketFeed(qrs: string[], seed: number) {
  const rand = prng(seed);
  const admitted: string[] = [];
  return (kind: Kind): { qr: string; expect: Expected } => {
    if (kind === 'rescan' && admitted.length > 0) {
      return { qr: admitted[Math.floor(rand() * admitted.length)]!, expect: 'ALREADY_SCANNED' };
    }
    const qr = qrs.pop();
    if (!qr) throw new Error('ran out of pre-created tickets');
    admitted.push(qr);
    return { qr, expect: 'VALID' };
  };
}

export async function runScan(opts: BenchOptions): Promise<BenchResult> {
  const deadline = new Deadline();
  const loadStart = loadavg()[0]!.toFixed(2);
  const n = opts.n ?? 500;
  const nGate = Math.max(1, Math.ceil(n / 2));
  const planA = planOf(WARMUP + n);
  const planB = planOf(WARMUP + nGate);
  // (a) uses the plan once per protocol, (b) once; +1 for the query-count probe
  const freshNeeded = 2 * freshIn(planA) + freshIn(planB) + 1;

  const setupStart = performance.now();
  const db = await openTestDatabase(opts.db);
  const cleanup: (() => unknown)[] = [() => db.close()];
  try {
    const deps = testDeps(db);
    const server = await startTestServer(deps);
    cleanup.unshift(() => server.close());
    const client = new LoopbackClient(server.port, 1);
    cleanup.unshift(() => client.close());

    const ev = await makeEvent(deps, { quota: freshNeeded + 10, capacity: freshNeeded + 10 });
    const scanner = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    const watcher = await makeUsher(deps, ev.eventId, ev.gateIds[1]!, ev.organizerId);

    // Paid tickets, 10 per order, one customer per order (buyTickets returns all of a
    // customer's tickets for the event, so a fresh customer keeps each batch separate).
    const batches = Array.from({ length: Math.ceil(freshNeeded / TICKETS_PER_ORDER) }, (_, i) =>
      Math.min(TICKETS_PER_ORDER, freshNeeded - i * TICKETS_PER_ORDER),
    );
    const bought = await pool(batches, SETUP_CONCURRENCY, async (qty) => {
      if (deadline.near(30_000)) throw new Error('ticket setup is too slow for the time budget; lower --n');
      const customer = await makeCustomer(deps);
      const tickets = await buyTickets(deps, customer.actor, ev, qty);
      if (tickets.length !== qty) throw new Error(`bought ${tickets.length} tickets, wanted ${qty}`);
      return tickets.map((t) => t.qrPayload);
    });
    const qrs = bought.flat().reverse();
    const setupMs = performance.now() - setupStart;

    const auth = { authorization: `Bearer ${scanner.token}` };
    const scanRest = async (qr: string) => {
      const res = await client.request('POST', '/api/usher/scan/result/', {
        body: JSON.stringify({ qr }),
        headers: auth,
      });
      if (res.status !== 200) throw new Error(`REST scan: HTTP ${res.status} ${res.body.slice(0, 200)}`);
      return (JSON.parse(res.body) as { result: string }).result;
    };
    const scanTrpc = async (qr: string) => {
      const res = await client.request('POST', '/trpc/usher.scan.result', {
        body: JSON.stringify({ json: { qr } }),
        headers: auth,
      });
      if (res.status !== 200) throw new Error(`tRPC scan: HTTP ${res.status} ${res.body.slice(0, 200)}`);
      return (JSON.parse(res.body) as { result: { data: { json: { result: string } } } }).result.data.json.result;
    };
    const healthz = async () => {
      const res = await client.request('GET', '/healthz');
      if (res.status !== 200) throw new Error(`healthz: HTTP ${res.status}`);
    };

    // ------------------------------------------------------------------------------------------
    // (a) scan latency vs healthz, same keep-alive connection
    const feedRest = ticketFeed(qrs.splice(-freshIn(planA)), 1);
    const feedTrpc = ticketFeed(qrs.splice(-freshIn(planA)), 2);
    const lat = {
      healthz: [] as number[],
      rest: [] as number[],
      trpc: [] as number[],
      restByResult: { VALID: [] as number[], ALREADY_SCANNED: [] as number[] },
      trpcByResult: { VALID: [] as number[], ALREADY_SCANNED: [] as number[] },
    };
    let mismatches = 0;
    const conns = countConnections(server.app.server);
    const aStart = performance.now();
    let doneA = 0;
    for (let i = 0; i < planA.length; i++) {
      if (deadline.near(18_000)) break; // keep time for (b) and cleanup
      const record = i >= WARMUP;
      const kind = planA[i]!;
      const r = feedRest(kind);
      const t = feedTrpc(kind);
      const ops: (() => Promise<void>)[] = [
        async () => {
          const t0 = performance.now();
          await healthz();
          if (record) lat.healthz.push(performance.now() - t0);
        },
        async () => {
          const t0 = performance.now();
          const got = await scanRest(r.qr);
          const dt = performance.now() - t0;
          if (got !== r.expect) mismatches++;
          if (record) {
            lat.rest.push(dt);
            lat.restByResult[r.expect].push(dt);
          }
        },
        async () => {
          const t0 = performance.now();
          const got = await scanTrpc(t.qr);
          const dt = performance.now() - t0;
          if (got !== t.expect) mismatches++;
          if (record) {
            lat.trpc.push(dt);
            lat.trpcByResult[t.expect].push(dt);
          }
        },
      ];
      for (let k = 0; k < ops.length; k++) await ops[(i + k) % ops.length]!();
      if (record) doneA++;
    }
    const aMs = performance.now() - aStart;
    const connectionsA = conns.count;
    conns.stop();
    if (mismatches > 0) throw new Error(`${mismatches} scans answered other than expected (VALID / ALREADY_SCANNED)`);

    // ------------------------------------------------------------------------------------------
    // (b) scan → gate.counts at another usher's socket
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = await new Promise((resolve, reject) => {
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, {
        auth: { token: watcher.token },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
    cleanup.unshift(() => {
      socket.disconnect();
    });
    const ack = await socket.timeout(5_000).emitWithAck('gates.subscribe', ev.eventId);
    if (!ack.ok) throw new Error(`gates.subscribe refused: ${ack.error}`);

    const arrivals: { t: number; payload: GateCountsPayload }[] = [];
    let waiter: { index: number; resolve: () => void } | null = null;
    socket.on('gate.counts', (payload) => {
      arrivals.push({ t: performance.now(), payload });
      if (waiter && arrivals.length > waiter.index) {
        waiter.resolve();
        waiter = null;
      }
    });
    const arrival = (index: number) =>
      new Promise<boolean>((resolve) => {
        if (arrivals.length > index) return resolve(true);
        const timer = setTimeout(() => {
          waiter = null;
          resolve(false);
        }, GATE_EVENT_TIMEOUT_MS);
        waiter = {
          index,
          resolve: () => {
            clearTimeout(timer);
            resolve(true);
          },
        };
      });

    const probeQr = qrs.shift()!;
    const feedGate = ticketFeed(qrs, 3);
    const gateLat: number[] = [];
    const httpLat: number[] = [];
    const afterHttp: number[] = [];
    let missed = 0;
    let eventFirst = 0;
    const bStart = performance.now();
    for (let i = 0; i < planB.length; i++) {
      if (deadline.near(6_000)) break;
      const { qr, expect } = feedGate(planB[i]!);
      const t0 = performance.now();
      const got = await scanTrpc(qr);
      const t1 = performance.now();
      if (got !== expect) mismatches++;
      const ok = await arrival(i);
      if (!ok) {
        // scans are sequential and each publishes exactly one gate.counts: a missing one is a
        // finding, and later events could no longer be matched to their scans
        missed++;
        break;
      }
      if (i < WARMUP) continue;
      const t2 = arrivals[i]!.t;
      gateLat.push(t2 - t0);
      httpLat.push(t1 - t0);
      afterHttp.push(t2 - t1);
      if (t2 <= t1) eventFirst++;
    }
    const bMs = performance.now() - bStart;
    if (mismatches > 0) throw new Error(`${mismatches} scans in (b) answered other than expected`);
    const lastAdmitted = arrivals.at(-1)?.payload.admitted;
    const admittedInDb = await deps.db.checkIn.count({ where: { eventId: ev.eventId, result: 'VALID' } });

    // ------------------------------------------------------------------------------------------
    // Diagnostic (not timed): the Prisma operations one scan performs, counted through a query
    // extension on a separate client view, in process: session check + the procedure.
    const ops: string[] = [];
    const counting = db.prisma.$extends({
      query: {
        $allOperations({ model, operation, args, query }) {
          ops.push(`${model ?? '$'}.${operation}`);
          return query(args);
        },
      },
    }) as unknown as typeof deps.db;
    const countedDeps = { ...deps, db: counting };
    const opsFor = async (qr: string) => {
      ops.length = 0;
      const actor = await validateSessionToken(counting, deps.clock, scanner.token);
      if (!actor) throw new Error('scanner session did not validate');
      const res = await callerFor(countedDeps, actor).usher.scan.result({ qr });
      return { result: res.result, ops: [...ops] };
    };
    const probeValid = await opsFor(probeQr);
    const probeAgain = await opsFor(probeQr);
    if (probeValid.result !== 'VALID' || probeAgain.result !== 'ALREADY_SCANNED') {
      throw new Error(`query probe answered ${probeValid.result}, ${probeAgain.result}`);
    }

    // ------------------------------------------------------------------------------------------
    const s = {
      healthz: summarize(lat.healthz),
      rest: summarize(lat.rest),
      trpc: summarize(lat.trpc),
      restValid: summarize(lat.restByResult.VALID),
      restAgain: summarize(lat.restByResult.ALREADY_SCANNED),
      trpcValid: summarize(lat.trpcByResult.VALID),
      trpcAgain: summarize(lat.trpcByResult.ALREADY_SCANNED),
      gate: summarize(gateLat),
      http: summarize(httpLat),
      afterHttp: summarize(afterHttp),
    };
    // Drift over the run: scans of the last quarter vs the first (the event's check-ins grow).
    const quarter = (xs: number[], last: boolean) => {
      const q = Math.max(1, Math.floor(xs.length / 4));
      return last ? xs.slice(-q) : xs.slice(0, q);
    };
    const scansFirst = summarize([...quarter(lat.rest, false), ...quarter(lat.trpc, false)]);
    const scansLast = summarize([...quarter(lat.rest, true), ...quarter(lat.trpc, true)]);
    const healthFirst = summarize(quarter(lat.healthz, false));
    const healthLast = summarize(quarter(lat.healthz, true));
    const tally = (xs: string[]) => {
      const m = new Map<string, number>();
      for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
      return [...m].map(([k, v]) => (v > 1 ? `${k}×${v}` : k)).join(', ');
    };
    const loadEnd = loadavg()[0]!.toFixed(2);
    const figures = {
      db: opts.db,
      cores: availableParallelism(),
      load_avg_1m: { start: Number(loadStart), end: Number(loadEnd) },
      n,
      setup_ms: Math.round(setupMs),
      a: {
        iterations: doneA,
        elapsed_ms: Math.round(aMs),
        tcp_connections: connectionsA,
        healthz: summaryFigures(s.healthz),
        rest: summaryFigures(s.rest),
        trpc: summaryFigures(s.trpc),
        rest_valid: summaryFigures(s.restValid),
        rest_already_scanned: summaryFigures(s.restAgain),
        trpc_valid: summaryFigures(s.trpcValid),
        trpc_already_scanned: summaryFigures(s.trpcAgain),
        ratio_rest_p50_vs_healthz_p50: ratio(s.rest.p50, s.healthz.p50),
        ratio_trpc_p50_vs_healthz_p50: ratio(s.trpc.p50, s.healthz.p50),
        ratio_trpc_p50_vs_rest_p50: ratio(s.trpc.p50, s.rest.p50),
        drift_scan_p50_last_vs_first_quarter: ratio(scansLast.p50, scansFirst.p50),
        drift_healthz_p50_last_vs_first_quarter: ratio(healthLast.p50, healthFirst.p50),
      },
      b: {
        scans: gateLat.length,
        elapsed_ms: Math.round(bMs),
        missed_events: missed,
        event_before_response: eventFirst,
        gate_counts: summaryFigures(s.gate),
        http_response: summaryFigures(s.http),
        event_after_response: summaryFigures(s.afterHttp),
        ratio_gate_p50_vs_http_p50: ratio(s.gate.p50, s.http.p50),
        ratio_gate_p99_vs_http_p99: ratio(s.gate.p99, s.http.p99),
        last_admitted_seen: lastAdmitted ?? null,
        admitted_in_db: admittedInDb,
      },
      prisma_ops_per_scan: {
        valid: probeValid.ops.length,
        already_scanned: probeAgain.ops.length,
        valid_ops: probeValid.ops,
        already_scanned_ops: probeAgain.ops,
      },
    };

    return {
      bench: 'scan',
      figures,
      table: [
        {
          title: `(a) sequential scans over one keep-alive connection — db=${opts.db}, ${doneA} iterations (+${WARMUP} warm-up), ${connectionsA} TCP connection(s)`,
          head: [...SUMMARY_HEAD, '×healthz p50'],
          rows: [
            [...summaryRow('GET /healthz (baseline)', s.healthz), 1],
            [...summaryRow('REST  scan, all', s.rest), ratio(s.rest.p50, s.healthz.p50)],
            [...summaryRow('REST  scan, VALID', s.restValid), ratio(s.restValid.p50, s.healthz.p50)],
            [...summaryRow('REST  scan, ALREADY_SCANNED', s.restAgain), ratio(s.restAgain.p50, s.healthz.p50)],
            [...summaryRow('tRPC  scan, all', s.trpc), ratio(s.trpc.p50, s.healthz.p50)],
            [...summaryRow('tRPC  scan, VALID', s.trpcValid), ratio(s.trpcValid.p50, s.healthz.p50)],
            [...summaryRow('tRPC  scan, ALREADY_SCANNED', s.trpcAgain), ratio(s.trpcAgain.p50, s.healthz.p50)],
          ],
        },
        {
          title: `(b) tRPC scan → gate.counts at another usher's socket — ${gateLat.length} scans, ${missed} missed, event before HTTP response in ${eventFirst}`,
          head: [...SUMMARY_HEAD, '×HTTP p50', '×HTTP p99'],
          rows: [
            [...summaryRow('scan HTTP response (baseline)', s.http), 1, 1],
            [
              ...summaryRow('gate.counts received', s.gate),
              ratio(s.gate.p50, s.http.p50),
              ratio(s.gate.p99, s.http.p99),
            ],
            [...summaryRow('gate.counts − HTTP response (<0: event first)', s.afterHttp), '', ''],
          ],
        },
      ],
      notes: [
        `setup (database, server, ${freshNeeded} paid tickets) took ${ms(setupMs / 1000)} s; not part of any figure`,
        `drift: scan p50 last quarter ÷ first quarter = ${figures.a.drift_scan_p50_last_vs_first_quarter}× (healthz: ${figures.a.drift_healthz_p50_last_vs_first_quarter}×)`,
        `Prisma operations per scan incl. session check — VALID ${probeValid.ops.length}: ${tally(probeValid.ops)}`,
        `Prisma operations per scan incl. session check — ALREADY_SCANNED ${probeAgain.ops.length}: ${tally(probeAgain.ops)}`,
        `load average (1 min) at start ${loadStart}, at end ${loadEnd} on ${availableParallelism()} cores`,
        `gate room's last admitted count ${lastAdmitted ?? '—'}, VALID check-ins in the database ${admittedInDb}`,
      ],
    };
  } finally {
    for (const fn of cleanup) await fn();
  }
}
