/**
 * Shared helpers for the benchmarks: a keep-alive HTTP client bound to 127.0.0.1, percentiles,
 * bounded loops, and the output format (a table for people, one `BENCH_RESULT ` JSON line for CI).
 *
 * Benchmarks are not timed tests (docs rules): every figure is printed next to a baseline
 * measured in the same run and the same process, and the ratio is the number to quote.
 */
import http from 'node:http';

export type DbKind = 'pglite' | 'postgres';

export interface BenchOptions {
  db: DbKind;
  /** iterations; each bench documents what it counts */
  n?: number;
}

export interface BenchResult {
  bench: string;
  /** human-readable rows: [label, value, ...] */
  table: { title: string; head: string[]; rows: (string | number)[][] }[];
  /** machine-readable figures for the BENCH_RESULT line */
  figures: Record<string, unknown>;
  notes?: string[];
}

/** Hard wall-clock limit for one bench (setup included); loops stop early when it is near. */
export const BENCH_BUDGET_MS = 55_000;

export class Deadline {
  readonly start = performance.now();
  constructor(readonly budgetMs: number = BENCH_BUDGET_MS) {}
  get elapsedMs() {
    return performance.now() - this.start;
  }
  /** true when fewer than `reserveMs` remain */
  near(reserveMs = 0) {
    return this.elapsedMs > this.budgetMs - reserveMs;
  }
}

// ---------------------------------------------------------------------------------------------
// Statistics

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
function rank(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, p50: rank(s, 50), p95: rank(s, 95), p99: rank(s, 99), max: s.at(-1) ?? Number.NaN, mean };
}

export const round = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
export const ratio = (a: number, b: number) => round(a / b, 2);
export const ms = (x: number) => round(x, 3);

/** A small deterministic PRNG (mulberry32), so a run's ticket mix is reproducible. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP client (node:http, keep-alive). Only 127.0.0.1 is ever contacted.

export interface HttpResponse {
  status: number;
  body: string;
}

export class LoopbackClient {
  readonly agent: http.Agent;
  constructor(
    readonly port: number,
    maxSockets = 1,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(method: string, path: string, opts: { body?: string; headers?: Record<string, string> } = {}) {
    return new Promise<HttpResponse>((resolve, reject) => {
      const headers: Record<string, string | number> = { ...opts.headers };
      if (opts.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        headers['content-length'] = Buffer.byteLength(opts.body);
      }
      const req = http.request(
        { host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      req.end(opts.body);
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** Counts TCP connections accepted by a server (to show keep-alive really reused them). */
export function countConnections(server: http.Server) {
  let n = 0;
  const on = () => {
    n++;
  };
  server.on('connection', on);
  return {
    get count() {
      return n;
    },
    stop: () => server.off('connection', on),
  };
}

// ---------------------------------------------------------------------------------------------
// Output

export function printResult(r: BenchResult) {
  console.log(`\n=== bench ${r.bench} ===`);
  for (const t of r.table) {
    console.log(`\n${t.title}`);
    const cells = [t.head, ...t.rows.map((row) => row.map(String))];
    const widths = t.head.map((_, i) => Math.max(...cells.map((row) => String(row[i] ?? '').length)));
    const line = (row: (string | number)[]) =>
      row.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
    console.log(line(t.head));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of t.rows) console.log(line(row));
  }
  for (const n of r.notes ?? []) console.log(`\nnote: ${n}`);
  console.log(`\nBENCH_RESULT ${JSON.stringify({ bench: r.bench, ...r.figures })}`);
}

export const summaryRow = (label: string, s: Summary) => [label, s.n, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max)];
export const SUMMARY_HEAD = ['', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
export const summaryFigures = (s: Summary) => ({
  n: s.n,
  p50: ms(s.p50),
  p95: ms(s.p95),
  p99: ms(s.p99),
  max: ms(s.max),
  mean: ms(s.mean),
});

/**
 * Runs `fn` over `items` with at most `concurrency` in flight. After a failure no new item
 * starts, and the error is thrown once the ones in flight have settled (so nothing still runs
 * against a database the caller is about to close).
 */
export async function pool<T, R>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  let failure: { err: unknown } | null = null;
  const worker = async () => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!, i);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure) throw (failure as { err: unknown }).err;
  return out;
}
