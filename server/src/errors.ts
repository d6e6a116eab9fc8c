/**
 * Domain errors. Services throw `AppError(code, message, details?)`; the tRPC error formatter and
 * the REST error shaper turn it into the tRPC code / HTTP status below and the seeds' body
 * `{"error": {"code": "ERROR_CODE", "message": "…"}}` (seed 003 "API Response Format").
 */
import type { TAppErrorCode } from '@admit/shared';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { TRPCError } from '@trpc/server';

const TRPC_CODE: Record<TAppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: 'BAD_REQUEST',
  VALIDATION_FAILED: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_ASSIGNED: 'FORBIDDEN',
  CODE_REQUIRED: 'UNAUTHORIZED',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  SOLD_OUT: 'CONFLICT',
  INVALID_STATE: 'CONFLICT',
  HOLD_EXPIRED: 'CONFLICT',
  INVALID_CODE: 'BAD_REQUEST',
  CODE_EXPIRED: 'BAD_REQUEST',
  TOO_MANY_ATTEMPTS: 'TOO_MANY_REQUESTS',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

export class AppError extends Error {
  constructor(
    readonly code: TAppErrorCode,
    message: string,
    /** field-level details, e.g. `{ quantity: ['Only 2 left'] }` */
    readonly details?: Record<string, string[]>,
    /** transport hints: `retryAfterSeconds` becomes a `Retry-After` header (RFC 9110 §10.2.3) */
    readonly hints: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  toTRPCError(): TRPCError {
    return new TRPCError({ code: TRPC_CODE[this.code], message: this.message, cause: this });
  }
}

/** The AppError inside a tRPC error, if any. */
export function appErrorOf(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof TRPCError && err.cause instanceof AppError) return err.cause;
  return undefined;
}

/** The app code a tRPC code falls back to when the error did not come from a service. */
export const APP_CODE_FOR_TRPC: Partial<Record<TRPC_ERROR_CODE_KEY, TAppErrorCode>> = {
  BAD_REQUEST: 'BAD_REQUEST',
  PARSE_ERROR: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  METHOD_NOT_SUPPORTED: 'BAD_REQUEST',
  SERVICE_UNAVAILABLE: 'UNAVAILABLE',
};

/** Groups validation issues by dotted path: `{ "quantity": ["Too big"], "lines.0.id": [...] }`. */
export function groupIssues(
  issues: readonly { path?: readonly PropertyKey[]; message: string }[],
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path?.length ? issue.path.map(String).join('.') : '_';
    const list = out[key] ?? [];
    list.push(issue.message);
    out[key] = list;
  }
  return out;
}
