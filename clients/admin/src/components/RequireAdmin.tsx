import { EmptyState, ErrorNotice, Spinner, trpc } from '@admit/ui';
import { Navigate, Outlet } from 'react-router';
import { adminCan } from '../permissions.ts';
import {
  AdminContext,
  type AdminSession,
  isUnauthorized,
  loginPath,
  type Me,
  useCurrentPath,
  useMe,
  useSignOut,
} from '../session.tsx';
import { Layout, PublicLayout } from './Layout.tsx';

function WrongAccount({ me }: { me: Me }) {
  const signOut = useSignOut();
  return (
    <PublicLayout>
      <div className="page page--medium">
        <EmptyState title="This console is for admin accounts">
          <p>
            You are signed in as {me.firstName} {me.lastName} ({me.role.toLowerCase()}). Sign out, then sign in with
            your admin account.
          </p>
          <button type="button" className="ui-button" onClick={() => signOut.mutate({})} disabled={signOut.isPending}>
            Sign out
          </button>
        </EmptyState>
      </div>
    </PublicLayout>
  );
}

/**
 * The signed-in part of the console: `auth.me` must be an ADMIN, then `admin.me` gives the
 * sub-role (SUPER_ADMIN / ADMIN / SUPPORT) every page reads through `useAdmin()`.
 * Signed-out visitors go to `/login?next=…` and come back; other roles are turned away.
 */
export function RequireAdmin() {
  const me = useMe();
  const path = useCurrentPath();
  const isAdmin = me.data?.role === 'ADMIN';
  const profile = trpc.admin.me.useQuery({}, { enabled: isAdmin, retry: false, staleTime: 60_000 });
  const signOut = useSignOut();

  if (me.data && !isAdmin) return <WrongAccount me={me.data} />;
  if (me.data && profile.data) {
    const level = profile.data.adminLevel;
    const session: AdminSession = {
      me: me.data,
      profile: profile.data,
      level,
      can: (permission) => adminCan(level, permission),
    };
    return (
      <AdminContext.Provider value={session}>
        <Layout>
          <Outlet />
        </Layout>
      </AdminContext.Provider>
    );
  }
  if (me.isPending || (isAdmin && profile.isPending)) {
    return (
      <PublicLayout>
        <div className="page">
          <Spinner />
        </div>
      </PublicLayout>
    );
  }
  const error = me.error ?? profile.error;
  if (isUnauthorized(error)) return <Navigate to={loginPath(path)} replace />;
  return (
    <PublicLayout>
      <div className="page page--medium">
        <ErrorNotice error={error} onRetry={() => void (me.error ? me.refetch() : profile.refetch())} />
        {profile.error && (
          <button type="button" className="ui-button ui-button--ghost" onClick={() => signOut.mutate({})}>
            Sign out
          </button>
        )}
      </div>
    </PublicLayout>
  );
}
