import { trpc } from '@admit/ui';
import { formatDate } from '@admit/ui/console-controls.tsx';
import { ChangePasswordCard, DevicesCard } from '@admit/ui/portal/index.ts';
import { useId } from 'react';
import { LevelBadge } from '../components/Layout.tsx';
import { LEVEL_DESCRIPTIONS } from '../permissions.ts';
import { useAdmin } from '../session.tsx';

/** The signed-in admin: profile, password, devices. */
export function AccountPage() {
  const { profile } = useAdmin();
  const headingId = useId();
  return (
    <div className="page">
      <h1 className="page-title">Account</h1>
      <div className="console-grid">
        <section className="ui-card console-card" aria-labelledby={headingId}>
          <h2 id={headingId} className="console-card__title">
            Profile
          </h2>
          <dl className="facts">
            <dt>Name</dt>
            <dd>
              {profile.firstName} {profile.lastName}
            </dd>
            <dt>E-mail</dt>
            <dd>{profile.email ?? '—'}</dd>
            <dt>Level</dt>
            <dd>
              <LevelBadge level={profile.adminLevel} />
              {profile.adminLevel && <span className="cell-sub">{LEVEL_DESCRIPTIONS[profile.adminLevel]}</span>}
            </dd>
            <dt>Admin since</dt>
            <dd>{formatDate(profile.createdAt)}</dd>
          </dl>
        </section>
        <ChangePasswordCard procedure={trpc.auth.changePassword} />
      </div>
      <div className="stack account-stack">
        <DevicesCard />
      </div>
    </div>
  );
}
