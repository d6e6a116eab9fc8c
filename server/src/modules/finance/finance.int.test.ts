/**
 * The company's books (seed 003 Plan 2 Phase 8): every finance record posts the right ledger
 * entries with it, company figures are sums of ledger entries (checked against hand-computed
 * figures), and the ledger views and check read the same entries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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
import { makeAdmin, payOrder } from '../payouts/books-fixtures.ts';

const ready = await integrationDbReady();
const DAY = 24 * 3600_000;

describeIf(ready)('company finance', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let ev: EventFixture;
  let admin: Awaited<ReturnType<typeof makeAdmin>>;
  let support: Awaited<ReturnType<typeof makeAdmin>>;
  const ago = (days: number) => new Date(deps.clock.now().getTime() - days * DAY);

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    ev = await makeEvent(deps, { priceMinor: 45_000 });
    admin = await makeAdmin(deps, 'SUPER_ADMIN', 'cfo@books.test');
    support = await makeAdmin(deps, 'SUPPORT', 'help@books.test');
    // one sale: clearing +90,000, organizer payable −85,500, fee revenue −4,500
    const buyer = await makeCustomer(deps);
    await payOrder(deps, buyer.actor, ev, 2);
  });
  afterAll(() => db?.close());

  describe('records', () => {
    const entriesOf = async (recordId: string) => {
      const tx = await deps.db.ledgerTransaction.findUniqueOrThrow({
        where: { idempotencyKey: `finance:${recordId}` },
        select: {
          id: true,
          kind: true,
          financeRecordId: true,
          entries: { select: { amountMinor: true, account: { select: { code: true } } } },
        },
      });
      return { ...tx, entries: Object.fromEntries(tx.entries.map((e) => [e.account.code, e.amountMinor])) };
    };

    it('posts each kind with its own accounts, in one transaction with the record, audited', async () => {
      const api = callerFor(deps, admin.actor).admin.finances;
      const cases = [
        {
          kind: 'DEPOSIT',
          create: () =>
            api.deposits.create({
              description: 'Seed capital',
              amountMinor: 1_000_000,
              currency: 'EGP',
              occurredAt: ago(30),
            }),
          category: 'Owner capital',
          entries: { 'platform:bank:EGP': 1_000_000, 'platform:equity:EGP': -1_000_000 },
        },
        {
          kind: 'EXPENSE',
          create: () =>
            api.expenses.create({
              category: 'Marketing',
              description: 'Flyers for the season',
              amountMinor: 12_000,
              currency: 'egp',
              occurredAt: ago(20),
              counterparty: 'Print House',
            }),
          category: 'Marketing',
          entries: { 'platform:expense:marketing:EGP': 12_000, 'platform:bank:EGP': -12_000 },
        },
        {
          kind: 'SETTLEMENT',
          create: () =>
            api.settlements.create({
              description: 'Stripe payout',
              amountMinor: 60_000,
              currency: 'EGP',
              occurredAt: ago(1),
            }),
          category: 'Payment provider payout',
          entries: { 'platform:bank:EGP': 60_000, 'platform:clearing:EGP': -60_000 },
        },
        {
          kind: 'PROFIT_WITHDRAWAL',
          create: () =>
            api.profitWithdrawals.create({
              description: 'Q3 drawing',
              amountMinor: 50_000,
              currency: 'EGP',
              occurredAt: ago(10),
            }),
          category: 'Owner withdrawal',
          entries: { 'platform:equity:EGP': 50_000, 'platform:bank:EGP': -50_000 },
        },
        {
          kind: 'PROFIT_SHARE',
          create: () =>
            api.profitShares.create({
              category: 'Partner: Amr',
              description: 'Q3 share',
              amountMinor: 20_000,
              currency: 'EGP',
              occurredAt: ago(5),
            }),
          category: 'Partner: Amr',
          entries: { 'platform:equity:profit-share:EGP': 20_000, 'platform:bank:EGP': -20_000 },
        },
      ] as const;
      for (const c of cases) {
        const record = await c.create();
        expect(record).toMatchObject({
          kind: c.kind,
          category: c.category,
          currency: 'EGP',
          createdById: admin.user.id,
        });
        const tx = await entriesOf(record.id);
        expect(tx).toMatchObject({ id: record.transactionId, kind: c.kind, financeRecordId: record.id });
        expect(tx.entries).toEqual(c.entries);
        expect(
          await deps.db.auditLog.count({
            where: { action: `finance.${c.kind.toLowerCase()}_recorded`, targetId: record.id, actorId: admin.user.id },
          }),
        ).toBe(1);
      }
      await expectLedgerConsistent(deps);
    });

    it('refuses bad records and writes nothing', async () => {
      const api = callerFor(deps, admin.actor).admin.finances;
      const count = () => Promise.all([deps.db.financeRecord.count(), deps.db.ledgerTransaction.count()]);
      const before = await count();
      const base = { description: 'x', amountMinor: 1_000, currency: 'EGP', occurredAt: ago(1) };
      await expect(api.expenses.create(base)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'Choose a category.',
      });
      await expect(api.expenses.create({ ...base, category: 'Rent', amountMinor: 0 })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      await expect(api.expenses.create({ ...base, category: 'Rent', currency: 'EURO' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      await expect(
        api.deposits.create({ ...base, occurredAt: new Date(deps.clock.now().getTime() + 3 * DAY) }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      // the provider holds 30,000 after the 60,000 settlement: it cannot pay out 30,001
      await expect(api.settlements.create({ ...base, amountMinor: 30_001 })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      await expect(
        callerFor(deps, support.actor).admin.finances.deposits.create({ ...base, amountMinor: 5 }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await count()).toEqual(before);
    });

    it('lists one kind by date range, currency and category, paginated, with totals', async () => {
      const api = callerFor(deps, admin.actor).admin.finances;
      await api.expenses.create({
        category: 'Hosting',
        description: 'Servers, October',
        amountMinor: 8_000,
        currency: 'EGP',
        occurredAt: ago(15),
      });
      await api.expenses.create({
        category: 'Hosting',
        description: 'Servers, November',
        amountMinor: 8_500,
        currency: 'EGP',
        occurredAt: ago(2),
      });
      await api.expenses.create({
        category: 'Travel',
        description: 'Site visit Dubai',
        amountMinor: 3_000,
        currency: 'AED',
        occurredAt: ago(3),
      });
      const all = await callerFor(deps, support.actor).admin.finances.expenses.list({ pageSize: 2 });
      expect(all).toMatchObject({ total: 4, totalPages: 2, totalMinorByCurrency: { EGP: 28_500, AED: 3_000 } });
      expect(all.items.map((r) => r.description)).toEqual(['Servers, November', 'Site visit Dubai']);
      const window = await api.expenses.list({ from: ago(16), to: ago(2.5), currency: 'EGP' });
      expect(window.items.map((r) => r.description)).toEqual(['Servers, October']);
      const hosting = await api.expenses.list({ category: 'host' });
      expect(hosting).toMatchObject({ total: 2, totalMinorByCurrency: { EGP: 16_500 } });
      // kinds do not mix
      expect((await api.deposits.list({})).items.map((r) => r.kind)).toEqual(['DEPOSIT']);
    });
  });

  describe('company figures and ledger views', () => {
    it('equal the sums computed by hand, per currency', async () => {
      const company = await callerFor(deps, support.actor).admin.finances.company({});
      const egp = company.currencies.find((c) => c.currency === 'EGP')!;
      const expenses = 12_000 + 8_000 + 8_500;
      expect(egp).toEqual({
        currency: 'EGP',
        feeRevenueMinor: 4_500,
        expensesMinor: expenses,
        expensesByCategory: [
          { category: 'Hosting', code: 'platform:expense:hosting:EGP', amountMinor: 16_500 },
          { category: 'Marketing', code: 'platform:expense:marketing:EGP', amountMinor: 12_000 },
        ],
        netProfitMinor: 4_500 - expenses,
        profitSharedMinor: 20_000,
        withdrawnMinor: 50_000,
        depositsMinor: 1_000_000,
        settledMinor: 60_000,
        balances: {
          clearingMinor: 90_000 - 60_000,
          bankMinor: 1_000_000 - expenses + 60_000 - 50_000 - 20_000,
          disputesMinor: 0,
          organizerPayablesMinor: 85_500,
          cardBalancesMinor: 0,
          merchantPayablesMinor: 0,
          refundsDueMinor: 0,
          equityMinor: 1_000_000 - 50_000,
        },
      });
      const aed = company.currencies.find((c) => c.currency === 'AED')!;
      expect(aed).toMatchObject({ expensesMinor: 3_000, netProfitMinor: -3_000, balances: { bankMinor: -3_000 } });

      // flows within a window; balances as of its end
      const window = await callerFor(deps, admin.actor).admin.finances.company({ from: ago(25), to: ago(4) });
      expect(window.currencies.find((c) => c.currency === 'EGP')).toMatchObject({
        feeRevenueMinor: 0,
        expensesMinor: 12_000 + 8_000,
        withdrawnMinor: 50_000,
        profitSharedMinor: 20_000,
        depositsMinor: 0,
        settledMinor: 0,
        balances: { bankMinor: 1_000_000 - 12_000 - 8_000 - 50_000 - 20_000, clearingMinor: 0 },
      });
      // the cached balances say the same as the entries
      expect(egp.balances.bankMinor).toBe(await balanceOf(deps.db, 'platform:bank:EGP'));
      await expectLedgerConsistent(deps);
    });

    it('lists accounts with balances, one account’s entries, and finds no problem', async () => {
      const api = callerFor(deps, support.actor).admin.finances.ledger;
      const expenseAccounts = await api.accounts({ codePrefix: 'platform:expense:', currency: 'EGP' });
      expect(expenseAccounts.items.map((a) => [a.code, a.type, a.balanceMinor])).toEqual([
        ['platform:expense:hosting:EGP', 'EXPENSE', 16_500],
        ['platform:expense:marketing:EGP', 'EXPENSE', 12_000],
      ]);
      const liabilities = await api.accounts({ type: 'LIABILITY' });
      expect(liabilities.items).toMatchObject([
        { eventId: ev.eventId, organizerId: ev.organizerId, balanceMinor: -85_500 },
      ]);

      const bank = (await api.accounts({ codePrefix: 'platform:bank:EGP' })).items[0]!;
      const entries = await api.entries({ id: bank.id, pageSize: 50 });
      expect(entries.account.code).toBe('platform:bank:EGP');
      expect(entries.items.map((e) => e.transaction.kind).sort()).toEqual(
        ['DEPOSIT', 'EXPENSE', 'EXPENSE', 'EXPENSE', 'PROFIT_SHARE', 'PROFIT_WITHDRAWAL', 'SETTLEMENT'].sort(),
      );
      expect(entries.items.reduce((n, e) => n + e.amountMinor, 0)).toBe(bank.balanceMinor);
      const recent = await api.entries({ id: bank.id, from: ago(4) });
      expect(recent.items.map((e) => e.transaction.kind).sort()).toEqual(['EXPENSE', 'SETTLEMENT']);
      await expect(api.entries({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(await api.check({})).toEqual([]);
    });

    it('serves the seed paths over REST', async () => {
      const server = await startTestServer(deps);
      try {
        const auth = { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' };
        const created = await fetch(`${server.url}/api/expenses/`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({
            category: 'Office',
            description: 'Chairs',
            amountMinor: 2_500,
            currency: 'EGP',
            occurredAt: ago(1).toISOString(),
          }),
        });
        expect(created.status).toBe(200);
        expect(await created.json()).toMatchObject({ kind: 'EXPENSE', category: 'Office', amountMinor: 2_500 });
        const listed = await fetch(`${server.url}/api/expenses/?category=office`, { headers: auth });
        expect(await listed.json()).toMatchObject({ total: 1, items: [{ description: 'Chairs' }] });
        const company = await fetch(`${server.url}/api/finances/company/`, { headers: auth });
        expect(company.status).toBe(200);
        const check = await fetch(`${server.url}/api/finances/ledger/check/`, { headers: auth });
        expect(await check.json()).toEqual([]);
        const anonymous = await fetch(`${server.url}/api/finances/company/`);
        expect(anonymous.status).toBe(401);
      } finally {
        await server.close();
      }
      await expectLedgerConsistent(deps);
    });
  });
});
