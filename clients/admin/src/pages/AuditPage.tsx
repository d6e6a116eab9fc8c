import { fieldError, type RouterOutputs, trpc } from '@admit/ui';
import { Field, formatDateTime } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { Link } from 'react-router';
import { DateRangeAndActions, LogResults, useUrlFilters } from '../components/LogList.tsx';
import { ROLE_LABELS } from '../permissions.ts';
import { endOfLocalDay, prettyJson, startOfLocalDay } from '../util.ts';

type Entry = RouterOutputs['admin']['audit']['list']['items'][number];

const PAGE_SIZE = 25;
const FILTER_KEYS = ['action', 'actorId', 'targetType', 'targetId', 'from', 'to'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type FilterForm = Record<FilterKey, string>;

/** The procedure's filters from the form: empty fields left out, days → local-midnight instants. */
function toQuery(f: FilterForm) {
  return {
    action: f.action || undefined,
    actorId: f.actorId || undefined,
    targetType: f.targetType || undefined,
    targetId: f.targetId || undefined,
    from: f.from ? startOfLocalDay(f.from) : undefined,
    to: f.to ? endOfLocalDay(f.to) : undefined,
  };
}

/** `/api/logs/audit/export.csv` with the same filters (the session cookie authenticates the download). */
function exportHref(f: FilterForm): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(toQuery(f))) {
    if (v instanceof Date) qs.set(k, v.toISOString());
    else if (v) qs.set(k, v);
  }
  const s = qs.toString();
  return `/api/logs/audit/export.csv${s ? `?${s}` : ''}`;
}

function Actor({ e }: { e: Entry }) {
  if (!e.actorId) return <span className="muted">— (not signed in)</span>;
  return (
    <span>
      <Link to={`/users/${e.actorId}`} className="cell-main">
        {e.actorName || 'Unnamed'}
      </Link>
      <span className="cell-sub">
        {e.actorLogin ?? ''}
        {e.actorRole ? ` · ${ROLE_LABELS[e.actorRole]}` : ''}
      </span>
    </span>
  );
}

function Target({ e }: { e: Entry }) {
  if (!e.targetType) return <span className="muted">—</span>;
  if (!e.targetId) return <span>{e.targetType}</span>;
  const label = `${e.targetType} ${e.targetId.slice(0, 8)}`;
  return e.targetType === 'user' ? (
    <Link to={`/users/${e.targetId}`} className="mono" title={e.targetId}>
      {label}
    </Link>
  ) : (
    <span className="mono" title={e.targetId}>
      {label}
    </span>
  );
}

function Details({ e }: { e: Entry }) {
  const before = prettyJson(e.before);
  const after = prettyJson(e.after);
  if (!before && !after && !e.userAgent) return <span className="muted">—</span>;
  return (
    <details className="audit-details">
      <summary>View</summary>
      {before && (
        <>
          <span className="audit-details__label">Before</span>
          <pre>{before}</pre>
        </>
      )}
      {after && (
        <>
          <span className="audit-details__label">After</span>
          <pre>{after}</pre>
        </>
      )}
      {e.userAgent && (
        <>
          <span className="audit-details__label">User agent</span>
          <span className="small">{e.userAgent}</span>
        </>
      )}
    </details>
  );
}

/** The audit log: newest first, filters in the query string, CSV export of the same filters. */
export function AuditPage() {
  const filters = useUrlFilters(FILTER_KEYS);
  const { form, set } = filters;
  const list = trpc.admin.audit.list.useQuery(
    { page: filters.page, pageSize: PAGE_SIZE, ...toQuery(filters.applied) },
    { placeholderData: keepPreviousData },
  );

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Audit log</h1>
        <a className="ui-button ui-button--ghost" href={exportHref(filters.applied)} download>
          Export CSV
        </a>
      </div>
      <p className="page-intro">Sign-ins, account changes and every admin action, newest first.</p>
      <search aria-label="Filter the audit log">
        <form className="filters filters--audit" onSubmit={filters.apply}>
          <Field
            label="Action starts with"
            name="action"
            placeholder="e.g. auth. or user.disabled"
            maxLength={64}
            value={form.action}
            onChange={set('action')}
            error={fieldError(list.error, 'action')}
          />
          <Field
            label="Actor ID"
            name="actorId"
            placeholder="User ID"
            maxLength={36}
            value={form.actorId}
            onChange={set('actorId')}
            error={fieldError(list.error, 'actorId')}
          />
          <Field
            label="Target type"
            name="targetType"
            placeholder="e.g. user"
            maxLength={32}
            value={form.targetType}
            onChange={set('targetType')}
            error={fieldError(list.error, 'targetType')}
          />
          <Field
            label="Target ID"
            name="targetId"
            maxLength={64}
            value={form.targetId}
            onChange={set('targetId')}
            error={fieldError(list.error, 'targetId')}
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
        loadingLabel="Loading the audit log…"
        emptyTitle="The audit log is empty"
        filtered={filters.filtered}
        testId="audit-table"
        caption="Audit log entries, newest first"
        columns={['Time', 'Action', 'Actor', 'Target', 'IP', 'Details']}
        onPage={filters.setPage}
      >
        {(list.data?.items ?? []).map((e) => (
          <tr key={e.id} data-testid="audit-row" data-action={e.action}>
            <td data-label="Time" className="nowrap">
              <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at)}</time>
            </td>
            <td data-label="Action">
              <code className="mono">{e.action}</code>
            </td>
            <td data-label="Actor">
              <Actor e={e} />
            </td>
            <td data-label="Target">
              <Target e={e} />
            </td>
            <td data-label="IP" className="mono">
              {e.ip ?? '—'}
            </td>
            <td data-label="Details">
              <Details e={e} />
            </td>
          </tr>
        ))}
      </LogResults>
    </div>
  );
}
