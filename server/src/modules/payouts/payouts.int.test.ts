/**
 * Settlements and payouts (issue 4 "Ledger and books"; seed 003 Plan 2 Phase 8, Plan 3 Phase 5):
 * the figures come from the ledger, a payout takes exactly what is available, is posted when
 * marked paid, and organizers see and download only their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buyOrder,
  callerFor,
  describeIf,
  type EventFixture,
  expectLedgerConsistent,
  integrationDbReady,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  startTestServer,
  testDeps,
} from '../../../test/harness.ts';
import { balanceOf } from '../ledger/ledger.ts';
import { pdfText } from '../receipts/pdf.ts';
import { makeAdmin, makeOrganizerUser, payOrder, postRefund } from './books-fixtures.ts';

const ready = await integrationDbReady();

describeIf(ready)('settlements and payouts', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let ev: EventFixture;
  let admin: Awaited<ReturnType<typeof makeAdmin>>;
  let support: Awaited<ReturnType<typeof makeAdmin>>;
  const payableCode = () => `organizer:${ev.organizerId}:event:${ev.eventId}:payable`;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    ev = await makeEvent(deps, { priceMinor: 45_000 });
    admin = await makeAdmin(deps, 'ADMIN', 'money@books.test');
    support = await makeAdmin(deps, 'SUPPORT', 'support@books.test');
  });
  afterAll(() => db?.close());

  describe('one event from sales to payouts', () => {
    let aliceOrder: Awaited<ReturnType<typeof payOrder>>;
    let firstPayoutId: string;

    it('settles sales from the ledger: gross includes the fee, fees are the platform’s share', async () => {
      const alice = await makeCustomer(deps, { firstName: 'Alice' });
      const bob = await makeCustomer(deps, { firstName: 'Bob' });
      aliceOrder = await payOrder(deps, alice.actor, ev, 2); // 2 × 450.00
      const bobOrder = await payOrder(deps, bob.actor, ev, 1, true); // 1 × 1,500.00 VIP
      expect(aliceOrder).toMatchObject({ totalMinor: 90_000, feeMinor: 4_500 });
      expect(bobOrder).toMatchObject({ totalMinor: 150_000, feeMinor: 7_500 });

      const s = await callerFor(deps, support.actor).admin.payouts.settlement({ eventId: ev.eventId });
      expect(s).toMatchObject({
        currency: 'EGP',
        grossMinor: 240_000,
        feesMinor: 12_000,
        refundsMinor: 0,
        adjustmentsMinor: 0,
        paidOutMinor: 0,
        pendingPayoutMinor: 0,
        owedMinor: 228_000,
        availableMinor: 228_000,
      });
      expect(await balanceOf(deps.db, payableCode())).toBe(-228_000);
      await expectLedgerConsistent(deps);
    });

    it('counts what a refund took back from the organizer', async () => {
      const r = await postRefund(deps, aliceOrder.orderId, 45_000);
      expect(r).toMatchObject({ feeReversalMinor: 2_250, payableMinor: 42_750 });
      const s = await callerFor(deps, admin.actor).admin.payouts.settlement({ eventId: ev.eventId });
      expect(s).toMatchObject({ grossMinor: 240_000, feesMinor: 12_000, refundsMinor: 42_750, owedMinor: 185_250 });
      expect(s.owedMinor).toBe(s.grossMinor - s.feesMinor - s.refundsMinor - s.adjustmentsMinor - s.paidOutMinor);
      await expectLedgerConsistent(deps);
    });

    it('creates a pending payout of exactly what is available, once per event', async () => {
      const api = callerFor(deps, admin.actor);
      const payout = await api.admin.payouts.create({ eventId: ev.eventId, note: 'Weekly run' });
      firstPayoutId = payout.id;
      expect(payout).toMatchObject({
        status: 'PENDING',
        organizerId: ev.organizerId,
        eventId: ev.eventId,
        currency: 'EGP',
        grossMinor: 240_000,
        feesMinor: 12_000,
        refundsMinor: 42_750,
        netMinor: 185_250,
        note: 'Weekly run',
        paidAt: null,
        invoiceUrl: `/api/organizer/payouts/${payout.id}/invoice/`,
      });
      expect(payout.reference).toMatch(new RegExp(`^PO-${deps.clock.now().getUTCFullYear()}-\\d{6}$`));
      expect(await api.admin.payouts.settlement({ eventId: ev.eventId })).toMatchObject({
        pendingPayoutMinor: 185_250,
        availableMinor: 0,
      });
      // nothing is posted until it is paid
      expect(await balanceOf(deps.db, payableCode())).toBe(-185_250);
      await expect(api.admin.payouts.create({ eventId: ev.eventId })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining(payout.reference),
      });
      // support reads the books but cannot move money
      await expect(callerFor(deps, support.actor).admin.payouts.create({ eventId: ev.eventId })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      expect((await callerFor(deps, support.actor).admin.payouts.list({ status: 'PENDING' })).items).toMatchObject([
        { id: payout.id },
      ]);
      expect(await deps.db.auditLog.count({ where: { action: 'payout.created', targetId: payout.id } })).toBe(1);
    });

    it('marks it paid: PAYOUT posted (Dr payable, Cr clearing), organizer told, nothing left', async () => {
      const organizer = await makeOrganizerUser(deps, ev.organizerId, '+201240000001');
      const clearingBefore = await balanceOf(deps.db, 'platform:clearing:EGP');
      const api = callerFor(deps, admin.actor);
      const paid = await api.admin.payouts.markPaid({ id: firstPayoutId });
      expect(paid).toMatchObject({ status: 'PAID', paidAt: expect.any(Date) });

      const tx = await deps.db.ledgerTransaction.findUniqueOrThrow({
        where: { idempotencyKey: `payout:${firstPayoutId}` },
        select: {
          kind: true,
          payoutId: true,
          entries: { select: { amountMinor: true, account: { select: { code: true } } } },
        },
      });
      expect(tx.kind).toBe('PAYOUT');
      expect(tx.payoutId).toBe(firstPayoutId);
      expect(tx.entries.map((e) => [e.account.code, e.amountMinor]).sort()).toEqual(
        [
          [payableCode(), 185_250],
          ['platform:clearing:EGP', -185_250],
        ].sort(),
      );
      expect(await balanceOf(deps.db, payableCode())).toBe(0);
      expect(await balanceOf(deps.db, 'platform:clearing:EGP')).toBe(clearingBefore - 185_250);
      expect(await api.admin.payouts.settlement({ eventId: ev.eventId })).toMatchObject({
        paidOutMinor: 185_250,
        pendingPayoutMinor: 0,
        owedMinor: 0,
        availableMinor: 0,
      });

      await expect(api.admin.payouts.markPaid({ id: firstPayoutId })).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(api.admin.payouts.create({ eventId: ev.eventId })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining('Nothing is available'),
      });
      const note = await deps.db.notification.findFirstOrThrow({
        where: { userId: organizer.user.id, kind: 'payout.paid' },
      });
      expect(note.body).toContain(paid.reference);
      expect(note.body.replace(/\u00a0/g, ' ')).toContain('EGP 1,852.50');
      expect(await deps.db.ledgerTransaction.count({ where: { payoutId: firstPayoutId } })).toBe(1);
      await expectLedgerConsistent(deps);
    });

    it('a later payout covers only what happened since the last one; cancelling releases it', async () => {
      const carol = await makeCustomer(deps, { firstName: 'Carol' });
      await payOrder(deps, carol.actor, ev, 1); // 450.00, fee 22.50
      const api = callerFor(deps, admin.actor);
      const second = await api.admin.payouts.create({ eventId: ev.eventId });
      expect(second).toMatchObject({ grossMinor: 45_000, feesMinor: 2_250, refundsMinor: 0, netMinor: 42_750 });
      const cancelled = await api.admin.payouts.cancel({ id: second.id });
      expect(cancelled.status).toBe('CANCELLED');
      await expect(api.admin.payouts.cancel({ id: second.id })).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(api.admin.payouts.markPaid({ id: second.id })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await deps.db.ledgerTransaction.count({ where: { payoutId: second.id } })).toBe(0);
      expect(await api.admin.payouts.settlement({ eventId: ev.eventId })).toMatchObject({ availableMinor: 42_750 });
      const list = await api.admin.payouts.list({ eventId: ev.eventId });
      expect(list.items.map((p) => p.status)).toEqual(['CANCELLED', 'PAID']);
      await expectLedgerConsistent(deps);
    });

    it('refuses to pay out more than is owed after refunds since the payout was created', async () => {
      const api = callerFor(deps, admin.actor);
      const third = await api.admin.payouts.create({ eventId: ev.eventId });
      expect(third.netMinor).toBe(42_750);
      const carolOrder = await deps.db.order.findFirstOrThrow({
        where: { customer: { firstName: 'Carol' } },
        select: { id: true },
      });
      await postRefund(deps, carolOrder.id, 45_000); // takes 42,750 back from the organizer
      await expect(api.admin.payouts.markPaid({ id: third.id })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining('cancel it'),
      });
      expect((await api.admin.payouts.get({ id: third.id })).status).toBe('PENDING');
      await api.admin.payouts.cancel({ id: third.id });
      await expectLedgerConsistent(deps);
    });

    it('cannot create two payouts for one event at the same time', async () => {
      const dave = await makeCustomer(deps, { firstName: 'Dave' });
      await payOrder(deps, dave.actor, ev, 2);
      const api = callerFor(deps, admin.actor);
      const results = await Promise.allSettled([
        api.admin.payouts.create({ eventId: ev.eventId }),
        api.admin.payouts.create({ eventId: ev.eventId }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
      expect(await deps.db.payout.count({ where: { eventId: ev.eventId, status: 'PENDING' } })).toBe(1);
      await expectLedgerConsistent(deps);
    });

    it('answers NOT_FOUND for unknown events and payouts', async () => {
      const api = callerFor(deps, admin.actor);
      const unknown = '00000000-0000-4000-8000-000000000000';
      await expect(api.admin.payouts.create({ eventId: unknown })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(api.admin.payouts.get({ id: unknown })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(api.admin.payouts.markPaid({ id: unknown })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('through the real checkout and refund flows', () => {
    it('settles and pays out a sale and a refund made by the product itself', async () => {
      const ev2 = await makeEvent(deps, { priceMinor: 30_000 });
      const customer = await makeCustomer(deps);
      const { order, paymentId } = await buyOrder(deps, customer.actor, ev2, 3);
      // checkout posted the sale itself (no fixture involved)
      expect(
        await deps.db.ledgerTransaction.findUnique({
          where: { idempotencyKey: `payment:${paymentId}` },
          select: { kind: true, orderId: true },
        }),
      ).toEqual({ kind: 'PAYMENT', orderId: order.id });

      const adminApi = callerFor(deps, admin.actor).admin;
      const refund = await adminApi.refunds.create({ orderId: order.id, amountMinor: 30_000, reason: 'ADMIN' });
      expect(refund.status).toBe('SUCCEEDED');
      const payable = `organizer:${ev2.organizerId}:event:${ev2.eventId}:payable`;
      const taken = await deps.db.ledgerEntry.aggregate({
        where: { account: { code: payable }, transaction: { kind: 'REFUND', refundId: refund.id } },
        _sum: { amountMinor: true },
      });
      const s = await adminApi.payouts.settlement({ eventId: ev2.eventId });
      expect(s).toMatchObject({ grossMinor: 90_000, feesMinor: 4_500, refundsMinor: taken._sum.amountMinor });
      expect(s.refundsMinor).toBeGreaterThan(0);
      expect(s.owedMinor).toBe(90_000 - 4_500 - s.refundsMinor);

      const payout = await adminApi.payouts.create({ eventId: ev2.eventId });
      expect(payout).toMatchObject({ grossMinor: 90_000, feesMinor: 4_500, netMinor: s.owedMinor });
      await adminApi.payouts.markPaid({ id: payout.id });
      expect(await balanceOf(deps.db, payable)).toBe(0);
      expect(await adminApi.payouts.settlement({ eventId: ev2.eventId })).toMatchObject({ availableMinor: 0 });
      await expectLedgerConsistent(deps);
    });
  });

  describe('organizers', () => {
    it('see only their own payouts and settlements, and download the statement PDF', async () => {
      const mine = await makeOrganizerUser(deps, ev.organizerId, '+201240000002');
      const otherEv = await makeEvent(deps);
      const theirs = await makeOrganizerUser(deps, otherEv.organizerId, '+201240000003');
      const buyer = await makeCustomer(deps);
      await payOrder(deps, buyer.actor, otherEv, 1);
      const otherPayout = await callerFor(deps, admin.actor).admin.payouts.create({ eventId: otherEv.eventId });

      const me = callerFor(deps, mine.actor);
      const page = await me.organizer.payouts.list({});
      expect(page.total).toBeGreaterThanOrEqual(3);
      expect(new Set(page.items.map((p) => p.organizerId))).toEqual(new Set([ev.organizerId]));
      expect(page.items.map((p) => p.id)).not.toContain(otherPayout.id);
      const paid = page.items.find((p) => p.status === 'PAID')!;
      expect(await me.organizer.payouts.get({ id: paid.id })).toMatchObject({ id: paid.id, netMinor: 185_250 });
      await expect(me.organizer.payouts.get({ id: otherPayout.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(me.organizer.payouts.invoice({ id: otherPayout.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(me.organizer.events.settlement({ id: otherEv.eventId })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(await me.organizer.events.settlement({ id: ev.eventId })).toMatchObject({
        eventId: ev.eventId,
        paidOutMinor: 185_250,
      });

      const server = await startTestServer(deps);
      try {
        const get = (path: string, token?: string) =>
          fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
        const res = await get(`/api/organizer/payouts/${paid.id}/invoice/`, mine.token);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/pdf');
        expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${paid.reference}.pdf"`);
        const pdf = Buffer.from(await res.arrayBuffer());
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const text = pdfText(pdf);
        for (const want of [
          paid.reference,
          'Payout statement',
          paid.eventTitle!,
          'EGP 2,400.00', // gross
          '-EGP 120.00', // fees
          '-EGP 427.50', // refunds
          'EGP 1,852.50', // net
          'Africa/Cairo',
        ]) {
          expect(text).toContain(want);
        }

        // the REST listing at the seed path
        const listed = await get('/api/organizer/payouts/', mine.token);
        expect(listed.status).toBe(200);
        expect(((await listed.json()) as { items: { id: string }[] }).items.map((p) => p.id)).toContain(paid.id);

        // another organizer, a customer, nobody
        const foreign = await get(`/api/organizer/payouts/${paid.id}/invoice/`, theirs.token);
        expect(foreign.status).toBe(404);
        expect(await foreign.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
        expect((await get(`/api/organizer/payouts/${paid.id}/invoice/`, buyer.token)).status).toBe(403);
        const anonymous = await get(`/api/organizer/payouts/${paid.id}/invoice/`);
        expect(anonymous.status).toBe(401);
        expect(await anonymous.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
        expect((await get(`/api/organizer/payouts/${otherPayout.id}/`, mine.token)).status).toBe(404);
      } finally {
        await server.close();
      }
      await expectLedgerConsistent(deps);
    });
  });
});
