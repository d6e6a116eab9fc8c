import type { RouterOutputs } from '@admit/ui';
import { ErrorNotice, errorInfo, formatMoney, Spinner, trpc } from '@admit/ui';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { LoadError } from '../session.tsx';
import { formatRemaining, useNow } from '../util.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

type Order = RouterOutputs['customer']['orders']['get'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function CheckoutPage() {
  const { orderId = '' } = useParams();
  const valid = UUID.test(orderId);
  const order = trpc.customer.orders.get.useQuery({ orderId }, { enabled: valid });

  if (!valid || (order.isError && errorInfo(order.error).httpStatus === 404)) {
    return (
      <NotFoundPage title="Order not found">
        <p>It is not among your orders, or the link is wrong.</p>
        {null}
      </NotFoundPage>
    );
  }
  return (
    <div className="page page--medium">
      {order.isPending ? (
        <Spinner label="Loading your order…" />
      ) : order.isError && !order.data ? (
        <LoadError error={order.error} onRetry={() => void order.refetch()} />
      ) : order.data ? (
        <Checkout order={order.data} refetch={() => void order.refetch()} />
      ) : null}
    </div>
  );
}

function eventPath(order: Order): string {
  return order.eventId ? `/events/${order.eventId}` : '/';
}

function Checkout({ order, refetch }: { order: Order; refetch: () => void }) {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const now = useNow(1000);
  const [payError, setPayError] = useState<unknown>(null);
  const [paying, setPaying] = useState(false);
  const processPayment = trpc.customer.payments.process.useMutation();
  const confirmPayment = trpc.customer.payments.confirm.useMutation();
  const cancel = trpc.customer.orders.cancel.useMutation({
    onSuccess: (o) => {
      utils.customer.orders.get.setData({ orderId: o.id }, o);
      void utils.public.events.invalidate();
    },
  });

  const remaining = new Date(order.expiresAt).getTime() - now;
  const lapsed = order.status === 'EXPIRED' || (order.status === 'PENDING' && remaining <= 0);

  // When the clock runs out, ask the server for the order's real state once.
  const asked = useRef(false);
  useEffect(() => {
    if (lapsed && order.status === 'PENDING' && !asked.current) {
      asked.current = true;
      refetch();
    }
  }, [lapsed, order.status, refetch]);

  const pay = async () => {
    setPayError(null);
    setPaying(true);
    try {
      const intent = await processPayment.mutateAsync({ orderId: order.id });
      if (intent.provider !== 'OFFLINE' && intent.clientSecret) {
        throw new Error('Card payments are not available in this app yet; the server must run in test mode.');
      }
      if (intent.status !== 'SUCCEEDED') await confirmPayment.mutateAsync({ paymentId: intent.paymentId });
      void utils.customer.tickets.list.invalidate();
      void utils.public.events.invalidate();
      navigate('/tickets');
    } catch (err) {
      setPayError(err);
      const code = errorInfo(err).appCode;
      if (code === 'HOLD_EXPIRED' || code === 'INVALID_STATE') refetch();
    } finally {
      setPaying(false);
    }
  };

  const busy = paying || cancel.isPending;

  return (
    <>
      <div className="checkout-head">
        <h1 className="page-title">Checkout</h1>
        <span className="ui-badge ui-test-mode" data-testid="test-mode">
          TEST MODE
        </span>
      </div>

      <section className="ui-card stack" aria-labelledby="summary-title">
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <h2 id="summary-title" style={{ margin: 0, fontSize: '1.1rem' }}>
            Order summary
          </h2>
          <span className="muted small">
            Order <span className="mono">{order.code}</span>
          </span>
        </div>
        <table className="lines">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col" className="num">
                Qty
              </th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.description}</td>
                <td className="num">{l.quantity}</td>
                <td className="num">{formatMoney(l.unitPriceMinor, order.currency)}</td>
                <td className="num">{formatMoney(l.totalMinor, order.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={3}>Total</td>
              <td className="num" data-testid="order-total">
                {formatMoney(order.totalMinor, order.currency)}
              </td>
            </tr>
          </tfoot>
        </table>

        {order.status === 'PAID' ? (
          <div className="notice notice--ok" role="status">
            <strong>Paid.</strong> Your tickets are ready.
            <p>
              <Link to="/tickets">Go to my tickets</Link>
            </p>
          </div>
        ) : order.status === 'CANCELLED' ? (
          <div className="notice" role="status">
            <strong>This order was cancelled.</strong> The tickets went back on sale.
            <p>
              <Link to={eventPath(order)}>Back to the event</Link>
            </p>
          </div>
        ) : lapsed ? (
          <div className="notice notice--warn" role="alert" data-testid="hold-expired">
            <strong>Your hold has expired.</strong> The tickets were released because payment was not completed in time.
            <p>
              <Link to={eventPath(order)}>Back to the event to book again</Link>
            </p>
          </div>
        ) : (
          <>
            <div className={`countdown${remaining < 60_000 ? ' countdown--low' : ''}`}>
              <span>Tickets held for</span>
              <span className="countdown__time" role="timer" aria-live="off" data-testid="hold-countdown">
                {formatRemaining(remaining)}
              </span>
            </div>
            <p className="muted small" style={{ margin: 0 }}>
              No card is charged here: paying confirms the order straight away.
            </p>
            <ErrorNotice error={payError} />
            <ErrorNotice error={cancel.error} />
            <div className="actions">
              <button type="button" className="ui-button" onClick={() => void pay()} disabled={busy}>
                {paying ? 'Paying…' : 'Pay (test mode)'}
              </button>
              <button
                type="button"
                className="ui-button ui-button--ghost"
                onClick={() => cancel.mutate({ orderId: order.id })}
                disabled={busy}
              >
                Cancel order
              </button>
            </div>
          </>
        )}
      </section>
    </>
  );
}
