import { ErrorNotice, errorInfo, fieldError } from '@admit/ui';
import { type FormEvent, type InputHTMLAttributes, useId, useState } from 'react';
import { useNow } from '../util.ts';

/** The server refuses a new code within 30 s of the last one. */
const RESEND_AFTER_MS = 30_000;

/** A labelled input with its inline error (from the server's `fieldErrors`) or hint. */
export function Field({
  label,
  error,
  hint,
  ...input
}: { label: string; error?: string | undefined; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className="ui-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={`ui-input ${input.className ?? ''}`.trim()}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      {error ? (
        <span id={`${id}-error`} className="ui-field__error">
          {error}
        </span>
      ) : hint ? (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/**
 * The error of a form submit: when every field error is shown inline next to its field, only the
 * summary line; otherwise the full notice.
 */
export function FormError({ error, fields }: { error: unknown; fields: readonly string[] }) {
  if (!error) return null;
  const info = errorInfo(error);
  const keys = Object.keys(info.fieldErrors);
  if (keys.length > 0 && keys.every((k) => fields.includes(k))) {
    return (
      <div className="ui-error" role="alert">
        <strong>{info.appCode === 'VALIDATION_FAILED' ? 'Please check the highlighted fields.' : info.message}</strong>
      </div>
    );
  }
  return <ErrorNotice error={error} />;
}

export function DemoHint() {
  if (import.meta.env.VITE_DEMO_HINT === 'off') return null;
  return <p className="demo-hint">Demo: the code is in the server log / dev outbox.</p>;
}

/** The second sign-in step: a six-digit code sent by SMS. */
export function CodeStep({
  sentTo,
  sentAt,
  intro,
  error,
  pending,
  onVerify,
  onResend,
  resending,
  onBack,
}: {
  sentTo: string;
  /** when the current code was sent (client time) */
  sentAt: number;
  intro?: string;
  error: unknown;
  pending: boolean;
  onVerify: (code: string) => void;
  onResend: () => void;
  resending: boolean;
  onBack: () => void;
}) {
  const [code, setCode] = useState('');
  const now = useNow(1000);
  const wait = Math.ceil((sentAt + RESEND_AFTER_MS - now) / 1000);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onVerify(code);
  };
  return (
    <form onSubmit={submit} noValidate>
      <p>
        {intro ?? 'We sent a 6-digit code to'} <strong>{sentTo}</strong>. Enter it below.
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
      <button type="submit" className="ui-button" disabled={pending || code.length !== 6}>
        {pending ? 'Verifying…' : 'Verify'}
      </button>
      <DemoHint />
      <p className="auth-switch small">
        <button type="button" className="link-button" onClick={onResend} disabled={resending || wait > 0}>
          {resending ? 'Sending…' : wait > 0 ? `Send a new code (${wait} s)` : 'Send a new code'}
        </button>
        {' · '}
        <button type="button" className="link-button" onClick={onBack}>
          Change details
        </button>
      </p>
    </form>
  );
}
