/**
 * The typed tRPC client every portal uses. Types come from the server with `import type` only;
 * no server code reaches the browser bundle. Requests carry the HttpOnly session cookie.
 */
import type { AppRouter, RouterInputs, RouterOutputs } from '@admit/server';
import { httpBatchLink, TRPCClientError, type TRPCLink } from '@trpc/client';
import { createTRPCReact } from '@trpc/react-query';
import { observable } from '@trpc/server/observable';
import superjson from 'superjson';

export type { AppRouter, RouterInputs, RouterOutputs };

export const trpc = createTRPCReact<AppRouter>();

const NO_REFRESH =
  /^auth\.(refresh|logout|login|verify|register|usherLogin|token|forgotPassword|resetPassword|(organizer|merchant|admin|practitioner)\.)/;

/**
 * On a 401, refreshes the session once (`auth.refresh` rotates the token and resets the
 * cookie) and retries the call; concurrent 401s share one refresh. A second 401 is final: the
 * caller shows the sign-in screen. (Seeds 000/003/004: "token refresh on 401".)
 */
export function refreshOn401Link(baseUrl = ''): TRPCLink<AppRouter> {
  let refreshing: Promise<boolean> | null = null;
  const refresh = () => {
    refreshing ??= fetch(`${baseUrl}/trpc/auth.refresh`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: {} }),
    })
      .then((r) => r.ok)
      .catch(() => false)
      .finally(() => {
        setTimeout(() => {
          refreshing = null;
        }, 0);
      });
    return refreshing;
  };
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let retried = false;
        let sub: { unsubscribe(): void } | undefined;
        const attempt = () => {
          sub = next(op).subscribe({
            next: (v) => observer.next(v),
            complete: () => observer.complete(),
            error: (err) => {
              // only a missing/expired session; a wrong password is also a 401 but must not refresh
              const unauthorized = err instanceof TRPCClientError && err.data?.appCode === 'UNAUTHENTICATED';
              if (!unauthorized || retried || NO_REFRESH.test(op.path)) return observer.error(err);
              retried = true;
              void refresh().then((ok) => (ok ? attempt() : observer.error(err)));
            },
          });
        };
        attempt();
        return () => sub?.unsubscribe();
      });
}

export function createTrpcClient(baseUrl = '') {
  return trpc.createClient({
    links: [
      refreshOn401Link(baseUrl),
      httpBatchLink({
        url: `${baseUrl}/trpc`,
        transformer: superjson,
        fetch: (url, init) => fetch(url, { ...init, credentials: 'include' }),
      }),
    ],
  });
}

export interface AppErrorInfo {
  message: string;
  appCode: string | null;
  httpStatus: number | null;
  fieldErrors: Record<string, string[]>;
}

/** Message, app code and field errors of any error a procedure call threw. */
export function errorInfo(err: unknown): AppErrorInfo {
  if (err instanceof TRPCClientError) {
    const data = (err.data ?? {}) as {
      appCode?: string;
      httpStatus?: number;
      fieldErrors?: Record<string, string[]> | null;
    };
    return {
      message: err.message,
      appCode: data.appCode ?? null,
      httpStatus: data.httpStatus ?? null,
      fieldErrors: data.fieldErrors ?? {},
    };
  }
  if (err instanceof Error) {
    return {
      message: navigator.onLine ? err.message : 'You are offline.',
      appCode: null,
      httpStatus: null,
      fieldErrors: {},
    };
  }
  return { message: 'Something went wrong.', appCode: null, httpStatus: null, fieldErrors: {} };
}
