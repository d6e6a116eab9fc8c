import { ChangePasswordCard, DevicesCard, ProfileCard } from '@admit/ui/portal/index.ts';
import { PORTAL } from '../portal.ts';

/** Profile, password and signed-in devices. */
export function AccountPage() {
  return (
    <div className="page">
      <h1 className="page-title">Account</h1>
      <p className="release-note">{PORTAL.nextRelease}</p>
      <div className="account-grid">
        <ProfileCard query={PORTAL.profile} roleLabel={PORTAL.name} />
        <ChangePasswordCard procedure={PORTAL.changePassword} />
        <div className="account-grid__wide">
          <DevicesCard />
        </div>
      </div>
    </div>
  );
}
