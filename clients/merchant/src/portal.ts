/** What makes this portal the merchant portal: its role, name and procedures (seed 003 Plan 4). */
import { trpc } from '@admit/ui';

export const PORTAL = {
  /** shown next to the Admit mark and in page titles */
  name: 'Merchant',
  role: 'MERCHANT',
  /** "merchant account" */
  account: 'merchant',
  /** `/api/merchant/{login,verify-otp,forgot-password,reset-password}/` */
  auth: trpc.auth.merchant,
  /**
   * `GET /api/merchant/settings/`: the profile plus `business` (the business profile); the shared
   * profile card reads only the profile part (`ProfileProcedure` takes the wider output as it is).
   */
  profile: trpc.merchant.settings,
  /** `POST /api/merchant/change-password/` */
  changePassword: trpc.merchant.changePassword,
  /** `POST /api/merchant/logout/` */
  logout: trpc.merchant.logout,
  devHint: import.meta.env.VITE_DEMO_HINT !== 'off',
  nextRelease: '',
  /** the portal's own pages in the header, before `Account` */
  nav: [
    { to: '/dashboard', label: 'Dashboard' },
    { to: '/assign', label: 'Assign card' },
    { to: '/cards', label: 'Cards' },
    { to: '/settings', label: 'Settings' },
  ],
} as const;
