/**
 * The catalogue cache is an optimisation only (issue 5 "results are identical with it off"):
 * the same reads with CACHE=on and CACHE=off agree, before and after bookings, expiries and
 * events ending; availability is never stale; other changes show after `invalidateCatalogue()`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  callerFor,
  describeIf,
  type EventFixture,
  integrationDbReady,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  testDeps,
} from '../../../test/harness.ts';
import { loadConfig } from '../../config.ts';
import { invalidateCatalogue } from './catalogue-cache.ts';

const ready = await integrationDbReady();

describeIf(ready)('catalogue cache', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let on: ReturnType<typeof testDeps>;
  let off: ReturnType<typeof testDeps>;
  let small: EventFixture;
  let later: EventFixture;

  const inputs = [
    {},
    { sort: 'price' as const },
    { sort: 'title' as const, order: 'desc' as const },
    { category: 'MUSIC' as const, pageSize: 2 },
    { q: 'concert', page: 2, pageSize: 1 },
    { featured: 'false' as const, city: 'cairo' },
    { includePast: 'true' as const },
  ];

  /** every cached read through both configurations; they must agree */
  const compare = async () => {
    const a = callerFor(on, null).public.events;
    const b = callerFor(off, null).public.events;
    for (const input of inputs) expect(await a.list(input), JSON.stringify(input)).toEqual(await b.list(input));
    expect(await a.featured({ limit: 8 })).toEqual(await b.featured({ limit: 8 }));
    expect(await a.categories({})).toEqual(await b.categories({}));
    return a;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    on = testDeps(db, { CACHE: 'on' });
    // same database, same clock, cache off
    off = { ...on, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', CACHE: 'off' }) };
    expect(on.config.cache && !off.config.cache).toBe(true);
    small = await makeEvent(on, { quota: 2, vipQuota: 1, priceMinor: 1000 });
    later = await makeEvent(on, { startsInMinutes: 600, priceMinor: 2000 });
    await makeEvent(on, { startsInMinutes: 24 * 60 });
    await on.db.event.update({ where: { id: later.eventId }, data: { featured: true } });
    invalidateCatalogue();
  });
  afterAll(() => db?.close());

  it('gives the same answers with the cache on and off', async () => {
    await compare();
    await compare(); // now from the cache
  });

  it('shows a booking at once (availability is never cached)', async () => {
    const api = await compare();
    const before = (await api.list({})).items.find((e) => e.id === small.eventId)!;
    expect(before.soldOut).toBe(false);
    const customer = await makeCustomer(on);
    const buy = callerFor(on, customer.actor).customer.tickets;
    await buy.book({ eventId: small.eventId, ticketCategoryId: small.standardId, quantity: 2 });
    await buy.book({ eventId: small.eventId, ticketCategoryId: small.vipId, quantity: 1 });
    const after = (await api.list({})).items.find((e) => e.id === small.eventId)!;
    expect(after.soldOut).toBe(true);
    await compare();

    // the holds lapse: availability returns, still identical
    const { expired } = await callerFor(on, null).dev.advanceClock({ minutes: on.config.holdMinutes + 1 });
    expect(expired).toBe(2);
    expect((await api.list({})).items.find((e) => e.id === small.eventId)!.soldOut).toBe(false);
    await compare();
  });

  it('drops an event the moment it ends, even within the cache lifetime', async () => {
    // ends in 15 s (events last 6 h), well inside the cache's 30 s
    const ending = await makeEvent(on, { startsInMinutes: -6 * 60 + 0.25 });
    const api = await compare();
    expect((await api.list({})).items.map((e) => e.id)).toContain(ending.eventId);
    on.clock.advance(20_000);
    expect((await api.list({})).items.map((e) => e.id)).not.toContain(ending.eventId);
    await compare();
  });

  it('keeps other fields until the change is announced with invalidateCatalogue()', async () => {
    const api = await compare();
    await on.db.event.update({ where: { id: later.eventId }, data: { title: 'Renamed without telling' } });
    // cached: the old title (this is what the invalidation hook is for)
    expect((await api.featured({ limit: 8 })).map((e) => e.title)).not.toContain('Renamed without telling');
    invalidateCatalogue();
    expect((await api.featured({ limit: 8 })).map((e) => e.title)).toContain('Renamed without telling');
    await compare();
  });
});
