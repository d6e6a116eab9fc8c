/**
 * Durable jobs of the raffle draw (ADR 0017; jobs/queue.ts), all with dedupe keys. Publishing
 * (`scheduleRaffleJobs`, called by R1's publish in its transaction) queues `raffles.close` at
 * closesAt (`raffle:<id>:close`) and `raffles.draw` at drawAt (`raffle:<id>:draw`); the close
 * chains `raffles.commit` right after it (`raffle:<id>:commit`: chained rather than pre-scheduled so
 * the commitment can never run before sales are closed), and the commit queues the draw again
 * (a no-op under the same key unless it is missing, e.g. after a manual trigger). Each winner gets
 * `raffles.claim-deadline` at its deadline (`raffle:<id>:claim-deadline:<winnerId>`). Handlers are idempotent: the steps are conditional transitions, and a step
 * that is already done (INVALID_STATE) is success. A drand round not yet published, an unreachable
 * relay or a rejected beacon fail the job so it retries with backoff.
 *
 * The cron `raffles.sweep` (every minute) moves on every raffle past one of its times whatever
 * happened to its jobs (a raffle whose times were edited after its jobs were keyed, a dead job,
 * a restart): restart-safe by construction, since it only calls the same conditional steps.
 */

import { roundTime } from '@admit/shared/raffle-draw/index';
import type { Prisma } from '../../../db/generated/client.ts';
import { AppError } from '../../../errors.ts';
import type { JobContext } from '../../../jobs/queue.ts';
import { enqueue } from '../../../jobs/queue.ts';
import { DrandUnavailableError } from './drand.ts';
import {
  BeaconNotYetError,
  BeaconRejectedError,
  closeSales,
  commitDraw,
  type DrawDeps,
  drawWinners,
  forfeitAndRedraw,
  RAFFLE_JOBS,
  raffleJobKey,
} from './draw.service.ts';

/**
 * Queues the close (at closesAt) and the draw (at drawAt) of a raffle being published (pass the
 * publishing transaction); the commit is chained by the close. Idempotent (dedupe keys):
 * publishing twice queues nothing new; times edited later are caught by the cron sweep.
 */
export async function scheduleRaffleJobs(
  tx: Prisma.TransactionClient,
  raffle: { id: string; closesAt: Date; drawAt: Date },
): Promise<void> {
  const payload = { raffleId: raffle.id };
  await enqueue(tx, RAFFLE_JOBS.close, payload, { key: raffleJobKey(raffle.id, 'close'), runAt: raffle.closesAt });
  await enqueue(tx, RAFFLE_JOBS.draw, payload, {
    key: raffleJobKey(raffle.id, 'draw'),
    runAt: raffle.drawAt,
    maxAttempts: 20,
  });
}

const raffleIdOf = (payload: unknown): string => {
  const id = (payload as { raffleId?: unknown } | null)?.raffleId;
  if (typeof id !== 'string') throw new Error('raffle job needs {raffleId}');
  return id;
};

/** Runs a step; "already done / not applicable" (INVALID_STATE, NOT_FOUND) counts as success. */
async function step(job: Pick<JobContext, 'log'>, what: string, raffleId: string, run: () => Promise<unknown>) {
  try {
    await run();
  } catch (err) {
    if (
      err instanceof BeaconNotYetError ||
      err instanceof BeaconRejectedError ||
      err instanceof DrandUnavailableError
    ) {
      throw err;
    }
    if (err instanceof AppError && (err.code === 'INVALID_STATE' || err.code === 'NOT_FOUND')) {
      job.log.info({ raffleId, reason: err.message }, `raffle ${what}: nothing to do`);
      return;
    }
    throw err;
  }
}

export const raffleJobHandlers = (deps: DrawDeps) => ({
  [RAFFLE_JOBS.close]: (payload: unknown, job: JobContext) =>
    step(job, 'close', raffleIdOf(payload), () => closeSales(deps, raffleIdOf(payload))),
  [RAFFLE_JOBS.commit]: (payload: unknown, job: JobContext) =>
    step(job, 'commit', raffleIdOf(payload), () => commitDraw(deps, raffleIdOf(payload))),
  [RAFFLE_JOBS.draw]: (payload: unknown, job: JobContext) =>
    step(job, 'draw', raffleIdOf(payload), () => drawWinners(deps, raffleIdOf(payload))),
  [RAFFLE_JOBS.claimDeadline]: (payload: unknown, job: JobContext) =>
    step(job, 'claim-deadline', raffleIdOf(payload), () => forfeitAndRedraw(deps, raffleIdOf(payload))),
  [RAFFLE_JOBS.sweep]: (_payload: unknown, job: JobContext) => sweepRaffles(deps, job),
});

const SWEEP_BATCH = 50;

/**
 * The cron safety net (every 60 s): closes OPEN raffles past closesAt, commits CLOSED ones that
 * have entries, draws COMMITTED ones past drawAt (and past their drand round's time), forfeits and
 * redraws prizes past their claim deadline. Failures are logged and left for the next tick.
 */
export async function sweepRaffles(deps: DrawDeps, job: Pick<JobContext, 'log'>): Promise<void> {
  const now = deps.clock.now();
  const db = deps.db;
  const attempt = async (what: string, raffleId: string, run: () => Promise<unknown>) => {
    try {
      await step(job, what, raffleId, run);
    } catch (err) {
      job.log.warn({ raffleId, err: err instanceof Error ? err.message : String(err) }, `raffle sweep: ${what} failed`);
    }
  };
  const closing = await db.raffle.findMany({
    where: { status: 'OPEN', closesAt: { lte: now } },
    select: { id: true },
    take: SWEEP_BATCH,
  });
  for (const r of closing) await attempt('close', r.id, () => closeSales(deps, r.id));
  const committing = await db.raffle.findMany({
    where: { status: 'CLOSED', entries: { some: { status: 'VALID' } } },
    select: { id: true },
    take: SWEEP_BATCH,
  });
  for (const r of committing) await attempt('commit', r.id, () => commitDraw(deps, r.id));
  const drawing = await db.raffle.findMany({
    where: { status: 'COMMITTED', drawAt: { lte: now } },
    select: { id: true, drandRound: true },
    take: SWEEP_BATCH,
  });
  for (const r of drawing) {
    if (r.drandRound !== null && roundTime(r.drandRound) > now) continue;
    await attempt('draw', r.id, () => drawWinners(deps, r.id));
  }
  const forfeiting = await db.raffle.findMany({
    where: { status: 'DRAWN', winners: { some: { status: 'PENDING_CLAIM', claimDeadline: { lte: now } } } },
    select: { id: true },
    take: SWEEP_BATCH,
  });
  for (const r of forfeiting) await attempt('claim-deadline', r.id, () => forfeitAndRedraw(deps, r.id));
}
