/** What makes this portal the organizer portal: its role, name and procedures (seed 003 Plan 3). */
import { trpc } from '@admit/ui';

export const PORTAL = {
  /** shown next to the Admit mark and in page titles */
  name: 'Organizer',
  role: 'ORGANIZER',
  /** "organizer account" */
  account: 'organizer',
  /** `/api/organizer/{login,verify-otp,forgot-password,reset-password}/` */
  auth: trpc.auth.organizer,
  /** `GET /api/organizer/me/` */
  profile: trpc.organizer.me,
  /** `POST /api/organizer/profile/change-password/` */
  changePassword: trpc.organizer.changePassword,
  logout: trpc.auth.logout,
  devHint: import.meta.env.VITE_DEMO_HINT !== 'off',
  nextRelease: '',
  nav: [
    { to: '/dashboard', label: 'Dashboard' },
    { to: '/events', label: 'Events' },
    { to: '/refund-requests', label: 'Refund requests' },
    { to: '/payouts', label: 'Payouts' },
  ],
} as const;
