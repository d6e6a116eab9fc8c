import type { RouterOutputs } from '@admit/ui';
import { fieldError, trpc } from '@admit/ui';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CodeStep, Field, FormError } from '../components/AuthForms.tsx';
import { ContinueWithGoogle, GoogleSignInError } from '../components/GoogleSignIn.tsx';
import { safeNext, useMe, useSignedIn } from '../session.tsx';

const FIELDS = ['mobile', 'password'] as const;

type Challenge = RouterOutputs['auth']['login'];

export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const signedIn = useSignedIn();
  const [mobile, setMobile] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<(Challenge & { sentAt: number }) | null>(null);
  const login = trpc.auth.login.useMutation({ onSuccess: (c) => setChallenge({ ...c, sentAt: Date.now() }) });
  const verifyLogin = trpc.auth.verifyLoginOtp.useMutation({ onSuccess: (s) => signedIn(s, next) });
  const verifyMobile = trpc.auth.verifyOtp.useMutation({ onSuccess: (s) => signedIn(s, next) });
  const verify = challenge?.purpose === 'VERIFY_MOBILE' ? verifyMobile : verifyLogin;
  const cleanMobile = mobile.replace(/[\s()-]/g, '');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ mobile: cleanMobile, password });
  };

  return (
    <div className="page page--narrow">
      <section className="ui-card auth-card">
        <h1 className="page-title">{challenge ? 'Enter your code' : 'Sign in'}</h1>
        {me.data && !challenge && (
          <div className="notice" role="status">
            You are signed in as {me.data.firstName} {me.data.lastName}. <Link to={next}>Continue</Link>
          </div>
        )}
        {!challenge && <GoogleSignInError code={params.get('error')} />}
        {challenge ? (
          <CodeStep
            sentTo={challenge.sentTo}
            sentAt={challenge.sentAt}
            intro={
              challenge.purpose === 'VERIFY_MOBILE'
                ? 'Your mobile number is not verified yet. We sent a verification code to'
                : undefined
            }
            error={verify.error ?? login.error}
            pending={verify.isPending}
            onVerify={(code) => verify.mutate({ mobile: cleanMobile, code })}
            onResend={() => {
              verify.reset();
              login.mutate({ mobile: cleanMobile, password });
            }}
            resending={login.isPending}
            onBack={() => {
              verify.reset();
              login.reset();
              setChallenge(null);
            }}
          />
        ) : (
          <form onSubmit={submit} noValidate>
            <Field
              label="Mobile number"
              name="mobile"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              placeholder="+201001234567"
              required
              value={mobile}
              onChange={(e) => setMobile(e.target.value)}
              error={fieldError(login.error, 'mobile')}
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
            <ContinueWithGoogle next={next} />
          </form>
        )}
        <p className="auth-switch">
          <Link to="/forgot-password">Forgot your password?</Link> · New to Admit?{' '}
          <Link to={`/register?next=${encodeURIComponent(next)}`}>Create an account</Link>
        </p>
      </section>
    </div>
  );
}
