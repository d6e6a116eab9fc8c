import { PortalApp } from '@admit/ui/portal/index.ts';
import { Route } from 'react-router';
import { AccountPage } from './pages/AccountPage.tsx';
import { AssignCardPage } from './pages/AssignCardPage.tsx';
import { CardInventoryPage } from './pages/CardInventoryPage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { PORTAL } from './portal.ts';

const TITLES = [
  [/^\/dashboard$/, 'Dashboard'],
  [/^\/assign$/, 'Assign a card'],
  [/^\/cards$/, 'Card inventory'],
  [/^\/settings$/, 'Settings'],
] as const;

/**
 * Sign-in, password reset and the signed-in pages (@admit/ui/portal/app.tsx), with this portal's
 * config and its own pages (seed 003 Plan 4). Home is the dashboard: `/` and sign-in land there
 * (the shared sign-in suite, e2e/portal-signin.ts, expects it), and it is first in the navigation.
 */
export function App() {
  return (
    <PortalApp
      config={PORTAL}
      accountPage={<AccountPage />}
      titles={TITLES}
      home="/dashboard"
      routes={
        <>
          <Route path="dashboard" element={<DashboardPage />} />
          <Route path="assign" element={<AssignCardPage />} />
          <Route path="cards" element={<CardInventoryPage />} />
          <Route path="settings" element={<SettingsPage />} />
        </>
      }
    />
  );
}
