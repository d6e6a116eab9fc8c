/**
 * What each admin sub-role may do, mirrored from the server's table
 * (server/src/modules/admin/permissions.ts) so the console can hide or explain actions. The
 * server stays the authority: every procedure re-checks and refuses with FORBIDDEN.
 */
import type { AdminLevel, AdminPermission } from '@admit/server/modules/admin/permissions';

export type { AdminLevel, AdminPermission };

const PERMISSIONS: Record<AdminPermission, readonly AdminLevel[]> = {
  'users.read': ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
  'users.write': ['SUPER_ADMIN', 'ADMIN'],
  'admins.manage': ['SUPER_ADMIN'],
  'audit.read': ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
  'money.write': ['SUPER_ADMIN', 'ADMIN'],
  'money.read': ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
  'raffles.read': ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
  'raffles.write': ['SUPER_ADMIN', 'ADMIN'],
  'catalog.read': ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
  'catalog.write': ['SUPER_ADMIN', 'ADMIN'],
  'cards.read': ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
  'cards.write': ['SUPER_ADMIN', 'ADMIN'],
  'analytics.read': ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
};

export function adminCan(level: AdminLevel | null | undefined, permission: AdminPermission): boolean {
  return !!level && PERMISSIONS[permission].includes(level);
}

export const ADMIN_LEVELS: readonly AdminLevel[] = ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'];

export const LEVEL_LABELS: Record<AdminLevel, string> = {
  SUPER_ADMIN: 'Super admin',
  ADMIN: 'Admin',
  SUPPORT: 'Support',
};

export const LEVEL_DESCRIPTIONS: Record<AdminLevel, string> = {
  SUPER_ADMIN: 'everything, including managing admins',
  ADMIN: 'reads everything, changes non-admin accounts and the books',
  SUPPORT: 'reads users, the audit log and the books',
};

export const ROLES = ['CUSTOMER', 'ORGANIZER', 'MERCHANT', 'USHER', 'PRACTITIONER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  CUSTOMER: 'Customer',
  ORGANIZER: 'Organizer',
  MERCHANT: 'Merchant',
  USHER: 'Usher',
  PRACTITIONER: 'Practitioner',
  ADMIN: 'Admin',
};

export const STATUSES = ['ACTIVE', 'DISABLED', 'PENDING_VERIFICATION'] as const;
export type UserStatus = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<UserStatus, string> = {
  ACTIVE: 'Active',
  DISABLED: 'Disabled',
  PENDING_VERIFICATION: 'Pending verification',
};

export const STATUS_BADGE: Record<UserStatus, string> = {
  ACTIVE: 'badge--ok',
  DISABLED: 'badge--bad',
  PENDING_VERIFICATION: 'badge--warn',
};

/** Why `actor` may not change `target`'s account (null: allowed), in the words shown to the admin. */
export function blockedReason(
  actor: { id: string; level: AdminLevel | null },
  target: { id: string; role: Role },
): string | null {
  if (!adminCan(actor.level, 'users.write')) return 'Your admin role (Support) can view accounts but not change them.';
  if (target.id === actor.id) return 'This is your own account: manage it on the Account page.';
  if (target.role === 'ADMIN' && !adminCan(actor.level, 'admins.manage')) {
    return 'Only a super admin can act on admin accounts.';
  }
  return null;
}
