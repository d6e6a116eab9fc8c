/**
 * Who may act on which event's money (issue 3 "Authorization"): an organizer only on the events
 * of their own organizer (another organizer's event or request answers NOT_FOUND, exactly like
 * an unknown id); an admin on every event (the procedure's permission is checked by the router).
 */
import type { Prisma } from '../../db/generated/client.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import type { AuditEntry } from '../audit/audit.service.ts';

export type StaffScope = { kind: 'all' } | { kind: 'organizer'; organizerId: string };

/** The actor's reach. Errors: FORBIDDEN for a role that has none (customers, ushers, …). */
export function staffScope(actor: Actor): StaffScope {
  if (actor.user.role === 'ADMIN') return { kind: 'all' };
  if (actor.user.role === 'ORGANIZER') {
    // an organizer account not attached to an organizer reaches nothing
    return { kind: 'organizer', organizerId: actor.user.organizerId ?? '00000000-0000-0000-0000-000000000000' };
  }
  throw new AppError('FORBIDDEN', 'Only organizers and admins manage refunds.');
}

/** Event filter for the scope. */
export function eventWhere(scope: StaffScope): Prisma.EventWhereInput {
  return scope.kind === 'all' ? {} : { organizerId: scope.organizerId };
}

/** The event when the scope reaches it. Errors: NOT_FOUND (unknown or another organizer's). */
export function requireEventInScope<T extends { organizerId: string }>(scope: StaffScope, event: T | null): T {
  if (!event || (scope.kind === 'organizer' && event.organizerId !== scope.organizerId)) {
    throw new AppError('NOT_FOUND', 'No such event.');
  }
  return event;
}

/** Request metadata stored with audit entries. */
export type AuditMeta = AuditEntry['meta'];

export const auditActor = (actor: Actor): AuditEntry['actor'] => ({ id: actor.user.id, role: actor.user.role });
