import { trpc } from '@admit/ui';
import { EmailPasswordForm } from '@admit/ui/console-auth.tsx';
import { safeNext } from '@admit/ui/console-session.tsx';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { HOME, useMe, useSignedIn } from '../session.tsx';

/** Practitioner sign-in: e-mail + password, signed in at once (no code step). */
export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'), HOME);
  const me = useMe();
  const signedIn = useSignedIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = trpc.auth.practitioner.login.useMutation({ onSuccess: (s) => signedIn(s, next) });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email: email.trim(), password });
  };

  return (
    <div className="page page--narrow auth-wrap">
      <section className="ui-card auth-card">
        <h1 className="page-title">Practitioner sign in</h1>
        {me.data && (
          <div className="notice" role="status">
            You are signed in as {me.data.firstName} {me.data.lastName}. <Link to={next}>Continue</Link>
          </div>
        )}
        <EmailPasswordForm
          email={email}
          password={password}
          onEmail={setEmail}
          onPassword={setPassword}
          error={login.error}
          pending={login.isPending}
          onSubmit={submit}
        />
        <p className="auth-switch small">
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
      </section>
    </div>
  );
}
