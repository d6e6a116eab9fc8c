import { MobileCodeSignIn } from '@admit/ui/portal/index.ts';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { PORTAL } from '../portal.ts';
import { safeNext, useMe, usePortalUser, useSignedIn } from '../session.tsx';

/** Set by the password reset page when it sends the user back here. */
export interface LoginState {
  mobile?: string;
  passwordReset?: boolean;
}

export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const state = (useLocation().state ?? {}) as LoginState;
  const me = useMe();
  const user = usePortalUser();
  const signedIn = useSignedIn();
  if (user) return <Navigate to={next} replace />;
  const other = me.data && me.data.role !== PORTAL.role ? me.data : undefined;

  return (
    <div className="page page--narrow page--auth">
      <p className="auth-eyebrow">Admit {PORTAL.name} portal</p>
      <MobileCodeSignIn
        api={PORTAL.auth}
        title="Sign in"
        initialMobile={state.mobile}
        devHint={PORTAL.devHint}
        onSignedIn={(s) => signedIn(s, next)}
        notice={
          state.passwordReset ? (
            <div className="notice notice--ok" role="status">
              Your password was reset and every device was signed out. Sign in with your new password.
            </div>
          ) : other ? (
            <div className="notice" role="status">
              You are signed in as {other.firstName} {other.lastName} ({other.role.toLowerCase()} account). Signing in
              here switches to your {PORTAL.account} account.
            </div>
          ) : null
        }
        footer={
          <p className="auth-switch">
            <Link to="/forgot-password">Forgot your password?</Link>
          </p>
        }
      />
    </div>
  );
}
