/**
 * Customers' orders and PDF receipts (seed 002 "PDF Receipt", "Receipt Storage"): every paid
 * order has a receipt in the customer's account, showing what was paid, how, and what was
 * refunded; nobody else can read it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  bookOrder,
  callerFor,
  describeIf,
  type EventFixture,
  expectLedgerConsistent,
  integrationDbReady,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  signIn,
  startTestServer,
  testDeps,
} from '../../../test/harness.ts';
import { render } from '../notifications/templates.ts';
import { payOrder, postRefund } from '../payouts/books-fixtures.ts';
import { makeSeatingAdmin, seatEvent } from '../seating/seating-fixtures.ts';
import { pdfText } from './pdf.ts';
import { receiptUrl } from './receipts.service.ts';

const ready = await integrationDbReady();

describeIf(ready)('orders and receipts', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let ev: EventFixture;
  let alice: Awaited<ReturnType<typeof makeCustomer>>;
  let bob: Awaited<ReturnType<typeof makeCustomer>>;
  let paid: Awaited<ReturnType<typeof payOrder>>;
  let pendingId: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    ev = await makeEvent(deps, { priceMinor: 45_000 });
    alice = await makeCustomer(deps, { firstName: 'Alice' });
    bob = await makeCustomer(deps, { firstName: 'Bob' });
    paid = await payOrder(deps, alice.actor, ev, 2);
    await postRefund(deps, paid.orderId, 45_000);
    const pending = await bookOrder(deps, alice.actor, ev, 1);
    pendingId = pending.id;
  });
  afterAll(() => db?.close());

  it('shows an order with its payments, refunds, net paid and receipt link', async () => {
    const api = callerFor(deps, alice.actor);
    const order = await api.customer.orders.get({ orderId: paid.orderId });
    expect(order).toMatchObject({
      code: paid.code,
      status: 'PAID',
      totalMinor: 90_000,
      refundedMinor: 45_000,
      netPaidMinor: 45_000,
      event: { id: ev.eventId, timeZone: 'Africa/Cairo' },
      payments: [{ provider: 'OFFLINE', status: 'SUCCEEDED', amountMinor: 90_000, method: 'Test mode' }],
      refunds: [{ status: 'SUCCEEDED', amountMinor: 45_000, reason: 'REQUESTED_BY_CUSTOMER' }],
      receiptUrl: `${deps.config.publicUrl}/api/v1/users/orders/${paid.orderId}/receipt/`,
    });
    expect(order.payments[0]!.succeededAt).toBeInstanceOf(Date);
    expect(order.refunds[0]!.succeededAt).toBeInstanceOf(Date);
    expect((await api.customer.orders.get({ orderId: pendingId })).receiptUrl).toBeNull();
    await expect(callerFor(deps, bob.actor).customer.orders.get({ orderId: paid.orderId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expectLedgerConsistent(deps);
  });

  it('lists only my orders, newest first, filtered by status', async () => {
    const mine = await callerFor(deps, alice.actor).customer.orders.list({});
    expect(mine.items.map((o) => o.id)).toEqual([pendingId, paid.orderId]);
    const onlyPaid = await callerFor(deps, alice.actor).customer.orders.list({ status: 'PAID' });
    expect(onlyPaid).toMatchObject({ total: 1, items: [{ id: paid.orderId, netPaidMinor: 45_000 }] });
    expect((await callerFor(deps, bob.actor).customer.orders.list({})).total).toBe(0);
  });

  it('names a saved card by brand and last four digits', async () => {
    const carol = await makeCustomer(deps, { firstName: 'Carol' });
    const order = await payOrder(deps, carol.actor, ev, 1);
    await deps.db.savedPaymentMethod.create({
      data: {
        userId: carol.user.id,
        provider: 'STRIPE',
        providerRef: 'pm_receipt_test',
        brand: 'visa',
        last4: '4242',
        expMonth: 12,
        expYear: 2030,
      },
    });
    await deps.db.payment.update({
      where: { id: order.paymentId },
      data: { provider: 'STRIPE', paymentMethodRef: 'pm_receipt_test' },
    });
    const detail = await callerFor(deps, carol.actor).customer.orders.get({ orderId: order.orderId });
    expect(detail.payments[0]!.method).toBe('Visa •••• 4242');
    const pdf = Buffer.from((await callerFor(deps, carol.actor).customer.orders.receipt(order)).base64, 'base64');
    expect(pdfText(pdf)).toContain('Visa •••• 4242');
    await expectLedgerConsistent(deps);
  });

  it('serves the PDF receipt to its customer only, over HTTP', async () => {
    const server = await startTestServer(deps);
    try {
      const get = (id: string, headers: Record<string, string> = {}) =>
        fetch(`${server.url}/api/v1/users/orders/${id}/receipt/`, { headers });
      const res = await get(paid.orderId, { authorization: `Bearer ${alice.token}` });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="receipt-${paid.code}.pdf"`);
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(pdf);
      for (const want of [
        'Payment receipt',
        paid.code,
        'Alice Hassan',
        'EGP 450.00', // unit price
        'EGP 900.00', // line total, order total, paid
        'Test mode',
        '-EGP 450.00', // the refund
        'Net paid',
        'Africa/Cairo',
        'UTC',
      ]) {
        expect(text).toContain(want);
      }
      expect(text.split('\n')).toContain('Requested by you');

      // the SPA's session cookie works too
      expect((await get(paid.orderId, { cookie: `admit_session=${alice.token}` })).status).toBe(200);

      const other = await get(paid.orderId, { authorization: `Bearer ${bob.token}` });
      expect(other.status).toBe(404);
      expect(await other.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
      const unpaid = await get(pendingId, { authorization: `Bearer ${alice.token}` });
      expect(unpaid.status).toBe(409);
      expect(await unpaid.json()).toMatchObject({ error: { code: 'INVALID_STATE' } });
      expect((await get(paid.orderId)).status).toBe(401);
      expect((await get('not-a-uuid', { authorization: `Bearer ${alice.token}` })).status).toBe(400);
    } finally {
      await server.close();
    }
  });

  it('prints the seat of each seated ticket (section · row · seat), in seat order', async () => {
    const admin = (await signIn(deps, await makeSeatingAdmin(deps))).actor;
    const seatedEv = await makeEvent(deps, { startsInMinutes: 10 * 24 * 60 });
    const { seat } = await seatEvent(deps, admin, seatedEv);
    const dina = await makeCustomer(deps, { firstName: 'Dina' });
    const api = callerFor(deps, dina.actor);
    const seats = ['Box A-2', 'Stalls B-10', 'Stalls B-9'].map(seat);
    await api.customer.seating.hold({ eventId: seatedEv.eventId, seatIds: seats });
    const order = await api.customer.seating.book({ eventId: seatedEv.eventId, seatIds: seats });
    const intent = await api.customer.payments.process({ orderId: order.id });
    await api.customer.payments.confirm({ paymentId: intent.paymentId });
    // one ticket no longer valid (as after a refund): its seat is marked, not dropped
    const box = await deps.db.ticket.findFirstOrThrow({ where: { orderId: order.id, seatId: seat('Box A-2') } });
    await deps.db.ticket.update({ where: { id: box.id }, data: { status: 'REFUNDED' } });

    const text = pdfText(Buffer.from((await api.customer.orders.receipt({ orderId: order.id })).base64, 'base64'));
    expect(text).toContain('Seats');
    const at = (s: string) => {
      expect(text).toContain(s);
      return text.indexOf(s);
    };
    // map order (Stalls before Box), then row and seat number naturally (9 before 10)
    const b9 = at('Stalls · Row B · Seat 9');
    const b10 = at('Stalls · Row B · Seat 10');
    const a2 = at('Box · Row A · Seat 2 (refunded)');
    expect(b9).toBeLessThan(b10);
    expect(b10).toBeLessThan(a2);
    expect(text).toContain(box.reference);
    expect(text).toContain('VIP');

    // a general-admission order has no seats section
    const ga = pdfText(
      Buffer.from((await callerFor(deps, alice.actor).customer.orders.receipt(paid)).base64, 'base64'),
    );
    expect(ga.split('\n')).not.toContain('Seats');
    await expectLedgerConsistent(deps);
  });

  it('links the receipt from the payment e-mail when the link is given', () => {
    const url = receiptUrl(deps.config, paid.orderId);
    const mail = render('order.paid', { orderCode: paid.code, tickets: 2, receiptUrl: url });
    expect(mail.html).toContain(`<a href="${url}">Download your receipt (PDF)</a>`);
    expect(render('order.paid', { orderCode: paid.code, tickets: 2 }).html).not.toContain('receipt');
  });
});
