import { EmptyState, type RouterOutputs, Spinner, trpc } from '@admit/ui';
import { Field, formatDateTime, GuardedButton, Pagination, parsePage } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { LoadError, useAdmin } from '../session.tsx';

type Job = RouterOutputs['admin']['jobs']['list']['items'][number];
type Status = Job['status'];

const PAGE_SIZE = 25;
const STATUSES: readonly Status[] = ['DEAD', 'PENDING', 'RUNNING', 'SUCCEEDED'];
const STATUS_LABELS: Record<Status, string> = {
  DEAD: 'Dead',
  PENDING: 'Pending',
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
};
const STATUS_BADGE: Record<Status, string> = {
  DEAD: 'badge--bad',
  PENDING: 'badge--warn',
  RUNNING: 'badge--muted',
  SUCCEEDED: 'badge--ok',
};
const COUNT_KEY: Record<Status, 'dead' | 'pending' | 'running' | 'succeeded'> = {
  DEAD: 'dead',
  PENDING: 'pending',
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
};

/**
 * Background jobs (the dead-letter view): jobs by status with attempts and the last error. A
 * dead job — out of attempts — can be retried; it then runs again with a fresh attempt count.
 */
export function JobsPage() {
  const { can } = useAdmin();
  const utils = trpc.useUtils();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  // the dead letters are what this page is for: shown unless another status is chosen
  const status: Status | undefined =
    raw === 'ALL' ? undefined : STATUSES.includes(raw as Status) ? (raw as Status) : 'DEAD';
  const type = params.get('type')?.trim() || undefined;
  const page = parsePage(params.get('page'));
  const [typeInput, setTypeInput] = useState(type ?? '');
  useEffect(() => setTypeInput(type ?? ''), [type]);
  const [done, setDone] = useState<string | null>(null);

  const list = trpc.admin.jobs.list.useQuery(
    { page, pageSize: PAGE_SIZE, status, type },
    { placeholderData: keepPreviousData },
  );
  const retry = trpc.admin.jobs.retry.useMutation({
    onSuccess: (job) => setDone(`Job ${job.id.slice(0, 8)} (${job.type}) is queued again.`),
    onSettled: () => void utils.admin.jobs.invalidate(),
  });

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const submitType = (e: FormEvent) => {
    e.preventDefault();
    update({ type: typeInput.trim() || undefined });
  };
  const blocked = can('users.write') ? null : 'Your admin role (Support) can view jobs but not retry them.';
  const counts = list.data?.counts;

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Background jobs</h1>
      </div>
      <p className="page-intro">
        E-mails, messages and timed work run as jobs and are retried with backoff. A job that fails every attempt is
        dead: fix the cause, then retry it.
      </p>
      <nav className="job-tabs" aria-label="Job status">
        {[...STATUSES, 'ALL' as const].map((s) => {
          const current = s === 'ALL' ? status === undefined : status === s;
          return (
            <button
              key={s}
              type="button"
              className={`ui-button ui-button--small ${current ? '' : 'ui-button--ghost'}`}
              aria-pressed={current}
              onClick={() => update({ status: s === 'DEAD' ? undefined : s })}
            >
              {s === 'ALL' ? 'All' : STATUS_LABELS[s]}
              {counts && s !== 'ALL' ? ` (${counts[COUNT_KEY[s]]})` : ''}
            </button>
          );
        })}
      </nav>
      <search aria-label="Filter jobs">
        <form className="filters" onSubmit={submitType}>
          <div className="filters__wide">
            <Field
              label="Job type starts with"
              name="type"
              placeholder="e.g. notifications."
              maxLength={100}
              value={typeInput}
              onChange={(e) => setTypeInput(e.target.value)}
            />
          </div>
          <div className="filters__actions">
            <button type="submit" className="ui-button ui-button--small">
              Filter
            </button>
          </div>
        </form>
      </search>

      {done && (
        <div className="notice notice--ok" role="status">
          {done}
        </div>
      )}
      {retry.error && <LoadError error={retry.error} />}

      {list.isPending ? (
        <Spinner label="Loading jobs…" />
      ) : list.error && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data || list.data.items.length === 0 ? (
        <EmptyState title={status === 'DEAD' ? 'No dead jobs' : 'No jobs match'}>
          {status === 'DEAD' ? 'Every job succeeded or is still being retried.' : null}
        </EmptyState>
      ) : (
        <>
          <div className="results-bar">
            <span className="muted small" aria-live="polite">
              {list.data.total} {list.data.total === 1 ? 'job' : 'jobs'}
              {list.isFetching ? ' · updating…' : ''}
            </span>
          </div>
          <div className="table-card">
            <table className="data-table" data-testid="jobs-table">
              <caption className="visually-hidden">Background jobs, most recently changed first</caption>
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last error</th>
                  <th scope="col">Updated</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((j) => (
                  <tr key={j.id} data-testid="job-row" data-status={j.status}>
                    <td data-label="Type">
                      <code className="mono">{j.type}</code>
                      <span className="cell-sub mono" title={j.id}>
                        {j.id.slice(0, 8)}
                      </span>
                    </td>
                    <td data-label="Status">
                      <span className={`ui-badge ${STATUS_BADGE[j.status]}`}>{STATUS_LABELS[j.status]}</span>
                    </td>
                    <td data-label="Attempts" className="nowrap">
                      {j.attempts} / {j.maxAttempts}
                    </td>
                    <td data-label="Last error" className="log-message">
                      {j.lastError ?? <span className="muted">—</span>}
                    </td>
                    <td data-label="Updated" className="nowrap">
                      <time dateTime={new Date(j.updatedAt).toISOString()}>{formatDateTime(j.updatedAt)}</time>
                      {j.status === 'PENDING' && <span className="cell-sub">next run {formatDateTime(j.runAt)}</span>}
                    </td>
                    <td data-label="Actions">
                      {j.status === 'DEAD' && (
                        <GuardedButton
                          className="ui-button ui-button--small"
                          blockedReason={blocked}
                          disabled={retry.isPending}
                          onClick={() => {
                            setDone(null);
                            retry.reset();
                            retry.mutate({ id: j.id });
                          }}
                        >
                          Retry
                        </GuardedButton>
                      )}
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
            onPage={(p) => update({ page: p > 1 ? String(p) : undefined })}
          />
        </>
      )}
    </div>
  );
}
