/**
 * One order (seed 002 "Receipt Storage", seed 000 §3 "refund status updates"): lines, payments
 * (method, status, dates), refunds (status, amount, fee, dates), the refund requests made for it,
 * "Download receipt (PDF)" and "Request a refund". Refund updates arrive live: the notification
 * push invalidates these queries (components/Notifications.tsx).
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, errorInfo, formatInZone, Money, Spinner, StatusBadge, trpc } from '@admit/ui';
import { formatDateTime } from '@admit/ui/console-controls.tsx';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { AccountNav } from '../components/AccountNav.tsx';
import { OrderLines } from '../components/OrderLines.tsx';
import { type RefundableTicket, RefundRequestDialog } from '../components/RefundRequestDialog.tsx';
import { LoadError } from '../session.tsx';
import { categoryWithTier } from '../util.ts';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RefundRequestList } from './RefundRequestsPage.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The receipt PDF of an order (the session cookie authenticates the download). */
export const receiptPath = (orderId: string) => `/api/v1/users/orders/${orderId}/receipt/`;

const REASONS: Record<string, string> = {
  REQUESTED_BY_CUSTOMER: 'You asked',
  EVENT_CANCELLED: 'Event cancelled',
  ADMIN: 'By Admit',
  DUPLICATE: 'Duplicate charge',
  FRAUDULENT: 'Fraud protection',
};

export function OrderPage() {
  const { id = '' } = useParams();
  const valid = UUID.test(id);
  const order = trpc.customer.orders.get.useQuery({ orderId: id }, { enabled: valid });

  if (!valid || (order.isError && errorInfo(order.error).httpStatus === 404)) {
    return (
      <NotFoundPage title="Order not found" to="/orders" action="My orders">
        <p>It is not among your orders.</p>
      </NotFoundPage>
    );
  }
  return (
    <div className="page page--medium">
      <Link to="/orders" className="back-link">
        ← Orders & receipts
      </Link>
      {order.isPending ? (
        <Spinner label="Loading the order…" />
      ) : order.isError && !order.data ? (
        <LoadError error={order.error} onRetry={() => void order.refetch()} />
      ) : order.data ? (
        <OrderView order={order.data} />
      ) : null}
    </div>
  );
}

type Order = RouterOutputs['customer']['orders']['get'];

function OrderView({ order }: { order: Order }) {
  const [asking, setAsking] = useState(false);
  const [requested, setRequested] = useState(false);
  // the order's tickets (tickets carry the order code)
  const tickets = trpc.customer.tickets.list.useQuery({ page: 1, pageSize: 100 }, { enabled: order.status === 'PAID' });
  const requests = trpc.customer.refundRequests.list.useQuery({ page: 1, pageSize: 100 });
  const mine = (requests.data?.items ?? []).filter((r) => r.orderId === order.id);
  const pending = mine.some((r) => r.status === 'PENDING');
  // tickets already in a waiting request cannot be asked for again
  const asked = new Set(mine.filter((r) => r.status === 'PENDING').flatMap((r) => r.ticketIds));
  const refundable: RefundableTicket[] = (tickets.data?.items ?? [])
    .filter((t) => t.orderCode === order.code && t.status === 'VALID' && !t.checkedInAt && !asked.has(t.id))
    .map((t) => ({ id: t.id, reference: t.reference, label: `${t.attendeeName} · ${categoryWithTier(t.category)}` }));

  return (
    <>
      <div className="page-head">
        <h1 className="page-title">
          Order <span className="mono">{order.code}</span>
        </h1>
        <StatusBadge status={order.status} testId="order-status" />
      </div>
      <AccountNav />

      <section className="ui-card stack" aria-labelledby="order-summary">
        <h2 id="order-summary" className="visually-hidden">
          Summary
        </h2>
        <dl className="facts">
          {order.event && (
            <>
              <dt>Event</dt>
              <dd>
                {order.event.title}
                <span className="muted small">
                  {' '}
                  · {formatInZone(order.event.startsAt, order.event.timeZone)} · {order.event.venueName}
                </span>
              </dd>
            </>
          )}
          <dt>Ordered</dt>
          <dd>{formatDateTime(order.createdAt)}</dd>
          {order.paidAt && (
            <>
              <dt>Paid</dt>
              <dd>{formatDateTime(order.paidAt)}</dd>
            </>
          )}
          <dt>Total</dt>
          <dd>
            <Money amountMinor={order.totalMinor} currency={order.currency} />
          </dd>
          {order.refundedMinor > 0 && (
            <>
              <dt>Refunded</dt>
              <dd>
                <Money amountMinor={order.refundedMinor} currency={order.currency} testId="order-refunded" />
              </dd>
            </>
          )}
          <dt>Net paid</dt>
          <dd>
            <Money amountMinor={order.netPaidMinor} currency={order.currency} />
          </dd>
        </dl>
        <OrderLines lines={order.lines} currency={order.currency} />
        <div className="actions" style={{ marginTop: 0 }}>
          {order.receiptUrl && (
            <a className="ui-button ui-button--ghost" href={receiptPath(order.id)} data-testid="receipt-link" download>
              Download receipt (PDF)
            </a>
          )}
          {order.status === 'PENDING' && (
            <Link to={`/checkout/${order.id}`} className="ui-button">
              Continue to payment
            </Link>
          )}
          {order.status === 'PAID' && refundable.length > 0 && requests.isSuccess && (
            <button
              type="button"
              className="ui-button ui-button--ghost"
              onClick={() => {
                setRequested(false);
                setAsking(true);
              }}
            >
              Request a refund
            </button>
          )}
        </div>
        {requested && (
          <div className="notice notice--ok" role="status">
            Your refund request was sent to the organizer. We will let you know their decision.
          </div>
        )}
        {pending && !requested && (
          <p className="muted small" style={{ margin: 0 }}>
            A refund request for this order is waiting for the organizer's decision.
          </p>
        )}
      </section>

      <section className="ui-card section-card" aria-labelledby="payments-title">
        <h2 id="payments-title">Payments</h2>
        {order.payments.length === 0 ? (
          <p className="muted">No payment yet.</p>
        ) : (
          <table className="lines" data-testid="payments-table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Method</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {order.payments.map((p) => (
                <tr key={p.id}>
                  <td>{formatDateTime(p.succeededAt ?? p.createdAt)}</td>
                  <td>{p.method}</td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td className="num">
                    <Money amountMinor={p.amountMinor} currency={p.currency} />
                    {p.refundedMinor > 0 && (
                      <span className="cell-sub">
                        refunded <Money amountMinor={p.refundedMinor} currency={p.currency} />
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="ui-card section-card" aria-labelledby="refunds-title">
        <h2 id="refunds-title">Refunds</h2>
        {order.refunds.length === 0 ? (
          <p className="muted">No refunds.</p>
        ) : (
          <table className="lines" data-testid="refunds-table">
            <thead>
              <tr>
                <th scope="col">Requested</th>
                <th scope="col">Reason</th>
                <th scope="col">Status</th>
                <th scope="col">Completed</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {order.refunds.map((r) => (
                <tr key={r.id} data-testid="refund-row" data-status={r.status}>
                  <td>{formatDateTime(r.createdAt)}</td>
                  <td>{REASONS[r.reason] ?? r.reason}</td>
                  <td>
                    <StatusBadge status={r.status} testId="refund-status" />
                  </td>
                  <td>{r.succeededAt ? formatDateTime(r.succeededAt) : '—'}</td>
                  <td className="num">
                    <Money amountMinor={r.amountMinor} currency={r.currency} testId="refund-amount" />
                    {r.feeMinor > 0 && (
                      <span className="cell-sub">
                        fee <Money amountMinor={r.feeMinor} currency={r.currency} />
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {mine.length > 0 && (
        <section className="section-card" aria-labelledby="requests-title">
          <h2 id="requests-title" className="section-title">
            Refund requests
          </h2>
          <RefundRequestList items={mine} />
        </section>
      )}
      {requests.isError && <LoadError error={requests.error} onRetry={() => void requests.refetch()} />}
      {tickets.isSuccess && order.status === 'PAID' && refundable.length === 0 && mine.length === 0 && (
        <EmptyState title="No refundable tickets">
          <p className="small">Tickets that were used at the gate or already refunded cannot be refunded.</p>
        </EmptyState>
      )}

      {asking && (
        <RefundRequestDialog
          open
          tickets={refundable}
          onClose={() => setAsking(false)}
          onRequested={() => {
            setAsking(false);
            setRequested(true);
          }}
        />
      )}
    </>
  );
}
