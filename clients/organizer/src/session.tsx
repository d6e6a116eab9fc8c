/**
 * Who is signed in. The session is an HttpOnly cookie the server sets; the portal only asks
 * `auth.me` (UNAUTHORIZED means signed out) and never stores tokens.
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, ErrorNotice, Spinner, trpc } from '@admit/ui';
import { isUnauthorized, type StaffSession } from '@admit/ui/portal/index.ts';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Frame } from './components/Frame.tsx';
import { PORTAL } from './portal.ts';

export type Me = RouterOutputs['auth']['me'];

export function useMe() {
  return trpc.auth.me.useQuery({}, { retry: false, staleTime: 60_000 });
}

/** The signed-in user of this portal's role, if the session is (still) valid. */
export function usePortalUser(): Me | undefined {
  const me = useMe();
  return me.data?.role === PORTAL.role && !isUnauthorized(me.error) ? me.data : undefined;
}

/** Only same-site paths are followed after sign-in (no `//evil.example` or absolute URLs). */
export function safeNext(raw: string | null | undefined, fallback = '/'): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  return raw;
}

export function loginPath(next: string): string {
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/** After the code step: remember the user, refresh everything and go on. */
export function useSignedIn() {
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  return (session: StaffSession, next: string) => {
    utils.auth.me.setData({}, { ...session.user, eventId: session.eventId });
    void utils.invalidate();
    navigate(next, { replace: true });
  };
}

/** Ends this session (`procedure`: this portal's logout, or `auth.logout` for other roles), then shows sign-in. */
export function useSignOut(procedure: typeof trpc.auth.logout = PORTAL.logout) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return procedure.useMutation({
    onSettled: () => {
      navigate('/login', { replace: true });
      // forget everything the signed-in user saw; the sign-in page asks `auth.me` afresh
      queryClient.clear();
    },
  });
}

/** Pages for this portal's role: signed-out visitors go to `/login?next=…` and come back. */
export function RequirePortalUser({ children }: { children: ReactNode }) {
  const me = useMe();
  const loc = useLocation();
  const signOut = useSignOut(trpc.auth.logout);
  if (isUnauthorized(me.error)) return <Navigate to={loginPath(`${loc.pathname}${loc.search}`)} replace />;
  if (me.data?.role === PORTAL.role) return <>{children}</>;
  return (
    <Frame>
      <div className="page page--narrow page--auth">
        {me.data ? (
          <EmptyState title={`This portal is for ${PORTAL.account} accounts`}>
            <p>
              You are signed in as {me.data.firstName} {me.data.lastName} ({me.data.role.toLowerCase()} account). Sign
              out, then sign in with your {PORTAL.account} account.
            </p>
            <button type="button" className="ui-button" onClick={() => signOut.mutate({})} disabled={signOut.isPending}>
              Sign out
            </button>
          </EmptyState>
        ) : me.isPending ? (
          <Spinner label="Checking your session…" />
        ) : (
          <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />
        )}
      </div>
    </Frame>
  );
}
