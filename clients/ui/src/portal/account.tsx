/**
 * The signed-in user's own account, for any portal: profile, password change (signs out the
 * other devices) and the signed-in devices (`auth.sessions.*`). Role-specific procedures
 * (`organizer.me` or `merchant.settings`, `organizer.changePassword` or
 * `merchant.changePassword`) are passed in; they share their shapes.
 */
import type { TRPCClientErrorLike } from '@trpc/client';
import type { UseTRPCQueryResult } from '@trpc/react-query/shared';
import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { ErrorNotice, fieldError, Spinner } from '../components.tsx';
import { type AppRouter, errorInfo, type RouterOutputs, trpc } from '../trpc.ts';
import { Field, FormError } from './forms.tsx';

/**
 * The profile fields the profile card reads. `organizer.me` returns exactly these (plus the
 * organizer); `merchant.settings` returns them next to its business profile.
 */
export type Profile = Pick<
  RouterOutputs['organizer']['me'],
  'firstName' | 'lastName' | 'mobile' | 'email' | 'role' | 'createdAt'
> & { organizer?: RouterOutputs['organizer']['me']['organizer'] };
/**
 * The portal's profile query: `trpc.organizer.me` or `trpc.merchant.settings` (whose output is the
 * profile plus `business`). Only these two are accepted; the card reads them as `Profile`.
 */
export type ProfileProcedure = typeof trpc.organizer.me | typeof trpc.merchant.settings;

/** Both outputs carry every profile field (a compile-time check: `never` here fails to build). */
type CarriesProfile = [RouterOutputs['organizer']['me'] | RouterOutputs['merchant']['settings']] extends [Profile]
  ? ProfileProcedure
  : never;

/** One hook signature for either procedure (a union of tRPC's overloaded hooks is not callable). */
interface ProfileQuery {
  useQuery(input: Record<string, never>): UseTRPCQueryResult<Profile, TRPCClientErrorLike<AppRouter>>;
}

/** The profile query of either portal, typed by the fields the card reads. */
function useProfile(procedure: CarriesProfile) {
  const query: ProfileQuery = procedure;
  return query.useQuery({});
}
/** `trpc.organizer.changePassword` or `trpc.merchant.changePassword`. */
export type ChangePasswordProcedure = typeof trpc.organizer.changePassword;

/**
 * The call failed because no valid session came with it. (Not every 401: a wrong password in
 * `changePassword` / `changeMobile` is a 401 INVALID_CREDENTIALS and keeps the session.)
 */
export function isUnauthorized(err: unknown): boolean {
  return !!err && errorInfo(err).appCode === 'UNAUTHENTICATED';
}

/**
 * When a call says the session is gone (signed out elsewhere, password changed on another
 * device), forget who is signed in: the portal's guard sees `auth.me` fail and shows sign-in.
 */
export function useForgetSessionOn401(error: unknown) {
  const utils = trpc.useUtils();
  const gone = isUnauthorized(error);
  useEffect(() => {
    if (gone) void utils.auth.me.reset();
  }, [gone, utils]);
}

/** A failed load: "session ended" for 401s, otherwise the error with a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  useForgetSessionOn401(error);
  if (isUnauthorized(error)) {
    return (
      <div className="ui-error" role="alert">
        <strong>Your session has ended.</strong> Please sign in again.
      </div>
    );
  }
  return <ErrorNotice error={error} onRetry={onRetry} />;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

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
export function formatDay(at: Date | string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(at));
}

/** "Chrome on Linux" from a User-Agent header: a readable guess, not for security decisions. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const ua = userAgent;
  const browsers: [RegExp, string][] = [
    [/Edg(e|A|iOS)?\//, 'Edge'],
    [/OPR\/|Opera/, 'Opera'],
    [/Firefox\/|FxiOS\//, 'Firefox'],
    [/HeadlessChrome\//, 'Headless Chrome'],
    [/Chrom(e|ium)\/|CriOS\//, 'Chrome'],
    [/Safari\//, 'Safari'],
    [/^curl\//i, 'curl'],
    [/okhttp|python|node|undici|axios|postman/i, 'API client'],
  ];
  const systems: [RegExp, string][] = [
    [/iPhone|iPad|iPod/, 'iOS'],
    [/Android/, 'Android'],
    [/Windows/, 'Windows'],
    [/Mac OS X|Macintosh/, 'macOS'],
    [/CrOS/, 'ChromeOS'],
    [/Linux/, 'Linux'],
  ];
  const browser = browsers.find(([re]) => re.test(ua))?.[1];
  const os = systems.find(([re]) => re.test(ua))?.[1];
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? (ua.length > 40 ? `${ua.slice(0, 40)}…` : ua);
}

/** A titled section of the account page (`<section>` labelled by its `<h2>`). */
export function PortalCard({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  const id = useId();
  return (
    <section className="ui-card portal-card" aria-labelledby={id}>
      <div className="portal-card__head">
        <h2 id={id} className="portal-card__title">
          {title}
        </h2>
        {action}
      </div>
      {children}
    </section>
  );
}

/** Name, mobile, e-mail, organizer and since when, from `organizer.me` / `merchant.settings`. */
export function ProfileCard({ query, roleLabel }: { query: ProfileProcedure; roleLabel: string }) {
  const profile = useProfile(query);
  return (
    <PortalCard title="Profile">
      {profile.isPending ? (
        <Spinner label="Loading your profile…" />
      ) : profile.error ? (
        <LoadError error={profile.error} onRetry={() => void profile.refetch()} />
      ) : (
        <dl className="facts" data-testid="profile">
          <dt>Name</dt>
          <dd>
            {profile.data.firstName} {profile.data.lastName}
          </dd>
          <dt>Mobile</dt>
          <dd className="mono">{profile.data.mobile ?? '—'}</dd>
          {profile.data.email && (
            <>
              <dt>E-mail</dt>
              <dd>{profile.data.email}</dd>
            </>
          )}
          {(profile.data.organizer || profile.data.role === 'ORGANIZER') && (
            <>
              <dt>Organizer</dt>
              <dd>{profile.data.organizer?.name ?? 'Not linked to an organizer yet'}</dd>
            </>
          )}
          <dt>Account</dt>
          <dd>
            {roleLabel} since {formatDay(profile.data.createdAt)}
          </dd>
        </dl>
      )}
    </PortalCard>
  );
}

const PASSWORD_FIELDS = ['currentPassword', 'newPassword'] as const;

/**
 * "Security": `Current password`, `New password`, `Change password`. The server signs out every
 * other device and says how many.
 */
export function ChangePasswordCard({ procedure }: { procedure: ChangePasswordProcedure }) {
  const utils = trpc.useUtils();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const change = procedure.useMutation({
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      void utils.auth.sessions.list.invalidate();
    },
  });
  useForgetSessionOn401(change.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({ currentPassword, newPassword });
  };
  const revoked = change.data?.sessionsRevoked;
  return (
    <PortalCard title="Security">
      <p className="muted small">Changing your password signs out every other device.</p>
      <form onSubmit={submit} noValidate>
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
          hint="At least 8 characters, different from the current one."
        />
        <FormError error={change.error} fields={PASSWORD_FIELDS} />
        {revoked !== undefined && (
          <div className="notice notice--ok" role="status">
            Password changed.{' '}
            {revoked === 0
              ? 'No other devices were signed in.'
              : `${plural(revoked, 'other device')} ${revoked === 1 ? 'was' : 'were'} signed out.`}
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
    </PortalCard>
  );
}

/**
 * "Devices": where the account is signed in (`auth.sessions.list`): created, last used, IP and
 * browser, "This device" on the current one, `Sign out` per other device and
 * `Sign out other devices`.
 */
export function DevicesCard() {
  const utils = trpc.useUtils();
  const list = trpc.auth.sessions.list.useQuery({});
  const refresh = () => void utils.auth.sessions.list.invalidate();
  const revoke = trpc.auth.sessions.revoke.useMutation({ onSettled: refresh });
  const revokeOthers = trpc.auth.sessions.revokeOthers.useMutation({ onSettled: refresh });
  useForgetSessionOn401(revoke.error ?? revokeOthers.error);
  const sessions = [...(list.data ?? [])].sort((a, b) => Number(b.current) - Number(a.current));
  const others = sessions.filter((s) => !s.current).length;

  return (
    <PortalCard
      title="Devices"
      action={
        <button
          type="button"
          className="ui-button ui-button--ghost ui-button--small"
          disabled={others === 0 || revokeOthers.isPending}
          onClick={() => {
            revoke.reset();
            revokeOthers.mutate({});
          }}
        >
          {revokeOthers.isPending ? 'Signing out…' : 'Sign out other devices'}
        </button>
      }
    >
      <p className="muted small">Where your account is signed in. Sign out any device you do not recognise.</p>
      {revokeOthers.data && (
        <div className="notice notice--ok" role="status">
          {revokeOthers.data.sessionsRevoked === 0
            ? 'No other devices were signed in.'
            : `${plural(revokeOthers.data.sessionsRevoked, 'other device')} ${revokeOthers.data.sessionsRevoked === 1 ? 'was' : 'were'} signed out.`}
        </div>
      )}
      {revoke.isSuccess && (
        <div className="notice notice--ok" role="status">
          The device was signed out.
        </div>
      )}
      <ErrorNotice error={revoke.error ?? revokeOthers.error} />
      {list.isPending ? (
        <Spinner label="Loading devices…" />
      ) : list.error ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : sessions.length === 0 ? (
        <p className="muted">No devices are signed in.</p>
      ) : (
        <ul className="device-list" aria-label="Signed-in devices">
          {sessions.map((s) => {
            const name = describeDevice(s.userAgent);
            return (
              <li key={s.id} className="device" data-testid="device" data-current={s.current || undefined}>
                <div className="device__main">
                  <span className="device__name">
                    {name}
                    {s.current && <span className="ui-badge badge--ok">This device</span>}
                  </span>
                  <dl className="device__facts">
                    <div>
                      <dt>Signed in</dt>
                      <dd>
                        <time dateTime={new Date(s.createdAt).toISOString()}>{formatDateTime(s.createdAt)}</time>
                      </dd>
                    </div>
                    <div>
                      <dt>Last used</dt>
                      <dd>
                        <time dateTime={new Date(s.lastUsedAt).toISOString()}>{formatDateTime(s.lastUsedAt)}</time>
                      </dd>
                    </div>
                    <div>
                      <dt>IP</dt>
                      <dd className="mono">{s.ip ?? 'unknown'}</dd>
                    </div>
                  </dl>
                  {s.userAgent && (
                    <span className="device__ua" title={s.userAgent}>
                      {s.userAgent}
                    </span>
                  )}
                </div>
                {!s.current && (
                  <button
                    type="button"
                    className="ui-button ui-button--ghost ui-button--small"
                    aria-label={`Sign out ${name}, last used ${formatDateTime(s.lastUsedAt)}`}
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
    </PortalCard>
  );
}
