/**
 * Payment history (seed 003 Plan 1 `GET /api/v1/users/payment-history/`; seed 000 §4 "purchase
 * history view"): every payment, newest first, with its method, status, failure reason and the
 * refunds made against it. Paginated.
 */
import { EmptyState, Money, Spinner, StatusBadge, trpc } from '@admit/ui';
import { formatDateTime, Pagination } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { AccountNav } from '../components/AccountNav.tsx';
import { LoadError } from '../session.tsx';
import { parsePage } from '../util.ts';

const PAGE_SIZE = 20;

const brandName = (brand: string) => (brand ? brand.charAt(0).toUpperCase() + brand.slice(1) : 'Card');

export function PaymentHistoryPage() {
  const [params, setParams] = useSearchParams();
  const page = parsePage(params.get('page'));
  const list = trpc.customer.paymentHistory.useQuery(
    { page, pageSize: PAGE_SIZE },
    { placeholderData: keepPreviousData },
  );
  return (
    <div className="page page--medium">
      <h1 className="page-title">Payment history</h1>
      <AccountNav />
      {list.isPending ? (
        <Spinner label="Loading your payments…" />
      ) : list.isError && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        <EmptyState title="No payments yet">
          <p>Payments for your orders show up here, with any refunds.</p>
        </EmptyState>
      ) : list.data ? (
        <>
          {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
          <div className="table-card">
            <table className="data-table" data-testid="payment-history">
              <caption className="visually-hidden">Your payments, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">For</th>
                  <th scope="col">Method</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((p) => (
                  <tr key={p.id} data-testid="payment-row" data-status={p.status}>
                    <td data-label="Date" className="nowrap">
                      <time dateTime={new Date(p.succeededAt ?? p.createdAt).toISOString()}>
                        {formatDateTime(p.succeededAt ?? p.createdAt)}
                      </time>
                    </td>
                    <td data-label="For">
                      <span>
                        <Link to={`/orders/${p.orderId}`} className="cell-main">
                          {p.description}
                        </Link>
                        <span className="cell-sub mono">{p.orderCode}</span>
                      </span>
                    </td>
                    <td data-label="Method">
                      {p.card
                        ? `${brandName(p.card.brand)} •••• ${p.card.last4}`
                        : p.provider === 'OFFLINE'
                          ? 'Test mode'
                          : 'Card'}
                      {p.offSession && <span className="cell-sub">charged automatically</span>}
                    </td>
                    <td data-label="Status">
                      <span>
                        <StatusBadge status={p.status} />
                        {p.disputed && <span className="ui-badge badge--bad">Disputed</span>}
                        {p.failureReason && <span className="cell-sub">{p.failureReason}</span>}
                      </span>
                    </td>
                    <td data-label="Amount" className="num">
                      <span>
                        <Money amountMinor={p.amountMinor} currency={p.currency} />
                        {p.refunds.map((r) => (
                          <span key={r.id} className="cell-sub" data-testid="history-refund" data-status={r.status}>
                            refund <Money amountMinor={-r.amountMinor} currency={r.currency} /> ·{' '}
                            {r.status === 'SUCCEEDED' && r.succeededAt
                              ? formatDateTime(r.succeededAt)
                              : r.status.toLowerCase()}
                          </span>
                        ))}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={list.data.page}
            totalPages={list.data.totalPages}
            busy={list.isFetching}
            onPage={(p) => setParams(p > 1 ? { page: String(p) } : {})}
          />
        </>
      ) : null}
    </div>
  );
}
