/**
 * The customer's refund requests (seed 003 Plan 1 `refund-request`): status, the quoted amount,
 * the organizer's decision note (the reason when rejected), the refund's own status once
 * approved, and "Withdraw" while a request still waits.
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, Money, Spinner, StatusBadge, trpc } from '@admit/ui';
import { ConfirmDialog, formatDateTime, Pagination } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AccountNav } from '../components/AccountNav.tsx';
import { LoadError } from '../session.tsx';
import { parsePage } from '../util.ts';

type RefundRequest = RouterOutputs['customer']['refundRequests']['list']['items'][number];

const PAGE_SIZE = 10;

/** Request cards with their decision and a "Withdraw" button for pending ones. */
export function RefundRequestList({
  items,
  showOrder = false,
}: {
  items: readonly RefundRequest[];
  showOrder?: boolean;
}) {
  const utils = trpc.useUtils();
  const [withdrawing, setWithdrawing] = useState<RefundRequest | null>(null);
  const withdraw = trpc.customer.refundRequests.withdraw.useMutation({
    onSuccess: () => {
      setWithdrawing(null);
      void utils.customer.refundRequests.invalidate();
      void utils.customer.orders.invalidate();
    },
  });
  return (
    <>
      <ul className="order-list" data-testid="refund-request-list">
        {items.map((r) => (
          <li key={r.id} className="ui-card order-row" data-testid="refund-request" data-status={r.status}>
            <div>
              <h3>
                {r.eventTitle ?? 'Refund request'} <StatusBadge status={r.status} testId="refund-request-status" />
              </h3>
              <div className="ticket-row__meta">
                {showOrder && (
                  <Link to={`/orders/${r.orderId}`}>
                    Order <span className="mono">{r.orderCode}</span>
                  </Link>
                )}
                <span>
                  {r.ticketIds.length} {r.ticketIds.length === 1 ? 'ticket' : 'tickets'}
                </span>
                <span>
                  <Money amountMinor={r.amountMinor} currency={r.currency} /> back
                  {r.feeMinor > 0 && (
                    <>
                      {' '}
                      (fee <Money amountMinor={r.feeMinor} currency={r.currency} />)
                    </>
                  )}
                </span>
                <time dateTime={new Date(r.createdAt).toISOString()}>Asked {formatDateTime(r.createdAt)}</time>
              </div>
              <p className="small" style={{ margin: '0.4rem 0 0' }}>
                <span className="muted">Your reason:</span> {r.reason}
              </p>
              {r.decisionNote && (
                <p className="small" style={{ margin: '0.25rem 0 0' }} data-testid="decision-note">
                  <span className="muted">
                    {r.status === 'REJECTED' ? 'Why it was declined:' : 'Organizer’s note:'}
                  </span>{' '}
                  {r.decisionNote}
                </p>
              )}
              {r.decidedAt && (
                <p className="muted small" style={{ margin: '0.25rem 0 0' }}>
                  Decided {formatDateTime(r.decidedAt)}
                  {r.refundStatus && (
                    <>
                      {' '}
                      · refund <StatusBadge status={r.refundStatus} testId="request-refund-status" />
                    </>
                  )}
                </p>
              )}
            </div>
            {r.status === 'PENDING' && (
              <button
                type="button"
                className="ui-button ui-button--ghost ui-button--small"
                onClick={() => {
                  withdraw.reset();
                  setWithdrawing(r);
                }}
              >
                Withdraw
              </button>
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={withdrawing !== null}
        title="Withdraw this refund request?"
        confirmLabel="Withdraw request"
        cancelLabel="Keep it"
        pending={withdraw.isPending}
        error={withdraw.error}
        onConfirm={() => withdrawing && withdraw.mutate({ id: withdrawing.id })}
        onCancel={() => setWithdrawing(null)}
      >
        <p>Your tickets stay valid. You can ask again while the event's refund deadline has not passed.</p>
      </ConfirmDialog>
    </>
  );
}

export function RefundRequestsPage() {
  const [params, setParams] = useSearchParams();
  const page = parsePage(params.get('page'));
  const list = trpc.customer.refundRequests.list.useQuery(
    { page, pageSize: PAGE_SIZE },
    { placeholderData: keepPreviousData },
  );
  return (
    <div className="page page--medium">
      <h1 className="page-title">Refund requests</h1>
      <AccountNav />
      {list.isPending ? (
        <Spinner label="Loading your refund requests…" />
      ) : list.isError && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        <EmptyState title="No refund requests">
          <p>To ask for your money back, open an order and choose "Request a refund".</p>
          <Link to="/orders" className="ui-button">
            My orders
          </Link>
        </EmptyState>
      ) : list.data ? (
        <>
          {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
          <RefundRequestList items={list.data.items} showOrder />
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
