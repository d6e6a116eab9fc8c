/**
 * `pnpm ledger:check`: proves the books from the entries (issue 4). Opens DATABASE_URL (or the
 * embedded .data/pglite database), recomputes every transaction's balance, every account's
 * balance and every entry's currency, prints a summary per account type and exits 1 on any
 * problem.
 */
import { openDatabase } from '../server/src/db/connection.ts';
import { checkLedger } from '../server/src/modules/ledger/ledger.ts';

const db = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.PGLITE_DIR });
try {
  const problems = await checkLedger(db.prisma);
  const totals = await db.prisma.$queryRaw<{ type: string; currency: string; accounts: bigint; balance: bigint }[]>`
    SELECT "type"::text AS type, "currency", COUNT(*)::bigint AS accounts, SUM("balanceMinor")::bigint AS balance
    FROM "LedgerAccount" GROUP BY "type", "currency" ORDER BY "currency", "type"`;
  const [counts] = await db.prisma.$queryRaw<{ transactions: bigint; entries: bigint }[]>`
    SELECT (SELECT COUNT(*) FROM "LedgerTransaction")::bigint AS transactions,
           (SELECT COUNT(*) FROM "LedgerEntry")::bigint AS entries`;
  console.log(`ledger: ${counts?.transactions ?? 0} transactions, ${counts?.entries ?? 0} entries`);
  for (const t of totals) {
    console.log(`  ${t.currency} ${t.type.padEnd(9)} ${String(t.accounts).padStart(5)} accounts  balance ${t.balance}`);
  }
  if (problems.length === 0) {
    console.log('ok: every transaction balances; every cached balance equals the sum of its entries');
  } else {
    for (const p of problems) console.error(`${p.kind} ${p.ref}: ${p.detail}`);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
