import type { RouterInputs } from '@admit/ui';
import { CATEGORY_LABELS, EmptyState, ErrorNotice, Spinner, trpc } from '@admit/ui';
import { Pagination } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { EventCard } from '../components/EventCard.tsx';
import { categoryLabel, endOfLocalDay, parsePage, startOfLocalDay } from '../util.ts';

type ListInput = RouterInputs['public']['events']['list'];

const PAGE_SIZE = 12;
const CATEGORIES = Object.keys(CATEGORY_LABELS);
const SORTS = [
  { value: 'date-asc', label: 'Soonest first' },
  { value: 'date-desc', label: 'Latest first' },
  { value: 'price-asc', label: 'Price: low to high' },
  { value: 'price-desc', label: 'Price: high to low' },
  { value: 'title-asc', label: 'Title: A–Z' },
  { value: 'title-desc', label: 'Title: Z–A' },
] as const;
const FILTER_KEYS = ['category', 'city', 'from', 'to', 'q', 'featured'] as const;

/** The list query from the URL; anything malformed in the query string is ignored. */
function listInputFrom(params: URLSearchParams): ListInput {
  const input: ListInput = { page: parsePage(params.get('page')), pageSize: PAGE_SIZE };
  const category = params.get('category');
  if (category && CATEGORIES.includes(category)) input.category = category as ListInput['category'];
  const city = params.get('city')?.trim();
  if (city) input.city = city.slice(0, 80);
  const q = params.get('q')?.trim();
  if (q) input.q = q.slice(0, 100);
  if (params.get('featured') === 'true') input.featured = 'true';
  const from = startOfLocalDay(params.get('from') ?? '');
  if (from) input.from = from;
  const to = endOfLocalDay(params.get('to') ?? '');
  if (to) input.to = to;
  const [sort, order] = (params.get('sort') ?? '').split('-');
  if (sort === 'date' || sort === 'price' || sort === 'title') input.sort = sort;
  if (order === 'asc' || order === 'desc') input.order = order;
  return input;
}

export function EventsPage() {
  const [params, setParams] = useSearchParams();
  const input = listInputFrom(params);
  const list = trpc.public.events.list.useQuery(input, { placeholderData: keepPreviousData });
  const filtersActive = FILTER_KEYS.some((k) => params.get(k));

  /** Changes some query-string values (empty removes them); any filter change goes back to page 1. */
  const update = (changes: Record<string, string | null>, keepPage = false) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      if (!keepPage) next.delete('page');
      return next;
    });
  };

  return (
    <div className="page">
      <section className="hero">
        <h1>Find your next night out</h1>
        <p>Concerts, matches, theatre and more. Book in a minute, get your QR ticket instantly.</p>
      </section>

      {!filtersActive && input.page === 1 && <FeaturedStrip />}

      <Filters params={params} update={update} clear={() => setParams(new URLSearchParams())} />

      <div className="results-bar">
        <h2>{filtersActive ? 'Matching events' : 'All upcoming events'}</h2>
        {list.data && (
          <span className="muted small" aria-live="polite">
            {list.data.total} event{list.data.total === 1 ? '' : 's'}
            {list.isFetching && !list.isPending ? ' · updating…' : ''}
          </span>
        )}
      </div>

      {list.isPending ? (
        <Spinner label="Loading events…" />
      ) : list.isError && !list.data ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        <EmptyState title={filtersActive ? 'No events match these filters' : 'No upcoming events yet'}>
          {filtersActive ? (
            <button
              type="button"
              className="ui-button ui-button--ghost"
              onClick={() => setParams(new URLSearchParams())}
            >
              Clear filters
            </button>
          ) : (
            <p>Check back soon.</p>
          )}
        </EmptyState>
      ) : list.data ? (
        <>
          {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
          <div className="event-grid" data-testid="event-list">
            {list.data.items.map((e) => (
              <EventCard key={e.id} event={e} />
            ))}
          </div>
          <Pagination
            page={list.data.page}
            totalPages={list.data.totalPages}
            busy={list.isFetching}
            onPage={(p) => {
              update({ page: String(p) }, true);
              window.scrollTo({ top: 0, behavior: 'smooth' });
            }}
          />
        </>
      ) : null}
    </div>
  );
}

function FeaturedStrip() {
  const featured = trpc.public.events.featured.useQuery({ limit: 8 });
  if (featured.isPending) return <Spinner label="Loading featured events…" />;
  if (featured.isError) return <ErrorNotice error={featured.error} onRetry={() => void featured.refetch()} />;
  if (featured.data.length === 0) return null;
  return (
    <section aria-labelledby="featured-title">
      <h2 id="featured-title" className="section-title">
        Featured
      </h2>
      <div className="featured-strip" data-testid="featured-events">
        {featured.data.map((e) => (
          <EventCard key={e.id} event={e} />
        ))}
      </div>
    </section>
  );
}

function Filters({
  params,
  update,
  clear,
}: {
  params: URLSearchParams;
  update: (changes: Record<string, string | null>) => void;
  clear: () => void;
}) {
  const id = useId();
  const categories = trpc.public.events.categories.useQuery({});
  const urlQ = params.get('q') ?? '';
  const urlCity = params.get('city') ?? '';
  const [q, setQ] = useState(urlQ);
  const [city, setCity] = useState(urlCity);
  // follow the URL when it changes from outside (back button, "Clear filters")
  useEffect(() => setQ(urlQ), [urlQ]);
  useEffect(() => setCity(urlCity), [urlCity]);

  const counts = new Map<string, number>(categories.data?.map((c) => [c.category, c.upcoming]));
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const sort = `${params.get('sort') ?? 'date-asc'}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    update({ q: q.trim() || null, city: city.trim() || null });
  };

  return (
    <form className="filters" onSubmit={submit} aria-label="Filter events">
      <div className="ui-field filters__search">
        <label htmlFor={`${id}-q`}>Search</label>
        <div className="filters__search-row">
          <input
            id={`${id}-q`}
            className="ui-input"
            type="search"
            value={q}
            maxLength={100}
            placeholder="Artist, team, venue, organizer…"
            onChange={(e) => setQ(e.target.value)}
          />
          <button type="submit" className="ui-button">
            Search
          </button>
        </div>
      </div>
      <div className="ui-field">
        <label htmlFor={`${id}-category`}>Category</label>
        <select
          id={`${id}-category`}
          className="ui-select"
          value={params.get('category') ?? ''}
          onChange={(e) => update({ category: e.target.value || null })}
        >
          <option value="">All categories</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {categoryLabel(c)}
              {counts.has(c) ? ` (${counts.get(c)})` : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="ui-field">
        <label htmlFor={`${id}-city`}>City</label>
        <input
          id={`${id}-city`}
          className="ui-input"
          value={city}
          maxLength={80}
          placeholder="e.g. Cairo"
          onChange={(e) => setCity(e.target.value)}
          onBlur={() => city.trim() !== urlCity && update({ city: city.trim() || null })}
        />
      </div>
      <div className="ui-field">
        <label htmlFor={`${id}-from`}>From date</label>
        <input
          id={`${id}-from`}
          className="ui-input"
          type="date"
          value={from}
          max={to || undefined}
          onChange={(e) => update({ from: e.target.value || null })}
        />
      </div>
      <div className="ui-field">
        <label htmlFor={`${id}-to`}>To date</label>
        <input
          id={`${id}-to`}
          className="ui-input"
          type="date"
          value={to}
          min={from || undefined}
          onChange={(e) => update({ to: e.target.value || null })}
        />
      </div>
      <div className="ui-field">
        <label htmlFor={`${id}-sort`}>Sort by</label>
        <select
          id={`${id}-sort`}
          className="ui-select"
          value={SORTS.some((s) => s.value === sort) ? sort : 'date-asc'}
          onChange={(e) => update({ sort: e.target.value === 'date-asc' ? null : e.target.value })}
        >
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__actions">
        <label className="checkbox" htmlFor={`${id}-featured`}>
          <input
            id={`${id}-featured`}
            type="checkbox"
            checked={params.get('featured') === 'true'}
            onChange={(e) => update({ featured: e.target.checked ? 'true' : null })}
          />
          Featured only
        </label>
        {FILTER_KEYS.some((k) => params.get(k)) && (
          <button type="button" className="link-button" onClick={clear}>
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}
