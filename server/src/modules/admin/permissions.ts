/**
 * What each admin sub-role may do (issue 3 "Authorization"; seed 003 Plan 2 RBAC:
 * SuperAdmin, Admin, Support). Every admin procedure names one permission.
 */
export type AdminLevel = 'SUPER_ADMIN' | 'ADMIN' | 'SUPPORT';

export const ADMIN_PERMISSIONS = {
  /** read users, sessions, the audit log */
  'users.read': ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
  /** disable/enable accounts, revoke sessions of non-admins */
  'users.write': ['SUPER_ADMIN', 'ADMIN'],
  /** create admins, change admin levels, act on admin accounts */
  'admins.manage': ['SUPER_ADMIN'],
  'audit.read': ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
  /** refunds, payouts, finance changes (payments issue) */
  'money.write': ['SUPER_ADMIN', 'ADMIN'],
  /** read refunds, refund requests, payouts and the books */
  'money.read': ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
  /** read raffles, their entries and winners (issue 8) */
  'raffles.read': ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
  /** create, edit, publish, cancel raffles and upload their images (issue 8) */
  'raffles.write': ['SUPER_ADMIN', 'ADMIN'],
  /** read events, tickets, venues, seat maps, edit requests, check-in logs (issue 7 back office) */
  'catalog.read': ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
  /** create/edit/delete events, venues, seat maps; ticket status, check-in and transfer; review edit requests */
  'catalog.write': ['SUPER_ADMIN', 'ADMIN'],
  /** read NFC cards, card requests and card transactions */
  'cards.read': ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
  /** create, allocate, block, transfer NFC cards and move balances */
  'cards.write': ['SUPER_ADMIN', 'ADMIN'],
  /** dashboard statistics and analytics charts */
  'analytics.read': ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'],
} as const satisfies Record<string, readonly AdminLevel[]>;

export type AdminPermission = keyof typeof ADMIN_PERMISSIONS;

export function adminCan(level: AdminLevel | null, permission: AdminPermission): boolean {
  return level !== null && (ADMIN_PERMISSIONS[permission] as readonly AdminLevel[]).includes(level);
}
