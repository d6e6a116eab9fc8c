/**
 * Account security for any signed-in role (the `auth` namespace works for every role):
 * change password (signs out the other devices, server side) and the list of signed-in
 * devices with per-device sign-out and "Sign out other devices".
 */
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { ErrorNotice, fieldError, Spinner } from './components.tsx';
import { Field, FormError, formatDateTime, formatRelative, useNow } from './console-controls.tsx';
import { trpc } from './trpc.ts';

/** How a card shows a failed load; portals pass one that links to their sign-in page on 401. */
export type ErrorView = (error: unknown, retry: () => void) => ReactNode;

const defaultErrorView: ErrorView = (error, retry) => <ErrorNotice error={error} onRetry={retry} />;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Chrome on Linux" from a User-Agent header; a rough, readable guess (not for security). */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\//.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /HeadlessChrome\//.test(ua)
          ? 'Headless Chrome'
          : /Chrom(e|ium)\//.test(ua)
            ? 'Chrome'
            : /Safari\//.test(ua)
              ? 'Safari'
              : /curl\//i.test(ua)
                ? 'curl'
                : null;
  const os = /iPhone|iPad|iPod/.test(ua)
    ? 'iOS'
    : /Android/.test(ua)
      ? 'Android'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /CrOS/.test(ua)
            ? 'ChromeOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? (ua.length > 40 ? `${ua.slice(0, 40)}…` : ua);
}

const PASSWORD_FIELDS = ['currentPassword', 'newPassword'] as const;

/** `Current password`, `New password`, `Change password`. Other devices are signed out by the server. */
export function ChangePasswordCard() {
  const utils = trpc.useUtils();
  const headingId = useId();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const change = trpc.auth.changePassword.useMutation({
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      void utils.auth.sessions.list.invalidate();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({ currentPassword, newPassword });
  };
  return (
    <section className="ui-card console-card" aria-labelledby={headingId}>
      <h2 id={headingId} className="console-card__title">
        Password
      </h2>
      <form onSubmit={submit} noValidate className="console-form">
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => {
            setCurrentPassword(e.target.value);
            if (change.isSuccess) change.reset();
          }}
          error={fieldError(change.error, 'currentPassword')}
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
          error={fieldError(change.error, 'newPassword')}
          hint="At least 8 characters. Your other devices will be signed out."
        />
        <FormError error={change.error} fields={PASSWORD_FIELDS} />
        {change.data && (
          <div className="notice notice--ok" role="status">
            Password changed.{' '}
            {change.data.sessionsRevoked === 0
              ? 'No other device was signed in.'
              : `${plural(change.data.sessionsRevoked, 'other device')} ${change.data.sessionsRevoked === 1 ? 'was' : 'were'} signed out.`}
          </div>
        )}
        <button
          type="submit"
          className="ui-button"
          disabled={change.isPending || currentPassword === '' || newPassword === ''}
        >
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}

/** The signed-in devices (`auth.sessions.list`), newest use first, with sign-out per device. */
export function DevicesCard({ errorView = defaultErrorView }: { errorView?: ErrorView }) {
  const utils = trpc.useUtils();
  const headingId = useId();
  const now = useNow(30_000);
  const list = trpc.auth.sessions.list.useQuery({});
  const refresh = () => void utils.auth.sessions.list.invalidate();
  const revoke = trpc.auth.sessions.revoke.useMutation({ onSettled: refresh });
  const revokeOthers = trpc.auth.sessions.revokeOthers.useMutation({ onSettled: refresh });
  const others = list.data?.filter((s) => !s.current) ?? [];

  return (
    <section className="ui-card console-card" aria-labelledby={headingId}>
      <div className="console-card__head">
        <h2 id={headingId} className="console-card__title">
          Devices
        </h2>
        <button
          type="button"
          className="ui-button ui-button--ghost ui-button--small"
          disabled={others.length === 0 || revokeOthers.isPending}
          onClick={() => {
            revoke.reset();
            revokeOthers.mutate({});
          }}
        >
          {revokeOthers.isPending ? 'Signing out…' : 'Sign out other devices'}
        </button>
      </div>
      <p className="muted small">Where your account is signed in. Sign out any device you do not recognise.</p>
      {revokeOthers.data && (
        <div className="notice notice--ok" role="status">
          {revokeOthers.data.sessionsRevoked === 0
            ? 'No other device was signed in.'
            : `Signed out ${plural(revokeOthers.data.sessionsRevoked, 'other device')}.`}
        </div>
      )}
      <ErrorNotice error={revoke.error ?? revokeOthers.error} />
      {list.isPending ? (
        <Spinner label="Loading devices…" />
      ) : list.error ? (
        errorView(list.error, () => void list.refetch())
      ) : (
        <ul className="device-list" data-testid="device-list">
          {list.data.map((s) => {
            const name = describeDevice(s.userAgent);
            return (
              <li key={s.id} className="device" data-testid="device">
                <div className="device__main">
                  <span className="device__name">
                    {name} {s.current && <span className="ui-badge badge--ok">This device</span>}
                  </span>
                  <span className="device__meta">
                    {s.ip ?? 'Unknown IP'} · signed in {formatDateTime(s.createdAt)} · last active{' '}
                    <time dateTime={new Date(s.lastUsedAt).toISOString()}>{formatRelative(s.lastUsedAt, now)}</time>
                  </span>
                </div>
                {!s.current && (
                  <button
                    type="button"
                    className="ui-button ui-button--ghost ui-button--small device__action"
                    aria-label={`Sign out ${name}, ${s.ip ?? 'unknown IP'}`}
                    disabled={revoke.isPending && revoke.variables?.sessionId === s.id}
                    onClick={() => {
                      revokeOthers.reset();
                      revoke.mutate({ sessionId: s.id });
                    }}
                  >
                    Sign out
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
