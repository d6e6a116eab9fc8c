import { errorInfo, Spinner, trpc } from '@admit/ui';
import { ConfirmDialog, formatDateTime, GuardedButton } from '@admit/ui/console-controls.tsx';
import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { RoleLabel, StatusBadge } from '../components/UserBadges.tsx';
import { blockedReason, LEVEL_LABELS, ROLE_LABELS } from '../permissions.ts';
import { LoadError, useAdmin } from '../session.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

type Pending = 'disable' | 'revoke' | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One user: profile facts and the account actions the signed-in admin's sub-role allows. */
export function UserPage() {
  const { id = '' } = useParams();
  // a fresh page (notices, dialogs, mutation state) per user
  return <UserDetail key={id} id={id} />;
}

function UserDetail({ id }: { id: string }) {
  const admin = useAdmin();
  const utils = trpc.useUtils();
  const headingId = useId();
  const [confirm, setConfirm] = useState<Pending>(null);
  const [done, setDone] = useState<string | null>(null);
  const validId = UUID.test(id);
  const user = trpc.admin.users.get.useQuery({ id }, { enabled: validId });

  const refresh = () => {
    void utils.admin.users.invalidate();
    void utils.admin.audit.invalidate();
  };
  const disable = trpc.admin.users.disable.useMutation({
    onSuccess: (u) => {
      utils.admin.users.get.setData({ id }, u);
      setConfirm(null);
      setDone('The account is disabled and was signed out everywhere.');
    },
    onSettled: refresh,
  });
  const enable = trpc.admin.users.enable.useMutation({
    onSuccess: (u) => {
      utils.admin.users.get.setData({ id }, u);
      setDone('The account is enabled again.');
    },
    onSettled: refresh,
  });
  const revoke = trpc.admin.users.revokeSessions.useMutation({
    onSuccess: (r) => {
      setConfirm(null);
      setDone(
        r.sessionsRevoked === 0
          ? 'The account was not signed in anywhere.'
          : `Signed out of ${r.sessionsRevoked} ${r.sessionsRevoked === 1 ? 'device' : 'devices'}.`,
      );
    },
    onSettled: refresh,
  });

  if (!validId || (user.error && errorInfo(user.error).appCode === 'NOT_FOUND')) {
    return (
      <NotFoundPage title="User not found" to="/users" action="Back to users">
        <p>There is no user with this id.</p>
      </NotFoundPage>
    );
  }
  if (user.isPending) {
    return (
      <div className="page page--medium">
        <Spinner label="Loading user…" />
      </div>
    );
  }
  if (user.error) {
    return (
      <div className="page page--medium">
        <LoadError error={user.error} onRetry={() => void user.refetch()} />
      </div>
    );
  }

  const u = user.data;
  const name = `${u.firstName} ${u.lastName}`.trim();
  const canWrite = admin.can('users.write');
  const reason =
    blockedReason({ id: admin.me.id, level: admin.level }, u) ??
    (u.status === 'PENDING_VERIFICATION' ? 'This account is not verified yet.' : null);
  const revokeReason = blockedReason({ id: admin.me.id, level: admin.level }, u);
  const actionError = enable.error ?? (confirm ? null : (disable.error ?? revoke.error));
  const reset = () => {
    setDone(null);
    disable.reset();
    enable.reset();
    revoke.reset();
  };

  return (
    <div className="page page--medium">
      <Link to="/users" className="back-link">
        ← Users
      </Link>
      <div className="page-head">
        <h1 className="page-title">{name || 'Unnamed user'}</h1>
        <StatusBadge status={u.status} />
      </div>

      <div className="stack">
        <section className="ui-card console-card" aria-labelledby={`${headingId}-facts`}>
          <h2 id={`${headingId}-facts`} className="console-card__title">
            Profile
          </h2>
          <dl className="facts">
            <dt>Role</dt>
            <dd>
              <RoleLabel role={u.role} adminLevel={u.adminLevel} />
            </dd>
            <dt>E-mail</dt>
            <dd>{u.email ?? '—'}</dd>
            <dt>Mobile</dt>
            <dd>{u.mobile ?? '—'}</dd>
            {u.username && (
              <>
                <dt>Username</dt>
                <dd>{u.username}</dd>
              </>
            )}
            {u.organizer && (
              <>
                <dt>Organizer</dt>
                <dd>{u.organizer.name}</dd>
              </>
            )}
            <dt>Signed-in devices</dt>
            <dd data-testid="active-sessions">{u.activeSessions}</dd>
            <dt>Joined</dt>
            <dd>{formatDateTime(u.createdAt)}</dd>
            {u.deletedAt && (
              <>
                <dt>Data erased</dt>
                <dd>{formatDateTime(u.deletedAt)}</dd>
              </>
            )}
            <dt>User ID</dt>
            <dd className="mono">{u.id}</dd>
          </dl>
          <p className="small">
            <Link to={`/audit?targetType=user&targetId=${u.id}`}>Audit log for this account</Link>
            {' · '}
            <Link to={`/audit?actorId=${u.id}`}>Actions by this account</Link>
          </p>
        </section>

        <section className="ui-card console-card" aria-labelledby={`${headingId}-access`}>
          <h2 id={`${headingId}-access`} className="console-card__title">
            Access
          </h2>
          {done && (
            <div className="notice notice--ok" role="status">
              {done}
            </div>
          )}
          {actionError != null && <LoadError error={actionError} />}
          {canWrite ? (
            <>
              <p className="muted small">
                Disabling an account signs it out everywhere and stops new sign-ins until it is enabled again.
              </p>
              <div className="actions">
                {u.status === 'DISABLED' ? (
                  <GuardedButton
                    className="ui-button"
                    blockedReason={reason}
                    disabled={enable.isPending}
                    onClick={() => {
                      reset();
                      enable.mutate({ id });
                    }}
                  >
                    {enable.isPending ? 'Enabling…' : 'Enable'}
                  </GuardedButton>
                ) : (
                  <GuardedButton
                    className="ui-button ui-button--danger"
                    blockedReason={reason}
                    onClick={() => {
                      reset();
                      setConfirm('disable');
                    }}
                  >
                    Disable
                  </GuardedButton>
                )}
                <GuardedButton
                  className="ui-button ui-button--ghost ui-button--danger"
                  blockedReason={revokeReason}
                  onClick={() => {
                    reset();
                    setConfirm('revoke');
                  }}
                >
                  Sign out everywhere
                </GuardedButton>
              </div>
              {reason && (
                // the tooltip's text, visible for touch screens (screen readers get it from the buttons)
                <p className="muted small blocked-reason" aria-hidden="true">
                  {reason}
                </p>
              )}
            </>
          ) : (
            <p className="notice" data-testid="read-only-note">
              Your admin role ({admin.level ? LEVEL_LABELS[admin.level] : 'none'}) can view accounts but not change
              them. Ask an admin to disable, enable or sign out this account.
            </p>
          )}
        </section>
      </div>

      <ConfirmDialog
        open={confirm === 'disable'}
        title={`Disable ${name}?`}
        confirmLabel="Disable account"
        pending={disable.isPending}
        error={disable.error}
        onConfirm={() => disable.mutate({ id })}
        onCancel={() => {
          disable.reset();
          setConfirm(null);
        }}
      >
        <p>
          This {ROLE_LABELS[u.role].toLowerCase()} account will be signed out of {u.activeSessions}{' '}
          {u.activeSessions === 1 ? 'device' : 'devices'} and cannot sign in until you enable it again.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'revoke'}
        title={`Sign ${name} out everywhere?`}
        confirmLabel="Sign out all devices"
        pending={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoke.mutate({ id })}
        onCancel={() => {
          revoke.reset();
          setConfirm(null);
        }}
      >
        <p>Every session of this account ends now. The account stays active and can sign in again.</p>
      </ConfirmDialog>
    </div>
  );
}
