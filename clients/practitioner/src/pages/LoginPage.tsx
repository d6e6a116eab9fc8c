import { fieldError, trpc } from '@admit/ui';
import { Field, FormError } from '@admit/ui/console-controls.tsx';
import { safeNext } from '@admit/ui/console-session.tsx';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { HOME, useMe, useSignedIn } from '../session.tsx';

const FIELDS = ['email', 'password'] as const;

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
        <form onSubmit={submit} noValidate>
          <Field
            label="E-mail"
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldError(login.error, 'email')}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError(login.error, 'password')}
          />
          <FormError error={login.error} fields={FIELDS} />
          <button type="submit" className="ui-button" disabled={login.isPending}>
            {login.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="auth-switch small">
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
      </section>
    </div>
  );
}
