/**
 * The merchant portal through the router (seed 003 Plan 4): customer verification without
 * leaks, the two-step card assignment (card from the caller's stock + customer with a PAID card
 * request → code to the customer → code entered → card assigned, request fulfilled), its refusals
 * (wrong code counted, expired assignment, card not in stock, fee not paid, second pending
 * assignment), the inventory, the dashboard (with card spend from the ledger), the business
 * profile and the REST paths.
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
import { appErrorOf } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { accounts, post } from '../ledger/ledger.ts';
import { makeMerchant, makePaidCardRequest, makeStockCards, randomCardUid } from './merchant-fixtures.ts';

const ready = await integrationDbReady();
type Deps = ReturnType<typeof testDeps>;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'RESOLVED';
  } catch (err) {
    return appErrorOf(err)?.code ?? (err instanceof TRPCError ? err.code : String(err));
  }
}

const otherThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describeIf(ready)('merchant portal', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: Deps;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
  });
  afterAll(() => db?.close());

  /** A signed-in merchant with `stock` cards, and its caller. */
  async function merchantWith(stock = 1, businessName = 'Stadium Kiosk 3') {
    const user = await makeMerchant(deps, { businessName });
    const { actor } = await signIn(deps, user.id);
    const cards = await makeStockCards(deps, user.id, stock);
    return { user, actor, cards, api: callerFor(deps, actor) };
  }

  /** A customer with a PAID card request. */
  async function payingCustomer(firstName = 'Mona') {
    const customer = await makeCustomer(deps, { firstName });
    const request = await makePaidCardRequest(deps, customer.user.id);
    return { ...customer, mobile: customer.user.mobile!, request };
  }

  describe('verifyCustomer', () => {
    it('tells registered from unknown numbers, and whether the card fee is paid, and nothing more', async () => {
      const { api } = await merchantWith(0);
      expect(await api.merchant.verifyCustomer({ mobile: '+201099999990' })).toEqual({
        registered: false,
        status: 'NOT_REGISTERED',
        feesPaid: false,
        activeCards: 0,
      });

      const unpaid = await makeCustomer(deps, { firstName: 'Nour' });
      const r1 = await api.merchant.verifyCustomer({ mobile: unpaid.user.mobile! });
      expect(r1).toEqual({
        registered: true,
        customerId: unpaid.user.id,
        name: 'Nour H.',
        status: 'ACTIVE',
        feesPaid: false,
        activeCards: 0,
      });

      const paid = await payingCustomer('Sara');
      const r2 = await api.merchant.verifyCustomer({ mobile: paid.mobile });
      expect(r2).toMatchObject({ registered: true, feesPaid: true, cardRequestId: paid.request.id });
      // no e-mail, mobile, orders or anything else about the person
      expect(Object.keys(r2).sort()).toEqual(
        ['activeCards', 'cardRequestId', 'customerId', 'feesPaid', 'name', 'registered', 'status'].sort(),
      );
    });

    it('refuses a number that is not E.164 with a field error', async () => {
      const { api } = await merchantWith(0);
      const err = await api.merchant.verifyCustomer({ mobile: '01001234567' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code).toBe('BAD_REQUEST');
    });

    it('limits look-ups per merchant (60 per 10 minutes)', async () => {
      const { api } = await merchantWith(0);
      for (let i = 0; i < 60; i++) await api.merchant.verifyCustomer({ mobile: '+201099999991' });
      expect(await codeOf(api.merchant.verifyCustomer({ mobile: '+201099999991' }))).toBe('RATE_LIMITED');
      // another merchant has its own budget
      const other = await merchantWith(0);
      expect(await codeOf(other.api.merchant.verifyCustomer({ mobile: '+201099999991' }))).toBe('RESOLVED');
    });
  });

  describe('two-step assignment', () => {
    it('assigns a stock card: code to the customer, confirmed with it; request fulfilled; customer notified', async () => {
      const m = await merchantWith(2);
      const c = await payingCustomer();
      const card = m.cards[0]!;
      const t0 = deps.clock.now().getTime();
      const started = await m.api.merchant.assignCard({ mobile: c.mobile, cardUid: card.uid.toLowerCase() });
      expect(started.expiresAt.getTime()).toBeGreaterThanOrEqual(t0 + 10 * 60_000);
      expect(started.expiresAt.getTime()).toBeLessThanOrEqual(deps.clock.now().getTime() + 10 * 60_000);
      expect(started.sentTo).toContain(c.mobile.slice(-4));
      const sms = await deps.db.outboxMessage.findFirstOrThrow({
        where: { recipient: c.mobile },
        orderBy: { createdAt: 'desc' },
      });
      expect(sms.body).toContain('Stadium Kiosk 3 is assigning an Admit NFC card to you');
      expect(await deps.db.cardAssignment.findUniqueOrThrow({ where: { id: started.assignmentId } })).toMatchObject({
        status: 'PENDING',
        merchantId: m.user.id,
        customerId: c.user.id,
        cardId: card.id,
      });

      const code = await latestCode(deps, c.mobile);
      const done = await m.api.merchant.verifyCustomerOtp({ assignmentId: started.assignmentId, code });
      expect(done.card).toEqual({
        id: card.id,
        uid: card.uid,
        status: 'ACTIVE',
        customerName: 'Mona Hassan',
        assignedAt: expect.any(Date),
      });
      expect(await deps.db.nfcCard.findUniqueOrThrow({ where: { id: card.id } })).toMatchObject({
        customerId: c.user.id,
        merchantId: m.user.id,
      });
      expect(await deps.db.nfcCardRequest.findUniqueOrThrow({ where: { id: c.request.id } })).toMatchObject({
        status: 'FULFILLED',
        cardId: card.id,
      });
      expect(await deps.db.cardAssignment.findUniqueOrThrow({ where: { id: started.assignmentId } })).toMatchObject({
        status: 'CONFIRMED',
      });
      expect(await deps.db.notification.count({ where: { userId: c.user.id, kind: 'card.assigned' } })).toBe(1);
      expect(
        await deps.db.notification.count({ where: { userId: m.user.id, kind: 'card.assignment_confirmed' } }),
      ).toBe(1);
      expect(await deps.db.auditLog.count({ where: { action: 'merchant.card_assigned', targetId: card.id } })).toBe(1);

      // the same code cannot be used again, and the customer now shows the card
      expect(await codeOf(m.api.merchant.verifyCustomerOtp({ assignmentId: started.assignmentId, code }))).toBe(
        'INVALID_STATE',
      );
      expect(await m.api.merchant.verifyCustomer({ mobile: c.mobile })).toMatchObject({
        feesPaid: false,
        activeCards: 1,
      });

      // inventory: assigned and in-stock cards, filters and search
      const all = await m.api.merchant.cards.list({});
      expect(all.total).toBe(2);
      const assigned = await m.api.merchant.cards.list({ assignment: 'assigned' });
      expect(assigned.items).toEqual([
        expect.objectContaining({ uid: card.uid, customer: { name: 'Mona H.', mobile: expect.stringContaining('•') } }),
      ]);
      expect((await m.api.merchant.cards.list({ assignment: 'unassigned' })).items.map((x) => x.uid)).toEqual([
        m.cards[1]!.uid,
      ]);
      expect((await m.api.merchant.cards.list({ q: 'mona' })).items.map((x) => x.uid)).toEqual([card.uid]);
      expect((await m.api.merchant.cards.list({ q: card.uid.slice(4, 10) })).total).toBe(1);
      expect((await m.api.merchant.cards.list({ status: 'BLOCKED' })).total).toBe(0);
      expect((await m.api.merchant.cards.list({ pageSize: 1, page: 2, sort: 'uid' })).items).toHaveLength(1);

      // dashboard
      const stats = await m.api.merchant.dashboardStats({});
      expect(stats).toMatchObject({
        cardsInStock: 1,
        assignedToday: 1,
        assignedThisWeek: 1,
        assignedTotal: 1,
        pendingAssignments: 0,
        customersServed: 1,
        cardSpend: [],
      });
      expect(stats.assignmentsPerDay).toHaveLength(14);
      expect(stats.assignmentsPerDay.at(-1)).toEqual({ day: deps.clock.now().toISOString().slice(0, 10), count: 1 });
      expect(stats.recentAssignments[0]).toMatchObject({ status: 'CONFIRMED', cardUid: card.uid });
    });

    it('reuses the code sent with sendCustomerOtp (one SMS)', async () => {
      const m = await merchantWith(1);
      const c = await payingCustomer();
      const sent = await m.api.merchant.sendCustomerOtp({ mobile: c.mobile });
      expect(sent.sentTo).toContain(c.mobile.slice(-4));
      const started = await m.api.merchant.assignCard({ mobile: c.mobile, cardUid: m.cards[0]!.uid });
      expect(await deps.db.outboxMessage.count({ where: { recipient: c.mobile } })).toBe(1);
      expect(started.expiresAt).toEqual(sent.expiresAt);
      const code = await latestCode(deps, c.mobile);
      await m.api.merchant.verifyCustomerOtp({ assignmentId: started.assignmentId, code });
      expect((await deps.db.nfcCard.findUniqueOrThrow({ where: { id: m.cards[0]!.id } })).customerId).toBe(c.user.id);
    });

    it('counts a wrong code against the code and changes nothing', async () => {
      const m = await merchantWith(1);
      const c = await payingCustomer();
      const started = await m.api.merchant.assignCard({ mobile: c.mobile, cardUid: m.cards[0]!.uid });
      const code = await latestCode(deps, c.mobile);
      const err = await m.api.merchant
        .verifyCustomerOtp({ assignmentId: started.assignmentId, code: otherThan(code) })
        .catch((e: unknown) => e);
      expect(appErrorOf(err)?.code).toBe('INVALID_CODE');
      expect(appErrorOf(err)?.message).toBe('Wrong code. 4 attempts left.');
      const row = await deps.db.oneTimeCode.findFirstOrThrow({
        where: { userId: c.user.id, purpose: 'CARD_ASSIGNMENT' },
        orderBy: { createdAt: 'desc' },
      });
      expect(row.attempts).toBe(1);
      expect((await deps.db.nfcCard.findUniqueOrThrow({ where: { id: m.cards[0]!.id } })).customerId).toBeNull();
      expect((await deps.db.nfcCardRequest.findUniqueOrThrow({ where: { id: c.request.id } })).status).toBe('PAID');
      // four more wrong codes burn it; the right one no longer works
      for (let i = 0; i < 4; i++) {
        await codeOf(m.api.merchant.verifyCustomerOtp({ assignmentId: started.assignmentId, code: otherThan(code) }));
      }
      expect(await codeOf(m.api.merchant.verifyCustomerOtp({ assignmentId: started.assignmentId, code }))).toBe(
        'TOO_MANY_ATTEMPTS',
      );
      expect((await deps.db.nfcCard.findUniqueOrThrow({ where: { id: m.cards[0]!.id } })).customerId).toBeNull();
    });

    it('refuses an expired assignment and frees the card for a new one', async () => {
      const m = await merchantWith(1);
      const c = await payingCustomer();
      const started = await m.api.merchant.assignCard({ mobile: c.mobile, cardUid: m.cards[0]!.uid });
      const code = await latestCode(deps, c.mobile);
      deps.clock.advance(10 * 60_000 + 1);
      expect(await codeOf(m.api.merchant.verifyCustomerOtp({ assignmentId: started.assignmentId, code }))).toBe(
        'CODE_EXPIRED',
      );
      expect((await deps.db.cardAssignment.findUniqueOrThrow({ where: { id: started.assignmentId } })).status).toBe(
        'EXPIRED',
      );
      expect((await deps.db.nfcCard.findUniqueOrThrow({ where: { id: m.cards[0]!.id } })).customerId).toBeNull();
      // start again: a new assignment and a new code
      const again = await m.api.merchant.assignCard({ mobile: c.mobile, cardUid: m.cards[0]!.uid });
      await m.api.merchant.verifyCustomerOtp({
        assignmentId: again.assignmentId,
        code: await latestCode(deps, c.mobile),
      });
      expect((await deps.db.nfcCard.findUniqueOrThrow({ where: { id: m.cards[0]!.id } })).customerId).toBe(c.user.id);
    });

    it('refuses a card that is not in the caller’s stock (another merchant’s, unknown) and writes nothing', async () => {
      const m = await merchantWith(1);
      const other = await merchantWith(1);
      const c = await payingCustomer();
      const before = await deps.db.cardAssignment.count();
      const err = await m.api.merchant
        .assignCard({ mobile: c.mobile, cardUid: other.cards[0]!.uid })
        .catch((e: unknown) => e);
      expect((err as TRPCError).code).toBe('NOT_FOUND');
      expect(appErrorOf(err)?.details).toEqual({ cardUid: ['Not in your stock'] });
      expect(await codeOf(m.api.merchant.assignCard({ mobile: c.mobile, cardUid: randomCardUid() }))).toBe('NOT_FOUND');
      expect(await deps.db.cardAssignment.count()).toBe(before);
      expect(await deps.db.outboxMessage.count({ where: { recipient: c.mobile } })).toBe(0);
      // a blocked card of one's own stock is refused too
      await deps.db.nfcCard.update({ where: { id: m.cards[0]!.id }, data: { status: 'BLOCKED' } });
      expect(await codeOf(m.api.merchant.assignCard({ mobile: c.mobile, cardUid: m.cards[0]!.uid }))).toBe(
        'INVALID_STATE',
      );
      // a malformed UID is a field error
      expect(await codeOf(m.api.merchant.assignCard({ mobile: c.mobile, cardUid: 'xyz' }))).toBe('BAD_REQUEST');
    });

    it('refuses a customer without a paid card fee, and an unknown number', async () => {
      const m = await merchantWith(1);
      const unpaid = await makeCustomer(deps);
      const err = await m.api.merchant
        .assignCard({ mobile: unpaid.user.mobile!, cardUid: m.cards[0]!.uid })
        .catch((e: unknown) => e);
      expect(appErrorOf(err)?.code).toBe('INVALID_STATE');
      expect(appErrorOf(err)?.details).toEqual({ mobile: ['Card fee not paid'] });
      expect(await codeOf(m.api.merchant.assignCard({ mobile: '+201099999992', cardUid: m.cards[0]!.uid }))).toBe(
        'NOT_FOUND',
      );
      expect(await deps.db.cardAssignment.count({ where: { cardId: m.cards[0]!.id } })).toBe(0);
    });

    it('sends a new code to the same assignment when asked again for the same card and customer', async () => {
      const m = await merchantWith(1);
      const c = await payingCustomer();
      const first = await m.api.merchant.assignCard({ mobile: c.mobile, cardUid: m.cards[0]!.uid });
      const oldCode = await latestCode(deps, c.mobile);
      // within the 30 s cooldown: refused, the first code still works later
      expect(await codeOf(m.api.merchant.assignCard({ mobile: c.mobile, cardUid: m.cards[0]!.uid }))).toBe(
        'RATE_LIMITED',
      );
      deps.clock.advance(31_000);
      const again = await m.api.merchant.assignCard({ mobile: c.mobile, cardUid: m.cards[0]!.uid });
      expect(again.assignmentId).toBe(first.assignmentId);
      const newCode = await latestCode(deps, c.mobile);
      if (newCode !== oldCode) {
        expect(
          await codeOf(m.api.merchant.verifyCustomerOtp({ assignmentId: again.assignmentId, code: oldCode })),
        ).toBe('INVALID_CODE');
      }
      await m.api.merchant.verifyCustomerOtp({ assignmentId: again.assignmentId, code: newCode });
      expect((await deps.db.nfcCard.findUniqueOrThrow({ where: { id: m.cards[0]!.id } })).customerId).toBe(c.user.id);
    });

    it('answers CONFLICT to a second pending assignment of the same card', async () => {
      const m = await merchantWith(1);
      const c1 = await payingCustomer('Hana');
      const c2 = await payingCustomer('Yara');
      await m.api.merchant.assignCard({ mobile: c1.mobile, cardUid: m.cards[0]!.uid });
      const err = await m.api.merchant
        .assignCard({ mobile: c2.mobile, cardUid: m.cards[0]!.uid })
        .catch((e: unknown) => e);
      expect((err as TRPCError).code).toBe('CONFLICT');
      expect(await deps.db.cardAssignment.count({ where: { cardId: m.cards[0]!.id } })).toBe(1);
      expect(await deps.db.outboxMessage.count({ where: { recipient: c2.mobile } })).toBe(0);
      expect((await m.api.merchant.dashboardStats({})).pendingAssignments).toBe(1);
      expect((await m.api.merchant.cards.list({})).items[0]!.pendingAssignmentId).not.toBeNull();
    });

    it('withdraws a pending assignment: the card is free for another customer, the old code confirms nothing', async () => {
      const m = await merchantWith(1);
      const c1 = await payingCustomer('Mona');
      const c2 = await payingCustomer('Nour');
      const first = await m.api.merchant.assignCard({ mobile: c1.mobile, cardUid: m.cards[0]!.uid });
      const oldCode = await latestCode(deps, c1.mobile);
      expect(await m.api.merchant.cancelAssignment({ id: first.assignmentId })).toEqual({
        id: first.assignmentId,
        status: 'CANCELLED',
      });
      expect(await codeOf(m.api.merchant.cancelAssignment({ id: first.assignmentId }))).toBe('INVALID_STATE');
      expect(await codeOf(m.api.merchant.verifyCustomerOtp({ assignmentId: first.assignmentId, code: oldCode }))).toBe(
        'INVALID_STATE',
      );
      expect((await deps.db.nfcCard.findUniqueOrThrow({ where: { id: m.cards[0]!.id } })).customerId).toBeNull();
      expect(
        await deps.db.auditLog.count({ where: { action: 'merchant.card_assignment_cancelled', actorId: m.user.id } }),
      ).toBe(1);
      // the same card goes to someone else at once
      const second = await m.api.merchant.assignCard({ mobile: c2.mobile, cardUid: m.cards[0]!.uid });
      await m.api.merchant.verifyCustomerOtp({
        assignmentId: second.assignmentId,
        code: await latestCode(deps, c2.mobile),
      });
      expect((await deps.db.nfcCard.findUniqueOrThrow({ where: { id: m.cards[0]!.id } })).customerId).toBe(c2.user.id);
      // another merchant cannot withdraw it
      const other = await merchantWith(0);
      expect(await codeOf(other.api.merchant.cancelAssignment({ id: second.assignmentId }))).toBe('NOT_FOUND');
    });

    it('does not let another merchant confirm an assignment', async () => {
      const m = await merchantWith(1);
      const intruder = await merchantWith(0);
      const c = await payingCustomer();
      const started = await m.api.merchant.assignCard({ mobile: c.mobile, cardUid: m.cards[0]!.uid });
      const code = await latestCode(deps, c.mobile);
      expect(await codeOf(intruder.api.merchant.verifyCustomerOtp({ assignmentId: started.assignmentId, code }))).toBe(
        'NOT_FOUND',
      );
      expect((await deps.db.cardAssignment.findUniqueOrThrow({ where: { id: started.assignmentId } })).status).toBe(
        'PENDING',
      );
      // the code is untouched: the owner still confirms with it
      await m.api.merchant.verifyCustomerOtp({ assignmentId: started.assignmentId, code });
    });
  });

  it('sums card spend at this merchant from the ledger (credits to its payable account)', async () => {
    const m = await merchantWith(0);
    await deps.db.$transaction((tx) =>
      post(tx, {
        kind: 'CARD_SPEND',
        idempotencyKey: `test:merchant-spend:${m.user.id}`,
        description: 'test spend',
        occurredAt: deps.clock.now(),
        entries: [
          { account: accounts.clearing('EGP'), amountMinor: 12_550 },
          { account: accounts.merchantPayable(m.user.id, 'EGP'), amountMinor: -12_550 },
        ],
      }),
    );
    expect((await m.api.merchant.dashboardStats({})).cardSpend).toEqual([{ currency: 'EGP', amountMinor: 12_550 }]);
    await expectLedgerConsistent(deps);
  });

  it('saves the business profile and shows it in the settings; bad input writes nothing', async () => {
    const user = await makeMerchant(deps);
    const api = callerFor(deps, (await signIn(deps, user.id)).actor as Actor);
    expect((await api.merchant.settings({})).business).toBeNull();
    const err = await api.merchant.updateSettings({ businessName: ' ' }).catch((e: unknown) => e);
    expect((err as TRPCError).code).toBe('BAD_REQUEST');
    expect(await deps.db.merchantProfile.count({ where: { userId: user.id } })).toBe(0);

    const saved = await api.merchant.updateSettings({
      businessName: 'Gate 4 Coffee',
      address: '12 Nile St',
      city: 'Cairo',
      notifyOnAssignment: false,
    });
    expect(saved).toEqual({
      businessName: 'Gate 4 Coffee',
      address: '12 Nile St',
      city: 'Cairo',
      notifyOnAssignment: false,
    });
    const settings = await api.merchant.settings({});
    expect(settings).toMatchObject({ id: user.id, role: 'MERCHANT', business: saved });
    // omitted fields stay, an empty city clears it
    expect(await api.merchant.updateSettings({ businessName: 'Gate 4 Coffee Bar', city: '' })).toEqual({
      businessName: 'Gate 4 Coffee Bar',
      address: '12 Nile St',
      city: null,
      notifyOnAssignment: false,
    });
  });

  it('serves the seed’s REST paths', async () => {
    const server = await startTestServer(deps);
    try {
      const m = await merchantWith(1);
      const c = await payingCustomer();
      const { token } = await signIn(deps, m.user.id);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const verify = await fetch(`${server.url}/api/merchant/verify-customer/${encodeURIComponent(c.mobile)}/`, {
        headers,
      });
      expect(verify.status, await verify.clone().text()).toBe(200);
      expect(await verify.json()).toMatchObject({ registered: true, feesPaid: true });

      const bad = await fetch(`${server.url}/api/merchant/verify-customer/12345/`, { headers });
      expect(bad.status).toBe(400);

      const assign = await fetch(`${server.url}/api/merchant/assign-card/`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ mobile: c.mobile, cardUid: m.cards[0]!.uid }),
      });
      expect(assign.status).toBe(200);
      const { assignmentId } = (await assign.json()) as { assignmentId: string };
      const confirm = await fetch(`${server.url}/api/merchant/verify-customer-otp/`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ assignmentId, code: await latestCode(deps, c.mobile) }),
      });
      expect(confirm.status).toBe(200);
      expect(await confirm.json()).toMatchObject({ card: { uid: m.cards[0]!.uid, customerName: 'Mona Hassan' } });

      const cards = await fetch(`${server.url}/api/merchant/cards/?assignment=assigned`, { headers });
      expect(((await cards.json()) as { total: number }).total).toBe(1);
      const stats = await fetch(`${server.url}/api/merchant/dashboard-stats/`, { headers });
      expect(((await stats.json()) as { assignedTotal: number }).assignedTotal).toBe(1);
      const put = await fetch(`${server.url}/api/merchant/settings/`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ businessName: 'Kiosk 9' }),
      });
      expect(put.status).toBe(200);
      const settings = await fetch(`${server.url}/api/merchant/settings/`, { headers });
      expect(((await settings.json()) as { business: { businessName: string } }).business.businessName).toBe('Kiosk 9');
    } finally {
      await server.close();
    }
  });
});
