import { MobilePasswordReset } from '@admit/ui/portal/index.ts';
import { Link, useNavigate } from 'react-router';
import { PORTAL } from '../portal.ts';
import type { LoginState } from './LoginPage.tsx';

export function ForgotPasswordPage() {
  const navigate = useNavigate();
  return (
    <div className="page page--narrow page--auth">
      <p className="auth-eyebrow">Admit {PORTAL.name} portal</p>
      <MobilePasswordReset
        api={PORTAL.auth}
        devHint={PORTAL.devHint}
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
