/**
 * The company's own books (issue 4; seed 003 Plan 2 Phase 8 "Financial Management": expenses,
 * company finances, "Profit Share, Settlements, Deposits, Profit Withdrawals"), all on the one
 * ledger (modules/ledger/ledger.ts).
 *
 * Five kinds of FinanceRecord, one generic service: each kind is a row of `FINANCE_KINDS` that
 * says which accounts its ledger transaction debits and credits. A record and its transaction
 * (key `finance:<recordId>`) are written in one database transaction and audited.
 *
 *   EXPENSE            Dr expense(category)   Cr bank        a company cost
 *   DEPOSIT            Dr bank                Cr equity      owners put capital in
 *   PROFIT_WITHDRAWAL  Dr equity              Cr bank        owners take money out
 *   PROFIT_SHARE       Dr profit share        Cr bank        profit distributed to partners
 *   SETTLEMENT         Dr bank                Cr clearing    the provider paid its balance out to the bank
 *
 * Company figures and ledger views are computed from the entries, never from the records.
 */
import type {
  TCompanyFinances,
  TFinanceRecord,
  TFinanceRecordInput,
  TFinanceRecordKind,
  TFinanceRecordListInput,
  TLedgerAccountType,
} from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  type AccountSpec,
  accounts,
  balanceOf,
  checkLedger,
  ensureAccounts,
  type Posting,
  post,
} from '../ledger/ledger.ts';
import { formatMoney } from '../notifications/templates.ts';
import type { Tx } from '../orders/capacity.ts';
import { pageOf, pageWindow } from '../pagination.ts';

type Meta = { ip?: string; userAgent?: string; requestId?: string };

export interface FinanceKindSpec {
  /** in messages and ledger descriptions */
  label: string;
  /** used when the input names no category; null → the category is required */
  defaultCategory: string | null;
  /** the balanced entries for `amountMinor` (> 0) */
  entries(r: { category: string; amountMinor: number; currency: string }): Posting[];
  /** money leaves this account: it must hold the amount (checked under a row lock) */
  drawsFrom?: (currency: string) => AccountSpec;
}

const move = (debit: AccountSpec, credit: AccountSpec, amountMinor: number): Posting[] => [
  { account: debit, amountMinor },
  { account: credit, amountMinor: -amountMinor },
];

/** The five kinds of company finance record and how each one posts. */
export const FINANCE_KINDS: Record<TFinanceRecordKind, FinanceKindSpec> = {
  EXPENSE: {
    label: 'Expense',
    defaultCategory: null,
    entries: (r) => move(accounts.expense(r.category, r.currency), accounts.bank(r.currency), r.amountMinor),
  },
  DEPOSIT: {
    label: 'Deposit',
    defaultCategory: 'Owner capital',
    entries: (r) => move(accounts.bank(r.currency), accounts.equity(r.currency), r.amountMinor),
  },
  PROFIT_WITHDRAWAL: {
    label: 'Profit withdrawal',
    defaultCategory: 'Owner withdrawal',
    entries: (r) => move(accounts.equity(r.currency), accounts.bank(r.currency), r.amountMinor),
  },
  PROFIT_SHARE: {
    label: 'Profit share',
    defaultCategory: 'Profit share',
    entries: (r) => move(accounts.profitShare(r.currency), accounts.bank(r.currency), r.amountMinor),
  },
  SETTLEMENT: {
    label: 'Settlement',
    defaultCategory: 'Payment provider payout',
    entries: (r) => move(accounts.bank(r.currency), accounts.clearing(r.currency), r.amountMinor),
    // the provider cannot pay out more than it holds for us
    drawsFrom: accounts.clearing,
  },
};

const recordSelect = {
  id: true,
  kind: true,
  category: true,
  description: true,
  counterparty: true,
  amountMinor: true,
  currency: true,
  occurredAt: true,
  createdAt: true,
  createdById: true,
} satisfies Prisma.FinanceRecordSelect;
type RecordRow = Prisma.FinanceRecordGetPayload<{ select: typeof recordSelect }>;

async function withTransactionIds(
  db: Pick<Deps['db'], 'ledgerTransaction'>,
  rows: RecordRow[],
): Promise<TFinanceRecord[]> {
  const txs = await db.ledgerTransaction.findMany({
    where: { financeRecordId: { in: rows.map((r) => r.id) } },
    select: { id: true, financeRecordId: true },
  });
  return rows.map((r) => ({ ...r, transactionId: txs.find((t) => t.financeRecordId === r.id)?.id ?? null }));
}

/** Entries may be dated up to this far ahead of the clock (time zones, clock skew). */
const FUTURE_SLACK_MS = 24 * 3600_000;

/**
 * Writes a finance record of `kind` and posts its ledger transaction (key `finance:<recordId>`)
 * inside the caller's transaction `tx`; no checks, no audit (callers do both). Also used by the
 * demo seed. Returns the record.
 */
export async function postFinanceRecord(
  tx: Tx,
  kind: TFinanceRecordKind,
  input: TFinanceRecordInput & { category: string },
  by: { createdById: string | null; now: Date },
): Promise<RecordRow> {
  const spec = FINANCE_KINDS[kind];
  const created = await tx.financeRecord.create({
    data: {
      kind,
      category: input.category,
      description: input.description,
      counterparty: input.counterparty ?? null,
      amountMinor: input.amountMinor,
      currency: input.currency,
      occurredAt: input.occurredAt,
      createdById: by.createdById,
      createdAt: by.now,
    },
    select: recordSelect,
  });
  await post(tx, {
    kind,
    idempotencyKey: `finance:${created.id}`,
    description: `${spec.label}: ${input.description}`,
    occurredAt: input.occurredAt,
    financeRecordId: created.id,
    createdById: by.createdById ?? undefined,
    entries: spec.entries({ category: input.category, amountMinor: input.amountMinor, currency: input.currency }),
  });
  return created;
}

/**
 * `POST` a finance record of `kind` (e.g. `/api/expenses/`) and its ledger transaction, in one
 * database transaction, audited as `finance.<kind>_recorded`.
 * Errors: VALIDATION_FAILED (expense without category, `occurredAt` more than a day ahead),
 * INVALID_STATE (a settlement larger than the provider balance).
 */
export async function createFinanceRecord(
  deps: Deps,
  admin: Actor,
  kind: TFinanceRecordKind,
  input: TFinanceRecordInput,
  meta: Meta,
): Promise<TFinanceRecord> {
  const spec = FINANCE_KINDS[kind];
  const category = input.category ?? spec.defaultCategory;
  if (!category) throw new AppError('VALIDATION_FAILED', 'Choose a category.', { category: ['Required'] });
  const now = deps.clock.now();
  if (input.occurredAt.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    throw new AppError('VALIDATION_FAILED', 'That date is in the future.', { occurredAt: ['In the future'] });
  }
  const row = await deps.db.$transaction(async (tx) => {
    const source = spec.drawsFrom?.(input.currency);
    if (source) {
      await ensureAccounts(tx, [source]);
      await tx.$queryRaw`SELECT "id" FROM "LedgerAccount" WHERE "code" = ${source.code} FOR UPDATE`;
      const held = await balanceOf(tx, source.code);
      if (held < input.amountMinor) {
        throw new AppError(
          'INVALID_STATE',
          `${source.name} holds ${formatMoney(held, input.currency)}, less than ${formatMoney(input.amountMinor, input.currency)}.`,
        );
      }
    }
    const created = await postFinanceRecord(tx, kind, { ...input, category }, { createdById: admin.user.id, now });
    await recordAudit(tx, {
      action: `finance.${kind.toLowerCase()}_recorded`,
      actor: admin.user,
      target: { type: 'finance_record', id: created.id },
      after: { kind, category, amountMinor: input.amountMinor, currency: input.currency },
      meta,
    });
    return created;
  });
  const [record] = await withTransactionIds(deps.db, [row]);
  return record!;
}

const occurredWithin = (f: { from?: Date; to?: Date }) =>
  f.from || f.to ? { occurredAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {};

/**
 * Records of `kind`, newest `occurredAt` first, filtered by date range (`from` inclusive, `to`
 * exclusive), currency and category (contains, case-insensitive); with the filtered total per currency.
 */
export async function listFinanceRecords(deps: Pick<Deps, 'db'>, kind: TFinanceRecordKind, f: TFinanceRecordListInput) {
  const where: Prisma.FinanceRecordWhereInput = {
    kind,
    ...occurredWithin(f),
    ...(f.currency ? { currency: f.currency } : {}),
    ...(f.category ? { category: { contains: f.category, mode: 'insensitive' } } : {}),
  };
  const [total, rows, sums] = await Promise.all([
    deps.db.financeRecord.count({ where }),
    deps.db.financeRecord.findMany({
      where,
      select: recordSelect,
      orderBy: [{ occurredAt: 'desc' }, { id: 'asc' }],
      ...pageWindow(f),
    }),
    deps.db.financeRecord.groupBy({ by: ['currency'], where, _sum: { amountMinor: true } }),
  ]);
  return {
    ...pageOf(await withTransactionIds(deps.db, rows), total, f),
    totalMinorByCurrency: Object.fromEntries(sums.map((s) => [s.currency, s._sum.amountMinor ?? 0])),
  };
}

// ───────────────────────────── company figures ─────────────────────────────

const EPOCH = new Date(0);
const END_OF_TIME = new Date('9999-12-31T00:00:00Z');

/**
 * `GET /api/finances/company/`: per currency, from the ledger. Flows over `[from, to)` by the
 * transactions' `occurredAt`: fee revenue (net of reversals), expenses (total and per category),
 * net profit = fee revenue − expenses, profit shared, withdrawn, deposits, settled. Balances as
 * of `to` (default: now, i.e. every entry): clearing, bank, disputes, organizer payables, card
 * balances, merchant payables and late payments outstanding, equity. Liabilities and equity are shown positive
 * when owed / held.
 */
export async function companyFinances(
  deps: Pick<Deps, 'db'>,
  f: { from?: Date; to?: Date },
): Promise<TCompanyFinances> {
  const from = f.from ?? EPOCH;
  const to = f.to ?? END_OF_TIME;
  const flows = await deps.db.$queryRaw<
    { code: string; name: string; currency: string; kind: string; total: bigint }[]
  >`
    SELECT a."code", a."name", a."currency", t."kind", SUM(e."amountMinor")::bigint AS total
    FROM "LedgerEntry" e
    JOIN "LedgerAccount" a ON a."id" = e."accountId"
    JOIN "LedgerTransaction" t ON t."id" = e."transactionId"
    WHERE a."code" LIKE 'platform:%' AND t."occurredAt" >= ${from} AND t."occurredAt" < ${to}
    GROUP BY a."code", a."name", a."currency", t."kind"`;
  const balances = await deps.db.$queryRaw<{ bucket: string; currency: string; total: bigint }[]>`
    SELECT a."currency",
      CASE WHEN a."code" LIKE 'organizer:%' THEN 'organizer'
           WHEN a."code" LIKE 'card:%' THEN 'card'
           WHEN a."code" LIKE 'merchant:%' THEN 'merchant'
           ELSE a."code" END AS bucket,
      SUM(e."amountMinor")::bigint AS total
    FROM "LedgerEntry" e
    JOIN "LedgerAccount" a ON a."id" = e."accountId"
    JOIN "LedgerTransaction" t ON t."id" = e."transactionId"
    WHERE t."occurredAt" < ${to}
    GROUP BY 1, 2`;

  const currencies = [...new Set([...flows.map((r) => r.currency), ...balances.map((r) => r.currency)])].sort();
  return {
    from: f.from ?? null,
    to: f.to ?? null,
    currencies: currencies.map((cur) => {
      const flow = (code: string, kind?: string) =>
        flows.filter((r) => r.code === code && (!kind || r.kind === kind)).reduce((n, r) => n + Number(r.total), 0);
      const balance = (bucket: string) =>
        Number(balances.find((r) => r.currency === cur && r.bucket === bucket)?.total ?? 0);
      const byCategory = new Map<string, { category: string; code: string; amountMinor: number }>();
      for (const r of flows) {
        if (r.currency !== cur || !r.code.startsWith('platform:expense:')) continue;
        const row = byCategory.get(r.code) ?? {
          category: /^Expense: (.*) \([A-Z]{3}\)$/.exec(r.name)?.[1] ?? r.name,
          code: r.code,
          amountMinor: 0,
        };
        row.amountMinor += Number(r.total);
        byCategory.set(r.code, row);
      }
      const expensesByCategory = [...byCategory.values()]
        .filter((c) => c.amountMinor !== 0)
        .sort((a, b) => b.amountMinor - a.amountMinor || a.category.localeCompare(b.category));
      // credit-normal accounts shown positive; `0 - x` keeps 0 from becoming -0
      const feeRevenueMinor = 0 - flow(accounts.feeRevenue(cur).code);
      const expensesMinor = expensesByCategory.reduce((n, c) => n + c.amountMinor, 0);
      return {
        currency: cur,
        feeRevenueMinor,
        expensesMinor,
        expensesByCategory,
        netProfitMinor: feeRevenueMinor - expensesMinor,
        profitSharedMinor: flow(accounts.profitShare(cur).code),
        withdrawnMinor: flow(accounts.equity(cur).code, 'PROFIT_WITHDRAWAL'),
        depositsMinor: 0 - flow(accounts.equity(cur).code, 'DEPOSIT'),
        settledMinor: flow(accounts.bank(cur).code, 'SETTLEMENT'),
        balances: {
          clearingMinor: balance(accounts.clearing(cur).code),
          bankMinor: balance(accounts.bank(cur).code),
          disputesMinor: balance(accounts.disputes(cur).code),
          organizerPayablesMinor: 0 - balance('organizer'),
          cardBalancesMinor: 0 - balance('card'),
          merchantPayablesMinor: 0 - balance('merchant'),
          refundsDueMinor: 0 - balance(accounts.refundsDue(cur).code),
          equityMinor: 0 - balance(accounts.equity(cur).code),
        },
      };
    }),
  };
}

// ───────────────────────────── ledger views ─────────────────────────────

const accountSelect = {
  id: true,
  code: true,
  name: true,
  type: true,
  currency: true,
  balanceMinor: true,
  organizerId: true,
  eventId: true,
  createdAt: true,
} satisfies Prisma.LedgerAccountSelect;
type AccountRow = Prisma.LedgerAccountGetPayload<{ select: typeof accountSelect }>;
const toAccount = (a: AccountRow) => ({ ...a, balanceMinor: Number(a.balanceMinor) });

/** `GET /api/finances/ledger/accounts/`: accounts by code with their cached balances. */
export async function listLedgerAccounts(
  deps: Pick<Deps, 'db'>,
  f: { page: number; pageSize: number; type?: TLedgerAccountType; codePrefix?: string; currency?: string },
) {
  const where: Prisma.LedgerAccountWhereInput = {
    ...(f.type ? { type: f.type } : {}),
    ...(f.codePrefix ? { code: { startsWith: f.codePrefix } } : {}),
    ...(f.currency ? { currency: f.currency } : {}),
  };
  const [total, rows] = await Promise.all([
    deps.db.ledgerAccount.count({ where }),
    deps.db.ledgerAccount.findMany({ where, select: accountSelect, orderBy: { code: 'asc' }, ...pageWindow(f) }),
  ]);
  return pageOf(rows.map(toAccount), total, f);
}

/** `GET /api/finances/ledger/accounts/{id}/entries/`: one account's entries, newest first. Errors: NOT_FOUND. */
export async function ledgerEntries(
  deps: Pick<Deps, 'db'>,
  f: { id: string; page: number; pageSize: number; from?: Date; to?: Date },
) {
  const account = await deps.db.ledgerAccount.findUnique({ where: { id: f.id }, select: accountSelect });
  if (!account) throw new AppError('NOT_FOUND', 'No such ledger account.');
  const where: Prisma.LedgerEntryWhereInput = {
    accountId: f.id,
    ...(f.from || f.to ? { transaction: occurredWithin(f) } : {}),
  };
  const [total, rows] = await Promise.all([
    deps.db.ledgerEntry.count({ where }),
    deps.db.ledgerEntry.findMany({
      where,
      select: {
        id: true,
        amountMinor: true,
        currency: true,
        createdAt: true,
        transaction: { select: { id: true, kind: true, idempotencyKey: true, description: true, occurredAt: true } },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      ...pageWindow(f),
    }),
  ]);
  return { ...pageOf(rows, total, f), account: toAccount(account) };
}

/** `GET /api/finances/ledger/check/`: the problems `pnpm ledger:check` would report (empty = consistent). */
export const ledgerProblems = (deps: Pick<Deps, 'db'>) => checkLedger(deps.db);
