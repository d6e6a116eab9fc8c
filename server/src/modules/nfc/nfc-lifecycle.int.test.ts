/**
 * Issue 7 "Tests that must pass in CI": NFC: assign → reload → spend → block → move balance; the
 * ledger invariant holds. Every step goes through the procedures (customer, merchant, admin) on
 * the real database; balances are checked exactly at each step (minor units, EGP).
 * The card is assigned with the merchant portal's two-step flow (`merchant.assignCard` +
 * `merchant.verifyCustomerOtp`, the customer's code read from the outbox).
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  describeIf,
  expectLedgerConsistent,
  integrationDbReady,
  latestCode,
  makeCustomer,
  openTestDatabase,
  signIn,
  startTestServer,
  testDeps,
} from '../../../test/harness.ts';
import { balanceOf } from '../ledger/ledger.ts';
import { makeMerchant, randomCardUid } from '../merchant/merchant-fixtures.ts';
import { autoReloadJob, NFC_AUTO_RELOAD_JOB } from './nfc-spend.ts';

const ready = await integrationDbReady();

type Api = ReturnType<typeof callerFor>;

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) {
      const cause = err.cause as { code?: string; details?: Record<string, string[]> } | undefined;
      return { code: err.code, appCode: cause?.code, details: cause?.details, message: err.message };
    }
    throw err;
  }
  throw new Error('expected a failure');
}

describeIf(ready)('NFC card lifecycle on the ledger', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let admin: Api;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    const u = await deps.db.user.create({
      data: {
        role: 'ADMIN',
        adminLevel: 'SUPER_ADMIN',
        email: `nfc-admin-${Date.now()}@admit.test`,
        firstName: 'Card',
        lastName: 'Admin',
        passwordHash: 'x',
      },
    });
    admin = callerFor(deps, (await signIn(deps, u.id)).actor);
  });
  afterAll(() => db?.close());

  /** Pays an order the way the checkout does (offline provider: process, then confirm). */
  async function pay(api: Api, orderId: string) {
    const intent = await api.customer.payments.process({ orderId });
    return api.customer.payments.confirm({ paymentId: intent.paymentId });
  }

  /** Requests a card and pays its fee: the request is PAID (what a merchant's verification needs). */
  async function paidRequest(api: Api) {
    const { request, order } = await api.customer.nfcCards.request({});
    expect(order).not.toBeNull();
    expect(order!.lines).toEqual([expect.objectContaining({ kind: 'NFC_CARD_FEE', totalMinor: 5_000, quantity: 1 })]);
    expect((await pay(api, order!.id)).status).toBe('PAID');
    return request;
  }

  /** The merchant portal's two-step assignment: card + customer → code to the customer → code entered. */
  async function assign(merchant: Api, mobile: string, cardUid: string) {
    const step1 = await merchant.merchant.assignCard({ mobile, cardUid });
    const code = await latestCode(deps, mobile);
    const { card } = await merchant.merchant.verifyCustomerOtp({ assignmentId: step1.assignmentId, code });
    return card;
  }

  const ledgerCount = () => deps.db.ledgerTransaction.count();

  it('assign → reload → spend → block → move balance, balances exact, ledger consistent', async () => {
    const customer = await makeCustomer(deps, { firstName: 'Nadia' });
    const mobile = customer.user.mobile!;
    const api = callerFor(deps, customer.actor);
    const merchantUser = await makeMerchant(deps, { businessName: 'Juice Bar' });
    const merchant = callerFor(deps, (await signIn(deps, merchantUser.id)).actor);

    // stock: two cards registered by an admin into the merchant's stock (bulk create)
    const uids = [randomCardUid(), randomCardUid()];
    const bulk = await admin.admin.nfcCards.bulk({ action: 'create', uids, merchantId: merchantUser.id });
    expect(bulk.count).toBe(2);

    // 1. request + pay the card fee; a second open request is refused
    const feeBefore = await balanceOf(deps.db, 'platform:revenue:fees:EGP');
    const request = await paidRequest(api);
    expect(await balanceOf(deps.db, 'platform:revenue:fees:EGP')).toBe(feeBefore - 5_000);
    expect((await failure(api.customer.nfcCards.request({}))).code).toBe('CONFLICT');

    // 2. assign (merchant portal, customer's code)
    const assigned = await assign(merchant, mobile, uids[0]!);
    expect(assigned).toMatchObject({ uid: uids[0], status: 'ACTIVE' });
    expect((await deps.db.nfcCardRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe('FULFILLED');
    let mine = await api.customer.nfcCards.list({});
    expect(mine.items).toEqual([expect.objectContaining({ uid: uids[0], status: 'ACTIVE', balanceMinor: 0 })]);
    expect(mine.openRequest).toBeNull();
    const card1 = mine.items[0]!;

    // 3. reload EGP 200.00 through the checkout
    const reload = await api.customer.nfcCards.reload({ id: card1.id, amountMinor: 20_000 });
    expect(reload).toMatchObject({ status: 'PENDING', totalMinor: 20_000 });
    expect(reload.lines).toEqual([expect.objectContaining({ kind: 'NFC_RELOAD', totalMinor: 20_000 })]);
    expect((await pay(api, reload.id)).status).toBe('PAID');
    mine = await api.customer.nfcCards.list({});
    expect(mine.items[0]!.balanceMinor).toBe(20_000);
    await expectLedgerConsistent(deps);

    // 4. spend EGP 75.00 at the merchant; a retry with the same key charges once
    const charge = {
      uid: uids[0]!,
      amountMinor: 7_500,
      description: 'Two mango juices',
      idempotencyKey: 'till-1:sale-0001',
    };
    const spent = await merchant.merchant.cards.charge(charge);
    expect(spent).toMatchObject({ balanceMinor: 12_500, duplicate: false, amountMinor: 7_500 });
    const again = await merchant.merchant.cards.charge(charge);
    expect(again).toMatchObject({ transactionId: spent.transactionId, balanceMinor: 12_500, duplicate: true });
    expect(await balanceOf(deps.db, `merchant:${merchantUser.id}:payable:EGP`)).toBe(-7_500);
    // the same key for another amount is refused
    expect((await failure(merchant.merchant.cards.charge({ ...charge, amountMinor: 100 }))).code).toBe('CONFLICT');

    // overdraw: refused by the database CHECK, mapped to a clear error, nothing written
    const before = await ledgerCount();
    const over = await failure(
      merchant.merchant.cards.charge({ ...charge, amountMinor: 12_501, idempotencyKey: 'till-1:sale-0002' }),
    );
    expect(over).toMatchObject({ code: 'CONFLICT', appCode: 'INVALID_STATE' });
    expect(over.details).toMatchObject({ amountMinor: ['INSUFFICIENT_BALANCE'], availableMinor: ['12500'] });
    expect(over.message).toMatch(/insufficient balance/i);
    expect(await ledgerCount()).toBe(before);
    expect((await api.customer.nfcCards.list({})).items[0]!.balanceMinor).toBe(12_500);
    // the whole balance can still be spent, exactly to zero … and reloaded back for the next steps
    const all = await merchant.merchant.cards.charge({
      ...charge,
      amountMinor: 12_500,
      idempotencyKey: 'till-1:sale-0003',
    });
    expect(all.balanceMinor).toBe(0);
    const reload2 = await api.customer.nfcCards.reload({ id: card1.id, amountMinor: 12_500 });
    await pay(api, reload2.id);

    // history: newest first, signed from the holder's side, running balance
    const history = await api.customer.nfcCards.transactions({ id: card1.id, page: 1, pageSize: 10 });
    expect(history.total).toBe(4);
    expect(history.balanceMinor).toBe(12_500);
    expect(history.items.map((t) => [t.kind, t.amountMinor, t.balanceAfterMinor])).toEqual([
      ['PAYMENT', 12_500, 12_500],
      ['CARD_SPEND', -12_500, 0],
      ['CARD_SPEND', -7_500, 12_500],
      ['PAYMENT', 20_000, 20_000],
    ]);
    expect(history.items[2]!.description).toContain('Juice Bar');
    const page2 = await api.customer.nfcCards.transactions({ id: card1.id, page: 2, pageSize: 3 });
    expect(page2.items.map((t) => t.balanceAfterMinor)).toEqual([20_000]);

    // 5. the holder blocks the card: no more spending, no reload
    expect((await api.customer.nfcCards.block({ id: card1.id, reason: 'Left it at the bar' })).status).toBe('BLOCKED');
    expect(
      await failure(
        merchant.merchant.cards.charge({ ...charge, amountMinor: 100, idempotencyKey: 'till-1:sale-0004' }),
      ),
    ).toMatchObject({ code: 'CONFLICT', appCode: 'INVALID_STATE' });
    expect((await failure(api.customer.nfcCards.reload({ id: card1.id, amountMinor: 5_000 }))).appCode).toBe(
      'INVALID_STATE',
    );

    // 6. a replacement: a new paid request, the second card assigned by the merchant (a minute
    // later: one-time codes to one number are spaced out)
    deps.clock.advance(60_000);
    await paidRequest(api);
    const card2Row = await assign(merchant, mobile, uids[1]!);
    const card2 = (await api.customer.nfcCards.list({})).items.find((c) => c.uid === card2Row.uid)!;
    expect(card2.balanceMinor).toBe(0);

    // 7. an admin moves the whole balance; the old card is REPLACED, once
    const before2 = await ledgerCount();
    const moved = await admin.admin.nfcCards.moveBalance({ fromCardId: card1.id, toCardId: card2.id });
    expect(moved).toMatchObject({ movedMinor: 12_500, currency: 'EGP' });
    expect(moved.from).toMatchObject({ status: 'REPLACED', replacedById: card2.id, balanceMinor: 0 });
    expect(moved.to).toMatchObject({ status: 'ACTIVE', balanceMinor: 12_500 });
    expect(await ledgerCount()).toBe(before2 + 1);
    expect(await failure(admin.admin.nfcCards.moveBalance({ fromCardId: card1.id, toCardId: card2.id }))).toMatchObject(
      {
        appCode: 'INVALID_STATE',
      },
    );
    expect(await ledgerCount()).toBe(before2 + 1);
    mine = await api.customer.nfcCards.list({});
    expect(Object.fromEntries(mine.items.map((c) => [c.uid, [c.status, c.balanceMinor]]))).toEqual({
      [uids[0]!]: ['REPLACED', 0],
      [uids[1]!]: ['ACTIVE', 12_500],
    });
    // the new card spends what was moved
    const onNew = await merchant.merchant.cards.charge({
      uid: uids[1]!,
      amountMinor: 2_500,
      description: 'Water',
      idempotencyKey: 'till-1:sale-0005',
    });
    expect(onNew.balanceMinor).toBe(10_000);
    // the admin view agrees
    const detail = await admin.admin.nfcCards.get({ id: card2.id });
    expect(detail).toMatchObject({ balanceMinor: 10_000, customer: { id: customer.user.id } });
    expect(detail.transactions.map((t) => t.kind)).toEqual(['CARD_SPEND', 'CARD_TRANSFER']);
    expect((await admin.admin.nfcCards.get({ id: card1.id })).replacedByUid).toBe(uids[1]);

    await expectLedgerConsistent(deps);
  });

  it('auto-reload: a spend below the threshold queues one off-session reload per card, charged by the job', async () => {
    const customer = await makeCustomer(deps, { firstName: 'Omar' });
    const api = callerFor(deps, customer.actor);
    const merchantUser = await makeMerchant(deps);
    const merchant = callerFor(deps, (await signIn(deps, merchantUser.id)).actor);
    const card = await deps.db.nfcCard.create({
      data: { uid: randomCardUid(), customerId: customer.user.id, merchantId: merchantUser.id, assignedAt: new Date() },
    });
    await pay(api, (await api.customer.nfcCards.reload({ id: card.id, amountMinor: 15_000 })).id);
    const setup = await api.customer.paymentMethods.setup({});
    const method = await api.customer.paymentMethods.confirmSetup({ setupRef: setup.setupRef });

    // bad settings: field errors, nothing changed
    const bad = await failure(api.customer.nfcCards.autoReloadSettings({ id: card.id, enabled: true }));
    expect(bad.code).toBe('BAD_REQUEST');
    const settings = await api.customer.nfcCards.autoReloadSettings({
      id: card.id,
      enabled: true,
      thresholdMinor: 10_000,
      amountMinor: 20_000,
      paymentMethodId: method.id,
    });
    expect(settings.autoReload).toEqual({
      enabled: true,
      thresholdMinor: 10_000,
      amountMinor: 20_000,
      paymentMethodId: method.id,
    });

    const spend = (n: number, amountMinor: number) =>
      merchant.merchant.cards.charge({
        uid: card.uid,
        amountMinor,
        description: 'Snacks',
        idempotencyKey: `ar-${n}-key`,
      });
    expect(await spend(1, 4_000)).toMatchObject({ balanceMinor: 11_000, autoReloadQueued: false });
    expect(await spend(2, 2_000)).toMatchObject({ balanceMinor: 9_000, autoReloadQueued: true });
    // one in flight: the next spend below the threshold queues nothing more
    expect(await spend(3, 1_000)).toMatchObject({ balanceMinor: 8_000, autoReloadQueued: false });
    const jobs = await deps.db.job.findMany({ where: { type: NFC_AUTO_RELOAD_JOB } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.key).toMatch(new RegExp(`^nfc-auto-reload:${card.id}:`));

    // the worker runs it: charged off-session, settled, credited to the card
    await autoReloadJob(deps, jobs[0]!.payload);
    const order = await deps.db.order.findUniqueOrThrow({
      where: { id: (jobs[0]!.payload as { orderId: string }).orderId },
      include: { payments: true },
    });
    expect(order).toMatchObject({ status: 'PAID', totalMinor: 20_000 });
    expect(order.payments).toEqual([expect.objectContaining({ status: 'SUCCEEDED', offSession: true })]);
    expect((await api.customer.nfcCards.list({})).items[0]!.balanceMinor).toBe(28_000);
    // a retried job does nothing more
    await autoReloadJob(deps, jobs[0]!.payload);
    expect((await api.customer.nfcCards.list({})).items[0]!.balanceMinor).toBe(28_000);

    // once that job finished, the next drop below the threshold queues again
    await deps.db.job.update({ where: { id: jobs[0]!.id }, data: { status: 'SUCCEEDED' } });
    expect(await spend(4, 19_000)).toMatchObject({ balanceMinor: 9_000, autoReloadQueued: true });
    await expectLedgerConsistent(deps);
  });

  it('admin: create, bulk with per-row errors (nothing written), allocate, block, transfer needs a zero balance', async () => {
    const merchantUser = await makeMerchant(deps);
    const uid = randomCardUid();
    const created = await admin.admin.nfcCards.create({ uid: uid.toLowerCase().match(/../g)!.join(':') });
    expect(created).toMatchObject({ uid, status: 'ACTIVE', merchant: null, customer: null, balanceMinor: 0 });
    expect(await failure(admin.admin.nfcCards.create({ uid }))).toMatchObject({ code: 'CONFLICT' });
    expect((await failure(admin.admin.nfcCards.create({ uid: '04AB' }))).code).toBe('BAD_REQUEST');

    const count = await deps.db.nfcCard.count();
    const fresh = randomCardUid();
    const bad = await failure(
      admin.admin.nfcCards.bulk({ action: 'create', uids: [fresh, 'XYZ', uid, fresh], merchantId: merchantUser.id }),
    );
    expect(bad.appCode).toBe('VALIDATION_FAILED');
    expect(Object.keys(bad.details ?? {}).sort()).toEqual(['uids.1', 'uids.2', 'uids.3']);
    expect(await deps.db.nfcCard.count()).toBe(count);

    const allocated = await admin.admin.nfcCards.bulk({ action: 'allocate', uids: [uid], merchantId: merchantUser.id });
    expect(allocated.count).toBe(1);
    const listed = await admin.admin.nfcCards.list({ merchantId: merchantUser.id, assigned: 'unassigned' });
    expect(listed.items.map((c) => c.uid)).toEqual([uid]);

    // transfer: a card with a balance does not move; with zero it does
    const alice = await makeCustomer(deps, { firstName: 'Alia' });
    const bob = await makeCustomer(deps, { firstName: 'Badr' });
    const transferred = await admin.admin.nfcCards.transfer({ id: created.id, mobile: alice.user.mobile! });
    expect(transferred.customer?.id).toBe(alice.user.id);
    const aliceApi = callerFor(deps, alice.actor);
    await pay(aliceApi, (await aliceApi.customer.nfcCards.reload({ id: created.id, amountMinor: 5_000 })).id);
    expect(await failure(admin.admin.nfcCards.transfer({ id: created.id, mobile: bob.user.mobile! }))).toMatchObject({
      appCode: 'INVALID_STATE',
    });
    expect((await admin.admin.nfcCards.get({ id: created.id })).customer?.id).toBe(alice.user.id);

    const blocked = await admin.admin.nfcCards.bulk({ action: 'block', uids: [uid], reason: 'Stolen batch' });
    expect(blocked.count).toBe(1);
    const after = await admin.admin.nfcCards.get({ id: created.id });
    expect(after).toMatchObject({ status: 'BLOCKED', statusReason: 'Stolen batch', balanceMinor: 5_000 });
    const unblocked = await admin.admin.nfcCards.update({ id: created.id, status: 'ACTIVE' });
    expect(unblocked.status).toBe('ACTIVE');
    expect((await failure(admin.admin.nfcCards.update({ id: created.id, status: 'LOST' }))).code).toBe('BAD_REQUEST');

    const requests = await admin.admin.nfcCards.requests({});
    expect(requests.total).toBeGreaterThan(0);
    await expectLedgerConsistent(deps);
  });

  describe('over HTTP', () => {
    it('serves the CSV export and the seed paths', async () => {
      const server = await startTestServer(deps);
      try {
        const u = await deps.db.user.create({
          data: {
            role: 'ADMIN',
            adminLevel: 'SUPPORT',
            email: `support-${Date.now()}@nfc.test`,
            firstName: 'S',
            lastName: 'P',
            passwordHash: 'x',
          },
        });
        const { token } = await signIn(deps, u.id);
        const csv = await fetch(`${server.url}/api/nfc-cards/export.csv?status=ACTIVE&sort=uid`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(csv.status).toBe(200);
        expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
        const text = await csv.text();
        expect(text.split('\n')[0]).toBe(
          'uid,status,status_reason,balance,currency,customer,customer_mobile,merchant,assigned_at,created_at,id',
        );
        expect(text).not.toContain('BLOCKED,');
        const anonymous = await fetch(`${server.url}/api/nfc-cards/export.csv`);
        expect(anonymous.status).toBe(401);

        const customer = await makeCustomer(deps);
        const list = await fetch(`${server.url}/api/v1/users/nfc-cards/`, {
          headers: { authorization: `Bearer ${customer.token}` },
        });
        expect(list.status).toBe(200);
        expect(await list.json()).toMatchObject({ items: [], openRequest: null, cardFeeMinor: 5_000 });
        const badReload = await fetch(`${server.url}/api/v1/users/nfc-cards/${crypto.randomUUID()}/reload/`, {
          method: 'POST',
          headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ amountMinor: 5 }),
        });
        expect(badReload.status).toBe(400);
        expect(((await badReload.json()) as { error: { details: object } }).error.details).toHaveProperty(
          'amountMinor',
        );
      } finally {
        await server.close();
      }
    });
  });
});
