/**
 * "The database is unreachable" as one condition (issue 5 "requests in flight fail with a clear
 * 503"). Connection failures surface in several shapes depending on where they happen:
 *   - pg, before or during a query: `ECONNREFUSED`/`ECONNRESET`/… on the error, or the messages
 *     "Connection terminated unexpectedly" / "… due to connection timeout" /
 *     "timeout exceeded when trying to connect";
 *   - PostgreSQL shutting down or refusing: SQLSTATE class 08 (connection exception), 57P01–57P03;
 *   - Prisma over the driver adapter: P1001 ("Can't reach database server"), P1002, P1008,
 *     P1017 (server closed the connection), P2024 (pool timeout), P2028 "Unable to start a transaction
 *     in the given time" (every connection busy: overload), or P2010 wrapping the same text.
 * The tRPC middleware, the context factory, the error formatter and the REST error shaper map all
 * of them to `AppError('UNAVAILABLE')` → HTTP 503 `{"error":{"code":"UNAVAILABLE",…}}`, never a
 * 500 with internals.
 */
import { AppError } from '../errors.ts';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
]);

const MESSAGES =
  /Unable to start a transaction in the given time|Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Server has closed the connection|Timed out fetching a new connection|Client has encountered a connection error|ECONNREFUSED|ECONNRESET|Connection refused/i;

/** True when `err` (or an error in its `cause` chain) says the database could not be reached. */
export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 6 && e && typeof e === 'object'; depth++) {
    if (e instanceof AppError) return e.code === 'UNAVAILABLE';
    const { code, message, kind } = e as { code?: unknown; message?: unknown; kind?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    // driver-adapter error kinds (@prisma/driver-adapter-utils)
    if (kind === 'DatabaseNotReachable' || kind === 'ConnectionClosed' || kind === 'SocketTimeout') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export const UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable. Try again in a moment.';

/** A gate that opens at most once per `ms` (one warning per outage window, not one per request). */
export function oncePer(ms: number): () => boolean {
  let last = 0;
  return () => {
    const now = Date.now();
    if (now - last < ms) return false;
    last = now;
    return true;
  };
}

export function unavailableError(): AppError {
  return new AppError('UNAVAILABLE', UNAVAILABLE_MESSAGE, undefined, { retryAfterSeconds: 5 });
}
