import type { RouterOutputs } from '@admit/ui';
import { ErrorNotice, errorInfo, formatMoney, Spinner, trpc } from '@admit/ui';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { OrderLines } from '../components/OrderLines.tsx';
import { LoadError } from '../session.tsx';
import { formatRemaining, useNow } from '../util.ts';
import { checkoutWords, purposeOf } from './checkout-words.ts';
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

const SLUG = /^[A-Za-z0-9-]{1,120}$/;

/** A raffle order (issue 8): its lines are RAFFLE_ENTRY; `?raffle=<slug>` names the raffle page to return to. */
function raffleOf(order: Order, params: URLSearchParams): { slug: string | null } | null {
  if (!order.lines.some((l) => l.kind === 'RAFFLE_ENTRY')) return null;
  const slug = params.get('raffle');
  return { slug: slug && SLUG.test(slug) ? slug : null };
}

/** Where "back" leads: the raffle, My cards (card fee / reload), or the event. */
function backPath(order: Order, raffle: { slug: string | null } | null = null): string {
  if (raffle) return raffle.slug ? `/raffles/${raffle.slug}` : '/raffles';
  const purpose = purposeOf(order.lines);
  if (purpose === 'cardFee' || purpose === 'reload') return '/cards';
  return order.eventId ? `/events/${order.eventId}` : '/';
}

/** Where the paid notice's link leads: the raffle's entries, My cards, or My tickets. */
function paidPath(order: Order, raffle: { slug: string | null } | null): string {
  if (raffle) return raffle.slug ? `/raffles/${raffle.slug}` : '/my-raffles';
  const purpose = purposeOf(order.lines);
  return purpose === 'cardFee' || purpose === 'reload' ? '/cards' : '/tickets';
}

type Intent = RouterOutputs['customer']['payments']['process'];

/** Stripe's Payment Element, fetched only when the server's provider is Stripe. */
const StripeForm = lazy(() => import('../components/StripeForm.tsx'));

/**
 * Paying a held order (seed 003 Plan 1 Phase 4 `payments/process` → `payments/confirm`; seed 000
 * §3 "payment element", "payment status updates"). As soon as the order is payable the server
 * starts (or resumes) a payment. In test mode (offline provider) a "Pay (test mode)" button
 * confirms it; with Stripe the Payment Element collects the card, Stripe confirms it
 * (`redirect: 'if_required'`), then the server confirms: PAID at once, or "processing" until
 * Stripe's webhook settles it (the order is re-read every 2 s). A decline shows the server's or
 * Stripe's message and the customer can try again. The hold countdown runs throughout.
 */
function Checkout({ order, refetch }: { order: Order; refetch: () => void }) {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const now = useNow(1000);
  const [params] = useSearchParams();
  const raffle = raffleOf(order, params);
  const words = checkoutWords(purposeOf(order.lines));
  const [payError, setPayError] = useState<unknown>(null);
  const [paying, setPaying] = useState(false);
  const [processing, setProcessing] = useState(false);
  const [intent, setIntent] = useState<Intent | null>(null);
  const processPayment = trpc.customer.payments.process.useMutation();
  const confirmPayment = trpc.customer.payments.confirm.useMutation();
  // while Stripe settles the payment, re-read the order (same cache entry as the page's query)
  trpc.customer.orders.get.useQuery({ orderId: order.id }, { refetchInterval: processing ? 2000 : false });
  const cancel = trpc.customer.orders.cancel.useMutation({
    onSuccess: (o) => {
      void utils.customer.orders.get.invalidate({ orderId: o.id });
      void utils.public.events.invalidate();
      if (raffle) void utils.public.raffles.invalidate();
    },
  });

  const remaining = new Date(order.expiresAt).getTime() - now;
  const lapsed = order.status === 'EXPIRED' || (order.status === 'PENDING' && remaining <= 0);
  const payable = order.status === 'PENDING' && !lapsed;

  // When the clock runs out, ask the server for the order's real state once.
  const asked = useRef(false);
  useEffect(() => {
    if (lapsed && order.status === 'PENDING' && !asked.current) {
      asked.current = true;
      refetch();
    }
  }, [lapsed, order.status, refetch]);

  const fail = (err: unknown) => {
    setPayError(err);
    const code = errorInfo(err).appCode;
    if (code === 'HOLD_EXPIRED' || code === 'INVALID_STATE') refetch();
  };

  /** Starts (or resumes: the server reuses an unconfirmed payment) the order's payment. */
  const start = () => {
    setPayError(null);
    setIntent(null);
    processPayment.mutate(
      { orderId: order.id },
      {
        onSuccess: (i) => {
          setIntent(i);
          if (i.status === 'SUCCEEDED') refetch();
        },
        onError: fail,
      },
    );
  };
  const started = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: start once, when the order becomes payable
  useEffect(() => {
    if (payable && !started.current) {
      started.current = true;
      start();
    }
  }, [payable]);

  const paid = () => {
    setProcessing(false);
    // an NFC card fee or reload (issue 7): back to the cards, where the request or balance shows
    if (order.lines.some((l) => l.kind === 'NFC_CARD_FEE' || l.kind === 'NFC_RELOAD')) {
      void utils.customer.nfcCards.invalidate();
      navigate('/cards');
      return;
    }
    if (raffle) {
      // raffle entries are numbered on payment: show them on the raffle page (or My raffles)
      void utils.customer.raffles.invalidate();
      void utils.public.raffles.invalidate();
      navigate(raffle.slug ? `/raffles/${raffle.slug}` : '/my-raffles');
      return;
    }
    void utils.customer.tickets.list.invalidate();
    void utils.public.events.invalidate();
    navigate('/tickets');
  };

  /** The server's confirmation: PAID, still settling (Stripe), or refused with its message. */
  const confirm = async (paymentId: string): Promise<boolean> => {
    setPayError(null);
    setPaying(true);
    try {
      const o = await confirmPayment.mutateAsync({ paymentId });
      void utils.customer.orders.invalidate();
      if (o.status === 'PAID') paid();
      else setProcessing(true);
      return true;
    } catch (err) {
      setProcessing(false);
      fail(err);
      return false;
    } finally {
      setPaying(false);
    }
  };

  /** Test mode: confirm; after a decline the next try starts a fresh payment. */
  const declined = useRef(false);
  const payTestMode = async (current: Intent) => {
    let paymentId = current.paymentId;
    if (declined.current) {
      setPaying(true);
      try {
        const fresh = await processPayment.mutateAsync({ orderId: order.id });
        setIntent(fresh);
        paymentId = fresh.paymentId;
      } catch (err) {
        setPaying(false);
        fail(err);
        return;
      }
    }
    declined.current = !(await confirm(paymentId));
  };

  // back from a redirect-based method (Stripe appends redirect_status to the return URL)
  const redirectStatus = params.get('redirect_status');
  const resumed = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once the resumed payment is known
  useEffect(() => {
    if (intent && redirectStatus && !resumed.current) {
      resumed.current = true;
      if (redirectStatus === 'failed') setPayError(new Error('The payment was not completed. Try again.'));
      else void confirm(intent.paymentId);
    }
  }, [intent, redirectStatus]);

  // the order settled while we waited
  useEffect(() => {
    if (processing && order.status === 'PAID') paid();
    if (processing && order.status !== 'PENDING' && order.status !== 'PAID') setProcessing(false);
  });

  const stripe = intent?.provider === 'STRIPE' && intent.clientSecret && intent.publishableKey ? intent : null;
  const busy = paying || cancel.isPending || processing;
  const cancelButton = (
    <button
      type="button"
      className="ui-button ui-button--ghost"
      onClick={() => cancel.mutate({ orderId: order.id })}
      disabled={busy}
    >
      Cancel order
    </button>
  );

  return (
    <>
      <div className="checkout-head">
        <h1 className="page-title">Checkout</h1>
        {intent?.testMode && (
          <span className="ui-badge ui-test-mode" data-testid="test-mode">
            TEST MODE
          </span>
        )}
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
        <OrderLines
          lines={order.lines}
          currency={order.currency}
          footer={
            <tfoot>
              <tr>
                <td colSpan={3}>Total</td>
                <td className="num" data-testid="order-total">
                  {formatMoney(order.totalMinor, order.currency)}
                </td>
              </tr>
            </tfoot>
          }
        />

        {order.status === 'PAID' ? (
          <div className="notice notice--ok" role="status">
            <strong>Paid.</strong> {words.paid.text}
            <p>
              <Link to={paidPath(order, raffle)}>{words.paid.link}</Link>
            </p>
          </div>
        ) : order.status === 'CANCELLED' ? (
          <div className="notice" role="status">
            <strong>This order was cancelled.</strong> {words.cancelled}
            <p>
              <Link to={backPath(order, raffle)}>{words.back}</Link>
            </p>
          </div>
        ) : lapsed ? (
          <div className="notice notice--warn" role="alert" data-testid="hold-expired">
            <strong>{words.expired.lead}</strong> {words.expired.text}
            <p>
              <Link to={backPath(order, raffle)}>{words.backAgain}</Link>
            </p>
          </div>
        ) : (
          <>
            <div className={`countdown${remaining < 60_000 ? ' countdown--low' : ''}`}>
              <span data-testid="hold-label">{words.countdown}</span>
              <span className="countdown__time" role="timer" aria-live="off" data-testid="hold-countdown">
                {formatRemaining(remaining)}
              </span>
            </div>
            {processing ? (
              <div className="notice" role="status" data-testid="payment-processing">
                <Spinner label="Your payment is processing. This page updates by itself when your bank confirms it." />
              </div>
            ) : !intent ? (
              payError ? (
                <>
                  <ErrorNotice error={payError} />
                  <div className="actions">
                    <button type="button" className="ui-button" onClick={start} disabled={busy}>
                      Try again
                    </button>
                    {cancelButton}
                  </div>
                </>
              ) : (
                <Spinner label="Preparing your payment…" />
              )
            ) : intent.provider === 'OFFLINE' ? (
              <>
                <div className="notice notice--warn test-mode-banner" role="note" data-testid="test-mode-banner">
                  <strong>TEST MODE.</strong> No card is charged: paying confirms the order straight away.
                </div>
                <ErrorNotice error={payError} />
                <ErrorNotice error={cancel.error} />
                <div className="actions">
                  <button type="button" className="ui-button" onClick={() => void payTestMode(intent)} disabled={busy}>
                    {paying ? 'Paying…' : 'Pay (test mode)'}
                  </button>
                  {cancelButton}
                </div>
              </>
            ) : stripe?.clientSecret && stripe.publishableKey ? (
              <>
                {stripe.testMode && (
                  <div className="notice notice--warn test-mode-banner" role="note" data-testid="test-mode-banner">
                    <strong>TEST MODE.</strong> Stripe test keys: use card 4242 4242 4242 4242, any future date and any
                    CVC. No real money moves.
                  </div>
                )}
                <ErrorNotice error={payError} />
                <ErrorNotice error={cancel.error} />
                <Suspense fallback={<Spinner label="Loading the secure card form…" />}>
                  <StripeForm
                    mode="payment"
                    clientSecret={stripe.clientSecret}
                    publishableKey={stripe.publishableKey}
                    submitLabel={paying ? 'Confirming…' : `Pay ${formatMoney(order.totalMinor, order.currency)}`}
                    disabled={busy}
                    onConfirmed={async () => {
                      await confirm(stripe.paymentId);
                    }}
                  />
                </Suspense>
                <div className="actions">{cancelButton}</div>
              </>
            ) : (
              <>
                <ErrorNotice error={new Error('Card payments are not available right now. Please try again later.')} />
                <div className="actions">{cancelButton}</div>
              </>
            )}
          </>
        )}
      </section>
    </>
  );
}
