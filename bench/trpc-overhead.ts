/**
 * `pnpm bench trpc-overhead`: what tRPC costs on top of Fastify for a trivial query.
 *
 * One Fastify instance (same options as the real server) hosts
 *   GET /trpc/ping   a tRPC query built with the real `init.ts` (superjson, error formatter) and
 *                    `procedures.ts` publicProcedure (our appErrors middleware), context from the
 *                    real `createContextFactory` (no token → no database query);
 *   GET /trpc-stock/ping the same through the stock `@trpc/server/adapters/fastify`, for comparison
 *                    (the server uses server/src/http/trpc-plugin.ts, which buffers the response);
 *   GET /bare        the same handler as a plain route;
 *   GET /bare-sj     the same handler with tRPC's wire work done by hand (superjson-decode the
 *                    input, zod-parse it, superjson-encode the envelope) — splits the overhead
 *                    into "serialisation + validation" and "tRPC machinery".
 * A bounded closed loop (concurrency 16, keep-alive, 127.0.0.1) runs each variant ~5 s in
 * alternating slices. Figure: tRPC req/s ÷ bare req/s (goal ≥ 0.5×). The load generator runs
 * in the same process (2 cores), which costs every variant the same per request.
 *
 * In-process: `createCaller(ctx).ping()` vs calling the handler directly (and a fresh caller per
 * call, as `callerFor` does per request).
 */
import { availableParallelism, loadavg } from 'node:os';
import { fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import superjson from 'superjson';
import { z } from 'zod';
import { registerTrpc } from '../server/src/http/trpc-plugin.ts';
import { createContextFactory, createInnerContext } from '../server/src/trpc/context.ts';
import { baseProcedure, createCallerFactory, router } from '../server/src/trpc/init.ts';
import { publicProcedure } from '../server/src/trpc/procedures.ts';
import { openTestDatabase, testDeps } from '../server/test/harness.ts';
import {
  type BenchOptions,
  type BenchResult,
  countConnections,
  Deadline,
  LoopbackClient,
  ms,
  ratio,
  round,
  summarize,
} from './lib.ts';

const CONCURRENCY = 16;
const ROUNDS = 10;
const CALL_ROUNDS = 4;
const SECONDS_PER_VARIANT = 5;
const WARMUP_MS = 400;

const ZPing = z.object({ n: z.number() });
/** The one handler every variant calls. */
const ping = (input: { n: number }) => ({ pong: input.n });

const pingRouter = router({
  ping: publicProcedure.input(ZPing).query(({ input }) => ping(input)),
});
/** The same without our middleware (in-process comparison only). */
const basePingRouter = router({
  ping: baseProcedure.input(ZPing).query(({ input }) => ping(input)),
});

type Variant = 'bare' | 'bare-sj' | 'trpc' | 'trpc-stock';
const VARIANTS: Variant[] = ['bare', 'bare-sj', 'trpc', 'trpc-stock'];
const LABEL: Record<Variant, string> = {
  bare: 'bare Fastify route',
  'bare-sj': 'bare + superjson + zod',
  trpc: 'tRPC query, our plugin (fast path, served)',
  'trpc-stock': 'tRPC query, stock @trpc fastify adapter',
};

const pathFor = (v: Variant, n: number) =>
  v === 'bare'
    ? `/bare?n=${n}`
    : `/${v === 'trpc' ? 'trpc/ping' : v === 'trpc-stock' ? 'trpc-stock/ping' : 'bare-sj'}?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ n })))}`;

export async function runTrpcOverhead(opts: BenchOptions): Promise<BenchResult> {
  const deadline = new Deadline();
  const loadStart = loadavg()[0]!.toFixed(2);
  const db = await openTestDatabase(opts.db);
  const cleanup: (() => unknown)[] = [() => db.close()];
  try {
    const deps = testDeps(db);
    const app = Fastify({
      loggerInstance: deps.log as FastifyBaseLogger,
      bodyLimit: 256 * 1024,
      routerOptions: { maxParamLength: 5000 },
      genReqId: () => crypto.randomUUID(),
      trustProxy: true,
    });
    cleanup.unshift(() => app.close());
    const createContext = createContextFactory(deps, { publish: () => {}, secureCookies: false });
    await registerTrpc(app, { prefix: '/trpc', router: pingRouter, createContext });
    await app.register(fastifyTRPCPlugin, {
      prefix: '/trpc-stock',
      trpcOptions: { router: pingRouter, createContext },
    });
    app.get('/bare', async (req) => ping({ n: Number((req.query as { n?: string }).n) }));
    app.get('/bare-sj', async (req, reply) => {
      const raw = JSON.parse((req.query as { input?: string }).input ?? 'null');
      const input = ZPing.parse(superjson.deserialize(raw));
      reply.type('application/json');
      return JSON.stringify({ result: { data: superjson.serialize(ping(input)) } });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const client = new LoopbackClient(port, CONCURRENCY);
    cleanup.unshift(() => client.close());

    // All three answer the same data; tRPC and bare-sj byte for byte.
    for (const v of VARIANTS) {
      const res = await client.request('GET', pathFor(v, 7));
      const want = v === 'bare' ? '{"pong":7}' : '{"result":{"data":{"json":{"pong":7}}}}';
      if (res.status !== 200 || res.body !== want) throw new Error(`${v}: HTTP ${res.status} ${res.body}`);
    }

    // --------------------------------------------------------------------------------------
    // HTTP throughput: closed loop, alternating slices
    const totals = Object.fromEntries(VARIANTS.map((v) => [v, { done: 0, ms: 0, lat: [] as number[] }])) as Record<
      Variant,
      { done: number; ms: number; lat: number[] }
    >;
    const perRound: Record<Variant, number>[] = [];
    const slice = async (v: Variant, maxMs: number, maxCount: number, record: boolean) => {
      let issued = 0;
      let done = 0;
      const t0 = performance.now();
      const end = t0 + maxMs;
      const lat: number[] = [];
      const worker = async () => {
        while (issued < maxCount && performance.now() < end) {
          const i = issued++;
          const s = performance.now();
          const res = await client.request('GET', pathFor(v, i));
          if (res.status !== 200) throw new Error(`${v}: HTTP ${res.status}`);
          lat.push(performance.now() - s);
          done++;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const elapsed = performance.now() - t0;
      if (record) {
        totals[v].done += done;
        totals[v].ms += elapsed;
        for (const x of lat) totals[v].lat.push(x);
      }
      return (done / elapsed) * 1000;
    };

    const conns = countConnections(app.server);
    for (const v of VARIANTS) await slice(v, WARMUP_MS, Number.POSITIVE_INFINITY, false);
    const sliceMs = (SECONDS_PER_VARIANT * 1000) / ROUNDS;
    const sliceCount = opts.n ?? Number.POSITIVE_INFINITY;
    for (let r = 0; r < ROUNDS && !deadline.near(12_000); r++) {
      const order = r % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      const row = {} as Record<Variant, number>;
      for (const v of order) row[v] = await slice(v, opts.n ? 20_000 : sliceMs, sliceCount, true);
      perRound.push(row);
    }
    const connections = conns.count;
    conns.stop();
    const rps = Object.fromEntries(VARIANTS.map((v) => [v, (totals[v].done / totals[v].ms) * 1000])) as Record<
      Variant,
      number
    >;
    const lat = Object.fromEntries(VARIANTS.map((v) => [v, summarize(totals[v].lat)])) as Record<
      Variant,
      ReturnType<typeof summarize>
    >;
    const roundRatios = perRound.map((r) => r.trpc / r.bare);
    const medianRoundRatio = summarize(roundRatios).p50;

    // --------------------------------------------------------------------------------------
    // In-process: createCaller vs direct call
    const createCaller = createCallerFactory(pingRouter);
    const ctx = createInnerContext(deps, null);
    const caller = createCaller(ctx);
    const baseCaller = createCallerFactory(basePingRouter)(ctx);
    const calls = {
      direct: async (i: number) => ping({ n: i }),
      caller: (i: number) => caller.ping({ n: i }),
      'caller, baseProcedure': (i: number) => baseCaller.ping({ n: i }),
      'caller per call': (i: number) => createCaller(createInnerContext(deps, null)).ping({ n: i }),
    };
    type CallKind = keyof typeof calls;
    const CALL_LABEL: Record<CallKind, string> = {
      direct: 'handler called directly',
      caller: 'createCaller(ctx).ping() (publicProcedure)',
      'caller, baseProcedure': 'same on baseProcedure (no appErrors middleware)',
      'caller per call': 'new ctx + caller each call (as callerFor)',
    };
    const callKinds = Object.keys(calls) as CallKind[];
    const callTotals = Object.fromEntries(callKinds.map((k) => [k, { done: 0, ms: 0 }])) as Record<
      CallKind,
      { done: number; ms: number }
    >;
    const callSlice = async (k: CallKind, maxCount: number, maxMs: number, record: boolean) => {
      const fn = calls[k];
      const t0 = performance.now();
      const end = t0 + maxMs;
      let i = 0;
      // check the clock every 256 calls only
      while (i < maxCount && ((i & 255) !== 0 || performance.now() < end)) {
        const out = await fn(i);
        if (out.pong !== i) throw new Error(`${k}: wrong answer`);
        i++;
      }
      if (record) {
        callTotals[k].done += i;
        callTotals[k].ms += performance.now() - t0;
      }
    };
    for (const k of callKinds) await callSlice(k, 5_000, 300, false);
    for (let r = 0; r < CALL_ROUNDS && !deadline.near(6_000); r++) {
      const order = r % 2 === 0 ? callKinds : [...callKinds].reverse();
      for (const k of order) await callSlice(k, 200_000, 400, true);
    }
    const usPerCall = Object.fromEntries(
      callKinds.map((k) => [k, (callTotals[k].ms * 1000) / Math.max(1, callTotals[k].done)]),
    ) as Record<CallKind, number>;

    const loadEnd = loadavg()[0]!.toFixed(2);
    const figures = {
      db: opts.db,
      cores: availableParallelism(),
      load_avg_1m: { start: Number(loadStart), end: Number(loadEnd) },
      concurrency: CONCURRENCY,
      rounds: perRound.length,
      new_tcp_connections: connections,
      http: Object.fromEntries(
        VARIANTS.map((v) => [
          v,
          {
            requests: totals[v].done,
            seconds: round(totals[v].ms / 1000, 2),
            req_per_s: Math.round(rps[v]),
            p50_ms: ms(lat[v].p50),
            p99_ms: ms(lat[v].p99),
          },
        ]),
      ),
      ratio_trpc_vs_bare: ratio(rps.trpc, rps.bare),
      ratio_trpc_vs_bare_median_round: round(medianRoundRatio, 2),
      ratio_trpc_vs_bare_per_round: roundRatios.map((x) => round(x, 2)),
      ratio_bare_sj_vs_bare: ratio(rps['bare-sj'], rps.bare),
      ratio_trpc_vs_bare_sj: ratio(rps.trpc, rps['bare-sj']),
      ratio_trpc_stock_vs_bare: ratio(rps['trpc-stock'], rps.bare),
      goal_trpc_vs_bare: 0.5,
      in_process: Object.fromEntries(
        callKinds.map((k) => [k, { calls: callTotals[k].done, us_per_call: round(usPerCall[k], 3) }]),
      ),
      ratio_caller_vs_direct: ratio(usPerCall.caller, usPerCall.direct),
      ratio_caller_per_call_vs_direct: ratio(usPerCall['caller per call'], usPerCall.direct),
      middleware_us_per_call: round(usPerCall.caller - usPerCall['caller, baseProcedure'], 3),
    };

    return {
      bench: 'trpc-overhead',
      figures,
      table: [
        {
          title: `HTTP, closed loop, concurrency ${CONCURRENCY}, ${perRound.length} alternating rounds, ${connections} new TCP connections in the loop`,
          head: ['', 'requests', 'req/s', 'p50 ms', 'p99 ms', '÷ bare'],
          rows: VARIANTS.map((v) => [
            LABEL[v],
            totals[v].done,
            Math.round(rps[v]),
            ms(lat[v].p50),
            ms(lat[v].p99),
            ratio(rps[v], rps.bare),
          ]),
        },
        {
          title: 'In-process call (no HTTP)',
          head: ['', 'calls', 'µs/call', '× direct'],
          rows: callKinds.map((k) => [
            CALL_LABEL[k],
            callTotals[k].done,
            round(usPerCall[k], 3),
            ratio(usPerCall[k], usPerCall.direct),
          ]),
        },
      ],
      notes: [
        `tRPC ÷ bare = ${figures.ratio_trpc_vs_bare}× pooled, ${figures.ratio_trpc_vs_bare_median_round}× median of rounds (goal ≥ 0.5×); per round: ${figures.ratio_trpc_vs_bare_per_round.join(', ')}`,
        `load average (1 min) at start ${loadStart}, at end ${loadEnd} on ${availableParallelism()} cores`,
        'the load generator shares the process (and its 2 cores) with the server, so every variant pays the same client cost per request; the ratios understate the gap a remote client would see',
      ],
    };
  } finally {
    for (const fn of cleanup) await fn();
  }
}
