/**
 * One event's analytics and change requests (seed 003 Plan 3 Phases 3–4; ADR 0021):
 * - analytics from `GET /api/organizer/events/{id}/`: sales per UTC day, sold/quota/revenue per
 *   ticket category, check-in progress (admitted and inside, per gate), refunds;
 * - "Request a change": a form prefilled with the event's values that sends only what changed
 *   (`POST /api/organizer/events/{id}/edit-request/`), and the request history with each
 *   request's before → after and the admin's decision.
 */
import type { RouterOutputs } from '@admit/ui';
import { CATEGORY_LABELS, EmptyState, fieldError, Money, Spinner, StatusBadge, trpc } from '@admit/ui';
import { formatDateTime, SelectField, TextAreaField } from '@admit/ui/console-controls.tsx';
import { Field, FormError, LoadError, PortalCard } from '@admit/ui/portal/index.ts';
import { type FormEvent, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

type EventDetail = RouterOutputs['organizer']['events']['get'];
type EditRequest = RouterOutputs['organizer']['editRequests']['list']['items'][number];
type Values = EditRequest['changes'];

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10} %`);

export function EventAnalytics({ event }: { event: EventDetail }) {
  const a = event.analytics;
  const currency = event.currency;
  return (
    <section aria-labelledby="analytics-title" className="page-section">
      <h2 id="analytics-title" className="section-title">
        Analytics
      </h2>
      <div className="stat-grid" data-testid="event-stats">
        <div className="stat">
          <span className="stat__label">Tickets sold</span>
          <span className="stat__value" data-testid="event-tickets-sold">
            {a.ticketsSold} / {event.quota}
          </span>
        </div>
        <div className="stat">
          <span className="stat__label">Ticket sales (gross)</span>
          <span className="stat__value">
            {currency ? <Money amountMinor={a.grossMinor} currency={currency} /> : '—'}
          </span>
        </div>
        <div className="stat">
          <span className="stat__label">Checked in</span>
          <span className="stat__value" data-testid="event-checkin">
            {a.checkIn.admitted} ({percent(a.checkIn.rate)})
          </span>
        </div>
        <div className="stat">
          <span className="stat__label">Refunds</span>
          <span className="stat__value">
            {currency ? <Money amountMinor={a.refunds.amountMinor} currency={currency} /> : '—'}
            <span className="muted small">
              {' '}
              {a.refunds.refundedTickets} tickets · {a.refunds.pendingRequests} pending
            </span>
          </span>
        </div>
      </div>
      <div className="dashboard-grid">
        <PortalCard title="Sales over time (UTC days)">
          {a.salesByDay.length === 0 ? (
            <p className="muted small">No sales yet.</p>
          ) : (
            <div className="chart" role="img" aria-label="Tickets sold per day" data-testid="event-sales-chart">
              <ResponsiveContainer width="100%" height={240}>
                <LineChart data={a.salesByDay} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="date" tickFormatter={(d: string) => d.slice(5)} fontSize={12} minTickGap={12} />
                  <YAxis allowDecimals={false} fontSize={12} />
                  <Tooltip />
                  <Line
                    type="monotone"
                    dataKey="tickets"
                    name="Tickets"
                    stroke="var(--brand)"
                    strokeWidth={2}
                    dot={false}
                    isAnimationActive={false}
                  />
                </LineChart>
              </ResponsiveContainer>
            </div>
          )}
        </PortalCard>
        <PortalCard title="By ticket category">
          {a.byCategory.length === 0 ? (
            <p className="muted small">This event has no ticket categories.</p>
          ) : (
            <>
              <div className="chart" role="img" aria-label="Sold and quota per category">
                <ResponsiveContainer width="100%" height={200}>
                  <BarChart data={a.byCategory} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                    <CartesianGrid strokeDasharray="3 3" vertical={false} />
                    <XAxis dataKey="name" fontSize={12} />
                    <YAxis allowDecimals={false} fontSize={12} />
                    <Tooltip />
                    <Legend />
                    <Bar dataKey="sold" name="Sold" fill="var(--brand)" isAnimationActive={false} />
                    <Bar dataKey="quota" name="Quota" fill="#cbd5e1" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
              <table className="data-table" data-testid="category-table">
                <caption className="visually-hidden">Ticket categories</caption>
                <thead>
                  <tr>
                    <th scope="col">Category</th>
                    <th scope="col" className="num">
                      Sold / quota
                    </th>
                    <th scope="col" className="num">
                      Held
                    </th>
                    <th scope="col" className="num">
                      Revenue
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {a.byCategory.map((c) => (
                    <tr key={c.id}>
                      <td data-label="Category">{c.name}</td>
                      <td data-label="Sold / quota" className="num">
                        {c.sold} / {c.quota}
                      </td>
                      <td data-label="Held" className="num">
                        {c.held}
                      </td>
                      <td data-label="Revenue" className="num">
                        <Money amountMinor={c.revenueMinor} currency={c.currency} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </PortalCard>
        <PortalCard title="Check-in progress">
          <Progress label="Admitted of sold" value={a.checkIn.admitted} max={a.checkIn.sold} />
          <Progress label="Inside now" value={a.checkIn.inside} max={a.checkIn.sold} />
          {a.checkIn.byGate.length > 0 && (
            <table className="data-table" data-testid="gate-table">
              <caption className="visually-hidden">Per gate</caption>
              <thead>
                <tr>
                  <th scope="col">Gate</th>
                  <th scope="col" className="num">
                    Admitted
                  </th>
                  <th scope="col" className="num">
                    Inside
                  </th>
                </tr>
              </thead>
              <tbody>
                {a.checkIn.byGate.map((g) => (
                  <tr key={g.gateId ?? 'none'}>
                    <td data-label="Gate">{g.name}</td>
                    <td data-label="Admitted" className="num">
                      {g.admitted}
                    </td>
                    <td data-label="Inside" className="num">
                      {g.inside}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </PortalCard>
      </div>
    </section>
  );
}

function Progress({ label, value, max }: { label: string; value: number; max: number }) {
  return (
    <div className="progress-row">
      <span className="small">
        {label}: <strong>{value}</strong> / {max}
      </span>
      <progress value={value} max={Math.max(max, 1)} aria-label={label} />
    </div>
  );
}

// ───────────────────────────── change requests ─────────────────────────────

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  startsAt: 'Starts',
  endsAt: 'Ends',
  imageUrl: 'Image URL',
  category: 'Category',
  venueId: 'Venue',
};

/** `Date` → the value of a `datetime-local` input in the device's zone. */
function toLocalInput(d: Date): string {
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A field's value for display. */
export function showValue(key: string, v: Values): string {
  if (key === 'venueId') return v.venueName ?? v.venueId ?? '—';
  const raw = v[key as keyof Values];
  if (raw === undefined) return '—';
  if (raw === null) return '(none)';
  if (raw instanceof Date) return formatDateTime(raw);
  if (key === 'category') return CATEGORY_LABELS[String(raw)] ?? String(raw);
  return String(raw);
}

/** The changed fields of a request: label, value before, proposed value. */
export function ChangeList({ r }: { r: EditRequest }) {
  const keys = Object.keys(FIELD_LABELS).filter((k) => r.changes[k as keyof Values] !== undefined);
  return (
    <dl className="change-list">
      {keys.map((k) => (
        <div key={k} className="change-list__row" data-field={k}>
          <dt>{FIELD_LABELS[k]}</dt>
          <dd>
            <span className="change-list__before">{showValue(k, r.current)}</span> →{' '}
            <strong className="change-list__after">{showValue(k, r.changes)}</strong>
          </dd>
        </div>
      ))}
    </dl>
  );
}

const FORM_FIELDS = ['changes', 'changes.title', 'changes.description', 'changes.startsAt', 'changes.endsAt'];

export function EditRequestCard({ event }: { event: EventDetail }) {
  const history = trpc.organizer.editRequests.list.useQuery({ eventId: event.id, page: 1, pageSize: 20 });
  const pending = history.data?.items.find((r) => r.status === 'PENDING');
  return (
    <PortalCard title="Request a change">
      <p className="muted small">
        Changes to a published event are reviewed by Admit before customers see them. Send only what should change and
        say why.
      </p>
      {event.status === 'CANCELLED' ? (
        <p className="muted small">A cancelled event cannot be changed.</p>
      ) : pending ? (
        <div className="notice" role="status" data-testid="edit-pending">
          A change request sent {formatDateTime(pending.createdAt)} is waiting for review.
        </div>
      ) : history.isPending ? null : (
        <EditRequestForm key={event.id} event={event} />
      )}
      <h3 className="section-title section-title--small">History</h3>
      {history.isPending ? (
        <Spinner label="Loading change requests…" />
      ) : history.isError ? (
        <LoadError error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.items.length === 0 ? (
        <EmptyState title="No change requests yet" />
      ) : (
        <ul className="request-history" data-testid="edit-history">
          {history.data.items.map((r) => (
            <li key={r.id} className="request-history__item" data-testid="edit-request" data-status={r.status}>
              <div className="row">
                <StatusBadge status={r.status} testId="edit-request-status" />
                <span className="muted small">
                  {formatDateTime(r.createdAt)} by {r.requestedBy.name}
                </span>
              </div>
              <ChangeList r={r} />
              <p className="small">
                <span className="muted">Reason:</span> {r.reason}
              </p>
              {r.reviewedAt && (
                <p className="small" data-testid="edit-review-note">
                  <span className="muted">
                    {r.status === 'APPROVED' ? 'Approved' : 'Rejected'} {formatDateTime(r.reviewedAt)}
                    {r.reviewedBy ? ` by ${r.reviewedBy.name}` : ''}
                    {r.reviewNote ? ':' : '.'}
                  </span>{' '}
                  {r.reviewNote}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </PortalCard>
  );
}

function EditRequestForm({ event }: { event: EventDetail }) {
  const utils = trpc.useUtils();
  const [title, setTitle] = useState(event.title);
  const [description, setDescription] = useState(event.description);
  const [startsAt, setStartsAt] = useState(toLocalInput(event.startsAt));
  const [endsAt, setEndsAt] = useState(toLocalInput(event.endsAt));
  const [imageUrl, setImageUrl] = useState(event.imageUrl ?? '');
  const [category, setCategory] = useState<string>(event.category);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState(false);
  const send = trpc.organizer.events.editRequest.useMutation({
    onSuccess: () => {
      setSent(true);
      setReason('');
      void utils.organizer.editRequests.invalidate();
      void utils.organizer.events.list.invalidate();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSent(false);
    const changes: Record<string, unknown> = {};
    const next: Record<string, string> = {};
    if (title.trim() !== event.title) changes.title = title.trim();
    if (description.trim() !== event.description) changes.description = description.trim();
    const s = new Date(startsAt);
    const en = new Date(endsAt);
    if (Number.isNaN(s.getTime())) next['changes.startsAt'] = 'Pick a date and time.';
    else if (s.getTime() !== new Date(toLocalInput(event.startsAt)).getTime()) changes.startsAt = s;
    if (Number.isNaN(en.getTime())) next['changes.endsAt'] = 'Pick a date and time.';
    else if (en.getTime() !== new Date(toLocalInput(event.endsAt)).getTime()) changes.endsAt = en;
    if (imageUrl.trim() !== (event.imageUrl ?? '')) changes.imageUrl = imageUrl.trim() || null;
    if (category !== event.category) changes.category = category;
    if (Object.keys(changes).length === 0) next.changes = 'Change at least one field.';
    if (reason.trim().length < 3) next.reason = 'Tell the reviewer why (at least 3 characters).';
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    send.mutate({ id: event.id, changes: changes as never, reason: reason.trim() });
  };
  const err = (k: string) => errors[k] ?? fieldError(send.error, k);
  return (
    <form onSubmit={submit} noValidate className="edit-request-form" data-testid="edit-request-form">
      <Field
        label="Title"
        name="title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={err('changes.title')}
      />
      <TextAreaField
        label="Description"
        name="description"
        rows={4}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={err('changes.description')}
      />
      <div className="row">
        <Field
          label="Starts (your time zone)"
          name="startsAt"
          type="datetime-local"
          value={startsAt}
          onChange={(e) => setStartsAt(e.target.value)}
          error={err('changes.startsAt')}
        />
        <Field
          label="Ends (your time zone)"
          name="endsAt"
          type="datetime-local"
          value={endsAt}
          onChange={(e) => setEndsAt(e.target.value)}
          error={err('changes.endsAt')}
        />
      </div>
      <div className="row">
        <Field
          label="Image URL"
          name="imageUrl"
          value={imageUrl}
          onChange={(e) => setImageUrl(e.target.value)}
          error={err('changes.imageUrl')}
          hint="https://… or empty for none"
        />
        <SelectField
          label="Category"
          name="category"
          value={category}
          onChange={(e) => setCategory(e.target.value)}
          error={err('changes.category')}
        >
          {Object.entries(CATEGORY_LABELS).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      <TextAreaField
        label="Reason for the change"
        name="reason"
        value={reason}
        maxLength={1000}
        onChange={(e) => setReason(e.target.value)}
        error={err('reason')}
      />
      {(errors.changes ?? fieldError(send.error, 'changes')) && (
        <p className="ui-field__error" role="alert">
          {errors.changes ?? fieldError(send.error, 'changes')}
        </p>
      )}
      <FormError error={send.error} fields={[...FORM_FIELDS, 'reason', 'changes.imageUrl', 'changes.category']} />
      {sent && (
        <div className="notice notice--ok" role="status" data-testid="edit-sent">
          Your change request was sent for review.
        </div>
      )}
      <div className="actions">
        <button type="submit" className="ui-button" disabled={send.isPending}>
          {send.isPending ? 'Sending…' : 'Send change request'}
        </button>
      </div>
    </form>
  );
}
