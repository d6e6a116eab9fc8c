/**
 * The organizer's events (`organizer.events.list`) and one event's page: analytics and change
 * requests (EventDetail.tsx), settlement (gross, fees, refunds, paid out, owed), the refund policy editor (refunds
 * allowed, cutoff hours before the start, fee per ticket) and "Cancel event" behind a typed
 * confirmation (every paid order is refunded in full).
 */
import type { RouterOutputs } from '@admit/ui';
import {
  EmptyState,
  errorInfo,
  fieldError,
  formatInZone,
  formatMoney,
  Money,
  minorToInput,
  moneyInputError,
  parseMoneyInput,
  Spinner,
  StatusBadge,
  trpc,
} from '@admit/ui';
import {
  ConfirmDialog,
  EnumOptions,
  formatDateTime,
  Pagination,
  parsePage,
  SelectField,
  TextAreaField,
  withPage,
} from '@admit/ui/console-controls.tsx';
import { Field, FormError, LoadError, PortalCard } from '@admit/ui/portal/index.ts';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { EditRequestCard, EventAnalytics } from './EventDetail.tsx';

type Settlement = RouterOutputs['organizer']['events']['settlement'];
type Policy = RouterOutputs['organizer']['refundPolicy']['get'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const STATUSES = ['DRAFT', 'PUBLISHED', 'CANCELLED'] as const;
type Status = (typeof STATUSES)[number];
const WHEN = ['upcoming', 'past'] as const;
type When = (typeof WHEN)[number];
const SORTS = { startsAt: 'Start date', title: 'Title', createdAt: 'Created' } as const;
type Sort = keyof typeof SORTS;

/**
 * `GET /api/organizer/events/`: the organizer's events with filters (status, upcoming/past, text),
 * sort and pages kept in the URL, each with sold / quota.
 */
export function EventsPage() {
  const [params, setParams] = useSearchParams();
  const page = parsePage(params.get('page'));
  const pick = <T extends string>(key: string, allowed: readonly T[]) => {
    const raw = params.get(key) ?? '';
    return allowed.includes(raw as T) ? (raw as T) : undefined;
  };
  const status = pick<Status>('status', STATUSES);
  const when = pick<When>('when', WHEN);
  const sort = pick<Sort>('sort', Object.keys(SORTS) as Sort[]) ?? 'startsAt';
  const order = pick('order', ['asc', 'desc'] as const) ?? 'desc';
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const set = (values: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(values)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    next.delete('page');
    setParams(next);
  };
  const list = trpc.organizer.events.list.useQuery(
    {
      page,
      pageSize: 20,
      sort,
      order,
      ...(status ? { status } : {}),
      ...(when ? { when } : {}),
      ...(q.trim() ? { q: q.trim() } : {}),
    },
    { placeholderData: keepPreviousData },
  );
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Events</h1>
      </div>
      <p className="page-intro">Your events: tickets sold, analytics, change requests, money and refund policy.</p>
      <search aria-label="Filter events">
        <form
          className="filter-bar"
          onSubmit={(e) => {
            e.preventDefault();
            set({ q: text.trim() });
          }}
        >
          <Field label="Search" name="q" value={text} onChange={(e) => setText(e.target.value)} hint="Title or venue" />
          <SelectField
            label="Status"
            name="status"
            value={status ?? ''}
            onChange={(e) => set({ status: e.target.value })}
          >
            <option value="">Any status</option>
            <EnumOptions values={STATUSES} />
          </SelectField>
          <SelectField label="When" name="when" value={when ?? ''} onChange={(e) => set({ when: e.target.value })}>
            <option value="">Upcoming and past</option>
            <option value="upcoming">Upcoming</option>
            <option value="past">Past</option>
          </SelectField>
          <SelectField
            label="Sort by"
            name="sort"
            value={`${sort}:${order}`}
            onChange={(e) => {
              const [s = 'startsAt', o = 'desc'] = e.target.value.split(':');
              set({ sort: s, order: o });
            }}
          >
            {Object.entries(SORTS).map(([k, label]) => (
              <optgroup key={k} label={label}>
                <option value={`${k}:desc`}>{label} ↓</option>
                <option value={`${k}:asc`}>{label} ↑</option>
              </optgroup>
            ))}
          </SelectField>
          <button type="submit" className="ui-button ui-button--ghost">
            Search
          </button>
        </form>
      </search>
      {list.isPending ? (
        <Spinner label="Loading your events…" />
      ) : list.isError && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={status || when || q ? 'No events match' : 'No events yet'}>
          <p>{status || when || q ? 'Try other filters.' : 'Events an admin creates for you appear here.'}</p>
        </EmptyState>
      ) : (
        <>
          <div className="table-card">
            <table className="data-table" data-testid="events-table">
              <caption className="visually-hidden">Your events</caption>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Starts</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Sold / quota
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((e) => (
                  <tr key={e.id} data-testid="event-row" data-event-id={e.id}>
                    <td data-label="Event">
                      <Link to={`/events/${e.id}`} className="cell-main">
                        {e.title}
                      </Link>
                      <span className="cell-sub">
                        {e.venue.name}, {e.venue.city}
                        {e.pendingEditRequest ? ' · change request pending' : ''}
                      </span>
                    </td>
                    <td data-label="Starts" className="nowrap">
                      {formatInZone(e.startsAt, e.venue.timeZone)}
                    </td>
                    <td data-label="Status">
                      <StatusBadge status={e.status} />
                    </td>
                    <td data-label="Sold / quota" className="num" data-testid="event-sold">
                      {e.sold} / {e.quota}
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
      )}
    </div>
  );
}

export function EventPage() {
  const { id = '' } = useParams();
  const valid = UUID.test(id);
  const event = trpc.organizer.events.get.useQuery({ id }, { enabled: valid });
  const settlement = trpc.organizer.events.settlement.useQuery({ id }, { enabled: valid, retry: false });
  const missing = !valid || (event.isError && errorInfo(event.error).httpStatus === 404);
  return (
    <div className="page">
      <Link to="/events" className="back-link">
        ← Events
      </Link>
      {missing ? (
        <EmptyState title="Event not found">
          <p>It is not one of your events.</p>
        </EmptyState>
      ) : event.isPending ? (
        <Spinner label="Loading the event…" />
      ) : event.isError && !event.data ? (
        <LoadError error={event.error} onRetry={() => void event.refetch()} />
      ) : event.data ? (
        <>
          <h1 className="page-title" data-testid="event-title">
            {event.data.title}
          </h1>
          <p className="page-intro">
            <StatusBadge status={event.data.status} /> {formatInZone(event.data.startsAt, event.data.venue.timeZone)} ·{' '}
            {event.data.venue.name}, {event.data.venue.city}
          </p>
          <EventAnalytics event={event.data} />
          <div className="account-grid">
            <div className="account-grid__wide">
              <EditRequestCard event={event.data} />
            </div>
            {settlement.data ? (
              <SettlementCard s={settlement.data} />
            ) : settlement.isPending ? (
              <Spinner label="Loading the settlement…" />
            ) : (
              <PortalCard title="Settlement">
                <p className="muted small">Nothing to settle yet: the event sells nothing.</p>
              </PortalCard>
            )}
            <RefundPolicyCard eventId={id} />
            {event.data.status !== 'CANCELLED' && (
              <div className="account-grid__wide">
                <CancelEventCard eventId={id} title={event.data.title} />
              </div>
            )}
          </div>
        </>
      ) : null}
    </div>
  );
}

function SettlementCard({ s }: { s: Settlement }) {
  const row = (label: string, minor: number, testId?: string) => (
    <>
      <dt>{label}</dt>
      <dd>
        <Money amountMinor={minor} currency={s.currency} testId={testId} />
      </dd>
    </>
  );
  return (
    <PortalCard title="Settlement">
      <dl className="facts" data-testid="settlement">
        {row('Ticket sales (gross)', s.grossMinor)}
        {row('Platform fees', -s.feesMinor)}
        {row('Refunds', -s.refundsMinor)}
        {s.adjustmentsMinor !== 0 && row('Adjustments', -s.adjustmentsMinor)}
        {row('Paid out', -s.paidOutMinor)}
        {s.pendingPayoutMinor !== 0 && row('Payouts on the way', s.pendingPayoutMinor)}
        {row('Owed to you', s.owedMinor, 'settlement-owed')}
      </dl>
      <p className="muted small">
        <Link to={`/payouts?event=${s.eventId}`}>Payouts for this event</Link>
      </p>
    </PortalCard>
  );
}

function RefundPolicyCard({ eventId }: { eventId: string }) {
  const policy = trpc.organizer.refundPolicy.get.useQuery({ id: eventId });
  return (
    <PortalCard title="Refund policy">
      {policy.isPending ? (
        <Spinner label="Loading the policy…" />
      ) : policy.isError ? (
        <LoadError error={policy.error} onRetry={() => void policy.refetch()} />
      ) : (
        <PolicyForm key={policy.data.eventId} policy={policy.data} />
      )}
    </PortalCard>
  );
}

const POLICY_FIELDS = ['refundsAllowed', 'refundCutoffHours', 'refundFeeMinor'] as const;

function PolicyForm({ policy }: { policy: Policy }) {
  const utils = trpc.useUtils();
  const [allowed, setAllowed] = useState(policy.refundsAllowed);
  const [hours, setHours] = useState(String(policy.refundCutoffHours));
  const [fee, setFee] = useState(minorToInput(policy.refundFeeMinor, policy.currency));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const update = trpc.organizer.refundPolicy.update.useMutation({
    onSuccess: (p) => {
      utils.organizer.refundPolicy.get.setData({ id: p.eventId }, p);
      setAllowed(p.refundsAllowed);
      setHours(String(p.refundCutoffHours));
      setFee(minorToInput(p.refundFeeMinor, p.currency));
      setSaved(true);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const next: Record<string, string> = {};
    const h = Number(hours);
    if (!/^\d+$/.test(hours.trim()) || h > 720) next.refundCutoffHours = 'Whole hours from 0 to 720.';
    const feeError = moneyInputError(fee, policy.currency, { allowZero: true });
    const feeMinor = parseMoneyInput(fee, policy.currency);
    if (feeError) next.refundFeeMinor = feeError;
    else if (feeMinor !== null && feeMinor > policy.maxFeeMinor) {
      next.refundFeeMinor = `At most ${formatMoney(policy.maxFeeMinor, policy.currency)} (the cheapest ticket).`;
    }
    setErrors(next);
    if (Object.keys(next).length > 0 || feeMinor === null) return;
    update.mutate({ id: policy.eventId, refundsAllowed: allowed, refundCutoffHours: h, refundFeeMinor: feeMinor });
  };
  return (
    <form onSubmit={submit} noValidate className="policy-form" data-testid="refund-policy">
      <label className="checkbox">
        <input type="checkbox" checked={allowed} onChange={(e) => setAllowed(e.target.checked)} /> Customers may ask for
        refunds
      </label>
      <Field
        label="Refund deadline (hours before the start)"
        name="refundCutoffHours"
        inputMode="numeric"
        value={hours}
        disabled={!allowed}
        onChange={(e) => setHours(e.target.value)}
        error={errors.refundCutoffHours ?? fieldError(update.error, 'refundCutoffHours')}
        hint={`Now: until ${formatDateTime(policy.deadline)} (the event starts ${formatDateTime(policy.startsAt)}).`}
      />
      <Field
        label={`Fee kept per ticket (${policy.currency})`}
        name="refundFeeMinor"
        inputMode="decimal"
        value={fee}
        disabled={!allowed}
        onChange={(e) => setFee(e.target.value)}
        error={errors.refundFeeMinor ?? fieldError(update.error, 'refundFeeMinor')}
        hint="0 refunds the full ticket price."
      />
      <FormError error={update.error} fields={POLICY_FIELDS} />
      {saved && (
        <div className="notice notice--ok" role="status">
          Refund policy saved.
        </div>
      )}
      <div className="actions" style={{ marginTop: 0 }}>
        <button type="submit" className="ui-button" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save policy'}
        </button>
      </div>
    </form>
  );
}

function CancelEventCard({ eventId, title }: { eventId: string; title: string }) {
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const cancel = trpc.organizer.events.cancel.useMutation({
    onSuccess: () => {
      setOpen(false);
      void utils.organizer.invalidate();
    },
  });
  const r = cancel.data;
  return (
    <PortalCard title="Cancel event">
      {r ? (
        <div className="notice notice--ok" role="status" data-testid="cancel-result">
          <strong>The event is cancelled.</strong> {r.paidOrders} paid {r.paidOrders === 1 ? 'order is' : 'orders are'}{' '}
          being refunded in full; {r.pendingOrdersCancelled} unpaid{' '}
          {r.pendingOrdersCancelled === 1 ? 'hold was' : 'holds were'} released. Customers are told by e-mail and in the
          app.
        </div>
      ) : (
        <>
          <p className="muted small">
            Cancelling stops sales and scanning and refunds every paid order in full, fees included. It cannot be
            undone.
          </p>
          <button
            type="button"
            className="ui-button ui-button--danger"
            onClick={() => {
              cancel.reset();
              setTyped('');
              setReasonError(null);
              setOpen(true);
            }}
          >
            Cancel event…
          </button>
        </>
      )}
      <ConfirmDialog
        open={open}
        title="Cancel this event?"
        confirmLabel="Cancel event and refund everyone"
        cancelLabel="Keep the event"
        pending={cancel.isPending}
        confirmDisabled={typed.trim() !== title.trim()}
        error={fieldError(cancel.error, 'reason') ? null : cancel.error}
        onConfirm={() => {
          if (reason.trim().length < 3) {
            setReasonError('Tell customers why (at least 3 characters).');
            return;
          }
          cancel.mutate({ id: eventId, reason: reason.trim() });
        }}
        onCancel={() => setOpen(false)}
      >
        <p>
          Every paid order of <strong>{title}</strong> is refunded in full and customers are notified. Type the event's
          name to confirm.
        </p>
        <Field
          label="Event name"
          name="confirmTitle"
          autoComplete="off"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <TextAreaField
          label="Reason (sent to customers)"
          name="reason"
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={reasonError ?? fieldError(cancel.error, 'reason')}
        />
      </ConfirmDialog>
    </PortalCard>
  );
}
