/**
 * Who is signed in: the shared console session (@admit/ui/console-session.tsx) plus `admin.me`
 * for the sub-role. Signed-in pages sit under <RequireAdmin> (components/RequireAdmin.tsx).
 */
import type { RouterOutputs } from '@admit/ui';
import type { Me } from '@admit/ui/console-session.tsx';
import { createContext, useContext } from 'react';
import type { AdminLevel, AdminPermission } from './permissions.ts';

export {
  isUnauthorized,
  LoadError,
  loginPath,
  type Me,
  useCurrentPath,
  useMe,
  useSignedIn,
  useSignOut,
} from '@admit/ui/console-session.tsx';

export type AdminProfile = RouterOutputs['admin']['me'];

/** the admin landing page: the dashboard (seed 003 Plan 2 Phase 2) */
export const HOME = '/dashboard';

export interface AdminSession {
  me: Me;
  profile: AdminProfile;
  level: AdminLevel | null;
  can: (permission: AdminPermission) => boolean;
}

export const AdminContext = createContext<AdminSession | null>(null);

/** The signed-in admin; only inside <RequireAdmin>. */
export function useAdmin(): AdminSession {
  const s = useContext(AdminContext);
  if (!s) throw new Error('useAdmin outside <RequireAdmin>');
  return s;
}
