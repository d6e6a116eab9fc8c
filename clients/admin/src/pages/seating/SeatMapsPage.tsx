/**
 * Seat maps in the back office (issue 7 "Seating"; ADR 0019), catalog.read / catalog.write:
 *
 * - `SeatMapsPage` (/catalog/seat-maps?venue=<id>): a venue's maps, and a new map built with the
 *   section generator (rows × seats, origin, spacing) or imported as JSON, previewed as SVG.
 * - `SeatMapPage` (/catalog/seat-maps/<venueId>/<id>): the map's preview, rename, layout replaced
 *   by JSON (refused once seats are sold), delete (no event uses it), and "Assign to an event":
 *   section → ticket category mapping, which switches the event to reserved seating.
 *
 * SUPPORT reads only.
 */
import { errorInfo, formatMoney, type RouterOutputs, Spinner, trpc } from '@admit/ui';
import { ConfirmDialog, Field, FormError, SelectField, TextAreaField } from '@admit/ui/console-controls.tsx';
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { LoadError, useAdmin } from '../../session.tsx';
import { NotFoundPage } from '../NotFoundPage.tsx';
import {
  emptyGenerator,
  expandImport,
  type GeneratorDraft,
  generatorSections,
  type PreviewSeat,
  parseImport,
  SECTION_COLOURS,
  toImportJson,
} from './seat-map-layout.ts';
import './seating.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EXAMPLE_JSON = JSON.stringify(
  {
    name: 'Main hall',
    width: 1000,
    height: 800,
    sections: [
      {
        name: 'Orchestra',
        generate: { rows: 8, seatsPerRow: 20, origin: { x: 140, y: 120 }, spacing: { x: 30, y: 32 } },
      },
      {
        name: 'Box',
        rows: [
          {
            label: 'A',
            seats: [
              { number: '1', x: 420, y: 500 },
              { number: '2', x: 450, y: 500, accessible: true },
            ],
          },
        ],
      },
    ],
  },
  null,
  2,
);

/** The SVG preview of a layout: seats coloured by section, a caption per section. */
export function SeatMapPreview({
  width,
  height,
  seats,
  title,
}: {
  width: number;
  height: number;
  seats: PreviewSeat[];
  title: string;
}) {
  const sections = [...new Set(seats.map((s) => s.section))];
  const colour = new Map(sections.map((s, i) => [s, SECTION_COLOURS[i % SECTION_COLOURS.length]!]));
  return (
    <figure className="seatmap-preview">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${title}: ${seats.length} seats`}
        data-testid="seatmap-preview"
      >
        <rect x={0} y={0} width={width} height={height} className="seatmap-canvas" />
        {seats.map((s) => (
          <circle key={`${s.section}|${s.row}|${s.number}`} cx={s.x} cy={s.y} r={8} fill={colour.get(s.section)}>
            <title>
              {s.section} · Row {s.row} · Seat {s.number}
              {s.accessible ? ' (accessible)' : ''}
            </title>
          </circle>
        ))}
      </svg>
      <figcaption className="seatmap-legend">
        {sections.map((s) => (
          <span key={s}>
            <span className="seatmap-swatch" style={{ background: colour.get(s) }} aria-hidden="true" /> {s} (
            {seats.filter((x) => x.section === s).length})
          </span>
        ))}
        <span className="muted">{seats.length} seats</span>
      </figcaption>
    </figure>
  );
}

export function SeatMapsPage() {
  const { can } = useAdmin();
  const [params, setParams] = useSearchParams();
  const venueId = UUID.test(params.get('venue') ?? '') ? params.get('venue')! : '';
  const venues = trpc.admin.catalog.venues.list.useQuery({ page: 1, pageSize: 100, sort: 'name', order: 'asc' });
  const maps = trpc.admin.seatMaps.list.useQuery({ venueId }, { enabled: venueId !== '' });

  return (
    <div className="page">
      <h1>Seat maps</h1>
      <p className="muted">
        A venue's seat maps: sections of rows of seats. Assign a map to an event to sell reserved seats.
      </p>
      {venues.isPending ? (
        <Spinner label="Loading venues…" />
      ) : venues.isError ? (
        <LoadError error={venues.error} onRetry={() => void venues.refetch()} />
      ) : (
        <SelectField
          label="Venue"
          value={venueId}
          onChange={(e) => setParams(e.target.value ? { venue: e.target.value } : {})}
        >
          <option value="">Choose a venue…</option>
          {venues.data.items.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}, {v.city}
            </option>
          ))}
        </SelectField>
      )}
      {venueId && (
        <div className="seatmap-stack">
          <section className="ui-card" aria-labelledby="maps-title">
            <h2 id="maps-title" style={{ marginTop: 0 }}>
              Maps at this venue
            </h2>
            {maps.isPending ? (
              <Spinner label="Loading seat maps…" />
            ) : maps.isError ? (
              <LoadError error={maps.error} onRetry={() => void maps.refetch()} />
            ) : maps.data.items.length === 0 ? (
              <p className="muted">This venue has no seat map yet.</p>
            ) : (
              <table className="data-table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th className="num">Sections</th>
                    <th className="num">Seats</th>
                    <th className="num">Events</th>
                  </tr>
                </thead>
                <tbody>
                  {maps.data.items.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <Link to={`/catalog/seat-maps/${venueId}/${m.id}`}>{m.name}</Link>
                      </td>
                      <td className="num">{m.sectionCount}</td>
                      <td className="num">{m.seatCount}</td>
                      <td className="num">{m.eventCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {can('catalog.write') && <NewSeatMap venueId={venueId} />}
        </div>
      )}
    </div>
  );
}

/** The number fields of one generated section: draft key, label, keyboard (whole or decimal). */
const GENERATOR_FIELDS: [Exclude<keyof GeneratorDraft, 'key' | 'name'>, string, 'numeric' | 'decimal'][] = [
  ['rows', 'Rows', 'numeric'],
  ['seatsPerRow', 'Seats per row', 'numeric'],
  ['originX', 'First seat x', 'decimal'],
  ['originY', 'First seat y', 'decimal'],
  ['spacingX', 'Seat spacing', 'decimal'],
  ['spacingY', 'Row spacing', 'decimal'],
];

function NewSeatMap({ venueId }: { venueId: string }) {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const [mode, setMode] = useState<'generate' | 'json'>('generate');
  const [name, setName] = useState('Main hall');
  const [width, setWidth] = useState('1000');
  const [height, setHeight] = useState('800');
  const [drafts, setDrafts] = useState<GeneratorDraft[]>([emptyGenerator(0)]);
  const [json, setJson] = useState(EXAMPLE_JSON);
  const create = trpc.admin.seatMaps.create.useMutation({
    onSuccess: (m) => {
      void utils.admin.seatMaps.list.invalidate({ venueId });
      navigate(`/catalog/seat-maps/${venueId}/${m.id}`);
    },
  });

  const candidate = useMemo(() => {
    if (mode === 'json') return parseImport(json);
    return parseImport(
      JSON.stringify({ name, width: Number(width), height: Number(height), sections: generatorSections(drafts) }),
    );
  }, [mode, json, name, width, height, drafts]);
  const fieldErrors = errorInfo(create.error).fieldErrors;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if ('map' in candidate) create.mutate({ venueId, ...candidate.map });
  };
  const setDraft = (i: number, patch: Partial<GeneratorDraft>) =>
    setDrafts((ds) => ds.map((d, j) => (j === i ? { ...d, ...patch } : d)));

  return (
    <section className="ui-card" aria-labelledby="new-map-title">
      <h2 id="new-map-title" style={{ marginTop: 0 }}>
        New seat map
      </h2>
      <form onSubmit={submit} noValidate className="seatmap-stack">
        <fieldset className="seatmap-mode">
          <legend>Build it with</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'generate'} onChange={() => setMode('generate')} /> The
            section generator
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'json'} onChange={() => setMode('json')} /> JSON import
          </label>
        </fieldset>
        {mode === 'generate' ? (
          <>
            <div className="seatmap-grid">
              <Field
                label="Map name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                error={fieldErrors.name?.[0]}
              />
              <Field
                label="Width (map units)"
                inputMode="numeric"
                value={width}
                onChange={(e) => setWidth(e.target.value)}
              />
              <Field
                label="Height (map units)"
                inputMode="numeric"
                value={height}
                onChange={(e) => setHeight(e.target.value)}
              />
            </div>
            {drafts.map((d, i) => (
              <fieldset key={d.key} className="seatmap-section">
                <legend>Section {i + 1}</legend>
                <div className="seatmap-grid">
                  <Field label="Section name" value={d.name} onChange={(e) => setDraft(i, { name: e.target.value })} />
                  {GENERATOR_FIELDS.map(([key, label, inputMode]) => (
                    <Field
                      key={key}
                      label={label}
                      inputMode={inputMode}
                      value={d[key]}
                      onChange={(e) => setDraft(i, { [key]: e.target.value })}
                    />
                  ))}
                </div>
                {drafts.length > 1 && (
                  <button
                    type="button"
                    className="ui-button ui-button--ghost"
                    onClick={() => setDrafts((ds) => ds.filter((_, j) => j !== i))}
                  >
                    Remove section {i + 1}
                  </button>
                )}
              </fieldset>
            ))}
            <button
              type="button"
              className="ui-button ui-button--ghost"
              onClick={() => setDrafts((ds) => [...ds, emptyGenerator(ds.length)])}
            >
              Add a section
            </button>
          </>
        ) : (
          <TextAreaField
            label="Seat map JSON"
            rows={16}
            className="seatmap-json"
            value={json}
            onChange={(e) => setJson(e.target.value)}
            hint="sections → rows → seats with x/y, or a section's generate: { rows, seatsPerRow, origin, spacing } (docs/decisions/0019)."
          />
        )}
        {'errors' in candidate ? (
          <div className="ui-error" role="alert">
            <strong>Check the layout:</strong>
            <ul>
              {candidate.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        ) : (
          <SeatMapPreview
            width={candidate.map.width}
            height={candidate.map.height}
            seats={expandImport(candidate.map)}
            title="Preview"
          />
        )}
        <FormError error={create.error} fields={['name']} />
        <button type="submit" className="ui-button" disabled={'errors' in candidate || create.isPending}>
          {create.isPending ? 'Creating…' : 'Create seat map'}
        </button>
      </form>
    </section>
  );
}

export function SeatMapPage() {
  const { venueId = '', id = '' } = useParams();
  const valid = UUID.test(venueId) && UUID.test(id);
  const map = trpc.admin.seatMaps.get.useQuery({ venueId, id }, { enabled: valid });
  const { can } = useAdmin();
  if (!valid || (map.isError && errorInfo(map.error).httpStatus === 404)) {
    return <NotFoundPage />;
  }
  if (map.isPending) return <Spinner label="Loading the seat map…" />;
  if (map.isError) return <LoadError error={map.error} onRetry={() => void map.refetch()} />;
  const m = map.data;
  const seats: PreviewSeat[] = m.sections.flatMap((s) =>
    s.seats.map((x) => ({ section: s.name, row: x.row, number: x.number, x: x.x, y: x.y, accessible: x.accessible })),
  );
  return (
    <div className="page">
      <Link to={`/catalog/seat-maps?venue=${venueId}`} className="back-link">
        ← Seat maps
      </Link>
      <h1>{m.name}</h1>
      <p className="muted">
        {m.sectionCount} sections · {m.seatCount} seats · {m.width}×{m.height} map units
      </p>
      <div className="seatmap-stack">
        <SeatMapPreview width={m.width} height={m.height} seats={seats} title={m.name} />
        <section className="ui-card" aria-labelledby="events-title">
          <h2 id="events-title" style={{ marginTop: 0 }}>
            Events using this map
          </h2>
          {m.events.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ul>
              {m.events.map((e) => (
                <li key={e.id}>
                  <Link to={`/catalog/events/${e.id}`}>{e.title}</Link> — {e.soldSeats} seats sold
                </li>
              ))}
            </ul>
          )}
        </section>
        {can('catalog.write') && (
          <>
            <AssignToEvent venueId={venueId} map={m} />
            <EditLayout venueId={venueId} map={m} />
            <DeleteMap venueId={venueId} map={m} />
          </>
        )}
      </div>
    </div>
  );
}

type MapDetail = RouterOutputs['admin']['seatMaps']['get'];

function AssignToEvent({ venueId, map }: { venueId: string; map: MapDetail }) {
  const utils = trpc.useUtils();
  const events = trpc.admin.catalog.events.list.useQuery({
    venueId,
    page: 1,
    pageSize: 100,
    sort: 'startsAt',
    order: 'asc',
  });
  const [eventId, setEventId] = useState('');
  const event = trpc.admin.catalog.events.get.useQuery({ id: eventId }, { enabled: UUID.test(eventId) });
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const assign = trpc.admin.seatMaps.assignToEvent.useMutation({
    onSuccess: () => {
      void utils.admin.seatMaps.get.invalidate({ venueId, id: map.id });
      void utils.admin.catalog.events.invalidate();
    },
  });
  const categoryBySection = Object.fromEntries(Object.entries(mapping).filter(([, c]) => c));
  const fieldErrors = errorInfo(assign.error).fieldErrors;
  return (
    <section className="ui-card" aria-labelledby="assign-title">
      <h2 id="assign-title" style={{ marginTop: 0 }}>
        Assign to an event
      </h2>
      <p className="muted">
        The event switches to reserved seating: each mapped section's seats are sold in the chosen ticket category, and
        each category's quota becomes its seat count. Refused once the event has sales.
      </p>
      {events.isPending ? (
        <Spinner label="Loading events…" />
      ) : events.isError ? (
        <LoadError error={events.error} onRetry={() => void events.refetch()} />
      ) : events.data.items.length === 0 ? (
        <p className="muted">No event at this venue.</p>
      ) : (
        <form
          className="seatmap-stack"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            assign.mutate({ eventId, seatMapId: map.id, categoryBySection });
          }}
        >
          <SelectField
            label="Event"
            value={eventId}
            onChange={(e) => {
              setEventId(e.target.value);
              setMapping({});
              assign.reset();
            }}
          >
            <option value="">Choose an event…</option>
            {events.data.items.map((e) => (
              <option key={e.id} value={e.id}>
                {e.title} ({e.status.toLowerCase()}, {e.seatingMode === 'RESERVED' ? 'reserved' : 'general admission'})
              </option>
            ))}
          </SelectField>
          {eventId && event.isPending && <Spinner label="Loading ticket categories…" />}
          {event.isError && <LoadError error={event.error} onRetry={() => void event.refetch()} />}
          {event.data &&
            map.sections.map((s) => (
              <SelectField
                key={s.id}
                label={`${s.name} (${s.seats.length} seats)`}
                value={mapping[s.id] ?? ''}
                error={fieldErrors[`categoryBySection.${s.id}`]?.[0]}
                onChange={(e) => setMapping((m) => ({ ...m, [s.id]: e.target.value }))}
              >
                <option value="">Not sold</option>
                {event.data.ticketCategories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} — {formatMoney(c.priceMinor, c.currency)}
                  </option>
                ))}
              </SelectField>
            ))}
          <FormError error={assign.error} fields={map.sections.map((s) => `categoryBySection.${s.id}`)} />
          {assign.data && (
            <div className="notice notice--ok" role="status">
              Reserved seating on: {assign.data.seats} seats. Quotas:{' '}
              {assign.data.quotas.map((q) => `${q.name} ${q.quota}`).join(', ')}.
            </div>
          )}
          <button
            type="submit"
            className="ui-button"
            disabled={!event.data || Object.keys(categoryBySection).length === 0 || assign.isPending}
          >
            {assign.isPending ? 'Assigning…' : 'Assign seat map'}
          </button>
        </form>
      )}
    </section>
  );
}

function EditLayout({ venueId, map }: { venueId: string; map: MapDetail }) {
  const utils = trpc.useUtils();
  const [name, setName] = useState(map.name);
  const [json, setJson] = useState(() => toImportJson(map));
  const [replace, setReplace] = useState(false);
  const parsed = useMemo(() => (replace ? parseImport(json) : null), [replace, json]);
  const update = trpc.admin.seatMaps.update.useMutation({
    onSuccess: () => void utils.admin.seatMaps.get.invalidate({ venueId, id: map.id }),
  });
  const fieldErrors = errorInfo(update.error).fieldErrors;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (parsed && 'errors' in parsed) return;
    update.mutate({
      venueId,
      id: map.id,
      name,
      ...(parsed && 'map' in parsed
        ? { width: parsed.map.width, height: parsed.map.height, sections: parsed.map.sections }
        : {}),
    });
  };
  return (
    <section className="ui-card" aria-labelledby="edit-title">
      <h2 id="edit-title" style={{ marginTop: 0 }}>
        Edit
      </h2>
      <form className="seatmap-stack" noValidate onSubmit={submit}>
        <Field label="Map name" value={name} onChange={(e) => setName(e.target.value)} error={fieldErrors.name?.[0]} />
        <label className="checkbox">
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> Replace the layout
          (only while no seat is sold or held)
        </label>
        {replace && (
          <>
            <TextAreaField
              label="Layout JSON"
              rows={14}
              className="seatmap-json"
              value={json}
              onChange={(e) => setJson(e.target.value)}
            />
            {parsed && 'errors' in parsed ? (
              <div className="ui-error" role="alert">
                <ul>
                  {parsed.errors.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
              </div>
            ) : parsed && 'map' in parsed ? (
              <SeatMapPreview
                width={parsed.map.width}
                height={parsed.map.height}
                seats={expandImport(parsed.map)}
                title="New layout"
              />
            ) : null}
          </>
        )}
        <FormError error={update.error} fields={['name']} />
        {update.isSuccess && (
          <div className="notice notice--ok" role="status">
            Saved.
          </div>
        )}
        <button
          type="submit"
          className="ui-button"
          disabled={update.isPending || (parsed !== null && 'errors' in parsed)}
        >
          {update.isPending ? 'Saving…' : 'Save'}
        </button>
      </form>
    </section>
  );
}

function DeleteMap({ venueId, map }: { venueId: string; map: MapDetail }) {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const del = trpc.admin.seatMaps.delete.useMutation({
    onSuccess: () => {
      void utils.admin.seatMaps.list.invalidate({ venueId });
      navigate(`/catalog/seat-maps?venue=${venueId}`);
    },
  });
  return (
    <section className="ui-card" aria-labelledby="delete-title">
      <h2 id="delete-title" style={{ marginTop: 0 }}>
        Delete
      </h2>
      {map.events.length > 0 ? (
        <p className="muted">Used by {map.events.length} event(s): it cannot be deleted.</p>
      ) : (
        <button type="button" className="ui-button ui-button--danger" onClick={() => setOpen(true)}>
          Delete seat map
        </button>
      )}
      <ConfirmDialog
        open={open}
        title={`Delete ${map.name}?`}
        confirmLabel="Delete"
        danger
        pending={del.isPending}
        error={del.error}
        onConfirm={() => del.mutate({ venueId, id: map.id })}
        onCancel={() => setOpen(false)}
      >
        <p>Its {map.seatCount} seats are removed. No event uses it.</p>
      </ConfirmDialog>
    </section>
  );
}
