import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectLedgerConsistent,
  integrationDbReady,
  openTestDatabase,
  testDbKind,
  testDeps,
} from '../../../test/harness.ts';
import type { Database } from '../../db/connection.ts';
import { accounts, balanceOf, checkLedger, post } from './ledger.ts';

const ready = await integrationDbReady();

describe.skipIf(!ready)('ledger', () => {
  let db: Database;
  let deps: ReturnType<typeof testDeps>;
  beforeAll(async () => {
    db = await openTestDatabase(testDbKind());
    deps = testDeps(db);
  });
  afterAll(() => db?.close());

  const sale = (key: string, amount: number) => ({
    kind: 'PAYMENT',
    idempotencyKey: key,
    description: 'test sale',
    occurredAt: new Date(),
    entries: [
      { account: accounts.clearing('EGP'), amountMinor: amount },
      { account: accounts.feeRevenue('EGP'), amountMinor: -Math.round(amount / 20) },
      { account: accounts.equity('EGP'), amountMinor: -(amount - Math.round(amount / 20)) },
    ],
  });

  it('posts a balanced transaction once per idempotency key and moves cached balances', async () => {
    const first = await deps.db.$transaction((tx) => post(tx, sale('t:1', 10_000)));
    const again = await deps.db.$transaction((tx) => post(tx, sale('t:1', 10_000)));
    expect(first.posted).toBe(true);
    expect(again).toEqual({ posted: false, transactionId: null });
    expect(await balanceOf(deps.db, 'platform:clearing:EGP')).toBe(10_000);
    expect(await balanceOf(deps.db, 'platform:revenue:fees:EGP')).toBe(-500);
    await expectLedgerConsistent(deps);
  });

  it('refuses unbalanced postings in code and in the database', async () => {
    await expect(
      deps.db.$transaction((tx) =>
        post(tx, { ...sale('t:2', 100), entries: [{ account: accounts.clearing('EGP'), amountMinor: 100 }] }),
      ),
    ).rejects.toThrow(/off by 100/);
    // bypassing the code: the deferred constraint trigger refuses at commit, nothing is kept
    const acc = await deps.db.ledgerAccount.findUniqueOrThrow({ where: { code: 'platform:clearing:EGP' } });
    await expect(
      deps.db.$transaction(async (tx) => {
        const t = await tx.ledgerTransaction.create({
          data: { kind: 'X', idempotencyKey: 't:raw', description: 'raw', occurredAt: new Date() },
        });
        await tx.ledgerEntry.create({
          data: { transactionId: t.id, accountId: acc.id, amountMinor: 7, currency: 'EGP' },
        });
      }),
    ).rejects.toThrow(/does not balance/);
    expect(await deps.db.ledgerTransaction.count({ where: { idempotencyKey: 't:raw' } })).toBe(0);
    expect(await balanceOf(deps.db, 'platform:clearing:EGP')).toBe(10_000);
  });

  it('keeps entries append-only and currencies consistent', async () => {
    const entry = await deps.db.ledgerEntry.findFirstOrThrow();
    await expect(deps.db.ledgerEntry.update({ where: { id: entry.id }, data: { amountMinor: 1 } })).rejects.toThrow(
      /append-only/,
    );
    await expect(deps.db.ledgerEntry.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
    await expect(
      deps.db.$transaction((tx) =>
        post(tx, {
          ...sale('t:3', 100),
          entries: [
            { account: { ...accounts.clearing('EGP'), currency: 'USD' }, amountMinor: 100 },
            { account: { ...accounts.equity('USD') }, amountMinor: -100 },
          ],
        }),
      ),
    ).rejects.toThrow(/kept in EGP/);
  });

  it('the check finds a tampered cached balance', async () => {
    await deps.db.ledgerAccount.update({ where: { code: 'platform:clearing:EGP' }, data: { balanceMinor: 1n } });
    const problems = await checkLedger(deps.db);
    expect(problems).toEqual([
      { kind: 'BALANCE_MISMATCH', ref: 'platform:clearing:EGP', detail: 'cached 1, entries sum to 10000' },
    ]);
    await deps.db.ledgerAccount.update({ where: { code: 'platform:clearing:EGP' }, data: { balanceMinor: 10_000n } });
    await expectLedgerConsistent(deps);
  });
});
