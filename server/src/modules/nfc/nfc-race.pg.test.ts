/**
 * NFC card races on real PostgreSQL (issue 7; ADR 0018), through a 20-connection pool:
 *   - several admins move the balance of the same blocked card at once: it moves once;
 *   - spends racing on one card never overdraw it (the CHECK on the balance account refuses the
 *     ones that would), and the refused ones write nothing;
 *   - spends racing below the auto-reload threshold queue exactly one auto-reload.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  callerFor,
  describeIf,
  expectLedgerConsistent,
  makeCustomer,
  openTestDatabase,
  postgresAvailable,
  signIn,
  testDeps,
} from '../../../test/harness.ts';
import type { Actor } from '../../trpc/context.ts';
import { balanceOf } from '../ledger/ledger.ts';
import { makeMerchant, randomCardUid } from '../merchant/merchant-fixtures.ts';
import { moveBalance } from './nfc-admin.service.ts';
import { NFC_AUTO_RELOAD_JOB, spendFromCard } from './nfc-spend.ts';

const ready = await postgresAvailable();
const RACERS = 8;

describeIf(ready)('NFC card races on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  const admins: Actor[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('postgres', { poolSize: 20 });
    deps = testDeps(db);
    for (let i = 0; i < RACERS; i++) {
      const u = await deps.db.user.create({
        data: {
          role: 'ADMIN',
          adminLevel: 'ADMIN',
          email: `nfc-race-${i}@cards.test`,
          firstName: 'Race',
          lastName: String(i),
          passwordHash: 'x',
        },
      });
      admins.push((await signIn(deps, u.id)).actor);
    }
  });
  afterAll(() => db?.close());

  /** An assigned card of a new customer with `amountMinor` loaded through the checkout. */
  async function loadedCard(amountMinor: number) {
    const customer = await makeCustomer(deps);
    const card = await deps.db.nfcCard.create({
      data: { uid: randomCardUid(), customerId: customer.user.id, assignedAt: new Date() },
    });
    const api = callerFor(deps, customer.actor);
    const order = await api.customer.nfcCards.reload({ id: card.id, amountMinor });
    const intent = await api.customer.payments.process({ orderId: order.id });
    await api.customer.payments.confirm({ paymentId: intent.paymentId });
    return { customer, card, api };
  }

  it('moves the balance once when admins race', async () => {
    const { customer, card } = await loadedCard(30_000);
    await deps.db.nfcCard.update({ where: { id: card.id }, data: { status: 'LOST' } });
    const target = await deps.db.nfcCard.create({
      data: { uid: randomCardUid(), customerId: customer.user.id, assignedAt: new Date() },
    });
    const results = await Promise.allSettled(
      admins.map((a) => moveBalance({ ...deps, realtime: [] }, a, { fromCardId: card.id, toCardId: target.id })),
    );
    const done = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code);
    expect(done).toHaveLength(1);
    expect(refused).toEqual(Array(RACERS - 1).fill('INVALID_STATE'));
    expect(await balanceOf(deps.db, `card:${card.id}:balance`)).toBe(0);
    expect(await balanceOf(deps.db, `card:${target.id}:balance`)).toBe(-30_000);
    expect(
      await deps.db.ledgerTransaction.count({
        where: { kind: 'CARD_TRANSFER', idempotencyKey: `card-transfer:${card.id}` },
      }),
    ).toBe(1);
    expect(await deps.db.nfcCard.findUniqueOrThrow({ where: { id: card.id } })).toMatchObject({
      status: 'REPLACED',
      replacedById: target.id,
    });
    await expectLedgerConsistent(deps);
  });

  it('racing spends never overdraw the card; the refused ones write nothing', async () => {
    const { card } = await loadedCard(10_000);
    const merchant = await makeMerchant(deps);
    const before = await deps.db.ledgerTransaction.count();
    // 12 spends of 1 500 against 10 000: at most 6 fit
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        spendFromCard(
          { ...deps, realtime: [] },
          {
            cardId: card.id,
            merchantId: merchant.id,
            amountMinor: 1_500,
            description: 'Race',
            idempotencyKey: `race-${i}-spend`,
          },
        ),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r.reason as { details?: object }).details);
    expect(ok).toHaveLength(6);
    expect(refused).toHaveLength(6);
    for (const d of refused) expect(d).toMatchObject({ amountMinor: ['INSUFFICIENT_BALANCE'] });
    expect(await balanceOf(deps.db, `card:${card.id}:balance`)).toBe(-1_000);
    expect(await balanceOf(deps.db, `merchant:${merchant.id}:payable:EGP`)).toBe(-9_000);
    expect(await deps.db.ledgerTransaction.count()).toBe(before + 6);
    await expectLedgerConsistent(deps);
  });

  it('racing spends below the threshold queue exactly one auto-reload', async () => {
    const { card, api } = await loadedCard(50_000);
    const setup = await api.customer.paymentMethods.setup({});
    const method = await api.customer.paymentMethods.confirmSetup({ setupRef: setup.setupRef });
    await api.customer.nfcCards.autoReloadSettings({
      id: card.id,
      enabled: true,
      thresholdMinor: 45_000,
      amountMinor: 20_000,
      paymentMethodId: method.id,
    });
    const merchant = await makeMerchant(deps);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        spendFromCard(
          { ...deps, realtime: [] },
          {
            cardId: card.id,
            merchantId: merchant.id,
            amountMinor: 1_000,
            description: 'Race',
            idempotencyKey: `ar-race-${i}`,
          },
        ),
      ),
    );
    expect(results.filter((r) => r.autoReloadQueued)).toHaveLength(1);
    expect(
      await deps.db.job.count({
        where: { type: NFC_AUTO_RELOAD_JOB, key: { startsWith: `nfc-auto-reload:${card.id}:` } },
      }),
    ).toBe(1);
    expect(await balanceOf(deps.db, `card:${card.id}:balance`)).toBe(-40_000);
    await expectLedgerConsistent(deps);
  });
});
