/**
 * Check-in logs (seed 003 Plan 2 Phase 9, `GET /api/logs/checkin/`): every scan with its
 * result, filtered by event, usher, result, UTC date range and offline conflicts, with CSV.
 */
import { fieldError, type RouterOutputs, trpc } from '@admit/ui';
import { Field, formatDateTime, SelectField } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type Column, CsvExportLink, DataTable, useListState } from '../../components/DataTable.tsx';
import { EnumFilter, ListFilters } from '../../components/ListFilters.tsx';
import { endOfUtcDay, startOfUtcDay } from '../../util.ts';

const FILTERS = ['eventId', 'usherId', 'result', 'from', 'to', 'conflictsOnly'] as const;
const RESULTS = ['VALID', 'INVALID', 'ALREADY_SCANNED', 'NOT_FOUND'] as const;
const UUID = /^[0-9a-f-]{36}$/i;

const toFilters = (f: Record<(typeof FILTERS)[number], string>) => ({
  eventId: UUID.test(f.eventId) ? f.eventId : undefined,
  usherId: UUID.test(f.usherId) ? f.usherId : undefined,
  result: (RESULTS as readonly string[]).includes(f.result) ? (f.result as (typeof RESULTS)[number]) : undefined,
  from: f.from ? startOfUtcDay(f.from) : undefined,
  to: f.to ? endOfUtcDay(f.to) : undefined,
  conflictsOnly: f.conflictsOnly === 'true' ? ('true' as const) : undefined,
});

type Row = RouterOutputs['admin']['logs']['checkin']['items'][number];

const COLUMNS: Column<Row, 'scannedAt'>[] = [
  { header: 'Scanned', sortKey: 'scannedAt', className: 'nowrap', cell: (r) => formatDateTime(r.scannedAt) },
  { header: 'Event', cell: (r) => r.event.title },
  { header: 'Gate', cell: (r) => r.gate?.name ?? '—' },
  { header: 'Usher', cell: (r) => r.usher.username ?? r.usher.name },
  {
    header: 'Result',
    cell: (r) => (
      <span>
        <span className={`ui-badge ${r.result === 'VALID' ? 'badge--ok' : 'badge--bad'}`}>
          {r.result.replace('_', ' ')}
        </span>
        {r.reason && <span className="cell-sub">{r.reason}</span>}
      </span>
    ),
  },
  { header: 'Code', cell: (r) => <code>{r.codeRef}</code> },
  { header: 'Attendee', cell: (r) => r.attendeeName ?? '—' },
  {
    header: 'Flags',
    cell: (r) =>
      `${r.direction === 'EXIT' ? 'exit ' : ''}${r.offline ? 'offline ' : ''}${r.conflict ? 'CONFLICT' : ''}`.trim() ||
      '—',
  },
];

/** `/logs/checkin` */
export function CheckinLogsPage() {
  const state = useListState(FILTERS, { sort: 'scannedAt' as const, order: 'desc' });
  const list = trpc.admin.logs.checkin.useQuery(
    { ...state.query(toFilters), pageSize: 50 },
    { placeholderData: keepPreviousData, retry: false },
  );
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Check-in log</h1>
        <CsvExportLink path="/api/logs/checkin/export.csv" query={state.exportQuery(toFilters)} />
      </div>
      <ListFilters label="Filter the check-in log" state={state} applyLabel="Apply">
        <Field
          label="Event id"
          value={state.form.eventId}
          onChange={state.set('eventId')}
          error={fieldError(list.error, 'eventId')}
        />
        <Field
          label="Usher id"
          value={state.form.usherId}
          onChange={state.set('usherId')}
          error={fieldError(list.error, 'usherId')}
        />
        <EnumFilter
          label="Result"
          any="Any result"
          values={RESULTS}
          labelOf={(r) => r.replace('_', ' ')}
          value={state.form.result}
          onChange={state.set('result')}
        />
        <Field
          label="From (UTC day)"
          type="date"
          value={state.form.from}
          onChange={state.set('from')}
          error={fieldError(list.error, 'from')}
        />
        <Field
          label="Until (UTC day)"
          type="date"
          value={state.form.to}
          onChange={state.set('to')}
          error={fieldError(list.error, 'to')}
        />
        <SelectField label="Conflicts" value={state.form.conflictsOnly} onChange={state.set('conflictsOnly')}>
          <option value="">All scans</option>
          <option value="true">Offline conflicts only</option>
        </SelectField>
      </ListFilters>
      <DataTable
        list={list}
        state={state}
        columns={COLUMNS}
        rowKey={(r) => r.id}
        rowProps={(r) => ({ 'data-testid': 'checkin-row', 'data-conflict': r.conflict ? 'true' : undefined })}
        filterKeys={FILTERS}
        noun={['scan', 'scans']}
        emptyTitle="No scans yet"
        testId="checkin-table"
        caption="Check-in log, newest first"
      />
    </div>
  );
}
