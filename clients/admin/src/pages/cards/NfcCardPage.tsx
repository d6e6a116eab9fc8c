/**
 * One NFC card (seed 003 Plan 2 Phase 6 "Card details"; ADR 0018): holder, merchant, balance and
 * the latest ledger entries; and, with cards.write, block / report lost / reactivate, merchant
 * stock, transfer to another customer (zero balance only) and moving the whole balance of a
 * blocked or lost card to the holder's new card.
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, fieldError, Money, Spinner, trpc } from '@admit/ui';
import { ConfirmDialog, Field, formatDateTime, SelectField } from '@admit/ui/console-controls.tsx';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { adminCan } from '../../permissions.ts';
import { LoadError, useAdmin } from '../../session.tsx';
import { CardStatusBadge } from './card-status.tsx';
import { useMerchants } from './NfcCardsPage.tsx';

type Card = RouterOutputs['admin']['nfcCards']['get'];
type Dialog = 'block' | 'lost' | 'activate' | 'transfer' | 'move' | 'allocate' | null;

const KIND_LABELS: Record<string, string> = {
  PAYMENT: 'Reload',
  CARD_SPEND: 'Spend',
  CARD_TRANSFER: 'Balance moved',
  REFUND: 'Refund',
};

/** `/nfc-cards/:id` */
export function NfcCardPage() {
  const { id = '' } = useParams();
  const { level } = useAdmin();
  const canWrite = adminCan(level, 'cards.write');
  const q = trpc.admin.nfcCards.get.useQuery({ id }, { retry: false });
  const [dialog, setDialog] = useState<Dialog>(null);
  if (q.isPending) return <Spinner label="Loading card…" />;
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const blocked = c.status === 'BLOCKED' || c.status === 'LOST';
  return (
    <div className="page">
      <p className="small">
        <Link to="/nfc-cards">← NFC cards</Link>
      </p>
      <div className="page-head">
        <h1 className="page-title">
          Card <span className="mono">{c.uid}</span> <CardStatusBadge status={c.status} />
        </h1>
        {canWrite && c.status !== 'REPLACED' && (
          <div className="row gap">
            {c.status === 'ACTIVE' && (
              <button type="button" className="ui-button ui-button--ghost" onClick={() => setDialog('block')}>
                Block
              </button>
            )}
            {c.status !== 'LOST' && (
              <button type="button" className="ui-button ui-button--ghost" onClick={() => setDialog('lost')}>
                Report lost
              </button>
            )}
            {blocked && (
              <button type="button" className="ui-button ui-button--ghost" onClick={() => setDialog('activate')}>
                Reactivate
              </button>
            )}
            {blocked && c.customer && (
              <button type="button" className="ui-button" onClick={() => setDialog('move')}>
                Move balance…
              </button>
            )}
            {c.status === 'ACTIVE' && (
              <button type="button" className="ui-button ui-button--ghost" onClick={() => setDialog('transfer')}>
                Transfer…
              </button>
            )}
            {!c.customer && (
              <button type="button" className="ui-button ui-button--ghost" onClick={() => setDialog('allocate')}>
                Merchant stock…
              </button>
            )}
          </div>
        )}
      </div>

      <dl className="facts" data-testid="nfc-card-facts">
        <div>
          <dt>Balance</dt>
          <dd>
            <Money amountMinor={c.balanceMinor} currency={c.currency} testId="nfc-card-balance" />
          </dd>
        </div>
        <div>
          <dt>Holder</dt>
          <dd>
            {c.customer ? (
              <>
                <Link to={`/customers/${c.customer.id}`}>{c.customer.name}</Link> {c.customer.mobile ?? ''}
              </>
            ) : (
              'Not assigned (in stock)'
            )}
          </dd>
        </div>
        <div>
          <dt>Merchant</dt>
          <dd>{c.merchant ? `${c.merchant.name} ${c.merchant.mobile ?? ''}` : '—'}</dd>
        </div>
        <div>
          <dt>Assigned</dt>
          <dd>{c.assignedAt ? formatDateTime(c.assignedAt) : '—'}</dd>
        </div>
        <div>
          <dt>Auto-reload</dt>
          <dd>{c.autoReloadEnabled ? 'On' : 'Off'}</dd>
        </div>
        {c.statusReason && (
          <div>
            <dt>Status reason</dt>
            <dd>
              {c.statusReason}
              {c.statusChangedAt ? ` (${formatDateTime(c.statusChangedAt)})` : ''}
            </dd>
          </div>
        )}
        {c.replacedById && (
          <div>
            <dt>Replaced by</dt>
            <dd>
              <Link to={`/nfc-cards/${c.replacedById}`} className="mono">
                {c.replacedByUid}
              </Link>
            </dd>
          </div>
        )}
        {c.replaces.length > 0 && (
          <div>
            <dt>Replaces</dt>
            <dd>
              {c.replaces.map((r) => (
                <Link key={r.id} to={`/nfc-cards/${r.id}`} className="mono">
                  {r.uid}{' '}
                </Link>
              ))}
            </dd>
          </div>
        )}
      </dl>

      <section aria-labelledby="tx-title">
        <h2 id="tx-title" className="section-title">
          Latest transactions
        </h2>
        {c.transactions.length === 0 ? (
          <EmptyState title="No transactions yet">
            <p>Reloads, spends and balance moves appear here.</p>
          </EmptyState>
        ) : (
          <div className="table-card">
            <table className="data-table" data-testid="nfc-card-transactions">
              <caption className="visually-hidden">Latest ledger entries of this card</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col">Description</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col" className="num">
                    Balance after
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.transactions.map((t) => (
                  <tr key={t.id}>
                    <td data-label="When" className="nowrap">
                      {formatDateTime(t.occurredAt)}
                    </td>
                    <td data-label="What">{KIND_LABELS[t.kind] ?? t.kind}</td>
                    <td data-label="Description">{t.description}</td>
                    <td data-label="Amount" className="num">
                      <Money amountMinor={t.amountMinor} currency={c.currency} />
                    </td>
                    <td data-label="Balance after" className="num">
                      <Money amountMinor={t.balanceAfterMinor} currency={c.currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {dialog === 'block' || dialog === 'lost' ? (
        <StatusDialog card={c} to={dialog} onClose={() => setDialog(null)} />
      ) : dialog === 'activate' ? (
        <ActivateDialog card={c} onClose={() => setDialog(null)} />
      ) : dialog === 'transfer' ? (
        <TransferDialog card={c} onClose={() => setDialog(null)} />
      ) : dialog === 'move' ? (
        <MoveBalanceDialog card={c} onClose={() => setDialog(null)} />
      ) : dialog === 'allocate' ? (
        <AllocateDialog card={c} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}

function useRefresh() {
  const utils = trpc.useUtils();
  return () => void utils.admin.nfcCards.invalidate();
}

function StatusDialog({ card, to, onClose }: { card: Card; to: 'block' | 'lost'; onClose: () => void }) {
  const refresh = useRefresh();
  const [reason, setReason] = useState('');
  const done = {
    onSuccess: () => {
      refresh();
      onClose();
    },
  };
  const block = trpc.admin.nfcCards.block.useMutation(done);
  const lost = trpc.admin.nfcCards.reportLost.useMutation(done);
  const m = to === 'block' ? block : lost;
  return (
    <ConfirmDialog
      open
      title={to === 'block' ? `Block card ${card.uid}?` : `Report card ${card.uid} lost?`}
      confirmLabel={to === 'block' ? 'Block card' : 'Report lost'}
      pending={m.isPending}
      error={m.error}
      confirmDisabled={!reason.trim()}
      onConfirm={() => m.mutate({ id: card.id, reason })}
      onCancel={onClose}
    >
      <p>The gates refuse the card and it cannot be charged. Its balance stays with the holder.</p>
      <Field
        label="Reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={200}
        error={fieldError(m.error, 'reason')}
      />
    </ConfirmDialog>
  );
}

function ActivateDialog({ card, onClose }: { card: Card; onClose: () => void }) {
  const refresh = useRefresh();
  const m = trpc.admin.nfcCards.update.useMutation({
    onSuccess: () => {
      refresh();
      onClose();
    },
  });
  return (
    <ConfirmDialog
      open
      danger={false}
      title={`Reactivate card ${card.uid}?`}
      confirmLabel="Reactivate"
      pending={m.isPending}
      error={m.error}
      onConfirm={() => m.mutate({ id: card.id, status: 'ACTIVE' })}
      onCancel={onClose}
    >
      <p>The card can be used at gates and merchants again.</p>
    </ConfirmDialog>
  );
}

function TransferDialog({ card, onClose }: { card: Card; onClose: () => void }) {
  const refresh = useRefresh();
  const [mobile, setMobile] = useState('');
  const m = trpc.admin.nfcCards.transfer.useMutation({
    onSuccess: () => {
      refresh();
      onClose();
    },
  });
  return (
    <ConfirmDialog
      open
      danger={false}
      title={`Give card ${card.uid} to another customer`}
      confirmLabel="Transfer card"
      pending={m.isPending}
      error={m.error}
      confirmDisabled={!mobile.trim()}
      onConfirm={() => m.mutate({ id: card.id, mobile: mobile.trim() })}
      onCancel={onClose}
    >
      <p>
        Only a card with a zero balance changes hands
        {card.balanceMinor > 0 ? ': this one holds a balance, move it to the holder’s other card first.' : '.'}{' '}
        Auto-reload is turned off.
      </p>
      <Field
        label="New holder's mobile"
        type="tel"
        placeholder="+201001234567"
        value={mobile}
        onChange={(e) => setMobile(e.target.value)}
        error={fieldError(m.error, 'mobile')}
      />
    </ConfirmDialog>
  );
}

function MoveBalanceDialog({ card, onClose }: { card: Card; onClose: () => void }) {
  const refresh = useRefresh();
  const targets = trpc.admin.nfcCards.list.useQuery(
    { customerId: card.customer?.id, status: 'ACTIVE', page: 1, pageSize: 50 },
    { enabled: !!card.customer, retry: false },
  );
  const [toCardId, setTo] = useState('');
  const m = trpc.admin.nfcCards.moveBalance.useMutation({
    onSuccess: () => {
      refresh();
      onClose();
    },
  });
  const options = (targets.data?.items ?? []).filter((t) => t.id !== card.id);
  return (
    <ConfirmDialog
      open
      danger={false}
      title={`Move the balance of ${card.uid}`}
      confirmLabel="Move balance"
      pending={m.isPending}
      error={m.error}
      confirmDisabled={!toCardId}
      onConfirm={() => m.mutate({ fromCardId: card.id, toCardId })}
      onCancel={onClose}
    >
      <p>
        The whole balance, <Money amountMinor={card.balanceMinor} currency={card.currency} />, goes to another active
        card of {card.customer?.name}; this card becomes <strong>replaced</strong> for good.
      </p>
      {targets.isPending ? (
        <Spinner label="Loading the holder’s cards…" />
      ) : options.length === 0 ? (
        <p className="muted">
          {card.customer?.name} has no other active card yet: a merchant assigns one after a new card request.
        </p>
      ) : (
        <SelectField
          label="New card"
          value={toCardId}
          onChange={(e) => setTo(e.target.value)}
          error={fieldError(m.error, 'toCardId')}
        >
          <option value="">Choose a card</option>
          {options.map((t) => (
            <option key={t.id} value={t.id}>
              {t.uid} (balance {(t.balanceMinor / 100).toFixed(2)} {t.currency})
            </option>
          ))}
        </SelectField>
      )}
    </ConfirmDialog>
  );
}

function AllocateDialog({ card, onClose }: { card: Card; onClose: () => void }) {
  const refresh = useRefresh();
  const merchants = useMerchants();
  const [merchantId, setMerchantId] = useState(card.merchant?.id ?? '');
  const m = trpc.admin.nfcCards.update.useMutation({
    onSuccess: () => {
      refresh();
      onClose();
    },
  });
  return (
    <ConfirmDialog
      open
      danger={false}
      title={`Merchant stock of ${card.uid}`}
      confirmLabel="Save"
      pending={m.isPending}
      error={m.error}
      onConfirm={() => m.mutate({ id: card.id, merchantId: merchantId || null })}
      onCancel={onClose}
    >
      <SelectField
        label="Merchant"
        value={merchantId}
        onChange={(e) => setMerchantId(e.target.value)}
        error={fieldError(m.error, 'merchantId')}
      >
        <option value="">None (platform stock)</option>
        {(merchants.data?.items ?? []).map((mm) => (
          <option key={mm.id} value={mm.id}>
            {mm.businessName ?? `${mm.firstName} ${mm.lastName}`}
          </option>
        ))}
      </SelectField>
    </ConfirmDialog>
  );
}
