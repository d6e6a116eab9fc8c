/**
 * The drand HTTP API client of raffle draws (ADR 0017): `GET {DRAND_URL}/{chainHash}/public/{round}`
 * (https://drand.love/developer/http-api/), answered with `{ round, randomness, signature }`.
 * The answer is NOT trusted: the draw verifies it with `verifyQuicknetBeacon` (shared/src/raffle-draw).
 */
import { QUICKNET, type QuicknetBeacon } from '@admit/shared/raffle-draw/index';

export type BeaconFetch =
  | { status: 'ok'; beacon: QuicknetBeacon }
  /** the relay does not have the round yet (404/425, or the round's time has not come) */
  | { status: 'not-yet' };

/** Thrown when the relay cannot be reached or answers garbage; the draw job retries with backoff. */
export class DrandUnavailableError extends Error {
  override name = 'DrandUnavailableError';
}

/**
 * Fetches quicknet `round` from the relay at `baseUrl` within `timeoutMs`. Returns `not-yet` for
 * a round the relay does not serve yet (HTTP 404 or 425 Too Early); throws DrandUnavailableError on
 * network errors, timeouts, other statuses and bodies that are not a beacon of that round's shape.
 */
export async function fetchQuicknetBeacon(baseUrl: string, round: number, timeoutMs: number): Promise<BeaconFetch> {
  const url = `${baseUrl}/${QUICKNET.chainHash}/public/${round}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new DrandUnavailableError(`drand relay unreachable: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (res.status === 404 || res.status === 425) return { status: 'not-yet' };
  if (!res.ok) throw new DrandUnavailableError(`drand relay answered HTTP ${res.status}`);
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new DrandUnavailableError('drand relay answered a body that is not JSON');
  }
  const b = body as Partial<Record<'round' | 'randomness' | 'signature', unknown>> | null;
  if (!b || typeof b.round !== 'number' || typeof b.randomness !== 'string' || typeof b.signature !== 'string') {
    throw new DrandUnavailableError('drand relay answered a body that is not a beacon');
  }
  return { status: 'ok', beacon: { round: b.round, randomness: b.randomness, signature: b.signature } };
}
