import type { RouterOutputs } from '@admit/ui';
import { EmptyState, ErrorNotice, errorInfo, formatInZone, formatMoney, Spinner, trpc } from '@admit/ui';
import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { isUnauthorized, loginPath, useMe } from '../session.tsx';
import { categoryLabel, tierLabel } from '../util.ts';
import { FavoriteButton } from './customer/FavoritesPage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { SeatPicker } from './seating/SeatPicker.tsx';

type EventDetail = RouterOutputs['public']['events']['get'];

const SLUG = /^[A-Za-z0-9-]{1,120}$/;

export function EventPage() {
  const { slug = '' } = useParams();
  const valid = SLUG.test(slug);
  const event = trpc.public.events.get.useQuery({ id: slug }, { enabled: valid, refetchInterval: 30_000 });

  if (!valid || (event.isError && errorInfo(event.error).httpStatus === 404)) {
    return (
      <NotFoundPage title="Event not found">
        <p>It may have been unpublished, or the link is wrong.</p>
      </NotFoundPage>
    );
  }
  return (
    <div className="page">
      <Link to="/" className="back-link">
        ← All events
      </Link>
      {event.isPending ? (
        <Spinner label="Loading event…" />
      ) : event.isError && !event.data ? (
        <ErrorNotice error={event.error} onRetry={() => void event.refetch()} />
      ) : event.data ? (
        <EventView event={event.data} />
      ) : null}
    </div>
  );
}

function EventView({ event }: { event: EventDetail }) {
  const tz = event.venue.timeZone;
  const v = event.venue;
  return (
    <article>
      <header className={`event-hero cover--${event.category}`}>
        {event.imageUrl && <img src={event.imageUrl} alt="" />}
        <div className="badge-row">
          <span className="ui-badge">{categoryLabel(event.category)}</span>
          {event.featured && <span className="ui-badge">Featured</span>}
          {event.soldOut && <span className="ui-badge badge--bad">Sold out</span>}
          {event.status === 'CANCELLED' && <span className="ui-badge badge--bad">Cancelled</span>}
        </div>
        <h1>{event.title}</h1>
        {event.status === 'PUBLISHED' && <FavoriteButton eventId={event.id} />}
        <div>
          <time dateTime={new Date(event.startsAt).toISOString()}>{formatInZone(event.startsAt, tz)}</time> · {v.name},{' '}
          {v.city}
        </div>
      </header>

      <div className="event-layout">
        <div className="stack">
          <section className="ui-card" aria-labelledby="about-title">
            <h2 id="about-title" className="section-title" style={{ marginTop: 0 }}>
              About this event
            </h2>
            <p className="description">{event.description}</p>
          </section>
          <section className="ui-card" aria-labelledby="details-title">
            <h2 id="details-title" className="section-title" style={{ marginTop: 0 }}>
              Details
            </h2>
            <dl className="facts">
              <dt>Starts</dt>
              <dd>{formatInZone(event.startsAt, tz)}</dd>
              <dt>Ends</dt>
              <dd>{formatInZone(event.endsAt, tz)}</dd>
              <dt>Venue</dt>
              <dd>
                {v.name}
                <br />
                <span className="muted">
                  {v.address}, {v.city}, {v.country}
                </span>
              </dd>
              <dt>Organizer</dt>
              <dd>{event.organizerName}</dd>
              <dt>Time zone</dt>
              <dd>
                {tz} <span className="muted small">(times shown in venue time)</span>
              </dd>
            </dl>
          </section>
        </div>
        {event.seatingMode === 'RESERVED' ? <ReservedSeatingNote event={event} /> : <BookingPanel event={event} />}
      </div>
      {event.seatingMode === 'RESERVED' && (
        <SeatPicker
          eventId={event.id}
          eventSlug={event.slug}
          onSale={event.status === 'PUBLISHED' && new Date(event.endsAt).getTime() > Date.now()}
        />
      )}
    </article>
  );
}

/** Reserved seating (issue 7): prices per category; tickets are bought on the seat map below. */
function ReservedSeatingNote({ event }: { event: EventDetail }) {
  return (
    <aside className="ui-card booking" aria-labelledby="seating-note-title">
      <h2 id="seating-note-title">Tickets</h2>
      <p className="muted">Reserved seating: choose your seats on the map below.</p>
      <ul className="seat-chosen">
        {event.ticketCategories.map((c) => (
          <li key={c.id}>
            <span>{c.name}</span>
            <span>
              {formatMoney(c.priceMinor, c.currency)} · {c.available > 0 ? `${c.available} left` : 'sold out'}
            </span>
          </li>
        ))}
      </ul>
    </aside>
  );
}

function BookingPanel({ event }: { event: EventDetail }) {
  const id = useId();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const me = useMe();
  const cats = event.ticketCategories;

  const [categoryId, setCategoryId] = useState(() => {
    const wanted = params.get('category');
    return cats.find((c) => c.id === wanted && c.available > 0)?.id ?? cats.find((c) => c.available > 0)?.id ?? '';
  });
  const [qty, setQty] = useState(() => params.get('qty') ?? '1');

  const book = trpc.customer.tickets.book.useMutation({
    onSuccess: (order) => {
      void utils.public.events.invalidate();
      navigate(`/checkout/${order.id}`);
    },
    onError: (err) => {
      if (isUnauthorized(err)) navigate(loginPath(returnPath()));
      // availability changed under us (SOLD_OUT, fewer left): show the fresh numbers
      else void utils.public.events.get.invalidate();
    },
  });

  const selected = cats.find((c) => c.id === categoryId);
  const max = selected ? Math.max(0, Math.min(selected.maxPerOrder, selected.available)) : 0;
  const n = Number(qty);
  const qtyValid = Number.isInteger(n) && n >= 1 && n <= max;
  const ended = new Date(event.endsAt).getTime() <= Date.now();
  const onSale = event.status === 'PUBLISHED' && !ended;
  const anyAvailable = cats.some((c) => c.available > 0);

  function returnPath() {
    const q = new URLSearchParams();
    if (categoryId) q.set('category', categoryId);
    if (qtyValid) q.set('qty', String(n));
    return `/events/${event.slug}?${q}`;
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!selected) return;
    if (!qtyValid) {
      document.getElementById(`${id}-qty`)?.focus();
      return;
    }
    if (!me.data && isUnauthorized(me.error)) {
      navigate(loginPath(returnPath()));
      return;
    }
    book.mutate({ eventId: event.id, ticketCategoryId: selected.id, quantity: n });
  };

  return (
    <aside className="ui-card booking" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Tickets</h2>
      {cats.length === 0 ? (
        <EmptyState title="Tickets are not on sale yet" />
      ) : (
        <form onSubmit={submit} noValidate>
          <fieldset>
            <legend>Ticket type</legend>
            {cats.map((c) => {
              const rid = `${id}-cat-${c.id}`;
              return (
                <label key={c.id} htmlFor={rid} className="tier-option">
                  <input
                    id={rid}
                    type="radio"
                    name="ticketCategory"
                    value={c.id}
                    checked={categoryId === c.id}
                    disabled={c.available <= 0 || !onSale}
                    onChange={() => {
                      setCategoryId(c.id);
                      const cap = Math.min(c.maxPerOrder, c.available);
                      if (Number(qty) > cap) setQty(String(Math.max(1, cap)));
                    }}
                  />
                  <span>
                    <span className="tier-option__name">{c.name}</span>{' '}
                    {c.tier === 'VIP' && c.name.toLowerCase() !== 'vip' && (
                      <span className="ui-badge badge--vip">{tierLabel(c.tier)}</span>
                    )}
                  </span>
                  <span className="tier-option__price">{formatMoney(c.priceMinor, c.currency)}</span>
                  <span className="tier-option__meta">
                    {c.available <= 0 ? (
                      <strong style={{ color: 'var(--bad)' }}>Sold out</strong>
                    ) : (
                      <>
                        {c.available} available · up to {c.maxPerOrder} per order
                      </>
                    )}
                    {c.description && (
                      <>
                        <br />
                        {c.description}
                      </>
                    )}
                  </span>
                </label>
              );
            })}
          </fieldset>

          {onSale && anyAvailable && selected && (
            <>
              <div className="ui-field">
                <label htmlFor={`${id}-qty`}>Quantity</label>
                <input
                  id={`${id}-qty`}
                  className="ui-input"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={Math.max(1, max)}
                  step={1}
                  value={qty}
                  aria-invalid={!qtyValid}
                  aria-describedby={`${id}-qty-hint`}
                  onChange={(e) => setQty(e.target.value)}
                />
                <span
                  id={`${id}-qty-hint`}
                  className={qtyValid ? 'field-hint' : 'ui-field__error'}
                  role={qtyValid ? undefined : 'alert'}
                >
                  {max > 0 ? `Choose 1 to ${max}.` : 'None left in this category.'}
                </span>
              </div>
              <div className="booking__total">
                <span>Total</span>
                <span data-testid="booking-total">
                  {qtyValid ? formatMoney(selected.priceMinor * n, selected.currency) : '—'}
                </span>
              </div>
            </>
          )}

          {!onSale ? (
            <div className="notice notice--warn" role="status">
              {event.status === 'CANCELLED'
                ? 'This event was cancelled.'
                : ended
                  ? 'This event has ended.'
                  : 'Not on sale.'}
            </div>
          ) : !anyAvailable ? (
            <div className="notice notice--warn" role="status">
              <strong>Sold out.</strong> Every ticket has been booked.
            </div>
          ) : null}

          <ErrorNotice error={book.error && !isUnauthorized(book.error) ? book.error : null} />

          <button
            type="submit"
            className="ui-button"
            disabled={!onSale || !anyAvailable || !selected || book.isPending}
          >
            {book.isPending ? 'Booking…' : 'Book tickets'}
          </button>
          {!me.data && !me.isPending && onSale && anyAvailable && (
            <p className="muted small" style={{ textAlign: 'center', marginBottom: 0 }}>
              You'll be asked to sign in first.
            </p>
          )}
        </form>
      )}
    </aside>
  );
}
