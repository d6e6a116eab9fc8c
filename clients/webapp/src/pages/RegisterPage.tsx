import { fieldError, trpc } from '@admit/ui';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CodeStep, Field, FormError } from '../components/AuthForms.tsx';
import { ContinueWithGoogle } from '../components/GoogleSignIn.tsx';
import { safeNext, useSignedIn } from '../session.tsx';

const FIELDS = ['firstName', 'lastName', 'mobile', 'password'] as const;

export function RegisterPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const signedIn = useSignedIn();
  const [form, setForm] = useState({ firstName: '', lastName: '', mobile: '', password: '' });
  const [sent, setSent] = useState<{ to: string; at: number } | null>(null);
  const register = trpc.auth.register.useMutation({ onSuccess: (c) => setSent({ to: c.sentTo, at: Date.now() }) });
  const verify = trpc.auth.verifyOtp.useMutation({ onSuccess: (s) => signedIn(s, next) });

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const details = () => ({
    firstName: form.firstName.trim(),
    lastName: form.lastName.trim(),
    mobile: form.mobile.replace(/[\s()-]/g, ''),
    password: form.password,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    register.mutate(details());
  };

  return (
    <div className="page page--narrow">
      <section className="ui-card auth-card">
        <h1 className="page-title">{sent ? 'Verify your mobile' : 'Create your account'}</h1>
        {sent ? (
          <CodeStep
            sentTo={sent.to}
            sentAt={sent.at}
            error={verify.error ?? register.error}
            pending={verify.isPending}
            onVerify={(code) => verify.mutate({ mobile: details().mobile, code })}
            onResend={() => {
              verify.reset();
              register.mutate(details());
            }}
            resending={register.isPending}
            onBack={() => {
              verify.reset();
              register.reset();
              setSent(null);
            }}
          />
        ) : (
          <form onSubmit={submit} noValidate>
            <div className="row" style={{ alignItems: 'start' }}>
              <div style={{ flex: '1 1 160px' }}>
                <Field
                  label="First name"
                  name="firstName"
                  autoComplete="given-name"
                  required
                  maxLength={80}
                  value={form.firstName}
                  onChange={set('firstName')}
                  error={fieldError(register.error, 'firstName')}
                />
              </div>
              <div style={{ flex: '1 1 160px' }}>
                <Field
                  label="Last name"
                  name="lastName"
                  autoComplete="family-name"
                  required
                  maxLength={80}
                  value={form.lastName}
                  onChange={set('lastName')}
                  error={fieldError(register.error, 'lastName')}
                />
              </div>
            </div>
            <Field
              label="Mobile number"
              name="mobile"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              placeholder="+201001234567"
              required
              value={form.mobile}
              onChange={set('mobile')}
              error={fieldError(register.error, 'mobile')}
              hint="International format, starting with +"
            />
            <Field
              label="Password"
              name="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={8}
              maxLength={128}
              value={form.password}
              onChange={set('password')}
              error={fieldError(register.error, 'password')}
              hint="At least 8 characters"
            />
            <FormError error={register.error} fields={FIELDS} />
            <button type="submit" className="ui-button" disabled={register.isPending}>
              {register.isPending ? 'Creating account…' : 'Create account'}
            </button>
            <ContinueWithGoogle next={next} />
          </form>
        )}
        <p className="auth-switch">
          Already have an account? <Link to={`/login?next=${encodeURIComponent(next)}`}>Sign in</Link>
        </p>
      </section>
    </div>
  );
}
