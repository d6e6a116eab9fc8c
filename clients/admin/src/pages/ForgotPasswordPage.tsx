import { trpc } from '@admit/ui';
import { ConsoleForgotPasswordPage } from '@admit/ui/console-session.tsx';
import { DemoHint } from '../components/DemoHint.tsx';

export function ForgotPasswordPage() {
  return <ConsoleForgotPasswordPage api={trpc.auth.admin} hint={<DemoHint />} />;
}
