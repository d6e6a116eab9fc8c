/** The demo world: believable, consistent, idempotent. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { callerFor, describeIf, integrationDbReady, openTestDatabase, testDeps } from '../../test/harness.ts';
import { DEMO_ACCOUNTS, DEMO_TODAY_EVENT_SLUG, seedDemoWorld } from './seed.ts';

const ready = await integrationDbReady();

describeIf(ready)('demo seed', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
  });
  afterAll(() => db?.close());

  it('builds the world once and is idempotent', async () => {
    expect(await seedDemoWorld(db.prisma)).toEqual({ created: true });
    const counts = async () =>
      Promise.all([
        db.prisma.user.count(),
        db.prisma.event.count(),
        db.prisma.ticket.count(),
        db.prisma.checkIn.count(),
      ]);
    const first = await counts();
    expect(await seedDemoWorld(db.prisma)).toEqual({ created: false });
    expect(await counts()).toEqual(first);
  });

  it('has ≥ 30 events across categories, zones, featured, past and sold-out ones', async () => {
    const events = await db.prisma.event.findMany({ include: { venue: true, ticketCategories: true } });
    expect(events.length).toBeGreaterThanOrEqual(30);
    expect(new Set(events.map((e) => e.category)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(events.map((e) => e.venue.timeZone)).size).toBeGreaterThanOrEqual(5);
    expect(events.filter((e) => e.featured).length).toBeGreaterThanOrEqual(3);
    const now = new Date();
    expect(events.filter((e) => e.endsAt < now).length).toBeGreaterThanOrEqual(3);
    const soldOut = events.filter(
      (e) => e.endsAt > now && e.ticketCategories.length > 0 && e.ticketCategories.every((c) => c.reserved >= c.quota),
    );
    expect(soldOut.length).toBeGreaterThanOrEqual(2);
    const featured = await callerFor(deps, null).public.events.featured({});
    expect(featured.length).toBeGreaterThan(0);
  });

  it('keeps every quota counter equal to the tickets held and sold', async () => {
    const rows = await db.prisma.ticketCategory.findMany({
      select: {
        reserved: true,
        quota: true,
        orderLines: { where: { order: { status: { in: ['PENDING', 'PAID'] } } }, select: { quantity: true } },
      },
    });
    for (const c of rows) {
      expect(c.reserved).toBe(c.orderLines.reduce((n, l) => n + l.quantity, 0));
      expect(c.reserved).toBeLessThanOrEqual(c.quota);
    }
  });

  it('lets the demo usher sign in to today’s event and the demo customer start a sign-in', async () => {
    const anon = callerFor(deps, null);
    const event = await anon.public.events.get({ id: DEMO_TODAY_EVENT_SLUG });
    const usher = DEMO_ACCOUNTS.find((a) => a.role === 'USHER')!;
    const session = await anon.auth.usherLogin({ eventId: event.id, username: usher.login, password: usher.password });
    expect(session.eventId).toBe(event.id);
    const customer = DEMO_ACCOUNTS.find((a) => a.role === 'CUSTOMER')!;
    expect((await anon.auth.login({ mobile: customer.login, password: customer.password })).purpose).toBe('LOGIN');
  });
});
