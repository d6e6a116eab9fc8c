/**
 * The demo world's gate (server/src/db/seed.ts, issue 6): today's event has a "VIP lounge" list
 * (re-entry after exit, VIP only) that the VIP-entrance usher scans against, labels on a few
 * tickets, and dependents of the demo customer — what a demo of the usher app shows.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { callerFor, describeIf, integrationDbReady, openTestDatabase, testDeps } from '../../../test/harness.ts';
import { DEMO_ACCOUNTS, DEMO_TODAY_EVENT_SLUG, seedDemoWorld } from '../../db/seed.ts';

const ready = await integrationDbReady();

describeIf(ready)('demo gate data', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    await seedDemoWorld(db.prisma);
  });
  afterAll(() => db?.close());

  const signInUsher = async (username: string) => {
    const anon = callerFor(deps, null);
    const event = await anon.public.events.get({ id: DEMO_TODAY_EVENT_SLUG });
    const account = DEMO_ACCOUNTS.find((a) => a.login === username)!;
    const { token } = await anon.auth.usherLogin({ eventId: event.id, username, password: account.password });
    const { validateSessionToken } = await import('../../auth/sessions.ts');
    return callerFor(deps, (await validateSessionToken(deps.db, deps.clock, token))!);
  };

  it('the VIP-entrance usher scans against the VIP lounge list; the others against the main entrance', async () => {
    const lounge = await signInUsher('usher.karim');
    const sync = await lounge.usher.sync.attendees({});
    expect(sync.checkInList).toMatchObject({ name: 'VIP lounge', entryPolicy: 'REENTRY_AFTER_EXIT' });
    const vipIds = new Set(sync.checkInList.ticketCategoryIds);
    expect(vipIds.size).toBe(1);
    expect(sync.attendees.filter((a) => vipIds.has(a.categoryId)).every((a) => a.tier === 'VIP')).toBe(true);
    // the lounge has seen nobody yet, whatever the main entrance admitted
    expect(sync.attendees.every((a) => a.entries === 0 && !a.inside)).toBe(true);

    const main = await signInUsher('usher.amira');
    const mainSync = await main.usher.sync.attendees({});
    expect(mainSync.checkInList).toMatchObject({ name: 'Main entrance', entryPolicy: 'SINGLE' });
    // admitted demo tickets are inside with one entry
    const admitted = mainSync.attendees.filter((a) => a.checkedInAt);
    expect(admitted.length).toBeGreaterThan(0);
    expect(admitted.every((a) => a.entries === 1 && a.inside)).toBe(true);
    const counts = await main.usher.events.gateCounts({ id: mainSync.eventId });
    expect(counts.total).toEqual({ admitted: admitted.length, inside: admitted.length });

    // labels and the demo customer's dependents travel with her tickets
    const mariam = mainSync.attendees.filter((a) => a.attendeeName === 'Mariam Hassan');
    expect(mariam.flatMap((a) => a.labels)).toContain('Wheelchair access');
    expect(mariam[0]!.dependents).toEqual([
      { name: 'Youssef Hassan', relationship: 'Son' },
      { name: 'Laila Hassan', relationship: 'Daughter' },
    ]);
    expect(mainSync.attendees.some((a) => a.labels.includes('Press'))).toBe(true);
  });
});
