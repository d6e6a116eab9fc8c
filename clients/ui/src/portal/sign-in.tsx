/**
 * Sign-in and password reset for the portals whose staff sign in with mobile + password + a
 * code by SMS (`auth.organizer.*`, `auth.merchant.*`; server/src/modules/auth/staff-auth.router.ts).
 * The portal passes its procedures (`trpc.auth.organizer` or `trpc.auth.merchant`, same shape)
 * and what to do once signed in; the session itself arrives as an HttpOnly cookie.
 */
import { type FormEvent, type ReactNode, useState } from 'react';
import { fieldError } from '../components.tsx';
import type { RouterOutputs, trpc } from '../trpc.ts';
import { CodeStep, Field, FormError, normaliseMobile } from './forms.tsx';

/** `trpc.auth.organizer` or `trpc.auth.merchant`. */
export type MobileCodeAuthApi = typeof trpc.auth.organizer;
export type StaffSession = RouterOutputs['auth']['organizer']['verifyOtp'];

/**
 * `forgotPassword` is typed as a union of its mobile and e-mail variants (the server builds both
 * from one helper), so its input reads as `{ mobile } & { email }`; organizers and merchants send
 * a mobile, which is what their procedure validates at run time.
 */
type SendResetCode = (input: { mobile: string }, options?: { onSuccess?: () => void }) => void;

interface Challenge {
  sentTo: string;
  sentAt: number;
  resent: boolean;
}

const LOGIN_FIELDS = ['mobile', 'password'] as const;

/**
 * `Mobile number` + `Password` → `Sign in`; then `Code` → `Verify`. Wrong codes, expired codes
 * and rate limits show the server's message (which says how long to wait).
 */
export function MobileCodeSignIn({
  api,
  title,
  initialMobile = '',
  notice,
  devHint,
  onSignedIn,
  footer,
}: {
  api: MobileCodeAuthApi;
  title: string;
  initialMobile?: string;
  /** shown above the form, e.g. "Your password was reset." */
  notice?: ReactNode;
  devHint: boolean;
  onSignedIn: (session: StaffSession) => void;
  /** under the form: the portal's "Forgot your password?" link */
  footer?: ReactNode;
}) {
  const [mobile, setMobile] = useState(initialMobile);
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const login = api.login.useMutation();
  const verify = api.verifyOtp.useMutation({ onSuccess: onSignedIn });
  const cleanMobile = normaliseMobile(mobile);

  const requestCode = (resent: boolean) => {
    verify.reset();
    login.mutate(
      { mobile: cleanMobile, password },
      { onSuccess: (c) => setChallenge({ sentTo: c.sentTo, sentAt: Date.now(), resent }) },
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    requestCode(false);
  };

  return (
    <section className="ui-card auth-card">
      <h1 className="page-title">{challenge ? 'Enter your code' : title}</h1>
      {challenge ? (
        <CodeStep
          sentTo={challenge.sentTo}
          sentAt={challenge.sentAt}
          resent={challenge.resent}
          error={verify.error ?? login.error}
          pending={verify.isPending}
          onSubmit={(code) => {
            login.reset();
            verify.mutate({ mobile: cleanMobile, code });
          }}
          onResend={() => requestCode(true)}
          resending={login.isPending}
          onBack={() => {
            verify.reset();
            login.reset();
            setChallenge(null);
          }}
          devHint={devHint}
        />
      ) : (
        <>
          {notice}
          <form onSubmit={submit} noValidate>
            <Field
              label="Mobile number"
              name="mobile"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              placeholder="+201001234567"
              required
              autoFocus={!initialMobile}
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
              autoFocus={!!initialMobile}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={fieldError(login.error, 'password')}
            />
            <FormError error={login.error} fields={LOGIN_FIELDS} />
            <button
              type="submit"
              className="ui-button"
              disabled={login.isPending || cleanMobile === '' || password === ''}
            >
              {login.isPending ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
          {footer}
        </>
      )}
    </section>
  );
}

/**
 * `Mobile number` → `Send code`; then `Code` + `New password` → `Reset password`. The server
 * answers the same whether or not the number has an account; a reset signs out every device.
 */
export function MobilePasswordReset({
  api,
  devHint,
  onDone,
  footer,
}: {
  api: MobileCodeAuthApi;
  devHint: boolean;
  /** after a successful reset, with the number used */
  onDone: (mobile: string) => void;
  /** under the first step: the portal's "Back to sign in" link */
  footer?: ReactNode;
}) {
  const [mobile, setMobile] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [sent, setSent] = useState<{ sentAt: number; resent: boolean } | null>(null);
  const cleanMobile = normaliseMobile(mobile);
  const request = api.forgotPassword.useMutation();
  const reset = api.resetPassword.useMutation({ onSuccess: () => onDone(cleanMobile) });

  const requestCode = (resent: boolean) => {
    reset.reset();
    (request.mutate as SendResetCode)(
      { mobile: cleanMobile },
      { onSuccess: () => setSent({ sentAt: Date.now(), resent }) },
    );
  };

  return (
    <section className="ui-card auth-card">
      <h1 className="page-title">{sent ? 'Choose a new password' : 'Forgot your password?'}</h1>
      {sent ? (
        <CodeStep
          sentTo={cleanMobile}
          sentAt={sent.sentAt}
          resent={sent.resent}
          intro="If this number belongs to an account, we sent a 6-digit code to"
          error={reset.error ?? request.error}
          errorFields={['newPassword']}
          pending={reset.isPending}
          submitLabel="Reset password"
          pendingLabel="Resetting…"
          canSubmit={newPassword.length > 0}
          onSubmit={(code) => {
            request.reset();
            reset.mutate({ mobile: cleanMobile, code, newPassword });
          }}
          onResend={() => requestCode(true)}
          resending={request.isPending}
          onBack={() => {
            reset.reset();
            request.reset();
            setSent(null);
          }}
          backLabel="Use a different number"
          devHint={devHint}
        >
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
            error={fieldError(reset.error, 'newPassword')}
            hint="At least 8 characters. Every device signed in to your account will be signed out."
          />
        </CodeStep>
      ) : (
        <>
          <p>Enter the mobile number of your account. We will send a code to it.</p>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              requestCode(false);
            }}
            noValidate
          >
            <Field
              label="Mobile number"
              name="mobile"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              placeholder="+201001234567"
              required
              autoFocus
              value={mobile}
              onChange={(e) => setMobile(e.target.value)}
              error={fieldError(request.error, 'mobile')}
            />
            <FormError error={request.error} fields={['mobile']} />
            <button type="submit" className="ui-button" disabled={request.isPending || cleanMobile === ''}>
              {request.isPending ? 'Sending…' : 'Send code'}
            </button>
          </form>
          {footer}
        </>
      )}
    </section>
  );
}
