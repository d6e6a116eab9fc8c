import { useEffect } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthLayout, Shell } from './components/Frame.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { PORTAL } from './portal.ts';
import { RequirePortalUser } from './session.tsx';

const TITLES: [RegExp, string][] = [
  [/^\/login$/, 'Sign in'],
  [/^\/forgot-password$/, 'Reset password'],
  [/^\/account$/, 'Account'],
];

/** Document title per page; new pages start at the top. */
function RouteEffects() {
  const { pathname } = useLocation();
  useEffect(() => {
    const title = TITLES.find(([re]) => re.test(pathname))?.[1];
    document.title = title ? `${title} · Admit ${PORTAL.name}` : `Admit ${PORTAL.name}`;
    window.scrollTo(0, 0);
  }, [pathname]);
  return null;
}

export function App() {
  return (
    <>
      <RouteEffects />
      <Routes>
        <Route element={<AuthLayout />}>
          <Route path="login" element={<LoginPage />} />
          <Route path="forgot-password" element={<ForgotPasswordPage />} />
        </Route>
        <Route
          element={
            <RequirePortalUser>
              <Shell />
            </RequirePortalUser>
          }
        >
          {/* the dashboard arrives with the events and payouts; until then home is the account */}
          <Route index element={<Navigate to="/account" replace />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </>
  );
}
