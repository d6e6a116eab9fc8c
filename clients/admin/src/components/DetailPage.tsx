/**
 * The frame of a back-office page that shows one record by the id in its URL (an event, ticket,
 * venue, raffle): the not-found page when the id is not a UUID or the server answers 404, else
 * the back link to the list and the loading / load-error / loaded states. The page keeps its own
 * query hook (each record has its procedure) and renders the loaded record with `children`.
 *
 * ```tsx
 * const valid = UUID.test(id);
 * const venue = trpc.admin.catalog.venues.get.useQuery({ id }, { enabled: valid });
 * <DetailPage query={venue} valid={valid} noun="venue" back="/catalog/venues" backLabel="Venues">
 *   {(v) => <VenueView key={v.id} venue={v} />}
 * </DetailPage>
 * ```
 */
import { errorInfo, Spinner } from '@admit/ui';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';
import { LoadError } from '../session.tsx';

interface RecordQuery<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data?: T | undefined;
  refetch: () => unknown;
}

export function DetailPage<T>({
  query,
  valid,
  noun,
  back,
  backLabel,
  className = 'page',
  children,
}: {
  query: RecordQuery<T>;
  /** the URL's id is well-formed (the query runs only then) */
  valid: boolean;
  /** "event" → "No event with this id.", "Loading event…" */
  noun: string;
  /** the list's path and its name on the back link ("← Events") */
  back: string;
  backLabel: string;
  className?: string;
  children: (record: T) => ReactNode;
}) {
  if (!valid || (query.isError && errorInfo(query.error).httpStatus === 404)) {
    return (
      <NotFoundPage>
        <p>No {noun} with this id.</p>
      </NotFoundPage>
    );
  }
  return (
    <div className={className}>
      <Link to={back} className="back-link">
        ← {backLabel}
      </Link>
      {query.isPending ? (
        <Spinner label={`Loading ${noun}…`} />
      ) : query.isError && !query.data ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data ? (
        children(query.data)
      ) : null}
    </div>
  );
}
