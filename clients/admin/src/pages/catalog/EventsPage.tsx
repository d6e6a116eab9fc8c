/**
 * Events in the back office (seed 003 Plan 2 Phase 3; ADR 0022): filters (text, status,
 * category, organizer, venue, start-date range), sortable columns (start, title, sold,
 * created), pagination and a CSV export of the same filters. "New event" for ADMIN and
 * SUPER_ADMIN ('catalog.write'); SUPPORT reads.
 */
import { CATEGORY_LABELS, trpc } from '@admit/ui';
import { Field, formatDateTime, SelectField } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { Link } from 'react-router';
import { type Column, CsvExportLink, DataTable, useListState } from '../../components/DataTable.tsx';
import { EnumFilter, ListFilters, SearchFilter } from '../../components/ListFilters.tsx';
import { useAdmin } from '../../session.tsx';
import { endOfLocalDay, startOfLocalDay } from '../../util.ts';
import { EVENT_CATEGORIES, EVENT_STATUSES, type EventRow, EventStatusBadge, READ_ONLY } from './catalog-shared.tsx';

const KEYS = ['q', 'status', 'category', 'organizerId', 'venueId', 'from', 'to'] as const;
type Sort = 'startsAt' | 'title' | 'sold' | 'createdAt';

function toFilters(f: Record<(typeof KEYS)[number], string>) {
  return {
    q: f.q || undefined,
    status: EVENT_STATUSES.find((s) => s === f.status),
    category: EVENT_CATEGORIES.find((c) => c === f.category),
    organizerId: f.organizerId || undefined,
    venueId: f.venueId || undefined,
    from: f.from ? startOfLocalDay(f.from) : undefined,
    to: f.to ? endOfLocalDay(f.to) : undefined,
  };
}

const COLUMNS: Column<EventRow, Sort>[] = [
  {
    header: 'Event',
    sortKey: 'title',
    cell: (e) => (
      <>
        <Link to={`/catalog/events/${e.id}`} className="cell-main" data-testid="event-link">
          {e.title}
        </Link>
        <span className="cell-sub">
          {CATEGORY_LABELS[e.category] ?? e.category} · {e.organizer.name}
        </span>
      </>
    ),
  },
  { header: 'Status', cell: (e) => <EventStatusBadge status={e.status} /> },
  {
    header: 'Starts',
    sortKey: 'startsAt',
    className: 'nowrap',
    cell: (e) => <time dateTime={new Date(e.startsAt).toISOString()}>{formatDateTime(e.startsAt)}</time>,
  },
  {
    header: 'Venue',
    cell: (e) => (
      <>
        {e.venue.name}
        <span className="cell-sub">{e.venue.city}</span>
      </>
    ),
  },
  {
    header: 'Sold',
    sortKey: 'sold',
    className: 'num',
    cell: (e) => (
      <span title={`capacity ${e.capacity}`}>
        {e.sold} / {e.quota}
      </span>
    ),
  },
  { header: 'Scanning', cell: (e) => (e.scanningEnabled ? 'On' : <span className="muted">Off</span>) },
  { header: 'Created', sortKey: 'createdAt', className: 'nowrap', cell: (e) => formatDateTime(e.createdAt) },
];

export function EventsPage() {
  const { can } = useAdmin();
  const state = useListState(KEYS, { sort: 'startsAt' as Sort, order: 'desc' });
  const { form, set } = state;
  const list = trpc.admin.catalog.events.list.useQuery(
    { ...state.query(toFilters), sort: state.sort as Sort, pageSize: 25 },
    { placeholderData: keepPreviousData },
  );
  const options = trpc.admin.catalog.events.options.useQuery({}, { staleTime: 60_000 });
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Events</h1>
        <div className="actions">
          <CsvExportLink path="/api/events/export.csv" query={state.exportQuery(toFilters)} />
          {can('catalog.write') ? (
            <Link to="/catalog/events/new" className="ui-button">
              New event
            </Link>
          ) : (
            <span className="muted small" data-testid="read-only">
              {READ_ONLY}
            </span>
          )}
        </div>
      </div>
      <ListFilters label="Filter events" state={state}>
        <SearchFilter placeholder="Title, organizer or venue" value={form.q} onChange={set('q')} />
        <EnumFilter
          label="Status"
          name="status"
          any="All statuses"
          values={EVENT_STATUSES}
          value={form.status}
          onChange={set('status')}
        />
        <EnumFilter
          label="Category"
          name="category"
          any="All categories"
          values={EVENT_CATEGORIES}
          labelOf={(c) => CATEGORY_LABELS[c] ?? c}
          value={form.category}
          onChange={set('category')}
        />
        <SelectField label="Organizer" name="organizerId" value={form.organizerId} onChange={set('organizerId')}>
          <option value="">All organizers</option>
          {options.data?.organizers.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Venue" name="venueId" value={form.venueId} onChange={set('venueId')}>
          <option value="">All venues</option>
          {options.data?.venues.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name} ({v.city})
            </option>
          ))}
        </SelectField>
        <Field label="Starts from" name="from" type="date" value={form.from} onChange={set('from')} />
        <Field label="Starts before" name="to" type="date" value={form.to} onChange={set('to')} min={form.from} />
      </ListFilters>
      <DataTable
        list={list}
        state={state}
        columns={COLUMNS}
        rowKey={(e) => e.id}
        rowProps={(e) => ({ 'data-testid': 'event-row', 'data-id': e.id })}
        filterKeys={KEYS}
        noun={['event', 'events']}
        loadingLabel="Loading events…"
        emptyTitle="No events yet"
        testId="events-table"
        caption="Events"
      />
    </div>
  );
}
