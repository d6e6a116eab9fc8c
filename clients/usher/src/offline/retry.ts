/**
 * Network policy of the gate app (seed 003 Plan 5 Phase 5, Plan 6 Phases 8–9): each request
 * times out after 30 s, network errors and 5xx answers are retried 3 times with exponential
 * backoff, 4xx answers are final (the refresh-on-401 link in clients/ui has already had its go).
 */

export const REQUEST_TIMEOUT_MS = 30_000;
export const RETRIES = 3;

/** HTTP status of an error thrown by a tRPC call (`err.data.httpStatus`); null: no answer at all. */
export function httpStatusOf(err: unknown): number | null {
  if (err && typeof err === 'object' && 'data' in err) {
    const data = (err as { data?: { httpStatus?: unknown } | null }).data;
    if (data && typeof data.httpStatus === 'number') return data.httpStatus;
  }
  return null;
}

/** App error code of a tRPC error (`err.data.appCode`), e.g. UNAUTHENTICATED. */
export function appCodeOf(err: unknown): string | null {
  if (err && typeof err === 'object' && 'data' in err) {
    const data = (err as { data?: { appCode?: unknown } | null }).data;
    if (data && typeof data.appCode === 'string') return data.appCode;
  }
  return null;
}

/** Worth another try: no answer (offline, DNS, reset, timeout) or a server error (5xx). */
export function isRetryable(err: unknown): boolean {
  const status = httpStatusOf(err);
  return status === null || status >= 500;
}

/** The server never answered (as opposed to answering with an error). */
export function isNoAnswer(err: unknown): boolean {
  return httpStatusOf(err) === null;
}

/** Delay before retry `n` (1-based): base·2^(n−1), capped, with ±20 % jitter. */
export function backoffMs(n: number, baseMs = 500, maxMs = 8000, random = Math.random): number {
  const d = Math.min(maxMs, baseMs * 2 ** (n - 1));
  return Math.round(d * (0.8 + random() * 0.4));
}

export interface RetryOptions {
  retries?: number;
  baseMs?: number;
  timeoutMs?: number;
  /** stop waiting and retrying (e.g. the usher chose to decide offline) */
  signal?: AbortSignal;
  /** called before each retry with its number (1..retries) and the delay */
  onRetry?: (n: number, delayMs: number, err: unknown) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  retryable?: (err: unknown) => boolean;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `call` with a per-attempt timeout signal; retries retryable failures with backoff.
 * Throws the last error (or the abort reason when `signal` aborts).
 */
export async function withRetry<T>(call: (signal: AbortSignal) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const retries = opts.retries ?? RETRIES;
  const retryable = opts.retryable ?? isRetryable;
  const wait = opts.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    opts.signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(opts.timeoutMs ?? REQUEST_TIMEOUT_MS);
    const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
    try {
      return await call(signal);
    } catch (err) {
      opts.signal?.throwIfAborted();
      if (attempt >= retries || !retryable(err)) throw err;
      const delay = backoffMs(attempt + 1, opts.baseMs);
      opts.onRetry?.(attempt + 1, delay, err);
      await wait(delay, opts.signal);
    }
  }
}
