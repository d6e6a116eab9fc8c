/**
 * Refund requests waiting for a decision, for whoever decides them: the event's organizer
 * (`trpc.organizer.refundRequests`) or an admin (`trpc.admin.refunds.requests`; same shapes).
 * A table (customer, order, event, reason, amount back and fee kept, status, the refund's own
 * status once approved) with Approve (optional note to the customer; the refund is issued at
 * once) and Reject (a reason is required), each behind a confirmation dialog that shows the
 * server's refusal. Filters and page headers belong to the page that uses it. Router-free:
 * the page passes how to link an event.
 */
import { type ReactNode, useState } from 'react';
import { EmptyState, fieldError, Spinner } from './components.tsx';
import { ConfirmDialog, formatDateTime, Pagination, TextAreaField } from './console-controls.tsx';
import { formatMoney } from './format.ts';
import { Money, StatusBadge } from './money.tsx';
import { LoadError } from './portal/account.tsx';
import type { RouterInputs, RouterOutputs, trpc } from './trpc.ts';

/** `trpc.organizer.refundRequests` or `trpc.admin.refunds.requests`. */
export type RefundRequestsApi = typeof trpc.organizer.refundRequests;
export type RefundRequestRow = RouterOutputs['organizer']['refundRequests']['list']['items'][number];
export type RefundRequestFilter = RouterInputs['organizer']['refundRequests']['list'];
export const REFUND_REQUEST_STATUSES: readonly RefundRequestRow['status'][] = [
  'PENDING',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
];

type Decision = { kind: 'approve' | 'reject'; request: RefundRequestRow };

export function RefundRequestsView({
  api,
  filter,
  onPage,
  canDecide = true,
  blockedNote,
  eventLink,
  onDecided,
}: {
  api: RefundRequestsApi;
  filter: RefundRequestFilter;
  onPage: (page: number) => void;
  /** false: read-only (e.g. support admins); `blockedNote` says why */
  canDecide?: boolean;
  blockedNote?: ReactNode;
  /** renders an event's title as a link (the page knows its routes) */
  eventLink?: (eventId: string, title: string) => ReactNode;
  /** after an approval or rejection, e.g. to refresh other views */
  onDecided?: () => void;
}) {
  const list = api.list.useQuery(filter, { placeholderData: (prev) => prev, refetchInterval: 30_000 });
  const [decision, setDecision] = useState<Decision | null>(null);
  const [text, setText] = useState('');
  const [textError, setTextError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const after = (message: string) => {
    setDone(message);
    setDecision(null);
    setText('');
    void list.refetch();
    onDecided?.();
  };
  const approve = api.approve.useMutation({
    onSuccess: (r) =>
      after(
        `Approved: ${r.customerName} gets ${formatMoney(r.amountMinor, r.currency)} back for order ${r.orderCode}.`,
      ),
  });
  const reject = api.reject.useMutation({
    onSuccess: (r) => after(`Rejected the request of ${r.customerName} for order ${r.orderCode}.`),
  });
  const mutation = decision?.kind === 'approve' ? approve : reject;

  const open = (kind: Decision['kind'], request: RefundRequestRow) => {
    approve.reset();
    reject.reset();
    setText('');
    setTextError(null);
    setDone(null);
    setDecision({ kind, request });
  };
  const confirm = () => {
    if (!decision) return;
    const t = text.trim();
    if (decision.kind === 'reject') {
      if (t.length < 3) {
        setTextError('Give the customer a reason (at least 3 characters).');
        return;
      }
      reject.mutate({ id: decision.request.id, reason: t });
    } else {
      approve.mutate({ id: decision.request.id, ...(t ? { note: t } : {}) });
    }
  };
  const serverTextError = fieldError(mutation.error, decision?.kind === 'reject' ? 'reason' : 'note');

  return (
    <>
      {done && (
        <div className="notice notice--ok" role="status" data-testid="decision-done">
          {done}
        </div>
      )}
      {!canDecide && blockedNote}
      {list.isPending ? (
        <Spinner label="Loading refund requests…" />
      ) : list.isError && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        <EmptyState title={filter.status === 'PENDING' ? 'No requests waiting for you' : 'No refund requests match'} />
      ) : list.data ? (
        <>
          {list.isError && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
          <div className="table-card">
            <table className="data-table" data-testid="refund-requests-table">
              <caption className="visually-hidden">Refund requests, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Event</th>
                  <th scope="col">Reason</th>
                  <th scope="col" className="num">
                    Refund
                  </th>
                  <th scope="col">Status</th>
                  {canDecide && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((r) => (
                  <tr key={r.id} data-testid="refund-request-row" data-status={r.status} data-order-code={r.orderCode}>
                    <td data-label="Customer">
                      <span>
                        <span className="cell-main">{r.customerName}</span>
                        <span className="cell-sub">
                          Order <span className="mono">{r.orderCode}</span> · {r.ticketIds.length}{' '}
                          {r.ticketIds.length === 1 ? 'ticket' : 'tickets'}
                        </span>
                        <span className="cell-sub">Asked {formatDateTime(r.createdAt)}</span>
                      </span>
                    </td>
                    <td data-label="Event">
                      {r.eventId && eventLink ? eventLink(r.eventId, r.eventTitle ?? 'Event') : (r.eventTitle ?? '—')}
                    </td>
                    <td data-label="Reason" className="cell-reason">
                      <span>
                        {r.reason}
                        {r.decisionNote && (
                          <span className="cell-sub">
                            {r.status === 'REJECTED' ? 'Rejected: ' : 'Note: '}
                            {r.decisionNote}
                          </span>
                        )}
                      </span>
                    </td>
                    <td data-label="Refund" className="num">
                      <span>
                        <Money amountMinor={r.amountMinor} currency={r.currency} />
                        {r.feeMinor > 0 && (
                          <span className="cell-sub">
                            fee kept <Money amountMinor={r.feeMinor} currency={r.currency} />
                          </span>
                        )}
                      </span>
                    </td>
                    <td data-label="Status">
                      <span>
                        <StatusBadge status={r.status} />
                        {r.refundStatus && (
                          <span className="cell-sub">
                            refund <StatusBadge status={r.refundStatus} />
                          </span>
                        )}
                        {r.decidedAt && <span className="cell-sub">{formatDateTime(r.decidedAt)}</span>}
                      </span>
                    </td>
                    {canDecide && (
                      <td data-label="Actions">
                        {r.status === 'PENDING' && (
                          <span className="actions-cell">
                            <button
                              type="button"
                              className="ui-button ui-button--small"
                              onClick={() => open('approve', r)}
                              aria-label={`Approve the request of ${r.customerName} for order ${r.orderCode}`}
                            >
                              Approve
                            </button>
                            <button
                              type="button"
                              className="ui-button ui-button--ghost ui-button--danger ui-button--small"
                              onClick={() => open('reject', r)}
                              aria-label={`Reject the request of ${r.customerName} for order ${r.orderCode}`}
                            >
                              Reject
                            </button>
                          </span>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={list.data.page} totalPages={list.data.totalPages} busy={list.isFetching} onPage={onPage} />
        </>
      ) : null}

      <ConfirmDialog
        open={decision !== null}
        title={decision?.kind === 'approve' ? 'Approve this refund?' : 'Reject this refund request?'}
        confirmLabel={decision?.kind === 'approve' ? 'Approve and refund' : 'Reject request'}
        danger={decision?.kind === 'reject'}
        pending={mutation.isPending}
        error={serverTextError ? null : mutation.error}
        onConfirm={confirm}
        onCancel={() => setDecision(null)}
      >
        {decision && (
          <>
            <p>
              {decision.request.customerName} asks for{' '}
              <strong>
                <Money amountMinor={decision.request.amountMinor} currency={decision.request.currency} />
              </strong>{' '}
              back for order <span className="mono">{decision.request.orderCode}</span>
              {decision.request.eventTitle ? ` (${decision.request.eventTitle})` : ''}.
            </p>
            <p className="small">
              <span className="muted">Their reason:</span> {decision.request.reason}
            </p>
            {decision.kind === 'approve' ? (
              <TextAreaField
                label="Note to the customer (optional)"
                name="note"
                maxLength={1000}
                value={text}
                onChange={(e) => setText(e.target.value)}
                error={serverTextError}
                hint="The tickets are cancelled and the money goes back to the customer's card."
              />
            ) : (
              <TextAreaField
                label="Reason"
                name="reason"
                required
                maxLength={1000}
                value={text}
                onChange={(e) => setText(e.target.value)}
                error={textError ?? serverTextError}
                hint="The customer sees this reason. Their tickets stay valid."
              />
            )}
          </>
        )}
      </ConfirmDialog>
    </>
  );
}
