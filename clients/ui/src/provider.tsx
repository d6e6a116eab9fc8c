import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { createTrpcClient, errorInfo, trpc } from './trpc.ts';

/** Wraps a portal: one QueryClient and tRPC client for the page's lifetime. */
export function AdmitProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 15_000,
            // 4xx answers are final; retry network and server errors twice
            retry: (count, err) => {
              const status = errorInfo(err).httpStatus;
              return (status === null || status >= 500) && count < 2;
            },
          },
        },
      }),
  );
  const [client] = useState(() => createTrpcClient());
  return (
    <trpc.Provider client={client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </trpc.Provider>
  );
}
