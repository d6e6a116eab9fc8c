/**
 * The raffles list (seed 000 §2 "raffle listing and filtering": pagination, active/inactive
 * filter). Active = on sale now; Inactive = closed, drawn, completed or cancelled. Page and
 * filter live in the query string so the back button and shared links keep them.
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, ErrorNotice, formatMoney, Spinner, trpc } from '@admit/ui';
import { Pagination } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { parsePage } from '../../util.ts';
import { EntriesBar, RaffleStatusBadge } from './raffle-util.tsx';
import './raffles.css';

type RaffleSummary = RouterOutputs['public']['raffles']['list']['items'][number];

const PAGE_SIZE = 12;

export function RafflesPage() {
  const [params, setParams] = useSearchParams();
  const filter = params.get('filter') === 'inactive' ? 'inactive' : 'active';
  const page = parsePage(params.get('page'));
  const list = trpc.public.raffles.list.useQuery(
    { page, pageSize: PAGE_SIZE, status: filter },
    { placeholderData: keepPreviousData },
  );

  const setFilter = (f: 'active' | 'inactive') => setParams(f === 'active' ? {} : { filter: f });

  return (
    <div className="page">
      <section className="hero">
        <h1>Raffles</h1>
        <p>Win prizes with fair, publicly verifiable draws. Every result can be checked by anyone.</p>
      </section>
      <nav className="raffle-tabs" aria-label="Show raffles">
        {(['active', 'inactive'] as const).map((f) => (
          <button
            key={f}
            type="button"
            className={`ui-button ui-button--small ${filter === f ? '' : 'ui-button--ghost'}`.trim()}
            aria-pressed={filter === f}
            onClick={() => setFilter(f)}
          >
            {f === 'active' ? 'Active' : 'Inactive'}
          </button>
        ))}
      </nav>
      {list.isPending ? (
        <Spinner label="Loading raffles…" />
      ) : list.isError && !list.data ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        <EmptyState title={filter === 'active' ? 'No raffles are open right now' : 'No past raffles yet'}>
          <p>Check back soon.</p>
        </EmptyState>
      ) : list.data ? (
        <>
          {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
          <div className="results-bar">
            <span className="muted small" aria-live="polite">
              {list.data.total} raffle{list.data.total === 1 ? '' : 's'}
              {list.isFetching ? ' · updating…' : ''}
            </span>
          </div>
          <div className="raffle-grid" data-testid="raffle-list">
            {list.data.items.map((r) => (
              <RaffleCard key={r.id} raffle={r} />
            ))}
          </div>
          <Pagination
            page={list.data.page}
            totalPages={list.data.totalPages}
            busy={list.isFetching}
            onPage={(p) => {
              const next = new URLSearchParams(params);
              if (p > 1) next.set('page', String(p));
              else next.delete('page');
              setParams(next);
              window.scrollTo({ top: 0, behavior: 'smooth' });
            }}
          />
        </>
      ) : null}
    </div>
  );
}

function RaffleCard({ raffle }: { raffle: RaffleSummary }) {
  const image = raffle.imageUrls[0];
  return (
    <Link to={`/raffles/${raffle.slug}`} className="raffle-card" data-testid="raffle-card">
      <div className="raffle-card__media">
        {image && <img src={image} alt="" loading="lazy" />}
        <RaffleStatusBadge status={raffle.status} />
      </div>
      <div className="raffle-card__body">
        <h3 className="raffle-card__title">{raffle.title}</h3>
        <div>
          <strong>Prize:</strong> {raffle.prizeTitle}
        </div>
        <div>{formatMoney(raffle.entryPriceMinor, raffle.currency)} per entry</div>
        <EntriesBar entriesLeft={raffle.entriesLeft} totalEntries={raffle.totalEntries} />
      </div>
    </Link>
  );
}
