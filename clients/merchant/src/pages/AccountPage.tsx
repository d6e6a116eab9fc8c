import { ChangePasswordCard, DevicesCard, ProfileCard } from '@admit/ui/portal/index.ts';
import { Link } from 'react-router';
import { ChangeMobileCard } from '../components/ChangeMobileCard.tsx';
import { PORTAL } from '../portal.ts';

/** Settings: profile, mobile number, password and signed-in devices. */
export function AccountPage() {
  return (
    <div className="page">
      <h1 className="page-title">Account</h1>
      <p className="page-intro">
        Your business profile is under <Link to="/settings">Settings</Link>.
      </p>
      <div className="account-grid">
        <div className="account-col">
          <ProfileCard query={PORTAL.profile} roleLabel={PORTAL.name} />
          <ChangeMobileCard />
        </div>
        <ChangePasswordCard procedure={PORTAL.changePassword} />
        <div className="account-grid__wide">
          <DevicesCard />
        </div>
      </div>
    </div>
  );
}
