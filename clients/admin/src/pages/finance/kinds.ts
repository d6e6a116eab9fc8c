/**
 * The kinds of the company's own finance records (seed 003 Plan 2 Phase 8: expenses, deposits,
 * profit withdrawals, profit share, settlements) and how each is named and labelled on screen.
 * Every kind has the same procedures (`admin.finances.<key>.list/create`), so one page serves all.
 */
import type { trpc } from '@admit/ui';

export type RecordKey = 'expenses' | 'deposits' | 'profitWithdrawals' | 'profitShares' | 'settlements';

export interface RecordKind {
  key: RecordKey;
  /** the URL segment under /finance */
  slug: string;
  title: string;
  /** "an expense" */
  singular: string;
  intro: string;
  categoryLabel: string;
  categoryRequired: boolean;
  categoryHint: string;
  counterpartyLabel: string;
}

export const RECORD_KINDS: readonly RecordKind[] = [
  {
    key: 'expenses',
    slug: 'expenses',
    title: 'Expenses',
    singular: 'an expense',
    intro: 'What the company spends (paid from the bank account), by category.',
    categoryLabel: 'Category',
    categoryRequired: true,
    categoryHint: 'e.g. Marketing, Payment processing, Venue rental',
    counterpartyLabel: 'Paid to',
  },
  {
    key: 'deposits',
    slug: 'deposits',
    title: 'Deposits',
    singular: 'a deposit',
    intro: 'Capital the owners put into the company’s bank account.',
    categoryLabel: 'Source',
    categoryRequired: false,
    categoryHint: 'e.g. Owner capital, Loan',
    counterpartyLabel: 'Deposited by',
  },
  {
    key: 'profitWithdrawals',
    slug: 'profit-withdrawals',
    title: 'Profit withdrawals',
    singular: 'a profit withdrawal',
    intro: 'Profit the owners take out of the company.',
    categoryLabel: 'Partner',
    categoryRequired: false,
    categoryHint: 'Who takes it',
    counterpartyLabel: 'Paid to',
  },
  {
    key: 'profitShares',
    slug: 'profit-share',
    title: 'Profit share',
    singular: 'a profit share',
    intro: 'Profit shared with partners under their agreements.',
    categoryLabel: 'Partner',
    categoryRequired: false,
    categoryHint: 'The partner’s name',
    counterpartyLabel: 'Paid to',
  },
  {
    key: 'settlements',
    slug: 'settlements',
    title: 'Settlements',
    singular: 'a settlement',
    intro: 'Money the payment provider paid out to the company’s bank account.',
    categoryLabel: 'Provider',
    categoryRequired: false,
    categoryHint: 'e.g. Stripe',
    counterpartyLabel: 'From',
  },
];

/** `trpc.admin.finances.expenses` and its four twins share one shape. */
export type RecordsApi = typeof trpc.admin.finances.expenses;
