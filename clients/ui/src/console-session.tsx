/**
 * Who is signed in to a staff console (admin, practitioner). The session is an HttpOnly cookie the
 * server sets; the SPA only asks `auth.me` (UNAUTHORIZED means signed out) and never stores
 * tokens. Also the console's password reset page. Uses react-router.
 */
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ErrorNotice } from './components.tsx';
import { ForgotPasswordFlow } from './console-auth.tsx';
import { errorInfo, type RouterOutputs, trpc } from './trpc.ts';

export type Me = RouterOutputs['auth']['me'];
type SessionResult = Pick<RouterOutputs['auth']['admin']['verifyOtp'], 'user' | 'eventId'>;

export function useMe() {
  return trpc.auth.me.useQuery({}, { retry: false, staleTime: 60_000 });
}

export function isUnauthorized(err: unknown): boolean {
  if (!err) return false;
  const info = errorInfo(err);
  return info.httpStatus === 401 || info.appCode === 'UNAUTHENTICATED';
}

/** Only same-site paths are followed after sign-in (no `//evil.example`, absolute URLs or `/login`). */
export function safeNext(raw: string | null | undefined, fallback: string): string {
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

/** After sign-in (or the code step): remember the user, refresh everything and go on. */
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

/** `E-mail` → code by e-mail → `Code`, `New password`, `Reset password` (signs out every device). */
export function ConsoleForgotPasswordPage({
  api,
  hint,
}: {
  /** `trpc.auth.admin` or `trpc.auth.practitioner` */
  api: typeof trpc.auth.admin | typeof trpc.auth.practitioner;
  hint?: ReactNode;
}) {
  const request = api.forgotPassword.useMutation();
  const reset = api.resetPassword.useMutation();
  return (
    <div className="page page--narrow auth-wrap">
      <section className="ui-card auth-card">
        <h1 className="page-title">Reset your password</h1>
        <ForgotPasswordFlow
          request={request}
          reset={reset}
          hint={hint}
          signIn={
            <Link to="/login" className="ui-button">
              Sign in
            </Link>
          }
        />
        <p className="auth-switch small">
          <Link to="/login">Back to sign in</Link>
        </p>
      </section>
    </div>
  );
}
