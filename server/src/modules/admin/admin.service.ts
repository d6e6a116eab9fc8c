/**
 * User administration (seed 003 Plan 2 Phase 7, issue 3): list and inspect users, disable or
 * enable accounts, revoke their sessions, and manage admins. Acting on an admin account needs
 * `admins.manage` (super-admins only); nobody can disable themselves. Every change is audited
 * with the state before and after.
 */
import { hashPassword } from '../../auth/password.ts';
import { invalidateUserSessions, sessionUserSelect } from '../../auth/sessions.ts';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { pageOf, pageWindow } from '../pagination.ts';
import { type AdminLevel, adminCan } from './permissions.ts';

type Meta = { ip?: string; userAgent?: string; requestId?: string };

/** `activeSessions` counts sessions not yet expired at `now`. */
const userSelect = (now: Date) =>
  ({
    ...sessionUserSelect,
    createdAt: true,
    deletedAt: true,
    organizer: { select: { id: true, name: true } },
    _count: { select: { sessions: { where: { expiresAt: { gt: now } } } } },
  }) satisfies Prisma.UserSelect;
type UserRow = Prisma.UserGetPayload<{ select: ReturnType<typeof userSelect> }>;
const toAdminUser = ({ _count, ...u }: UserRow) => ({ ...u, activeSessions: _count.sessions });

export async function listUsers(
  deps: Pick<Deps, 'db' | 'clock'>,
  f: { page: number; pageSize: number; role?: UserRow['role']; status?: UserRow['status']; q?: string },
) {
  const where: Prisma.UserWhereInput = {
    ...(f.role ? { role: f.role } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.q
      ? {
          OR: [
            { firstName: { contains: f.q, mode: 'insensitive' } },
            { lastName: { contains: f.q, mode: 'insensitive' } },
            { email: { contains: f.q, mode: 'insensitive' } },
            { mobile: { contains: f.q } },
            { username: { contains: f.q, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    deps.db.user.count({ where }),
    deps.db.user.findMany({
      where,
      select: userSelect(deps.clock.now()),
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      ...pageWindow(f),
    }),
  ]);
  return pageOf(rows.map(toAdminUser), total, f);
}

export async function getUser(deps: Pick<Deps, 'db' | 'clock'>, id: string) {
  const u = await deps.db.user.findUnique({ where: { id }, select: userSelect(deps.clock.now()) });
  if (!u) throw new AppError('NOT_FOUND', 'No such user.');
  return toAdminUser(u);
}

/** Loads the target and checks the acting admin may change it. */
async function targetFor(deps: Deps, admin: Actor, id: string) {
  const target = await getUser(deps, id);
  if (target.role === 'ADMIN' && !adminCan(admin.user.adminLevel, 'admins.manage')) {
    throw new AppError('FORBIDDEN', 'Only a super-admin can act on admin accounts.');
  }
  return target;
}

export async function setUserStatus(deps: Deps, admin: Actor, id: string, status: 'ACTIVE' | 'DISABLED', meta: Meta) {
  if (id === admin.user.id) throw new AppError('INVALID_STATE', 'You cannot change your own account status.');
  const target = await targetFor(deps, admin, id);
  if (target.status === 'PENDING_VERIFICATION')
    throw new AppError('INVALID_STATE', 'This account is not verified yet.');
  await deps.db.user.update({ where: { id }, data: { status } });
  const revoked = status === 'DISABLED' ? await invalidateUserSessions(deps.db, id) : 0;
  await recordAudit(deps.db, {
    action: status === 'DISABLED' ? 'user.disabled' : 'user.enabled',
    actor: admin.user,
    target: { type: 'user', id },
    before: { status: target.status },
    after: { status, sessionsRevoked: revoked },
    meta,
  });
  return getUser(deps, id);
}

export async function revokeUserSessions(deps: Deps, admin: Actor, id: string, meta: Meta) {
  await targetFor(deps, admin, id);
  const revoked = await invalidateUserSessions(deps.db, id);
  await recordAudit(deps.db, {
    action: 'session.revoked_by_admin',
    actor: admin.user,
    target: { type: 'user', id },
    after: { sessionsRevoked: revoked },
    meta,
  });
  return { ok: true as const, sessionsRevoked: revoked };
}

/** Super-admins only (the procedure checks `admins.manage`). E-mail must be unused. */
export async function createAdmin(
  deps: Deps,
  admin: Actor,
  input: { email: string; firstName: string; lastName: string; password: string; level: AdminLevel },
  meta: Meta,
) {
  const taken = await deps.db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (taken) throw new AppError('CONFLICT', 'This e-mail address is already in use.', { email: ['Already in use'] });
  const created = await deps.db.user.create({
    data: {
      role: 'ADMIN',
      adminLevel: input.level,
      email: input.email,
      emailVerifiedAt: deps.clock.now(),
      firstName: input.firstName,
      lastName: input.lastName,
      passwordHash: await hashPassword(input.password),
    },
    select: { id: true },
  });
  await recordAudit(deps.db, {
    action: 'admin.created',
    actor: admin.user,
    target: { type: 'user', id: created.id },
    after: { email: input.email, level: input.level },
    meta,
  });
  return getUser(deps, created.id);
}

/** Changes an admin's level. A super-admin cannot demote themselves (there must stay one). */
export async function setAdminLevel(deps: Deps, admin: Actor, id: string, level: AdminLevel, meta: Meta) {
  const target = await getUser(deps, id);
  if (target.role !== 'ADMIN') throw new AppError('INVALID_STATE', 'This account is not an admin.');
  if (id === admin.user.id) throw new AppError('INVALID_STATE', 'You cannot change your own admin level.');
  await deps.db.user.update({ where: { id }, data: { adminLevel: level } });
  await recordAudit(deps.db, {
    action: 'admin.level_changed',
    actor: admin.user,
    target: { type: 'user', id },
    before: { level: target.adminLevel },
    after: { level },
    meta,
  });
  return getUser(deps, id);
}
