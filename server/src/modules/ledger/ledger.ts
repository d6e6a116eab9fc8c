/**
 * The double-entry ledger (DESIGN.md "Data rules"; issue 4 "Ledger and books"). Every money
 * movement in Admit is one `post()`: a balanced set of entries in integer minor units, debits
 * positive and credits negative, under an idempotency key naming the business fact it records
 * (`payment:<paymentId>`, `refund:<refundId>`, …), so re-applying a fact (replayed webhook,
 * retried job) posts nothing.
 *
 * The database guards it, not this file: entries are append-only (trigger), every transaction
 * balances per currency at commit (deferred constraint trigger), an entry's currency is its
 * account's, and `LedgerAccount.balanceMinor` moves with each entry (trigger). `checkLedger`
 * recomputes everything from the entries.
 *
 * Account codes (`accounts.*`): normal balances follow the usual convention (assets and
 * expenses debit-positive; liabilities, equity and revenue credit, i.e. negative here).
 */
import { randomUUID } from 'node:crypto';
import type { TLedgerAccountType } from '@admit/shared';
import type { Db } from '../../db/connection.ts';
import { AppError } from '../../errors.ts';
import type { Tx } from '../orders/capacity.ts';

export interface AccountSpec {
  code: string;
  name: string;
  type: TLedgerAccountType;
  /** ISO 4217 */
  currency: string;
  organizerId?: string;
  eventId?: string;
  userId?: string;
  nfcCardId?: string;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'other';

/** The well-known accounts. Codes are stable: reports and the check command look them up. */
export const accounts = {
  /** ASSET: customer money held at the payment provider (Stripe balance) */
  clearing: (currency: string): AccountSpec => ({
    code: `platform:clearing:${currency}`,
    name: `Payment provider balance (${currency})`,
    type: 'ASSET',
    currency,
  }),
  /** ASSET: the company's bank account (settlements land here; expenses leave from it) */
  bank: (currency: string): AccountSpec => ({
    code: `platform:bank:${currency}`,
    name: `Company bank (${currency})`,
    type: 'ASSET',
    currency,
  }),
  /** ASSET: amounts held back by the provider while a dispute is open */
  disputes: (currency: string): AccountSpec => ({
    code: `platform:disputes:${currency}`,
    name: `Disputed charges held (${currency})`,
    type: 'ASSET',
    currency,
  }),
  /** REVENUE: platform fees kept on sales */
  feeRevenue: (currency: string): AccountSpec => ({
    code: `platform:revenue:fees:${currency}`,
    name: `Platform fees (${currency})`,
    type: 'REVENUE',
    currency,
  }),
  /** EXPENSE: company costs by category */
  expense: (category: string, currency: string): AccountSpec => ({
    code: `platform:expense:${slug(category)}:${currency}`,
    name: `Expense: ${category} (${currency})`,
    type: 'EXPENSE',
    currency,
  }),
  /** EQUITY: owners' capital (deposits in, profit withdrawals out) */
  equity: (currency: string): AccountSpec => ({
    code: `platform:equity:${currency}`,
    name: `Owners' equity (${currency})`,
    type: 'EQUITY',
    currency,
  }),
  /** EQUITY (contra): profit distributed to partners */
  profitShare: (currency: string): AccountSpec => ({
    code: `platform:equity:profit-share:${currency}`,
    name: `Profit share distributed (${currency})`,
    type: 'EQUITY',
    currency,
  }),
  /**
   * LIABILITY: money received that belongs to no sale and must go back to the payer (a payment
   * that succeeded after its order's hold expired or was cancelled); credited when it arrives,
   * debited when the refund succeeds, so a non-zero balance is money still owed back
   */
  refundsDue: (currency: string): AccountSpec => ({
    code: `platform:refunds-due:${currency}`,
    name: `Late payments to refund (${currency})`,
    type: 'LIABILITY',
    currency,
  }),
  /** LIABILITY: what Admit owes an organizer for one event (sales − fees − refunds − payouts) */
  organizerPayable: (organizerId: string, eventId: string, currency: string): AccountSpec => ({
    code: `organizer:${organizerId}:event:${eventId}:payable`,
    name: `Payable to organizer for event ${eventId}`,
    type: 'LIABILITY',
    currency,
    organizerId,
    eventId,
  }),
  /** LIABILITY: stored value on an NFC cashless card, owed to its holder */
  cardBalance: (nfcCardId: string, currency: string): AccountSpec => ({
    code: `card:${nfcCardId}:balance`,
    name: `NFC card balance ${nfcCardId}`,
    type: 'LIABILITY',
    currency,
    nfcCardId,
  }),
  /** LIABILITY: what Admit owes a merchant for card spending at their stand */
  merchantPayable: (merchantId: string, currency: string): AccountSpec => ({
    code: `merchant:${merchantId}:payable:${currency}`,
    name: `Payable to merchant ${merchantId}`,
    type: 'LIABILITY',
    currency,
    userId: merchantId,
  }),
  /**
   * LIABILITY: money taken for one raffle's entries (issue 8; seeds 000/001 LuxeWin). Credited by
   * each sale (no platform fee: Admit runs raffles itself, ADR 0016), debited by refunds when the
   * raffle is cancelled; what stays is the raffle's gross proceeds, per currency.
   */
  raffleProceeds: (raffleId: string, currency: string): AccountSpec => ({
    code: `raffle:${raffleId}:proceeds:${currency}`,
    name: `Raffle ${raffleId} proceeds (${currency})`,
    type: 'LIABILITY',
    currency,
  }),
};

export interface Posting {
  account: AccountSpec;
  /** minor units; debit > 0, credit < 0; never 0 */
  amountMinor: number;
}

export interface PostInput {
  /** PAYMENT, REFUND, PAYOUT, DISPUTE, CARD_RELOAD, CARD_SPEND, CARD_TRANSFER, EXPENSE, … */
  kind: string;
  /** names the business fact; a second post with the same key is a no-op */
  idempotencyKey: string;
  description: string;
  occurredAt: Date;
  entries: Posting[];
  orderId?: string;
  paymentId?: string;
  refundId?: string;
  payoutId?: string;
  financeRecordId?: string;
  createdById?: string;
}

/**
 * Posts one balanced transaction inside the caller's database transaction. Returns
 * `{ posted: false }` when `idempotencyKey` was already posted (nothing written).
 * Errors: INTERNAL when the entries do not balance per currency, an amount is zero or not an
 * integer, or an entry's currency differs from its account's (the database refuses the same).
 */
export async function post(tx: Tx, input: PostInput): Promise<{ posted: boolean; transactionId: string | null }> {
  const sums = new Map<string, number>();
  for (const e of input.entries) {
    if (!Number.isSafeInteger(e.amountMinor) || e.amountMinor === 0) {
      throw new AppError('INTERNAL', `Ledger amount must be a non-zero integer (got ${e.amountMinor}).`);
    }
    sums.set(e.account.currency, (sums.get(e.account.currency) ?? 0) + e.amountMinor);
  }
  for (const [currency, sum] of sums) {
    if (sum !== 0)
      throw new AppError('INTERNAL', `Ledger transaction ${input.idempotencyKey} is off by ${sum} ${currency}.`);
  }
  const transactionId = randomUUID();
  const created = await tx.ledgerTransaction.createMany({
    data: [
      {
        id: transactionId,
        kind: input.kind,
        idempotencyKey: input.idempotencyKey,
        description: input.description,
        occurredAt: input.occurredAt,
        orderId: input.orderId,
        paymentId: input.paymentId,
        refundId: input.refundId,
        payoutId: input.payoutId,
        financeRecordId: input.financeRecordId,
        createdById: input.createdById,
      },
    ],
    skipDuplicates: true,
  });
  if (created.count === 0) return { posted: false, transactionId: null };
  const ids = await ensureAccounts(
    tx,
    input.entries.map((e) => e.account),
  );
  // one lock order for every poster (sorted by code) so concurrent postings cannot deadlock
  const entries = [...input.entries].sort((a, b) => (a.account.code < b.account.code ? -1 : 1));
  await tx.ledgerEntry.createMany({
    data: entries.map((e) => ({
      transactionId,
      accountId: ids.get(e.account.code)!,
      amountMinor: e.amountMinor,
      currency: e.account.currency,
    })),
  });
  return { posted: true, transactionId };
}

/** Creates missing accounts (ON CONFLICT DO NOTHING) and returns code → id. */
export async function ensureAccounts(tx: Tx | Db, specs: AccountSpec[]): Promise<Map<string, string>> {
  const unique = [...new Map(specs.map((s) => [s.code, s])).values()];
  const find = () =>
    tx.ledgerAccount.findMany({
      where: { code: { in: unique.map((s) => s.code) } },
      select: { id: true, code: true, currency: true },
    });
  // Look up first: an INSERT … ON CONFLICT on a hot account (clearing, fee revenue) would wait for
  // every in-flight posting that updated its balance to commit (bench/checkout).
  let rows = await find();
  const missing = unique.filter((s) => !rows.some((r) => r.code === s.code));
  if (missing.length > 0) {
    await tx.ledgerAccount.createMany({ data: missing, skipDuplicates: true });
    rows = await find();
  }
  for (const s of unique) {
    const row = rows.find((r) => r.code === s.code);
    if (row && row.currency !== s.currency) {
      throw new AppError('INTERNAL', `Ledger account ${s.code} is kept in ${row.currency}, not ${s.currency}.`);
    }
  }
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** Balance of one account from its cached column (minor units, debit-positive); 0 if it does not exist. */
export async function balanceOf(db: Tx | Db, code: string): Promise<number> {
  const row = await db.ledgerAccount.findUnique({ where: { code }, select: { balanceMinor: true } });
  return row ? Number(row.balanceMinor) : 0;
}

export interface LedgerProblem {
  kind: 'UNBALANCED_TRANSACTION' | 'BALANCE_MISMATCH' | 'CURRENCY_MISMATCH' | 'EMPTY_TRANSACTION';
  ref: string;
  detail: string;
}

/**
 * Recomputes the books from the entries: every transaction balances per currency and has entries,
 * every entry is in its account's currency, and every account's cached balance equals the sum of
 * its entries. Returns the problems found (empty = consistent). Used by `pnpm ledger:check`
 * and after every money test.
 */
export async function checkLedger(db: Db | Tx): Promise<LedgerProblem[]> {
  const problems: LedgerProblem[] = [];
  const unbalanced = await db.$queryRaw<{ id: string; currency: string; total: bigint }[]>`
    SELECT "transactionId"::text AS id, "currency", SUM("amountMinor")::bigint AS total
    FROM "LedgerEntry" GROUP BY "transactionId", "currency" HAVING SUM("amountMinor") <> 0`;
  for (const u of unbalanced) {
    problems.push({ kind: 'UNBALANCED_TRANSACTION', ref: u.id, detail: `off by ${u.total} ${u.currency}` });
  }
  const empty = await db.$queryRaw<{ id: string; key: string }[]>`
    SELECT t."id"::text AS id, t."idempotencyKey" AS key FROM "LedgerTransaction" t
    WHERE NOT EXISTS (SELECT 1 FROM "LedgerEntry" e WHERE e."transactionId" = t."id")`;
  for (const e of empty) problems.push({ kind: 'EMPTY_TRANSACTION', ref: e.id, detail: e.key });
  const currency = await db.$queryRaw<{ id: string; code: string }[]>`
    SELECT e."id"::text AS id, a."code" FROM "LedgerEntry" e JOIN "LedgerAccount" a ON a."id" = e."accountId"
    WHERE e."currency" <> a."currency"`;
  for (const c of currency) problems.push({ kind: 'CURRENCY_MISMATCH', ref: c.id, detail: c.code });
  const mismatched = await db.$queryRaw<{ code: string; cached: bigint; summed: bigint }[]>`
    SELECT a."code", a."balanceMinor"::bigint AS cached, COALESCE(SUM(e."amountMinor"), 0)::bigint AS summed
    FROM "LedgerAccount" a LEFT JOIN "LedgerEntry" e ON e."accountId" = a."id"
    GROUP BY a."id", a."code", a."balanceMinor" HAVING a."balanceMinor" <> COALESCE(SUM(e."amountMinor"), 0)`;
  for (const m of mismatched) {
    problems.push({ kind: 'BALANCE_MISMATCH', ref: m.code, detail: `cached ${m.cached}, entries sum to ${m.summed}` });
  }
  return problems;
}
