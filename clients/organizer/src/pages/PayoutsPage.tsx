/**
 * Payouts (seed 003 Plan 3 Phase 5: `GET /api/organizer/payouts/`, `/:id/`, `/:id/invoice/`): what
 * Admit paid or will pay the organizer per event. The detail shows gross − fees − refunds = net
 * and links the invoice PDF (the session cookie authenticates the download).
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, errorInfo, Money, Spinner, StatusBadge, trpc } from '@admit/ui';
import {
  EnumOptions,
  formatDate,
  formatDateTime,
  Pagination,
  parsePage,
  SelectField,
  withPage,
} from '@admit/ui/console-controls.tsx';
import { LoadError, PortalCard } from '@admit/ui/portal/index.ts';
import { keepPreviousData } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { EventFilter } from '../EventFilter.tsx';

type Payout = RouterOutputs['organizer']['payouts']['get'];
type Status = Payout['status'];

const STATUSES: readonly Status[] = ['PENDING', 'PAID', 'CANCELLED'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The invoice PDF of a payout (same-origin path; the server also sends `invoiceUrl`). */
export const invoicePath = (id: string) => `/api/organizer/payouts/${id}/invoice/`;

export function PayoutsPage() {
  const [params, setParams] = useSearchParams();
  const page = parsePage(params.get('page'));
  const raw = params.get('status') ?? '';
  const status = STATUSES.includes(raw as Status) ? (raw as Status) : undefined;
  const eventId = params.get('event') ?? '';
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setParams(next);
  };
  const list = trpc.organizer.payouts.list.useQuery(
    { page, pageSize: 20, ...(status ? { status } : {}), ...(UUID.test(eventId) ? { eventId } : {}) },
    { placeholderData: keepPreviousData },
  );
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Payouts</h1>
      </div>
      <p className="page-intro">
        After an event, Admit pays you the ticket sales minus the platform fee and any refunds. Each payout has an
        invoice.
      </p>
      <search aria-label="Filter payouts">
        <div className="filter-bar">
          <SelectField
            label="Status"
            name="status"
            value={status ?? ''}
            onChange={(e) => set('status', e.target.value)}
          >
            <option value="">Any status</option>
            <EnumOptions values={STATUSES} />
          </SelectField>
          <EventFilter value={eventId} onChange={(id) => set('event', id)} />
        </div>
      </search>
      {list.isPending ? (
        <Spinner label="Loading payouts…" />
      ) : list.isError && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        <EmptyState title={status || eventId ? 'No payouts match' : 'No payouts yet'}>
          <p>Payouts appear here once Admit settles an event.</p>
        </EmptyState>
      ) : list.data ? (
        <>
          <div className="table-card">
            <table className="data-table" data-testid="payouts-table">
              <caption className="visually-hidden">Payouts, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Reference</th>
                  <th scope="col">Event</th>
                  <th scope="col">Created</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Net
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((p) => (
                  <tr key={p.id} data-testid="payout-row">
                    <td data-label="Reference">
                      <Link to={`/payouts/${p.id}`} className="cell-main mono">
                        {p.reference}
                      </Link>
                    </td>
                    <td data-label="Event">{p.eventTitle ?? '—'}</td>
                    <td data-label="Created" className="nowrap">
                      {formatDate(p.createdAt)}
                    </td>
                    <td data-label="Status">
                      <span>
                        <StatusBadge status={p.status} />
                        {p.paidAt && <span className="cell-sub">paid {formatDate(p.paidAt)}</span>}
                      </span>
                    </td>
                    <td data-label="Net" className="num">
                      <Money amountMinor={p.netMinor} currency={p.currency} />
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
            onPage={(p) => setParams(withPage(params, p))}
          />
        </>
      ) : null}
    </div>
  );
}

export function PayoutPage() {
  const { id = '' } = useParams();
  const valid = UUID.test(id);
  const payout = trpc.organizer.payouts.get.useQuery({ id }, { enabled: valid });
  const missing = !valid || (payout.isError && errorInfo(payout.error).httpStatus === 404);
  return (
    <div className="page">
      <Link to="/payouts" className="back-link">
        ← Payouts
      </Link>
      {missing ? (
        <EmptyState title="Payout not found">
          <p>It is not among your payouts.</p>
        </EmptyState>
      ) : payout.isPending ? (
        <Spinner label="Loading the payout…" />
      ) : payout.isError && !payout.data ? (
        <LoadError error={payout.error} onRetry={() => void payout.refetch()} />
      ) : payout.data ? (
        <PayoutView payout={payout.data} />
      ) : null}
    </div>
  );
}

function PayoutView({ payout: p }: { payout: Payout }) {
  return (
    <>
      <div className="page-head">
        <h1 className="page-title">
          Payout <span className="mono">{p.reference}</span>
        </h1>
        <StatusBadge status={p.status} testId="payout-status" />
      </div>
      <div className="account-grid">
        <PortalCard title="Amounts">
          <dl className="facts" data-testid="payout-amounts">
            <dt>Ticket sales (gross)</dt>
            <dd>
              <Money amountMinor={p.grossMinor} currency={p.currency} />
            </dd>
            <dt>Platform fees</dt>
            <dd>
              <Money amountMinor={-p.feesMinor} currency={p.currency} />
            </dd>
            <dt>Refunds</dt>
            <dd>
              <Money amountMinor={-p.refundsMinor} currency={p.currency} />
            </dd>
            <dt>
              <strong>Net payout</strong>
            </dt>
            <dd>
              <strong>
                <Money amountMinor={p.netMinor} currency={p.currency} testId="payout-net" />
              </strong>
            </dd>
          </dl>
        </PortalCard>
        <PortalCard title="Details">
          <dl className="facts">
            <dt>Event</dt>
            <dd>{p.eventId ? <Link to={`/events/${p.eventId}`}>{p.eventTitle ?? 'Event'}</Link> : '—'}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(p.createdAt)}</dd>
            <dt>Paid</dt>
            <dd>{p.paidAt ? formatDateTime(p.paidAt) : 'Not yet'}</dd>
            {p.note && (
              <>
                <dt>Note</dt>
                <dd>{p.note}</dd>
              </>
            )}
          </dl>
          <div className="actions">
            <a className="ui-button ui-button--ghost" href={invoicePath(p.id)} download data-testid="invoice-link">
              Download invoice (PDF)
            </a>
          </div>
        </PortalCard>
      </div>
    </>
  );
}
