/**
 * Favourite events (seed 003 Plan 1 Phase 6 `…/users/favorites/`): the list page and the toggle
 * shown on an event page. Signed-out visitors get a sign-in link instead of the toggle.
 */
import { EmptyState, ErrorNotice, formatInZone, Spinner, trpc } from '@admit/ui';
import { Pagination } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { Link, useLocation, useSearchParams } from 'react-router';
import { AccountNav } from '../../components/AccountNav.tsx';
import { LoadError, loginPath, useMe } from '../../session.tsx';
import { categoryLabel, parsePage } from '../../util.ts';

const PAGE_SIZE = 12;

/** "☆ Save" / "★ Saved" on an event page; only published events can be saved. */
export function FavoriteButton({ eventId }: { eventId: string }) {
  const me = useMe();
  const { pathname } = useLocation();
  const isCustomer = me.data?.role === 'CUSTOMER';
  const utils = trpc.useUtils();
  const state = trpc.customer.favorites.get.useQuery({ eventId }, { enabled: isCustomer });
  const onSuccess = (s: { eventId: string; favorite: boolean }) => {
    utils.customer.favorites.get.setData({ eventId }, s);
    void utils.customer.favorites.list.invalidate();
  };
  const add = trpc.customer.favorites.add.useMutation({ onSuccess });
  const remove = trpc.customer.favorites.remove.useMutation({ onSuccess });
  if (!me.data) {
    return me.isPending ? null : (
      <Link to={loginPath(pathname)} className="ui-button ui-button--ghost ui-button--small">
        ☆ Sign in to save
      </Link>
    );
  }
  if (!isCustomer) return null;
  const favorite = state.data?.favorite ?? false;
  const busy = state.isPending || add.isPending || remove.isPending;
  return (
    <span>
      <button
        type="button"
        className="ui-button ui-button--ghost ui-button--small"
        aria-pressed={favorite}
        data-testid="favorite-toggle"
        disabled={busy}
        onClick={() => (favorite ? remove.mutate({ eventId }) : add.mutate({ eventId }))}
      >
        {favorite ? '★ Saved to favourites' : '☆ Save to favourites'}
      </button>
      <ErrorNotice error={add.error ?? remove.error ?? state.error} />
    </span>
  );
}

export function FavoritesPage() {
  const [params, setParams] = useSearchParams();
  const page = parsePage(params.get('page'));
  const utils = trpc.useUtils();
  const list = trpc.customer.favorites.list.useQuery(
    { page, pageSize: PAGE_SIZE },
    { placeholderData: keepPreviousData },
  );
  const remove = trpc.customer.favorites.remove.useMutation({
    onSuccess: (s) => {
      utils.customer.favorites.get.setData({ eventId: s.eventId }, s);
      void utils.customer.favorites.list.invalidate();
    },
  });
  return (
    <div className="page page--medium">
      <h1 className="page-title">Favourites</h1>
      <AccountNav />
      {list.isPending ? (
        <Spinner label="Loading your favourites…" />
      ) : list.isError && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        <EmptyState title="No favourites yet">
          <p>Save events you like from their page to find them here.</p>
          <Link to="/" className="ui-button">
            Browse events
          </Link>
        </EmptyState>
      ) : list.data ? (
        <>
          <ErrorNotice error={remove.error} />
          <ul className="order-list" data-testid="favorite-list">
            {list.data.items.map(({ event: e }) => (
              <li key={e.id} className="ui-card order-row" data-testid="favorite">
                <div>
                  <h3>
                    {e.status === 'PUBLISHED' ? <Link to={`/events/${e.slug}`}>{e.title}</Link> : e.title}{' '}
                    {e.status === 'CANCELLED' && <span className="ui-badge badge--bad">Cancelled</span>}
                  </h3>
                  <div className="ticket-row__meta">
                    <span>{categoryLabel(e.category)}</span>
                    <time dateTime={new Date(e.startsAt).toISOString()}>{formatInZone(e.startsAt, e.timeZone)}</time>
                    <span>
                      {e.venueName}, {e.city}
                    </span>
                  </div>
                </div>
                <button
                  type="button"
                  className="ui-button ui-button--ghost ui-button--small"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ eventId: e.id })}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <Pagination
            page={list.data.page}
            totalPages={list.data.totalPages}
            busy={list.isFetching}
            onPage={(p) => setParams(p > 1 ? { page: String(p) } : {})}
          />
        </>
      ) : null}
    </div>
  );
}
