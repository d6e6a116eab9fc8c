import { PortalApp } from '@admit/ui/portal/index.ts';
import { Route } from 'react-router';
import { AccountPage } from './pages/AccountPage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { EventPage, EventsPage } from './pages/EventsPage.tsx';
import { PayoutPage, PayoutsPage } from './pages/PayoutsPage.tsx';
import { RefundRequestsPage } from './pages/RefundRequestsPage.tsx';
import { PORTAL } from './portal.ts';

const TITLES: readonly (readonly [RegExp, string])[] = [
  [/^\/refund-requests$/, 'Refund requests'],
  [/^\/payouts\/.+/, 'Payout'],
  [/^\/payouts$/, 'Payouts'],
  [/^\/events\/.+/, 'Event'],
  [/^\/events$/, 'Events'],
  [/^\/dashboard$/, 'Dashboard'],
];

/**
 * Sign-in, password reset and the signed-in pages (@admit/ui/portal/app.tsx), with this portal's
 * config: the dashboard with live sales (home: `/` and sign-in land there), events with analytics
 * and change requests, refund requests, payouts with invoices, per-event settlement, refund policy and cancellation, and the
 * organization profile (seed 003 Plan 3).
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
          <Route path="refund-requests" element={<RefundRequestsPage />} />
          <Route path="payouts" element={<PayoutsPage />} />
          <Route path="payouts/:id" element={<PayoutPage />} />
          <Route path="events" element={<EventsPage />} />
          <Route path="events/:id" element={<EventPage />} />
        </>
      }
    />
  );
}
