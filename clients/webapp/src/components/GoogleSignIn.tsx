/**
 * "Continue with Google" (server/src/auth/google.ts): a plain link that leaves the SPA for
 * `/auth/google/start`; the server comes back to `next` signed in, or to `/login?error=<code>`.
 * Shown only when `/auth/google/status` says the server has Google credentials.
 */
import { useQuery } from '@tanstack/react-query';

async function googleEnabled(): Promise<boolean> {
  try {
    const res = await fetch('/auth/google/status', { headers: { accept: 'application/json' } });
    if (!res.ok) return false;
    const body = (await res.json()) as { enabled?: unknown };
    return body.enabled === true;
  } catch {
    // e.g. a dev server that answers index.html: no Google button
    return false;
  }
}

export function useGoogleEnabled(): boolean {
  const status = useQuery({ queryKey: ['auth', 'google', 'status'], queryFn: googleEnabled, staleTime: Infinity });
  return status.data === true;
}

/** The Google button under a sign-in or registration form; `next` is a same-site path. */
export function ContinueWithGoogle({ next }: { next: string }) {
  const enabled = useGoogleEnabled();
  if (!enabled) return null;
  const href = next === '/' ? '/auth/google/start' : `/auth/google/start?next=${encodeURIComponent(next)}`;
  return (
    <>
      <p className="auth-switch small">or</p>
      <a className="ui-button ui-button--ghost" style={{ marginTop: '0.5rem' }} href={href}>
        Continue with Google
      </a>
    </>
  );
}

/** What `/login?error=<code>` means after a Google sign-in (codes of server/src/auth/google.ts). */
const GOOGLE_ERRORS: Record<string, string> = {
  google_cancelled: 'Google sign-in was cancelled.',
  google_state_mismatch: 'Your Google sign-in expired or was started in another tab. Please try again.',
  google_failed: 'We could not complete the sign-in with Google. Please try again.',
  google_email_unverified:
    'Google has not verified the e-mail address of this Google account, so we cannot use it to sign you in.',
  google_account_conflict:
    'The e-mail address of this Google account already belongs to another Admit account. Sign in with your mobile number instead.',
  google_account_pending:
    'An account with this e-mail address is waiting for its mobile number to be verified. Finish registering first, then continue with Google.',
  account_disabled: 'This account is disabled. Please contact support.',
  rate_limited: 'Too many sign-in attempts. Please wait a few minutes and try again.',
};

export function GoogleSignInError({ code }: { code: string | null }) {
  if (!code) return null;
  return (
    <div className="ui-error" role="alert">
      <strong>{GOOGLE_ERRORS[code] ?? 'Sign-in failed. Please try again.'}</strong>
    </div>
  );
}
