import type { RouterOutputs } from '@admit/ui';
import { formatInZone, formatMoney } from '@admit/ui';
import { Link } from 'react-router';
import { categoryLabel } from '../util.ts';

export type EventSummary = RouterOutputs['public']['events']['list']['items'][number];

export function priceFrom(e: Pick<EventSummary, 'priceFromMinor' | 'currency'>): string | null {
  return e.priceFromMinor !== null && e.currency ? formatMoney(e.priceFromMinor, e.currency) : null;
}

export function EventCard({ event }: { event: EventSummary }) {
  const price = priceFrom(event);
  return (
    <Link to={`/events/${event.slug}`} className="event-card" data-testid="event-card">
      <div className={`event-card__media cover--${event.category}`}>
        {event.imageUrl && <img src={event.imageUrl} alt="" loading="lazy" />}
        <span className="ui-badge">{categoryLabel(event.category)}</span>
        {event.soldOut && <span className="ui-badge badge--bad">Sold out</span>}
      </div>
      <div className="event-card__body">
        <h3 className="event-card__title">{event.title}</h3>
        <div className="event-card__when">
          <time dateTime={new Date(event.startsAt).toISOString()}>
            {formatInZone(event.startsAt, event.venue.timeZone)}
          </time>
        </div>
        <div className="event-card__where">
          {event.venue.name} · {event.venue.city}
        </div>
        <div className="event-card__price">
          {price ? <>from {price}</> : <span className="muted">Tickets not on sale yet</span>}
        </div>
      </div>
    </Link>
  );
}
