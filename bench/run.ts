/**
 * Entry for `pnpm bench <name> [--db pglite|postgres] [--n <iterations>]`.
 *
 *   pnpm bench scan             scan latency over HTTP (REST, tRPC) vs /healthz; scan → gate.counts
 *   pnpm bench trpc-overhead    a trivial tRPC query vs the same handler as a bare Fastify route
 *   pnpm bench checkout         2 000 buyers at once for a quota of 500: orders/s to PAID, p50/p99, 0 oversold
 *   pnpm bench gate             scan → gate.counts at 1,000 sockets, one instance
 *   pnpm bench gate-redis       the same with two instances joined through Redis (PostgreSQL)
 *   pnpm bench gate-sync        10,000 offline scans uploaded in batches of 500 vs one at a time
 *   pnpm bench seats            2 000 buyers on a 500-seat map: 0 double-sold, holds/s, hold p99, fan-out to 1 000 viewers
 *   pnpm bench all              all of them, one after the other
 *
 * Every bench prints a table and one `BENCH_RESULT {json}` line. Exit code 1 on failure.
 */
import { BENCH_BUDGET_MS, type BenchOptions, type BenchResult, type DbKind, printResult } from './lib.ts';

const BENCHES: Record<string, (o: BenchOptions) => Promise<BenchResult>> = {
  scan: async (o) => (await import('./scan.ts')).runScan(o),
  'trpc-overhead': async (o) => (await import('./trpc-overhead.ts')).runTrpcOverhead(o),
  checkout: async (o) => (await import('./checkout.ts')).runCheckout(o),
  gate: async (o) => (await import('./gate.ts')).runGate(o, 'single'),
  'gate-redis': async (o) => (await import('./gate.ts')).runGate(o, 'redis'),
  'gate-sync': async (o) => (await import('./gate.ts')).runGateSync(o),
  seats: async (o) => (await import('./seats.ts')).runSeats(o),
};

const USAGE = `usage: pnpm bench <${[...Object.keys(BENCHES), 'all'].join('|')}> [--db pglite|postgres] [--n <iterations>]`;

class UsageError extends Error {}

function parseArgs(argv: string[]): { names: string[]; opts: BenchOptions } {
  const names: string[] = [];
  const opts: BenchOptions = { db: 'pglite' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') ? a.split('=', 2) : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--') continue;
    if (flag === '--db') {
      const v = value();
      if (v !== 'pglite' && v !== 'postgres') throw new UsageError(`--db must be pglite or postgres\n${USAGE}`);
      opts.db = v as DbKind;
    } else if (flag === '--n') {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 1 || v > 100_000)
        throw new UsageError(`--n must be an integer 1..100000\n${USAGE}`);
      opts.n = v;
    } else if (flag === '-h' || flag === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith('-')) {
      throw new UsageError(`unknown flag ${a}\n${USAGE}`);
    } else if (a === 'all') {
      names.push(...Object.keys(BENCHES));
    } else if (BENCHES[a]) {
      names.push(a);
    } else {
      throw new UsageError(`unknown bench "${a}"\n${USAGE}`);
    }
  }
  if (names.length === 0) throw new UsageError(USAGE);
  return { names: [...new Set(names)], opts };
}

async function main() {
  const { names, opts } = parseArgs(process.argv.slice(2));
  for (const name of names) {
    const started = performance.now();
    console.log(`\n> bench ${name} (db=${opts.db}${opts.n ? `, n=${opts.n}` : ''}) …`);
    const result = await BENCHES[name]!(opts);
    printResult(result);
    const s = (performance.now() - started) / 1000;
    console.log(`(${name} took ${s.toFixed(1)} s${s * 1000 > BENCH_BUDGET_MS ? ' — over budget' : ''})`);
  }
  // Everything is closed by now; if a handle still keeps the loop alive, say so and leave
  // (the timer is unref'd, so it never delays a clean exit).
  setTimeout(() => {
    console.error('bench: handles still open 5 s after the run; exiting');
    process.exit(1);
  }, 5_000).unref();
}

main().catch((err: unknown) => {
  console.error(err instanceof UsageError ? err.message : err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 5_000).unref();
});
