/**
 * The event's scan log (seed 003 Plan 5 Phase 3): 10 per page, filters in the URL, detail on
 * click; below it, this device's own scans from IndexedDB with their upload state (readable
 * offline, when the event's log cannot load).
 */
import type { TCheckInResult } from '@admit/shared';
import { EmptyState, ErrorNotice, Spinner, trpc } from '@admit/ui';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { dateTimeInZone, RESULT_LABELS, RESULTS, timeInZone } from '../lib/format.ts';
import type { LocalScanLog } from '../offline/db.ts';
import { useGate, useGateStatus } from '../offline/gate-context.tsx';
import { useUsherSession } from '../session.tsx';

const PAGE_SIZE = 10;

interface Filters {
  result: string;
  cardId: string;
  username: string;
  attendee: string;
}

function isResult(v: string): v is TCheckInResult {
  return (RESULTS as string[]).includes(v);
}

function readFilters(p: URLSearchParams): Filters {
  return {
    result: p.get('result') ?? '',
    cardId: p.get('cardId') ?? '',
    username: p.get('username') ?? '',
    attendee: p.get('attendee') ?? '',
  };
}

export function LogsPage() {
  const { event, scanSeq } = useUsherSession();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const page = Math.max(1, Math.min(10_000, Number.parseInt(params.get('page') ?? '1', 10) || 1));
  const openId = params.get('log');

  const input = {
    page,
    pageSize: PAGE_SIZE,
    ...(isResult(filters.result) ? { result: filters.result } : {}),
    ...(filters.cardId.trim() ? { cardId: filters.cardId.trim().slice(0, 64) } : {}),
    ...(filters.username.trim() ? { username: filters.username.trim().slice(0, 40) } : {}),
    ...(filters.attendee.trim() ? { attendeeName: filters.attendee.trim().slice(0, 80) } : {}),
  };
  const logs = trpc.usher.scan.logs.useQuery(input, { placeholderData: keepPreviousData, staleTime: 10_000 });

  // scans announced by the live feed since the list was last loaded
  const seqNow = useRef(scanSeq);
  seqNow.current = scanSeq;
  const [seqAtLoad, setSeqAtLoad] = useState(scanSeq);
  useEffect(() => {
    if (logs.dataUpdatedAt) setSeqAtLoad(seqNow.current);
  }, [logs.dataUpdatedAt]);
  const newScans = scanSeq - seqAtLoad;

  function update(next: Record<string, string | null>) {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p);
  }

  const data = logs.data;
  const totalPages = Math.max(1, data?.totalPages ?? 1);
  const filtered = !!(filters.result || filters.cardId || filters.username || filters.attendee);

  return (
    <div className="us-logs">
      <section className="us-panel">
        <div className="us-panel__head">
          <h2>Scan log</h2>
          {data && (
            <span className="us-muted us-small" data-testid="logs-total">
              {data.total} {data.total === 1 ? 'scan' : 'scans'}
              {filtered ? ' match' : ' at this event'}
            </span>
          )}
        </div>

        <FilterForm
          key={params.toString()}
          initial={filters}
          onApply={(f) =>
            update({
              result: f.result,
              cardId: f.cardId.trim(),
              username: f.username.trim(),
              attendee: f.attendee.trim(),
              page: null,
              log: null,
            })
          }
          onClear={() => setParams(new URLSearchParams())}
        />

        {newScans > 0 && (
          <button type="button" className="us-newscans" onClick={() => void logs.refetch()}>
            {newScans} new {newScans === 1 ? 'scan' : 'scans'} recorded — refresh
          </button>
        )}

        {logs.isPending && logs.fetchStatus === 'paused' ? (
          <p className="us-note" data-testid="logs-offline">
            The event’s scan log needs the network. This device’s own scans are listed below.
          </p>
        ) : logs.isPending ? (
          <Spinner label="Loading the scan log…" />
        ) : logs.error && !data ? (
          <ErrorNotice error={logs.error} onRetry={() => void logs.refetch()} />
        ) : data && data.items.length === 0 ? (
          <EmptyState title={filtered ? 'No scans match these filters' : 'No scans yet'}>
            {filtered ? (
              <button type="button" className="us-btn us-btn--ghost" onClick={() => setParams(new URLSearchParams())}>
                Clear filters
              </button>
            ) : (
              <p>Scans at every gate of this event will be listed here.</p>
            )}
          </EmptyState>
        ) : data ? (
          <>
            {logs.error && <ErrorNotice error={logs.error} onRetry={() => void logs.refetch()} />}
            <div className={logs.isPlaceholderData ? 'us-table-wrap us-stale' : 'us-table-wrap'}>
              <table className="us-table" data-testid="logs-table">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Result</th>
                    <th scope="col">Attendee</th>
                    <th scope="col">Code ref</th>
                    <th scope="col">Usher</th>
                    <th scope="col">Gate</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((row) => (
                    <tr
                      key={row.id}
                      className={row.id === openId ? 'us-row us-row--open' : 'us-row'}
                      data-testid="log-row"
                      tabIndex={0}
                      aria-label={`${RESULT_LABELS[row.result]} scan of ${row.attendeeName ?? row.codeRef}, show details`}
                      onClick={() => update({ log: row.id })}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter' || e.key === ' ') {
                          e.preventDefault();
                          update({ log: row.id });
                        }
                      }}
                    >
                      <td data-label="Time">{dateTimeInZone(row.scannedAt, event.timeZone)}</td>
                      <td data-label="Result">
                        <span className={`us-result-pill us-result-pill--${row.result}`}>
                          {RESULT_LABELS[row.result]}
                        </span>
                        {row.direction === 'EXIT' && <span className="us-chip">exit</span>}
                        {row.offline && <span className="us-chip us-chip--offline">offline</span>}
                        {row.conflict && <span className="us-chip us-chip--conflict">double admission</span>}
                      </td>
                      <td data-label="Attendee">{row.attendeeName ?? <span className="us-muted">—</span>}</td>
                      <td data-label="Code ref" className="us-mono">
                        {row.codeRef}
                      </td>
                      <td data-label="Usher">{row.usherUsername ?? '—'}</td>
                      <td data-label="Gate">{row.gateName ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="us-pager" aria-label="Pages">
              <button
                type="button"
                className="us-btn us-btn--ghost"
                disabled={page <= 1 || logs.isFetching}
                onClick={() => update({ page: page - 1 > 1 ? String(page - 1) : null, log: null })}
              >
                Prev
              </button>
              <span data-testid="logs-page">
                Page {Math.min(page, totalPages)} of {totalPages}
              </span>
              <button
                type="button"
                className="us-btn us-btn--ghost"
                disabled={page >= totalPages || logs.isFetching}
                onClick={() => update({ page: String(page + 1), log: null })}
              >
                Next
              </button>
            </nav>
          </>
        ) : null}
      </section>

      <DeviceLog timeZone={event.timeZone} />

      {openId && <LogDetail id={openId} timeZone={event.timeZone} onClose={() => update({ log: null })} />}
    </div>
  );
}

const LOCAL_STATUS: Record<LocalScanLog['status'], string> = {
  ONLINE: 'Checked by the server',
  PENDING: 'Waiting to upload',
  APPLIED: 'Uploaded',
  DUPLICATE: 'Uploaded (already known)',
};

/** This device's scans (IndexedDB), newest first, 10 per page. */
function DeviceLog({ timeZone }: { timeZone: string }) {
  const gate = useGate();
  const status = useGateStatus();
  const [rows, setRows] = useState<LocalScanLog[] | null>(null);
  const [page, setPage] = useState(1);
  const [query, setQuery] = useState('');
  // reload whenever the sync state changes (a scan queued or uploaded)
  useEffect(() => {
    if (!gate) return;
    let alive = true;
    const load = () => void gate.store.recentLogs().then((r) => alive && setRows(r));
    load();
    const unsubscribe = gate.sync.subscribe(load);
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [gate]);
  if (!gate) return null;
  const q = query.trim().toLowerCase();
  const shown = (rows ?? []).filter(
    (r) =>
      !q ||
      r.codeRef.toLowerCase().includes(q) ||
      (r.attendeeName ?? '').toLowerCase().includes(q) ||
      RESULT_LABELS[r.result].toLowerCase().includes(q),
  );
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  return (
    <section className="us-panel" aria-labelledby="device-log-title" data-testid="device-log">
      <div className="us-panel__head">
        <h2 id="device-log-title">This device</h2>
        <span className="us-muted us-small">
          {status.pending > 0 ? `${status.pending} waiting to upload` : 'everything uploaded'}
        </span>
      </div>
      <div className="ui-field">
        <label htmlFor="device-log-q">Search card id, ticket, name or result</label>
        <input
          id="device-log-q"
          className="us-input"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setPage(1);
          }}
          maxLength={80}
        />
      </div>
      {rows === null ? (
        <Spinner label="Reading this device's scans…" />
      ) : shown.length === 0 ? (
        <p className="us-muted us-small">{q ? 'No scan of this device matches.' : 'No scans on this device yet.'}</p>
      ) : (
        <>
          <div className="us-table-wrap">
            <table className="us-table">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Result</th>
                  <th scope="col">Attendee</th>
                  <th scope="col">Code ref</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {shown.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE).map((r) => (
                  <tr key={r.nonce} data-testid="device-log-row" data-status={r.status}>
                    <td data-label="Time">{dateTimeInZone(r.scannedAt, timeZone)}</td>
                    <td data-label="Result">
                      <span className={`us-result-pill us-result-pill--${r.result}`}>{RESULT_LABELS[r.result]}</span>
                      {r.direction === 'EXIT' && <span className="us-chip">exit</span>}
                      {r.offline && <span className="us-chip us-chip--offline">offline</span>}
                    </td>
                    <td data-label="Attendee">{r.attendeeName ?? <span className="us-muted">—</span>}</td>
                    <td data-label="Code ref" className="us-mono">
                      {r.codeRef}
                    </td>
                    <td data-label="State">
                      {LOCAL_STATUS[r.status]}
                      {r.serverResult && r.serverResult !== r.result && ` · server: ${RESULT_LABELS[r.serverResult]}`}
                      {r.conflict && <strong className="us-warn-text"> · double admission</strong>}
                      {r.unverified && <span className="us-muted"> · unverified</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 && (
            <nav className="us-pager" aria-label="Device log pages">
              <button
                type="button"
                className="us-btn us-btn--ghost"
                disabled={current <= 1}
                onClick={() => setPage(current - 1)}
              >
                Prev
              </button>
              <span>
                Page {current} of {pages}
              </span>
              <button
                type="button"
                className="us-btn us-btn--ghost"
                disabled={current >= pages}
                onClick={() => setPage(current + 1)}
              >
                Next
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

function FilterForm({
  initial,
  onApply,
  onClear,
}: {
  initial: Filters;
  onApply: (f: Filters) => void;
  onClear: () => void;
}) {
  const [f, setF] = useState(initial);
  const id = useId();
  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setF((old) => ({ ...old, [k]: e.target.value }));
  function submit(e: FormEvent) {
    e.preventDefault();
    onApply(f);
  }
  return (
    <form className="us-filters" onSubmit={submit} aria-label="Filter scans">
      <div className="ui-field">
        <label htmlFor={`${id}-result`}>Result</label>
        <select id={`${id}-result`} className="us-select" value={f.result} onChange={set('result')}>
          <option value="">All results</option>
          {RESULTS.map((r) => (
            <option key={r} value={r}>
              {RESULT_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="ui-field">
        <label htmlFor={`${id}-card`}>Card ID or reference</label>
        <input
          id={`${id}-card`}
          className="us-input"
          value={f.cardId}
          onChange={set('cardId')}
          maxLength={64}
          autoCapitalize="none"
          spellCheck={false}
        />
      </div>
      <div className="ui-field">
        <label htmlFor={`${id}-user`}>Usher username</label>
        <input
          id={`${id}-user`}
          className="us-input"
          value={f.username}
          onChange={set('username')}
          maxLength={40}
          autoCapitalize="none"
          spellCheck={false}
        />
      </div>
      <div className="ui-field">
        <label htmlFor={`${id}-name`}>Attendee name</label>
        <input id={`${id}-name`} className="us-input" value={f.attendee} onChange={set('attendee')} maxLength={80} />
      </div>
      <div className="us-filters__actions">
        <button type="submit" className="us-btn us-btn--primary">
          Search
        </button>
        <button type="button" className="us-btn us-btn--ghost" onClick={onClear}>
          Clear
        </button>
      </div>
    </form>
  );
}

const METHOD_LABEL = { QR: 'QR code (camera)', NFC: 'NFC card', MANUAL: 'Typed in' } as const;

function LogDetail({ id, timeZone, onClose }: { id: string; timeZone: string; onClose: () => void }) {
  const log = trpc.usher.scan.log.useQuery({ id });
  const closeBtn = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeBtn.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const d = log.data;
  return (
    <div className="us-drawer-layer">
      <button type="button" className="us-drawer-backdrop" aria-label="Close details" tabIndex={-1} onClick={onClose} />
      <section
        className="us-drawer"
        role="dialog"
        aria-modal="true"
        aria-labelledby="log-detail-title"
        data-testid="log-detail"
      >
        <div className="us-panel__head">
          <h2 id="log-detail-title">Scan details</h2>
          <button ref={closeBtn} type="button" className="us-btn us-btn--ghost us-btn--small" onClick={onClose}>
            Close
          </button>
        </div>
        {log.isPending ? (
          <Spinner label="Loading the scan…" />
        ) : log.error ? (
          <ErrorNotice error={log.error} onRetry={() => void log.refetch()} />
        ) : d ? (
          <>
            <p>
              <span className={`us-result-pill us-result-pill--${d.result} us-result-pill--big`}>
                {RESULT_LABELS[d.result]}
              </span>
            </p>
            <dl className="us-detail">
              <dt>Attendee</dt>
              <dd>{d.attendeeName ?? '—'}</dd>
              <dt>Code ref</dt>
              <dd className="us-mono">{d.codeRef}</dd>
              {d.reason && (
                <>
                  <dt>Reason</dt>
                  <dd>{d.reason.replace(/_/g, ' ').toLowerCase()}</dd>
                </>
              )}
              <dt>Method</dt>
              <dd>{METHOD_LABEL[d.method]}</dd>
              <dt>Direction</dt>
              <dd>{d.direction === 'EXIT' ? 'Exit' : 'Entry'}</dd>
              <dt>Checked</dt>
              <dd>{d.offline ? 'On the device, offline (uploaded later)' : 'By the server'}</dd>
              {d.conflict && (
                <>
                  <dt>Conflict</dt>
                  <dd className="us-warn-text">
                    Second admission of this ticket made offline at another gate
                    {d.conflictWithId ? ` (first: ${d.conflictWithId.slice(0, 8)}…)` : ''}
                  </dd>
                </>
              )}
              <dt>Usher</dt>
              <dd>{d.usherUsername ?? '—'}</dd>
              <dt>Gate</dt>
              <dd>{d.gateName ?? '—'}</dd>
              <dt>Device</dt>
              <dd className="us-mono">{d.deviceId ?? '—'}</dd>
              <dt>Scanned</dt>
              <dd>{dateTimeInZone(d.scannedAt, timeZone)}</dd>
              <dt>Recorded</dt>
              <dd>
                {d.recordedAt.getTime() === d.scannedAt.getTime()
                  ? 'at the same time'
                  : timeInZone(d.recordedAt, timeZone)}
              </dd>
              <dt>Scan id</dt>
              <dd className="us-mono us-small">{d.id}</dd>
            </dl>
          </>
        ) : null}
      </section>
    </div>
  );
}
