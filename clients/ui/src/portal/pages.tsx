/** The pages every mobile + code portal has: sign-in, password reset, not found. */
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '../components.tsx';
import { usePortalConfig } from './config.tsx';
import { safeNext, useMe, usePortalUser, useSignedIn } from './session.tsx';
import { MobileCodeSignIn, MobilePasswordReset } from './sign-in.tsx';

/** Set by the password reset page when it sends the user back here. */
export interface LoginState {
  mobile?: string;
  passwordReset?: boolean;
}

export function LoginPage() {
  const portal = usePortalConfig();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const state = (useLocation().state ?? {}) as LoginState;
  const me = useMe();
  const user = usePortalUser();
  const signedIn = useSignedIn();
  if (user) return <Navigate to={next} replace />;
  const other = me.data && me.data.role !== portal.role ? me.data : undefined;

  return (
    <div className="page page--narrow page--auth">
      <p className="auth-eyebrow">Admit {portal.name} portal</p>
      <MobileCodeSignIn
        api={portal.auth}
        title="Sign in"
        initialMobile={state.mobile}
        devHint={portal.devHint}
        onSignedIn={(s) => signedIn(s, next)}
        notice={
          state.passwordReset ? (
            <div className="notice notice--ok" role="status">
              Your password was reset and every device was signed out. Sign in with your new password.
            </div>
          ) : other ? (
            <div className="notice" role="status">
              You are signed in as {other.firstName} {other.lastName} ({other.role.toLowerCase()} account). Signing in
              here switches to your {portal.account} account.
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

export function ForgotPasswordPage() {
  const portal = usePortalConfig();
  const navigate = useNavigate();
  return (
    <div className="page page--narrow page--auth">
      <p className="auth-eyebrow">Admit {portal.name} portal</p>
      <MobilePasswordReset
        api={portal.auth}
        devHint={portal.devHint}
        onDone={(mobile) =>
          navigate('/login', { replace: true, state: { mobile, passwordReset: true } satisfies LoginState })
        }
        footer={
          <p className="auth-switch">
            <Link to="/login">Back to sign in</Link>
          </p>
        }
      />
    </div>
  );
}

export function NotFoundPage() {
  return (
    <div className="page">
      <EmptyState title="Page not found">
        <p>The page you asked for does not exist.</p>
        <Link to="/account" className="ui-button">
          Go to your account
        </Link>
      </EmptyState>
    </div>
  );
}
