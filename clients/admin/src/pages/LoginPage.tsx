import type { RouterOutputs } from '@admit/ui';
import { trpc } from '@admit/ui';
import { CodeStep, EmailPasswordForm } from '@admit/ui/console-auth.tsx';
import { safeNext } from '@admit/ui/console-session.tsx';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DemoHint } from '../components/DemoHint.tsx';
import { HOME, useMe, useSignedIn } from '../session.tsx';

type Challenge = RouterOutputs['auth']['admin']['login'] & { sentAt: number; count: number };

/**
 * Admin sign-in (seed 003 Plan 2 Phase 1): e-mail + password, then the 6-digit code the server
 * e-mails. Wrong, expired and rate-limited answers show the server's message.
 */
export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'), HOME);
  const me = useMe();
  const signedIn = useSignedIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const login = trpc.auth.admin.login.useMutation({
    onSuccess: (c) => setChallenge((prev) => ({ ...c, sentAt: Date.now(), count: (prev?.count ?? 0) + 1 })),
  });
  const verify = trpc.auth.admin.verifyOtp.useMutation({ onSuccess: (s) => signedIn(s, next) });
  const cleanEmail = email.trim();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email: cleanEmail, password });
  };

  return (
    <div className="page page--narrow auth-wrap">
      <section className="ui-card auth-card">
        <h1 className="page-title">{challenge ? 'Enter your code' : 'Admin sign in'}</h1>
        {me.data && !challenge && (
          <div className="notice" role="status">
            You are signed in as {me.data.firstName} {me.data.lastName}. <Link to={next}>Continue</Link>
          </div>
        )}
        {challenge ? (
          <CodeStep
            key={challenge.challengeId}
            channel="e-mail"
            sentTo={challenge.sentTo}
            sentAt={challenge.sentAt}
            resent={challenge.count > 1}
            error={verify.error ?? login.error}
            pending={verify.isPending}
            onVerify={(code) => {
              login.reset();
              verify.mutate({ email: cleanEmail, code });
            }}
            onResend={() => {
              verify.reset();
              login.mutate({ email: cleanEmail, password });
            }}
            resending={login.isPending}
            onBack={() => {
              verify.reset();
              login.reset();
              setChallenge(null);
            }}
            hint={<DemoHint />}
          />
        ) : (
          <EmailPasswordForm
            email={email}
            password={password}
            onEmail={setEmail}
            onPassword={setPassword}
            error={login.error}
            pending={login.isPending}
            onSubmit={submit}
          />
        )}
        <p className="auth-switch small">
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
      </section>
    </div>
  );
}
