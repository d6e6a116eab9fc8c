/**
 * The back-office list (ADR 0022): filters, sort, order and page kept in the URL
 * (`useListState`), a results frame with every state (bad filter input, loading, error, empty,
 * count, table, pagination) and sortable column headers (`DataTable`), and the CSV download of
 * the same filters (`CsvExportLink`). Pair it with a server list built on
 * server/src/modules/catalog/list-query.ts: the procedure's input is
 * `{ page, pageSize, sort, order, …filters }` and its export takes the same without the page.
 *
 * ```tsx
 * const state = useListState(['q', 'status'] as const, { sort: 'createdAt', order: 'desc' });
 * const list = trpc.admin.catalog.venues.list.useQuery({ ...state.query(toFilters), pageSize: 25 },
 *   { placeholderData: keepPreviousData });
 * <CsvExportLink path="/api/venues/export.csv" query={state.exportQuery(toFilters)} />
 * <DataTable list={list} state={state} columns={COLUMNS} rowKey={(v) => v.id} … />
 * ```
 */
import { EmptyState, errorInfo, Spinner } from '@admit/ui';
import { FormError, Pagination, parsePage, withPage } from '@admit/ui/console-controls.tsx';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { LoadError } from '../session.tsx';
import './data-table.css';

export type SortOrder = 'asc' | 'desc';
type Form<K extends string> = Record<K, string>;

const readForm = <K extends string>(keys: readonly K[], params: URLSearchParams) =>
  Object.fromEntries(keys.map((k) => [k, params.get(k)?.trim() ?? ''])) as Form<K>;

/**
 * Filters (`applied` from the URL, an editable `form` copy), `sort`/`order` and `page`, all in
 * the query string so a list can be linked, reloaded and navigated back to. Applying filters or
 * changing the sort returns to page 1.
 */
export function useListState<K extends string, S extends string>(
  filterKeys: readonly K[],
  defaults: { sort: S; order: SortOrder },
) {
  const [params, setParams] = useSearchParams();
  const applied = readForm(filterKeys, params);
  const [form, setForm] = useState(applied);
  const paramsKey = params.toString();
  // re-read the form when the URL changes (back/forward, links)
  // biome-ignore lint/correctness/useExhaustiveDependencies: `filterKeys` is a module constant
  useEffect(() => setForm(readForm(filterKeys, new URLSearchParams(paramsKey))), [paramsKey]);
  const sort = (params.get('sort') as S | null) ?? defaults.sort;
  const order: SortOrder =
    params.get('order') === 'asc' ? 'asc' : params.get('order') === 'desc' ? 'desc' : defaults.order;

  const write = (f: Form<K>, s: { sort: S; order: SortOrder }) => {
    const next = new URLSearchParams();
    for (const k of filterKeys) if (f[k].trim()) next.set(k, f[k].trim());
    if (s.sort !== defaults.sort || s.order !== defaults.order) {
      next.set('sort', s.sort);
      next.set('order', s.order);
    }
    setParams(next);
  };
  /** the list procedure's input without `pageSize`: filters (through `toFilters`), sort, order, page */
  const query = <F extends object>(toFilters: (f: Form<K>) => F) => ({
    ...toFilters(applied),
    sort,
    order,
    page: parsePage(params.get('page')),
  });
  return {
    applied,
    form,
    sort,
    order,
    page: parsePage(params.get('page')),
    filtered: filterKeys.some((k) => applied[k]),
    set: (key: K) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
    apply: (e: FormEvent) => {
      e.preventDefault();
      write(form, { sort, order });
    },
    clear: () => write(readForm(filterKeys, new URLSearchParams()), { sort, order }),
    /** clicking a sortable header: the same column flips the order, another starts descending-by-default */
    toggleSort: (key: S) =>
      write(applied, key === sort ? { sort, order: order === 'asc' ? 'desc' : 'asc' } : { sort: key, order: 'asc' }),
    setPage: (p: number) => setParams(withPage(params, p)),
    query,
    /** the export's input: the list's filters and sort, no page */
    exportQuery: <F extends object>(toFilters: (f: Form<K>) => F) => ({ ...toFilters(applied), sort, order }),
  };
}

export type ListState<S extends string = string> = Pick<
  ReturnType<typeof useListState<string, S>>,
  'sort' | 'order' | 'toggleSort' | 'setPage' | 'filtered'
>;

/** `path?query` for a CSV export: empty values left out, dates as ISO 8601 UTC. */
export function csvHref(path: string, query: Record<string, unknown>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v instanceof Date) qs.set(k, v.toISOString());
    else if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const s = qs.toString();
  return `${path}${s ? `?${s}` : ''}`;
}

/** A download link to a list's CSV (the session cookie authenticates the GET). */
export function CsvExportLink({
  path,
  query,
  label = 'Export CSV',
}: {
  path: string;
  query: Record<string, unknown>;
  label?: string;
}) {
  return (
    <a className="ui-button ui-button--ghost" href={csvHref(path, query)} download data-testid="csv-export">
      {label}
    </a>
  );
}

/** A table column: `sortKey` makes its header a sort button (a value of the procedure's `sort` enum). */
export interface Column<T, S extends string = string> {
  header: string;
  cell: (row: T) => ReactNode;
  sortKey?: S;
  /** `num` right-aligns, `nowrap` keeps one line */
  className?: string;
}

interface PagedQuery<T> {
  isPending: boolean;
  isFetching: boolean;
  error: unknown;
  data?: { items: T[]; total: number; page: number; totalPages: number } | undefined;
  refetch: () => unknown;
}

/**
 * Bad filter input (field errors under the filters), loading, error, empty, or the count,
 * the table with sortable headers (`aria-sort`), and pagination.
 */
export function DataTable<T, S extends string>({
  list,
  state,
  columns,
  rowKey,
  rowProps,
  filterKeys,
  noun = ['entry', 'entries'],
  loadingLabel = 'Loading…',
  emptyTitle,
  emptyBody,
  testId,
  caption,
}: {
  list: PagedQuery<T>;
  state: ListState<S>;
  columns: readonly Column<T, S>[];
  rowKey: (row: T) => string;
  /** extra attributes of a row (e.g. `data-testid`) */
  rowProps?: (row: T) => Record<string, string | undefined>;
  filterKeys: readonly string[];
  noun?: [string, string];
  loadingLabel?: string;
  emptyTitle: string;
  emptyBody?: ReactNode;
  testId: string;
  caption: string;
}) {
  const badInput = !!list.error && Object.keys(errorInfo(list.error).fieldErrors).length > 0;
  if (badInput) return <FormError error={list.error} fields={filterKeys} />;
  if (list.isPending) return <Spinner label={loadingLabel} />;
  if (list.error && !list.data) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data || list.data.items.length === 0) {
    return (
      <EmptyState title={state.filtered ? `No ${noun[1]} match these filters` : emptyTitle}>{emptyBody}</EmptyState>
    );
  }
  return (
    <>
      <div className="results-bar">
        <span className="muted small" aria-live="polite" data-testid={`${testId}-count`}>
          {list.data.total} {list.data.total === 1 ? noun[0] : noun[1]}
          {list.isFetching ? ' · updating…' : ''}
        </span>
      </div>
      {list.error && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
      <div className="table-card">
        <table className="data-table" data-testid={testId}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => {
                const active = c.sortKey !== undefined && c.sortKey === state.sort;
                return (
                  <th
                    key={c.header}
                    scope="col"
                    className={c.className}
                    aria-sort={active ? (state.order === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    {c.sortKey ? (
                      <button type="button" className="sort-button" onClick={() => state.toggleSort(c.sortKey!)}>
                        {c.header}
                        <span aria-hidden="true" className="sort-button__mark">
                          {active ? (state.order === 'asc' ? '▲' : '▼') : '↕'}
                        </span>
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((row) => (
              <tr key={rowKey(row)} {...(rowProps?.(row) ?? {})}>
                {columns.map((c) => (
                  <td key={c.header} data-label={c.header} className={c.className}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination
        page={list.data.page}
        totalPages={list.data.totalPages}
        busy={list.isFetching}
        onPage={state.setPage}
      />
    </>
  );
}
