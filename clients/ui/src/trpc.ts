/**
 * The typed tRPC client every portal uses. Types come from the server with `import type` only;
 * no server code reaches the browser bundle. Requests carry the HttpOnly session cookie.
 */
import type { AppRouter, RouterInputs, RouterOutputs } from '@admit/server';
import { httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCReact } from '@trpc/react-query';
import superjson from 'superjson';

export type { AppRouter, RouterInputs, RouterOutputs };

export const trpc = createTRPCReact<AppRouter>();

export function createTrpcClient(baseUrl = '') {
  return trpc.createClient({
    links: [
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
