import { useEffect } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { CheckoutPage } from './pages/CheckoutPage.tsx';
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
import { TicketPage } from './pages/TicketPage.tsx';
import { TicketsPage } from './pages/TicketsPage.tsx';
import { RequireCustomer } from './session.tsx';

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
  [/^\/orders\/.+/, 'Order'],
  [/^\/orders$/, 'Orders & receipts'],
  [/^\/payments$/, 'Payment history'],
  [/^\/payment-methods$/, 'Payment methods'],
  [/^\/refunds$/, 'Refund requests'],
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
