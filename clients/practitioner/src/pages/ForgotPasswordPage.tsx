import { trpc } from '@admit/ui';
import { ForgotPasswordFlow } from '@admit/ui/console-auth.tsx';
import { Link } from 'react-router';
import { DemoHint } from '../components/DemoHint.tsx';

/** `E-mail` → code by e-mail → `Code`, `New password`, `Reset password` (signs out every device). */
export function ForgotPasswordPage() {
  const request = trpc.auth.practitioner.forgotPassword.useMutation();
  const reset = trpc.auth.practitioner.resetPassword.useMutation();
  return (
    <div className="page page--narrow auth-wrap">
      <section className="ui-card auth-card">
        <h1 className="page-title">Reset your password</h1>
        <ForgotPasswordFlow
          request={request}
          reset={reset}
          hint={<DemoHint />}
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
