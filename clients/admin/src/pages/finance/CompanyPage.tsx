/**
 * Company finances (seed 003 Plan 2 Phase 8 `GET /api/finances/company/`), computed by the server
 * from the ledger, per currency: revenue (platform fees kept), expenses by category, net profit,
 * profit shared and withdrawn, deposits, settlements, and the balances (provider clearing, bank,
 * disputes, owed to organizers, stored value on cards, owed to merchants, equity). Flows are for
 * the chosen days (all time when empty); balances are as of the end of the range.
 */
import { EmptyState, Money, Spinner, trpc } from '@admit/ui';
import { Field } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useUrlFilters } from '../../components/LogList.tsx';
import { LoadError } from '../../session.tsx';
import { endOfLocalDay, startOfLocalDay } from '../../util.ts';
import { FinanceNav } from './FinanceNav.tsx';

const FILTER_KEYS = ['from', 'to'] as const;

function Stat({ label, minor, currency, testId }: { label: string; minor: number; currency: string; testId?: string }) {
  return (
    <div className="stat">
      <span className="stat__label">{label}</span>
      <span className="stat__value">
        <Money amountMinor={minor} currency={currency} testId={testId} />
      </span>
    </div>
  );
}

export function CompanyPage() {
  const filters = useUrlFilters(FILTER_KEYS);
  const { form, set } = filters;
  const company = trpc.admin.finances.company.useQuery(
    {
      from: filters.applied.from ? startOfLocalDay(filters.applied.from) : undefined,
      to: filters.applied.to ? endOfLocalDay(filters.applied.to) : undefined,
    },
    { placeholderData: keepPreviousData },
  );

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Finance</h1>
      </div>
      <FinanceNav />
      <search aria-label="Choose the period">
        <form className="filters" onSubmit={filters.apply}>
          <Field
            label="From"
            name="from"
            type="date"
            value={form.from}
            onChange={set('from')}
            max={form.to || undefined}
          />
          <Field label="To" name="to" type="date" value={form.to} onChange={set('to')} min={form.from || undefined} />
          <div className="filters__actions">
            <button type="submit" className="ui-button ui-button--small">
              Show period
            </button>
            {filters.filtered && (
              <button type="button" className="link-button small" onClick={filters.clear}>
                All time
              </button>
            )}
          </div>
        </form>
      </search>
      {company.isPending ? (
        <Spinner label="Reading the books…" />
      ) : company.isError && !company.data ? (
        <LoadError error={company.error} onRetry={() => void company.refetch()} />
      ) : company.data && company.data.currencies.length === 0 ? (
        <EmptyState title="No money has moved yet">
          <p>Ticket sales, refunds, payouts and the records under the tabs above all show here.</p>
        </EmptyState>
      ) : company.data ? (
        company.data.currencies.map((c) => (
          <section
            key={c.currency}
            className="finance-section"
            aria-labelledby={`company-${c.currency}`}
            data-testid="company-currency"
            data-currency={c.currency}
          >
            <h2 id={`company-${c.currency}`}>
              {c.currency}
              {filters.filtered ? ' · selected period' : ' · all time'}
            </h2>
            <div className="stat-grid">
              <Stat label="Revenue (fees kept)" minor={c.feeRevenueMinor} currency={c.currency} testId="fee-revenue" />
              <Stat label="Expenses" minor={c.expensesMinor} currency={c.currency} testId="expenses-total" />
              <Stat label="Net profit" minor={c.netProfitMinor} currency={c.currency} testId="net-profit" />
              <Stat label="Profit shared" minor={c.profitSharedMinor} currency={c.currency} />
              <Stat label="Profit withdrawn" minor={c.withdrawnMinor} currency={c.currency} />
              <Stat label="Deposits" minor={c.depositsMinor} currency={c.currency} />
              <Stat label="Settled to the bank" minor={c.settledMinor} currency={c.currency} />
            </div>
            <div className="console-grid">
              <div className="ui-card console-card">
                <h3 className="console-card__title">Expenses by category</h3>
                {c.expensesByCategory.length === 0 ? (
                  <p className="muted">
                    No expenses. <Link to="/finance/expenses">Record one</Link>
                  </p>
                ) : (
                  <table className="data-table" data-testid="expenses-by-category">
                    <caption className="visually-hidden">Expenses by category in {c.currency}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Category</th>
                        <th scope="col" className="num">
                          Amount
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.expensesByCategory.map((e) => (
                        <tr key={e.code} data-testid="expense-category">
                          <td data-label="Category">{e.category}</td>
                          <td data-label="Amount" className="num">
                            <Money amountMinor={e.amountMinor} currency={c.currency} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
              <div className="ui-card console-card">
                <h3 className="console-card__title">Balances</h3>
                <dl className="facts" data-testid="balances">
                  <dt>At the payment provider</dt>
                  <dd>
                    <Money amountMinor={c.balances.clearingMinor} currency={c.currency} />
                  </dd>
                  <dt>Bank</dt>
                  <dd>
                    <Money amountMinor={c.balances.bankMinor} currency={c.currency} />
                  </dd>
                  <dt>Disputed</dt>
                  <dd>
                    <Money amountMinor={c.balances.disputesMinor} currency={c.currency} />
                  </dd>
                  <dt>Owed to organizers</dt>
                  <dd>
                    <Money amountMinor={c.balances.organizerPayablesMinor} currency={c.currency} />
                  </dd>
                  <dt>On event cards</dt>
                  <dd>
                    <Money amountMinor={c.balances.cardBalancesMinor} currency={c.currency} />
                  </dd>
                  <dt>Owed to merchants</dt>
                  <dd>
                    <Money amountMinor={c.balances.merchantPayablesMinor} currency={c.currency} />
                  </dd>
                  <dt>Owners’ equity</dt>
                  <dd>
                    <Money amountMinor={c.balances.equityMinor} currency={c.currency} />
                  </dd>
                </dl>
              </div>
            </div>
          </section>
        ))
      ) : null}
    </div>
  );
}
