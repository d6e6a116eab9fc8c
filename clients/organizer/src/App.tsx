import { PortalApp } from '@admit/ui/portal/index.ts';
import { Route } from 'react-router';
import { AccountPage } from './pages/AccountPage.tsx';
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
];

/**
 * Sign-in, password reset and the signed-in pages (@admit/ui/portal/app.tsx), with this portal's
 * config: refund requests, payouts with invoices, and per-event settlement, refund policy and
 * cancellation (seed 003 Plan 3).
 */
export function App() {
  return (
    <PortalApp
      config={PORTAL}
      accountPage={<AccountPage />}
      titles={TITLES}
      routes={
        <>
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
