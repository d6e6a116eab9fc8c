/**
 * The routes of a mobile + code portal (organizer, merchant): sign-in and password reset, then
 * the signed-in pages. The portal passes its config and its account page; until a portal has a
 * dashboard, home is the account.
 */
import type { ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { RouteEffects } from '../route-effects.tsx';
import { type PortalConfig, PortalConfigProvider } from './config.tsx';
import { AuthLayout, Shell } from './frame.tsx';
import { ForgotPasswordPage, LoginPage, NotFoundPage } from './pages.tsx';
import { RequirePortalUser } from './session.tsx';

const TITLES: [RegExp, string][] = [
  [/^\/login$/, 'Sign in'],
  [/^\/forgot-password$/, 'Reset password'],
  [/^\/account$/, 'Account'],
];

export function PortalApp({ config, accountPage }: { config: PortalConfig; accountPage: ReactNode }) {
  return (
    <PortalConfigProvider config={config}>
      <RouteEffects titles={TITLES} site={`Admit ${config.name}`} />
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
          <Route index element={<Navigate to="/account" replace />} />
          <Route path="account" element={accountPage} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </PortalConfigProvider>
  );
}
