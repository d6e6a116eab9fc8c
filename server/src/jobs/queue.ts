/**
 * Durable background jobs on the application's own database (issue 5; ADR 0008). A job row is
 * written in the same transaction as the change that causes it (transactional outbox), so a
 * crash never loses one. Workers claim due jobs with `FOR UPDATE SKIP LOCKED` (several workers
 * and instances never take the same job), run the handler, and then:
 *   success              → SUCCEEDED
 *   failure, tries left  → PENDING again at now + backoff (exponential, capped, jittered)
 *   failure, no tries    → DEAD (the admins' dead-letter view; can be retried by hand)
 * A worker that dies mid-job leaves it RUNNING; once its lease expires another worker takes it
 * again. Handlers must therefore be idempotent ("exactly once in effect"): they check state with
 * conditional updates or unique keys before acting.
 *
 * Works on PostgreSQL and on embedded PGlite (one connection; SKIP LOCKED is accepted).
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { Prisma } from '../db/generated/client.ts';
import { requestIdOfPayload, runWithRequestId, withRequestId } from '../ops/request-context.ts';

type DbOrTx = Db | Prisma.TransactionClient;

export interface EnqueueOptions {
  /** not before this instant (UTC); default now */
  runAt?: Date;
  /** dedupe: a second job with the same key is ignored */
  key?: string;
  maxAttempts?: number;
}

/**
 * Adds a job. Pass the transaction client to enqueue atomically with the change that causes
 * it. Returns false when a job with the same `key` already exists.
 */
export async function enqueue(
  db: DbOrTx,
  type: string,
  payload: Prisma.InputJsonValue = {},
  opts: EnqueueOptions = {},
): Promise<boolean> {
  const { count } = await db.job.createMany({
    data: [
      {
        type,
        // a job enqueued while serving a request carries its id (ops/request-context.ts)
        payload: withRequestId(payload),
        runAt: opts.runAt,
        key: opts.key ?? null,
        maxAttempts: opts.maxAttempts ?? 8,
      },
    ],
    skipDuplicates: true,
  });
  return count === 1;
}

export interface JobContext {
  id: string;
  type: string;
  /** 1 for the first run */
  attempt: number;
  /** the job fails for good (DEAD) when `attempt` reaches this */
  maxAttempts: number;
  log: Logger;
}

export type JobHandler = (payload: unknown, job: JobContext) => Promise<void>;

export interface CronJob {
  /** unique name; the dedupe key of each tick is `cron:<name>:<tick number>` */
  name: string;
  everyMs: number;
  type: string;
  payload?: Prisma.InputJsonValue;
}

export interface WorkerOptions {
  /** how often to look for due jobs when idle (ms) */
  pollMs?: number;
  /** jobs claimed per round */
  batch?: number;
  /** a RUNNING job whose worker has been silent this long is taken again (ms) */
  leaseMs?: number;
  workerId?: string;
  cron?: CronJob[];
}

/** 2^(attempt-1) seconds, capped at one hour, ±20 % jitter. */
export function backoffMs(attempt: number): number {
  const base = Math.min(3_600_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

interface ClaimedJob {
  id: string;
  type: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export class JobWorker {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly leaseMs: number;
  readonly workerId: string;
  private readonly cron: CronJob[];
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopping = false;
  private inFlight: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly deps: { db: Db; clock: Clock; log: Logger },
    opts: WorkerOptions = {},
  ) {
    this.pollMs = opts.pollMs ?? 1000;
    this.batch = opts.batch ?? 10;
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
    this.workerId = opts.workerId ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    this.cron = opts.cron ?? [];
  }

  register(type: string, handler: JobHandler): this {
    this.handlers.set(type, handler);
    return this;
  }

  /** Starts polling. Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    const loop = async () => {
      while (this.running) {
        const round = this.tick().catch((err) => {
          this.deps.log.error({ err }, 'job worker round failed');
          return 0;
        });
        this.inFlight = round.then(() => undefined);
        const worked = await round;
        if (!this.running) break;
        if (worked === 0) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            this.timer = setTimeout(resolve, this.pollMs);
          });
          this.wake = undefined;
        }
      }
    };
    void loop();
  }

  /** Wakes an idle worker now (after a commit that enqueued work). */
  kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }

  /** Stops taking jobs and waits for the jobs in hand to finish (graceful shutdown). */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.kick();
    await this.inFlight;
  }

  /** One round: enqueue due cron ticks, claim a batch of due jobs, run them. Returns how many ran. */
  async tick(): Promise<number> {
    await this.enqueueCron();
    const jobs = await this.claim();
    await Promise.all(jobs.map((j) => this.run(j)));
    return jobs.length;
  }

  private async enqueueCron(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    for (const c of this.cron) {
      const tick = Math.floor(now / c.everyMs);
      await enqueue(this.deps.db, c.type, c.payload ?? {}, { key: `cron:${c.name}:${tick}`, maxAttempts: 3 });
    }
  }

  private async claim(): Promise<ClaimedJob[]> {
    const now = this.deps.clock.now();
    const staleBefore = new Date(now.getTime() - this.leaseMs);
    return this.deps.db.$queryRaw<ClaimedJob[]>`
      UPDATE "Job" SET "status" = 'RUNNING', "lockedAt" = ${now}, "lockedBy" = ${this.workerId},
                       "attempts" = "attempts" + 1, "updatedAt" = ${now}
      WHERE "id" IN (
        SELECT "id" FROM "Job"
        WHERE ("status" = 'PENDING' AND "runAt" <= ${now})
           OR ("status" = 'RUNNING' AND "lockedAt" < ${staleBefore})
        ORDER BY "runAt"
        LIMIT ${this.batch}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id", "type", "payload", "attempts", "maxAttempts"`;
  }

  private async run(job: ClaimedJob): Promise<void> {
    const requestId = requestIdOfPayload(job.payload);
    const log = this.deps.log.child({
      source: 'job',
      jobId: job.id,
      jobType: job.type,
      attempt: job.attempts,
      requestId,
    });
    const handler = this.handlers.get(job.type);
    try {
      if (!handler) throw new Error(`no handler for job type ${job.type}`);
      const context = { id: job.id, type: job.type, attempt: job.attempts, maxAttempts: job.maxAttempts, log };
      // jobs this job enqueues carry the same request id
      await runWithRequestId(requestId ?? `job:${job.id}`, () => handler(job.payload, context));
      await this.deps.db.job.updateMany({
        where: { id: job.id, lockedBy: this.workerId, status: 'RUNNING' },
        data: { status: 'SUCCEEDED', completedAt: this.deps.clock.now(), lockedAt: null, lastError: null },
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const dead = job.attempts >= job.maxAttempts;
      const now = this.deps.clock.now();
      await this.deps.db.job.updateMany({
        where: { id: job.id, lockedBy: this.workerId, status: 'RUNNING' },
        data: dead
          ? { status: 'DEAD', lastError: message.slice(0, 2000), lockedAt: null }
          : {
              status: 'PENDING',
              lastError: message.slice(0, 2000),
              lockedAt: null,
              runAt: new Date(now.getTime() + backoffMs(job.attempts)),
            },
      });
      log[dead ? 'error' : 'warn'](
        { err: message, dead },
        dead ? 'job is dead after its last attempt' : 'job failed; will retry',
      );
    }
  }

  get isStopping(): boolean {
    return this.stopping;
  }
}

/** Puts a DEAD job back in the queue (admin "retry"). Returns false if it was not dead. */
export async function retryDeadJob(db: Db, id: string, now: Date): Promise<boolean> {
  const { count } = await db.job.updateMany({
    where: { id, status: 'DEAD' },
    data: { status: 'PENDING', runAt: now, attempts: 0, lastError: null },
  });
  return count === 1;
}

/** Queue depth by status, for /readyz and /metrics. */
export async function queueStats(db: Db) {
  const rows = await db.job.groupBy({ by: ['status'], _count: { _all: true } });
  const by = Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as Partial<
    Record<'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'DEAD', number>
  >;
  return { pending: by.PENDING ?? 0, running: by.RUNNING ?? 0, succeeded: by.SUCCEEDED ?? 0, dead: by.DEAD ?? 0 };
}
