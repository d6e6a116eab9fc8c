/**
 * What the admin log pages (audit log, system logs) share: filters kept in the query string,
 * the date range and Apply/Clear row, and the results frame (bad input, loading, error,
 * empty, count, table, pagination). Each page keeps its own filters and columns.
 */
import { EmptyState, errorInfo, Spinner } from '@admit/ui';
import { Field, FormError, Pagination, parsePage, withPage } from '@admit/ui/console-controls.tsx';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { LoadError } from '../session.tsx';
import { FilterActions } from './ListFilters.tsx';

export type FilterForm<K extends string> = Record<K, string>;

const read = <K extends string>(keys: readonly K[], params: URLSearchParams) =>
  Object.fromEntries(keys.map((k) => [k, params.get(k)?.trim() ?? ''])) as FilterForm<K>;

/** Filters in the URL (`applied`), an editable copy (`form`), and the page number. */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const applied = read(keys, params);
  const [form, setForm] = useState(applied);
  const paramsKey = params.toString();
  // re-read the form when the URL changes (back/forward, links)
  // biome-ignore lint/correctness/useExhaustiveDependencies: `keys` is a module constant
  useEffect(() => setForm(read(keys, new URLSearchParams(paramsKey))), [paramsKey]);
  const go = (f: FilterForm<K>) => {
    const next = new URLSearchParams();
    for (const k of keys) if (f[k].trim()) next.set(k, f[k].trim());
    setParams(next);
  };
  return {
    applied,
    form,
    page: parsePage(params.get('page')),
    filtered: keys.some((k) => applied[k]),
    empty: () => read(keys, new URLSearchParams()),
    set: (key: K) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
    go,
    apply: (e: FormEvent) => {
      e.preventDefault();
      go(form);
    },
    clear: () => setParams(new URLSearchParams()),
    setPage: (p: number) => setParams(withPage(params, p)),
  };
}

/** `From` / `To` day fields and the Apply / Clear buttons that end every filter form. */
export function DateRangeAndActions({
  from,
  to,
  onFrom,
  onTo,
  filtered,
  onClear,
}: {
  from: string;
  to: string;
  onFrom: (e: { target: { value: string } }) => void;
  onTo: (e: { target: { value: string } }) => void;
  filtered: boolean;
  onClear: () => void;
}) {
  return (
    <>
      <Field label="From" name="from" type="date" value={from} onChange={onFrom} max={to || undefined} />
      <Field label="To" name="to" type="date" value={to} onChange={onTo} min={from || undefined} />
      <FilterActions filtered={filtered} onClear={onClear} />
    </>
  );
}

interface PagedQuery {
  isPending: boolean;
  isFetching: boolean;
  error: unknown;
  data?: { items: unknown[]; total: number; page: number; totalPages: number } | undefined;
  refetch: () => unknown;
}

/** Bad input, loading, error, empty, or the count + table + pagination of a paged log query. */
export function LogResults({
  list,
  filterKeys,
  loadingLabel,
  emptyTitle,
  filtered,
  testId,
  caption,
  columns,
  onPage,
  children,
}: {
  list: PagedQuery;
  filterKeys: readonly string[];
  loadingLabel: string;
  emptyTitle: string;
  filtered: boolean;
  testId: string;
  caption: string;
  columns: readonly string[];
  onPage: (page: number) => void;
  /** the table rows */
  children: ReactNode;
}) {
  const badInput = !!list.error && Object.keys(errorInfo(list.error).fieldErrors).length > 0;
  if (badInput) return <FormError error={list.error} fields={filterKeys} />;
  if (list.isPending) return <Spinner label={loadingLabel} />;
  if (list.error && !list.data) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data || list.data.items.length === 0) {
    return <EmptyState title={filtered ? 'No entries match these filters' : emptyTitle} />;
  }
  return (
    <>
      <div className="results-bar">
        <span className="muted small" aria-live="polite">
          {list.data.total} {list.data.total === 1 ? 'entry' : 'entries'}
          {list.isFetching ? ' · updating…' : ''}
        </span>
      </div>
      {list.error && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      <div className="table-card">
        <table className="data-table" data-testid={testId}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </div>
      <Pagination page={list.data.page} totalPages={list.data.totalPages} busy={list.isFetching} onPage={onPage} />
    </>
  );
}
