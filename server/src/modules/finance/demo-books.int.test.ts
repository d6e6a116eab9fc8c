/** The demo world's books: every seeded sale is in the ledger, the finance pages have data, and the books check. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  callerFor,
  describeIf,
  expectLedgerConsistent,
  integrationDbReady,
  openTestDatabase,
  testDeps,
} from '../../../test/harness.ts';
import { seedDemoWorld } from '../../db/seed.ts';
import { makeAdmin } from '../payouts/books-fixtures.ts';

const ready = await integrationDbReady();

describeIf(ready)('demo books', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    await seedDemoWorld(db.prisma);
  });
  afterAll(() => db?.close());

  it('posts every seeded paid order as settling a payment would, and the books balance', async () => {
    const orders = await deps.db.order.findMany({
      where: { status: 'PAID' },
      select: {
        totalMinor: true,
        feeMinor: true,
        payments: { select: { id: true, succeededAt: true } },
        lines: {
          select: { kind: true, ticketCategory: { select: { event: { select: { organizer: true } } } } },
        },
      },
    });
    expect(orders.length).toBeGreaterThan(20);
    for (const o of orders) {
      // event tickets carry the organizer's platform fee; raffle entries and card reloads none; a
      // card fee is platform revenue whole (checkout/kinds.ts)
      const line = o.lines[0]!;
      const bps =
        line.kind === 'EVENT_TICKET'
          ? line.ticketCategory!.event.organizer.platformFeeBps
          : line.kind === 'NFC_CARD_FEE'
            ? 10_000
            : 0;
      expect(o.feeMinor).toBe(Math.round((o.totalMinor * bps) / 10_000));
      expect(o.payments[0]!.succeededAt).toBeInstanceOf(Date);
      const tx = await deps.db.ledgerTransaction.findUniqueOrThrow({
        where: { idempotencyKey: `payment:${o.payments[0]!.id}` },
        select: { kind: true, entries: { select: { amountMinor: true } } },
      });
      expect(tx.kind).toBe('PAYMENT');
      expect(tx.entries.filter((e) => e.amountMinor > 0).reduce((n, e) => n + e.amountMinor, 0)).toBe(o.totalMinor);
    }
    await expectLedgerConsistent(deps);
  });

  it('gives the admin finance pages and an organizer a paid payout to show', async () => {
    const support = await makeAdmin(deps, 'SUPPORT', 'demo-support@books.test');
    const api = callerFor(deps, support.actor).admin;
    const egp = (await api.finances.company({})).currencies.find((c) => c.currency === 'EGP')!;
    expect(egp.expensesMinor).toBeGreaterThan(0);
    expect(egp.expensesByCategory.length).toBeGreaterThanOrEqual(3);
    expect(egp.depositsMinor).toBeGreaterThan(0);
    expect(egp.settledMinor).toBeGreaterThan(0);
    expect(egp.feeRevenueMinor).toBeGreaterThan(0);
    expect(egp.balances.clearingMinor).toBeGreaterThanOrEqual(0);
    expect((await api.finances.expenses.list({})).total).toBeGreaterThanOrEqual(3);

    const paid = await api.payouts.list({ status: 'PAID' });
    expect(paid.total).toBe(1);
    const payout = paid.items[0]!;
    expect(payout.eventTitle).toBe('Oud & Strings Winter Recital');
    expect(payout.netMinor).toBe(payout.grossMinor - payout.feesMinor - payout.refundsMinor);
    expect(await api.payouts.settlement({ eventId: payout.eventId! })).toMatchObject({
      paidOutMinor: payout.netMinor,
      availableMinor: 0,
    });
    expect(await api.finances.ledger.check({})).toEqual([]);
  });
});
