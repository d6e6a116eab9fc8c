/**
 * Who is signed in. The session is an HttpOnly cookie the server sets; the SPA only asks
 * `auth.me` (UNAUTHORIZED means signed out) and never stores tokens. Signed-in pages sit under
 * <RequirePractitioner> (components/RequirePractitioner.tsx).
 */
import type { RouterOutputs } from '@admit/ui';
import { ErrorNotice, errorInfo, trpc } from '@admit/ui';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate } from 'react-router';

export type Me = RouterOutputs['auth']['me'];
type SessionResult = RouterOutputs['auth']['practitioner']['login'];

export const HOME = '/account';

export function useMe() {
  return trpc.auth.me.useQuery({}, { retry: false, staleTime: 60_000 });
}

export function isUnauthorized(err: unknown): boolean {
  if (!err) return false;
  const info = errorInfo(err);
  return info.httpStatus === 401 || info.appCode === 'UNAUTHENTICATED';
}

/** Only same-site paths are followed after sign-in (no `//evil.example` or absolute URLs). */
export function safeNext(raw: string | null | undefined, fallback = HOME): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || raw.startsWith('/login')) {
    return fallback;
  }
  return raw;
}

export function loginPath(next: string): string {
  return `/login?next=${encodeURIComponent(next)}`;
}

export function useCurrentPath(): string {
  const loc = useLocation();
  return `${loc.pathname}${loc.search}`;
}

/** After sign-in: remember the user, refresh everything and go on. */
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
  return trpc.auth.logout.useMutation({
    onSettled: async () => {
      navigate('/login', { replace: true });
      await queryClient.resetQueries();
    },
  });
}

/** A failed data view: sign-in link when the session ended, otherwise the error with a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
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
