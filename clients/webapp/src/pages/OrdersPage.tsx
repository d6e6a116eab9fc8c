/**
 * Orders & receipts (seed 002 "Receipt Storage"; seed 003 Plan 1 payment history): the customer's
 * orders, newest first, with what was paid and refunded and a link to each order's page (lines,
 * payments, refunds, the PDF receipt, "Request a refund").
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, Money, Spinner, StatusBadge, trpc } from '@admit/ui';
import { formatDateTime, Pagination } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { AccountNav } from '../components/AccountNav.tsx';
import { LoadError } from '../session.tsx';
import { parsePage } from '../util.ts';

export type OrderDetail = RouterOutputs['customer']['orders']['list']['items'][number];

const PAGE_SIZE = 10;

export function OrdersPage() {
  const [params, setParams] = useSearchParams();
  const page = parsePage(params.get('page'));
  const list = trpc.customer.orders.list.useQuery({ page, pageSize: PAGE_SIZE }, { placeholderData: keepPreviousData });

  return (
    <div className="page page--medium">
      <h1 className="page-title">Orders & receipts</h1>
      <AccountNav />
      {list.isPending ? (
        <Spinner label="Loading your orders…" />
      ) : list.isError && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        <EmptyState title="No orders yet">
          <p>Orders you place show up here with their receipts.</p>
          <Link to="/" className="ui-button">
            Browse events
          </Link>
        </EmptyState>
      ) : list.data ? (
        <>
          {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
          <ul className="order-list" data-testid="order-list">
            {list.data.items.map((o) => (
              <li key={o.id} className="ui-card order-row" data-testid="order-row" data-order-code={o.code}>
                <div>
                  <h3>{o.event?.title ?? 'Order'}</h3>
                  <div className="ticket-row__meta">
                    <span>
                      Order <span className="mono">{o.code}</span>
                    </span>
                    <time dateTime={new Date(o.createdAt).toISOString()}>{formatDateTime(o.createdAt)}</time>
                    <Money amountMinor={o.totalMinor} currency={o.currency} />
                    {o.refundedMinor > 0 && (
                      <span>
                        Refunded <Money amountMinor={o.refundedMinor} currency={o.currency} />
                      </span>
                    )}
                  </div>
                  <div style={{ marginTop: '0.5rem' }}>
                    <StatusBadge status={o.status} />
                  </div>
                </div>
                <Link to={`/orders/${o.id}`} className="ui-button ui-button--small" aria-label={`View order ${o.code}`}>
                  View order
                </Link>
              </li>
            ))}
          </ul>
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
