import {
  type AdminLevel,
  ROLE_LABELS,
  type Role,
  STATUS_BADGE,
  STATUS_LABELS,
  type UserStatus,
} from '../permissions.ts';
import { LevelBadge } from './Layout.tsx';

export function StatusBadge({ status }: { status: UserStatus }) {
  return (
    <span className={`ui-badge ${STATUS_BADGE[status]}`} data-testid="user-status">
      {STATUS_LABELS[status]}
    </span>
  );
}

/** "Customer"; admins with their level unless it is plain "Admin". */
export function RoleLabel({ role, adminLevel }: { role: Role; adminLevel: AdminLevel | null }) {
  return (
    <span className="badge-row">
      <span>{ROLE_LABELS[role]}</span>
      {role === 'ADMIN' && adminLevel !== 'ADMIN' && <LevelBadge level={adminLevel} />}
    </span>
  );
}

/** The identifier a user signs in with. */
export function loginOf(u: { email: string | null; mobile: string | null; username: string | null }): string {
  return u.email ?? u.mobile ?? u.username ?? '—';
}
