/**
 * Building blocks of the staff portals that sign in with mobile + password + SMS code
 * (organizer, merchant): `import { … } from '@admit/ui/portal/index.ts'` and
 * `import '@admit/ui/portal/portal.css'` (after `@admit/ui/styles.css`). Router-free: the
 * portals own their routes and pass links in as nodes.
 */
export * from './account.tsx';
export * from './forms.tsx';
export * from './sign-in.tsx';
