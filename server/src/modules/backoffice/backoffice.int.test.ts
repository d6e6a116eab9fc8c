/**
 * Admin back office for people, dashboard, analytics and check-in logs (issue 7; seed 003 Plan 2
 * Phases 2, 5, 7, 9): exact dashboard numbers on a known fixture, UTC bucketing, account
 * creation with field errors, delete refusals, SUPPORT read-only, CSV over HTTP.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  buyTickets,
  callerFor,
  describeIf,
  type EventFixture,
  expectLedgerConsistent,
  integrationDbReady,
  makeCustomer,
  makeEvent,
  makeUsher,
  openTestDatabase,
  signIn,
  startTestServer,
  testDeps,
} from '../../../test/harness.ts';
import { hashPassword } from '../../auth/password.ts';
import { appErrorOf } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { accounts, post } from '../ledger/ledger.ts';
import { bucketStart } from './analytics.service.ts';
import { deleteUser } from './people.service.ts';

const ready = await integrationDbReady();

/** tRPC code and field errors of a failed call */
async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    const zod = err.cause instanceof ZodError ? err.cause : undefined;
    const fields = zod
      ? Object.fromEntries(zod.issues.map((i) => [i.path.join('.'), i.message]))
      : (appErrorOf(err)?.details ?? {});
    return { code: err.code, fields };
  }
  throw new Error('expected the call to fail');
}

describeIf(ready)('admin back office: people, dashboard, analytics', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let ev: EventFixture;
  const admins = {} as Record<'SUPER_ADMIN' | 'ADMIN' | 'SUPPORT', Actor>;
  const api = (level: keyof typeof admins) => callerFor(deps, admins[level]);

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    const passwordHash = await hashPassword('admin12345');
    for (const level of ['SUPER_ADMIN', 'ADMIN', 'SUPPORT'] as const) {
      const u = await deps.db.user.create({
        data: {
          role: 'ADMIN',
          adminLevel: level,
          email: `${level.toLowerCase()}@bo.test`,
          firstName: level,
          lastName: 'Admin',
          passwordHash,
        },
      });
      admins[level] = (await signIn(deps, u.id)).actor;
    }
  });
  afterAll(() => db?.close());

  it('dashboard stats match a known fixture (ledger money, UTC today)', async () => {
    ev = await makeEvent(deps); // published, started an hour ago: "today"
    await makeEvent(deps, { startsInMinutes: 3 * 24 * 60 }); // upcoming
    const alice = await makeCustomer(deps, { firstName: 'Alice' });
    await makeCustomer(deps, { firstName: 'Bob' });
    await deps.db.user.create({
      data: {
        role: 'CUSTOMER',
        mobile: '+201099990000',
        firstName: 'Old',
        lastName: 'Timer',
        passwordHash: 'x',
        createdAt: new Date(deps.clock.now().getTime() - 40 * 86_400_000),
      },
    });
    const tickets = await buyTickets(deps, alice.actor, ev, 2); // 2 × 450.00 EGP, 5 % fee
    const usher = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    await callerFor(deps, usher.actor).usher.scan.result({ qr: tickets[0]!.qrPayload });
    await deps.db.refundRequest.create({
      data: {
        orderId: (await deps.db.ticket.findUniqueOrThrow({ where: { id: tickets[1]!.id } })).orderId,
        customerId: alice.user.id,
        ticketIds: [tickets[1]!.id],
        eventId: ev.eventId,
        reason: 'Cannot come',
        amountMinor: 45_000,
        currency: 'EGP',
      },
    });
    const card = await deps.db.nfcCard.create({ data: { uid: '04AA000000B001', customerId: alice.user.id } });
    await deps.db.nfcCard.create({ data: { uid: '04AA000000B002' } });
    await deps.db.nfcCard.create({ data: { uid: '04AA000000B003', status: 'BLOCKED' } });
    await deps.db.$transaction((tx) =>
      post(tx, {
        kind: 'CARD_RELOAD',
        idempotencyKey: `test-reload:${card.id}`,
        description: 'reload',
        occurredAt: deps.clock.now(),
        entries: [
          { account: accounts.clearing('EGP'), amountMinor: 5_000 },
          { account: accounts.cardBalance(card.id, 'EGP'), amountMinor: -5_000 },
        ],
      }),
    );

    const stats = await api('SUPPORT').admin.dashboard.stats({});
    expect(stats).toMatchObject({
      customers: { total: 3, new7d: 2, new30d: 2 },
      events: { publishedUpcoming: 1, today: 1, drafts: 0 },
      tickets: { sold: 2, sold30d: 2 },
      revenue: [{ currency: 'EGP', grossMinor: 90_000, feesMinor: 4_500, refundsMinor: 0 }],
      refunds: { succeeded: 0, pending: 0 },
      cards: { active: 2, balances: [{ currency: 'EGP', amountMinor: 5_000 }] },
      checkInsToday: 1,
      pending: { refundRequests: 1, editRequests: 0, cardRequests: 0 },
    });

    const cards = await api('SUPPORT').admin.analytics.cards({});
    expect(cards.byStatus).toEqual([
      { status: 'ACTIVE', count: 2 },
      { status: 'BLOCKED', count: 1 },
      { status: 'LOST', count: 0 },
      { status: 'REPLACED', count: 0 },
    ]);
    expect(cards.allocation).toEqual({ unallocated: 1, inMerchantStock: 0, assigned: 1 });
    const categories = await api('SUPPORT').admin.analytics.eventCategories({});
    expect(categories.categories.find((c) => c.category === 'MUSIC')).toEqual({
      category: 'MUSIC',
      events: 2,
      publishedEvents: 2,
      ticketsSold: 2,
      revenue: [{ currency: 'EGP', amountMinor: 90_000 }],
    });
    await expectLedgerConsistent(deps);
  });

  it('buckets revenue and sign-ups by UTC day, ISO week and month', async () => {
    // Sunday 23:59:59.999 UTC and Monday 00:00 UTC fall in different days and weeks
    const sunday = new Date('2026-03-01T23:59:59.999Z');
    const monday = new Date('2026-03-02T00:00:00.000Z');
    const usd = await makeEvent(deps, { startsInMinutes: -30 * 24 * 60 });
    for (const [i, at] of [sunday, monday].entries()) {
      await deps.db.$transaction((tx) =>
        post(tx, {
          kind: 'PAYMENT',
          idempotencyKey: `test-bucket:${i}`,
          description: 'bucket test',
          occurredAt: at,
          entries: [
            { account: accounts.clearing('USD'), amountMinor: 1_000 * (i + 1) },
            { account: accounts.feeRevenue('USD'), amountMinor: -100 * (i + 1) },
            { account: accounts.organizerPayable(usd.organizerId, usd.eventId, 'USD'), amountMinor: -900 * (i + 1) },
          ],
        }),
      );
      await deps.db.user.create({
        data: { role: i ? 'MERCHANT' : 'CUSTOMER', firstName: 'B', lastName: `${i}`, passwordHash: 'x', createdAt: at },
      });
    }
    const range = { from: new Date('2026-02-28T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z') };
    const byDay = await api('ADMIN').admin.analytics.revenue({ ...range, granularity: 'day' });
    expect(byDay.currencies).toEqual(['USD']);
    expect(byDay.buckets.map((b) => [b.start.toISOString().slice(0, 10), b.grossMinor, b.feesMinor])).toEqual([
      ['2026-02-28', 0, 0],
      ['2026-03-01', 1_000, 100],
      ['2026-03-02', 2_000, 200],
      ['2026-03-03', 0, 0],
    ]);
    const byWeek = await api('ADMIN').admin.analytics.revenue({ ...range, granularity: 'week' });
    expect(byWeek.buckets.map((b) => [b.start.toISOString(), b.grossMinor])).toEqual([
      ['2026-02-23T00:00:00.000Z', 1_000],
      ['2026-03-02T00:00:00.000Z', 2_000],
    ]);
    const byMonth = await api('ADMIN').admin.analytics.revenue({ ...range, granularity: 'month' });
    expect(byMonth.buckets.map((b) => [b.start.toISOString(), b.grossMinor])).toEqual([
      ['2026-02-01T00:00:00.000Z', 0],
      ['2026-03-01T00:00:00.000Z', 3_000],
    ]);
    expect(byMonth.totals).toEqual([{ currency: 'USD', grossMinor: 3_000, feesMinor: 300, refundsMinor: 0 }]);

    const users = await api('ADMIN').admin.analytics.users({ ...range, granularity: 'day' });
    expect(
      users.buckets.map((b) => [b.signUps, b.byRole.CUSTOMER, b.byRole.MERCHANT, b.cumulative - users.before]),
    ).toEqual([
      [0, 0, 0, 0],
      [1, 1, 0, 1],
      [1, 0, 1, 2],
      [0, 0, 0, 2],
    ]);
    expect(bucketStart(new Date('2026-03-08T23:00:00Z'), 'week').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(
      await failure(api('ADMIN').admin.analytics.revenue({ from: new Date('2020-01-01'), to: new Date('2026-01-01') })),
    ).toMatchObject({ code: 'BAD_REQUEST', fields: { from: [expect.stringContaining('400')] } });
    expect(await failure(api('ADMIN').admin.analytics.users({ from: range.to, to: range.from }))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: { to: expect.any(String) },
    });
    await expectLedgerConsistent(deps);
  });

  it('creates organizers, merchants and ushers with field errors for taken identifiers', async () => {
    const admin = api('ADMIN');
    const merchant = await admin.admin.users.create({
      role: 'MERCHANT',
      firstName: 'Mona',
      lastName: 'Said',
      mobile: '+201055500001',
      password: 'merchant-pass-1',
      businessName: 'Mona’s Kiosk',
      city: 'Cairo',
    });
    expect(merchant).toMatchObject({ role: 'MERCHANT', status: 'ACTIVE', mobile: '+201055500001' });
    expect(await deps.db.merchantProfile.findUnique({ where: { userId: merchant.id } })).toMatchObject({
      businessName: 'Mona’s Kiosk',
    });
    const dup = await failure(
      admin.admin.users.create({
        role: 'ORGANIZER',
        firstName: 'O',
        lastName: 'P',
        mobile: '+201055500001',
        password: 'organizer-pass',
        organizerId: ev.organizerId,
      }),
    );
    expect(dup).toEqual({ code: 'CONFLICT', fields: { mobile: ['Already in use'] } });

    const organizer = await admin.admin.users.create({
      role: 'ORGANIZER',
      firstName: 'Nour',
      lastName: 'Adel',
      mobile: '+201055500002',
      password: 'organizer-pass',
      organization: { name: 'Nile Nights', contactEmail: 'hello@nile.test', contactPhone: '+201055500003' },
    });
    expect(organizer.organizer?.name).toBe('Nile Nights');
    expect(
      await failure(
        admin.admin.users.create({
          role: 'ORGANIZER',
          firstName: 'X',
          lastName: 'Y',
          mobile: '+201055500009',
          password: 'organizer-pass',
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', fields: { organizerId: expect.any(String) } });

    const usher = await admin.admin.users.create({
      role: 'USHER',
      firstName: 'Karim',
      lastName: 'Fahmy',
      username: 'Usher.Karim',
      password: 'usher-pass-1',
      organizerId: ev.organizerId,
      eventId: ev.eventId,
      gateId: ev.gateIds[1],
    });
    expect(usher).toMatchObject({ role: 'USHER', username: 'usher.karim', organizerId: ev.organizerId });
    expect(
      await failure(
        admin.admin.users.create({
          role: 'USHER',
          firstName: 'K',
          lastName: 'F',
          username: 'usher.karim',
          password: 'usher-pass-1',
          organizerId: ev.organizerId,
        }),
      ),
    ).toEqual({ code: 'CONFLICT', fields: { username: ['Already in use'] } });
    const other = await makeEvent(deps);
    expect(
      await failure(
        admin.admin.users.create({
          role: 'USHER',
          firstName: 'K',
          lastName: 'F',
          username: 'usher.other',
          password: 'usher-pass-1',
          organizerId: ev.organizerId,
          eventId: other.eventId,
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', fields: { eventId: expect.any(Array) } });
    expect(await deps.db.user.count({ where: { username: 'usher.other' } })).toBe(0);

    // assignments: list, add at another event of the organizer, refuse a duplicate, remove
    const ushers = await api('SUPPORT').admin.ushers.list({ eventId: ev.eventId });
    const row = ushers.items.find((u) => u.id === usher.id)!;
    expect(row.assignments).toEqual([expect.objectContaining({ gate: expect.objectContaining({ name: 'Gate B' }) })]);
    expect(await failure(admin.admin.ushers.assignments.create({ id: usher.id, eventId: ev.eventId }))).toEqual({
      code: 'CONFLICT',
      fields: { eventId: ['Already assigned to this event'] },
    });
    const removed = await admin.admin.ushers.assignments.remove({ id: usher.id, assignmentId: row.assignments[0]!.id });
    expect(removed.assignments).toEqual([]);
    expect(
      await failure(admin.admin.ushers.assignments.remove({ id: usher.id, assignmentId: row.assignments[0]!.id })),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });

    // update: fields of another role are refused; merchant business details change
    expect(await failure(admin.admin.users.update({ id: usher.id, mobile: '+201055500010' }))).toMatchObject({
      code: 'BAD_REQUEST',
      fields: { mobile: expect.any(Array) },
    });
    await admin.admin.users.update({ id: merchant.id, businessName: 'Mona & Co', firstName: 'Muna' });
    const merchants = await api('SUPPORT').admin.merchants.list({ q: 'mona & co' });
    expect(merchants.items).toEqual([
      expect.objectContaining({ id: merchant.id, businessName: 'Mona & Co', firstName: 'Muna', cardsInStock: 0 }),
    ]);
    const organizers = await api('SUPPORT').admin.organizers.list({ q: 'nile' });
    expect(organizers.items).toEqual([expect.objectContaining({ name: 'Nile Nights', staff: 1, events: 0 })]);
    const withSales = await api('SUPPORT').admin.organizers.list({
      q: ev.organizerId.slice(0, 0) || undefined,
      sort: 'events',
    });
    expect(withSales.items.find((o) => o.id === ev.organizerId)).toMatchObject({
      ticketsSold: 2,
      ushers: 2,
      revenue: [{ currency: 'EGP', amountMinor: 90_000 }],
    });
  });

  it('soft-deletes accounts and refuses oneself, the last super-admin and admins for non-super-admins', async () => {
    const victim = await makeCustomer(deps, { firstName: 'Del' });
    const deleted = await api('ADMIN').admin.users.delete({ id: victim.user.id });
    expect(deleted).toMatchObject({ status: 'DISABLED', activeSessions: 0 });
    expect(await deps.db.user.count({ where: { id: victim.user.id } })).toBe(1);

    expect(await failure(api('SUPER_ADMIN').admin.users.delete({ id: admins.SUPER_ADMIN.user.id }))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await failure(api('ADMIN').admin.users.delete({ id: admins.SUPPORT.user.id }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    // the only active super-admin: a (no longer active) super-admin acting on it is refused
    const ghost = await deps.db.user.create({
      data: {
        role: 'ADMIN',
        adminLevel: 'SUPER_ADMIN',
        status: 'DISABLED',
        email: 'ghost@bo.test',
        firstName: 'G',
        lastName: 'H',
        passwordHash: 'x',
      },
    });
    const ghostActor = { ...admins.SUPER_ADMIN, user: { ...admins.SUPER_ADMIN.user, id: ghost.id } };
    await expect(
      deleteUser({ ...deps, realtime: [] }, ghostActor, admins.SUPER_ADMIN.user.id, {}),
    ).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    expect((await deps.db.user.findUniqueOrThrow({ where: { id: admins.SUPER_ADMIN.user.id } })).status).toBe('ACTIVE');
  });

  it('lists customers with spend, updates and disables them; SUPPORT reads only', async () => {
    const carol = await makeCustomer(deps, { firstName: 'Carol' });
    await buyTickets(deps, carol.actor, ev, 1);
    const list = await api('SUPPORT').admin.customers.list({ q: 'carol' });
    expect(list.items).toEqual([
      expect.objectContaining({ id: carol.user.id, ordersCount: 1, spend: [{ currency: 'EGP', amountMinor: 45_000 }] }),
    ]);
    const byOrders = await api('SUPPORT').admin.customers.list({ sort: 'orders', order: 'desc', pageSize: 2 });
    expect(byOrders.items.map((c) => c.ordersCount)).toEqual([1, 1]);
    expect(byOrders.total).toBeGreaterThan(3);

    const detail = await api('SUPPORT').admin.customers.get({ id: carol.user.id });
    expect(detail.orders).toHaveLength(1);
    expect(detail.tickets).toEqual([expect.objectContaining({ event: expect.objectContaining({ id: ev.eventId }) })]);
    expect(await failure(api('SUPPORT').admin.customers.get({ id: admins.ADMIN.user.id }))).toMatchObject({
      code: 'NOT_FOUND',
    });

    expect(
      await failure(api('SUPPORT').admin.customers.update({ id: carol.user.id, status: 'DISABLED' })),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await failure(
        api('SUPPORT').admin.users.create({
          role: 'MERCHANT',
          firstName: 'a',
          lastName: 'b',
          mobile: '+201055500077',
          password: 'merchant-pass',
          businessName: 'Shop',
        }),
      ),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    const updated = await api('ADMIN').admin.customers.update({
      id: carol.user.id,
      status: 'DISABLED',
      lastName: 'Nabil',
      emergencyContact: '+201000000055',
    });
    expect(updated).toMatchObject({
      status: 'DISABLED',
      lastName: 'Nabil',
      emergencyContact: '+201000000055',
      activeSessions: 0,
    });
    expect(await deps.db.session.count({ where: { userId: carol.user.id } })).toBe(0);
    expect(
      await deps.db.auditLog.count({
        where: { targetId: carol.user.id, action: { in: ['customer.updated', 'user.disabled'] } },
      }),
    ).toBe(2);
    expect(
      await failure(
        api('ADMIN').admin.customers.list({
          registeredFrom: new Date('2026-02-01'),
          registeredTo: new Date('2026-01-01'),
        }),
      ),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      fields: { registeredTo: expect.any(String) },
    });
  });

  it('serves check-in logs with filters and every list as CSV over HTTP', async () => {
    const logs = await api('SUPPORT').admin.logs.checkin({ eventId: ev.eventId, result: 'VALID' });
    expect(logs.total).toBe(1);
    expect(logs.items[0]).toMatchObject({ event: { id: ev.eventId }, gate: { name: 'Gate A' }, result: 'VALID' });
    expect((await api('SUPPORT').admin.logs.checkin({ conflictsOnly: 'true' })).total).toBe(0);

    const server = await startTestServer(deps);
    try {
      const support = (await signIn(deps, admins.SUPPORT.user.id)).token;
      const get = (path: string, token?: string) =>
        fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      for (const [path, header] of [
        ['/api/customers/export.csv?q=carol', 'id,first_name,last_name,mobile'],
        ['/api/organizers/export.csv', 'id,name,contact_email'],
        ['/api/merchants/export.csv', 'id,business_name'],
        ['/api/ushers/export.csv', 'id,username'],
        [`/api/logs/checkin/export.csv?eventId=${ev.eventId}`, 'scanned_at,recorded_at,event'],
      ] as const) {
        const res = await get(path, support);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
        const text = await res.text();
        expect(text.startsWith(header), path).toBe(true);
        expect(text.trim().split('\n').length, path).toBeGreaterThan(1);
      }
      expect((await get('/api/customers/export.csv')).status).toBe(401);
      expect((await get('/api/logs/checkin/export.csv?from=2026-02-01&to=2026-01-01', support)).status).toBe(400);
      const stats = await get('/api/dashboard/stats/', support);
      expect(stats.status).toBe(200);
      expect(await stats.json()).toMatchObject({ customers: { total: expect.any(Number) } });
      const revenue = await get('/api/analytics/revenue/?from=2026-03-01&to=2026-03-03&granularity=day', support);
      expect((await revenue.json()).buckets).toHaveLength(2);
      const del = await fetch(`${server.url}/api/users/${admins.ADMIN.user.id}/`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${support}` },
      });
      expect(del.status).toBe(403);
    } finally {
      await server.close();
    }
  });
});
