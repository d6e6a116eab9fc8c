import { RouteEffects } from '@admit/ui/route-effects.tsx';
import { Navigate, Route, Routes } from 'react-router';
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

export function App() {
  return (
    <>
      <RouteEffects titles={TITLES} site="Admit for practitioners" />
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
