import { Spinner, trpc } from '@admit/ui';
import { formatDate } from '@admit/ui/console-controls.tsx';
import { ChangePasswordCard, DevicesCard } from '@admit/ui/portal/index.ts';
import { useId } from 'react';
import { LoadError } from '../session.tsx';

/** Profile (`practitioner.me`), password, devices. */
export function AccountPage() {
  const headingId = useId();
  const profile = trpc.practitioner.me.useQuery({});
  const errorView = (error: unknown, retry: () => void) => <LoadError error={error} onRetry={retry} />;
  return (
    <div className="page">
      <h1 className="page-title">Account</h1>
      <p className="page-intro">Your calendar and availability arrive here with the appointments release.</p>
      <div className="console-grid">
        <section className="ui-card console-card" aria-labelledby={headingId}>
          <h2 id={headingId} className="console-card__title">
            Profile
          </h2>
          {profile.isPending ? (
            <Spinner label="Loading your profile…" />
          ) : profile.error ? (
            errorView(profile.error, () => void profile.refetch())
          ) : (
            <dl className="facts" data-testid="profile">
              <dt>Name</dt>
              <dd>
                {profile.data.firstName} {profile.data.lastName}
              </dd>
              <dt>E-mail</dt>
              <dd>{profile.data.email ?? '—'}</dd>
              <dt>Mobile</dt>
              <dd>{profile.data.mobile ?? '—'}</dd>
              <dt>Member since</dt>
              <dd>{formatDate(profile.data.createdAt)}</dd>
            </dl>
          )}
        </section>
        <ChangePasswordCard procedure={trpc.auth.changePassword} />
      </div>
      <div className="stack account-stack">
        <DevicesCard />
      </div>
    </div>
  );
}
