/**
 * The audit log (issue 3 "Audit log"): privileged and security-relevant actions with actor,
 * target, before/after, IP and time. Entries are appended, never changed. Values that are
 * secrets (passwords, codes, tokens) are never passed in.
 */
import { stringify } from 'csv-stringify/sync';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { pageOf, pageWindow } from '../pagination.ts';

export interface AuditEntry {
  action: string;
  actor?: { id: string; role: Prisma.AuditLogCreateInput['actorRole'] } | null;
  target?: { type: string; id: string };
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  meta?: { ip?: string; userAgent?: string; requestId?: string };
}

type AuditDb = Pick<Deps['db'], 'auditLog'>;

export async function recordAudit(db: AuditDb, e: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      action: e.action,
      actorId: e.actor?.id ?? null,
      actorRole: e.actor?.role ?? null,
      targetType: e.target?.type ?? null,
      targetId: e.target?.id ?? null,
      before: e.before,
      after: e.after,
      ip: e.meta?.ip ?? null,
      userAgent: e.meta?.userAgent?.slice(0, 256) ?? null,
      requestId: e.meta?.requestId ?? null,
    },
  });
}

export interface AuditFilters {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

function where(f: AuditFilters): Prisma.AuditLogWhereInput {
  return {
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    ...(f.actorId ? { actorId: f.actorId } : {}),
    ...(f.targetType ? { targetType: f.targetType } : {}),
    ...(f.targetId ? { targetId: f.targetId } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
}

const auditSelect = {
  id: true,
  at: true,
  action: true,
  actorId: true,
  actorRole: true,
  targetType: true,
  targetId: true,
  before: true,
  after: true,
  ip: true,
  userAgent: true,
  actor: { select: { firstName: true, lastName: true, email: true, mobile: true, username: true } },
} satisfies Prisma.AuditLogSelect;

/** Newest first. `action` matches a prefix (`auth.` lists every sign-in event). */
export async function listAudit(deps: Pick<Deps, 'db'>, f: AuditFilters & { page: number; pageSize: number }) {
  const w = where(f);
  const [total, rows] = await Promise.all([
    deps.db.auditLog.count({ where: w }),
    deps.db.auditLog.findMany({
      where: w,
      select: auditSelect,
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      ...pageWindow(f),
    }),
  ]);
  return pageOf(
    rows.map(({ actor, ...r }) => ({
      ...r,
      actorName: actor ? `${actor.firstName} ${actor.lastName}`.trim() : null,
      actorLogin: actor ? (actor.email ?? actor.mobile ?? actor.username) : null,
    })),
    total,
    f,
  );
}

/** Neutralises spreadsheet formulas in a cell (OWASP "CSV Injection"). */
export const csvSafe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** CSV (RFC 4180) of the filtered log, newest first, at most 50 000 rows; cells formula-safe. */
export async function auditCsv(deps: Pick<Deps, 'db'>, f: AuditFilters): Promise<string> {
  const rows = await deps.db.auditLog.findMany({
    where: where(f),
    select: auditSelect,
    orderBy: [{ at: 'desc' }],
    take: 50_000,
  });
  return stringify(
    rows.map((r) =>
      [
        r.at.toISOString(),
        r.action,
        r.actorId ?? '',
        r.actorRole ?? '',
        r.targetType ?? '',
        r.targetId ?? '',
        r.before === null ? '' : JSON.stringify(r.before),
        r.after === null ? '' : JSON.stringify(r.after),
        r.ip ?? '',
        r.userAgent ?? '',
      ].map(csvSafe),
    ),
    {
      header: true,
      columns: [
        'at',
        'action',
        'actor_id',
        'actor_role',
        'target_type',
        'target_id',
        'before',
        'after',
        'ip',
        'user_agent',
      ],
    },
  );
}
