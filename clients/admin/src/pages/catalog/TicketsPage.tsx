/**
 * Tickets in the back office (seed 003 Plan 2 Phase 4; ADR 0022): list with filters (holder
 * search, reference, event, status, checked in), sortable columns, pagination and CSV; and one
 * ticket (`TicketPage`) with its order, check-ins and revocations, and — for 'catalog.write' —
 * void / reinstate with a reason, labels, manual check-in and transfer to another customer.
 */
import { fieldError, formatMoney, trpc } from '@admit/ui';
import {
  ConfirmDialog,
  Field,
  FormError,
  formatDateTime,
  GuardedButton,
  SelectField,
  TextAreaField,
} from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { type Column, CsvExportLink, DataTable, useListState } from '../../components/DataTable.tsx';
import { DetailPage } from '../../components/DetailPage.tsx';
import { EnumFilter, ListFilters, SearchFilter } from '../../components/ListFilters.tsx';
import { useAdmin } from '../../session.tsx';
import {
  READ_ONLY,
  TICKET_STATUSES,
  type TicketDetail,
  type TicketRow,
  TicketStatusBadge,
  UUID,
} from './catalog-shared.tsx';
import './catalog.css';

const KEYS = ['q', 'reference', 'eventId', 'status', 'checkedIn'] as const;
type Sort = 'createdAt' | 'reference' | 'attendeeName' | 'checkedInAt' | 'updatedAt';

function toFilters(f: Record<(typeof KEYS)[number], string>) {
  return {
    q: f.q || undefined,
    reference: f.reference || undefined,
    eventId: UUID.test(f.eventId) ? f.eventId : undefined,
    status: TICKET_STATUSES.find((s) => s === f.status),
    checkedIn: (['true', 'false'] as const).find((v) => v === f.checkedIn),
  };
}

const COLUMNS: Column<TicketRow, Sort>[] = [
  {
    header: 'Reference',
    sortKey: 'reference',
    className: 'nowrap',
    cell: (t) => (
      <Link to={`/catalog/tickets/${t.id}`} className="cell-main mono">
        {t.reference}
      </Link>
    ),
  },
  { header: 'Status', cell: (t) => <TicketStatusBadge status={t.status} /> },
  {
    header: 'Attendee',
    sortKey: 'attendeeName',
    cell: (t) => (
      <>
        {t.attendeeName}
        <span className="cell-sub">
          {t.holder.name} · {t.holder.mobile ?? t.holder.email ?? ''}
        </span>
      </>
    ),
  },
  {
    header: 'Event',
    cell: (t) => (
      <>
        <Link to={`/catalog/events/${t.event.id}`}>{t.event.title}</Link>
        <span className="cell-sub">{t.category.name}</span>
      </>
    ),
  },
  {
    header: 'Checked in',
    sortKey: 'checkedInAt',
    className: 'nowrap',
    cell: (t) => (t.checkedInAt ? formatDateTime(t.checkedInAt) : <span className="muted">—</span>),
  },
  { header: 'Issued', sortKey: 'createdAt', className: 'nowrap', cell: (t) => formatDateTime(t.createdAt) },
];

export function TicketsPage() {
  const state = useListState(KEYS, { sort: 'createdAt' as Sort, order: 'desc' });
  const { form, set } = state;
  const list = trpc.admin.catalog.tickets.list.useQuery(
    { ...state.query(toFilters), sort: state.sort as Sort, pageSize: 25 },
    { placeholderData: keepPreviousData },
  );
  const eventId = toFilters(state.applied).eventId;
  const event = trpc.admin.catalog.events.get.useQuery({ id: eventId ?? '' }, { enabled: !!eventId });
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Tickets</h1>
        <CsvExportLink path="/api/tickets/export.csv" query={state.exportQuery(toFilters)} />
      </div>
      {event.data && (
        <p className="page-intro">
          Tickets of <Link to={`/catalog/events/${event.data.id}`}>{event.data.title}</Link>
        </p>
      )}
      <ListFilters label="Filter tickets" state={state}>
        <SearchFilter
          label="Holder or attendee"
          placeholder="Name, mobile or e-mail"
          value={form.q}
          onChange={set('q')}
          error={fieldError(list.error, 'q')}
        />
        <Field
          label="Reference"
          name="reference"
          placeholder="T-…"
          maxLength={40}
          value={form.reference}
          onChange={set('reference')}
        />
        <Field
          label="Event ID"
          name="eventId"
          maxLength={36}
          value={form.eventId}
          onChange={set('eventId')}
          error={form.eventId && !UUID.test(form.eventId) ? 'Not an event id' : undefined}
        />
        <EnumFilter
          label="Status"
          name="status"
          any="All statuses"
          values={TICKET_STATUSES}
          value={form.status}
          onChange={set('status')}
        />
        <SelectField label="Checked in" name="checkedIn" value={form.checkedIn} onChange={set('checkedIn')}>
          <option value="">Either</option>
          <option value="true">Checked in</option>
          <option value="false">Not yet</option>
        </SelectField>
      </ListFilters>
      <DataTable
        list={list}
        state={state}
        columns={COLUMNS}
        rowKey={(t) => t.id}
        rowProps={(t) => ({ 'data-testid': 'ticket-row', 'data-reference': t.reference })}
        filterKeys={KEYS}
        noun={['ticket', 'tickets']}
        loadingLabel="Loading tickets…"
        emptyTitle="No tickets issued yet"
        testId="tickets-table"
        caption="Tickets"
      />
    </div>
  );
}

export function TicketPage() {
  const { id = '' } = useParams();
  const valid = UUID.test(id);
  const ticket = trpc.admin.catalog.tickets.get.useQuery({ id }, { enabled: valid });
  return (
    <DetailPage query={ticket} valid={valid} noun="ticket" back="/catalog/tickets" backLabel="Tickets">
      {(t) => <TicketView key={t.id} ticket={t} />}
    </DetailPage>
  );
}

type Action = 'void' | 'reinstate' | 'checkIn' | 'transfer' | null;

function TicketView({ ticket }: { ticket: TicketDetail }) {
  const { can } = useAdmin();
  const writable = can('catalog.write');
  const utils = trpc.useUtils();
  const [action, setAction] = useState<Action>(null);
  const [done, setDone] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [mobile, setMobile] = useState('');
  const [labels, setLabels] = useState(ticket.labels.join(', '));
  const close = (msg: string) => {
    setAction(null);
    setReason('');
    setDone(msg);
    void utils.admin.catalog.tickets.invalidate();
    void utils.admin.catalog.events.invalidate();
  };
  const update = trpc.admin.catalog.tickets.update.useMutation({
    onSuccess: (t) => close(t.status === 'VOID' ? 'Voided: the gates refuse this ticket.' : 'Saved.'),
  });
  const checkIn = trpc.admin.catalog.tickets.checkIn.useMutation({
    onSuccess: (r) =>
      close(`${r.message}${r.result === 'VALID' ? '' : ` (${r.result.toLowerCase().replace('_', ' ')})`}`),
  });
  const transfer = trpc.admin.catalog.tickets.transfer.useMutation({
    onSuccess: (t) => close(`Transferred to ${t.holder.name}. The old QR code no longer works.`),
  });
  const guard = (allowed: boolean, why: string) => (!writable ? READ_ONLY : allowed ? null : why);
  const s = ticket.status;
  const saveLabels = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      id: ticket.id,
      labels: labels
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean),
    });
  };

  return (
    <article className="stack">
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap' }}>
        <h1 className="page-title mono" style={{ margin: 0 }}>
          {ticket.reference}
        </h1>
        <TicketStatusBadge status={s} />
      </div>
      {done && (
        <div className="notice notice--ok" role="status" data-testid="ticket-done">
          {done}
        </div>
      )}
      <nav className="actions" aria-label="Ticket actions">
        {s === 'VOID' ? (
          <GuardedButton blockedReason={guard(true, '')} onClick={() => setAction('reinstate')}>
            Reinstate
          </GuardedButton>
        ) : (
          <GuardedButton
            className="ui-button ui-button--danger"
            blockedReason={guard(s === 'VALID', 'A refunded ticket cannot be voided.')}
            onClick={() => setAction('void')}
          >
            Void
          </GuardedButton>
        )}
        <GuardedButton
          blockedReason={guard(s === 'VALID', 'Only a valid ticket can be checked in.')}
          onClick={() => setAction('checkIn')}
        >
          Check in manually
        </GuardedButton>
        <GuardedButton
          blockedReason={guard(
            s === 'VALID' && !ticket.checkedInAt,
            'Only a valid ticket that was not used yet can be transferred.',
          )}
          onClick={() => setAction('transfer')}
        >
          Transfer
        </GuardedButton>
      </nav>

      <section className="ui-card console-card">
        <h2 className="console-card__title">Ticket</h2>
        <dl className="facts">
          <dt>Event</dt>
          <dd>
            <Link to={`/catalog/events/${ticket.event.id}`}>{ticket.event.title}</Link>{' '}
            <span className="muted small">{formatDateTime(ticket.event.startsAt)}</span>
          </dd>
          <dt>Category</dt>
          <dd>
            {ticket.category.name} · {formatMoney(ticket.priceMinor, ticket.currency)}
          </dd>
          <dt>Attendee</dt>
          <dd>{ticket.attendeeName}</dd>
          <dt>Holder</dt>
          <dd>
            <Link to={`/users/${ticket.holder.id}`}>{ticket.holder.name}</Link>{' '}
            <span className="muted small">{ticket.holder.mobile ?? ticket.holder.email ?? ''}</span>
          </dd>
          <dt>Order</dt>
          <dd>
            <span className="mono">{ticket.order.code}</span> · {ticket.order.status.toLowerCase()} ·{' '}
            {formatMoney(ticket.order.totalMinor, ticket.order.currency)}
            {ticket.order.paidAt ? ` · paid ${formatDateTime(ticket.order.paidAt)}` : ''}
          </dd>
          <dt>Checked in</dt>
          <dd>
            {ticket.checkedInAt ? formatDateTime(ticket.checkedInAt) : 'Not yet'}
            {ticket.inside ? ' · inside now' : ''} · {ticket.entries} entr{ticket.entries === 1 ? 'y' : 'ies'}
          </dd>
        </dl>
        <form className="row" onSubmit={saveLabels} style={{ alignItems: 'end', gap: '0.5rem', flexWrap: 'wrap' }}>
          <Field
            label="Labels shown to ushers (comma separated)"
            name="labels"
            value={labels}
            onChange={(e) => setLabels(e.target.value)}
            disabled={!writable}
            error={fieldError(update.error, 'labels')}
          />
          {writable && (
            <button type="submit" className="ui-button ui-button--small" disabled={update.isPending}>
              Save labels
            </button>
          )}
        </form>
      </section>

      <section className="ui-card console-card">
        <h2 className="console-card__title">Check-ins</h2>
        {ticket.checkIns.length === 0 ? (
          <p className="muted">No scans yet.</p>
        ) : (
          <div className="table-card">
            <table className="data-table" data-testid="checkins-table">
              <caption className="visually-hidden">Scans of this ticket, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Result</th>
                  <th scope="col">Method</th>
                  <th scope="col">Gate</th>
                  <th scope="col">By</th>
                </tr>
              </thead>
              <tbody>
                {ticket.checkIns.map((c) => (
                  <tr key={c.id}>
                    <td data-label="Time" className="nowrap">
                      {formatDateTime(c.scannedAt)}
                      {c.offline ? <span className="cell-sub">offline</span> : null}
                    </td>
                    <td data-label="Result">
                      {c.result}
                      {c.reason ? <span className="cell-sub">{c.reason}</span> : null}
                    </td>
                    <td data-label="Method">
                      {c.method} · {c.direction.toLowerCase()}
                    </td>
                    <td data-label="Gate">{c.gateName ?? '—'}</td>
                    <td data-label="By">{c.byName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {ticket.revocations.length > 0 && (
          <>
            <h3 className="small">Revoked codes</h3>
            <ul className="small">
              {ticket.revocations.map((r) => (
                <li key={r.id}>
                  {r.reason} · {formatDateTime(r.revokedAt)}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <ConfirmDialog
        open={action === 'void' || action === 'reinstate'}
        title={action === 'void' ? 'Void this ticket?' : 'Reinstate this ticket?'}
        confirmLabel={action === 'void' ? 'Void ticket' : 'Reinstate'}
        danger={action === 'void'}
        pending={update.isPending}
        error={update.error}
        confirmDisabled={reason.trim().length < 3}
        onConfirm={() => update.mutate({ id: ticket.id, status: action === 'void' ? 'VOID' : 'VALID', reason })}
        onCancel={() => setAction(null)}
      >
        <p>
          {action === 'void'
            ? 'Its QR code is revoked: every gate refuses it, online and offline. The order is not refunded.'
            : 'A new QR code is issued to the holder; the old one stays revoked.'}
        </p>
        <TextAreaField
          label="Reason (kept in the audit log)"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={fieldError(update.error, 'reason')}
        />
      </ConfirmDialog>
      <ConfirmDialog
        open={action === 'checkIn'}
        title="Check this ticket in?"
        confirmLabel="Check in"
        danger={false}
        pending={checkIn.isPending}
        error={checkIn.error}
        onConfirm={() => checkIn.mutate({ id: ticket.id })}
        onCancel={() => setAction(null)}
      >
        <p>Recorded as a manual scan by you; the gate counts update at once.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={action === 'transfer'}
        title="Transfer this ticket"
        confirmLabel="Transfer"
        pending={transfer.isPending}
        error={transfer.error}
        confirmDisabled={!mobile.trim() || reason.trim().length < 3}
        onConfirm={() => transfer.mutate({ id: ticket.id, mobile: mobile.trim(), reason })}
        onCancel={() => setAction(null)}
      >
        <FormError error={transfer.error} fields={['mobile', 'reason']} />
        <Field
          label="New holder's mobile"
          type="tel"
          placeholder="+201001234567"
          value={mobile}
          onChange={(e) => setMobile(e.target.value)}
          error={fieldError(transfer.error, 'mobile')}
        />
        <TextAreaField
          label="Reason (kept in the audit log)"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={fieldError(transfer.error, 'reason')}
        />
        <p className="small muted">A new QR code is issued to the new holder; the current one stops working.</p>
      </ConfirmDialog>
    </article>
  );
}
