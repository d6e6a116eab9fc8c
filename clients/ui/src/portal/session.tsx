/**
 * Who is signed in to a mobile + code portal. The session is an HttpOnly cookie the server sets;
 * the portal only asks `auth.me` (UNAUTHORIZED means signed out) and never stores tokens.
 */
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { EmptyState, ErrorNotice, Spinner } from '../components.tsx';
import { type RouterOutputs, trpc } from '../trpc.ts';
import { isUnauthorized } from './account.tsx';
import { usePortalConfig } from './config.tsx';
import { Frame } from './frame.tsx';
import type { StaffSession } from './sign-in.tsx';

export type Me = RouterOutputs['auth']['me'];

export function useMe() {
  return trpc.auth.me.useQuery({}, { retry: false, staleTime: 60_000 });
}

/** The signed-in user of this portal's role, if the session is (still) valid. */
export function usePortalUser(): Me | undefined {
  const me = useMe();
  const { role } = usePortalConfig();
  return me.data?.role === role && !isUnauthorized(me.error) ? me.data : undefined;
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
export function useSignOut(procedure?: typeof trpc.auth.logout) {
  const { logout } = usePortalConfig();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (procedure ?? logout).useMutation({
    onSettled: () => {
      navigate('/login', { replace: true });
      // forget everything the signed-in user saw; the sign-in page asks `auth.me` afresh
      queryClient.clear();
    },
  });
}

/** Pages for this portal's role: signed-out visitors go to `/login?next=…` and come back. */
export function RequirePortalUser({ children }: { children: ReactNode }) {
  const portal = usePortalConfig();
  const me = useMe();
  const loc = useLocation();
  const signOut = useSignOut(trpc.auth.logout);
  if (isUnauthorized(me.error)) return <Navigate to={loginPath(`${loc.pathname}${loc.search}`)} replace />;
  if (me.data?.role === portal.role) return <>{children}</>;
  return (
    <Frame>
      <div className="page page--narrow page--auth">
        {me.data ? (
          <EmptyState title={`This portal is for ${portal.account} accounts`}>
            <p>
              You are signed in as {me.data.firstName} {me.data.lastName} ({me.data.role.toLowerCase()} account). Sign
              out, then sign in with your {portal.account} account.
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
