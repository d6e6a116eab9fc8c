/**
 * Who is signed in: the shared console session (@admit/ui/console-session.tsx). Signed-in pages
 * sit under <RequirePractitioner> (components/RequirePractitioner.tsx).
 */
export {
  isUnauthorized,
  LoadError,
  loginPath,
  type Me,
  useCurrentPath,
  useMe,
  useSignedIn,
  useSignOut,
} from '@admit/ui/console-session.tsx';

export const HOME = '/account';
