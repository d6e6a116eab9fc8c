/**
 * Paying with the offline (test mode) provider through `appRouter.createCaller`: the settle path
 * (fees per line, fulfilment through the checkout kinds, the ledger), late payments refunded
 * automatically, saved payment methods, off-session charges, payment history, reconciliation of
 * a payment whose settle never happened, and ownership.
 */
import { ZOrderLineKind } from '@admit/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  bookOrder,
  buyOrder,
  callerFor,
  describeIf,
  type EventFixture,
  expectLedgerConsistent,
  integrationDbReady,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  testDeps,
} from '../../../test/harness.ts';
import { requestDeps } from '../../deps.ts';
import { CHECKOUT_KINDS, lineFeeMinor } from '../checkout/kinds.ts';
import { accounts, balanceOf } from '../ledger/ledger.ts';
import { expireHolds } from '../orders/orders.service.ts';
import { chargeSavedMethod } from './payments.service.ts';
import { createOfflineProvider } from './provider.ts';
import { reconcilePayments } from './reconcile.ts';

const ready = await integrationDbReady();

describeIf(ready)('payments (offline provider)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  const provider = createOfflineProvider();

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    deps.payments = provider;
  });
  afterAll(() => db?.close());

  const entriesOf = async (idempotencyKey: string) => {
    const tx = await deps.db.ledgerTransaction.findUniqueOrThrow({
      where: { idempotencyKey },
      include: { entries: { include: { account: { select: { code: true } } } } },
    });
    return Object.fromEntries(tx.entries.map((e) => [e.account.code, e.amountMinor]));
  };

  it('has a checkout kind for every order line kind', () => {
    expect(Object.keys(CHECKOUT_KINDS).sort()).toEqual([...ZOrderLineKind.options].sort());
    expect(lineFeeMinor(33_333, 750)).toBe(2_500); // 2 499.975 → 2 500
    expect(lineFeeMinor(1_001, 500)).toBe(50); // 50.05 → 50
    expect(lineFeeMinor(45_000, 0)).toBe(0);
  });

  it('settles an order of two lines: fee per line at the organizer’s rate, one payable, tickets per unit', async () => {
    const ev = await makeEvent(deps, { priceMinor: 33_333 });
    await deps.db.organizer.update({ where: { id: ev.organizerId }, data: { platformFeeBps: 750 } });
    const c = await makeCustomer(deps);
    const api = callerFor(deps, c.actor);
    const order = await bookOrder(deps, c.actor, ev, 1);
    // a second line (2 VIP at 1 500.00), as a multi-line checkout would write it
    await deps.db.ticketCategory.update({ where: { id: ev.vipId }, data: { reserved: { increment: 2 } } });
    await deps.db.orderLine.create({
      data: {
        orderId: order.id,
        kind: 'EVENT_TICKET',
        description: 'VIP',
        ticketCategoryId: ev.vipId,
        quantity: 2,
        unitPriceMinor: 150_000,
        totalMinor: 300_000,
      },
    });
    await deps.db.order.update({ where: { id: order.id }, data: { totalMinor: 333_333 } });

    const intent = await api.customer.payments.process({ orderId: order.id });
    expect(intent).toMatchObject({ provider: 'OFFLINE', testMode: true, clientSecret: null, publishableKey: null });
    const paid = await api.customer.payments.confirm({ paymentId: intent.paymentId });
    expect(paid.status).toBe('PAID');
    // 7.5 %: round(33 333 × 0.075) = 2 500 and round(300 000 × 0.075) = 22 500
    expect((await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).feeMinor).toBe(25_000);
    expect(await entriesOf(`payment:${intent.paymentId}`)).toEqual({
      'platform:clearing:EGP': 333_333,
      [`organizer:${ev.organizerId}:event:${ev.eventId}:payable`]: -308_333,
      'platform:revenue:fees:EGP': -25_000,
    });
    const tickets = await deps.db.ticket.groupBy({
      by: ['ticketCategoryId'],
      where: { orderId: order.id },
      _count: { _all: true },
    });
    expect(Object.fromEntries(tickets.map((t) => [t.ticketCategoryId, t._count._all]))).toEqual({
      [ev.standardId]: 1,
      [ev.vipId]: 2,
    });
    // confirming again settles nothing twice
    await api.customer.payments.confirm({ paymentId: intent.paymentId });
    expect(await deps.db.ticket.count({ where: { orderId: order.id } })).toBe(3);
    expect(await deps.db.ledgerTransaction.count({ where: { orderId: order.id } })).toBe(1);
    await expectLedgerConsistent(deps);
  });

  it('a payment that went through after the hold expired is refunded automatically and the customer told', async () => {
    const ev = await makeEvent(deps, { quota: 3 });
    const c = await makeCustomer(deps);
    const api = callerFor(deps, c.actor);
    const order = await bookOrder(deps, c.actor, ev, 2);
    const intent = await api.customer.payments.process({ orderId: order.id });
    const payment = await deps.db.payment.findUniqueOrThrow({ where: { id: intent.paymentId } });
    // the provider took the money, then the server went away before settling …
    await provider.confirm(payment.providerRef);
    // … and the hold lapsed meanwhile: the seats went back to the quota
    deps.clock.advance((deps.config.holdMinutes + 1) * 60_000);
    await expireHolds(deps);
    const dueBefore = await balanceOf(deps.db, accounts.refundsDue('EGP').code);

    await expect(api.customer.payments.confirm({ paymentId: intent.paymentId })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/refunded in full/),
    });
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: 'EXPIRED' });
    expect(await deps.db.payment.findUniqueOrThrow({ where: { id: intent.paymentId } })).toMatchObject({
      status: 'SUCCEEDED',
      refundedMinor: 90_000,
    });
    const refund = await deps.db.refund.findFirstOrThrow({ where: { paymentId: intent.paymentId } });
    expect(refund).toMatchObject({ reason: 'LATE_PAYMENT', status: 'SUCCEEDED', amountMinor: 90_000 });
    expect(refund.providerRef).toMatch(/^offre_/);
    expect(await entriesOf(`payment:${intent.paymentId}`)).toEqual({
      'platform:clearing:EGP': 90_000,
      'platform:refunds-due:EGP': -90_000,
    });
    expect(await entriesOf(`refund:${refund.id}`)).toEqual({
      'platform:refunds-due:EGP': 90_000,
      'platform:clearing:EGP': -90_000,
    });
    expect(await balanceOf(deps.db, accounts.refundsDue('EGP').code)).toBe(dueBefore);
    expect(await deps.db.ticket.count({ where: { orderId: order.id } })).toBe(0);
    expect((await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } })).reserved).toBe(0);
    const note = await deps.db.notification.findFirstOrThrow({
      where: { userId: c.user.id, kind: 'payment.late_refunded' },
    });
    expect(note.body).toContain(order.code);
    // asking again changes nothing
    await expect(api.customer.payments.confirm({ paymentId: intent.paymentId })).resolves.toMatchObject({
      status: 'EXPIRED',
    });
    expect(await deps.db.refund.count({ where: { paymentId: intent.paymentId } })).toBe(1);
    await expectLedgerConsistent(deps);
  });

  it('reconciliation finishes a payment the provider confirmed but Admit never settled, exactly once', async () => {
    const ev = await makeEvent(deps);
    const c = await makeCustomer(deps);
    const api = callerFor(deps, c.actor);
    const order = await bookOrder(deps, c.actor, ev, 2);
    const intent = await api.customer.payments.process({ orderId: order.id });
    const abandoned = await bookOrder(deps, c.actor, ev, 1);
    const unpaid = await api.customer.payments.process({ orderId: abandoned.id });
    const { providerRef } = await deps.db.payment.findUniqueOrThrow({ where: { id: intent.paymentId } });
    await provider.confirm(providerRef);
    deps.clock.advance(3 * 60_000);

    await Promise.all([reconcilePayments(requestDeps(deps)), reconcilePayments(requestDeps(deps))]);
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: 'PAID' });
    expect(await deps.db.ticket.count({ where: { orderId: order.id } })).toBe(2);
    expect(await deps.db.payment.count({ where: { orderId: order.id, status: 'SUCCEEDED' } })).toBe(1);
    expect(await deps.db.ledgerTransaction.count({ where: { orderId: order.id, kind: 'PAYMENT' } })).toBe(1);
    expect(await deps.db.notification.count({ where: { userId: c.user.id, kind: 'order.paid' } })).toBe(1);
    // a checkout nobody paid is never paid by reconciliation
    expect(await deps.db.payment.findUniqueOrThrow({ where: { id: unpaid.paymentId } })).toMatchObject({
      status: 'REQUIRES_CONFIRMATION',
    });
    expect((await deps.db.order.findUniqueOrThrow({ where: { id: abandoned.id } })).status).toBe('PENDING');
    await expectLedgerConsistent(deps);
  });

  it('saved methods: setup → confirm (first is default), idempotent, list, set default, remove promotes the newest', async () => {
    const c = await makeCustomer(deps);
    const api = callerFor(deps, c.actor);
    expect((await api.customer.paymentMethods.list({})).items).toEqual([]);
    const s1 = await api.customer.paymentMethods.setup({});
    expect(s1).toMatchObject({ setupRef: expect.stringMatching(/^offseti_/), clientSecret: null, testMode: true });
    const customerRef = (await deps.db.user.findUniqueOrThrow({ where: { id: c.user.id } })).stripeCustomerId;
    expect(customerRef).toMatch(/^offcus_/);
    const m1 = await api.customer.paymentMethods.confirmSetup({ setupRef: s1.setupRef });
    expect(m1).toMatchObject({ brand: 'visa', last4: '4242', isDefault: true, provider: 'OFFLINE' });
    expect(await api.customer.paymentMethods.confirmSetup({ setupRef: s1.setupRef })).toEqual(m1);
    await expect(api.customer.paymentMethods.confirmSetup({ setupRef: 'offseti_unknown' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const s2 = await api.customer.paymentMethods.setup({});
    expect((await deps.db.user.findUniqueOrThrow({ where: { id: c.user.id } })).stripeCustomerId).toBe(customerRef);
    deps.clock.advance(1000);
    const m2 = await api.customer.paymentMethods.confirmSetup({ setupRef: s2.setupRef });
    expect(m2.isDefault).toBe(false);
    const s3 = await api.customer.paymentMethods.setup({});
    deps.clock.advance(1000);
    const m3 = await api.customer.paymentMethods.confirmSetup({ setupRef: s3.setupRef });

    const afterDefault = await api.customer.paymentMethods.setDefault({ id: m2.id });
    expect(afterDefault.items.map((m) => [m.id, m.isDefault])).toEqual([
      [m2.id, true],
      [m3.id, false],
      [m1.id, false],
    ]);
    await api.customer.paymentMethods.remove({ id: m2.id });
    expect((await api.customer.paymentMethods.list({})).items.map((m) => [m.id, m.isDefault])).toEqual([
      [m3.id, true],
      [m1.id, false],
    ]);
    await expect(api.customer.paymentMethods.remove({ id: m2.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // another customer can neither see, use, nor touch them
    const other = callerFor(deps, (await makeCustomer(deps)).actor);
    expect((await other.customer.paymentMethods.list({})).items).toEqual([]);
    await expect(other.customer.paymentMethods.setDefault({ id: m3.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(other.customer.paymentMethods.remove({ id: m3.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await other.customer.paymentMethods.setup({});
    await expect(other.customer.paymentMethods.confirmSetup({ setupRef: s3.setupRef })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await deps.db.savedPaymentMethod.count({ where: { userId: c.user.id } })).toBe(2);
  });

  it('off-session charges of the default card: success settles the order; test card …0002 is declined with a notice', async () => {
    const ev = await makeEvent(deps, { priceMinor: 20_000 });
    const c = await makeCustomer(deps);
    const api = callerFor(deps, c.actor);
    const order = await bookOrder(deps, c.actor, ev, 1);
    await expect(chargeSavedMethod(requestDeps(deps), { userId: c.user.id, orderId: order.id })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    const s = await api.customer.paymentMethods.setup({});
    const card = await api.customer.paymentMethods.confirmSetup({ setupRef: s.setupRef });
    const ok = await chargeSavedMethod(requestDeps(deps), { userId: c.user.id, orderId: order.id });
    expect(ok).toMatchObject({ status: 'SUCCEEDED', failureReason: null, orderId: order.id });
    expect((await api.customer.orders.get({ orderId: order.id })).status).toBe('PAID');
    expect(await deps.db.payment.findUniqueOrThrow({ where: { id: ok.paymentId } })).toMatchObject({
      offSession: true,
      paymentMethodRef: (await deps.db.savedPaymentMethod.findUniqueOrThrow({ where: { id: card.id } })).providerRef,
    });
    // charging the paid order again is refused; nothing twice
    await expect(chargeSavedMethod(requestDeps(deps), { userId: c.user.id, orderId: order.id })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    expect(await deps.db.ticket.count({ where: { orderId: order.id } })).toBe(1);

    // Stripe's test card 4000 0000 0000 0002, saved and made the default
    const declining = await deps.db.savedPaymentMethod.create({
      data: {
        userId: c.user.id,
        provider: 'OFFLINE',
        providerRef: `offpm_test_${Date.now()}_0002`,
        brand: 'visa',
        last4: '0002',
        expMonth: 1,
        expYear: 2035,
      },
    });
    await api.customer.paymentMethods.setDefault({ id: declining.id });
    const order2 = await bookOrder(deps, c.actor, ev, 1);
    const no = await chargeSavedMethod(requestDeps(deps), { userId: c.user.id, orderId: order2.id });
    expect(no).toMatchObject({ status: 'FAILED', failureReason: 'Your card was declined. (test mode)' });
    expect((await api.customer.orders.get({ orderId: order2.id })).status).toBe('PENDING');
    expect(await deps.db.ticket.count({ where: { orderId: order2.id } })).toBe(0);
    const note = await deps.db.notification.findFirstOrThrow({ where: { userId: c.user.id, kind: 'payment.failed' } });
    expect(note.body).toContain(order2.code);

    // the history: newest first, the decline with its reason, the saved card shown
    const history = await api.customer.paymentHistory({ page: 1, pageSize: 10 });
    expect(history).toMatchObject({ total: 2, page: 1 });
    expect(history.items).toEqual([
      expect.objectContaining({ orderCode: order2.code, status: 'FAILED', card: { brand: 'visa', last4: '0002' } }),
      expect.objectContaining({
        orderCode: order.code,
        status: 'SUCCEEDED',
        amountMinor: 20_000,
        currency: 'EGP',
        provider: 'OFFLINE',
        card: { brand: 'visa', last4: '4242' },
        refunds: [],
      }),
    ]);
    await expectLedgerConsistent(deps);
  });

  it('payment history: only the customer’s own payments, with refunds, paginated newest first', async () => {
    const ev: EventFixture = await makeEvent(deps);
    const c = await makeCustomer(deps);
    const api = callerFor(deps, c.actor);
    const paid: string[] = [];
    for (let i = 0; i < 3; i++) {
      deps.clock.advance(1000);
      const { order } = await buyOrder(deps, c.actor, ev, 1);
      paid.push(order.code);
    }
    // an unconfirmed checkout is not a payment
    const open = await bookOrder(deps, c.actor, ev, 1);
    await api.customer.payments.process({ orderId: open.id });
    const { createRefund } = await import('../refunds/refunds.service.ts');
    const first = await deps.db.order.findUniqueOrThrow({ where: { code: paid[0]! } });
    await createRefund(requestDeps(deps), { orderId: first.id, reason: 'ADMIN', applyFee: false });

    const page1 = await api.customer.paymentHistory({ page: 1, pageSize: 2 });
    expect(page1).toMatchObject({ total: 3, totalPages: 2 });
    expect(page1.items.map((i) => i.orderCode)).toEqual([paid[2], paid[1]]);
    const page2 = await api.customer.paymentHistory({ page: 2, pageSize: 2 });
    expect(page2.items).toEqual([
      expect.objectContaining({
        orderCode: paid[0],
        refundedMinor: 45_000,
        refunds: [expect.objectContaining({ status: 'SUCCEEDED', amountMinor: 45_000, reason: 'ADMIN' })],
      }),
    ]);
    const stranger = callerFor(deps, (await makeCustomer(deps)).actor);
    expect(await stranger.customer.paymentHistory({ page: 1, pageSize: 10 })).toMatchObject({ total: 0, items: [] });
    await expect(stranger.customer.payments.confirm({ paymentId: page1.items[0]!.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expectLedgerConsistent(deps);
  });
});
