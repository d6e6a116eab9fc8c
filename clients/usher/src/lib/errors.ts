import { errorInfo } from '@admit/ui';

/** The session is gone (expired, signed out elsewhere): the usher has to sign in again. */
export function isSignedOut(err: unknown): boolean {
  if (!err) return false;
  const info = errorInfo(err);
  return info.httpStatus === 401 || info.appCode === 'UNAUTHENTICATED';
}

/** No answer from the server at all (offline, server down, timeout). */
export function isNetworkError(err: unknown): boolean {
  return !!err && errorInfo(err).httpStatus === null;
}
