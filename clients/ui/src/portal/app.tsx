/**
 * The routes of a mobile + code portal (organizer, merchant): sign-in and password reset, then
 * the signed-in pages. The portal passes its config, its account page and its own pages
 * (`routes`: <Route> elements under the signed-in shell; `titles` for their document titles);
 * `home` is where `/` goes, and so where sign-in lands (LoginPage follows `?next=`, else `/`):
 * the organizer and merchant portals pass their dashboard; the default is the account page.
 */
import { type ReactNode, useMemo } from 'react';
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

const NO_TITLES: readonly (readonly [RegExp, string])[] = [];

export function PortalApp({
  config,
  accountPage,
  routes,
  titles = NO_TITLES,
  home = '/account',
}: {
  config: PortalConfig;
  accountPage: ReactNode;
  routes?: ReactNode;
  /** a module constant (a new array each render would re-run the title effect) */
  titles?: readonly (readonly [RegExp, string])[];
  home?: string;
}) {
  const allTitles = useMemo(() => [...titles, ...TITLES], [titles]);
  return (
    <PortalConfigProvider config={config}>
      <RouteEffects titles={allTitles} site={`Admit ${config.name}`} />
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
          <Route index element={<Navigate to={home} replace />} />
          <Route path="account" element={accountPage} />
          {routes}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </PortalConfigProvider>
  );
}
