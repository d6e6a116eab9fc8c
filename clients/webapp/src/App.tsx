import { Spinner } from '@admit/ui';
import { lazy, Suspense, useEffect } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { CheckoutPage } from './pages/CheckoutPage.tsx';
import { CardPage } from './pages/cards/CardPage.tsx';
import { MyCardsPage } from './pages/cards/MyCardsPage.tsx';
import { DependentsPage } from './pages/customer/DependentsPage.tsx';
import { FavoritesPage } from './pages/customer/FavoritesPage.tsx';
import { ProfilePage } from './pages/customer/ProfilePage.tsx';
import { TransfersPage } from './pages/customer/TransfersPage.tsx';
import { EventPage } from './pages/EventPage.tsx';
import { EventsPage } from './pages/EventsPage.tsx';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { OrderPage } from './pages/OrderPage.tsx';
import { OrdersPage } from './pages/OrdersPage.tsx';
import { PaymentHistoryPage } from './pages/PaymentHistoryPage.tsx';
import { PaymentMethodsPage } from './pages/PaymentMethodsPage.tsx';
import { RefundRequestsPage } from './pages/RefundRequestsPage.tsx';
import { RegisterPage } from './pages/RegisterPage.tsx';
import { MyRafflesPage } from './pages/raffles/MyRafflesPage.tsx';
import { RafflePage } from './pages/raffles/RafflePage.tsx';
import { RafflesPage } from './pages/raffles/RafflesPage.tsx';
import { TicketPage } from './pages/TicketPage.tsx';
import { TicketsPage } from './pages/TicketsPage.tsx';
import { RequireCustomer } from './session.tsx';

/** The stats page carries the charting library (recharts): loaded only on that page. */
const StatsPage = lazy(() => import('./pages/customer/StatsPage.tsx').then((m) => ({ default: m.StatsPage })));

/** The verifier carries the BLS12-381 code (@noble/curves): loaded only on that page. */
const RaffleVerifyPage = lazy(() =>
  import('./pages/raffles/RaffleVerifyPage.tsx').then((m) => ({ default: m.RaffleVerifyPage })),
);

const TITLES: [RegExp, string][] = [
  [/^\/$/, 'Events'],
  [/^\/events\//, 'Event'],
  [/^\/checkout\//, 'Checkout'],
  [/^\/tickets\/.+/, 'Ticket'],
  [/^\/tickets$/, 'My tickets'],
  [/^\/login$/, 'Sign in'],
  [/^\/register$/, 'Create account'],
  [/^\/forgot-password$/, 'Reset password'],
  [/^\/account$/, 'Account'],
  [/^\/cards\/.+/, 'NFC card'],
  [/^\/cards$/, 'My NFC cards'],
  [/^\/profile$/, 'My profile'],
  [/^\/dependents$/, 'Dependents'],
  [/^\/favorites$/, 'Favourites'],
  [/^\/transfers$/, 'Transfers'],
  [/^\/stats$/, 'My stats'],
  [/^\/orders\/.+/, 'Order'],
  [/^\/orders$/, 'Orders & receipts'],
  [/^\/payments$/, 'Payment history'],
  [/^\/payment-methods$/, 'Payment methods'],
  [/^\/refunds$/, 'Refund requests'],
  [/^\/raffles\/[^/]+\/verify$/, 'Verify the draw'],
  [/^\/raffles\/.+/, 'Raffle'],
  [/^\/raffles$/, 'Raffles'],
  [/^\/my-raffles$/, 'My raffles'],
];

/** Document title per page; new pages start at the top. */
function RouteEffects() {
  const { pathname } = useLocation();
  useEffect(() => {
    const title = TITLES.find(([re]) => re.test(pathname))?.[1];
    document.title = title ? `${title} · Admit` : 'Admit';
    window.scrollTo(0, 0);
  }, [pathname]);
  return null;
}

export function App() {
  return (
    <>
      <RouteEffects />
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<EventsPage />} />
          <Route path="events/:slug" element={<EventPage />} />
          <Route path="raffles" element={<RafflesPage />} />
          <Route path="raffles/:slug" element={<RafflePage />} />
          <Route
            path="raffles/:slug/verify"
            element={
              <Suspense fallback={<Spinner label="Loading the verifier…" />}>
                <RaffleVerifyPage />
              </Suspense>
            }
          />
          <Route
            path="my-raffles"
            element={
              <RequireCustomer>
                <MyRafflesPage />
              </RequireCustomer>
            }
          />
          <Route path="login" element={<LoginPage />} />
          <Route path="register" element={<RegisterPage />} />
          <Route path="forgot-password" element={<ForgotPasswordPage />} />
          <Route
            path="account"
            element={
              <RequireCustomer>
                <AccountPage />
              </RequireCustomer>
            }
          />
          <Route
            path="profile"
            element={
              <RequireCustomer>
                <ProfilePage />
              </RequireCustomer>
            }
          />
          <Route
            path="dependents"
            element={
              <RequireCustomer>
                <DependentsPage />
              </RequireCustomer>
            }
          />
          <Route
            path="favorites"
            element={
              <RequireCustomer>
                <FavoritesPage />
              </RequireCustomer>
            }
          />
          <Route
            path="transfers"
            element={
              <RequireCustomer>
                <TransfersPage />
              </RequireCustomer>
            }
          />
          <Route
            path="stats"
            element={
              <RequireCustomer>
                <Suspense fallback={<Spinner label="Loading your stats…" />}>
                  <StatsPage />
                </Suspense>
              </RequireCustomer>
            }
          />
          <Route
            path="checkout/:orderId"
            element={
              <RequireCustomer>
                <CheckoutPage />
              </RequireCustomer>
            }
          />
          <Route
            path="tickets"
            element={
              <RequireCustomer>
                <TicketsPage />
              </RequireCustomer>
            }
          />
          <Route
            path="tickets/:id"
            element={
              <RequireCustomer>
                <TicketPage />
              </RequireCustomer>
            }
          />
          <Route
            path="orders"
            element={
              <RequireCustomer>
                <OrdersPage />
              </RequireCustomer>
            }
          />
          <Route
            path="orders/:id"
            element={
              <RequireCustomer>
                <OrderPage />
              </RequireCustomer>
            }
          />
          <Route
            path="payments"
            element={
              <RequireCustomer>
                <PaymentHistoryPage />
              </RequireCustomer>
            }
          />
          <Route
            path="payment-methods"
            element={
              <RequireCustomer>
                <PaymentMethodsPage />
              </RequireCustomer>
            }
          />
          <Route
            path="cards"
            element={
              <RequireCustomer>
                <MyCardsPage />
              </RequireCustomer>
            }
          />
          <Route
            path="cards/:id"
            element={
              <RequireCustomer>
                <CardPage />
              </RequireCustomer>
            }
          />
          <Route
            path="refunds"
            element={
              <RequireCustomer>
                <RefundRequestsPage />
              </RequireCustomer>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </>
  );
}
