import { EmptyState, ErrorNotice, Spinner } from '@admit/ui';
import { Navigate, Outlet } from 'react-router';
import { isUnauthorized, loginPath, useCurrentPath, useMe, useSignOut } from '../session.tsx';
import { Layout, PublicLayout } from './Layout.tsx';

/** Practitioner pages: signed-out visitors go to `/login?next=…` and come back; other roles are turned away. */
export function RequirePractitioner() {
  const me = useMe();
  const path = useCurrentPath();
  const signOut = useSignOut();
  if (me.data?.role === 'PRACTITIONER') {
    return (
      <Layout me={me.data}>
        <Outlet />
      </Layout>
    );
  }
  if (me.data) {
    return (
      <PublicLayout>
        <div className="page page--medium">
          <EmptyState title="This portal is for practitioner accounts">
            <p>
              You are signed in as {me.data.firstName} {me.data.lastName} ({me.data.role.toLowerCase()}). Sign out, then
              sign in with your practitioner account.
            </p>
            <button type="button" className="ui-button" onClick={() => signOut.mutate({})} disabled={signOut.isPending}>
              Sign out
            </button>
          </EmptyState>
        </div>
      </PublicLayout>
    );
  }
  if (me.isPending) {
    return (
      <PublicLayout>
        <div className="page">
          <Spinner />
        </div>
      </PublicLayout>
    );
  }
  if (isUnauthorized(me.error)) return <Navigate to={loginPath(path)} replace />;
  return (
    <PublicLayout>
      <div className="page page--medium">
        <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />
      </div>
    </PublicLayout>
  );
}
