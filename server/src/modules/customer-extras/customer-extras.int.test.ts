/**
 * The customer extras (seed 003 Plan 1 Phases 3 and 6) through `appRouter.createCaller` and the
 * REST paths: profile edit with field errors, dependents CRUD with ownership, idempotent
 * favourites of published events only, and personal analytics.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buyOrder,
  buyTickets,
  callerFor,
  describeIf,
  expectLedgerConsistent,
  integrationDbReady,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  signIn,
  startTestServer,
  testDeps,
} from '../../../test/harness.ts';
import { appErrorOf } from '../../errors.ts';
import { lastTwelveMonths } from './analytics.service.ts';

const ready = await integrationDbReady();

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    const app = appErrorOf(err);
    const fieldErrors = (err as { cause?: { issues?: { path: string[] }[] } }).cause?.issues?.map((i) =>
      i.path.join('.'),
    );
    return { code: (err as { code?: string }).code, details: app?.details, fieldErrors };
  }
  throw new Error('expected a failure');
}

describeIf(ready)('customer extras', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
  });
  afterAll(() => db?.close());

  it('profile: reads and updates the editable fields; e-mail unique; bad input changes nothing', async () => {
    const layla = await makeCustomer(deps, { firstName: 'Layla' });
    const other = await makeCustomer(deps, { firstName: 'Other' });
    await deps.db.user.update({ where: { id: other.user.id }, data: { email: 'taken@admit.test' } });
    const api = callerFor(deps, layla.actor);
    expect(await api.customer.profile.get({})).toMatchObject({
      firstName: 'Layla',
      emergencyContact: '+201112223334',
      bloodType: 'O+',
      email: null,
      emailVerified: false,
    });
    const updated = await api.customer.profile.update({
      firstName: 'Laila',
      email: 'Laila@Example.com',
      bloodType: 'AB-',
      emergencyContact: 'Mother +201000000002',
      photoUrl: 'https://cdn.example.com/me.jpg',
    });
    expect(updated).toMatchObject({
      firstName: 'Laila',
      lastName: 'Hassan',
      email: 'laila@example.com',
      bloodType: 'AB-',
      emergencyContact: 'Mother +201000000002',
      photoUrl: 'https://cdn.example.com/me.jpg',
    });
    // GET /v1/users/me/ (a new request, so a freshly validated session) shows the same names
    const fresh = callerFor(deps, (await signIn(deps, layla.user.id)).actor);
    expect(await fresh.customer.me({})).toMatchObject({ firstName: 'Laila', email: 'laila@example.com' });

    expect(await failure(api.customer.profile.update({ email: 'TAKEN@admit.test' }))).toMatchObject({
      code: 'CONFLICT',
      details: { email: ['Already in use'] },
    });
    expect(await failure(api.customer.profile.update({ bloodType: 'C+' as never, firstName: '' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await failure(api.customer.profile.update({ photoUrl: 'javascript:alert(1)' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await api.customer.profile.get({})).toMatchObject({ firstName: 'Laila', bloodType: 'AB-' });
    // empty strings clear the optional fields
    expect(await api.customer.profile.update({ bloodType: '', emergencyContact: '', email: '' })).toMatchObject({
      bloodType: null,
      emergencyContact: null,
      email: null,
    });
  });

  it('dependents: list, add, edit, delete; another customer’s dependent is NOT_FOUND and unchanged', async () => {
    const a = await makeCustomer(deps);
    const b = await makeCustomer(deps);
    const api = callerFor(deps, a.actor);
    const bApi = callerFor(deps, b.actor);
    expect(await api.customer.dependents.list({})).toEqual({ items: [] });
    const kid = await api.customer.dependents.create({
      firstName: 'Yassin',
      lastName: 'Hassan',
      relationship: 'Son',
      dateOfBirth: '2015-03-09',
    });
    expect(kid).toMatchObject({ relationship: 'Son', dateOfBirth: '2015-03-09' });
    expect(
      await failure(
        api.customer.dependents.create({ firstName: 'X', lastName: 'Y', relationship: '', dateOfBirth: '2999-01-01' }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      await api.customer.dependents.update({ id: kid.id, relationship: 'Nephew', dateOfBirth: null }),
    ).toMatchObject({ relationship: 'Nephew', dateOfBirth: null, firstName: 'Yassin' });
    await expect(bApi.customer.dependents.update({ id: kid.id, firstName: 'Hacked' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(bApi.customer.dependents.delete({ id: kid.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await api.customer.dependents.list({})).items).toEqual([
      expect.objectContaining({ id: kid.id, firstName: 'Yassin' }),
    ]);
    expect(await bApi.customer.dependents.list({})).toEqual({ items: [] });
    expect(await api.customer.dependents.delete({ id: kid.id })).toEqual({ ok: true });
    await expect(api.customer.dependents.delete({ id: kid.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('favourites: published events only, idempotent add and remove', async () => {
    const c = await makeCustomer(deps);
    const api = callerFor(deps, c.actor);
    const ev = await makeEvent(deps, { startsInMinutes: 3 * 24 * 60 });
    const draft = await makeEvent(deps);
    await deps.db.event.update({ where: { id: draft.eventId }, data: { status: 'DRAFT' } });

    expect(await api.customer.favorites.get({ eventId: ev.eventId })).toEqual({ eventId: ev.eventId, favorite: false });
    expect(await api.customer.favorites.add({ eventId: ev.eventId })).toEqual({ eventId: ev.eventId, favorite: true });
    expect(await api.customer.favorites.add({ eventId: ev.eventId })).toEqual({ eventId: ev.eventId, favorite: true });
    expect(await failure(api.customer.favorites.add({ eventId: draft.eventId }))).toMatchObject({
      code: 'NOT_FOUND',
      details: { eventId: ['No published event with this id'] },
    });
    const page = await api.customer.favorites.list({ page: 1, pageSize: 10 });
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ event: { id: ev.eventId, status: 'PUBLISHED', city: 'Cairo' } });
    expect(await api.customer.favorites.get({ eventId: ev.eventId })).toMatchObject({ favorite: true });
    expect(await api.customer.favorites.remove({ eventId: ev.eventId })).toMatchObject({ favorite: false });
    expect(await api.customer.favorites.remove({ eventId: ev.eventId })).toMatchObject({ favorite: false });
    expect((await api.customer.favorites.list({ page: 1, pageSize: 10 })).total).toBe(0);
  });

  it('analytics: totals per currency, attended and upcoming events, card balances, spend by month', async () => {
    const c = await makeCustomer(deps);
    const api = callerFor(deps, c.actor);
    const empty = await api.customer.analytics({});
    expect(empty).toMatchObject({ orders: 0, tickets: 0, spent: [], cardBalance: [], favouriteCategory: null });
    expect(empty.spendByMonth.map((m) => m.month)).toEqual(lastTwelveMonths(deps.clock.now()));

    const past = await makeEvent(deps); // started an hour ago
    const future = await makeEvent(deps, { startsInMinutes: 7 * 24 * 60 });
    const [t1] = await buyTickets(deps, c.actor, past, 2);
    await buyOrder(deps, c.actor, future, 1);
    await deps.db.ticket.update({ where: { id: t1!.id }, data: { checkedInAt: deps.clock.now(), entries: 1 } });
    // an NFC card with EGP 120.00 on it (its ledger account is credit-normal)
    const card = await deps.db.nfcCard.create({
      data: { uid: '04AABBCCDDEE01', customerId: c.user.id, assignedAt: deps.clock.now() },
    });
    await deps.db.ledgerAccount.create({
      data: {
        code: `card:${card.id}:balance`,
        name: 'card',
        type: 'LIABILITY',
        currency: 'EGP',
        nfcCardId: card.id,
        balanceMinor: -12_000n,
      },
    });

    const stats = await api.customer.analytics({});
    expect(stats).toMatchObject({
      orders: 2,
      tickets: 3,
      eventsAttended: 1,
      upcomingEvents: 1,
      raffleEntries: 0,
      spent: [{ currency: 'EGP', amountMinor: 3 * 45_000 }],
      refunded: [],
      favouriteCategory: 'MUSIC',
      cardBalance: [{ currency: 'EGP', amountMinor: 12_000 }],
      cards: 1,
    });
    const thisMonth = deps.clock.now().toISOString().slice(0, 7);
    expect(stats.spendByMonth.at(-1)).toEqual({
      month: thisMonth,
      totals: [{ currency: 'EGP', amountMinor: 135_000 }],
    });
    expect(stats.spendByMonth).toHaveLength(12);
    // the hand-made card account above is not a ledger posting: remove it before the ledger check
    await deps.db.ledgerAccount.delete({ where: { code: `card:${card.id}:balance` } });
    await expectLedgerConsistent(deps);
  });

  it('the REST paths of seed 003 Plan 1 answer with the same data', async () => {
    const server = await startTestServer(deps);
    try {
      const c = await makeCustomer(deps, { firstName: 'Rest' });
      const ev = await makeEvent(deps, { startsInMinutes: 3 * 24 * 60 });
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${server.url}/api${path}`, {
          method,
          headers: {
            authorization: `Bearer ${c.token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      expect(await call('PUT', '/v1/users/profile/', { lastName: 'Api', bloodType: 'B+' })).toMatchObject({
        status: 200,
        body: { lastName: 'Api', bloodType: 'B+' },
      });
      expect((await call('PUT', '/v1/users/profile/', { bloodType: 'Z' })).status).toBe(400);
      const dep = await call('POST', '/v1/users/dependents/', {
        firstName: 'A',
        lastName: 'B',
        relationship: 'Friend',
      });
      expect(dep.status).toBe(200);
      const id = dep.body.id as string;
      expect((await call('PUT', `/v1/users/dependents/${id}/`, { relationship: 'Cousin' })).body).toMatchObject({
        relationship: 'Cousin',
      });
      expect((await call('GET', '/v1/users/dependents/')).body).toMatchObject({ items: [{ id }] });
      expect((await call('DELETE', `/v1/users/dependents/${id}/`)).body).toEqual({ ok: true });
      expect((await call('POST', '/v1/users/favorites/', { eventId: ev.eventId })).body).toMatchObject({
        favorite: true,
      });
      expect((await call('GET', '/v1/users/favorites/')).body).toMatchObject({ total: 1 });
      expect((await call('DELETE', `/v1/users/favorites/${ev.eventId}/`)).body).toMatchObject({ favorite: false });
      expect((await call('GET', '/v1/users/analytics/')).body).toMatchObject({ orders: 0 });
      expect((await call('GET', '/v1/users/transfers/incoming/')).body).toMatchObject({ total: 0 });
      const bad = await call('POST', `/v1/users/tickets/${ev.eventId}/transfer/`, { mobile: '+201000000001' });
      expect(bad.status).toBe(404);

      // the profile photo: multipart, PNG by its magic bytes, public under /uploads/
      const upload = (bytes: Uint8Array<ArrayBuffer>, token: string | null = c.token) => {
        const form = new FormData();
        form.append('file', new Blob([bytes]), 'me.png');
        return fetch(`${server.url}/api/v1/users/profile/photo/`, {
          method: 'POST',
          headers: token ? { authorization: `Bearer ${token}` } : {},
          body: form,
        });
      };
      const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
      const ok = await upload(png);
      expect(ok.status).toBe(201);
      const { photoUrl } = (await ok.json()) as { photoUrl: string };
      expect(photoUrl).toMatch(/^\/uploads\/profiles\/[0-9a-f-]+\/[0-9a-f]{24}\.png$/);
      expect((await fetch(`${server.url}${photoUrl}`)).status).toBe(200);
      expect((await call('GET', '/v1/users/profile/')).body).toMatchObject({ photoUrl });
      // the uploaded photo's path passes the profile form's validation when saved again
      expect((await call('PUT', '/v1/users/profile/', { photoUrl })).status).toBe(200);
      expect((await upload(new TextEncoder().encode('<svg onload=alert(1)>'))).status).toBe(400);
      expect((await upload(png, null)).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
