/**
 * The job queue for admins (issue 5 "a dead-letter view for admins"): jobs by status with their
 * attempts and last error, and `retry` for a DEAD job (back to PENDING with its attempts reset).
 * Payloads are not shown: they may carry personal data (recipients, message bodies).
 */
import type { Prisma } from '../db/generated/client.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { queueStats, retryDeadJob } from '../jobs/queue.ts';
import { recordAudit } from '../modules/audit/audit.service.ts';
import { pageOf, pageWindow } from '../modules/pagination.ts';
import type { Actor } from '../trpc/context.ts';

const jobSelect = {
  id: true,
  type: true,
  status: true,
  attempts: true,
  maxAttempts: true,
  lastError: true,
  runAt: true,
  createdAt: true,
  updatedAt: true,
  completedAt: true,
} satisfies Prisma.JobSelect;

type JobStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'DEAD';

/** Newest change first; DEAD jobs are the dead-letter view. Counts cover the whole queue. */
export async function listJobs(
  deps: Pick<Deps, 'db'>,
  f: { status?: JobStatus; type?: string; page: number; pageSize: number },
) {
  const where: Prisma.JobWhereInput = {
    ...(f.status ? { status: f.status } : {}),
    ...(f.type ? { type: { startsWith: f.type } } : {}),
  };
  const [total, rows, counts] = await Promise.all([
    deps.db.job.count({ where }),
    deps.db.job.findMany({
      where,
      select: jobSelect,
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      ...pageWindow(f),
    }),
    queueStats(deps.db),
  ]);
  return { ...pageOf(rows, total, f), counts };
}

/**
 * Puts a DEAD job back in the queue. Errors: NOT_FOUND; INVALID_STATE when it is not dead
 * (a second click, or another admin was faster).
 */
export async function retryJob(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  id: string,
  meta: { ip?: string; userAgent?: string; requestId?: string },
) {
  const job = await deps.db.job.findUnique({ where: { id }, select: { id: true, type: true, status: true } });
  if (!job) throw new AppError('NOT_FOUND', 'No such job.');
  if (!(await retryDeadJob(deps.db, id, deps.clock.now()))) {
    throw new AppError('INVALID_STATE', `This job is ${job.status.toLowerCase()}, not dead.`);
  }
  await recordAudit(deps.db, {
    action: 'job.retried',
    actor: { id: actor.user.id, role: actor.user.role },
    target: { type: 'job', id },
    before: { status: job.status, type: job.type },
    after: { status: 'PENDING' },
    meta,
  });
  return deps.db.job.findUniqueOrThrow({ where: { id }, select: jobSelect });
}
