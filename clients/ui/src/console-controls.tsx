export { Field, FormError, useNow } from './portal/forms.tsx';

/**
 * Generic controls of the staff consoles (admin, practitioner; usable by any portal, e.g. the
 * webapp's pagination): labelled fields with inline server errors, the form error line,
 * pagination, a modal confirmation dialog, an action that explains why it is unavailable, and
 * date formatting. No router code here (router-aware pieces: console-session.tsx, portal/).
 */
import {
  type ButtonHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useEffect,
  useId,
  useRef,
} from 'react';
import { ErrorNotice } from './components.tsx';

function describedBy(id: string, error?: string, hint?: ReactNode): string | undefined {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

function FieldMessage({ id, error, hint }: { id: string; error?: string | undefined; hint?: ReactNode }) {
  if (error) {
    return (
      <span id={`${id}-error`} className="ui-field__error">
        {error}
      </span>
    );
  }
  if (hint) {
    return (
      <span id={`${id}-hint`} className="field-hint">
        {hint}
      </span>
    );
  }
  return null;
}

/** A labelled `<select>`; options are the children. */
export function SelectField({
  label,
  error,
  hint,
  children,
  ...select
}: {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className="ui-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...select}
        className={`ui-select ${select.className ?? ''}`.trim()}
      >
        {children}
      </select>
      <FieldMessage id={id} error={error} hint={hint} />
    </div>
  );
}

/** A labelled `<textarea>` with its inline error or hint (e.g. a refund reason). */
export function TextAreaField({
  label,
  error,
  hint,
  ...textarea
}: { label: string; error?: string | undefined; hint?: ReactNode } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className="ui-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...textarea}
        className={`ui-input ${textarea.className ?? ''}`.trim()}
      />
      <FieldMessage id={id} error={error} hint={hint} />
    </div>
  );
}

export function Pagination({
  page,
  totalPages,
  onPage,
  busy = false,
}: {
  page: number;
  totalPages: number;
  onPage: (page: number) => void;
  busy?: boolean;
}) {
  if (totalPages <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pagination">
      <button
        type="button"
        className="ui-button ui-button--ghost ui-button--small"
        disabled={page <= 1 || busy}
        onClick={() => onPage(page - 1)}
      >
        ← Previous
      </button>
      <span className="muted small" aria-live="polite">
        Page {page} of {totalPages}
      </span>
      <button
        type="button"
        className="ui-button ui-button--ghost ui-button--small"
        disabled={page >= totalPages || busy}
        onClick={() => onPage(page + 1)}
      >
        Next →
      </button>
    </nav>
  );
}

/**
 * A modal confirmation (native `<dialog>`: focus trap, Esc closes). `error` shows the server's
 * refusal inside the dialog; the dialog stays open until the caller sets `open` to false.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  danger = true,
  pending = false,
  confirmDisabled = false,
  error,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  pending?: boolean;
  /** the confirm button stays disabled (e.g. the action is not allowed, or data is loading) */
  confirmDisabled?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="ui-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!pending) onCancel();
      }}
      onClose={() => {
        // closed by the browser itself (e.g. a repeated Esc): keep the caller's state in step
        if (open) onCancel();
      }}
    >
      {open && (
        <form
          method="dialog"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!pending && !confirmDisabled) onConfirm();
          }}
        >
          <h2 id={`${id}-title`} className="ui-dialog__title">
            {title}
          </h2>
          <div className="ui-dialog__body">{children}</div>
          <ErrorNotice error={error} />
          <div className="ui-dialog__actions">
            <button type="button" className="ui-button ui-button--ghost" onClick={onCancel} disabled={pending}>
              {cancelLabel}
            </button>
            <button
              type="submit"
              className={`ui-button ${danger ? 'ui-button--danger' : ''}`}
              disabled={pending || confirmDisabled}
            >
              {pending ? 'Working…' : confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

/**
 * A button that may be unavailable: when `blockedReason` is set it stays visible but inert
 * (`aria-disabled`), and the reason shows as a tooltip on hover and focus and is announced by
 * screen readers.
 */
export function GuardedButton({
  blockedReason,
  className = 'ui-button',
  onClick,
  children,
  ...rest
}: { blockedReason?: string | null | undefined } & ButtonHTMLAttributes<HTMLButtonElement>) {
  const id = useId();
  if (!blockedReason) {
    return (
      <button type="button" className={className} onClick={onClick} {...rest}>
        {children}
      </button>
    );
  }
  return (
    <span className="ui-tooltip">
      <button
        type="button"
        className={`${className} is-blocked`}
        aria-disabled="true"
        aria-describedby={`${id}-why`}
        {...rest}
        onClick={(e) => e.preventDefault()}
      >
        {children}
      </button>
      <span id={`${id}-why`} role="tooltip" className="ui-tooltip__text">
        {blockedReason}
      </span>
    </span>
  );
}

/** "5 Dec 2026, 20:00" in the viewer's zone. */
export function formatDateTime(at: Date | string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(at));
}

/** "5 Dec 2026". */
export function formatDate(at: Date | string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(at));
}

/** "3 minutes ago", "in 2 days" (relative to `now`). */
export function formatRelative(at: Date | string, now = Date.now(), locale?: string): string {
  const diffS = Math.round((new Date(at).getTime() - now) / 1000);
  const abs = Math.abs(diffS);
  const fmt = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (abs < 45) return 'just now';
  if (abs < 3600) return fmt.format(Math.round(diffS / 60), 'minute');
  if (abs < 86_400) return fmt.format(Math.round(diffS / 3600), 'hour');
  return fmt.format(Math.round(diffS / 86_400), 'day');
}

/** A positive integer from a query-string value, or `fallback`. */
export function parsePage(raw: string | null, fallback = 1): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : fallback;
}

/** A copy of `params` showing `page`: `page=<n>` from page 2 on, no `page` for the first page. */
export function withPage(params: URLSearchParams, page: number): URLSearchParams {
  const next = new URLSearchParams(params);
  if (page > 1) next.set('page', String(page));
  else next.delete('page');
  return next;
}

/** An upper-case enum value as a label: `PENDING` → `Pending`. */
export const enumLabel = (value: string) => value.charAt(0) + value.slice(1).toLowerCase();

/** One `<option>` per enum value, labelled with `enumLabel` (inside a `SelectField`). */
export function EnumOptions({ values }: { values: readonly string[] }) {
  return (
    <>
      {values.map((value) => (
        <option key={value} value={value}>
          {enumLabel(value)}
        </option>
      ))}
    </>
  );
}
