/**
 * Refunds end to end through `appRouter.createCaller` (issue 4 "Refunds"): the engine (full,
 * by tickets, by amount), the policy and its quote, customer requests with organizer/admin
 * decisions, provider outcomes replayed or out of order, failing providers retried by the job,
 * event cancellation, and the gate refusing refunded tickets. The ledger is checked after
 * every test that moves money.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
import { hashPassword } from '../../auth/password.ts';
import { createWorker } from '../../jobs/registry.ts';
import { eventCancelKey, refundCancelledOrder } from '../events/event-cancel.service.ts';
import { accounts, balanceOf } from '../ledger/ledger.ts';
import { createOfflineProvider, type PaymentProviderAdapter } from '../payments/provider.ts';
import { applyProviderRefundUpdate, createRefund, refundPostings, secretHash } from './refunds.service.ts';

const ready = await integrationDbReady();
const DAY_MINUTES = 24 * 60;

/** Runs every due job (a worker round claims a batch at a time). */
async function drain(worker: ReturnType<typeof createWorker>) {
  while ((await worker.tick()) > 0) {}
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: unknown) => (e instanceof TRPCError ? e.code : `THROWN:${(e as Error).message}`),
  );

describe('refund ledger postings (pure)', () => {
  it('reverses the platform fee pro rata and cumulatively: the reversals add up to the fee exactly', () => {
    const base = {
      currency: 'EGP',
      payable: accounts.organizerPayable('o', 'e', 'EGP'),
      orderTotalMinor: 100_000,
      orderFeeMinor: 5_001,
    };
    // three thirds of an order whose fee does not divide evenly
    const a = refundPostings({ ...base, priorGrossMinor: 0, amountMinor: 33_333, feeKeptMinor: 0 });
    const b = refundPostings({ ...base, priorGrossMinor: 33_333, amountMinor: 33_333, feeKeptMinor: 0 });
    const c = refundPostings({ ...base, priorGrossMinor: 66_666, amountMinor: 33_334, feeKeptMinor: 0 });
    expect(a.feeReversalMinor + b.feeReversalMinor + c.feeReversalMinor).toBe(5_001);
    for (const p of [a, b, c]) expect(p.entries.reduce((s, e) => s + e.amountMinor, 0)).toBe(0);
    // a kept refund fee stays with the organizer: the payable is debited only amount − reversal
    const kept = refundPostings({ ...base, priorGrossMinor: 0, amountMinor: 95_000, feeKeptMinor: 5_000 });
    expect(kept.feeReversalMinor).toBe(5_001);
    expect(kept.entries.find((e) => e.account.type === 'LIABILITY')?.amountMinor).toBe(95_000 - 5_001);
    // more than the order total (a kept fee refunded later by amount) never reverses more than the fee
    const over = refundPostings({ ...base, priorGrossMinor: 100_000, amountMinor: 5_000, feeKeptMinor: 0 });
    expect(over.feeReversalMinor).toBe(0);
  });
});

describeIf(ready)('refunds', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let admin: Awaited<ReturnType<typeof signIn>>['actor'];
  let support: Awaited<ReturnType<typeof signIn>>['actor'];
  let seq = 0;

  const organizerOf = async (ev: EventFixture) => {
    const u = await deps.db.user.create({
      data: {
        role: 'ORGANIZER',
        mobile: `+2012${String(7_000_000 + seq++).padStart(8, '0')}`,
        firstName: 'Org',
        lastName: 'Anizer',
        passwordHash: await hashPassword(TEST_PASSWORD),
        organizerId: ev.organizerId,
      },
    });
    return (await signIn(deps, u.id)).actor;
  };
  /** an upcoming event (refunds open until 48 h before it) */
  const upcoming = (opts: Parameters<typeof makeEvent>[1] = {}) =>
    makeEvent(deps, { startsInMinutes: 10 * DAY_MINUTES, ...opts });
  const orderOf = async (ticketId: string) =>
    deps.db.order.findFirstOrThrow({ where: { tickets: { some: { id: ticketId } } } });

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    const hash = await hashPassword(TEST_PASSWORD);
    const a = await deps.db.user.create({
      data: {
        role: 'ADMIN',
        email: 'refund-admin@admit.test',
        adminLevel: 'ADMIN',
        firstName: 'Ada',
        lastName: 'Min',
        passwordHash: hash,
      },
    });
    admin = (await signIn(deps, a.id)).actor;
    const s = await deps.db.user.create({
      data: {
        role: 'ADMIN',
        email: 'refund-support@admit.test',
        adminLevel: 'SUPPORT',
        firstName: 'Sam',
        lastName: 'Port',
        passwordHash: hash,
      },
    });
    support = (await signIn(deps, s.id)).actor;
  });
  afterEach(() => {
    deps.payments = undefined;
  });
  afterAll(() => db?.close());

  it('a full refund: tickets refunded and revoked, quota back, order REFUNDED, fee reversed in the ledger', async () => {
    const ev = await upcoming();
    const alice = await makeCustomer(deps);
    const tickets = await buyTickets(deps, alice.actor, ev, 2);
    const order = await orderOf(tickets[0]!.id);
    expect(order.feeMinor).toBeGreaterThan(0);
    const payable = accounts.organizerPayable(ev.organizerId, ev.eventId, 'EGP').code;
    const clearingBefore = await balanceOf(deps.db, accounts.clearing('EGP').code);
    const feesBefore = await balanceOf(deps.db, accounts.feeRevenue('EGP').code);
    expect(await balanceOf(deps.db, payable)).toBe(-(order.totalMinor - order.feeMinor));

    const refund = await callerFor(deps, admin).admin.refunds.create({
      orderId: order.id,
      reason: 'ADMIN',
      note: 'Goodwill',
    });
    expect(refund).toMatchObject({ status: 'SUCCEEDED', amountMinor: 90_000, feeMinor: 0, orderCode: order.code });
    expect(refund.ticketIds.sort()).toEqual(tickets.map((t) => t.id).sort());

    const rows = await deps.db.ticket.findMany({ where: { orderId: order.id }, orderBy: { id: 'asc' } });
    expect(rows.map((t) => [t.status, t.refundId, t.inside])).toEqual(rows.map(() => ['REFUNDED', refund.id, false]));
    const revocations = await deps.db.ticketRevocation.findMany({ where: { ticketId: { in: rows.map((t) => t.id) } } });
    expect(revocations.map((r) => r.secretHash).sort()).toEqual(rows.map((t) => secretHash(t.secret)).sort());
    expect(revocations.every((r) => r.reason === 'REFUNDED' && r.eventId === ev.eventId)).toBe(true);
    expect(await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } })).toMatchObject({
      reserved: 0,
    });
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: 90_000,
    });
    expect(await deps.db.orderLine.findFirstOrThrow({ where: { orderId: order.id } })).toMatchObject({
      refundedQuantity: 2,
    });
    expect(await deps.db.payment.findFirstOrThrow({ where: { orderId: order.id, status: 'SUCCEEDED' } })).toMatchObject(
      {
        refundedMinor: 90_000,
      },
    );
    // the books: everything the sale posted is undone, the fee included
    const tx = await deps.db.ledgerTransaction.findUniqueOrThrow({
      where: { idempotencyKey: `refund:${refund.id}` },
      include: { entries: true },
    });
    expect(tx).toMatchObject({ kind: 'REFUND', refundId: refund.id, orderId: order.id });
    expect(await balanceOf(deps.db, payable)).toBe(0);
    expect(await balanceOf(deps.db, accounts.clearing('EGP').code)).toBe(clearingBefore - 90_000);
    expect(await balanceOf(deps.db, accounts.feeRevenue('EGP').code)).toBe(feesBefore + order.feeMinor);
    // the customer is told
    const notice = await deps.db.notification.findFirstOrThrow({
      where: { userId: alice.user.id, kind: 'refund.issued' },
    });
    expect(notice.body).toContain(order.code);
    // audited
    expect(
      await deps.db.auditLog.count({ where: { action: 'refund.created', actorId: admin.user.id, targetId: order.id } }),
    ).toBe(1);
    // nothing left
    expect(await codeOf(callerFor(deps, admin).admin.refunds.create({ orderId: order.id, reason: 'ADMIN' }))).toBe(
      'CONFLICT',
    );
    await expectLedgerConsistent(deps);
  });

  it('a partial refund by tickets keeps the order PAID until the last ticket, then REFUNDED', async () => {
    const ev = await upcoming();
    const bob = await makeCustomer(deps);
    const tickets = await buyTickets(deps, bob.actor, ev, 3);
    const order = await orderOf(tickets[0]!.id);
    const api = callerFor(deps, admin);
    const first = await api.admin.refunds.create({ orderId: order.id, ticketIds: [tickets[0]!.id], reason: 'ADMIN' });
    expect(first).toMatchObject({ status: 'SUCCEEDED', amountMinor: 45_000, ticketIds: [tickets[0]!.id] });
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: 'PAID',
      refundedMinor: 45_000,
    });
    expect((await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } })).reserved).toBe(2);
    expect(
      (await deps.db.ticket.findMany({ where: { orderId: order.id }, orderBy: { reference: 'asc' } }))
        .map((t) => t.status)
        .sort(),
    ).toEqual(['REFUNDED', 'VALID', 'VALID']);
    // the same ticket twice: refused
    expect(
      await codeOf(api.admin.refunds.create({ orderId: order.id, ticketIds: [tickets[0]!.id], reason: 'ADMIN' })),
    ).toBe('CONFLICT');
    // a ticket of another order: not found
    const other = await buyTickets(deps, (await makeCustomer(deps)).actor, ev, 1);
    expect(
      await codeOf(api.admin.refunds.create({ orderId: order.id, ticketIds: [other[0]!.id], reason: 'ADMIN' })),
    ).toBe('NOT_FOUND');
    const rest = await api.admin.refunds.create({
      orderId: order.id,
      ticketIds: [tickets[1]!.id, tickets[2]!.id],
      reason: 'DUPLICATE',
    });
    expect(rest.amountMinor).toBe(90_000);
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: 135_000,
    });
    // two partial reversals add up to the whole fee: the organizer is owed nothing for this order
    const reversals = await deps.db.ledgerEntry.findMany({
      where: { transaction: { orderId: order.id, kind: 'REFUND' }, account: { code: accounts.feeRevenue('EGP').code } },
    });
    expect(reversals.reduce((s, e) => s + e.amountMinor, 0)).toBe(order.feeMinor);
    await expectLedgerConsistent(deps);
  });

  it('a partial refund by amount (admins) leaves the tickets alone and never exceeds what is refundable', async () => {
    const ev = await upcoming();
    const cara = await makeCustomer(deps);
    const tickets = await buyTickets(deps, cara.actor, ev, 2);
    const order = await orderOf(tickets[0]!.id);
    const api = callerFor(deps, admin);
    const part = await api.admin.refunds.create({
      orderId: order.id,
      amountMinor: 10_000,
      reason: 'ADMIN',
      note: 'Late doors',
    });
    expect(part).toMatchObject({ status: 'SUCCEEDED', amountMinor: 10_000, ticketIds: [] });
    expect(await deps.db.ticket.count({ where: { orderId: order.id, status: 'VALID' } })).toBe(2);
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: 'PAID',
      refundedMinor: 10_000,
    });
    expect(await codeOf(api.admin.refunds.create({ orderId: order.id, amountMinor: 80_001, reason: 'ADMIN' }))).toBe(
      'CONFLICT',
    );
    // both tickets now cost more than is left: refused; one still fits
    expect(
      await codeOf(
        api.admin.refunds.create({ orderId: order.id, ticketIds: tickets.map((t) => t.id), reason: 'ADMIN' }),
      ),
    ).toBe('CONFLICT');
    await api.admin.refunds.create({ orderId: order.id, ticketIds: [tickets[0]!.id], reason: 'ADMIN' });
    // tickets and amount together are refused by the schema
    expect(
      await codeOf(
        api.admin.refunds.create({ orderId: order.id, ticketIds: [tickets[1]!.id], amountMinor: 5, reason: 'ADMIN' }),
      ),
    ).toBe('BAD_REQUEST');
    // support staff can read but not refund
    expect(
      await codeOf(
        callerFor(deps, support).admin.refunds.create({ orderId: order.id, amountMinor: 5, reason: 'ADMIN' }),
      ),
    ).toBe('FORBIDDEN');
    const list = await callerFor(deps, support).admin.refunds.list({
      orderCode: order.code.toLowerCase(),
      page: 1,
      pageSize: 10,
    });
    expect(list.items.map((r) => r.amountMinor).sort()).toEqual([10_000, 45_000]);
    expect(await callerFor(deps, support).admin.refunds.get({ id: part.id })).toMatchObject({ note: 'Late doors' });
    const none = await callerFor(deps, support).admin.refunds.list({
      orderCode: order.code,
      from: new Date(deps.clock.now().getTime() + 60_000),
      page: 1,
      pageSize: 10,
    });
    expect(none.total).toBe(0);
    await expectLedgerConsistent(deps);
  });

  it('the policy: quotes with the fee; refuses after the cutoff, when refunds are off, and for used tickets', async () => {
    const ev = await upcoming();
    const org = await organizerOf(ev);
    const orgApi = callerFor(deps, org);
    // the fee may not exceed the cheapest ticket (45 000)
    expect(
      await codeOf(
        orgApi.organizer.refundPolicy.update({
          id: ev.eventId,
          refundsAllowed: true,
          refundCutoffHours: 48,
          refundFeeMinor: 45_001,
        }),
      ),
    ).toBe('BAD_REQUEST');
    expect(
      await codeOf(
        orgApi.organizer.refundPolicy.update({
          id: ev.eventId,
          refundsAllowed: true,
          refundCutoffHours: 721,
          refundFeeMinor: 0,
        }),
      ),
    ).toBe('BAD_REQUEST');
    const policy = await orgApi.organizer.refundPolicy.update({
      id: ev.eventId,
      refundsAllowed: true,
      refundCutoffHours: 72,
      refundFeeMinor: 5_000,
    });
    expect(policy).toMatchObject({
      refundFeeMinor: 5_000,
      refundCutoffHours: 72,
      maxFeeMinor: 45_000,
      currency: 'EGP',
    });
    expect(await orgApi.organizer.refundPolicy.get({ id: ev.eventId })).toEqual(policy);
    expect(
      await deps.db.auditLog.count({ where: { action: 'event.refund_policy_updated', targetId: ev.eventId } }),
    ).toBe(1);

    const dina = await makeCustomer(deps);
    const [t1, t2] = await buyTickets(deps, dina.actor, ev, 2);
    const me = callerFor(deps, dina.actor);
    const quote = await me.customer.refundRequests.quote({ id: t1!.id, ticketIds: t2!.id });
    expect(quote).toMatchObject({
      allowed: true,
      refusal: null,
      grossMinor: 90_000,
      feeMinor: 10_000,
      amountMinor: 80_000,
    });
    const event = await deps.db.event.findUniqueOrThrow({ where: { id: ev.eventId } });
    expect(quote.deadline.getTime()).toBe(event.startsAt.getTime() - 72 * 3_600_000);

    // a used ticket
    await deps.db.ticket.update({ where: { id: t2!.id }, data: { checkedInAt: deps.clock.now() } });
    const used = await me.customer.refundRequests.quote({ id: t2!.id });
    expect(used).toMatchObject({ allowed: false });
    expect(used.refusal).toMatch(/already used at the gate/);
    expect(await codeOf(me.customer.tickets.refundRequest({ id: t2!.id, reason: 'Cannot come' }))).toBe('CONFLICT');

    // refunds off
    await orgApi.organizer.refundPolicy.update({
      id: ev.eventId,
      refundsAllowed: false,
      refundCutoffHours: 72,
      refundFeeMinor: 5_000,
    });
    expect((await me.customer.refundRequests.quote({ id: t1!.id })).refusal).toMatch(/does not offer refunds/);

    // after the cutoff
    await orgApi.organizer.refundPolicy.update({
      id: ev.eventId,
      refundsAllowed: true,
      refundCutoffHours: 72,
      refundFeeMinor: 5_000,
    });
    deps.clock.advance(quote.deadline.getTime() - deps.clock.now().getTime() + 1000);
    try {
      const late = await me.customer.refundRequests.quote({ id: t1!.id });
      expect(late.allowed).toBe(false);
      expect(late.refusal).toMatch(/closed at .* UTC \(72 hours before it starts\)/);
      const refused = await me.customer.tickets.refundRequest({ id: t1!.id, reason: 'Too late?' }).catch((e) => e);
      expect(refused).toBeInstanceOf(TRPCError);
      expect(refused.message).toMatch(/closed at/);
    } finally {
      deps.clock.reset();
    }
    await expectLedgerConsistent(deps);
  });

  it('request → organizer approves → refund under the quoted fee; the organizer keeps the fee', async () => {
    const ev = await upcoming();
    await deps.db.event.update({ where: { id: ev.eventId }, data: { refundFeeMinor: 5_000 } });
    const org = await organizerOf(ev);
    const eve = await makeCustomer(deps);
    const [t1, t2] = await buyTickets(deps, eve.actor, ev, 2);
    const order = await orderOf(t1!.id);
    const me = callerFor(deps, eve.actor);

    const request = await me.customer.tickets.refundRequest({ id: t1!.id, reason: 'I am ill, sorry' });
    expect(request).toMatchObject({
      status: 'PENDING',
      ticketIds: [t1!.id],
      amountMinor: 40_000,
      feeMinor: 5_000,
      orderCode: order.code,
      eventId: ev.eventId,
    });
    // the organizer is told and sees it
    expect(await deps.db.notification.count({ where: { userId: org.user.id, kind: 'refund.requested' } })).toBe(1);
    const orgApi = callerFor(deps, org);
    const listed = await orgApi.organizer.refundRequests.list({ status: 'PENDING', page: 1, pageSize: 10 });
    expect(listed.items.map((r) => r.id)).toEqual([request.id]);
    // one pending request per order
    expect(await codeOf(me.customer.tickets.refundRequest({ id: t2!.id, reason: 'And this one' }))).toBe('CONFLICT');

    const approved = await orgApi.organizer.refundRequests.approve({ id: request.id, note: 'Get well soon' });
    expect(approved).toMatchObject({ status: 'APPROVED', refundStatus: 'SUCCEEDED', decisionNote: 'Get well soon' });
    const refund = await deps.db.refund.findUniqueOrThrow({ where: { id: approved.refundId! } });
    expect(refund).toMatchObject({
      amountMinor: 40_000,
      feeMinor: 5_000,
      reason: 'REQUESTED_BY_CUSTOMER',
      initiatedById: org.user.id,
    });
    expect((await deps.db.ticket.findUniqueOrThrow({ where: { id: t1!.id } })).status).toBe('REFUNDED');
    expect((await deps.db.ticket.findUniqueOrThrow({ where: { id: t2!.id } })).status).toBe('VALID');
    expect(
      await deps.db.notification.count({
        where: { userId: eve.user.id, kind: { in: ['refund.approved', 'refund.issued'] } },
      }),
    ).toBe(2);
    expect(await deps.db.auditLog.count({ where: { action: 'refund_request.approved', targetId: request.id } })).toBe(
      1,
    );
    // approving again: one refund only
    expect(await codeOf(orgApi.organizer.refundRequests.approve({ id: request.id }))).toBe('CONFLICT');
    expect(await codeOf(callerFor(deps, admin).admin.refunds.requests.approve({ id: request.id }))).toBe('CONFLICT');
    expect(await deps.db.refund.count({ where: { orderId: order.id } })).toBe(1);
    // the books: of ticket 1 (45 000 − its fee share) the organizer keeps only the 5 000 refund fee
    const payable = accounts.organizerPayable(ev.organizerId, ev.eventId, 'EGP').code;
    const line = Math.round((45_000 * 500) / 10_000);
    expect(await balanceOf(deps.db, payable)).toBe(-(45_000 - line) - 5_000);
    await expectLedgerConsistent(deps);
  });

  it('request → rejected with a reason the customer sees; withdraw; ownership answers NOT_FOUND', async () => {
    const ev = await upcoming();
    const org = await organizerOf(ev);
    const stranger = await organizerOf(await upcoming());
    const fay = await makeCustomer(deps);
    const bob = await makeCustomer(deps);
    const [t1] = await buyTickets(deps, fay.actor, ev, 1);
    const fayApi = callerFor(deps, fay.actor);
    const bobApi = callerFor(deps, bob.actor);

    // another customer's ticket
    expect(await codeOf(bobApi.customer.tickets.refundRequest({ id: t1!.id, reason: 'Mine now' }))).toBe('NOT_FOUND');
    expect(await codeOf(bobApi.customer.refundRequests.quote({ id: t1!.id }))).toBe('NOT_FOUND');

    const first = await fayApi.customer.tickets.refundRequest({ id: t1!.id, reason: 'Plans changed' });
    expect(await codeOf(bobApi.customer.refundRequests.withdraw({ id: first.id }))).toBe('NOT_FOUND');
    // another organizer's request / event
    const strangerApi = callerFor(deps, stranger);
    expect(await codeOf(strangerApi.organizer.refundRequests.approve({ id: first.id }))).toBe('NOT_FOUND');
    expect(await codeOf(strangerApi.organizer.refundRequests.reject({ id: first.id, reason: 'Nope nope' }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(strangerApi.organizer.refundPolicy.get({ id: ev.eventId }))).toBe('NOT_FOUND');
    expect(await codeOf(strangerApi.organizer.events.cancel({ id: ev.eventId, reason: 'Not mine to cancel' }))).toBe(
      'NOT_FOUND',
    );
    expect(
      (await strangerApi.organizer.refundRequests.list({ page: 1, pageSize: 50 })).items.map((r) => r.id),
    ).not.toContain(first.id);

    // withdraw, then ask again
    expect(await fayApi.customer.refundRequests.withdraw({ id: first.id })).toMatchObject({ status: 'WITHDRAWN' });
    expect(await codeOf(fayApi.customer.refundRequests.withdraw({ id: first.id }))).toBe('CONFLICT');
    const second = await fayApi.customer.tickets.refundRequest({ id: t1!.id, reason: 'Plans changed again' });

    // a reason is required to reject
    const orgApi = callerFor(deps, org);
    expect(await codeOf(orgApi.organizer.refundRequests.reject({ id: second.id, reason: '' }))).toBe('BAD_REQUEST');
    const rejected = await orgApi.organizer.refundRequests.reject({
      id: second.id,
      reason: 'Tickets are non-refundable',
    });
    expect(rejected).toMatchObject({ status: 'REJECTED', decisionNote: 'Tickets are non-refundable', refundId: null });
    const mine = await fayApi.customer.refundRequests.list({ page: 1, pageSize: 10 });
    expect(mine.items.map((r) => [r.status, r.decisionNote]).sort()).toEqual([
      ['REJECTED', 'Tickets are non-refundable'],
      ['WITHDRAWN', null],
    ]);
    const notice = await deps.db.notification.findFirstOrThrow({
      where: { userId: fay.user.id, kind: 'refund.rejected' },
    });
    expect(notice.body).toContain('Tickets are non-refundable');
    expect((await deps.db.ticket.findUniqueOrThrow({ where: { id: t1!.id } })).status).toBe('VALID');
    expect(await deps.db.auditLog.count({ where: { action: 'refund_request.rejected', targetId: second.id } })).toBe(1);
    expect(await codeOf(orgApi.organizer.refundRequests.approve({ id: second.id }))).toBe('CONFLICT');
    // admins see every request
    const all = await callerFor(deps, support).admin.refunds.requests.list({
      eventId: ev.eventId,
      page: 1,
      pageSize: 10,
    });
    expect(all.total).toBe(2);
    await expectLedgerConsistent(deps);
  });

  it('provider outcomes replayed or out of order are applied once; unknown refunds are logged', async () => {
    const pendingRef = `re_test_${Date.now()}`;
    const base = createOfflineProvider();
    deps.payments = { ...base, refund: async () => ({ refundRef: pendingRef, state: 'pending' }) };
    const ev = await upcoming();
    const gus = await makeCustomer(deps);
    const tickets = await buyTickets(deps, gus.actor, ev, 1);
    const order = await orderOf(tickets[0]!.id);
    const refund = await createRefund(deps, { orderId: order.id, reason: 'ADMIN', applyFee: false });
    expect(refund).toMatchObject({ status: 'PENDING', providerRef: pendingRef });

    // out of order: "pending" after nothing, then "succeeded" twice (webhook replay), then "pending" again
    await applyProviderRefundUpdate(deps, { refundRef: pendingRef, state: 'pending' });
    await applyProviderRefundUpdate(deps, { refundRef: pendingRef, state: 'succeeded' });
    await applyProviderRefundUpdate(deps, { refundRef: pendingRef, state: 'succeeded' });
    await applyProviderRefundUpdate(deps, { refundRef: pendingRef, state: 'pending' });
    expect(await deps.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).toMatchObject({ status: 'SUCCEEDED' });
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      refundedMinor: 45_000,
      status: 'REFUNDED',
    });
    expect(await deps.db.ledgerTransaction.count({ where: { refundId: refund.id } })).toBe(1);
    expect(await deps.db.notification.count({ where: { userId: gus.user.id, kind: 'refund.issued' } })).toBe(1);
    // a failure reported after success does not undo it, but alerts
    await applyProviderRefundUpdate(deps, { refundRef: pendingRef, state: 'failed', failureReason: 'lost' });
    expect((await deps.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe('SUCCEEDED');
    expect(
      await deps.db.systemLog.count({
        where: { source: 'refunds', level: 'ERROR', message: { contains: order.code } },
      }),
    ).toBe(1);
    // a refund made outside Admit (Stripe dashboard)
    await applyProviderRefundUpdate(deps, { refundRef: 're_dashboard_1', state: 'succeeded' });
    expect(
      await deps.db.systemLog.count({
        where: { source: 'refunds', level: 'WARN', context: { path: ['refundRef'], equals: 're_dashboard_1' } },
      }),
    ).toBe(1);
    await expectLedgerConsistent(deps);
  });

  it('a provider refusal marks the refund FAILED and alerts admins; the tickets can be refunded again', async () => {
    const base = createOfflineProvider();
    deps.payments = { ...base, refund: async () => ({ refundRef: `re_fail_${Date.now()}`, state: 'failed' }) };
    const ev = await upcoming();
    const hal = await makeCustomer(deps);
    const tickets = await buyTickets(deps, hal.actor, ev, 1);
    const order = await orderOf(tickets[0]!.id);
    const failed = await createRefund(deps, {
      orderId: order.id,
      ticketIds: [tickets[0]!.id],
      reason: 'ADMIN',
      applyFee: false,
    });
    expect(failed.status).toBe('FAILED');
    expect(
      await deps.db.notification.count({ where: { userId: admin.user.id, kind: 'refund.failed' } }),
    ).toBeGreaterThan(0);
    expect(await deps.db.notification.count({ where: { userId: support.user.id, kind: 'refund.failed' } })).toBe(0);
    expect((await deps.db.ticket.findUniqueOrThrow({ where: { id: tickets[0]!.id } })).status).toBe('VALID');
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      refundedMinor: 0,
      status: 'PAID',
    });
    deps.payments = undefined;
    const again = await createRefund(deps, {
      orderId: order.id,
      ticketIds: [tickets[0]!.id],
      reason: 'ADMIN',
      applyFee: false,
    });
    expect(again.status).toBe('SUCCEEDED');
    await expectLedgerConsistent(deps);
  });

  it('a provider that errors leaves the refund PENDING; the refunds.submit job retries it and it applies once', async () => {
    let calls = 0;
    const base = createOfflineProvider();
    const flaky: PaymentProviderAdapter = {
      ...base,
      refund: async (args) => {
        calls++;
        if (calls <= 2) throw new Error('provider timeout (test)');
        return base.refund(args);
      },
    };
    deps.payments = flaky;
    const ev = await upcoming();
    const ivy = await makeCustomer(deps);
    const tickets = await buyTickets(deps, ivy.actor, ev, 2);
    const order = await orderOf(tickets[0]!.id);
    const refund = await createRefund(deps, { orderId: order.id, reason: 'ADMIN', applyFee: false });
    expect(refund).toMatchObject({ status: 'PENDING', failureReason: 'provider timeout (test)', providerRef: null });
    const job = await deps.db.job.findUniqueOrThrow({ where: { key: `refund-submit:${refund.id}` } });
    expect(job).toMatchObject({ type: 'refunds.submit', status: 'PENDING' });

    const worker = createWorker(deps);
    for (let i = 0; i < 6; i++) {
      deps.clock.advance(10 * 60_000);
      await drain(worker);
    }
    expect(calls).toBe(3);
    expect(await deps.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).toMatchObject({ status: 'SUCCEEDED' });
    expect(await deps.db.job.findUniqueOrThrow({ where: { key: `refund-submit:${refund.id}` } })).toMatchObject({
      status: 'SUCCEEDED',
    });
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: 'REFUNDED' });

    // a provider that never answers: FAILED after the job's last attempt, alerted
    deps.payments = { ...base, refund: async () => Promise.reject(new Error('provider down (test)')) };
    const jay = await makeCustomer(deps);
    const more = await buyTickets(deps, jay.actor, ev, 1);
    const stuck = await createRefund(deps, {
      orderId: (await orderOf(more[0]!.id)).id,
      reason: 'ADMIN',
      applyFee: false,
    });
    expect(stuck.status).toBe('PENDING');
    for (let i = 0; i < 12; i++) {
      deps.clock.advance(60 * 60_000);
      await drain(worker);
    }
    expect(await deps.db.refund.findUniqueOrThrow({ where: { id: stuck.id } })).toMatchObject({ status: 'FAILED' });
    expect(await deps.db.job.findUniqueOrThrow({ where: { key: `refund-submit:${stuck.id}` } })).toMatchObject({
      status: 'DEAD',
    });
    expect(
      await deps.db.systemLog.count({
        where: { source: 'refunds', level: 'ERROR', context: { path: ['refundId'], equals: stuck.id } },
      }),
    ).toBe(1);
    await expectLedgerConsistent(deps);
  });

  it('cancelling an event refunds every paid order exactly once, even when its jobs run twice', async () => {
    const ev = await upcoming();
    await deps.db.event.update({ where: { id: ev.eventId }, data: { refundFeeMinor: 5_000 } });
    const org = await organizerOf(ev);
    const kim = await makeCustomer(deps);
    const lea = await makeCustomer(deps);
    const max = await makeCustomer(deps);
    const kimTickets = await buyTickets(deps, kim.actor, ev, 2);
    const leaTickets = await buyTickets(deps, lea.actor, ev, 1);
    // Kim had one ticket refunded under the policy (the 5 000 fee kept) before the cancellation
    const req = await callerFor(deps, kim.actor).customer.tickets.refundRequest({
      id: kimTickets[0]!.id,
      reason: 'One cannot come',
    });
    await callerFor(deps, org).organizer.refundRequests.approve({ id: req.id });
    // Lea has a pending request when the event is cancelled
    const leaReq = await callerFor(deps, lea.actor).customer.tickets.refundRequest({
      id: leaTickets[0]!.id,
      reason: 'Maybe not',
    });
    // Ned's money was all returned by amount before; his tickets are still valid
    const ned = await makeCustomer(deps);
    const nedTickets = await buyTickets(deps, ned.actor, ev, 2);
    const nedOrder = await orderOf(nedTickets[0]!.id);
    await callerFor(deps, admin).admin.refunds.create({ orderId: nedOrder.id, amountMinor: 90_000, reason: 'ADMIN' });
    // Max only holds tickets (unpaid)
    const hold = await callerFor(deps, max.actor).customer.tickets.book({
      eventId: ev.eventId,
      ticketCategoryId: ev.standardId,
      quantity: 3,
    });
    const reservedBefore = (await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } })).reserved;

    const result = await callerFor(deps, org).organizer.events.cancel({ id: ev.eventId, reason: 'The artist is ill' });
    expect(result).toMatchObject({ status: 'CANCELLED', paidOrders: 3, pendingOrdersCancelled: 1 });
    expect(await deps.db.event.findUniqueOrThrow({ where: { id: ev.eventId } })).toMatchObject({ status: 'CANCELLED' });
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: hold.id } })).toMatchObject({ status: 'CANCELLED' });
    expect((await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } })).reserved).toBe(
      reservedBefore - 3,
    );
    expect(await codeOf(callerFor(deps, admin).admin.events.cancel({ id: ev.eventId, reason: 'Twice over' }))).toBe(
      'CONFLICT',
    );
    expect(await deps.db.auditLog.count({ where: { action: 'event.cancelled', targetId: ev.eventId } })).toBe(1);
    const kimOrder = await orderOf(kimTickets[0]!.id);
    const leaOrder = await orderOf(leaTickets[0]!.id);
    for (const o of [kimOrder, leaOrder]) {
      expect(await deps.db.job.findUniqueOrThrow({ where: { key: eventCancelKey(ev.eventId, o.id) } })).toMatchObject({
        type: 'refunds.event-cancel-order',
      });
    }

    await drain(createWorker(deps));
    // and once more by hand, as a retried or duplicated job would
    await refundCancelledOrder(deps, { eventId: ev.eventId, orderId: kimOrder.id });
    await refundCancelledOrder(deps, { eventId: ev.eventId, orderId: leaOrder.id });
    expect(await refundCancelledOrder(deps, { eventId: ev.eventId, orderId: nedOrder.id })).toBeNull();

    // no money left behind Ned's tickets: voided and revoked, no refund
    expect(await deps.db.ticket.findMany({ where: { orderId: nedOrder.id }, select: { status: true } })).toEqual([
      { status: 'VOID' },
      { status: 'VOID' },
    ]);
    expect(
      await deps.db.ticketRevocation.count({
        where: { ticketId: { in: nedTickets.map((t) => t.id) }, reason: 'EVENT_CANCELLED' },
      }),
    ).toBe(2);
    expect(await deps.db.refund.count({ where: { orderId: nedOrder.id } })).toBe(1);
    expect((await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } })).reserved).toBe(0);

    const kimAfter = await deps.db.order.findUniqueOrThrow({ where: { id: kimOrder.id } });
    // Kim gets everything that was left, the earlier refund fee included
    expect(kimAfter).toMatchObject({ status: 'REFUNDED', refundedMinor: 90_000 });
    expect(await deps.db.refund.count({ where: { orderId: kimOrder.id, reason: 'EVENT_CANCELLED' } })).toBe(1);
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: leaOrder.id } })).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: 45_000,
    });
    const leaRefund = await deps.db.refund.findUniqueOrThrow({
      where: { key: eventCancelKey(ev.eventId, leaOrder.id) },
    });
    expect(leaRefund).toMatchObject({ status: 'SUCCEEDED', feeMinor: 0, amountMinor: 45_000 });
    expect(await deps.db.refundRequest.findUniqueOrThrow({ where: { id: leaReq.id } })).toMatchObject({
      status: 'APPROVED',
      refundId: leaRefund.id,
    });
    // every ticket refunded and revoked; the cancellation's are marked EVENT_CANCELLED
    const all = [...kimTickets, ...leaTickets].map((t) => t.id);
    expect(await deps.db.ticket.count({ where: { id: { in: all }, status: 'REFUNDED' } })).toBe(3);
    const revoked = await deps.db.ticketRevocation.findMany({
      where: { ticketId: { in: all } },
      orderBy: { reason: 'asc' },
    });
    expect(revoked.map((r) => r.reason)).toEqual(['EVENT_CANCELLED', 'EVENT_CANCELLED', 'REFUNDED']);
    for (const c of [kim, lea, max, ned]) {
      expect(await deps.db.notification.count({ where: { userId: c.user.id, kind: 'event.cancelled' } })).toBe(1);
    }
    // the organizer is owed nothing for a cancelled event
    expect(await balanceOf(deps.db, accounts.organizerPayable(ev.organizerId, ev.eventId, 'EGP').code)).toBe(0);
    await expectLedgerConsistent(deps);
  });

  it('serves the seed REST paths: quote, refund-request, policy (PUT), organizer approve, admin list', async () => {
    const server = await startTestServer(deps);
    try {
      const ev = await upcoming();
      const org = await organizerOf(ev);
      const orgToken = (await signIn(deps, org.user.id)).token;
      const lia = await makeCustomer(deps);
      const [t1, t2] = await buyTickets(deps, lia.actor, ev, 2);
      const call = async (token: string, method: string, path: string, body?: unknown) => {
        const res = await fetch(`${server.url}/api${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const policy = await call(orgToken, 'PUT', `/organizer/events/${ev.eventId}/refund-policy/`, {
        refundsAllowed: true,
        refundCutoffHours: 24,
        refundFeeMinor: 2_500,
      });
      expect(policy).toMatchObject({ status: 200, body: { refundFeeMinor: 2_500, refundCutoffHours: 24 } });
      const quote = await call(lia.token, 'GET', `/v1/users/tickets/${t1!.id}/refund-quote/?ticketIds=${t2!.id}`);
      expect(quote).toMatchObject({ status: 200, body: { allowed: true, amountMinor: 85_000, feeMinor: 5_000 } });
      const made = await call(lia.token, 'POST', `/v1/users/tickets/${t1!.id}/refund-request/`, {
        reason: 'Flight cancelled',
        ticketIds: [t2!.id],
      });
      expect(made).toMatchObject({ status: 200, body: { status: 'PENDING', amountMinor: 85_000 } });
      const dup = await call(lia.token, 'POST', `/v1/users/tickets/${t1!.id}/refund-request/`, { reason: 'Again' });
      expect(dup).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
      const listed = await call(orgToken, 'GET', '/organizer/refund-requests/?status=PENDING');
      expect((listed.body.items as { id: string }[]).map((r) => r.id)).toEqual([made.body.id]);
      const approved = await call(orgToken, 'POST', `/organizer/refund-requests/${made.body.id}/approve/`, {});
      expect(approved).toMatchObject({ status: 200, body: { status: 'APPROVED', refundStatus: 'SUCCEEDED' } });
      const mine = await call(lia.token, 'GET', '/v1/users/refund-requests/');
      expect(mine.body).toMatchObject({ total: 1, items: [{ status: 'APPROVED' }] });
      const adminToken = (await signIn(deps, admin.user.id)).token;
      const refunds = await call(adminToken, 'GET', `/refunds/?orderCode=${made.body.orderCode}`);
      expect(refunds.body).toMatchObject({ total: 1, items: [{ amountMinor: 85_000, feeMinor: 5_000 }] });
      await expectLedgerConsistent(deps);
    } finally {
      await server.close();
    }
  });

  it('the gate refuses a refunded ticket', async () => {
    const ev = await makeEvent(deps); // happening now
    const usher = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    const kai = await makeCustomer(deps);
    const [kept, refunded] = await buyTickets(deps, kai.actor, ev, 2);
    await callerFor(deps, admin).admin.refunds.create({
      orderId: (await orderOf(refunded!.id)).id,
      ticketIds: [refunded!.id],
      reason: 'ADMIN',
    });
    const gate = callerFor(deps, usher.actor);
    expect(await gate.usher.scan.result({ qr: refunded!.qrPayload })).toMatchObject({
      result: 'INVALID',
      reason: 'REFUNDED',
    });
    expect(await gate.usher.scan.result({ qr: kept!.qrPayload })).toMatchObject({ result: 'VALID' });
    // offline gate devices learn it from the revocation list
    const refundedRow = await deps.db.ticket.findUniqueOrThrow({ where: { id: refunded!.id } });
    const { revocations } = await gate.usher.sync.revocations({});
    expect(revocations).toContainEqual(
      expect.objectContaining({
        ticketId: refunded!.id,
        secretHash: secretHash(refundedRow.secret),
        reason: 'REFUNDED',
      }),
    );
    await expectLedgerConsistent(deps);
  });
});
