import type { ReactNode } from 'react';
import { errorInfo } from './trpc.ts';

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="ui-spinner" role="status" aria-live="polite">
      <span className="ui-spinner__dot" aria-hidden="true" />
      {label}
    </div>
  );
}

/** Shows an error from a procedure call; `onRetry` adds a retry button. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  const info = errorInfo(error);
  const fields = Object.entries(info.fieldErrors);
  return (
    <div className="ui-error" role="alert">
      <strong>{info.message}</strong>
      {fields.length > 0 && (
        <ul>
          {fields.map(([field, messages]) => (
            <li key={field}>
              {field}: {messages.join(', ')}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="ui-button ui-button--ghost" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="ui-empty">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

/** The first message for `field` from an error's field errors, for inline form hints. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error ? errorInfo(error).fieldErrors[field]?.[0] : undefined;
}
