/**
 * System logs (seed 003 `logs/system`; issue 5 "System logs readable by admins").
 *
 * `SystemLogSink` is a pino destination (ops/logger.ts puts it next to stdout): every line at
 * WARN or above, and every line marked `notable: true` (start, shutdown, …), becomes a
 * `SystemLog` row. Lines arrive already serialized and redacted, so nothing the console would
 * not show is stored. The sink never blocks the request that logged: `write` only pushes onto a
 * bounded in-memory queue; a timer writes batches with one `createMany`. When the queue is full
 * or the database refuses a batch, the entries are dropped and counted
 * (`admit_system_log_dropped_total`) — the sink itself never logs, so a database outage cannot
 * feed back into more log lines.
 *
 * Admins read them with `admin.logs.system` (filters: minimum level, source, text, request id,
 * time window) and export CSV at `GET /api/logs/system/export.csv`.
 */
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/connection.ts';
import type { Prisma } from '../db/generated/client.ts';
import { csvSafe } from '../modules/audit/audit.service.ts';
import { pageOf, pageWindow } from '../modules/pagination.ts';
import { systemLogDropped } from './metrics.ts';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const PINO_LEVEL: [number, LogLevel][] = [
  [60, 'FATAL'],
  [50, 'ERROR'],
  [40, 'WARN'],
  [30, 'INFO'],
  [0, 'DEBUG'],
];

export const levelOf = (pinoLevel: number): LogLevel => PINO_LEVEL.find(([n]) => pinoLevel >= n)![1];

/** Keys of a pino line that are columns (or noise), not context. */
const NOT_CONTEXT = new Set(['level', 'time', 'pid', 'msg', 'source', 'requestId', 'notable']);
const MAX_CONTEXT_CHARS = 8000;
const LEVEL_IN_LINE = /^\{"level":(\d+)/;

type Entry = Prisma.SystemLogCreateManyInput;

export interface SystemLogSinkOptions {
  /** entries waiting at most (older ones are kept; new ones are dropped) */
  maxQueue?: number;
  /** rows per insert */
  batchSize?: number;
  /** how often the queue is written (ms) */
  flushMs?: number;
}

/** Where an entry came from, when the line does not say (`source` binding). */
function sourceOf(o: Record<string, unknown>): string {
  if (typeof o.source === 'string' && o.source) return o.source.slice(0, 64);
  if ('jobId' in o) return 'job';
  if ('req' in o || 'res' in o || 'requestId' in o || 'reqId' in o) return 'http';
  return 'server';
}

export function toSystemLogEntry(line: string): Entry | null {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  const pinoLevel = typeof o.level === 'number' ? o.level : 30;
  if (pinoLevel < 40 && o.notable !== true) return null;
  const context: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!NOT_CONTEXT.has(k)) context[k] = v;
  let json: Prisma.InputJsonValue | undefined;
  if (Object.keys(context).length > 0) {
    const text = JSON.stringify(context);
    json =
      text.length <= MAX_CONTEXT_CHARS
        ? (context as Prisma.InputJsonValue)
        : { truncated: true, preview: text.slice(0, MAX_CONTEXT_CHARS) };
  }
  const requestId = typeof o.requestId === 'string' ? o.requestId : typeof o.reqId === 'string' ? o.reqId : null;
  return {
    at: new Date(typeof o.time === 'number' ? o.time : Date.now()),
    level: levelOf(pinoLevel),
    source: sourceOf(o),
    message: (typeof o.msg === 'string' ? o.msg : '').slice(0, 2000),
    requestId: requestId?.slice(0, 128) ?? null,
    context: json,
  };
}

export class SystemLogSink {
  private queue: Entry[] = [];
  private db: Pick<Db, 'systemLog'> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly maxQueue: number;
  private readonly batchSize: number;
  private readonly flushMs: number;
  /** entries dropped since start (also exported as a metric) */
  dropped = 0;

  constructor(opts: SystemLogSinkOptions = {}) {
    this.maxQueue = opts.maxQueue ?? 1000;
    this.batchSize = opts.batchSize ?? 100;
    this.flushMs = opts.flushMs ?? 1000;
  }

  /** pino destination: cheap for lines that are not stored (one regex, no parse). */
  write(line: string): void {
    const level = Number(LEVEL_IN_LINE.exec(line)?.[1] ?? 30);
    if (level < 40 && !line.includes('"notable":true')) return;
    const entry = toSystemLogEntry(line);
    if (!entry) return;
    if (this.queue.length >= this.maxQueue) {
      this.drop(1);
      return;
    }
    this.queue.push(entry);
    if (this.db && this.queue.length >= this.batchSize) setImmediate(() => void this.flush());
  }

  /** Starts writing to `db` (entries logged before this wait in the queue). */
  attach(db: Pick<Db, 'systemLog'>): void {
    this.db = db;
    this.timer ??= setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  /** Writes what is queued now (one batch at a time; concurrent calls share the round). */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.db && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      try {
        await this.db.systemLog.createMany({ data: batch });
      } catch {
        // database unavailable (or the row was refused): drop, count, never log from here
        this.drop(batch.length);
        return;
      }
    }
  }

  private drop(n: number) {
    this.dropped += n;
    systemLogDropped.inc(n);
  }

  /** Final flush, then stops (graceful shutdown: call before closing the database). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
    this.db = undefined;
  }
}

export interface SystemLogFilters {
  /** this level and above */
  level?: LogLevel;
  source?: string;
  /** text in the message (case-insensitive) */
  q?: string;
  requestId?: string;
  from?: Date;
  to?: Date;
}

function where(f: SystemLogFilters): Prisma.SystemLogWhereInput {
  return {
    ...(f.level ? { level: { in: LOG_LEVELS.slice(LOG_LEVELS.indexOf(f.level)) as LogLevel[] } } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(f.q ? { message: { contains: f.q, mode: 'insensitive' } } : {}),
    ...(f.requestId ? { requestId: f.requestId } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
}

const select = {
  id: true,
  at: true,
  level: true,
  source: true,
  message: true,
  requestId: true,
  context: true,
} satisfies Prisma.SystemLogSelect;

/** Newest first. */
export async function listSystemLogs(
  deps: { db: Pick<Db, 'systemLog'> },
  f: SystemLogFilters & { page: number; pageSize: number },
) {
  const w = where(f);
  const [total, rows] = await Promise.all([
    deps.db.systemLog.count({ where: w }),
    deps.db.systemLog.findMany({ where: w, select, orderBy: [{ at: 'desc' }, { id: 'desc' }], ...pageWindow(f) }),
  ]);
  return pageOf(rows, total, f);
}

/** The sources seen so far (for the filter's choices). */
export async function systemLogSources(deps: { db: Pick<Db, 'systemLog'> }): Promise<string[]> {
  const rows = await deps.db.systemLog.groupBy({ by: ['source'], orderBy: { source: 'asc' }, take: 100 });
  return rows.map((r) => r.source);
}

/** CSV (RFC 4180), newest first, at most 50 000 rows; cells formula-safe. */
export async function systemLogsCsv(deps: { db: Pick<Db, 'systemLog'> }, f: SystemLogFilters): Promise<string> {
  const rows = await deps.db.systemLog.findMany({
    where: where(f),
    select,
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: 50_000,
  });
  return stringify(
    rows.map((r) =>
      [
        r.at.toISOString(),
        r.level,
        r.source,
        r.message,
        r.requestId ?? '',
        r.context === null ? '' : JSON.stringify(r.context),
      ].map(csvSafe),
    ),
    { header: true, columns: ['at', 'level', 'source', 'message', 'request_id', 'context'] },
  );
}
