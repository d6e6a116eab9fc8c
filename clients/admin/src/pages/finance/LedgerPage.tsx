/**
 * The double-entry ledger (DESIGN.md "Data rules"; issue 4 "Ledger and books"): accounts with
 * their balances (debit-positive minor units: liabilities, equity and revenue show negative when
 * in credit), filtered by type, code prefix and currency; one account's entries with the
 * transaction each belongs to; and "Check the books", which recomputes every balance and
 * transaction on the server (the same check as `pnpm ledger:check`) and lists any problem.
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, errorInfo, fieldError, Money, Spinner, trpc } from '@admit/ui';
import { Field, formatDateTime, SelectField } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { FilterActions } from '../../components/ListFilters.tsx';
import { DateRangeAndActions, LogResults, useUrlFilters } from '../../components/LogList.tsx';
import { LoadError } from '../../session.tsx';
import { endOfLocalDay, startOfLocalDay } from '../../util.ts';
import { FinanceNav } from './FinanceNav.tsx';

type Account = RouterOutputs['admin']['finances']['ledger']['accounts']['items'][number];
type AccountType = Account['type'];

const TYPES: readonly AccountType[] = ['ASSET', 'LIABILITY', 'EQUITY', 'REVENUE', 'EXPENSE'];
const TYPE_LABELS: Record<AccountType, string> = {
  ASSET: 'Asset',
  LIABILITY: 'Liability',
  EQUITY: 'Equity',
  REVENUE: 'Revenue',
  EXPENSE: 'Expense',
};
const FILTER_KEYS = ['type', 'codePrefix', 'currency'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "Check the books": runs on demand (it reads every entry), never on page load. */
function CheckBooks() {
  const check = trpc.admin.finances.ledger.check.useQuery({}, { enabled: false, retry: false, gcTime: 0 });
  const problems = check.data;
  return (
    <div className="check-result">
      <button
        type="button"
        className="ui-button"
        onClick={() => void check.refetch()}
        disabled={check.isFetching}
        data-testid="check-books"
      >
        {check.isFetching ? 'Checking…' : 'Check the books'}
      </button>
      {check.isError && !check.isFetching && <LoadError error={check.error} onRetry={() => void check.refetch()} />}
      {problems && !check.isFetching && problems.length === 0 && (
        <div className="notice notice--ok" role="status" data-testid="books-ok">
          <strong>The books balance.</strong> Every transaction sums to zero and every account balance equals its
          entries (checked {formatDateTime(new Date(check.dataUpdatedAt))}).
        </div>
      )}
      {problems && !check.isFetching && problems.length > 0 && (
        <div className="ui-error" role="alert" data-testid="books-problems">
          <strong>
            {problems.length} {problems.length === 1 ? 'problem' : 'problems'} found in the books.
          </strong>
          <ul>
            {problems.map((p) => (
              <li key={`${p.kind}:${p.ref}`}>
                <code className="mono">{p.kind}</code> {p.ref}: {p.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function LedgerPage() {
  const filters = useUrlFilters(FILTER_KEYS);
  const { form, set } = filters;
  const type = TYPES.includes(filters.applied.type as AccountType) ? (filters.applied.type as AccountType) : undefined;
  const currency = filters.applied.currency.toUpperCase();
  const list = trpc.admin.finances.ledger.accounts.useQuery(
    {
      page: filters.page,
      pageSize: 50,
      type,
      codePrefix: filters.applied.codePrefix || undefined,
      currency: /^[A-Z]{3}$/.test(currency) ? currency : undefined,
    },
    { placeholderData: keepPreviousData },
  );
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Ledger</h1>
      </div>
      <FinanceNav />
      <p className="page-intro">
        Every movement of money is a balanced transaction of entries on these accounts. Debits are positive, credits
        negative: what Admit owes shows as a negative balance.
      </p>
      <CheckBooks />
      <search aria-label="Filter ledger accounts">
        <form className="filters" onSubmit={filters.apply}>
          <SelectField label="Type" name="type" value={form.type} onChange={set('type')}>
            <option value="">Any type</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </SelectField>
          <Field
            label="Code starts with"
            name="codePrefix"
            placeholder="platform:"
            maxLength={200}
            value={form.codePrefix}
            onChange={set('codePrefix')}
            error={fieldError(list.error, 'codePrefix')}
          />
          <Field
            label="Currency"
            name="currency"
            maxLength={3}
            placeholder="EGP"
            value={form.currency}
            onChange={set('currency')}
            error={fieldError(list.error, 'currency')}
          />
          <FilterActions filtered={filters.filtered} onClear={filters.clear} />
        </form>
      </search>
      <LogResults
        list={list}
        filterKeys={FILTER_KEYS}
        loadingLabel="Loading accounts…"
        emptyTitle="No ledger accounts yet"
        filtered={filters.filtered}
        testId="ledger-accounts"
        caption="Ledger accounts"
        columns={['Account', 'Type', 'Balance']}
        onPage={filters.setPage}
      >
        {(list.data?.items ?? []).map((a) => (
          <tr key={a.id} data-testid="ledger-account">
            <td data-label="Account">
              <span>
                <Link to={`/finance/ledger/${a.id}`} className="cell-main">
                  {a.name}
                </Link>
                <span className="cell-sub mono">{a.code}</span>
              </span>
            </td>
            <td data-label="Type">{TYPE_LABELS[a.type]}</td>
            <td data-label="Balance" className="num">
              <Money amountMinor={a.balanceMinor} currency={a.currency} />
            </td>
          </tr>
        ))}
      </LogResults>
    </div>
  );
}

const ENTRY_KEYS = ['from', 'to'] as const;

export function LedgerAccountPage() {
  const { id = '' } = useParams();
  const valid = UUID.test(id);
  const filters = useUrlFilters(ENTRY_KEYS);
  const { form, set } = filters;
  const entries = trpc.admin.finances.ledger.entries.useQuery(
    {
      id,
      page: filters.page,
      pageSize: 50,
      from: filters.applied.from ? startOfLocalDay(filters.applied.from) : undefined,
      to: filters.applied.to ? endOfLocalDay(filters.applied.to) : undefined,
    },
    { enabled: valid, placeholderData: keepPreviousData },
  );
  const account = entries.data?.account;
  if (!valid || (entries.isError && errorInfo(entries.error).httpStatus === 404)) {
    return (
      <div className="page">
        <Link to="/finance/ledger" className="back-link">
          ← Ledger
        </Link>
        <EmptyState title="Account not found" />
      </div>
    );
  }
  return (
    <div className="page">
      <Link to="/finance/ledger" className="back-link">
        ← Ledger
      </Link>
      {!account ? (
        entries.isError ? (
          <LoadError error={entries.error} onRetry={() => void entries.refetch()} />
        ) : (
          <Spinner label="Loading the account…" />
        )
      ) : (
        <>
          <div className="page-head">
            <h1 className="page-title">{account.name}</h1>
            <span className="stat__value">
              <Money amountMinor={account.balanceMinor} currency={account.currency} testId="account-balance" />
            </span>
          </div>
          <p className="page-intro">
            <span className="mono">{account.code}</span> · {TYPE_LABELS[account.type]} · {account.currency}
          </p>
          <search aria-label="Filter entries">
            <form className="filters" onSubmit={filters.apply}>
              <DateRangeAndActions
                from={form.from}
                to={form.to}
                onFrom={set('from')}
                onTo={set('to')}
                filtered={filters.filtered}
                onClear={filters.clear}
              />
            </form>
          </search>
          <LogResults
            list={entries}
            filterKeys={ENTRY_KEYS}
            loadingLabel="Loading entries…"
            emptyTitle="No entries on this account"
            filtered={filters.filtered}
            testId="ledger-entries"
            caption="Entries, newest first"
            columns={['When', 'Transaction', 'Amount']}
            onPage={filters.setPage}
          >
            {(entries.data?.items ?? []).map((e) => (
              <tr key={e.id} data-testid="ledger-entry">
                <td data-label="When" className="nowrap">
                  {formatDateTime(e.transaction.occurredAt)}
                </td>
                <td data-label="Transaction" className="log-message">
                  <span>
                    <span className="cell-main">{e.transaction.description}</span>
                    <span className="cell-sub">
                      <code className="mono">{e.transaction.kind}</code> · {e.transaction.idempotencyKey}
                    </span>
                  </span>
                </td>
                <td data-label="Amount" className="num">
                  <Money amountMinor={e.amountMinor} currency={e.currency} />
                </td>
              </tr>
            ))}
          </LogResults>
        </>
      )}
    </div>
  );
}
