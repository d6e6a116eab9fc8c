/**
 * Form building blocks of the mobile + code portals (organizer, merchant): a labelled field with
 * its inline server error, the form error line, the dev hint about where codes go, and the
 * one-time code step with "Send a new code". No router code here; portals pass links in as nodes.
 */
import { type FormEvent, type InputHTMLAttributes, type ReactNode, useEffect, useId, useState } from 'react';
import { ErrorNotice, fieldError } from '../components.tsx';
import { errorInfo } from '../trpc.ts';

/** The server refuses a new code within 30 s of the last one (server/src/auth/otp.ts). */
export const RESEND_AFTER_MS = 30_000;

/** A labelled input with its inline error (from the server's `fieldErrors`) or hint. */
export function Field({
  label,
  error,
  hint,
  ...input
}: { label: string; error?: string | undefined; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className="ui-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
        className={`ui-input ${input.className ?? ''}`.trim()}
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
 * summary line (the server's message, e.g. "Wrong code. 4 attempts left."); otherwise the full notice.
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

/** Codes are not sent by SMS yet: outside production the server prints them and keeps them in its outbox. */
export function DevCodeHint({ show }: { show: boolean }) {
  if (!show) return null;
  return (
    <p className="demo-hint">
      Development: no SMS is sent yet. The code is printed in the server log and kept in the dev outbox.
    </p>
  );
}

/** "+20 100 123-4567" → "+201001234567" (the server wants E.164). */
export function normaliseMobile(raw: string): string {
  return raw.replace(/[\s().-]/g, '');
}

/** The current time, re-read every `intervalMs` while mounted. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}

/**
 * A code that can no longer be used (expired, burnt by wrong guesses, replaced or used): the
 * only way on is a new one.
 */
export function isDeadCodeError(err: unknown): boolean {
  if (!err) return false;
  const info = errorInfo(err);
  if (info.appCode === 'CODE_EXPIRED' || info.appCode === 'TOO_MANY_ATTEMPTS') return true;
  const reason = info.fieldErrors.code?.[0];
  return reason === 'No active code' || reason === 'Already used';
}

/**
 * The one-time code step: `Code` (6 digits) and a submit button, "Send a new code" (after the
 * server's 30 s cooldown) and a way back. Extra fields (e.g. `New password`) go in `children`.
 * An expired or burnt code shows the server's message with a button to get a new code.
 */
export function CodeStep({
  sentTo,
  sentAt,
  intro = 'We sent a 6-digit code to',
  error,
  errorFields = [],
  pending,
  submitLabel = 'Verify',
  pendingLabel = 'Verifying…',
  canSubmit = true,
  onSubmit,
  onResend,
  resending,
  resent = false,
  onBack,
  backLabel = 'Change details',
  devHint,
  children,
}: {
  /** the masked destination the server reported */
  sentTo: string;
  /** when the current code was sent (client time), for the resend countdown */
  sentAt: number;
  intro?: string;
  error: unknown;
  /** field names shown inline by `children`, besides `code` */
  errorFields?: readonly string[];
  pending: boolean;
  submitLabel?: string;
  pendingLabel?: string;
  /** extra fields are complete */
  canSubmit?: boolean;
  onSubmit: (code: string) => void;
  onResend: () => void;
  resending: boolean;
  /** the current code replaced an earlier one */
  resent?: boolean;
  onBack: () => void;
  backLabel?: string;
  devHint: boolean;
  children?: ReactNode;
}) {
  const [code, setCode] = useState('');
  const now = useNow(1000);
  const wait = Math.ceil((sentAt + RESEND_AFTER_MS - now) / 1000);
  const dead = isDeadCodeError(error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(code);
  };
  return (
    <form onSubmit={submit} noValidate>
      <p>
        {intro} <strong>{sentTo}</strong>. Enter it below; it is valid for 10 minutes.
      </p>
      {resent && !error && (
        <div className="notice notice--ok" role="status">
          A new code was sent. Earlier codes no longer work.
        </div>
      )}
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
        error={dead ? undefined : fieldError(error, 'code')}
        aria-invalid={dead ? true : undefined}
      />
      {children}
      {dead ? (
        <div className="ui-error" role="alert">
          <strong>{errorInfo(error).message}</strong>
          <div className="code-problem__actions">
            <button
              type="button"
              className="ui-button ui-button--small"
              onClick={() => {
                setCode('');
                onResend();
              }}
              disabled={resending}
            >
              {resending ? 'Sending…' : 'Send a new code'}
            </button>
          </div>
        </div>
      ) : (
        <FormError error={error} fields={['code', ...errorFields]} />
      )}
      <button type="submit" className="ui-button" disabled={pending || code.length !== 6 || !canSubmit}>
        {pending ? pendingLabel : submitLabel}
      </button>
      <DevCodeHint show={devHint} />
      <p className="auth-switch small">
        {!dead && (
          <>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setCode('');
                onResend();
              }}
              disabled={resending || wait > 0}
            >
              {resending ? 'Sending…' : wait > 0 ? `Send a new code (${wait} s)` : 'Send a new code'}
            </button>
            {' · '}
          </>
        )}
        <button type="button" className="link-button" onClick={onBack}>
          {backLabel}
        </button>
      </p>
    </form>
  );
}
