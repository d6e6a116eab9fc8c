import { trpc } from '@admit/ui';
import { MobilePasswordReset } from '@admit/ui/portal/index.ts';
import { Link, useNavigate } from 'react-router';

/** `Mobile number` → code → `New password`; a reset signs out every device. */
export function ForgotPasswordPage() {
  const navigate = useNavigate();
  return (
    <div className="page page--narrow">
      <MobilePasswordReset
        api={trpc.auth}
        devHint={import.meta.env.VITE_DEMO_HINT !== 'off'}
        onDone={(mobile) => navigate(`/login?reset=1&mobile=${encodeURIComponent(mobile)}`)}
        footer={<Link to="/login">Back to sign in</Link>}
      />
    </div>
  );
}
