/**
 * In-process cache of the public catalogue reads (issue 5 "Caching where reads dominate"): event
 * listing, featured, categories. The cache is an optimisation only — every answer is the one the
 * database would give at that moment (`CACHE=off` turns it off; catalogue-cache.int.test.ts
 * compares both):
 *
 * - Availability is never cached. Summaries carry `soldOut`, which bookings, expiries,
 *   cancellations and payments change many times a minute (and on other instances, which an
 *   in-process invalidation cannot reach): a cache hit re-reads quota/reserved of the listed
 *   events in one indexed query (`freshSoldOut`). So booking paths need no invalidation.
 * - Time is respected: the public reads hide events that have ended (`endsAt >= now`), so an
 *   entry lives until the next event in the catalogue ends, at most TTL_MS; a clock moved back
 *   (dev/test clock reset) misses.
 * - Everything else (titles, dates, prices, categories, status, featured) changes only when an
 *   event or its ticket categories change: whoever changes them calls `invalidateCatalogue()`.
 *   Today that is the test fixtures; the organizer event editor will call it on save. Other
 *   instances see such a change within TTL_MS.
 *
 * Entries are per database handle (a WeakMap), keyed by the normalised (parsed) input, at most
 * MAX_ENTRIES per database (oldest evicted first).
 */
import type { Db } from '../../db/connection.ts';
import type { Deps } from '../../deps.ts';

export const TTL_MS = 30_000;
const MAX_ENTRIES = 500;

interface Entry {
  value: unknown;
  createdAt: number;
  expiresAt: number;
  generation: number;
}

const caches = new WeakMap<object, Map<string, Entry>>();
let generation = 0;

/** Drops every cached catalogue answer (call after changing events, ticket categories or quotas). */
export function invalidateCatalogue(): void {
  generation++;
}

/** When the next listed event ends: answers computed now stay right until then. */
async function nextEndingAt(db: Db, now: Date): Promise<number> {
  const next = await db.event.findFirst({
    where: { status: 'PUBLISHED', endsAt: { gte: now } },
    orderBy: { endsAt: 'asc' },
    select: { endsAt: true },
  });
  return next ? next.endsAt.getTime() : Number.POSITIVE_INFINITY;
}

/**
 * The cached answer for `key`, or `load()`'s (then cached). `refresh` runs on a hit to overlay
 * the fields that are never cached (availability).
 */
export async function cachedCatalogue<T>(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  key: string,
  load: () => Promise<T>,
  refresh: (cached: T) => Promise<T>,
): Promise<T> {
  if (!deps.config.cache) return load();
  let cache = caches.get(deps.db);
  if (!cache) {
    cache = new Map();
    caches.set(deps.db, cache);
  }
  const now = deps.clock.now();
  const t = now.getTime();
  const hit = cache.get(key);
  if (hit && hit.generation === generation && t >= hit.createdAt && t < hit.expiresAt) {
    return refresh(hit.value as T);
  }
  const started = generation;
  const [value, boundary] = await Promise.all([load(), nextEndingAt(deps.db, now)]);
  // an invalidation while loading: the value may predate the change, do not keep it
  if (started === generation) {
    cache.delete(key);
    cache.set(key, { value, createdAt: t, expiresAt: Math.min(t + TTL_MS, boundary), generation });
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return value;
}

/** `soldOut` of each listed event, read now. */
export async function freshSoldOut<E extends { id: string; soldOut: boolean }>(
  deps: Pick<Deps, 'db'>,
  events: E[],
): Promise<E[]> {
  if (events.length === 0) return events;
  const categories = await deps.db.ticketCategory.findMany({
    where: { eventId: { in: events.map((e) => e.id) } },
    select: { eventId: true, quota: true, reserved: true },
  });
  const byEvent = new Map<string, { quota: number; reserved: number }[]>();
  for (const c of categories) byEvent.set(c.eventId, [...(byEvent.get(c.eventId) ?? []), c]);
  return events.map((e) => {
    const cs = byEvent.get(e.id) ?? [];
    return { ...e, soldOut: cs.length > 0 && cs.every((c) => c.reserved >= c.quota) };
  });
}
