/**
 * Stripe end to end through the real HTTP server: `startTestServer` with STRIPE_* puts the Stripe
 * provider (the official SDK) into deps.payments; MSW answers api.stripe.com with the in-memory
 * fake of server/test/stripe-mock.ts; webhooks are POSTed to /webhooks/stripe signed like Stripe
 * signs them. Proves: checkout → webhook → PAID once; bad signatures change nothing; every event
 * type lands in the same state however often and in whatever order it arrives; disputes, late
 * payments, reconciliation and cancelled intents of lapsed holds.
 */
import { randomBytes } from 'node:crypto';
import { setupServer } from 'msw/node';
import type Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
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
  startTestServer,
  testDeps,
} from '../../../test/harness.ts';
import { FakeStripe, STRIPE_TEST_ENV } from '../../../test/stripe-mock.ts';
import { requestDeps } from '../../deps.ts';
import { expireHolds } from '../orders/orders.service.ts';
import { chargeSavedMethod } from './payments.service.ts';
import { cancelIntentJob, reconcilePayments, refundLateJob } from './reconcile.ts';
import { createStripeProvider } from './stripe-provider.ts';

const ready = await integrationDbReady();
const fake = new FakeStripe();
const msw = setupServer(...fake.handlers);

/** mulberry32: a seeded shuffle, so a failing order can be replayed */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffle<T>(items: T[], seed: number): T[] {
  const rand = seeded(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describeIf(ready)('Stripe payments through the real server', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    msw.listen({
      onUnhandledRequest: (request, print) => {
        if (new URL(request.url).hostname !== '127.0.0.1') print.error();
      },
    });
    db = await openTestDatabase();
    deps = testDeps(db, STRIPE_TEST_ENV);
    deps.payments = createStripeProvider(deps.config.stripe!);
    server = await startTestServer(deps, STRIPE_TEST_ENV);
  });
  afterEach(() => {
    fake.refundStatus = 'succeeded';
  });
  afterAll(async () => {
    await server?.close();
    msw.close();
    await db?.close();
  });

  const rest = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
    return { status: res.status, body: (await res.json()) as any };
  };

  /** Books `quantity` Standard tickets and starts paying over REST; returns the order, intent and pi id. */
  async function checkout(ev: EventFixture, token: string, quantity = 1) {
    const order = await rest('POST', '/v1/tickets/book/', token, {
      eventId: ev.eventId,
      ticketCategoryId: ev.standardId,
      quantity,
    });
    expect(order.status).toBe(200);
    const intent = await rest('POST', '/v1/payments/process/', token, { orderId: order.body.id });
    expect(intent.status).toBe(200);
    const payment = await deps.db.payment.findUniqueOrThrow({ where: { id: intent.body.paymentId } });
    return { order: order.body, intent: intent.body, pi: payment.providerRef, paymentId: payment.id };
  }

  /** The ledger lines of one posting, by account code. */
  async function posting(idempotencyKey: string) {
    const tx = await deps.db.ledgerTransaction.findUnique({
      where: { idempotencyKey },
      include: { entries: { include: { account: { select: { code: true } } } } },
    });
    return tx ? Object.fromEntries(tx.entries.map((e) => [e.account.code, e.amountMinor])) : null;
  }

  it('book → process (client secret) → the card succeeds → the signed webhook pays the order once', async () => {
    const ev = await makeEvent(deps, { priceMinor: 45_000 });
    const c = await makeCustomer(deps);
    const { order, intent, pi, paymentId } = await checkout(ev, c.token, 2);
    expect(intent).toMatchObject({
      provider: 'STRIPE',
      status: 'REQUIRES_CONFIRMATION',
      amountMinor: 90_000,
      currency: 'EGP',
      publishableKey: STRIPE_TEST_ENV.STRIPE_PUBLISHABLE_KEY,
      testMode: true,
    });
    expect(intent.clientSecret).toBe(fake.intent(pi).client_secret);
    expect(fake.intent(pi)).toMatchObject({
      amount: 90_000,
      currency: 'egp',
      metadata: { orderId: order.id, orderCode: order.code },
      automatic_payment_methods: { enabled: true },
    });
    // a second process (double click, page reload) reuses the intent: one create, keyed by the order
    const again = await rest('POST', '/v1/payments/process/', c.token, { orderId: order.id });
    expect(again.body).toMatchObject({ paymentId, clientSecret: intent.clientSecret });
    const creates = fake.calls.filter((x) => x.method === 'POST' && x.path === '/v1/payment_intents');
    expect(creates.filter((x) => x.idempotencyKey === `order:${order.id}:intent`)).toHaveLength(1);

    // the browser has not paid yet: confirm answers the order still pending (no error)
    expect((await rest('POST', '/v1/payments/confirm/', c.token, { paymentId })).body.status).toBe('PENDING');

    fake.succeedIntent(pi);
    const event = fake.intentEvent('succeeded', pi);
    expect(await fake.deliver(server.url, event)).toEqual({
      status: 200,
      body: { received: true, outcome: 'applied' },
    });
    expect(await fake.deliver(server.url, event)).toEqual({
      status: 200,
      body: { received: true, outcome: 'duplicate' },
    });

    const paid = await rest('GET', `/v1/orders/${order.id}/`, c.token);
    expect(paid.body).toMatchObject({ status: 'PAID' });
    expect(await deps.db.ticket.count({ where: { orderId: order.id } })).toBe(2);
    expect(await deps.db.payment.findUniqueOrThrow({ where: { id: paymentId } })).toMatchObject({
      status: 'SUCCEEDED',
      paymentMethodRef: fake.intent(pi).payment_method,
    });
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ feeMinor: 4_500 });
    // Dr clearing 900.00, Cr organizer 855.00 (net of the 5 % fee), Cr fee revenue 45.00
    expect(await posting(`payment:${paymentId}`)).toEqual({
      'platform:clearing:EGP': 90_000,
      [`organizer:${ev.organizerId}:event:${ev.eventId}:payable`]: -85_500,
      'platform:revenue:fees:EGP': -4_500,
    });
    expect(await deps.db.webhookEvent.count({ where: { id: event.id } })).toBe(1);
    // the customer's late confirm after the webhook: PAID, nothing settles twice
    expect((await rest('POST', '/v1/payments/confirm/', c.token, { paymentId })).body.status).toBe('PAID');
    expect(await deps.db.ticket.count({ where: { orderId: order.id } })).toBe(2);
    await expectLedgerConsistent(deps);
  });

  it('refuses a missing, wrong or tampered signature with 400 and writes nothing', async () => {
    const ev = await makeEvent(deps);
    const c = await makeCustomer(deps);
    const { order, pi, paymentId } = await checkout(ev, c.token);
    fake.succeedIntent(pi);
    const event = fake.intentEvent('succeeded', pi);
    const before = await deps.db.webhookEvent.count();

    const wrong = await fake.deliver(server.url, event, 'whsec_not_the_endpoint_secret');
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ error: { code: 'BAD_REQUEST', message: expect.any(String) } });
    const { payload, headers } = fake.signedDelivery(event);
    const tampered = await fetch(`${server.url}/webhooks/stripe`, {
      method: 'POST',
      headers,
      body: payload.replace(`"amount": ${fake.intent(pi).amount}`, '"amount": 1'),
    });
    expect(tampered.status).toBe(400);
    const unsigned = await fetch(`${server.url}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
    });
    expect(unsigned.status).toBe(400);
    const text = JSON.stringify([wrong.body, await tampered.json(), await unsigned.json()]);
    expect(text).not.toMatch(/whsec_|sk_test|\bat \w+ \(|stack/);

    expect(await deps.db.webhookEvent.count()).toBe(before);
    expect(await deps.db.payment.findUniqueOrThrow({ where: { id: paymentId } })).toMatchObject({
      status: 'REQUIRES_CONFIRMATION',
    });
    expect((await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('PENDING');

    // a correctly signed event of a type Admit does not act on: 200, ignored, not recorded
    const other = fake.event('customer.created', { id: 'cus_x', object: 'customer' });
    expect(await fake.deliver(server.url, other)).toEqual({
      status: 200,
      body: { received: true, outcome: 'ignored' },
    });
    expect(await deps.db.webhookEvent.count()).toBe(before);
  });

  it('confirm: a decline is CONFLICT with the message, the customer retries on the same intent, processing stays pending', async () => {
    const ev = await makeEvent(deps);
    const c = await makeCustomer(deps);
    const { order, pi, paymentId } = await checkout(ev, c.token);

    fake.failIntent(pi, 'Your card has insufficient funds.');
    const declined = await rest('POST', '/v1/payments/confirm/', c.token, { paymentId });
    expect(declined.status).toBe(409);
    expect(declined.body.error).toMatchObject({ code: 'CONFLICT', message: 'Your card has insufficient funds.' });
    expect(await deps.db.payment.findUniqueOrThrow({ where: { id: paymentId } })).toMatchObject({
      status: 'FAILED',
      failureReason: 'Your card has insufficient funds.',
    });
    // paying again offers the same intent (Stripe lets a declined intent take another card)
    const retry = await rest('POST', '/v1/payments/process/', c.token, { orderId: order.id });
    expect(retry.body).toMatchObject({ paymentId, status: 'REQUIRES_CONFIRMATION' });

    fake.processIntent(pi);
    expect((await rest('POST', '/v1/payments/confirm/', c.token, { paymentId })).body.status).toBe('PENDING');
    fake.succeedIntent(pi);
    expect((await rest('POST', '/v1/payments/confirm/', c.token, { paymentId })).body.status).toBe('PAID');
    expect(await deps.db.ticket.count({ where: { orderId: order.id } })).toBe(1);
    await expectLedgerConsistent(deps);
  });

  /** One "world": its own event and customer, each kind of event once, with labels for a snapshot. */
  async function buildWorld() {
    const ev = await makeEvent(deps, { priceMinor: 30_000, quota: 40 });
    const c = await makeCustomer(deps);
    const api = callerFor(deps, c.actor);
    const labels = new Map<string, string>();
    const events: Stripe.Event[] = [];
    const start = async (label: string, quantity = 1) => {
      const x = await checkout(ev, c.token, quantity);
      labels.set(x.order.id, label);
      return x;
    };

    const a = await start('succeeded', 2);
    fake.succeedIntent(a.pi);
    events.push(fake.intentEvent('succeeded', a.pi));

    const b = await start('failed-then-succeeded');
    fake.failIntent(b.pi);
    events.push(fake.intentEvent('payment_failed', b.pi));
    fake.succeedIntent(b.pi);
    events.push(fake.intentEvent('succeeded', b.pi));

    const f = await start('failed');
    fake.failIntent(f.pi, 'Do not honour.');
    events.push(fake.intentEvent('payment_failed', f.pi));

    const x = await start('canceled');
    fake.intent(x.pi).status = 'canceled';
    events.push(fake.intentEvent('canceled', x.pi));

    const d = await start('disputed', 3);
    fake.succeedIntent(d.pi);
    events.push(fake.intentEvent('succeeded', d.pi));
    events.push(fake.disputeEvent(d.pi, { amount: 90_000, reason: 'fraudulent' }));

    // money that arrives for an order the customer had cancelled: refunded (LATE_PAYMENT)
    const l = await start('late');
    await api.customer.orders.cancel({ orderId: l.order.id });
    fake.succeedIntent(l.pi);
    events.push(fake.intentEvent('succeeded', l.pi));

    // a refund the refunds module started (provider answered `pending`); the webhook finishes it
    const r = await start('refunded', 2);
    fake.succeedIntent(r.pi);
    await api.customer.payments.confirm({ paymentId: r.paymentId });
    const { createRefund } = await import('../refunds/refunds.service.ts');
    fake.refundStatus = 'pending';
    const refund = await createRefund(requestDeps(deps), { orderId: r.order.id, reason: 'ADMIN', applyFee: false });
    fake.refundStatus = 'succeeded';
    const stored = await deps.db.refund.findUniqueOrThrow({ where: { id: refund.id } });
    expect(stored).toMatchObject({ status: 'PENDING', providerRef: expect.stringMatching(/^re_/) });
    fake.settleRefund(stored.providerRef!);
    events.push(fake.chargeRefundedEvent(r.pi));

    return { ev, labels, events };
  }

  type World = Awaited<ReturnType<typeof buildWorld>>;

  /** Everything the events decide, with ids replaced by scenario labels. */
  async function snapshot(w: World) {
    const orderIds = [...w.labels.keys()];
    const name = (code: string) => code.replace(w.ev.organizerId, '<organizer>').replace(w.ev.eventId, '<event>');
    const orders = await deps.db.order.findMany({
      where: { id: { in: orderIds } },
      select: {
        id: true,
        status: true,
        feeMinor: true,
        refundedMinor: true,
        paidAt: true,
        _count: { select: { tickets: true } },
        tickets: { select: { status: true } },
        payments: {
          select: { status: true, failureReason: true, disputedAt: true, refundedMinor: true, paymentMethodRef: true },
        },
        refunds: { select: { status: true, reason: true, amountMinor: true } },
      },
    });
    const entries = await deps.db.ledgerEntry.findMany({
      where: { transaction: { orderId: { in: orderIds } } },
      select: { amountMinor: true, account: { select: { code: true } }, transaction: { select: { kind: true } } },
    });
    const ledger: Record<string, number> = {};
    for (const e of entries) {
      const k = `${e.transaction.kind} ${name(e.account.code)}`;
      ledger[k] = (ledger[k] ?? 0) + e.amountMinor;
    }
    return {
      orders: Object.fromEntries(
        orders
          .map((o) => [
            w.labels.get(o.id)!,
            {
              status: o.status,
              feeMinor: o.feeMinor,
              refundedMinor: o.refundedMinor,
              paid: o.paidAt !== null,
              tickets: o._count.tickets,
              ticketStatuses: o.tickets.map((t) => t.status).sort(),
              payments: o.payments.map((p) => ({
                status: p.status,
                failureReason: p.failureReason,
                disputed: p.disputedAt !== null,
                refundedMinor: p.refundedMinor,
                card: p.paymentMethodRef !== null,
              })),
              refunds: o.refunds.map((r) => `${r.reason} ${r.status} ${r.amountMinor}`).sort(),
            },
          ])
          .sort(([a], [b]) => String(a).localeCompare(String(b))),
      ),
      ledger: Object.fromEntries(Object.entries(ledger).sort()),
      webhookEvents: await deps.db.webhookEvent.count({ where: { id: { in: w.events.map((e) => e.id) } } }),
    };
  }

  /** Delivers over HTTP; every answer must be 200. Then the late-payment refunds run (their job). */
  async function deliverAll(events: Stripe.Event[]) {
    for (const e of events) {
      const res = await fake.deliver(server.url, e);
      expect(res.status, `${e.type} ${e.id}`).toBe(200);
    }
    const jobs = await deps.db.job.findMany({ where: { type: 'payments.refund-late', status: 'PENDING' } });
    for (const j of jobs) {
      await refundLateJob(deps, j.payload);
      await deps.db.job.update({ where: { id: j.id }, data: { status: 'SUCCEEDED' } });
    }
  }

  it('every event delivered three times in shuffled order (and once in reverse) leaves the same state as one in-order delivery', async () => {
    const seed = Number(process.env.WEBHOOK_SHUFFLE_SEED ?? 20_261_121);
    const inOrder = await buildWorld();
    const reversed = await buildWorld();
    const shuffled = await buildWorld();
    await deliverAll(inOrder.events);
    // reversed: every "later" event first (succeeded before payment_failed, the dispute before the payment)
    await deliverAll([...reversed.events].reverse());
    const replayed = shuffle([...shuffled.events, ...shuffled.events, ...shuffled.events], seed);
    await deliverAll(replayed);

    const expected = await snapshot(inOrder);
    expect(await snapshot(reversed)).toEqual(expected);
    expect(await snapshot(shuffled), `shuffle seed ${seed}`).toEqual(expected);
    // and the state itself is right
    expect(expected.orders).toMatchObject({
      succeeded: { status: 'PAID', tickets: 2, payments: [{ status: 'SUCCEEDED' }] },
      'failed-then-succeeded': { status: 'PAID', tickets: 1, payments: [{ status: 'SUCCEEDED', failureReason: null }] },
      failed: { status: 'PENDING', tickets: 0, payments: [{ status: 'FAILED', failureReason: 'Do not honour.' }] },
      canceled: { status: 'PENDING', tickets: 0, payments: [{ status: 'CANCELED' }] },
      disputed: { status: 'PAID', tickets: 3, payments: [{ status: 'SUCCEEDED', disputed: true }] },
      late: {
        status: 'CANCELLED',
        tickets: 0,
        payments: [{ status: 'SUCCEEDED', refundedMinor: 30_000 }],
        refunds: ['LATE_PAYMENT SUCCEEDED 30000'],
      },
      refunded: { status: 'REFUNDED', refunds: ['ADMIN SUCCEEDED 60000'], ticketStatuses: ['REFUNDED', 'REFUNDED'] },
    });
    expect(expected.ledger).toMatchObject({
      'DISPUTE platform:disputes:EGP': 90_000,
      'DISPUTE platform:clearing:EGP': -90_000,
      'PAYMENT platform:refunds-due:EGP': -30_000,
      'REFUND platform:refunds-due:EGP': 30_000,
    });
    expect(expected.webhookEvents).toBe(inOrder.events.length);
    await expectLedgerConsistent(deps);
  });

  it('a dispute marks the payment, moves the money to disputes, logs a warning and tells every admin once', async () => {
    const admin = await deps.db.user.create({
      data: {
        role: 'ADMIN',
        adminLevel: 'SUPPORT',
        email: `admin.${randomBytes(3).toString('hex')}@admit.test`,
        firstName: 'Ada',
        lastName: 'Admin',
        passwordHash: 'x',
      },
    });
    const ev = await makeEvent(deps);
    const c = await makeCustomer(deps);
    const { order, pi, paymentId } = await checkout(ev, c.token);
    fake.succeedIntent(pi);
    await fake.deliver(server.url, fake.intentEvent('succeeded', pi));
    const dispute = fake.disputeEvent(pi, { amount: 45_000, reason: 'product_not_received' });
    const disputeId = (dispute.data.object as { id: string }).id;
    for (let i = 0; i < 3; i++) expect((await fake.deliver(server.url, dispute)).status).toBe(200);

    expect((await deps.db.payment.findUniqueOrThrow({ where: { id: paymentId } })).disputedAt).not.toBeNull();
    expect(await posting(`dispute:${disputeId}`)).toEqual({
      'platform:disputes:EGP': 45_000,
      'platform:clearing:EGP': -45_000,
    });
    const logs = await deps.db.systemLog.findMany({ where: { source: 'payments', message: { contains: order.code } } });
    expect(logs).toEqual([expect.objectContaining({ level: 'WARN' })]);
    const notes = await deps.db.notification.findMany({ where: { userId: admin.id, kind: 'payment.disputed' } });
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toContain(order.code);
    await expectLedgerConsistent(deps);
  });

  it('a payment that succeeds after the order was cancelled is refunded in full, never lost', async () => {
    const ev = await makeEvent(deps, { quota: 5 });
    const c = await makeCustomer(deps);
    const { order, pi, paymentId } = await checkout(ev, c.token, 2);
    await callerFor(deps, c.actor).customer.orders.cancel({ orderId: order.id });
    expect((await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } })).reserved).toBe(0);

    fake.succeedIntent(pi);
    expect((await fake.deliver(server.url, fake.intentEvent('succeeded', pi))).status).toBe(200);
    const refund = await deps.db.refund.findFirstOrThrow({ where: { paymentId } });
    expect(refund).toMatchObject({
      reason: 'LATE_PAYMENT',
      status: 'PENDING',
      key: `late:${paymentId}`,
      amountMinor: 90_000,
    });
    const job = await deps.db.job.findUniqueOrThrow({ where: { key: `late-refund:${refund.id}` } });
    expect(await posting(`payment:${paymentId}`)).toEqual({
      'platform:clearing:EGP': 90_000,
      'platform:refunds-due:EGP': -90_000,
    });

    await refundLateJob(deps, job.payload);
    await refundLateJob(deps, job.payload); // the job retried: nothing twice
    const refunds = [...fake.refunds.values()].filter((r) => r.payment_intent === pi);
    expect(refunds).toEqual([
      expect.objectContaining({
        amount: 90_000,
        status: 'succeeded',
        metadata: { refundId: refund.id, reason: 'LATE_PAYMENT' },
      }),
    ]);
    expect(
      fake.calls.filter((x) => x.path === '/v1/refunds' && x.idempotencyKey === `refund:${refund.id}`),
    ).toHaveLength(1);
    expect(await deps.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).toMatchObject({
      status: 'SUCCEEDED',
      providerRef: refunds[0]!.id,
    });
    expect(await posting(`refund:${refund.id}`)).toEqual({
      'platform:refunds-due:EGP': 90_000,
      'platform:clearing:EGP': -90_000,
    });
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: 'CANCELLED' });
    expect(await deps.db.ticket.count({ where: { orderId: order.id } })).toBe(0);
    expect((await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } })).reserved).toBe(0);
    expect(await deps.db.notification.count({ where: { userId: c.user.id, kind: 'payment.late_refunded' } })).toBe(1);
    // its charge.refunded webhook arrives later: nothing changes
    expect((await fake.deliver(server.url, fake.chargeRefundedEvent(pi, { embed: false }))).status).toBe(200);
    expect(await deps.db.refund.count({ where: { paymentId, status: 'SUCCEEDED' } })).toBe(1);
    await expectLedgerConsistent(deps);
  });

  it('reconciliation settles a payment whose webhook never came, once, with two runs at the same time', async () => {
    const ev = await makeEvent(deps);
    const c = await makeCustomer(deps);
    const { order, pi, paymentId } = await checkout(ev, c.token, 3);
    fake.succeedIntent(pi);
    // too young to be asked about
    await reconcilePayments(requestDeps(deps));
    expect((await deps.db.payment.findUniqueOrThrow({ where: { id: paymentId } })).status).toBe(
      'REQUIRES_CONFIRMATION',
    );
    deps.clock.advance(3 * 60_000);
    const [r1, r2] = await Promise.all([reconcilePayments(requestDeps(deps)), reconcilePayments(requestDeps(deps))]);
    expect(r1.settled + r2.settled).toBeGreaterThanOrEqual(1);
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: 'PAID' });
    expect(await deps.db.payment.count({ where: { orderId: order.id, status: 'SUCCEEDED' } })).toBe(1);
    expect(await deps.db.ticket.count({ where: { orderId: order.id } })).toBe(3);
    expect(await deps.db.ledgerTransaction.count({ where: { paymentId, kind: 'PAYMENT' } })).toBe(1);
    // the webhook, late: a duplicate in effect
    expect((await fake.deliver(server.url, fake.intentEvent('succeeded', pi))).status).toBe(200);
    expect(await deps.db.ticket.count({ where: { orderId: order.id } })).toBe(3);
    await expectLedgerConsistent(deps);
  });

  it('saved cards at Stripe: setup → confirm → default; off-session charge succeeds, a declining card fails with a notice', async () => {
    const ev = await makeEvent(deps, { priceMinor: 10_000 });
    const c = await makeCustomer(deps);
    const api = callerFor(deps, c.actor);
    const setup = await rest('POST', '/v1/users/payment-methods/setup/', c.token, {});
    expect(setup.body).toMatchObject({ setupRef: expect.stringMatching(/^seti_/), publishableKey: expect.any(String) });
    expect(setup.body.clientSecret).toBe(fake.setups.get(setup.body.setupRef)!.client_secret);
    const user = await deps.db.user.findUniqueOrThrow({ where: { id: c.user.id } });
    expect(user.stripeCustomerId).toMatch(/^cus_/);
    expect(fake.setups.get(setup.body.setupRef)).toMatchObject({
      customer: user.stripeCustomerId,
      usage: 'off_session',
    });

    // not completed in the browser yet
    expect(
      (await rest('POST', '/v1/users/payment-methods/confirm/', c.token, { setupRef: setup.body.setupRef })).status,
    ).toBe(404);
    const pm = fake.completeSetup(setup.body.setupRef, { brand: 'mastercard', last4: '4444' });
    const saved = await rest('POST', '/v1/users/payment-methods/confirm/', c.token, { setupRef: setup.body.setupRef });
    expect(saved.body).toMatchObject({ brand: 'mastercard', last4: '4444', isDefault: true, provider: 'STRIPE' });
    expect((await deps.db.savedPaymentMethod.findUniqueOrThrow({ where: { id: saved.body.id } })).providerRef).toBe(
      pm.id,
    );

    const order = await bookOrder(deps, c.actor, ev, 1);
    const ok = await chargeSavedMethod(requestDeps(deps), { userId: c.user.id, orderId: order.id });
    expect(ok).toMatchObject({ status: 'SUCCEEDED', failureReason: null });
    expect((await api.customer.orders.get({ orderId: order.id })).status).toBe('PAID');
    const charged = fake.intent((await deps.db.payment.findUniqueOrThrow({ where: { id: ok.paymentId } })).providerRef);
    expect(charged).toMatchObject({ off_session: true, customer: user.stripeCustomerId, payment_method: pm.id });

    // a second card that declines (…0002), made the default
    const s2 = await api.customer.paymentMethods.setup({});
    fake.completeSetup(s2.setupRef, { brand: 'visa', last4: '0002' });
    const declining = await api.customer.paymentMethods.confirmSetup({ setupRef: s2.setupRef });
    expect(declining.isDefault).toBe(false);
    await api.customer.paymentMethods.setDefault({ id: declining.id });
    const order2 = await bookOrder(deps, c.actor, ev, 1);
    const no = await chargeSavedMethod(requestDeps(deps), { userId: c.user.id, orderId: order2.id });
    expect(no).toMatchObject({ status: 'FAILED', failureReason: 'Your card was declined.' });
    expect((await api.customer.orders.get({ orderId: order2.id })).status).toBe('PENDING');
    expect(await deps.db.notification.count({ where: { userId: c.user.id, kind: 'payment.failed' } })).toBe(1);

    // remove detaches at Stripe; the remaining card becomes the default
    const decliningRef = (await deps.db.savedPaymentMethod.findUniqueOrThrow({ where: { id: declining.id } }))
      .providerRef;
    expect(fake.methods.get(decliningRef)?.customer).toBe(user.stripeCustomerId);
    expect((await rest('DELETE', `/v1/users/payment-methods/${declining.id}/`, c.token)).body).toEqual({ ok: true });
    expect(fake.methods.get(decliningRef)?.customer).toBeNull();
    expect((await api.customer.paymentMethods.list({})).items).toEqual([
      expect.objectContaining({ id: saved.body.id, isDefault: true }),
    ]);

    const history = await rest('GET', '/v1/users/payment-history/?page=1&pageSize=10', c.token);
    expect(history.body.items.map((i: { status: string }) => i.status)).toEqual(['FAILED', 'SUCCEEDED']);
    expect(history.body.items[1]).toMatchObject({
      orderCode: order.code,
      card: { brand: 'mastercard', last4: '4444' },
      offSession: true,
    });
    await expectLedgerConsistent(deps);
  });

  it('an intent of a lapsed hold is cancelled at Stripe; one that was paid meanwhile is refunded', async () => {
    const ev = await makeEvent(deps);
    const c = await makeCustomer(deps);
    const unpaid = await checkout(ev, c.token);
    const paidLate = await checkout(ev, c.token);
    deps.clock.advance((deps.config.holdMinutes + 1) * 60_000);
    await expireHolds(deps);
    expect((await deps.db.payment.findUniqueOrThrow({ where: { id: unpaid.paymentId } })).status).toBe('CANCELED');
    fake.succeedIntent(paidLate.pi); // the customer's bank was slow; no webhook yet

    const report = await reconcilePayments(requestDeps(deps));
    expect(report.cancelQueued).toBeGreaterThanOrEqual(2);
    expect((await reconcilePayments(requestDeps(deps))).cancelQueued).toBe(0); // once per payment
    for (const { paymentId } of [unpaid, paidLate]) {
      const job = await deps.db.job.findUniqueOrThrow({ where: { key: `cancel-intent:${paymentId}` } });
      await cancelIntentJob(deps, job.payload);
    }
    expect(fake.intent(unpaid.pi).status).toBe('canceled');
    expect(await deps.db.payment.findUniqueOrThrow({ where: { id: paidLate.paymentId } })).toMatchObject({
      status: 'SUCCEEDED',
    });
    const refund = await deps.db.refund.findFirstOrThrow({ where: { paymentId: paidLate.paymentId } });
    expect(refund).toMatchObject({ reason: 'LATE_PAYMENT' });
    await refundLateJob(deps, { refundId: refund.id });
    expect((await deps.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).status).toBe('SUCCEEDED');
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: paidLate.order.id } })).toMatchObject({
      status: 'EXPIRED',
    });
    await expectLedgerConsistent(deps);
  });
});
