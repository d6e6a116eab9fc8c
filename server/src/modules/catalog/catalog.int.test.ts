/**
 * Admin catalog (seed 003 Plan 2 Phases 3, 4, 10; ADR 0022): events, tickets and venues through
 * `admin.catalog.*` and their REST/CSV paths — field-level validation that writes nothing,
 * filters/sort/pagination, CSV content and formula escaping, delete refusals, void → the gate
 * refuses the QR, manual check-in through the gate core, transfer (old QR refused, new one
 * admitted), and SUPPORT reading but not writing.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  TEST_PASSWORD,
  testDeps,
} from '../../../test/harness.ts';
import { missingEndpoints, normalizePath, servedEndpoints } from '../../../test/seed-endpoints.ts';
import { hashPassword } from '../../auth/password.ts';
import { appErrorOf } from '../../errors.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import type { AdminLevel } from '../admin/permissions.ts';

const ready = await integrationDbReady();
type Deps = ReturnType<typeof testDeps>;
const u = () => randomBytes(4).toString('hex');

async function makeAdmin(deps: Deps, level: AdminLevel) {
  const user = await deps.db.user.create({
    data: {
      role: 'ADMIN',
      adminLevel: level,
      email: `${level.toLowerCase()}.${u()}@admit.test`,
      passwordHash: await hashPassword(TEST_PASSWORD),
      firstName: 'Ada',
      lastName: level,
    },
  });
  return { user, ...(await signIn(deps, user.id)) };
}

/** The rejection's tRPC code, app code and field errors. */
async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    const app = appErrorOf(err);
    const e = err as { code?: string; cause?: { issues?: { path: PropertyKey[] }[] } };
    const zodFields = e.cause?.issues?.map((i) => i.path.map(String).join('.')) ?? [];
    return { code: e.code, appCode: app?.code, fields: app?.details ? Object.keys(app.details) : zodFields };
  }
  throw new Error('expected a rejection');
}

describeIf(ready)('admin catalog', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: Deps;
  let admin: Awaited<ReturnType<typeof makeAdmin>>;
  let support: Awaited<ReturnType<typeof makeAdmin>>;
  let ev: EventFixture;
  const api = () => callerFor(deps, admin.actor);

  const createInput = (over: Record<string, unknown> = {}) => ({
    organizerId: ev.organizerId,
    venueId: ev.venueId,
    title: `Jazz night ${u()}`,
    description: 'Live jazz.',
    category: 'MUSIC' as const,
    startsAt: new Date(Date.now() + 7 * 86_400_000),
    endsAt: new Date(Date.now() + 7 * 86_400_000 + 3 * 3_600_000),
    capacity: 300,
    currency: 'EGP',
    ticketCategories: [
      { name: 'Standard', priceMinor: 30_000, quota: 200, maxPerOrder: 6 },
      { name: 'VIP', tier: 'VIP' as const, priceMinor: 90_000, quota: 20, maxPerOrder: 2 },
    ],
    ...over,
  });

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    admin = await makeAdmin(deps, 'ADMIN');
    support = await makeAdmin(deps, 'SUPPORT');
    ev = await makeEvent(deps);
  });
  afterAll(() => db?.close());

  describe('events', () => {
    it('refuses bad input field by field and writes nothing', async () => {
      const before = await deps.db.event.count();
      const badDates = await failure(
        api().admin.catalog.events.create(createInput({ endsAt: new Date(Date.now() + 86_400_000 * 6) })),
      );
      expect(badDates).toMatchObject({ code: 'BAD_REQUEST' });
      expect(badDates.fields).toContain('endsAt');
      const dupNames = await failure(
        api().admin.catalog.events.create(
          createInput({
            ticketCategories: [
              { name: 'Standard', priceMinor: 1, quota: 1 },
              { name: 'standard', priceMinor: 2, quota: 1 },
            ],
          }),
        ),
      );
      expect(dupNames.fields).toContain('ticketCategories.1.name');
      const negative = await failure(
        api().admin.catalog.events.create(
          createInput({ ticketCategories: [{ name: 'Standard', priceMinor: -5, quota: 1 }] }),
        ),
      );
      expect(negative.fields).toContain('ticketCategories.0.priceMinor');
      const unknownVenue = await failure(
        api().admin.catalog.events.create(createInput({ venueId: '00000000-0000-4000-8000-000000000000' })),
      );
      expect(unknownVenue).toMatchObject({ appCode: 'VALIDATION_FAILED', fields: ['venueId'] });
      expect(await deps.db.event.count()).toBe(before);
    });

    it('creates a draft with its own signing key, publishes, edits, unpublishes', async () => {
      const created = await api().admin.catalog.events.create(createInput({ title: 'Created by admin' }));
      expect(created).toMatchObject({ status: 'DRAFT', title: 'Created by admin', quota: 220, sold: 0 });
      expect(created.ticketCategories.map((c) => [c.name, c.priceMinor, c.currency])).toEqual([
        ['Standard', 30_000, 'EGP'],
        ['VIP', 90_000, 'EGP'],
      ]);
      const row = await deps.db.event.findUniqueOrThrow({ where: { id: created.id } });
      expect(row.signingSeed.length).toBe(32);
      expect(row.signingPublicKey.length).toBe(32);
      // the default check-in list exists (database trigger), so the gates work at once
      expect(await deps.db.checkInList.count({ where: { eventId: created.id, isDefault: true } })).toBe(1);

      const published = await api().admin.catalog.events.publish({ id: created.id });
      expect(published.status).toBe('PUBLISHED');
      expect((await failure(api().admin.catalog.events.publish({ id: created.id }))).appCode).toBe('INVALID_STATE');

      const std = created.ticketCategories[0]!;
      const edited = await api().admin.catalog.events.update({
        id: created.id,
        title: 'Edited by admin',
        ticketCategories: [{ ...std, id: std.id, priceMinor: 35_000 }],
      });
      expect(edited.title).toBe('Edited by admin');
      expect(edited.ticketCategories.find((c) => c.id === std.id)!.priceMinor).toBe(35_000);

      const partialEnd = await failure(
        api().admin.catalog.events.update({ id: created.id, endsAt: new Date(Date.now() + 86_400_000) }),
      );
      expect(partialEnd).toMatchObject({ appCode: 'VALIDATION_FAILED', fields: ['endsAt'] });

      const audit = await deps.db.auditLog.findFirst({ where: { action: 'event.updated', targetId: created.id } });
      expect(audit?.actorId).toBe(admin.user.id);

      expect((await api().admin.catalog.events.unpublish({ id: created.id })).status).toBe('DRAFT');
    });

    it('never lets a quota drop below what is reserved (field error, quota unchanged)', async () => {
      const e = await makeEvent(deps, { quota: 10 });
      const customer = await makeCustomer(deps);
      await buyTickets(deps, customer.actor, e, 3);
      const err = await failure(
        api().admin.catalog.events.update({
          id: e.eventId,
          ticketCategories: [{ id: e.standardId, name: 'Standard', priceMinor: 45_000, quota: 2, maxPerOrder: 10 }],
        }),
      );
      expect(err).toMatchObject({ appCode: 'VALIDATION_FAILED', fields: ['ticketCategories.0.quota'] });
      expect((await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: e.standardId } })).quota).toBe(10);
      // exactly the reserved count is fine
      const ok = await api().admin.catalog.events.update({
        id: e.eventId,
        ticketCategories: [{ id: e.standardId, name: 'Standard', priceMinor: 45_000, quota: 3, maxPerOrder: 10 }],
      });
      expect(ok.ticketCategories.find((c) => c.id === e.standardId)).toMatchObject({ quota: 3, reserved: 3, sold: 3 });
      await expectLedgerConsistent(deps);
    });

    it('filters, sorts (including by tickets sold) and paginates', async () => {
      const org = await deps.db.organizer.create({
        data: {
          name: `Sort Org ${u()}`,
          slug: `sort-${u()}`,
          contactEmail: 's@admit.test',
          contactPhone: '+201000000098',
        },
      });
      const ids: string[] = [];
      for (const title of ['Charlie', 'Alpha', 'Bravo']) {
        const e = await api().admin.catalog.events.create(createInput({ organizerId: org.id, title: `${title} show` }));
        ids.push(e.id);
      }
      const byTitle = await api().admin.catalog.events.list({
        organizerId: org.id,
        sort: 'title',
        order: 'asc',
        pageSize: 2,
      });
      expect(byTitle).toMatchObject({ total: 3, totalPages: 2, page: 1 });
      expect(byTitle.items.map((e) => e.title)).toEqual(['Alpha show', 'Bravo show']);
      const page2 = await api().admin.catalog.events.list({
        organizerId: org.id,
        sort: 'title',
        order: 'asc',
        pageSize: 2,
        page: 2,
      });
      expect(page2.items.map((e) => e.title)).toEqual(['Charlie show']);
      const text = await api().admin.catalog.events.list({ q: 'bravo', organizerId: org.id });
      expect(text.items.map((e) => e.title)).toEqual(['Bravo show']);
      const drafts = await api().admin.catalog.events.list({ organizerId: org.id, status: 'PUBLISHED' });
      expect(drafts.total).toBe(0);

      // sold: the event with tickets comes first when descending
      const sales = await makeEvent(deps);
      const customer = await makeCustomer(deps);
      await buyTickets(deps, customer.actor, sales, 2);
      const bySold = await api().admin.catalog.events.list({ sort: 'sold', order: 'desc', pageSize: 100 });
      expect(bySold.items[0]!.sold).toBeGreaterThanOrEqual(2);
      const sold = bySold.items.map((e) => e.sold);
      expect(sold).toEqual([...sold].sort((a, b) => b - a));
      expect(bySold.items.find((e) => e.id === sales.eventId)).toMatchObject({ sold: 2, quota: 110, capacity: 400 });

      const badRange = await failure(
        api().admin.catalog.events.list({ from: new Date('2026-05-02'), to: new Date('2026-05-01') }),
      );
      expect(badRange.fields).toContain('to');
      await expectLedgerConsistent(deps);
    });

    it('deletes an event nobody ordered from, refuses one with orders (cancel instead)', async () => {
      const fresh = await api().admin.catalog.events.create(createInput());
      expect(await api().admin.catalog.events.delete({ id: fresh.id })).toEqual({ ok: true, id: fresh.id });
      expect(await deps.db.event.count({ where: { id: fresh.id } })).toBe(0);

      const sold = await makeEvent(deps);
      const customer = await makeCustomer(deps);
      await buyTickets(deps, customer.actor, sold, 1);
      const refused = await failure(api().admin.catalog.events.delete({ id: sold.eventId }));
      expect(refused).toMatchObject({ code: 'CONFLICT' });
      expect(await deps.db.event.count({ where: { id: sold.eventId } })).toBe(1);
      await expectLedgerConsistent(deps);
    });

    it('switches scanning off and on, pushing event.status to the gates', async () => {
      const published: RealtimeMessage[] = [];
      const caller = callerFor(deps, admin.actor, published);
      const off = await caller.admin.catalog.events.setScanning({ id: ev.eventId, enabled: false });
      expect(off.scanningEnabled).toBe(false);
      expect(published.find((m) => m.event === 'event.status')).toMatchObject({
        room: `event:${ev.eventId}:gates`,
        payload: { scanningEnabled: false },
      });
      expect((await caller.admin.catalog.events.setScanning({ id: ev.eventId, enabled: true })).scanningEnabled).toBe(
        true,
      );
    });
  });

  describe('tickets', () => {
    it('voids a ticket: the gate refuses its QR; reinstating issues a new secret', async () => {
      const customer = await makeCustomer(deps, { firstName: 'Nour' });
      const [t] = await buyTickets(deps, customer.actor, ev, 1);
      const usher = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
      const gate = callerFor(deps, usher.actor);
      const missingReason = await failure(api().admin.catalog.tickets.update({ id: t!.id, status: 'VOID' }));
      expect(missingReason.fields).toContain('reason');

      const before = await deps.db.ticket.findUniqueOrThrow({ where: { id: t!.id } });
      const voided = await api().admin.catalog.tickets.update({ id: t!.id, status: 'VOID', reason: 'Fraud check' });
      expect(voided.status).toBe('VOID');
      expect(voided.revocations.map((r) => r.reason)).toEqual(['VOIDED']);
      expect(voided.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
      expect(await gate.usher.scan.result({ qr: t!.qrPayload })).toMatchObject({ result: 'INVALID', reason: 'VOID' });
      // the device's revocation list carries it
      const revs = await gate.usher.sync.revocations({});
      expect(JSON.stringify(revs)).toContain('VOIDED');

      const back = await api().admin.catalog.tickets.update({ id: t!.id, status: 'VALID', reason: 'Cleared' });
      expect(back.status).toBe('VALID');
      // the old code stays dead; the holder's new code is admitted
      expect((await gate.usher.scan.result({ qr: t!.qrPayload })).result).toBe('INVALID');
      const fresh = await callerFor(deps, customer.actor).customer.tickets.get({ id: t!.id });
      expect(fresh.qrPayload).not.toBe(t!.qrPayload);
      expect((await gate.usher.scan.result({ qr: fresh.qrPayload })).result).toBe('VALID');

      const labelled = await api().admin.catalog.tickets.update({ id: t!.id, labels: ['Press'] });
      expect(labelled.labels).toEqual(['Press']);
      await expectLedgerConsistent(deps);
    });

    it('checks in manually through the gate core (method MANUAL, counts pushed)', async () => {
      const customer = await makeCustomer(deps);
      const [t] = await buyTickets(deps, customer.actor, ev, 1);
      const published: RealtimeMessage[] = [];
      const caller = callerFor(deps, admin.actor, published);
      const first = await caller.admin.catalog.tickets.checkIn({ id: t!.id, gateId: ev.gateIds[1]! });
      expect(first.result).toBe('VALID');
      expect(published.some((m) => m.event === 'gate.counts')).toBe(true);
      const second = await caller.admin.catalog.tickets.checkIn({ id: t!.id });
      expect(second.result).toBe('ALREADY_SCANNED');
      const detail = await caller.admin.catalog.tickets.get({ id: t!.id });
      expect(detail.checkedInAt).not.toBeNull();
      expect(detail.checkIns.map((c) => [c.method, c.result])).toEqual([
        ['MANUAL', 'ALREADY_SCANNED'],
        ['MANUAL', 'VALID'],
      ]);
      expect(detail.checkIns.at(-1)!.gateName).toBe('Gate B');
      const otherVenue = await makeEvent(deps);
      const wrongGate = await failure(
        caller.admin.catalog.tickets.checkIn({ id: t!.id, gateId: otherVenue.gateIds[0]! }),
      );
      expect(wrongGate.fields).toContain('gateId');
      await expectLedgerConsistent(deps);
    });

    it('transfers to another customer: old QR refused, new one admitted', async () => {
      const from = await makeCustomer(deps, { firstName: 'Sara' });
      const to = await makeCustomer(deps, { firstName: 'Youssef' });
      const [t] = await buyTickets(deps, from.actor, ev, 1);
      const nobody = await failure(
        api().admin.catalog.tickets.transfer({ id: t!.id, mobile: '+201999999999', reason: 'Gift at the desk' }),
      );
      expect(nobody).toMatchObject({ appCode: 'VALIDATION_FAILED', fields: ['mobile'] });
      const moved = await api().admin.catalog.tickets.transfer({
        id: t!.id,
        mobile: to.user.mobile!,
        reason: 'Requested at the box office',
      });
      expect(moved.holder.id).toBe(to.user.id);
      expect(moved.attendeeName).toBe('Youssef Hassan');
      expect(moved.revocations.map((r) => r.reason)).toEqual(['TRANSFERRED']);
      const usher = await makeUsher(deps, ev.eventId, null, ev.organizerId);
      const gate = callerFor(deps, usher.actor);
      expect(await gate.usher.scan.result({ qr: t!.qrPayload })).toMatchObject({
        result: 'INVALID',
        reason: 'REVOKED',
      });
      const mine = await callerFor(deps, to.actor).customer.tickets.get({ id: t!.id });
      expect((await gate.usher.scan.result({ qr: mine.qrPayload })).result).toBe('VALID');
      await expectLedgerConsistent(deps);
    });

    it('lists with filters and sort', async () => {
      const customer = await makeCustomer(deps, { firstName: 'Zeinab' });
      const e = await makeEvent(deps);
      const tickets = await buyTickets(deps, customer.actor, e, 3);
      const all = await api().admin.catalog.tickets.list({ eventId: e.eventId, sort: 'reference', order: 'asc' });
      expect(all.total).toBe(3);
      const refs = all.items.map((t) => t.reference);
      expect(refs).toEqual([...refs].sort());
      const byName = await api().admin.catalog.tickets.list({ q: 'zeinab', eventId: e.eventId, pageSize: 2 });
      expect(byName).toMatchObject({ total: 3, totalPages: 2 });
      expect(byName.items[0]!.holder.name).toBe('Zeinab Hassan');
      const byRef = await api().admin.catalog.tickets.list({ reference: tickets[1]!.reference.toLowerCase() });
      expect(byRef.items.map((t) => t.id)).toEqual([tickets[1]!.id]);
      await api().admin.catalog.tickets.checkIn({ id: tickets[0]!.id });
      const inside = await api().admin.catalog.tickets.list({ eventId: e.eventId, checkedIn: 'true' });
      expect(inside.items.map((t) => t.id)).toEqual([tickets[0]!.id]);
      expect((await api().admin.catalog.tickets.list({ eventId: e.eventId, checkedIn: 'false' })).total).toBe(2);
      await expectLedgerConsistent(deps);
    });
  });

  describe('venues', () => {
    it('validates time zone and country, creates with gates, edits gates, refuses duplicates', async () => {
      const before = await deps.db.venue.count();
      const bad = await failure(
        api().admin.catalog.venues.create({
          name: 'Bad Hall',
          address: '1 Street',
          city: 'Cairo',
          country: 'XX',
          timeZone: 'Mars/Olympus',
          capacity: 0,
          gates: ['A', 'a'],
        }),
      );
      expect(bad.code).toBe('BAD_REQUEST');
      expect(bad.fields).toEqual(expect.arrayContaining(['country', 'timeZone', 'capacity', 'gates.1']));
      expect(await deps.db.venue.count()).toBe(before);

      const name = `Opera ${u()}`;
      const v = await api().admin.catalog.venues.create({
        name,
        address: 'Gezira',
        city: 'Cairo',
        country: 'eg',
        timeZone: 'Africa/Cairo',
        capacity: 1200,
        gates: ['North', 'South'],
      });
      expect(v).toMatchObject({ country: 'EG', timeZone: 'Africa/Cairo', events: 0 });
      expect(v.gates.map((g) => g.name)).toEqual(['North', 'South']);
      const dup = await failure(
        api().admin.catalog.venues.create({
          name,
          address: 'Elsewhere',
          city: 'Cairo',
          country: 'EG',
          timeZone: 'Africa/Cairo',
          capacity: 10,
          gates: [],
        }),
      );
      expect(dup).toMatchObject({ code: 'CONFLICT', fields: ['name'] });

      const withEast = await api().admin.catalog.venues.gates.create({ venueId: v.id, name: 'East' });
      expect(withEast.gates.map((g) => g.name)).toEqual(['East', 'North', 'South']);
      const dupGate = await failure(api().admin.catalog.venues.gates.create({ venueId: v.id, name: 'North' }));
      expect(dupGate).toMatchObject({ code: 'CONFLICT', fields: ['name'] });
      const east = withEast.gates.find((g) => g.name === 'East')!;
      const renamed = await api().admin.catalog.venues.gates.update({ venueId: v.id, gateId: east.id, name: 'West' });
      expect(renamed.gates.map((g) => g.name)).toEqual(['North', 'South', 'West']);
      // a gate of another venue is not reachable through this one
      const otherGate = await failure(
        api().admin.catalog.venues.gates.delete({ venueId: v.id, gateId: ev.gateIds[0]! }),
      );
      expect(otherGate.code).toBe('NOT_FOUND');
      const fewer = await api().admin.catalog.venues.gates.delete({ venueId: v.id, gateId: east.id });
      expect(fewer.gates).toHaveLength(2);

      const edited = await api().admin.catalog.venues.update({ id: v.id, capacity: 1500, timeZone: 'Europe/London' });
      expect(edited).toMatchObject({ capacity: 1500, timeZone: 'Europe/London', name });

      const list = await api().admin.catalog.venues.list({ q: name, sort: 'name', order: 'asc' });
      expect(list.items.map((x) => x.id)).toEqual([v.id]);

      expect(await api().admin.catalog.venues.delete({ id: v.id })).toEqual({ ok: true, id: v.id });
    });

    it('refuses to delete a venue an event uses', async () => {
      const refused = await failure(api().admin.catalog.venues.delete({ id: ev.venueId }));
      expect(refused.code).toBe('CONFLICT');
      expect(await deps.db.venue.count({ where: { id: ev.venueId } })).toBe(1);
    });
  });

  describe('permissions', () => {
    it('SUPPORT reads the catalog but cannot change it', async () => {
      const s = callerFor(deps, support.actor);
      expect((await s.admin.catalog.events.list({})).total).toBeGreaterThan(0);
      expect((await s.admin.catalog.events.get({ id: ev.eventId })).id).toBe(ev.eventId);
      expect((await s.admin.catalog.venues.list({})).total).toBeGreaterThan(0);
      expect((await s.admin.catalog.tickets.list({})).total).toBeGreaterThan(0);
      const title = (await deps.db.event.findUniqueOrThrow({ where: { id: ev.eventId } })).title;
      expect((await failure(s.admin.catalog.events.update({ id: ev.eventId, title: 'Hijacked' }))).code).toBe(
        'FORBIDDEN',
      );
      expect((await failure(s.admin.catalog.events.delete({ id: ev.eventId }))).code).toBe('FORBIDDEN');
      expect((await failure(s.admin.catalog.venues.delete({ id: ev.venueId }))).code).toBe('FORBIDDEN');
      const t = await deps.db.ticket.findFirstOrThrow({ where: { eventId: ev.eventId, status: 'VALID' } });
      expect((await failure(s.admin.catalog.tickets.update({ id: t.id, status: 'VOID', reason: 'nope' }))).code).toBe(
        'FORBIDDEN',
      );
      expect((await deps.db.event.findUniqueOrThrow({ where: { id: ev.eventId } })).title).toBe(title);
      expect((await deps.db.ticket.findUniqueOrThrow({ where: { id: t.id } })).status).toBe('VALID');
      // a customer gets nothing
      const customer = await makeCustomer(deps);
      expect((await failure(callerFor(deps, customer.actor).admin.catalog.events.list({}))).code).toBe('FORBIDDEN');
    });
  });

  describe('REST and CSV', () => {
    let server: Awaited<ReturnType<typeof startTestServer>>;
    beforeAll(async () => {
      server = await startTestServer(deps);
    });
    afterAll(() => server?.close());
    const get = (path: string, token?: string) =>
      fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    it('serves the seed paths, once each in the OpenAPI document', async () => {
      const served = await servedEndpoints(server.url);
      const seed = [
        'GET /api/events/',
        'GET /api/events/:id/',
        'POST /api/events/',
        'PUT /api/events/:id/',
        'DELETE /api/events/:id/',
        'GET /api/tickets/',
        'GET /api/tickets/:id/',
        'PUT /api/tickets/:id/',
        'GET /api/venues/',
        'POST /api/venues/',
        'PUT /api/venues/:id/',
        'DELETE /api/venues/:id/',
      ];
      expect(missingEndpoints(seed, served)).toEqual([]);
      // no method + path is served twice (e.g. with admin.events.cancel next door)
      const doc = (await (await get('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
      const ops = Object.entries(doc.paths).flatMap(([path, o]) =>
        Object.keys(o).map((m) => `${m.toUpperCase()} ${normalizePath(path)}`),
      );
      expect(ops.filter((op, i) => ops.indexOf(op) !== i)).toEqual([]);
      const res = await get(`/api/events/${ev.eventId}/`, admin.token);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { id: string }).id).toBe(ev.eventId);

      // field-level 400 in the seeds' error format, nothing written
      const put = await fetch(`${server.url}/api/events/${ev.eventId}/`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ capacity: 0 }),
      });
      expect(put.status).toBe(400);
      const body = (await put.json()) as { error: { code: string; details: Record<string, string[]> } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(body.error.details)).toContain('capacity');
    });

    it('exports events as CSV with the list filters, neutralising formulas', async () => {
      const org = await deps.db.organizer.create({
        data: {
          name: `CSV Org ${u()}`,
          slug: `csv-${u()}`,
          contactEmail: 'c@admit.test',
          contactPhone: '+201000000097',
        },
      });
      await api().admin.catalog.events.create(
        createInput({ organizerId: org.id, title: '=HYPERLINK("http://evil.test","click")' }),
      );
      await api().admin.catalog.events.create(createInput({ organizerId: org.id, title: 'Plain, "quoted" title' }));
      const res = await get(`/api/events/export.csv?organizerId=${org.id}&sort=title&order=asc`, support.token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="events-\d{4}-\d{2}-\d{2}\.csv"/);
      const csv = await res.text();
      const lines = csv.trim().split('\n');
      expect(lines[0]).toBe(
        'id,title,status,category,starts_at,ends_at,organizer,venue,city,time_zone,capacity,quota,sold,scanning_enabled,created_at',
      );
      expect(lines).toHaveLength(3);
      expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
      expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
      expect(csv).toContain('"Plain, ""quoted"" title"');

      const tickets = await get(`/api/tickets/export.csv?eventId=${ev.eventId}`, admin.token);
      expect(tickets.status).toBe(200);
      expect((await tickets.text()).split('\n')[0]).toContain('reference,status,event');
      const venues = await get('/api/venues/export.csv?country=EG', admin.token);
      expect(venues.status).toBe(200);
      expect(await venues.text()).toContain('Africa/Cairo');

      expect((await get('/api/events/export.csv')).status).toBe(401);
      const customer = await makeCustomer(deps);
      expect((await get('/api/events/export.csv', customer.token)).status).toBe(403);
      const bad = await get('/api/events/export.csv?status=NOPE', admin.token);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { details: object } }).error.details).toHaveProperty('status');
    });
  });
});
