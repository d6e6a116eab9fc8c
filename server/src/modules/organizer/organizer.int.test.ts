/**
 * Organizer portal (seed 003 Plan 3; ADR 0021): dashboard numbers from the ledger, own events with
 * analytics, edit requests approved/rejected by admins, ownership, and the live `sale.recorded`
 * push to the organizer's room after a paid order (in-process and over a real socket).
 */
import type { ClientToServerEvents, SaleRecordedPayload, ServerToClientEvents } from '@admit/shared';
import { TRPCError } from '@trpc/server';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buyOrder,
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
  startTestServer,
  testDeps,
} from '../../../test/harness.ts';
import { createWorker } from '../../jobs/registry.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import { makeAdmin, makeOrganizerUser } from '../payouts/books-fixtures.ts';

const ready = await integrationDbReady();

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
  );

describeIf(ready)('organizer portal', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let ev: EventFixture; // live now (started an hour ago)
  let soon: EventFixture; // in ten days
  let past: EventFixture;
  let draft: EventFixture;
  let other: EventFixture; // another organizer's
  let organizer: Awaited<ReturnType<typeof makeOrganizerUser>>;
  let admin: Awaited<ReturnType<typeof makeAdmin>>;
  let support: Awaited<ReturnType<typeof makeAdmin>>;
  const api = () => callerFor(deps, organizer.actor).organizer;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    ev = await makeEvent(deps, { priceMinor: 45_000 });
    soon = await makeEvent(deps, { priceMinor: 20_000, startsInMinutes: 10 * 24 * 60 });
    past = await makeEvent(deps, { startsInMinutes: -3 * 24 * 60 });
    draft = await makeEvent(deps, { startsInMinutes: 30 * 24 * 60 });
    other = await makeEvent(deps);
    // one organizer owns four events
    for (const e of [soon, past, draft]) {
      await deps.db.event.update({ where: { id: e.eventId }, data: { organizerId: ev.organizerId } });
      e.organizerId = ev.organizerId;
    }
    await deps.db.event.update({ where: { id: draft.eventId }, data: { status: 'DRAFT', title: 'Draft gala' } });
    organizer = await makeOrganizerUser(deps, ev.organizerId, '+201055500001');
    admin = await makeAdmin(deps, 'ADMIN', 'catalog@organizer.test');
    support = await makeAdmin(deps, 'SUPPORT', 'support@organizer.test');
  });
  afterAll(() => db?.close());

  describe('dashboard and analytics', () => {
    beforeAll(async () => {
      const alice = await makeCustomer(deps, { firstName: 'Alice' });
      const bob = await makeCustomer(deps, { firstName: 'Bob' });
      const carol = await makeCustomer(deps, { firstName: 'Carol' });
      const [t] = await buyTickets(deps, alice.actor, ev, 2); // 2 × 450.00
      await buyOrder(deps, bob.actor, ev, 1, ev.vipId); // 1 × 1,500.00
      const carolOrder = await buyOrder(deps, carol.actor, soon, 1); // 1 × 200.00, refunded below
      await buyOrder(deps, carol.actor, other, 3); // another organizer's sale: never counted
      // one admission at Gate A
      const usher = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
      const scan = await callerFor(deps, usher.actor).usher.scan.result({ qr: t!.qrPayload });
      expect(scan.result).toBe('VALID');
      const refund = await callerFor(deps, admin.actor).admin.refunds.create({
        orderId: carolOrder.order.id,
        reason: 'ADMIN',
      });
      expect(refund.status).toBe('SUCCEEDED');
    });

    it('counts own events, tickets, check-ins and money from the ledger', async () => {
      const stats = await api().dashboard.stats({});
      expect(stats.events).toEqual({ upcoming: 2, past: 1, draft: 1, cancelled: 0, total: 4 });
      expect(stats.ticketsSold).toBe(3);
      expect(stats.refundedTickets).toBe(1);
      // started events only: 3 valid tickets of `ev`, one admitted
      expect(stats.checkIn).toEqual({ admitted: 1, expected: 3, rate: 1 / 3 });
      expect(stats.currency).toBe('EGP');
      // the ledger figures equal the sum of the events' settlements
      const a = await api().events.settlement({ id: ev.eventId });
      const b = await api().events.settlement({ id: soon.eventId });
      const [money] = stats.money;
      expect(money).toEqual({
        currency: 'EGP',
        grossMinor: a.grossMinor + b.grossMinor,
        feesMinor: a.feesMinor + b.feesMinor,
        refundsMinor: a.refundsMinor + b.refundsMinor,
        adjustmentsMinor: 0,
        netMinor: a.owedMinor + b.owedMinor,
        paidOutMinor: 0,
        owedMinor: a.owedMinor + b.owedMinor,
        pendingPayoutMinor: 0,
      });
      expect(money!.grossMinor).toBe(90_000 + 150_000 + 20_000);
      expect(money!.feesMinor).toBe(13_000); // 5 %
      expect(money!.refundsMinor).toBeGreaterThan(0);
      expect(money!.netMinor).toBe(money!.grossMinor - money!.feesMinor - money!.refundsMinor);
      // the last 30 UTC days, today last with every sale (the refunded one too: it was sold)
      expect(stats.salesByDay).toHaveLength(30);
      expect(stats.salesByDay.at(-1)).toEqual({
        date: deps.clock.now().toISOString().slice(0, 10),
        tickets: 4,
        amountMinor: 260_000,
      });
      expect(stats.salesByDay.slice(0, -1).every((d) => d.tickets === 0)).toBe(true);
      expect(stats.pendingPayouts.count).toBe(0);
      await expectLedgerConsistent(deps);
    });

    it('lists own events only, with filters, sort, paging and sold/quota', async () => {
      const all = await api().events.list({});
      expect(all.total).toBe(4);
      expect(all.items.map((e) => e.id)).not.toContain(other.eventId);
      const live = all.items.find((e) => e.id === ev.eventId)!;
      expect(live).toMatchObject({ sold: 3, quota: 110, status: 'PUBLISHED', pendingEditRequest: false });
      expect((await api().events.list({ status: 'DRAFT' })).items.map((e) => e.id)).toEqual([draft.eventId]);
      expect((await api().events.list({ when: 'past' })).items.map((e) => e.id)).toEqual([past.eventId]);
      expect((await api().events.list({ q: 'draft GALA' })).items.map((e) => e.id)).toEqual([draft.eventId]);
      const byDate = await api().events.list({ sort: 'startsAt', order: 'asc', pageSize: 2, page: 2 });
      expect(byDate).toMatchObject({ total: 4, totalPages: 2, page: 2 });
      expect(byDate.items.map((e) => e.id)).toEqual([soon.eventId, draft.eventId]);
      expect(await codeOf(api().events.list({ pageSize: 500 }))).toBe('BAD_REQUEST');
    });

    it('gives one event’s analytics: sales per day, per category, check-in progress, refunds', async () => {
      const d = await api().events.get({ id: ev.eventId });
      expect(d.currency).toBe('EGP');
      expect(d.analytics.ticketsSold).toBe(3);
      expect(d.analytics.grossMinor).toBe(240_000);
      expect(d.analytics.byCategory).toEqual([
        expect.objectContaining({ name: 'Standard', quota: 100, sold: 2, held: 0, revenueMinor: 90_000 }),
        expect.objectContaining({ name: 'VIP', quota: 10, sold: 1, held: 0, revenueMinor: 150_000 }),
      ]);
      expect(d.analytics.salesByDay).toEqual([
        { date: deps.clock.now().toISOString().slice(0, 10), tickets: 3, amountMinor: 240_000 },
      ]);
      expect(d.analytics.checkIn).toMatchObject({ sold: 3, admitted: 1, inside: 1, rate: 1 / 3 });
      expect(d.analytics.checkIn.byGate).toEqual([
        { gateId: ev.gateIds[0], name: 'Gate A', admitted: 1, inside: 1 },
        { gateId: ev.gateIds[1], name: 'Gate B', admitted: 0, inside: 0 },
      ]);
      expect(d.analytics.refunds).toEqual({ refundedTickets: 0, amountMinor: 0, pendingRequests: 0 });

      const s = await api().events.get({ id: soon.eventId });
      expect(s.analytics.refunds).toEqual({ refundedTickets: 1, amountMinor: 20_000, pendingRequests: 0 });
      expect(s.analytics.ticketsSold).toBe(0);
      expect(s.analytics.checkIn.rate).toBeNull();
    });

    it('answers another organizer’s event exactly like an unknown one', async () => {
      expect(await codeOf(api().events.get({ id: other.eventId }))).toBe('NOT_FOUND');
      expect(await codeOf(api().events.get({ id: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    });
  });

  describe('edit requests', () => {
    const later = (days: number) => new Date(deps.clock.now().getTime() + days * 86_400_000);

    it('validates the proposed changes field by field and writes nothing on bad input', async () => {
      const bad = async (input: Parameters<ReturnType<typeof api>['events']['editRequest']>[0]) => {
        const err = await api()
          .events.editRequest(input)
          .then(
            () => null,
            (e: TRPCError) => e,
          );
        expect(err).toBeInstanceOf(TRPCError);
        return { code: err!.code, fields: (err!.cause as { details?: Record<string, string[]> })?.details };
      };
      // zod: unknown field, end before start, empty reason
      expect((await bad({ id: soon.eventId, changes: { capacity: 5 } as never, reason: 'More room' })).code).toBe(
        'BAD_REQUEST',
      );
      expect(
        (await bad({ id: soon.eventId, changes: { startsAt: later(5), endsAt: later(4) }, reason: 'Moved' })).code,
      ).toBe('BAD_REQUEST');
      expect((await bad({ id: soon.eventId, changes: { title: 'New name' }, reason: '' })).code).toBe('BAD_REQUEST');
      // merged with the event: an end before the event's start; a start in the past; an unknown venue
      expect(await bad({ id: soon.eventId, changes: { endsAt: later(1) }, reason: 'Shorter' })).toEqual({
        code: 'BAD_REQUEST',
        fields: { 'changes.endsAt': ['The end must be after the start'] },
      });
      expect(
        (await bad({ id: soon.eventId, changes: { startsAt: later(-1) }, reason: 'Earlier' })).fields,
      ).toHaveProperty(['changes.startsAt']);
      expect(
        (
          await bad({
            id: soon.eventId,
            changes: { venueId: '00000000-0000-4000-8000-000000000000' },
            reason: 'Bigger hall',
          })
        ).fields,
      ).toEqual({ 'changes.venueId': ['No such venue'] });
      // nothing differs from the event now
      const now = await deps.db.event.findUniqueOrThrow({ where: { id: soon.eventId } });
      expect((await bad({ id: soon.eventId, changes: { title: now.title }, reason: 'Same' })).fields).toEqual({
        changes: ['Change at least one field'],
      });
      expect(await deps.db.eventEditRequest.count()).toBe(0);
    });

    it('creates one pending request per event; an admin approves it and the event changes', async () => {
      // two ticket holders (one with two tickets) are told about the new date once each, by jobs
      const holders = [await makeCustomer(deps, { firstName: 'Hoda' }), await makeCustomer(deps, { firstName: 'Ali' })];
      await buyTickets(deps, holders[0]!.actor, soon, 2);
      await buyTickets(deps, holders[1]!.actor, soon, 1);
      const startsAt = later(12);
      const endsAt = later(12.25);
      const req = await api().events.editRequest({
        id: soon.eventId,
        changes: { title: 'Cairo Jazz Night', startsAt, endsAt, category: 'MUSIC' },
        reason: 'The headliner moved the date',
      });
      // `category` was already MUSIC: only what differs is kept
      expect(req).toMatchObject({
        status: 'PENDING',
        eventId: soon.eventId,
        changes: { title: 'Cairo Jazz Night', startsAt, endsAt },
        reviewedBy: null,
      });
      expect(req.changes).not.toHaveProperty('category');
      expect(req.current.title).toMatch(/^Concert /);
      expect(
        await codeOf(api().events.editRequest({ id: soon.eventId, changes: { title: 'Another' }, reason: 'Again' })),
      ).toBe('CONFLICT');
      expect((await api().events.list({ q: 'Concert' })).items.find((e) => e.id === soon.eventId)).toMatchObject({
        pendingEditRequest: true,
      });
      expect((await api().editRequests.list({ eventId: soon.eventId })).items.map((r) => r.id)).toEqual([req.id]);

      // support reads but cannot decide; a rejection needs a note
      const supportApi = callerFor(deps, support.actor).admin.editRequests;
      expect((await supportApi.list({ status: 'PENDING' })).items.map((r) => r.id)).toEqual([req.id]);
      expect(await codeOf(supportApi.approve({ id: req.id }))).toBe('FORBIDDEN');
      const adminApi = callerFor(deps, admin.actor).admin.editRequests;
      expect(await codeOf(adminApi.reject({ id: req.id, note: '' }))).toBe('BAD_REQUEST');

      const published: RealtimeMessage[] = [];
      const approved = await callerFor(deps, admin.actor, published).admin.editRequests.approve({
        id: req.id,
        note: 'Looks good',
      });
      expect(approved).toMatchObject({
        status: 'APPROVED',
        reviewNote: 'Looks good',
        reviewedBy: { id: admin.user.id },
      });
      // the diff keeps the replaced values (from the audit entry), not the event's new ones
      expect(approved.current.title).toBe(req.current.title);
      expect(approved.current.title).not.toBe('Cairo Jazz Night');
      expect(await deps.db.event.findUniqueOrThrow({ where: { id: soon.eventId } })).toMatchObject({
        title: 'Cairo Jazz Night',
        startsAt,
        endsAt,
      });
      expect(await codeOf(adminApi.approve({ id: req.id }))).toBe('CONFLICT');
      expect(await codeOf(adminApi.reject({ id: req.id, note: 'Too late' }))).toBe('CONFLICT');
      // audited, and the organizer was told (inbox + live notify)
      expect(
        await deps.db.auditLog.findFirst({
          where: { action: 'event.edit_request.approved', targetId: req.id },
          select: { actorId: true, before: true },
        }),
      ).toMatchObject({ actorId: admin.user.id, before: { status: 'PENDING' } });
      expect(
        await deps.db.notification.count({ where: { userId: organizer.user.id, kind: 'event.edit_reviewed' } }),
      ).toBe(1);
      expect(published).toContainEqual(expect.objectContaining({ room: `user:${organizer.user.id}`, event: 'notify' }));
      expect((await api().editRequests.get({ id: req.id })).status).toBe('APPROVED');

      const worker = createWorker(deps);
      while ((await worker.tick()) > 0) {}
      while ((await worker.tick()) > 0) {} // a re-run of the fan-out adds nothing
      for (const h of holders) {
        const told = await deps.db.notification.findMany({
          where: { userId: h.user.id, kind: 'event.changed' },
          select: { body: true },
        });
        expect(told).toHaveLength(1);
        expect(told[0]!.body).toMatch(/Now starts .+ \(was .+\); now ends .+ \(was .+\), \S+ time/);
      }
    });

    it('rejects with a note and leaves the event unchanged', async () => {
      const req = await api().events.editRequest({
        id: soon.eventId,
        changes: { description: 'Now with fireworks', imageUrl: 'https://img.example/jazz.png' },
        reason: 'Sponsor added fireworks',
      });
      const rejected = await callerFor(deps, admin.actor).admin.editRequests.reject({
        id: req.id,
        note: 'Fireworks need a permit first',
      });
      expect(rejected).toMatchObject({ status: 'REJECTED', reviewNote: 'Fireworks need a permit first' });
      expect(await deps.db.event.findUniqueOrThrow({ where: { id: soon.eventId } })).toMatchObject({
        description: 'An evening of music.',
        imageUrl: null,
      });
      // pending first in the admin list, then the decided ones
      const next = await api().events.editRequest({ id: ev.eventId, changes: { title: 'Live now' }, reason: 'Rename' });
      const list = await callerFor(deps, admin.actor).admin.editRequests.list({});
      expect(list.items[0]!.id).toBe(next.id);
      expect(list.total).toBe(3);
    });

    it('refuses another organizer’s event and request', async () => {
      expect(
        await codeOf(api().events.editRequest({ id: other.eventId, changes: { title: 'Mine now' }, reason: 'Hijack' })),
      ).toBe('NOT_FOUND');
      const theirs = await deps.db.eventEditRequest.create({
        data: { eventId: other.eventId, requestedById: admin.user.id, changes: { title: 'X' }, reason: 'Theirs' },
      });
      expect(await codeOf(api().editRequests.get({ id: theirs.id }))).toBe('NOT_FOUND');
      expect((await api().editRequests.list({ eventId: other.eventId })).total).toBe(0);
      expect((await deps.db.event.findUniqueOrThrow({ where: { id: other.eventId } })).title).not.toBe('Mine now');
    });
  });

  describe('profile', () => {
    it('reads and updates the organization profile and the user’s name, audited', async () => {
      const before = await api().profile.get({});
      expect(before.organizer).toMatchObject({ id: ev.organizerId, logoUrl: null, description: null, website: null });
      const after = await api().profile.update({
        organizationName: 'Nile Nights Live',
        description: 'Concerts on the Nile since 2019.',
        website: 'https://nilenights.example',
        contactEmail: 'hello@nilenights.example',
        firstName: 'Nour',
        lastName: 'Hamdy',
      });
      expect(after).toMatchObject({
        firstName: 'Nour',
        lastName: 'Hamdy',
        organizer: {
          name: 'Nile Nights Live',
          description: 'Concerts on the Nile since 2019.',
          website: 'https://nilenights.example',
          contactEmail: 'hello@nilenights.example',
        },
      });
      expect(await deps.db.auditLog.count({ where: { action: 'organizer.profile_updated' } })).toBe(1);
      expect(await codeOf(api().profile.update({ website: 'not a url' }))).toBe('BAD_REQUEST');
      expect(await codeOf(api().profile.update({ contactEmail: 'nope' }))).toBe('BAD_REQUEST');
      expect(await codeOf(api().profile.update({}))).toBe('BAD_REQUEST');
      expect((await api().profile.get({})).organizer?.website).toBe('https://nilenights.example');
    });

    it('uploads a logo over HTTP (magic bytes checked) and refuses other roles', async () => {
      const server = await startTestServer(deps, { UPLOADS_DIR: '/tmp/admit-organizer-uploads' });
      try {
        const png = Buffer.from(
          'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
          'base64',
        );
        const send = (token: string, bytes: Buffer, type = 'image/png') => {
          const form = new FormData();
          form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'logo.png');
          return fetch(`${server.url}/api/organizer/profile/logo/`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}` },
            body: form,
          });
        };
        const ok = await send(organizer.token, png);
        expect(ok.status).toBe(201);
        const { logoUrl } = (await ok.json()) as { logoUrl: string };
        expect(logoUrl).toMatch(new RegExp(`^/uploads/organizers/${ev.organizerId}/[0-9a-f]{24}\\.png$`));
        expect((await api().profile.get({})).organizer?.logoUrl).toBe(logoUrl);
        expect((await fetch(`${server.url}${logoUrl}`)).status).toBe(200);
        // a script named .png is refused by its bytes; a customer may not upload
        const fake = await send(organizer.token, Buffer.from('<script>alert(1)</script>'));
        expect(fake.status).toBe(400);
        const customer = await makeCustomer(deps);
        expect((await send(customer.token, png)).status).toBe(403);
        expect((await api().profile.get({})).organizer?.logoUrl).toBe(logoUrl);
      } finally {
        await server.close();
      }
    });
  });

  describe('live sales', () => {
    it('pushes sale.recorded to the organizer room after the payment commits (in process)', async () => {
      const dina = await makeCustomer(deps, { firstName: 'Dina' });
      const published: RealtimeMessage[] = [];
      const customerApi = callerFor(deps, dina.actor, published).customer;
      const order = await customerApi.tickets.book({
        eventId: ev.eventId,
        ticketCategoryId: ev.standardId,
        quantity: 2,
      });
      const intent = await customerApi.payments.process({ orderId: order.id });
      expect(published.filter((m) => m.event === 'sale.recorded')).toEqual([]); // not before it is paid
      await customerApi.payments.confirm({ paymentId: intent.paymentId });
      const sales = published.filter((m) => m.event === 'sale.recorded');
      expect(sales).toEqual([
        {
          room: `organizer:${ev.organizerId}`,
          event: 'sale.recorded',
          payload: {
            eventId: ev.eventId,
            eventTitle: expect.any(String),
            orderCode: order.code,
            tickets: 2,
            amountMinor: 90_000,
            currency: 'EGP',
            at: expect.any(String),
          },
        },
      ]);
      await expectLedgerConsistent(deps);
    });

    it('reaches the organizer’s socket live and not another organizer’s', async () => {
      const server = await startTestServer(deps);
      const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
      try {
        const connect = (token: string) =>
          new Promise<Socket<ServerToClientEvents, ClientToServerEvents>>((resolve, reject) => {
            const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, {
              auth: { token },
              transports: ['websocket'],
              forceNew: true,
            });
            sockets.push(s);
            s.on('connect', () => resolve(s));
            s.on('connect_error', reject);
          });
        // the REST surface lists the portal's paths, the payout statement PDF included
        const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
          paths: Record<string, Record<string, unknown>>;
        };
        for (const [method, path] of [
          ['get', '/organizer/dashboard/stats'],
          ['get', '/organizer/events'],
          ['get', '/organizer/events/{id}'],
          ['post', '/organizer/events/{id}/edit-request'],
          ['put', '/organizer/profile'],
          ['get', '/organizer/payouts/{id}/invoice'],
          ['post', '/edit-requests/{id}/approve'],
        ] as const) {
          // (the document lists paths without the trailing slash the seed writes)
          expect(Object.keys(doc.paths[path] ?? {}), `${method} ${path}`).toContain(method);
        }
        const mine = await connect(organizer.token);
        const otherOrganizer = await makeOrganizerUser(deps, other.organizerId, '+201055500002');
        const theirs = await connect(otherOrganizer.token);
        const heardByThem: SaleRecordedPayload[] = [];
        theirs.on('sale.recorded', (p) => heardByThem.push(p));
        const heard = new Promise<SaleRecordedPayload>((resolve) => mine.on('sale.recorded', resolve));
        const erin = await makeCustomer(deps, { firstName: 'Erin' });
        // through HTTP, as the webapp pays (the server's realtime publishes after commit)
        const post = async (path: string, body: unknown) => {
          const res = await fetch(`${server.url}/api${path}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${erin.token}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          expect(res.status, await res.clone().text()).toBeLessThan(300);
          return (await res.json()) as Record<string, string>;
        };
        const order = await post('/v1/tickets/book/', { eventId: ev.eventId, ticketCategoryId: ev.vipId, quantity: 1 });
        const intent = await post('/v1/payments/process/', { orderId: order.id });
        await post('/v1/payments/confirm/', { paymentId: intent.paymentId });
        const sale = await heard;
        expect(sale).toMatchObject({ eventId: ev.eventId, orderCode: order.code, tickets: 1, amountMinor: 150_000 });
        await new Promise((r) => setTimeout(r, 100));
        expect(heardByThem).toEqual([]);
      } finally {
        for (const s of sockets) s.disconnect();
        await server.close();
      }
      await expectLedgerConsistent(deps);
    });
  });
});
