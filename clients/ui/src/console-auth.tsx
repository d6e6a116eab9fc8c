/**
 * Sign-in building blocks shared by the staff consoles: the one-time code step and the
 * two-step password reset. Each portal passes its own procedures (`auth.admin.*`,
 * `auth.practitioner.*`, …) as mutation objects, so the flows stay identical across roles.
 */
import { type FormEvent, type ReactNode, useState } from 'react';
import { fieldError } from './components.tsx';
import { Field, FormError, useNow } from './console-controls.tsx';
import { errorInfo } from './trpc.ts';

/** The server refuses a new code within 30 s of the last one (server/src/auth/otp.ts). */
export const RESEND_AFTER_MS = 30_000;

/** The part of a react-query mutation these flows use. */
export interface FlowMutation<I, O> {
  mutate: (input: I, options?: { onSuccess?: (data: O) => void }) => void;
  reset: () => void;
  isPending: boolean;
  error: unknown;
  data: O | undefined;
}

/** True when the error means the current code cannot be used any more (a new one is needed). */
export function needsNewCode(error: unknown): boolean {
  if (!error) return false;
  const { appCode, fieldErrors } = errorInfo(error);
  return (
    appCode === 'CODE_EXPIRED' ||
    appCode === 'TOO_MANY_ATTEMPTS' ||
    (appCode === 'INVALID_CODE' && fieldErrors.code?.[0] === 'No active code')
  );
}

/** "Send a new code", counting down the server's 30 s cooldown unless the code is already unusable. */
function ResendButton({
  sentAt,
  error,
  resending,
  onResend,
}: {
  sentAt: number;
  error: unknown;
  resending: boolean;
  onResend: () => void;
}) {
  const now = useNow(1000);
  const wait = needsNewCode(error) ? 0 : Math.ceil((sentAt + RESEND_AFTER_MS - now) / 1000);
  return (
    <button type="button" className="link-button" onClick={onResend} disabled={resending || wait > 0}>
      {resending ? 'Sending…' : wait > 0 ? `Send a new code (${wait} s)` : 'Send a new code'}
    </button>
  );
}

/**
 * The second sign-in step: `Code`, `Verify`, "Send a new code". A wrong code shows the
 * server's message (attempts left); an expired or burnt code offers a new one at once.
 */
export function CodeStep({
  sentTo,
  sentAt,
  channel,
  resent = false,
  error,
  pending,
  onVerify,
  onResend,
  resending,
  onBack,
  hint,
}: {
  sentTo: string;
  /** when the current code was sent (client time) */
  sentAt: number;
  channel: 'e-mail' | 'SMS';
  /** the current code replaced an earlier one */
  resent?: boolean;
  error: unknown;
  pending: boolean;
  onVerify: (code: string) => void;
  onResend: () => void;
  resending: boolean;
  onBack: () => void;
  hint?: ReactNode;
}) {
  const [code, setCode] = useState('');
  const stale = needsNewCode(error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onVerify(code);
  };
  return (
    <form onSubmit={submit} noValidate>
      <p>
        {resent ? 'We sent a new 6-digit code' : 'We sent a 6-digit code'} by {channel} to <strong>{sentTo}</strong>. It
        is valid for 10 minutes.
      </p>
      <Field
        label="Code"
        name="code"
        className="otp-input"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        required
        autoFocus
        value={code}
        onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
        error={fieldError(error, 'code')}
      />
      <FormError error={error} fields={['code']} />
      <button type="submit" className="ui-button" disabled={pending || code.length !== 6 || stale}>
        {pending ? 'Verifying…' : 'Verify'}
      </button>
      {hint}
      <p className="auth-switch small">
        <ResendButton sentAt={sentAt} error={error} resending={resending} onResend={onResend} />
        {' · '}
        <button type="button" className="link-button" onClick={onBack}>
          Change details
        </button>
      </p>
    </form>
  );
}

type ResetInput = { email: string; code: string; newPassword: string };

/**
 * Forgot password by e-mail: `E-mail` → "Send code"; then `Code`, `New password`,
 * `Reset password`. The first answer is the same whether or not the account exists.
 */
export function ForgotPasswordFlow({
  request,
  reset,
  hint,
  signIn,
}: {
  request: FlowMutation<{ email: string }, { message: string }>;
  reset: FlowMutation<ResetInput, { ok: true }>;
  hint?: ReactNode;
  /** a link to the portal's sign-in page */
  signIn: ReactNode;
}) {
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [sent, setSent] = useState<{ at: number; message: string; count: number } | null>(null);

  const send = () => {
    reset.reset();
    request.mutate(
      { email: email.trim() },
      { onSuccess: (r) => setSent((s) => ({ at: Date.now(), message: r.message, count: (s?.count ?? 0) + 1 })) },
    );
  };

  if (reset.data) {
    return (
      <div className="stack">
        <div className="notice notice--ok" role="status">
          Your password was changed and every device was signed out.
        </div>
        {signIn}
      </div>
    );
  }

  if (!sent) {
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
        noValidate
      >
        <p className="muted">
          Enter the e-mail address of your account. We will send you a code to set a new password.
        </p>
        <Field
          label="E-mail"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldError(request.error, 'email')}
        />
        <FormError error={request.error} fields={['email']} />
        <button type="submit" className="ui-button" disabled={request.isPending || email.trim() === ''}>
          {request.isPending ? 'Sending…' : 'Send code'}
        </button>
      </form>
    );
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        reset.mutate({ email: email.trim(), code, newPassword });
      }}
      noValidate
    >
      <div className="notice" role="status">
        {sent.count > 1 ? 'A new code was requested. ' : ''}
        {sent.message}
      </div>
      <Field
        label="Code"
        name="code"
        className="otp-input"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        required
        value={code}
        onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
        error={fieldError(reset.error, 'code')}
      />
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
        hint="At least 8 characters."
      />
      <FormError error={reset.error ?? request.error} fields={['code', 'newPassword']} />
      <button type="submit" className="ui-button" disabled={reset.isPending || code.length !== 6 || !newPassword}>
        {reset.isPending ? 'Saving…' : 'Reset password'}
      </button>
      {hint}
      <p className="auth-switch small">
        <ResendButton sentAt={sent.at} error={reset.error} resending={request.isPending} onResend={send} />
        {' · '}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            request.reset();
            reset.reset();
            setSent(null);
            setCode('');
          }}
        >
          Use a different e-mail
        </button>
      </p>
    </form>
  );
}

/** `E-mail` + `Password` + `Sign in`: the first step of the staff consoles' sign-in. */
export function EmailPasswordForm({
  email,
  password,
  onEmail,
  onPassword,
  error,
  pending,
  onSubmit,
}: {
  email: string;
  password: string;
  onEmail: (value: string) => void;
  onPassword: (value: string) => void;
  error: unknown;
  pending: boolean;
  onSubmit: (e: FormEvent) => void;
}) {
  return (
    <form onSubmit={onSubmit} noValidate>
      <Field
        label="E-mail"
        name="email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={(e) => onEmail(e.target.value)}
        error={fieldError(error, 'email')}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        error={fieldError(error, 'password')}
      />
      <FormError error={error} fields={['email', 'password']} />
      <button type="submit" className="ui-button" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
