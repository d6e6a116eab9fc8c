/** Operating the server (issue 5): system logs and the job queue's dead-letter view for admins. */
import { z } from 'zod';
import { ZId, ZPage, ZPageInput } from './common.ts';

/** Mirrors the Prisma enum LogLevel. */
export const ZLogLevel = z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);
export type TLogLevel = z.infer<typeof ZLogLevel>;

export const ZSystemLogFilters = z.object({
  /** this level and above */
  level: ZLogLevel.optional(),
  source: z.string().trim().min(1).max(64).optional(),
  /** text contained in the message (case-insensitive) */
  q: z.string().trim().min(1).max(200).optional(),
  requestId: z.string().trim().min(1).max(128).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
export const ZSystemLogListInput = ZPageInput.extend(ZSystemLogFilters.shape);
export const ZSystemLogEntry = z.object({
  id: ZId,
  at: z.date(),
  level: ZLogLevel,
  source: z.string(),
  message: z.string(),
  requestId: z.string().nullable(),
  context: z.unknown(),
});
export const ZSystemLogPage = ZPage(ZSystemLogEntry).extend({ sources: z.array(z.string()) });

/** Mirrors the Prisma enum JobStatus. */
export const ZJobStatus = z.enum(['PENDING', 'RUNNING', 'SUCCEEDED', 'DEAD']);
export type TJobStatus = z.infer<typeof ZJobStatus>;

export const ZAdminJobsInput = ZPageInput.extend({
  status: ZJobStatus.optional(),
  type: z.string().trim().min(1).max(100).optional(),
});
export const ZAdminJob = z.object({
  id: ZId,
  type: z.string(),
  status: ZJobStatus,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().nullable(),
  runAt: z.date(),
  createdAt: z.date(),
  updatedAt: z.date(),
  completedAt: z.date().nullable(),
});
export const ZJobCounts = z.object({
  pending: z.number().int(),
  running: z.number().int(),
  succeeded: z.number().int(),
  dead: z.number().int(),
});
export const ZAdminJobPage = ZPage(ZAdminJob).extend({ counts: ZJobCounts });
export const ZJobIdInput = z.object({ id: ZId });
