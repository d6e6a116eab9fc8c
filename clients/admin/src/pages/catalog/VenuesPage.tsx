/**
 * Venues in the back office (seed 003 Plan 2 Phase 10; ADR 0022): list with search / country
 * filter, sortable columns, pagination and CSV; `VenuePage` edits one venue (IANA time zone,
 * ISO country code, capacity) and its gates (add, rename, remove), or deletes it when no event
 * uses it; `NewVenuePage` creates one with its gates. SUPPORT reads only.
 */
import { errorInfo, fieldError, trpc } from '@admit/ui';
import { ConfirmDialog, Field, FormError, formatDateTime, GuardedButton } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { type Column, CsvExportLink, DataTable, useListState } from '../../components/DataTable.tsx';
import { DetailPage } from '../../components/DetailPage.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { ListFilters, SearchFilter } from '../../components/ListFilters.tsx';
import { useAdmin } from '../../session.tsx';
import { READ_ONLY, UUID, type Venue } from './catalog-shared.tsx';
import './catalog.css';

const KEYS = ['q', 'country'] as const;
type Sort = 'name' | 'city' | 'capacity' | 'createdAt';

const toFilters = (f: Record<(typeof KEYS)[number], string>) => ({
  q: f.q || undefined,
  country: /^[A-Za-z]{2}$/.test(f.country) ? f.country.toUpperCase() : undefined,
});

const COLUMNS: Column<Venue, Sort>[] = [
  {
    header: 'Venue',
    sortKey: 'name',
    cell: (v) => (
      <>
        <Link to={`/catalog/venues/${v.id}`} className="cell-main">
          {v.name}
        </Link>
        <span className="cell-sub">{v.address}</span>
      </>
    ),
  },
  {
    header: 'City',
    sortKey: 'city',
    cell: (v) => (
      <>
        {v.city}, {v.country}
        <span className="cell-sub">{v.timeZone}</span>
      </>
    ),
  },
  { header: 'Capacity', sortKey: 'capacity', className: 'num', cell: (v) => v.capacity },
  { header: 'Gates', cell: (v) => v.gates.map((g) => g.name).join(', ') || <span className="muted">None</span> },
  { header: 'Events', className: 'num', cell: (v) => v.events },
  { header: 'Created', sortKey: 'createdAt', className: 'nowrap', cell: (v) => formatDateTime(v.createdAt) },
];

export function VenuesPage() {
  const { can } = useAdmin();
  const state = useListState(KEYS, { sort: 'name' as Sort, order: 'asc' });
  const { form, set } = state;
  const list = trpc.admin.catalog.venues.list.useQuery(
    { ...state.query(toFilters), sort: state.sort as Sort, pageSize: 25 },
    { placeholderData: keepPreviousData },
  );
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Venues</h1>
        <div className="actions">
          <CsvExportLink path="/api/venues/export.csv" query={state.exportQuery(toFilters)} />
          {can('catalog.write') ? (
            <Link to="/catalog/venues/new" className="ui-button">
              New venue
            </Link>
          ) : (
            <span className="muted small">{READ_ONLY}</span>
          )}
        </div>
      </div>
      <ListFilters label="Filter venues" state={state}>
        <SearchFilter placeholder="Name, address or city" value={form.q} onChange={set('q')} />
        <Field
          label="Country"
          name="country"
          placeholder="EG"
          maxLength={2}
          value={form.country}
          onChange={set('country')}
          error={fieldError(list.error, 'country')}
        />
      </ListFilters>
      <DataTable
        list={list}
        state={state}
        columns={COLUMNS}
        rowKey={(v) => v.id}
        rowProps={(v) => ({ 'data-testid': 'venue-row', 'data-id': v.id })}
        filterKeys={KEYS}
        noun={['venue', 'venues']}
        loadingLabel="Loading venues…"
        emptyTitle="No venues yet"
        testId="venues-table"
        caption="Venues"
      />
    </div>
  );
}

interface VenueValues {
  name: string;
  address: string;
  city: string;
  country: string;
  timeZone: string;
  capacity: number;
}

const VENUE_FIELDS = ['name', 'address', 'city', 'country', 'timeZone', 'capacity', 'gates'];

/** The browser's own list of IANA zones (for the datalist), when it has one. */
function timeZones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

function VenueForm({
  initial,
  withGates,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial: Venue | null;
  withGates: boolean;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (v: VenueValues & { gates: string[] }) => void;
  onCancel: () => void;
}) {
  const [f, setF] = useState({
    name: initial?.name ?? '',
    address: initial?.address ?? '',
    city: initial?.city ?? '',
    country: initial?.country ?? '',
    timeZone: initial?.timeZone ?? '',
    capacity: String(initial?.capacity ?? 1000),
    gates: 'Gate A, Gate B',
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const err = (k: string) => local[k] ?? fieldError(error, k);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (f.name.trim().length < 2) problems.name = 'At least 2 characters.';
    if (f.address.trim().length < 3) problems.address = 'At least 3 characters.';
    if (f.city.trim().length < 2) problems.city = 'At least 2 characters.';
    if (!/^[A-Za-z]{2}$/.test(f.country.trim())) problems.country = 'Two letters, e.g. EG.';
    if (!f.timeZone.trim()) problems.timeZone = 'Pick a time zone, e.g. Africa/Cairo.';
    if (!/^\d{1,7}$/.test(f.capacity) || Number(f.capacity) < 1) problems.capacity = 'A whole number, at least 1.';
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    onSubmit({
      name: f.name.trim(),
      address: f.address.trim(),
      city: f.city.trim(),
      country: f.country.trim().toUpperCase(),
      timeZone: f.timeZone.trim(),
      capacity: Number(f.capacity),
      gates: f.gates
        .split(',')
        .map((g) => g.trim())
        .filter(Boolean),
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={initial ? 'Edit venue' : 'New venue'}>
      <FormError error={error} fields={VENUE_FIELDS} />
      <div className="form-grid">
        <Field label="Name" name="name" value={f.name} onChange={set('name')} maxLength={120} error={err('name')} />
        <Field label="Address" name="address" value={f.address} onChange={set('address')} error={err('address')} />
        <Field label="City" name="city" value={f.city} onChange={set('city')} error={err('city')} />
        <Field
          label="Country (ISO code)"
          name="country"
          value={f.country}
          maxLength={2}
          onChange={set('country')}
          error={err('country')}
        />
        <Field
          label="Time zone (IANA)"
          name="timeZone"
          list="iana-zones"
          placeholder="Africa/Cairo"
          value={f.timeZone}
          onChange={set('timeZone')}
          error={err('timeZone')}
        />
        <datalist id="iana-zones">
          {timeZones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <Field
          label="Capacity"
          name="capacity"
          inputMode="numeric"
          value={f.capacity}
          onChange={set('capacity')}
          error={err('capacity')}
        />
        {withGates && (
          <Field
            label="Gates (comma separated)"
            name="gates"
            value={f.gates}
            onChange={set('gates')}
            error={
              err('gates') ?? Object.entries(errorInfo(error).fieldErrors).find(([k]) => k.startsWith('gates.'))?.[1][0]
            }
          />
        )}
      </div>
      <FormActions pending={pending} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}

export function NewVenuePage() {
  const { can } = useAdmin();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const create = trpc.admin.catalog.venues.create.useMutation({
    onSuccess: (v) => {
      void utils.admin.catalog.invalidate();
      navigate(`/catalog/venues/${v.id}`);
    },
  });
  return (
    <div className="page page--medium">
      <Link to="/catalog/venues" className="back-link">
        ← Venues
      </Link>
      <h1 className="page-title">New venue</h1>
      {can('catalog.write') ? (
        <section className="ui-card console-card">
          <VenueForm
            initial={null}
            withGates
            submitLabel="Create venue"
            pending={create.isPending}
            error={create.error}
            onSubmit={(v) => create.mutate(v)}
            onCancel={() => navigate('/catalog/venues')}
          />
        </section>
      ) : (
        <p className="ui-error">{READ_ONLY}</p>
      )}
    </div>
  );
}

export function VenuePage() {
  const { id = '' } = useParams();
  const valid = UUID.test(id);
  const venue = trpc.admin.catalog.venues.get.useQuery({ id }, { enabled: valid });
  return (
    <DetailPage
      query={venue}
      valid={valid}
      noun="venue"
      back="/catalog/venues"
      backLabel="Venues"
      className="page page--medium"
    >
      {(v) => <VenueView key={v.id} venue={v} />}
    </DetailPage>
  );
}

function VenueView({ venue }: { venue: Venue }) {
  const { can } = useAdmin();
  const writable = can('catalog.write');
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [newGate, setNewGate] = useState('');
  const [names, setNames] = useState<Record<string, string>>({});
  const refresh = (msg: string) => {
    setDone(msg);
    void utils.admin.catalog.invalidate();
  };
  const update = trpc.admin.catalog.venues.update.useMutation({
    onSuccess: () => {
      setEditing(false);
      refresh('Changes saved.');
    },
  });
  const remove = trpc.admin.catalog.venues.delete.useMutation({
    onSuccess: () => {
      void utils.admin.catalog.invalidate();
      navigate('/catalog/venues');
    },
  });
  const addGate = trpc.admin.catalog.venues.gates.create.useMutation({
    onSuccess: () => {
      setNewGate('');
      refresh('Gate added.');
    },
  });
  const renameGate = trpc.admin.catalog.venues.gates.update.useMutation({ onSuccess: () => refresh('Gate renamed.') });
  const deleteGate = trpc.admin.catalog.venues.gates.delete.useMutation({ onSuccess: () => refresh('Gate removed.') });
  const gateError = addGate.error ?? renameGate.error ?? deleteGate.error;

  return (
    <article className="stack">
      <h1 className="page-title">{venue.name}</h1>
      {done && (
        <div className="notice notice--ok" role="status">
          {done}
        </div>
      )}
      <nav className="actions" aria-label="Venue actions">
        <GuardedButton blockedReason={writable ? null : READ_ONLY} onClick={() => setEditing(true)}>
          Edit
        </GuardedButton>
        <GuardedButton
          className="ui-button ui-button--danger"
          blockedReason={
            !writable ? READ_ONLY : venue.events > 0 ? `Used by ${venue.events} event(s): it cannot be deleted.` : null
          }
          onClick={() => setConfirmDelete(true)}
        >
          Delete
        </GuardedButton>
        <Link className="ui-button ui-button--ghost" to={`/catalog/events?venueId=${venue.id}`}>
          Events here
        </Link>
      </nav>
      {editing ? (
        <section className="ui-card console-card">
          <VenueForm
            initial={venue}
            withGates={false}
            submitLabel="Save changes"
            pending={update.isPending}
            error={update.error}
            onCancel={() => setEditing(false)}
            onSubmit={({ gates: _g, ...v }) => update.mutate({ id: venue.id, ...v })}
          />
        </section>
      ) : (
        <section className="ui-card console-card">
          <dl className="facts">
            <dt>Address</dt>
            <dd>
              {venue.address}, {venue.city}, {venue.country}
            </dd>
            <dt>Time zone</dt>
            <dd>{venue.timeZone}</dd>
            <dt>Capacity</dt>
            <dd>{venue.capacity}</dd>
            <dt>Events</dt>
            <dd>{venue.events}</dd>
          </dl>
        </section>
      )}
      <section className="ui-card console-card">
        <h2 className="console-card__title">Gates</h2>
        {gateError ? <FormError error={gateError} fields={['name']} /> : null}
        {venue.gates.length === 0 ? (
          <p className="muted">No gates yet.</p>
        ) : (
          <ul className="gate-list">
            {venue.gates.map((g) => (
              <li key={g.id}>
                <Field
                  label={`Gate “${g.name}”`}
                  value={names[g.id] ?? g.name}
                  disabled={!writable}
                  onChange={(e) => setNames((n) => ({ ...n, [g.id]: e.target.value }))}
                />
                {writable && (
                  <>
                    <button
                      type="button"
                      className="ui-button ui-button--small ui-button--ghost"
                      disabled={!names[g.id] || names[g.id] === g.name || renameGate.isPending}
                      onClick={() => renameGate.mutate({ venueId: venue.id, gateId: g.id, name: names[g.id]!.trim() })}
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      className="link-button small"
                      disabled={deleteGate.isPending}
                      onClick={() => deleteGate.mutate({ venueId: venue.id, gateId: g.id })}
                    >
                      Remove
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        {writable && (
          <form
            className="row"
            style={{ alignItems: 'end', gap: '0.5rem', marginTop: '0.75rem' }}
            onSubmit={(e) => {
              e.preventDefault();
              if (newGate.trim()) addGate.mutate({ venueId: venue.id, name: newGate.trim() });
            }}
          >
            <Field
              label="New gate"
              value={newGate}
              maxLength={60}
              onChange={(e) => setNewGate(e.target.value)}
              error={fieldError(addGate.error, 'name')}
            />
            <button
              type="submit"
              className="ui-button ui-button--small"
              disabled={addGate.isPending || !newGate.trim()}
            >
              Add gate
            </button>
          </form>
        )}
      </section>
      <ConfirmDialog
        open={confirmDelete}
        title="Delete this venue?"
        confirmLabel="Delete venue"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ id: venue.id })}
        onCancel={() => setConfirmDelete(false)}
      >
        <p>“{venue.name}” and its gates are removed for good.</p>
      </ConfirmDialog>
    </article>
  );
}
