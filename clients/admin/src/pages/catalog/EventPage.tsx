/**
 * One event in the back office (seed 003 Plan 2 Phase 3): facts, counts and categories
 * (quota / reserved / sold / price), edit form, publish / unpublish, gate scanning on/off,
 * delete behind a confirmation (refused with a reason when it has orders: cancel instead).
 * SUPPORT reads only. Also `NewEventPage` (create a draft).
 */
import { CATEGORY_LABELS, formatInZone, formatMoney, trpc } from '@admit/ui';
import { ConfirmDialog, formatDateTime, GuardedButton } from '@admit/ui/console-controls.tsx';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { DetailPage } from '../../components/DetailPage.tsx';
import { LoadError, useAdmin } from '../../session.tsx';
import { type EventDetail, EventStatusBadge, READ_ONLY, UUID } from './catalog-shared.tsx';
import { EventForm } from './EventForm.tsx';
import './catalog.css';

export function NewEventPage() {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const { can } = useAdmin();
  const create = trpc.admin.catalog.events.create.useMutation({
    onSuccess: (e) => {
      void utils.admin.catalog.events.invalidate();
      navigate(`/catalog/events/${e.id}`);
    },
  });
  return (
    <div className="page page--medium">
      <Link to="/catalog/events" className="back-link">
        ← Events
      </Link>
      <h1 className="page-title">New event</h1>
      {can('catalog.write') ? (
        <section className="ui-card console-card">
          <EventForm
            initial={null}
            submitLabel="Create draft"
            pending={create.isPending}
            error={create.error}
            onCancel={() => navigate('/catalog/events')}
            onSubmit={({ removeTicketCategoryIds: _, ticketCategories, ...v }) =>
              create.mutate({ ...v, ticketCategories: ticketCategories.map(({ id: _id, ...c }) => c) })
            }
          />
        </section>
      ) : (
        <p className="ui-error">{READ_ONLY}</p>
      )}
    </div>
  );
}

export function EventPage() {
  const { id = '' } = useParams();
  const valid = UUID.test(id);
  const event = trpc.admin.catalog.events.get.useQuery({ id }, { enabled: valid });
  return (
    <DetailPage query={event} valid={valid} noun="event" back="/catalog/events" backLabel="Events">
      {(e) => <EventView key={e.id} event={e} />}
    </DetailPage>
  );
}

type Action = 'publish' | 'unpublish' | 'scanOff' | 'delete' | null;

function EventView({ event }: { event: EventDetail }) {
  const { can } = useAdmin();
  const writable = can('catalog.write');
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [action, setAction] = useState<Action>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => {
    void utils.admin.catalog.events.invalidate();
  };
  const after = (msg: string) => () => {
    setAction(null);
    setDone(msg);
    refresh();
  };
  const update = trpc.admin.catalog.events.update.useMutation({
    onSuccess: (saved) => {
      // show the saved event at once (the answer is the same detail `get` returns), then refetch lists
      utils.admin.catalog.events.get.setData({ id: saved.id }, saved);
      setEditing(false);
      setDone('Changes saved.');
      refresh();
    },
  });
  const publish = trpc.admin.catalog.events.publish.useMutation({
    onSuccess: after('Published: the event is on sale.'),
  });
  const unpublish = trpc.admin.catalog.events.unpublish.useMutation({
    onSuccess: after('Unpublished: back to draft.'),
  });
  const scanning = trpc.admin.catalog.events.setScanning.useMutation({
    onSuccess: (e) => after(e.scanningEnabled ? 'Scanning is on at the gates.' : 'Scanning is paused at the gates.')(),
  });
  const remove = trpc.admin.catalog.events.delete.useMutation({
    onSuccess: () => {
      refresh();
      navigate('/catalog/events');
    },
  });
  const s = event.status;
  const guard = (allowed: boolean, why: string) => (!writable ? READ_ONLY : allowed ? null : why);
  const tz = event.venue.timeZone;

  return (
    <article className="stack">
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap' }}>
        <h1 className="page-title" style={{ margin: 0 }} data-testid="event-title">
          {event.title}
        </h1>
        <EventStatusBadge status={s} />
      </div>
      {done && (
        <div className="notice notice--ok" role="status" data-testid="event-done">
          {done}
        </div>
      )}
      <nav className="actions" aria-label="Event actions">
        <GuardedButton
          blockedReason={guard(s !== 'CANCELLED', 'A cancelled event cannot be edited.')}
          onClick={() => setEditing(true)}
        >
          Edit
        </GuardedButton>
        {s === 'PUBLISHED' ? (
          <GuardedButton blockedReason={guard(true, '')} onClick={() => setAction('unpublish')}>
            Unpublish
          </GuardedButton>
        ) : (
          <GuardedButton
            blockedReason={guard(s === 'DRAFT', 'A cancelled event cannot be published.')}
            onClick={() => setAction('publish')}
          >
            Publish
          </GuardedButton>
        )}
        <GuardedButton
          blockedReason={guard(true, '')}
          onClick={() =>
            event.scanningEnabled ? setAction('scanOff') : scanning.mutate({ id: event.id, enabled: true })
          }
          aria-pressed={event.scanningEnabled}
          data-testid="scanning-toggle"
        >
          {event.scanningEnabled ? 'Pause scanning' : 'Resume scanning'}
        </GuardedButton>
        <GuardedButton
          className="ui-button ui-button--danger"
          blockedReason={guard(
            event.counts.orders === 0,
            'This event has orders: cancel it instead (Finance → refunds are issued automatically).',
          )}
          onClick={() => setAction('delete')}
        >
          Delete
        </GuardedButton>
        <Link className="ui-button ui-button--ghost" to={`/catalog/tickets?eventId=${event.id}`}>
          Tickets
        </Link>
      </nav>
      {scanning.error && !action && <LoadError error={scanning.error} />}

      {editing ? (
        <section className="ui-card console-card">
          <h2 className="console-card__title">Edit</h2>
          <EventForm
            initial={event}
            submitLabel="Save changes"
            pending={update.isPending}
            error={update.error}
            onCancel={() => {
              setEditing(false);
              update.reset();
            }}
            onSubmit={({ currency: _c, ...v }) => {
              const changed = {
                ...(v.organizerId !== event.organizer.id ? { organizerId: v.organizerId } : {}),
                ...(v.venueId !== event.venue.id ? { venueId: v.venueId } : {}),
                ...(v.title !== event.title ? { title: v.title } : {}),
                ...(v.description !== event.description ? { description: v.description } : {}),
                ...(v.category !== event.category ? { category: v.category } : {}),
                ...(v.startsAt.getTime() !== new Date(event.startsAt).getTime() ? { startsAt: v.startsAt } : {}),
                ...(v.endsAt.getTime() !== new Date(event.endsAt).getTime() ? { endsAt: v.endsAt } : {}),
                ...(v.capacity !== event.capacity ? { capacity: v.capacity } : {}),
                ...(v.imageUrl !== event.imageUrl ? { imageUrl: v.imageUrl } : {}),
              };
              update.mutate({
                id: event.id,
                ...changed,
                ticketCategories: v.ticketCategories,
                ...(v.removeTicketCategoryIds.length > 0 ? { removeTicketCategoryIds: v.removeTicketCategoryIds } : {}),
              });
            }}
          />
        </section>
      ) : (
        <>
          <section className="ui-card console-card">
            <h2 className="console-card__title">Details</h2>
            <dl className="facts">
              <dt>Category</dt>
              <dd>{CATEGORY_LABELS[event.category] ?? event.category}</dd>
              <dt>Organizer</dt>
              <dd>{event.organizer.name}</dd>
              <dt>Venue</dt>
              <dd>
                {event.venue.name}, {event.venue.city} <span className="muted small">({tz})</span>
              </dd>
              <dt>Starts</dt>
              <dd>
                {formatInZone(event.startsAt, tz)} <span className="muted small">venue time</span>
                <span className="cell-sub">{formatDateTime(event.startsAt)} your time</span>
              </dd>
              <dt>Ends</dt>
              <dd>{formatInZone(event.endsAt, tz)}</dd>
              <dt>Capacity</dt>
              <dd>{event.capacity}</dd>
              <dt>Scanning</dt>
              <dd data-testid="scanning-state">{event.scanningEnabled ? 'On' : 'Paused'}</dd>
              <dt>Orders · tickets</dt>
              <dd>
                {event.counts.orders} orders · {event.counts.tickets} tickets ({event.sold} valid)
              </dd>
              <dt>Checked in · inside</dt>
              <dd>
                {event.counts.checkedIn} · {event.counts.inside}
              </dd>
            </dl>
            {event.description && <p className="small">{event.description}</p>}
          </section>
          <section className="ui-card console-card">
            <h2 className="console-card__title">Ticket categories</h2>
            <div className="table-card">
              <table className="data-table" data-testid="categories-table">
                <caption className="visually-hidden">Ticket categories</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Tier</th>
                    <th scope="col" className="num">
                      Price
                    </th>
                    <th scope="col" className="num">
                      Quota
                    </th>
                    <th scope="col" className="num">
                      Reserved
                    </th>
                    <th scope="col" className="num">
                      Sold
                    </th>
                    <th scope="col" className="num">
                      Max / order
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {event.ticketCategories.map((c) => (
                    <tr key={c.id} data-testid="category-line">
                      <td data-label="Name">{c.name}</td>
                      <td data-label="Tier">{c.tier === 'VIP' ? 'VIP' : 'Standard'}</td>
                      <td data-label="Price" className="num" data-testid="category-price">
                        {formatMoney(c.priceMinor, c.currency)}
                      </td>
                      <td data-label="Quota" className="num">
                        {c.quota}
                      </td>
                      <td data-label="Reserved" className="num">
                        {c.reserved}
                      </td>
                      <td data-label="Sold" className="num">
                        {c.sold}
                      </td>
                      <td data-label="Max / order" className="num">
                        {c.maxPerOrder}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}

      <ConfirmDialog
        open={action === 'publish'}
        title="Publish this event?"
        confirmLabel="Publish"
        danger={false}
        pending={publish.isPending}
        error={publish.error}
        onConfirm={() => publish.mutate({ id: event.id })}
        onCancel={() => setAction(null)}
      >
        <p>It appears in the public catalogue and goes on sale at once.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={action === 'unpublish'}
        title="Unpublish this event?"
        confirmLabel="Unpublish"
        pending={unpublish.isPending}
        error={unpublish.error}
        onConfirm={() => unpublish.mutate({ id: event.id })}
        onCancel={() => setAction(null)}
      >
        <p>Sales stop and it leaves the catalogue. Tickets already sold stay valid.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={action === 'scanOff'}
        title="Pause scanning at the gates?"
        confirmLabel="Pause scanning"
        pending={scanning.isPending}
        error={scanning.error}
        onConfirm={() => scanning.mutate({ id: event.id, enabled: false })}
        onCancel={() => setAction(null)}
      >
        <p>Every gate device is told at once; entries are refused until you resume.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={action === 'delete'}
        title="Delete this event?"
        confirmLabel="Delete event"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate({ id: event.id })}
        onCancel={() => setAction(null)}
      >
        <p>
          “{event.title}” and its ticket categories are removed for good. Events with orders cannot be deleted: cancel
          them instead.
        </p>
      </ConfirmDialog>
    </article>
  );
}
