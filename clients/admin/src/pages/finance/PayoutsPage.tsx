/**
 * Payouts to organizers (seed 003 Plan 2 Phase 8 `GET/POST /api/payouts/`): the list with
 * filters, "Mark paid" (posts the payout to the ledger) and "Cancel" for pending ones, each
 * confirmed in a dialog; and a new payout for an event: find the event, see its settlement
 * (gross, fees, refunds, paid out, available now) and create a pending payout of what is
 * available. Support admins see the list only.
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, ErrorNotice, fieldError, formatMoney, Money, Spinner, StatusBadge, trpc } from '@admit/ui';
import {
  ConfirmDialog,
  EnumOptions,
  Field,
  FormError,
  formatDate,
  formatDateTime,
  Pagination,
  parsePage,
  SelectField,
  withPage,
} from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { LoadError, useAdmin } from '../../session.tsx';
import { FinanceNav, ReadOnlyNote } from './FinanceNav.tsx';

type Payout = RouterOutputs['admin']['payouts']['list']['items'][number];
type Status = Payout['status'];
const STATUSES: readonly Status[] = ['PENDING', 'PAID', 'CANCELLED'];

type Action = { kind: 'markPaid' | 'cancel'; payout: Payout };

export function PayoutsPage() {
  const admin = useAdmin();
  const canWrite = admin.can('money.write');
  const utils = trpc.useUtils();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status') ?? '';
  const status = STATUSES.includes(raw as Status) ? (raw as Status) : undefined;
  const page = parsePage(params.get('page'));
  const list = trpc.admin.payouts.list.useQuery(
    { page, pageSize: 25, ...(status ? { status } : {}) },
    { placeholderData: keepPreviousData },
  );
  const [creating, setCreating] = useState(false);
  const [action, setAction] = useState<Action | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => {
    void utils.admin.payouts.invalidate();
    void utils.admin.finances.invalidate();
  };
  const markPaid = trpc.admin.payouts.markPaid.useMutation({
    onSuccess: (p) => {
      setAction(null);
      setDone(`${p.reference} is marked paid (${formatMoney(p.netMinor, p.currency)} to ${p.organizerName}).`);
      refresh();
    },
  });
  const cancel = trpc.admin.payouts.cancel.useMutation({
    onSuccess: (p) => {
      setAction(null);
      setDone(`${p.reference} was cancelled; its amount is available again.`);
      refresh();
    },
  });
  const mutation = action?.kind === 'markPaid' ? markPaid : cancel;

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Payouts</h1>
        {canWrite && !creating && (
          <button
            type="button"
            className="ui-button"
            onClick={() => {
              setDone(null);
              setCreating(true);
            }}
          >
            New payout
          </button>
        )}
      </div>
      <FinanceNav />
      <p className="page-intro">
        What organizers are paid per event: ticket sales minus the platform fee and refunds. Mark a payout paid once the
        bank transfer is sent.
      </p>
      {!canWrite && <ReadOnlyNote />}
      {done && (
        <div className="notice notice--ok" role="status" data-testid="payout-done">
          {done}
        </div>
      )}
      {creating && (
        <CreatePayout
          onCancel={() => setCreating(false)}
          onDone={(p) => {
            setCreating(false);
            setDone(`${p.reference} created: ${formatMoney(p.netMinor, p.currency)} to ${p.organizerName}.`);
            refresh();
          }}
        />
      )}
      <search aria-label="Filter payouts">
        <div className="filters">
          <SelectField
            label="Status"
            name="status"
            value={status ?? ''}
            onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}
          >
            <option value="">Any status</option>
            <EnumOptions values={STATUSES} />
          </SelectField>
        </div>
      </search>
      {list.isPending ? (
        <Spinner label="Loading payouts…" />
      ) : list.isError && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        <EmptyState title={status ? 'No payouts match' : 'No payouts yet'} />
      ) : list.data ? (
        <>
          <div className="table-card">
            <table className="data-table" data-testid="payouts-table">
              <caption className="visually-hidden">Payouts, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Payout</th>
                  <th scope="col">Organizer</th>
                  <th scope="col" className="num">
                    Gross
                  </th>
                  <th scope="col" className="num">
                    Fees
                  </th>
                  <th scope="col" className="num">
                    Refunds
                  </th>
                  <th scope="col" className="num">
                    Net
                  </th>
                  <th scope="col">Status</th>
                  {canWrite && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((p) => (
                  <tr key={p.id} data-testid="payout-row" data-status={p.status}>
                    <td data-label="Payout">
                      <span>
                        <span className="cell-main mono">{p.reference}</span>
                        <span className="cell-sub">{formatDate(p.createdAt)}</span>
                        {p.note && <span className="cell-sub">{p.note}</span>}
                      </span>
                    </td>
                    <td data-label="Organizer">
                      <span>
                        {p.organizerName}
                        <span className="cell-sub">{p.eventTitle ?? '—'}</span>
                      </span>
                    </td>
                    <td data-label="Gross" className="num">
                      <Money amountMinor={p.grossMinor} currency={p.currency} />
                    </td>
                    <td data-label="Fees" className="num">
                      <Money amountMinor={p.feesMinor} currency={p.currency} />
                    </td>
                    <td data-label="Refunds" className="num">
                      <Money amountMinor={p.refundsMinor} currency={p.currency} />
                    </td>
                    <td data-label="Net" className="num">
                      <strong>
                        <Money amountMinor={p.netMinor} currency={p.currency} />
                      </strong>
                    </td>
                    <td data-label="Status">
                      <span>
                        <StatusBadge status={p.status} />
                        {p.paidAt && <span className="cell-sub">{formatDateTime(p.paidAt)}</span>}
                      </span>
                    </td>
                    {canWrite && (
                      <td data-label="Actions">
                        {p.status === 'PENDING' && (
                          <span className="actions-cell">
                            <button
                              type="button"
                              className="ui-button ui-button--small"
                              onClick={() => {
                                markPaid.reset();
                                setDone(null);
                                setAction({ kind: 'markPaid', payout: p });
                              }}
                            >
                              Mark paid
                            </button>
                            <button
                              type="button"
                              className="ui-button ui-button--ghost ui-button--danger ui-button--small"
                              onClick={() => {
                                cancel.reset();
                                setDone(null);
                                setAction({ kind: 'cancel', payout: p });
                              }}
                            >
                              Cancel
                            </button>
                          </span>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={list.data.page}
            totalPages={list.data.totalPages}
            busy={list.isFetching}
            onPage={(p) => setParams(withPage(params, p))}
          />
        </>
      ) : null}
      <ConfirmDialog
        open={action !== null}
        title={action?.kind === 'markPaid' ? 'Mark this payout paid?' : 'Cancel this payout?'}
        confirmLabel={action?.kind === 'markPaid' ? 'Mark paid' : 'Cancel payout'}
        cancelLabel="Back"
        danger={action?.kind === 'cancel'}
        pending={mutation.isPending}
        error={mutation.error}
        onConfirm={() => action && mutation.mutate({ id: action.payout.id })}
        onCancel={() => setAction(null)}
      >
        {action && (
          <p>
            <span className="mono">{action.payout.reference}</span>:{' '}
            <strong>
              <Money amountMinor={action.payout.netMinor} currency={action.payout.currency} />
            </strong>{' '}
            to {action.payout.organizerName}
            {action.payout.eventTitle ? ` for ${action.payout.eventTitle}` : ''}.{' '}
            {action.kind === 'markPaid'
              ? 'Only mark it paid once the bank transfer has been sent; this is posted to the ledger.'
              : 'The amount becomes available for a new payout.'}
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}

/** Find an event, read its settlement, create a pending payout of what is available. */
function CreatePayout({ onCancel, onDone }: { onCancel: () => void; onDone: (p: Payout) => void }) {
  const headingId = useId();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [eventId, setEventId] = useState('');
  const [note, setNote] = useState('');
  const events = trpc.public.events.list.useQuery(
    { q: search, includePast: 'true', pageSize: 20, sort: 'date', order: 'desc' },
    { enabled: search.length >= 2 },
  );
  const settlement = trpc.admin.payouts.settlement.useQuery({ eventId }, { enabled: !!eventId });
  const create = trpc.admin.payouts.create.useMutation({ onSuccess: onDone });
  const s = settlement.data;
  const find = (e: FormEvent) => {
    e.preventDefault();
    setEventId('');
    setSearch(q.trim());
  };
  return (
    <section className="ui-card console-card finance-form" aria-labelledby={headingId}>
      <h2 id={headingId} className="console-card__title">
        New payout
      </h2>
      <form onSubmit={find} noValidate>
        <Field
          label="Find the event"
          name="q"
          type="search"
          placeholder="Title, venue or organizer"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          hint="At least 2 characters."
        />
        <div className="ui-field">
          <span aria-hidden="true">&nbsp;</span>
          <button type="submit" className="ui-button ui-button--ghost" disabled={q.trim().length < 2}>
            Search
          </button>
        </div>
      </form>
      {events.isFetching && <Spinner label="Searching…" />}
      <ErrorNotice error={events.error} />
      {events.data && events.data.items.length === 0 && <p className="muted">No event matches “{search}”.</p>}
      {events.data && events.data.items.length > 0 && (
        <SelectField label="Event" name="eventId" value={eventId} onChange={(e) => setEventId(e.target.value)}>
          <option value="">Choose an event…</option>
          {events.data.items.map((e) => (
            <option key={e.id} value={e.id}>
              {e.title} · {e.organizerName} · {formatDate(e.startsAt)}
            </option>
          ))}
        </SelectField>
      )}
      {eventId && settlement.isPending && <Spinner label="Reading the event’s settlement…" />}
      {settlement.isError && <LoadError error={settlement.error} onRetry={() => void settlement.refetch()} />}
      {s && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ eventId, ...(note.trim() ? { note: note.trim() } : {}) });
          }}
          noValidate
        >
          <dl className="facts form-wide" data-testid="settlement">
            <dt>Organizer</dt>
            <dd>{s.organizerName}</dd>
            <dt>Ticket sales</dt>
            <dd>
              <Money amountMinor={s.grossMinor} currency={s.currency} />
            </dd>
            <dt>Platform fees</dt>
            <dd>
              <Money amountMinor={s.feesMinor} currency={s.currency} />
            </dd>
            <dt>Refunds</dt>
            <dd>
              <Money amountMinor={s.refundsMinor} currency={s.currency} />
            </dd>
            <dt>Already paid out</dt>
            <dd>
              <Money amountMinor={s.paidOutMinor} currency={s.currency} />
            </dd>
            <dt>In pending payouts</dt>
            <dd>
              <Money amountMinor={s.pendingPayoutMinor} currency={s.currency} />
            </dd>
            <dt>
              <strong>Available now</strong>
            </dt>
            <dd>
              <strong>
                <Money amountMinor={s.availableMinor} currency={s.currency} testId="available" />
              </strong>
            </dd>
          </dl>
          <div className="form-wide">
            <Field
              label="Note (optional)"
              name="note"
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              error={fieldError(create.error, 'note')}
              hint="Shown on the payout and its invoice."
            />
            <FormError error={create.error} fields={['note']} />
            {s.availableMinor <= 0 && <p className="notice">Nothing is available to pay out for this event.</p>}
            <div className="actions" style={{ marginTop: 0 }}>
              <button type="submit" className="ui-button" disabled={create.isPending || s.availableMinor <= 0}>
                {create.isPending ? 'Creating…' : `Create payout of ${formatMoney(s.availableMinor, s.currency)}`}
              </button>
              <button type="button" className="ui-button ui-button--ghost" onClick={onCancel}>
                Cancel
              </button>
            </div>
          </div>
        </form>
      )}
      {!s && (
        <div className="actions">
          <button type="button" className="ui-button ui-button--ghost" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
