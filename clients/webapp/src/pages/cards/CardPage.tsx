/**
 * One of my NFC cards (seed 003 Plan 1 Phase 5; ADR 0018): balance, reload (amount → the existing
 * checkout), transaction history with the running balance, auto-reload settings (threshold,
 * amount, saved card charged off-session) and block / report lost.
 */
import {
  EmptyState,
  ErrorNotice,
  errorInfo,
  fieldError,
  formatMoney,
  Money,
  minorToInput,
  moneyInputError,
  parseMoneyInput,
  Spinner,
  trpc,
} from '@admit/ui';
import { ConfirmDialog, Pagination } from '@admit/ui/console-controls.tsx';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { LoadError } from '../../session.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { CardStatus, cardName, type MyCard } from './MyCardsPage.tsx';

const KIND_LABELS: Record<string, string> = {
  PAYMENT: 'Reload',
  CARD_SPEND: 'Purchase',
  CARD_TRANSFER: 'Balance moved',
  REFUND: 'Refund',
};

/** `/cards/:id` */
export function CardPage() {
  const { id = '' } = useParams();
  const q = trpc.customer.nfcCards.list.useQuery({});
  if (q.isPending) return <Spinner label="Loading your card…" />;
  if (q.isError && !q.data) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const card = q.data?.items.find((c) => c.id === id);
  if (!card || !q.data) {
    return (
      <NotFoundPage title="Card not found">
        <p>It is not among your cards.</p>
        {null}
      </NotFoundPage>
    );
  }
  const active = card.status === 'ACTIVE';
  return (
    <div className="page page--medium stack">
      <p className="small">
        <Link to="/cards">← My NFC cards</Link>
      </p>
      <div className="page-head">
        <h1 className="page-title">
          {cardName(card.uid)} <CardStatus status={card.status} />
        </h1>
        <p className="lead">
          Balance{' '}
          <strong data-testid="card-balance">
            <Money amountMinor={card.balanceMinor} currency={card.currency} />
          </strong>
        </p>
      </div>
      {card.status === 'REPLACED' && (
        <div className="notice" role="status">
          This card was replaced: its balance moved to your new card.
        </div>
      )}
      {(card.status === 'BLOCKED' || card.status === 'LOST') && (
        <div className="notice notice--warn" role="status">
          This card is {card.status === 'LOST' ? 'reported lost' : 'blocked'} and cannot be used. Your balance is safe:
          once a merchant hands you a new card, our support moves the balance onto it.
        </div>
      )}
      {active && <ReloadForm card={card} minMinor={q.data.reloadMinMinor} maxMinor={q.data.reloadMaxMinor} />}
      {active && <AutoReloadForm card={card} minMinor={q.data.reloadMinMinor} />}
      <History card={card} />
      {(active || card.status === 'BLOCKED') && <BlockActions card={card} />}
    </div>
  );
}

function ReloadForm({ card, minMinor, maxMinor }: { card: MyCard; minMinor: number; maxMinor: number }) {
  const navigate = useNavigate();
  const [amount, setAmount] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const reload = trpc.customer.nfcCards.reload.useMutation({ onSuccess: (order) => navigate(`/checkout/${order.id}`) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const error = moneyInputError(amount, card.currency);
    const minor = parseMoneyInput(amount, card.currency);
    if (error || minor === null) return setLocal(error);
    if (minor < minMinor || minor > maxMinor) {
      return setLocal(`Between ${formatMoney(minMinor, card.currency)} and ${formatMoney(maxMinor, card.currency)}.`);
    }
    setLocal(null);
    reload.mutate({ id: card.id, amountMinor: minor });
  };
  const error = local ?? fieldError(reload.error, 'amountMinor');
  return (
    <section className="ui-card stack" aria-labelledby="reload-title">
      <h2 id="reload-title" className="section-title">
        Reload
      </h2>
      <form className="stack" onSubmit={submit} noValidate>
        <div className="row gap">
          {[10_000, 25_000, 50_000].map((v) => (
            <button
              key={v}
              type="button"
              className="ui-button ui-button--ghost ui-button--small"
              onClick={() => setAmount(minorToInput(v, card.currency))}
            >
              {formatMoney(v, card.currency)}
            </button>
          ))}
        </div>
        <div className="ui-field">
          <label htmlFor="reload-amount">Amount ({card.currency})</label>
          <input
            id="reload-amount"
            className="ui-input"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby="reload-amount-msg"
          />
          <span id="reload-amount-msg" className={error ? 'ui-field__error' : 'field-hint'}>
            {error ??
              `From ${formatMoney(minMinor, card.currency)} to ${formatMoney(maxMinor, card.currency)}; you pay at the checkout.`}
          </span>
        </div>
        {reload.error && !fieldError(reload.error, 'amountMinor') && <ErrorNotice error={reload.error} />}
        <div className="actions">
          <button type="submit" className="ui-button" disabled={reload.isPending} data-testid="reload-submit">
            {reload.isPending ? 'Preparing…' : 'Continue to payment'}
          </button>
        </div>
      </form>
    </section>
  );
}

function AutoReloadForm({ card, minMinor }: { card: MyCard; minMinor: number }) {
  const utils = trpc.useUtils();
  const methods = trpc.customer.paymentMethods.list.useQuery({});
  const ar = card.autoReload;
  const [enabled, setEnabled] = useState(ar.enabled);
  const [threshold, setThreshold] = useState(minorToInput(ar.thresholdMinor ?? 5_000, card.currency));
  const [amount, setAmount] = useState(minorToInput(ar.amountMinor ?? 20_000, card.currency));
  const [methodId, setMethodId] = useState(ar.paymentMethodId ?? '');
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = trpc.customer.nfcCards.autoReloadSettings.useMutation({
    onSuccess: () => void utils.customer.nfcCards.invalidate(),
  });
  const items = methods.data?.items ?? [];
  const chosen = methodId || items.find((m) => m.isDefault)?.id || '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.reset();
    if (!enabled) return save.mutate({ id: card.id, enabled: false });
    const errs: Record<string, string> = {};
    const t = parseMoneyInput(threshold, card.currency);
    const a = parseMoneyInput(amount, card.currency);
    if (t === null)
      errs.thresholdMinor = moneyInputError(threshold, card.currency, { allowZero: true }) ?? 'Enter an amount.';
    if (a === null || a < minMinor) errs.amountMinor = `At least ${formatMoney(minMinor, card.currency)}.`;
    if (!chosen) errs.paymentMethodId = 'Save a card first.';
    setLocal(errs);
    if (Object.keys(errs).length > 0 || t === null || a === null) return;
    save.mutate({ id: card.id, enabled: true, thresholdMinor: t, amountMinor: a, paymentMethodId: chosen });
  };
  const err = (f: string) => local[f] ?? fieldError(save.error, f);
  return (
    <section className="ui-card stack" aria-labelledby="auto-title">
      <h2 id="auto-title" className="section-title">
        Auto-reload
      </h2>
      <p className="muted small">
        When a purchase leaves the balance below the threshold, we charge your saved card for the reload amount.
      </p>
      <form className="stack" onSubmit={submit} noValidate>
        <label className="checkbox">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Reload
          automatically
        </label>
        {enabled && (
          <>
            <div className="ui-field">
              <label htmlFor="ar-threshold">When the balance drops below ({card.currency})</label>
              <input
                id="ar-threshold"
                className="ui-input"
                inputMode="decimal"
                value={threshold}
                onChange={(e) => setThreshold(e.target.value)}
                aria-invalid={err('thresholdMinor') ? true : undefined}
              />
              {err('thresholdMinor') && <span className="ui-field__error">{err('thresholdMinor')}</span>}
            </div>
            <div className="ui-field">
              <label htmlFor="ar-amount">Reload ({card.currency})</label>
              <input
                id="ar-amount"
                className="ui-input"
                inputMode="decimal"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                aria-invalid={err('amountMinor') ? true : undefined}
              />
              {err('amountMinor') && <span className="ui-field__error">{err('amountMinor')}</span>}
            </div>
            {methods.isPending ? (
              <Spinner label="Loading your saved cards…" />
            ) : items.length === 0 ? (
              <p className="notice notice--warn">
                Auto-reload charges a saved card. <Link to="/payment-methods">Save a card first</Link>.
              </p>
            ) : (
              <div className="ui-field">
                <label htmlFor="ar-method">Charge</label>
                <select
                  id="ar-method"
                  className="ui-select"
                  value={chosen}
                  onChange={(e) => setMethodId(e.target.value)}
                  aria-invalid={err('paymentMethodId') ? true : undefined}
                >
                  {items.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.brand} •••• {m.last4}
                      {m.isDefault ? ' (default)' : ''}
                    </option>
                  ))}
                </select>
                {err('paymentMethodId') ? <span className="ui-field__error">{err('paymentMethodId')}</span> : null}
              </div>
            )}
          </>
        )}
        {save.error && Object.keys(errorInfo(save.error).fieldErrors).length === 0 && (
          <ErrorNotice error={save.error} />
        )}
        <div className="actions">
          <button type="submit" className="ui-button" disabled={save.isPending} data-testid="auto-reload-save">
            {save.isPending ? 'Saving…' : 'Save auto-reload'}
          </button>
          {save.isSuccess && (
            <span className="muted small" role="status">
              Saved.
            </span>
          )}
        </div>
      </form>
    </section>
  );
}

function History({ card }: { card: MyCard }) {
  const [page, setPage] = useState(1);
  const q = trpc.customer.nfcCards.transactions.useQuery({ id: card.id, page, pageSize: 20 });
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title" className="section-title">
        Transactions
      </h2>
      {q.isPending ? (
        <Spinner label="Loading transactions…" />
      ) : q.isError && !q.data ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : !q.data || q.data.items.length === 0 ? (
        <EmptyState title="No transactions yet">
          <p>Reloads and purchases with this card appear here.</p>
        </EmptyState>
      ) : (
        <>
          <div className="table-card">
            <table className="data-table" data-testid="card-transactions">
              <caption className="visually-hidden">Transactions of this card, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col" className="num">
                    Balance
                  </th>
                </tr>
              </thead>
              <tbody>
                {q.data.items.map((t) => (
                  <tr key={t.id}>
                    <td>{new Date(t.occurredAt).toLocaleString()}</td>
                    <td>
                      {KIND_LABELS[t.kind] ?? t.kind}
                      <div className="muted small">{t.description}</div>
                    </td>
                    <td className="num">
                      <Money amountMinor={t.amountMinor} currency={q.data.currency} />
                    </td>
                    <td className="num">
                      <Money amountMinor={t.balanceAfterMinor} currency={q.data.currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={q.data.page} totalPages={q.data.totalPages} busy={q.isFetching} onPage={setPage} />
        </>
      )}
    </section>
  );
}

function BlockActions({ card }: { card: MyCard }) {
  const utils = trpc.useUtils();
  const [open, setOpen] = useState<'block' | 'lost' | null>(null);
  const done = {
    onSuccess: () => {
      setOpen(null);
      void utils.customer.nfcCards.invalidate();
    },
  };
  const block = trpc.customer.nfcCards.block.useMutation(done);
  const lost = trpc.customer.nfcCards.reportLost.useMutation(done);
  const m = open === 'block' ? block : lost;
  return (
    <section className="stack" aria-labelledby="safety-title">
      <h2 id="safety-title" className="section-title">
        Lost it or worried?
      </h2>
      <div className="actions">
        {card.status === 'ACTIVE' && (
          <button type="button" className="ui-button ui-button--ghost" onClick={() => setOpen('block')}>
            Block card
          </button>
        )}
        <button type="button" className="ui-button ui-button--ghost ui-button--danger" onClick={() => setOpen('lost')}>
          Report lost
        </button>
      </div>
      <ConfirmDialog
        open={open !== null}
        title={open === 'block' ? 'Block this card?' : 'Report this card lost?'}
        confirmLabel={open === 'block' ? 'Block card' : 'Report lost'}
        pending={m.isPending}
        error={m.error}
        onConfirm={() => m.mutate({ id: card.id })}
        onCancel={() => setOpen(null)}
      >
        <p>
          Nobody can pay or enter with it any more. Your balance of {formatMoney(card.balanceMinor, card.currency)}{' '}
          stays yours and can be moved to a new card.
        </p>
      </ConfirmDialog>
    </section>
  );
}
