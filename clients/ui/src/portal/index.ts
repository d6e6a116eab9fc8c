/**
 * Building blocks of the staff portals that sign in with mobile + password + SMS code
 * (organizer, merchant): `import { … } from '@admit/ui/portal/index.ts'` and
 * `import '@admit/ui/portal/portal.css'` (after `@admit/ui/styles.css`). The forms and cards
 * are router-free; the session, frame, pages and <PortalApp> use react-router and read the
 * portal's config (`src/portal.ts`) from context (`usePortalConfig()`).
 */
export * from './account.tsx';
export * from './app.tsx';
export * from './config.tsx';
export * from './forms.tsx';
export * from './frame.tsx';
export * from './pages.tsx';
export * from './session.tsx';
export * from './sign-in.tsx';
