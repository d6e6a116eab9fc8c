/**
 * The role chain (rallly `trpc/trpc.ts`, DESIGN.md "Router tree"):
 *
 *   publicProcedure → authedProcedure → roleProcedure(role) → customerProcedure, usherProcedure, …
 *
 * - no valid session → UNAUTHORIZED; a session of another role → FORBIDDEN;
 * - AppErrors thrown by services become TRPCErrors with their mapped code;
 * - realtime messages collected in `ctx.deps.realtime` are published only after the procedure
 *   returned successfully, i.e. after the service's transaction committed.
 */
import { TRPCError } from '@trpc/server';
import { AppError } from '../errors.ts';
import { type AdminPermission, adminCan } from '../modules/admin/permissions.ts';
import { isDatabaseUnavailable, unavailableError } from '../ops/db-errors.ts';
import type { Actor } from './context.ts';
import { baseProcedure, middleware } from './init.ts';

const appErrors = middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    // the database went away mid-call: a clear 503 UNAVAILABLE, not a 500 (ops/db-errors.ts)
    const cause = result.error.cause;
    const app =
      cause instanceof AppError ? cause : isDatabaseUnavailable(result.error) ? unavailableError() : undefined;
    if (app) {
      if (app.hints.retryAfterSeconds) ctx.setHeader('retry-after', String(app.hints.retryAfterSeconds));
      // keep tRPC's shape while mapping the domain code
      (result as { error: TRPCError }).error = app.toTRPCError();
    }
  }
  if (result.ok && ctx.deps.realtime.length > 0) {
    const messages = ctx.deps.realtime.splice(0);
    ctx.publish(messages);
  }
  return result;
});

export const publicProcedure = baseProcedure.use(appErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  return next({ ctx: { actor: ctx.actor as Actor } });
});

type Role = Actor['user']['role'];

export function roleProcedure(role: Role) {
  return authedProcedure.use(({ ctx, next }) => {
    if (ctx.actor.user.role !== role) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `This needs a ${role.toLowerCase()} account.` });
    }
    if (ctx.actor.user.status !== 'ACTIVE') {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Verify your account first.' });
    }
    return next();
  });
}

export const customerProcedure = roleProcedure('CUSTOMER');

/**
 * Ushers act for the one event their session was opened for; the assignment is re-checked on
 * every call so that removing an usher from an event takes effect at once.
 */
export const usherProcedure = roleProcedure('USHER').use(async ({ ctx, next }) => {
  const eventId = ctx.actor.session.eventId;
  if (!eventId) throw new TRPCError({ code: 'FORBIDDEN', message: 'Sign in for an event first.' });
  const assignment = await ctx.deps.db.usherAssignment.findUnique({
    where: { usherId_eventId: { usherId: ctx.actor.user.id, eventId } },
    select: { gateId: true },
  });
  if (!assignment) throw new TRPCError({ code: 'FORBIDDEN', message: 'You are no longer assigned to this event.' });
  return next({ ctx: { usher: { id: ctx.actor.user.id, eventId, gateId: assignment.gateId } } });
});

export const organizerProcedure = roleProcedure('ORGANIZER');
export const merchantProcedure = roleProcedure('MERCHANT');
export const practitionerProcedure = roleProcedure('PRACTITIONER');

/**
 * Admin procedures carry the permission they need; sub-roles map to permissions in one table
 * (modules/admin/permissions.ts): support reads, admin also changes users, only super-admins
 * manage admins.
 */
export function adminProcedure(permission: AdminPermission) {
  return roleProcedure('ADMIN').use(({ ctx, next }) => {
    const level = ctx.actor.user.adminLevel;
    if (!adminCan(level, permission)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Your admin role does not allow this.' });
    }
    return next({ ctx: { admin: { id: ctx.actor.user.id, level: level! } } });
  });
}
