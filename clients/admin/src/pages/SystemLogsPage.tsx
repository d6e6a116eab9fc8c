import { fieldError, type RouterOutputs, trpc } from '@admit/ui';
import { Field, formatDateTime, SelectField } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { DateRangeAndActions, LogResults, useUrlFilters } from '../components/LogList.tsx';
import { endOfLocalDay, prettyJson, startOfLocalDay } from '../util.ts';

type Entry = RouterOutputs['admin']['logs']['system']['items'][number];
type Level = Entry['level'];

const PAGE_SIZE = 50;
const LEVELS: readonly Level[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const LEVEL_BADGE: Record<Level, string> = {
  DEBUG: 'badge--muted',
  INFO: 'badge--muted',
  WARN: 'badge--warn',
  ERROR: 'badge--bad',
  FATAL: 'badge--bad',
};
const FILTER_KEYS = ['level', 'source', 'q', 'requestId', 'from', 'to'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type FilterForm = Record<FilterKey, string>;

/** The procedure's filters from the form: empty fields left out, days → local-midnight instants. */
function toQuery(f: FilterForm) {
  return {
    level: LEVELS.includes(f.level as Level) ? (f.level as Level) : undefined,
    source: f.source || undefined,
    q: f.q || undefined,
    requestId: f.requestId || undefined,
    from: f.from ? startOfLocalDay(f.from) : undefined,
    to: f.to ? endOfLocalDay(f.to) : undefined,
  };
}

/** `/api/logs/system/export.csv` with the same filters (the session cookie authenticates the download). */
function exportHref(f: FilterForm): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(toQuery(f))) {
    if (v instanceof Date) qs.set(k, v.toISOString());
    else if (v) qs.set(k, v);
  }
  const s = qs.toString();
  return `/api/logs/system/export.csv${s ? `?${s}` : ''}`;
}

function Context({ e }: { e: Entry }) {
  const text = prettyJson(e.context);
  if (!text) return <span className="muted">—</span>;
  return (
    <details className="audit-details">
      <summary>View</summary>
      <pre>{text}</pre>
    </details>
  );
}

/**
 * The system log (seed 003 `logs/system`): warnings, errors and notable events of the server and
 * its workers, newest first. A request id links every line of one request (and its jobs).
 */
export function SystemLogsPage() {
  const filters = useUrlFilters(FILTER_KEYS);
  const { form, set } = filters;
  const list = trpc.admin.logs.system.useQuery(
    { page: filters.page, pageSize: PAGE_SIZE, ...toQuery(filters.applied) },
    { placeholderData: keepPreviousData },
  );
  const sources = list.data?.sources ?? [];

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">System logs</h1>
        <a className="ui-button ui-button--ghost" href={exportHref(filters.applied)} download>
          Export CSV
        </a>
      </div>
      <p className="page-intro">
        Warnings, errors and notable events of the server and its background jobs, newest first. Secrets are never
        logged.
      </p>
      <search aria-label="Filter the system logs">
        <form className="filters filters--audit" onSubmit={filters.apply}>
          <SelectField label="Level" name="level" value={form.level} onChange={set('level')}>
            <option value="">Any level</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l} and above
              </option>
            ))}
          </SelectField>
          <SelectField label="Source" name="source" value={form.source} onChange={set('source')}>
            <option value="">Any source</option>
            {[...new Set([...sources, ...(form.source ? [form.source] : [])])].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </SelectField>
          <Field
            label="Message contains"
            name="q"
            type="search"
            maxLength={200}
            value={form.q}
            onChange={set('q')}
            error={fieldError(list.error, 'q')}
          />
          <Field
            label="Request ID"
            name="requestId"
            maxLength={128}
            value={form.requestId}
            onChange={set('requestId')}
            error={fieldError(list.error, 'requestId')}
          />
          <DateRangeAndActions
            from={form.from}
            to={form.to}
            onFrom={set('from')}
            onTo={set('to')}
            filtered={filters.filtered}
            onClear={filters.clear}
          />
        </form>
      </search>

      <LogResults
        list={list}
        filterKeys={FILTER_KEYS}
        loadingLabel="Loading the system logs…"
        emptyTitle="No system log entries yet"
        filtered={filters.filtered}
        testId="system-log-table"
        caption="System log entries, newest first"
        columns={['Time', 'Level', 'Source', 'Message', 'Request', 'Context']}
        onPage={filters.setPage}
      >
        {(list.data?.items ?? []).map((e) => (
          <tr key={e.id} data-testid="system-log-row" data-level={e.level}>
            <td data-label="Time" className="nowrap">
              <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time>
            </td>
            <td data-label="Level">
              <span className={`ui-badge ${LEVEL_BADGE[e.level]}`}>{e.level}</span>
            </td>
            <td data-label="Source">
              <code className="mono">{e.source}</code>
            </td>
            <td data-label="Message" className="log-message">
              {e.message}
            </td>
            <td data-label="Request" className="nowrap">
              {e.requestId ? (
                <button
                  type="button"
                  className="link-button mono small"
                  title={`Every entry of request ${e.requestId}`}
                  onClick={() => filters.go({ ...filters.empty(), requestId: e.requestId ?? '' })}
                >
                  {e.requestId.slice(0, 8)}
                </button>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td data-label="Context">
              <Context e={e} />
            </td>
          </tr>
        ))}
      </LogResults>
    </div>
  );
}
