/**
 * Who is signed in. The session itself is an HttpOnly cookie the server sets; the SPA only asks
 * `auth.me` (UNAUTHORIZED means signed out) and never stores tokens.
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, ErrorNotice, errorInfo, Spinner, trpc } from '@admit/ui';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';

export type Me = RouterOutputs['auth']['me'];
type SessionResult = RouterOutputs['auth']['verifyOtp'];

export function useMe() {
  return trpc.auth.me.useQuery({}, { retry: false, staleTime: 60_000 });
}

export function isUnauthorized(err: unknown): boolean {
  if (!err) return false;
  const info = errorInfo(err);
  return info.httpStatus === 401 || info.appCode === 'UNAUTHENTICATED';
}

/** Only same-site paths are followed after sign-in (no `//evil.example` or absolute URLs). */
export function safeNext(raw: string | null | undefined, fallback = '/'): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  return raw;
}

export function loginPath(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`;
}

export function useCurrentPath(): string {
  const loc = useLocation();
  return `${loc.pathname}${loc.search}`;
}

/** After a code step: remember the user, refresh everything and go on. */
export function useSignedIn() {
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  return (session: SessionResult, next: string) => {
    utils.auth.me.setData({}, { ...session.user, eventId: session.eventId });
    void utils.invalidate();
    navigate(next, { replace: true });
  };
}

export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = trpc.auth.logout.useMutation({
    onSettled: async () => {
      navigate('/');
      await queryClient.resetQueries();
    },
  });
  return logout;
}

/** Customer-only pages: signed-out visitors go to `/login?next=…` and come back. */
export function RequireCustomer({ children }: { children: ReactNode }) {
  const me = useMe();
  const path = useCurrentPath();
  const signOut = useSignOut();
  if (me.data) {
    if (me.data.role === 'CUSTOMER') return <>{children}</>;
    return (
      <EmptyState title="This page is for customer accounts">
        <p>
          You are signed in as {me.data.firstName} ({me.data.role.toLowerCase()}). Sign out, then sign in with your
          customer account.
        </p>
        <button type="button" className="ui-button" onClick={() => signOut.mutate({})} disabled={signOut.isPending}>
          Sign out
        </button>
      </EmptyState>
    );
  }
  if (me.isPending || me.isFetching) return <Spinner />;
  if (isUnauthorized(me.error)) return <Navigate to={loginPath(path)} replace />;
  return <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />;
}

/** A failed data view: sign-in link when the session ended, otherwise the error with a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const path = useCurrentPath();
  if (isUnauthorized(error)) {
    return (
      <div className="ui-error" role="alert">
        <strong>Your session has ended.</strong> <Link to={loginPath(path)}>Sign in again</Link>
      </div>
    );
  }
  return <ErrorNotice error={error} onRetry={onRetry} />;
}
