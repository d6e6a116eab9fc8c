/** Admin procedures for operating the server: system logs and the job queue (issue 5). */
import {
  ZAdminJob,
  ZAdminJobPage,
  ZAdminJobsInput,
  ZJobIdInput,
  ZSystemLogFilters,
  ZSystemLogListInput,
  ZSystemLogPage,
} from '@admit/shared';
import { router } from '../trpc/init.ts';
import { adminProcedure } from '../trpc/procedures.ts';
import { listJobs, retryJob } from './jobs-admin.ts';
import { listSystemLogs, systemLogSources, systemLogsCsv } from './system-log.ts';

const logTags = ['admin: logs'];
const jobTags = ['admin: jobs'];

export const systemLogsRouter = router({
  system: adminProcedure('audit.read')
    .meta({ openapi: { method: 'GET', path: '/logs/system/', tags: logTags, summary: 'System log with filters' } })
    .input(ZSystemLogListInput)
    .output(ZSystemLogPage)
    .query(async ({ ctx, input }) => {
      const [page, sources] = await Promise.all([listSystemLogs(ctx.deps, input), systemLogSources(ctx.deps)]);
      return { ...page, sources };
    }),
  /** served as text/csv at GET /api/logs/system/export.csv (http/app.ts) */
  systemCsv: adminProcedure('audit.read')
    .input(ZSystemLogFilters)
    .query(async ({ ctx, input }) => ({ csv: await systemLogsCsv(ctx.deps, input) })),
});

export const jobsAdminRouter = router({
  list: adminProcedure('audit.read')
    .meta({
      openapi: { method: 'GET', path: '/jobs/', tags: jobTags, summary: 'Background jobs by status (dead letters)' },
    })
    .input(ZAdminJobsInput)
    .output(ZAdminJobPage)
    .query(({ ctx, input }) => listJobs(ctx.deps, input)),
  retry: adminProcedure('users.write')
    .meta({ openapi: { method: 'POST', path: '/jobs/{id}/retry/', tags: jobTags, summary: 'Retry a dead job' } })
    .input(ZJobIdInput)
    .output(ZAdminJob)
    .mutation(({ ctx, input }) => retryJob(ctx.deps, ctx.actor, input.id, ctx.meta)),
});
