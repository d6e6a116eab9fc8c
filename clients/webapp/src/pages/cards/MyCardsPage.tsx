/**
 * My NFC cards (seed 003 Plan 1 Phase 5; ADR 0018): request a card and pay its fee through the
 * checkout, then, once a merchant has handed it over, see each card's balance. One card's page
 * (CardPage.tsx) reloads it, shows its history, sets auto-reload and blocks or reports it lost.
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, ErrorNotice, fieldError, formatMoney, Spinner, trpc } from '@admit/ui';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { AccountNav } from '../../components/AccountNav.tsx';
import { LoadError } from '../../session.tsx';

type Cards = RouterOutputs['customer']['nfcCards']['list'];
export type MyCard = Cards['items'][number];

const STATUS: Record<MyCard['status'], { label: string; badge: string }> = {
  ACTIVE: { label: 'Active', badge: 'badge--ok' },
  BLOCKED: { label: 'Blocked', badge: 'badge--bad' },
  LOST: { label: 'Reported lost', badge: 'badge--warn' },
  REPLACED: { label: 'Replaced', badge: 'badge--muted' },
};

export function CardStatus({ status }: { status: MyCard['status'] }) {
  return (
    <span className={`ui-badge ${STATUS[status].badge}`} data-status={status}>
      {STATUS[status].label}
    </span>
  );
}

/** "Card •••• 5E80" */
export const cardName = (uid: string) => `Card •••• ${uid.slice(-4)}`;

function RequestPanel({ data }: { data: Cards }) {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const [note, setNote] = useState('');
  const request = trpc.customer.nfcCards.request.useMutation({
    onSuccess: ({ order }) => {
      void utils.customer.nfcCards.invalidate();
      if (order) navigate(`/checkout/${order.id}`);
    },
  });
  const open = data.openRequest;
  if (open?.status === 'PAID') {
    return (
      <div className="notice notice--ok" role="status" data-testid="card-request-paid">
        <strong>Your card fee is paid.</strong> Visit any Admit card desk with your phone: the merchant picks a card and
        we text you a code to confirm it is yours.
      </div>
    );
  }
  if (open?.status === 'PENDING_PAYMENT' && open.orderId) {
    return (
      <div className="notice notice--warn" role="status" data-testid="card-request-pending">
        <strong>Card requested.</strong> Pay the card fee of {formatMoney(open.feeMinor, open.currency)} to continue.
        <p>
          <Link to={`/checkout/${open.orderId}`} className="ui-button ui-button--small">
            Pay the card fee
          </Link>
        </p>
      </div>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    request.mutate({ note: note.trim() || undefined });
  };
  return (
    <section className="ui-card stack" aria-labelledby="request-title">
      <h2 id="request-title" className="section-title">
        {data.items.length === 0 ? 'Get a cashless card' : 'Request another card'}
      </h2>
      <p>
        Pay at stands with a tap and get in at the gates. The card costs{' '}
        <strong>{data.cardFeeMinor === 0 ? 'nothing' : formatMoney(data.cardFeeMinor, data.currency)}</strong>; a
        merchant hands it to you once the fee is paid.
      </p>
      <form className="stack" onSubmit={submit} noValidate>
        <div className="ui-field">
          <label htmlFor="card-note">Note for the card desk (optional)</label>
          <input
            id="card-note"
            className="ui-input"
            maxLength={200}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="e.g. I will pick it up at the Nile Garden kiosk"
            aria-invalid={fieldError(request.error, 'note') ? true : undefined}
          />
          {fieldError(request.error, 'note') && (
            <span className="ui-field__error">{fieldError(request.error, 'note')}</span>
          )}
        </div>
        <ErrorNotice error={request.error} />
        <div className="actions">
          <button type="submit" className="ui-button" disabled={request.isPending} data-testid="request-card">
            {request.isPending
              ? 'Requesting…'
              : data.cardFeeMinor === 0
                ? 'Request a card'
                : `Request and pay ${formatMoney(data.cardFeeMinor, data.currency)}`}
          </button>
        </div>
      </form>
    </section>
  );
}

/** `/cards` */
export function MyCardsPage() {
  const q = trpc.customer.nfcCards.list.useQuery({});
  return (
    <div className="page page--medium">
      <h1 className="page-title">My NFC cards</h1>
      <AccountNav />
      {q.isPending ? (
        <Spinner label="Loading your cards…" />
      ) : q.isError && !q.data ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data ? (
        <div className="stack">
          {q.data.items.length === 0 ? (
            <EmptyState title="No card yet">
              <p>Request a card below; a merchant at the venue hands it to you.</p>
            </EmptyState>
          ) : (
            <ul className="card-list" data-testid="nfc-cards">
              {q.data.items.map((c) => (
                <li key={c.id} className="ui-card saved-card" data-testid="nfc-card">
                  <div>
                    <strong>{cardName(c.uid)}</strong> <CardStatus status={c.status} />
                    <div className="muted small">
                      {c.autoReload.enabled && c.status === 'ACTIVE' ? 'Auto-reload on' : 'Auto-reload off'}
                      {c.statusReason && c.status !== 'ACTIVE' ? ` · ${c.statusReason}` : ''}
                    </div>
                  </div>
                  <div className="row">
                    <strong className="money" data-testid="nfc-card-balance">
                      {formatMoney(c.balanceMinor, c.currency)}
                    </strong>
                    <Link to={`/cards/${c.id}`} className="ui-button ui-button--ghost ui-button--small">
                      {c.status === 'ACTIVE' ? 'Reload & history' : 'History'}
                    </Link>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <RequestPanel data={q.data} />
        </div>
      ) : null}
    </div>
  );
}
