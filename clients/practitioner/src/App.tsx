import { useEffect } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { PublicLayout } from './components/Layout.tsx';
import { RequirePractitioner } from './components/RequirePractitioner.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { HOME } from './session.tsx';

const TITLES: [RegExp, string][] = [
  [/^\/account$/, 'Account'],
  [/^\/login$/, 'Sign in'],
  [/^\/forgot-password$/, 'Reset password'],
];

/** Document title per page; new pages start at the top. */
function RouteEffects() {
  const { pathname } = useLocation();
  useEffect(() => {
    const title = TITLES.find(([re]) => re.test(pathname))?.[1];
    document.title = title ? `${title} · Admit for practitioners` : 'Admit for practitioners';
    window.scrollTo(0, 0);
  }, [pathname]);
  return null;
}

export function App() {
  return (
    <>
      <RouteEffects />
      <Routes>
        <Route
          path="login"
          element={
            <PublicLayout>
              <LoginPage />
            </PublicLayout>
          }
        />
        <Route
          path="forgot-password"
          element={
            <PublicLayout>
              <ForgotPasswordPage />
            </PublicLayout>
          }
        />
        <Route element={<RequirePractitioner />}>
          <Route index element={<Navigate to={HOME} replace />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </>
  );
}
