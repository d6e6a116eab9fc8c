/**
 * Admin finance (seed 003 Plan 2 Phase 8): expenses at `/api/expenses/`, the other record kinds
 * under `/api/finances/…`, company figures and ledger views. Reads need `money.read` (every admin
 * level), writes `money.write`.
 */
import {
  type TFinanceRecordKind,
  ZCompanyFinances,
  ZCompanyFinancesInput,
  ZFinanceRecord,
  ZFinanceRecordInput,
  ZFinanceRecordListInput,
  ZFinanceRecordPage,
  ZLedgerAccountPage,
  ZLedgerAccountsInput,
  ZLedgerEntriesInput,
  ZLedgerEntryPage,
  ZLedgerProblem,
} from '@admit/shared';
import { z } from 'zod';
import { router } from '../../trpc/init.ts';
import { adminProcedure } from '../../trpc/procedures.ts';
import {
  companyFinances,
  createFinanceRecord,
  ledgerEntries,
  ledgerProblems,
  listFinanceRecords,
  listLedgerAccounts,
} from './finance.service.ts';

const tags = ['admin: finances'];

/** `list` (GET) and `create` (POST) of one kind of finance record at `path`. */
function financeRecordRouter(kind: TFinanceRecordKind, path: `/${string}`, plural: string, singular: string) {
  return router({
    list: adminProcedure('money.read')
      .meta({ openapi: { method: 'GET', path, tags, summary: `${plural} (date range, currency, category)` } })
      .input(ZFinanceRecordListInput)
      .output(ZFinanceRecordPage)
      .query(({ ctx, input }) => listFinanceRecords(ctx.deps, kind, input)),
    create: adminProcedure('money.write')
      .meta({ openapi: { method: 'POST', path, tags, summary: `Record ${singular} (posted to the ledger)` } })
      .input(ZFinanceRecordInput)
      .output(ZFinanceRecord)
      .mutation(({ ctx, input }) => createFinanceRecord(ctx.deps, ctx.actor, kind, input, ctx.meta)),
  });
}

export const adminFinancesRouter = router({
  expenses: financeRecordRouter('EXPENSE', '/expenses/', 'Expenses', 'an expense'),
  deposits: financeRecordRouter('DEPOSIT', '/finances/deposits/', 'Capital deposits', 'a deposit'),
  profitWithdrawals: financeRecordRouter(
    'PROFIT_WITHDRAWAL',
    '/finances/profit-withdrawals/',
    'Profit withdrawals',
    'a profit withdrawal',
  ),
  profitShares: financeRecordRouter('PROFIT_SHARE', '/finances/profit-share/', 'Profit share', 'a profit share'),
  settlements: financeRecordRouter(
    'SETTLEMENT',
    '/finances/settlements/',
    'Settlements from the payment provider',
    'a settlement',
  ),
  company: adminProcedure('money.read')
    .meta({
      openapi: {
        method: 'GET',
        path: '/finances/company/',
        tags,
        summary: 'Company finances per currency, from the ledger',
      },
    })
    .input(ZCompanyFinancesInput)
    .output(ZCompanyFinances)
    .query(({ ctx, input }) => companyFinances(ctx.deps, input)),
  ledger: router({
    accounts: adminProcedure('money.read')
      .meta({
        openapi: { method: 'GET', path: '/finances/ledger/accounts/', tags, summary: 'Ledger accounts and balances' },
      })
      .input(ZLedgerAccountsInput)
      .output(ZLedgerAccountPage)
      .query(({ ctx, input }) => listLedgerAccounts(ctx.deps, input)),
    entries: adminProcedure('money.read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/finances/ledger/accounts/{id}/entries/',
          tags,
          summary: 'Entries of one ledger account',
        },
      })
      .input(ZLedgerEntriesInput)
      .output(ZLedgerEntryPage)
      .query(({ ctx, input }) => ledgerEntries(ctx.deps, input)),
    check: adminProcedure('money.read')
      .meta({
        openapi: {
          method: 'GET',
          path: '/finances/ledger/check/',
          tags,
          summary: 'Recompute the books; the problems found (empty = consistent)',
        },
      })
      .input(z.object({}))
      .output(z.array(ZLedgerProblem))
      .query(({ ctx }) => ledgerProblems(ctx.deps)),
  }),
});
