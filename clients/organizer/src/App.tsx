import { PortalApp } from '@admit/ui/portal/index.ts';
import { AccountPage } from './pages/AccountPage.tsx';
import { PORTAL } from './portal.ts';

/** Sign-in, password reset and the signed-in pages (@admit/ui/portal/app.tsx), with this portal's config. */
export function App() {
  // the dashboard arrives with the events and payouts; until then home is the account
  return <PortalApp config={PORTAL} accountPage={<AccountPage />} />;
}
