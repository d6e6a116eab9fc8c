/**
 * tRPC instance: superjson transport, OpenAPI metadata (trpc-to-openapi), and the one error
 * formatter. Every error carries `data.appCode` (shared APP_ERROR_CODES) and, for bad input,
 * `data.fieldErrors` keyed by dotted path. No stack trace ever leaves the server; unexpected
 * errors are logged once (with the request id) by the adapters' onError and shown as
 * "Internal server error".
 */
import { initTRPC } from '@trpc/server';
import superjson from 'superjson';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';
import { APP_CODE_FOR_TRPC, appErrorOf, groupIssues } from '../errors.ts';
import { isDatabaseUnavailable, unavailableError } from '../ops/db-errors.ts';
import type { Context } from './context.ts';

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    transformer: superjson,
    isDev: false,
    errorFormatter({ shape, error }) {
      // a database connection error that reached here unmapped still answers 503 UNAVAILABLE
      const unavailable = !appErrorOf(error) && isDatabaseUnavailable(error) ? unavailableError() : undefined;
      const app = appErrorOf(error) ?? unavailable;
      const zod = error.cause instanceof ZodError ? error.cause : undefined;
      const internal = error.code === 'INTERNAL_SERVER_ERROR' && !app;
      return {
        message: zod ? 'Invalid input' : internal ? 'Internal server error' : (unavailable?.message ?? shape.message),
        code: shape.code,
        data: {
          code: unavailable ? 'SERVICE_UNAVAILABLE' : shape.data.code,
          httpStatus: unavailable ? 503 : shape.data.httpStatus,
          path: shape.data.path,
          appCode: app?.code ?? (zod ? 'VALIDATION_FAILED' : (APP_CODE_FOR_TRPC[error.code] ?? 'INTERNAL')),
          fieldErrors: zod ? groupIssues(zod.issues) : (app?.details ?? null),
        },
      };
    },
  });

export const router = t.router;
export const middleware = t.middleware;
export const baseProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
