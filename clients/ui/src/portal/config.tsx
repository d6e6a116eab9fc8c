/**
 * What makes a mobile + code portal the organizer or the merchant portal: its role, name and
 * procedures. Each portal declares one (`src/portal.ts`) and hands it to <PortalApp>, which puts it
 * in context for the shared session, frame and pages (`usePortalConfig()`).
 */
import { createContext, type ReactNode, useContext } from 'react';
import type { RouterOutputs, trpc } from '../trpc.ts';
import type { ChangePasswordProcedure, ProfileProcedure } from './account.tsx';
import type { MobileCodeAuthApi } from './sign-in.tsx';

export interface PortalConfig {
  /** shown next to the Admit mark and in page titles, e.g. "Organizer" */
  name: string;
  /** the role whose users this portal is for */
  role: RouterOutputs['auth']['me']['role'];
  /** "organizer" → "organizer account" */
  account: string;
  /** `trpc.auth.organizer` or `trpc.auth.merchant` */
  auth: MobileCodeAuthApi;
  profile: ProfileProcedure;
  changePassword: ChangePasswordProcedure;
  /** this portal's logout */
  logout: typeof trpc.auth.logout;
  /** show where development codes go */
  devHint: boolean;
  /** what arrives in the next release, on the account page */
  nextRelease: string;
  /** the portal's own pages in the header, before `Account` (routes go to <PortalApp routes>) */
  nav?: readonly { readonly to: string; readonly label: string }[];
}

const PortalConfigContext = createContext<PortalConfig | null>(null);

export function PortalConfigProvider({ config, children }: { config: PortalConfig; children: ReactNode }) {
  return <PortalConfigContext.Provider value={config}>{children}</PortalConfigContext.Provider>;
}

/** This portal's config; only inside <PortalConfigProvider> (or <PortalApp>). */
export function usePortalConfig(): PortalConfig {
  const config = useContext(PortalConfigContext);
  if (!config) throw new Error('usePortalConfig outside <PortalConfigProvider>');
  return config;
}
