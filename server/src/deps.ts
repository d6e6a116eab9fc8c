/**
 * What services receive as their first argument. Services are plain functions
 * `fn(deps, actor, input)`: they import nothing from tRPC or socket.io (STYLE.md).
 */
import type { Logger } from 'pino';
import type { RateLimits } from './auth/rate-limits.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db/connection.ts';
import type { ChannelProviders } from './modules/notifications/providers.ts';
import type { PaymentProviderAdapter } from './modules/payments/provider.ts';
import type { RealtimeMessage } from './realtime/messages.ts';

export interface AppDeps {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  limits: RateLimits;
  /** notification channel providers; default: built from the configuration (notifications/providers.ts) */
  providers?: ChannelProviders;
  /** payment provider; default: Stripe when configured, else the offline provider (payments/provider.ts) */
  payments?: PaymentProviderAdapter;
}

/**
 * Per-request dependencies. `realtime` collects messages a service wants pushed; the transport
 * publishes them only after the procedure (and so its transaction) has completed successfully.
 */
export interface Deps extends AppDeps {
  realtime: RealtimeMessage[];
}

/**
 * `requestId` binds the request's id to `log` (a child logger, made on first use: most requests
 * log nothing), so service log lines carry it.
 */
export function requestDeps(app: AppDeps, requestId?: string): Deps {
  const deps: Deps = { ...app, realtime: [] };
  if (requestId) {
    let child: Logger | undefined;
    Object.defineProperty(deps, 'log', {
      enumerable: true,
      configurable: true,
      get: () => {
        child ??= app.log.child({ requestId });
        return child;
      },
    });
  }
  return deps;
}
