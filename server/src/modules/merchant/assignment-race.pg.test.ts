/**
 * Card assignment races on real PostgreSQL through a 20-connection pool (seed 003 Plan 4 Phase 3):
 *
 * - many assignments of ONE card started at once (to different customers): the partial unique
 *   index `CardAssignment_one_pending` leaves exactly one PENDING, the rest get CONFLICT;
 * - ONE customer (one PAID card request) confirmed at once by two merchants with their own cards:
 *   the conditional PAID→FULFILLED leaves exactly one card assigned, the other transaction rolls
 *   back (its card stays in stock, its assignment PENDING);
 * - the same assignment confirmed many times at once with the right code: exactly one success.
 *
 * Negative control: the same two-merchant race with the request's guard removed (a plain
 * read-then-write, as a naive implementation does) fulfils the one request twice, proving the
 * harness can see the race the conditional UPDATE prevents.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  callerFor,
  describeIf,
  latestCode,
  makeCustomer,
  openTestDatabase,
  postgresAvailable,
  signIn,
  testDeps,
} from '../../../test/harness.ts';
import { confirmAssignment } from './merchant.service.ts';
import { makeMerchant, makePaidCardRequest, makeStockCards } from './merchant-fixtures.ts';

const ready = await postgresAvailable();
const RACERS = 8;

describeIf(ready)('card assignment races on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let standSeq = 0;

  beforeAll(async () => {
    db = await openTestDatabase('postgres', { poolSize: 20 });
    deps = testDeps(db);
  });
  afterAll(() => db?.close());

  async function merchant() {
    const user = await makeMerchant(deps, { businessName: `Stand ${++standSeq}` });
    const { actor } = await signIn(deps, user.id);
    const [card] = await makeStockCards(deps, user.id, 1);
    return { user, actor, card: card!, api: callerFor(deps, actor) };
  }

  /** A PENDING assignment row of `card` to `customerId` (step 1 without the code). */
  async function pending(merchantId: string, cardId: string, customerId: string) {
    return deps.db.cardAssignment.create({
      data: { merchantId, cardId, customerId, expiresAt: new Date(deps.clock.now().getTime() + 600_000) },
      select: { id: true, cardId: true, customerId: true, customer: { select: { firstName: true, lastName: true } } },
    });
  }

  it('starts exactly one pending assignment of a card', async () => {
    const m = await merchant();
    const customers = [];
    for (let i = 0; i < RACERS; i++) {
      const c = await makeCustomer(deps, { firstName: `Racer${i}` });
      await makePaidCardRequest(deps, c.user.id);
      customers.push(c.user.mobile!);
    }
    const results = await Promise.allSettled(
      customers.map((mobile) => m.api.merchant.assignCard({ mobile, cardUid: m.card.uid })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    }
    expect(await deps.db.cardAssignment.count({ where: { cardId: m.card.id, status: 'PENDING' } })).toBe(1);
  });

  it('assigns one card to a customer confirmed by two merchants at once', async () => {
    const c = await makeCustomer(deps, { firstName: 'Both' });
    const request = await makePaidCardRequest(deps, c.user.id);
    const a = await merchant();
    const b = await merchant();
    const pa = await pending(a.user.id, a.card.id, c.user.id);
    const pb = await pending(b.user.id, b.card.id, c.user.id);
    const results = await Promise.allSettled([
      confirmAssignment({ ...deps, realtime: [] }, a.actor, pa),
      confirmAssignment({ ...deps, realtime: [] }, b.actor, pb),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await deps.db.nfcCard.count({ where: { customerId: c.user.id } })).toBe(1);
    expect(await deps.db.cardAssignment.count({ where: { customerId: c.user.id, status: 'CONFIRMED' } })).toBe(1);
    const fulfilled = await deps.db.nfcCardRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(fulfilled.status).toBe('FULFILLED');
    expect([a.card.id, b.card.id]).toContain(fulfilled.cardId);
    // the loser's card is still in its stock
    const loser = fulfilled.cardId === a.card.id ? b.card.id : a.card.id;
    expect((await deps.db.nfcCard.findUniqueOrThrow({ where: { id: loser } })).customerId).toBeNull();
    expect(await deps.db.notification.count({ where: { userId: c.user.id, kind: 'card.assigned' } })).toBe(1);
  });

  it('negative control: without the guard the one request is fulfilled twice', async () => {
    const c = await makeCustomer(deps, { firstName: 'Naive' });
    const request = await makePaidCardRequest(deps, c.user.id);
    const cards = [(await merchant()).card, (await merchant()).card];
    let arrived = 0;
    let release = () => {};
    const barrier = new Promise<void>((r) => {
      release = r;
    });
    const naive = (cardId: string) =>
      deps.db.$transaction(async (tx) => {
        const open = await tx.nfcCardRequest.findFirst({ where: { customerId: c.user.id, status: 'PAID' } });
        if (++arrived === 2) release();
        await Promise.race([barrier, new Promise((r) => setTimeout(r, 1000))]);
        if (!open) throw new Error('no open request');
        await tx.nfcCard.update({ where: { id: cardId }, data: { customerId: c.user.id } });
        // unguarded: WHERE id only
        await tx.nfcCardRequest.update({ where: { id: open.id }, data: { status: 'FULFILLED', cardId } });
      });
    const results = await Promise.allSettled(cards.map((card) => naive(card.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(await deps.db.nfcCard.count({ where: { customerId: c.user.id } })).toBe(2); // the double hand-out
    expect((await deps.db.nfcCardRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe('FULFILLED');
  });

  it('confirms one assignment once when the right code arrives many times at once', async () => {
    const m = await merchant();
    const c = await makeCustomer(deps, { firstName: 'Twice' });
    await makePaidCardRequest(deps, c.user.id);
    const started = await m.api.merchant.assignCard({ mobile: c.user.mobile!, cardUid: m.card.uid });
    const code = await latestCode(deps, c.user.mobile!);
    const results = await Promise.allSettled(
      Array.from({ length: RACERS }, () =>
        m.api.merchant.verifyCustomerOtp({ assignmentId: started.assignmentId, code }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await deps.db.cardAssignment.count({ where: { id: started.assignmentId, status: 'CONFIRMED' } })).toBe(1);
    expect(await deps.db.notification.count({ where: { userId: c.user.id, kind: 'card.assigned' } })).toBe(1);
    expect(await deps.db.auditLog.count({ where: { action: 'merchant.card_assigned', targetId: m.card.id } })).toBe(1);
  });
});
