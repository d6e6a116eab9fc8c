import type { RouterOutputs } from '@admit/ui';
import { EmptyState, formatInZone, Spinner, trpc } from '@admit/ui';
import { Pagination } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LoadError } from '../session.tsx';
import { categoryWithTier, parsePage } from '../util.ts';

export type TicketSummary = RouterOutputs['customer']['tickets']['list']['items'][number];

const PAGE_SIZE = 10;

export function TicketStatus({ ticket }: { ticket: Pick<TicketSummary, 'status' | 'checkedInAt'> }) {
  return (
    <span className="badge-row">
      {ticket.status === 'VALID' ? (
        <span className="ui-badge badge--ok">Valid</span>
      ) : ticket.status === 'REFUNDED' ? (
        <span className="ui-badge badge--muted">Refunded</span>
      ) : (
        <span className="ui-badge badge--bad">Void</span>
      )}
      {ticket.checkedInAt ? (
        <span className="ui-badge">Checked in</span>
      ) : (
        <span className="ui-badge badge--muted">Not checked in</span>
      )}
    </span>
  );
}

export function TicketsPage() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const page = parsePage(params.get('page'));
  const upcoming = params.get('upcoming') === 'true';
  const list = trpc.customer.tickets.list.useQuery(
    { page, pageSize: PAGE_SIZE, ...(upcoming ? { upcoming: 'true' as const } : {}) },
    { placeholderData: keepPreviousData },
  );

  const setParam = (key: string, value: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      if (key !== 'page') next.delete('page');
      return next;
    });

  return (
    <div className="page page--medium">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h1 className="page-title">My tickets</h1>
        <label className="checkbox" htmlFor={`${id}-upcoming`}>
          <input
            id={`${id}-upcoming`}
            type="checkbox"
            checked={upcoming}
            onChange={(e) => setParam('upcoming', e.target.checked ? 'true' : null)}
          />
          Upcoming only
        </label>
      </div>

      {list.isPending ? (
        <Spinner label="Loading your tickets…" />
      ) : list.isError && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        <EmptyState title={upcoming ? 'No upcoming tickets' : 'No tickets yet'}>
          <p>Tickets you buy show up here with their QR codes.</p>
          <Link to="/" className="ui-button">
            Browse events
          </Link>
        </EmptyState>
      ) : list.data ? (
        <>
          {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
          <ul className="ticket-list" data-testid="ticket-list">
            {list.data.items.map((t) => (
              <li key={t.id} className="ui-card ticket-row" data-testid="ticket-row">
                <div>
                  <h3>{t.event.title}</h3>
                  <div className="ticket-row__meta">
                    <time dateTime={new Date(t.event.startsAt).toISOString()}>
                      {formatInZone(t.event.startsAt, t.event.timeZone)}
                    </time>
                    <span>
                      {t.event.venueName}, {t.event.city}
                    </span>
                  </div>
                  <div className="ticket-row__meta" style={{ marginTop: '0.35rem' }}>
                    <span>{categoryWithTier(t.category)}</span>
                    <span>
                      Ref <span className="mono">{t.reference}</span>
                    </span>
                    <span>{t.attendeeName}</span>
                  </div>
                  <div style={{ marginTop: '0.5rem' }}>
                    <TicketStatus ticket={t} />
                  </div>
                </div>
                <Link
                  to={`/tickets/${t.id}`}
                  className="ui-button ui-button--small"
                  aria-label={`View ticket ${t.reference}`}
                >
                  View ticket
                </Link>
              </li>
            ))}
          </ul>
          <Pagination
            page={list.data.page}
            totalPages={list.data.totalPages}
            busy={list.isFetching}
            onPage={(p) => setParam('page', p > 1 ? String(p) : null)}
          />
        </>
      ) : null}
    </div>
  );
}
