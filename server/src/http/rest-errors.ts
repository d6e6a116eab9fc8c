/**
 * REST error bodies in the seeds' format (seed 003 "API Response Format"):
 *   { "error": { "code": "SOLD_OUT", "message": "Only 2 tickets left.", "details": { "quantity": ["2 available"] } } }
 * trpc-to-openapi's own body is `{ message, code, issues, data }` (data from our tRPC error
 * formatter); this rewrites it and drops anything else, so no stack or internals leak.
 */
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { getTRPCErrorFromUnknown } from '@trpc/server/unstable-core-do-not-import';
import { ZodError } from 'zod';
import { APP_CODE_FOR_TRPC, appErrorOf, groupIssues } from '../errors.ts';
import { isDatabaseUnavailable, unavailableError } from '../ops/db-errors.ts';

interface OpenApiErrorBody {
  message?: string;
  code?: string;
  issues?: { path?: (string | number)[]; message: string }[];
  data?: { appCode?: string; fieldErrors?: Record<string, string[]> | null };
}

export function toSeedErrorBody(raw: string, status: number): string {
  let body: OpenApiErrorBody = {};
  try {
    body = JSON.parse(raw) as OpenApiErrorBody;
  } catch {
    // not JSON: keep the status, give a generic message
  }
  let details = body.data?.fieldErrors ?? null;
  if (!details && body.issues?.length) details = groupIssues(body.issues);
  const code =
    body.data?.appCode ??
    (details ? 'VALIDATION_FAILED' : undefined) ??
    APP_CODE_FOR_TRPC[body.code as keyof typeof APP_CODE_FOR_TRPC] ??
    (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
  const message = status >= 500 && code === 'INTERNAL' ? 'Internal server error' : (body.message ?? 'Request failed');
  return JSON.stringify({ error: { code, message, ...(details ? { details } : {}) } });
}

/** Status and seed-format body for an error thrown by a procedure called outside the adapters. */
export function restError(err: unknown): { status: number; body: string } {
  const trpc = getTRPCErrorFromUnknown(err);
  const app = appErrorOf(trpc) ?? (isDatabaseUnavailable(trpc) ? unavailableError() : undefined);
  const zod = trpc.cause instanceof ZodError ? trpc.cause : undefined;
  const status = app ? getHTTPStatusCodeFromError(app.toTRPCError()) : getHTTPStatusCodeFromError(trpc);
  const raw = JSON.stringify({
    message: zod ? 'Invalid input' : (app?.message ?? trpc.message),
    code: trpc.code,
    data: {
      appCode: app?.code ?? (zod ? 'VALIDATION_FAILED' : undefined),
      fieldErrors: zod ? groupIssues(zod.issues) : (app?.details ?? null),
    },
  });
  return { status, body: toSeedErrorBody(raw, status) };
}
