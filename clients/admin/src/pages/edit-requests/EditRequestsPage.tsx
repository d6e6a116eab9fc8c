/**
 * Event change requests from organizers (seed 003 Plan 3 "edit-request"; ADR 0021): pending ones
 * first, each with the event's current values next to the proposed ones; approve (applies the
 * changes to the event) or reject with a note to the organizer, both behind a confirmation.
 * `GET /api/edit-requests/`, `POST /api/edit-requests/{id}/approve/` and `/reject/`. Support
 * admins read only (catalog.write decides).
 */
import type { RouterOutputs } from '@admit/ui';
import { CATEGORY_LABELS, EmptyState, ErrorNotice, fieldError, Spinner, StatusBadge, trpc } from '@admit/ui';
import {
  ConfirmDialog,
  EnumOptions,
  formatDateTime,
  Pagination,
  parsePage,
  SelectField,
  TextAreaField,
  withPage,
} from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAdmin } from '../../session.tsx';

type EditRequest = RouterOutputs['admin']['editRequests']['list']['items'][number];
type Values = EditRequest['changes'];
const STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;
type Status = (typeof STATUSES)[number];

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  startsAt: 'Starts',
  endsAt: 'Ends',
  imageUrl: 'Image URL',
  category: 'Category',
  venueId: 'Venue',
};

function show(key: string, v: Values): string {
  if (key === 'venueId') return v.venueName ?? v.venueId ?? '—';
  const raw = v[key as keyof Values];
  if (raw === undefined) return '—';
  if (raw === null) return '(none)';
  if (raw instanceof Date) return formatDateTime(raw);
  if (key === 'category') return CATEGORY_LABELS[String(raw)] ?? String(raw);
  return String(raw);
}

export function EditRequestsPage() {
  const admin = useAdmin();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status') ?? '';
  const status = STATUSES.includes(raw as Status) ? (raw as Status) : undefined;
  const page = parsePage(params.get('page'));
  const list = trpc.admin.editRequests.list.useQuery(
    { page, pageSize: 20, ...(status ? { status } : {}) },
    { placeholderData: keepPreviousData },
  );
  const canDecide = admin.can('catalog.write');
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Event change requests</h1>
      </div>
      <p className="page-intro">
        Organizers propose changes to their events; approving applies them at once, rejecting tells the organizer why.
      </p>
      <search aria-label="Filter change requests">
        <div className="filters">
          <SelectField
            label="Status"
            name="status"
            value={status ?? ''}
            onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}
          >
            <option value="">Any status (pending first)</option>
            <EnumOptions values={STATUSES} />
          </SelectField>
        </div>
      </search>
      {!canDecide && <p className="muted small">Your admin role can read change requests but not decide them.</p>}
      {list.isPending ? (
        <Spinner label="Loading change requests…" />
      ) : list.isError && !list.data ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={status === 'PENDING' ? 'Nothing waiting for review' : 'No change requests'} />
      ) : (
        <>
          <ul className="edit-requests" data-testid="edit-requests">
            {list.data.items.map((r) => (
              <RequestItem key={r.id} r={r} canDecide={canDecide} />
            ))}
          </ul>
          <Pagination
            page={list.data.page}
            totalPages={list.data.totalPages}
            busy={list.isFetching}
            onPage={(p) => setParams(withPage(params, p))}
          />
        </>
      )}
    </div>
  );
}

function RequestItem({ r, canDecide }: { r: EditRequest; canDecide: boolean }) {
  const utils = trpc.useUtils();
  const [dialog, setDialog] = useState<'approve' | 'reject' | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const done = () => {
    setDialog(null);
    setNote('');
    void utils.admin.editRequests.invalidate();
  };
  const approve = trpc.admin.editRequests.approve.useMutation({ onSuccess: done });
  const reject = trpc.admin.editRequests.reject.useMutation({ onSuccess: done });
  const keys = Object.keys(FIELD_LABELS).filter((k) => r.changes[k as keyof Values] !== undefined);
  const pending = approve.isPending || reject.isPending;
  return (
    <li className="ui-card edit-request" data-testid="edit-request-row" data-status={r.status} data-id={r.id}>
      <div className="edit-request__head">
        <div>
          <strong>{r.eventTitle}</strong>
          <div className="muted small">
            {r.organizerName} · {r.requestedBy.name} · {formatDateTime(r.createdAt)}
          </div>
        </div>
        <StatusBadge status={r.status} />
      </div>
      <table className="data-table diff-table">
        <caption className="visually-hidden">Current and proposed values</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">{r.status === 'APPROVED' ? 'Before' : 'Now'}</th>
            <th scope="col">Proposed</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k} data-field={k}>
              <th scope="row">{FIELD_LABELS[k]}</th>
              <td className="diff-table__before">{show(k, r.current)}</td>
              <td className="diff-table__after">{show(k, r.changes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small">
        <span className="muted">Reason:</span> {r.reason}
      </p>
      {r.reviewedAt && (
        <p className="small">
          <span className="muted">
            {r.status === 'APPROVED' ? 'Approved' : 'Rejected'} {formatDateTime(r.reviewedAt)}
            {r.reviewedBy ? ` by ${r.reviewedBy.name}` : ''}
            {r.reviewNote ? ':' : '.'}
          </span>{' '}
          {r.reviewNote}
        </p>
      )}
      {r.status === 'PENDING' && canDecide && (
        <div className="actions-cell">
          <button
            type="button"
            className="ui-button ui-button--small"
            onClick={() => {
              approve.reset();
              setDialog('approve');
            }}
          >
            Approve…
          </button>
          <button
            type="button"
            className="ui-button ui-button--ghost ui-button--danger ui-button--small"
            onClick={() => {
              reject.reset();
              setNoteError(null);
              setDialog('reject');
            }}
          >
            Reject…
          </button>
        </div>
      )}
      <ConfirmDialog
        open={dialog !== null}
        title={dialog === 'approve' ? 'Approve this change?' : 'Reject this change?'}
        confirmLabel={dialog === 'approve' ? 'Approve and apply' : 'Reject'}
        cancelLabel="Back"
        pending={pending}
        error={dialog === 'approve' ? approve.error : fieldError(reject.error, 'note') ? null : reject.error}
        onConfirm={() => {
          if (dialog === 'approve') approve.mutate({ id: r.id, ...(note.trim() ? { note: note.trim() } : {}) });
          else if (note.trim().length < 3) setNoteError('Tell the organizer why (at least 3 characters).');
          else reject.mutate({ id: r.id, note: note.trim() });
        }}
        onCancel={() => setDialog(null)}
      >
        <p>
          {dialog === 'approve'
            ? `The changes are applied to “${r.eventTitle}” at once and the organizer is told.`
            : 'The event stays as it is; the organizer gets your note.'}
        </p>
        <TextAreaField
          label={dialog === 'approve' ? 'Note to the organizer (optional)' : 'Note to the organizer'}
          name="note"
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={dialog === 'reject' ? (noteError ?? fieldError(reject.error, 'note')) : undefined}
        />
      </ConfirmDialog>
    </li>
  );
}
