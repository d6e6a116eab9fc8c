import { EmptyState, errorInfo, fieldError, type RouterOutputs, Spinner, trpc } from '@admit/ui';
import { Field, FormError, formatDateTime, Pagination, parsePage, SelectField } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { LoadError } from '../session.tsx';
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

const readFilters = (params: URLSearchParams): FilterForm =>
  Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k)?.trim() ?? ''])) as FilterForm;

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
  const [params, setParams] = useSearchParams();
  const applied = readFilters(params);
  const page = parsePage(params.get('page'));
  const [form, setForm] = useState<FilterForm>(applied);
  const paramsKey = params.toString();
  // re-read the form when the URL changes (back/forward, request-id links)
  useEffect(() => setForm(readFilters(new URLSearchParams(paramsKey))), [paramsKey]);

  const list = trpc.admin.logs.system.useQuery(
    { page, pageSize: PAGE_SIZE, ...toQuery(applied) },
    { placeholderData: keepPreviousData },
  );
  const filtered = FILTER_KEYS.some((k) => applied[k]);
  const set = (key: FilterKey) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const go = (f: FilterForm) => {
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) if (f[k].trim()) next.set(k, f[k].trim());
    setParams(next);
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    go(form);
  };
  const badInput = !!list.error && Object.keys(errorInfo(list.error).fieldErrors).length > 0;
  const sources = list.data?.sources ?? [];

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">System logs</h1>
        <a className="ui-button ui-button--ghost" href={exportHref(applied)} download>
          Export CSV
        </a>
      </div>
      <p className="page-intro">
        Warnings, errors and notable events of the server and its background jobs, newest first. Secrets are never
        logged.
      </p>
      <search aria-label="Filter the system logs">
        <form className="filters filters--audit" onSubmit={apply}>
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
          <Field
            label="From"
            name="from"
            type="date"
            value={form.from}
            onChange={set('from')}
            max={form.to || undefined}
          />
          <Field label="To" name="to" type="date" value={form.to} onChange={set('to')} min={form.from || undefined} />
          <div className="filters__actions">
            <button type="submit" className="ui-button ui-button--small">
              Apply filters
            </button>
            {filtered && (
              <button type="button" className="link-button small" onClick={() => setParams(new URLSearchParams())}>
                Clear filters
              </button>
            )}
          </div>
        </form>
      </search>

      {badInput ? (
        <FormError error={list.error} fields={FILTER_KEYS} />
      ) : list.isPending ? (
        <Spinner label="Loading the system logs…" />
      ) : list.error && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data || list.data.items.length === 0 ? (
        <EmptyState title={filtered ? 'No entries match these filters' : 'No system log entries yet'} />
      ) : (
        <>
          <div className="results-bar">
            <span className="muted small" aria-live="polite">
              {list.data.total} {list.data.total === 1 ? 'entry' : 'entries'}
              {list.isFetching ? ' · updating…' : ''}
            </span>
          </div>
          {list.error && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
          <div className="table-card">
            <table className="data-table" data-testid="system-log-table">
              <caption className="visually-hidden">System log entries, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Level</th>
                  <th scope="col">Source</th>
                  <th scope="col">Message</th>
                  <th scope="col">Request</th>
                  <th scope="col">Context</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((e) => (
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
                          onClick={() => go({ ...readFilters(new URLSearchParams()), requestId: e.requestId ?? '' })}
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
              </tbody>
            </table>
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
            }}
          />
        </>
      )}
    </div>
  );
}
