/**
 * "Request a refund" (seed 003 Plan 1 `POST /api/v1/users/tickets/:id/refund-request/`): the
 * customer picks tickets of one order, sees what the event's refund policy would return (amount,
 * fee kept, the last moment to ask) or why a refund is not possible, gives a reason and sends the
 * request to the organizer. The server re-quotes on submit; its field errors show inline.
 */
import { ErrorNotice, fieldError, Money, Spinner, trpc } from '@admit/ui';
import { ConfirmDialog, formatDateTime, TextAreaField } from '@admit/ui/console-controls.tsx';
import { useState } from 'react';

export interface RefundableTicket {
  id: string;
  reference: string;
  label: string;
}

const MIN_REASON = 3;

export function RefundRequestDialog({
  open,
  tickets,
  onClose,
  onRequested,
}: {
  open: boolean;
  /** the order's tickets that may be refunded (valid, not checked in) */
  tickets: readonly RefundableTicket[];
  onClose: () => void;
  onRequested: () => void;
}) {
  const utils = trpc.useUtils();
  const [selected, setSelected] = useState<string[]>(() => tickets.map((t) => t.id));
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [first, ...others] = selected;
  const quote = trpc.customer.refundRequests.quote.useQuery(
    { id: first ?? '', ...(others.length > 0 ? { ticketIds: others.join(',') } : {}) },
    { enabled: open && !!first, retry: false },
  );
  const request = trpc.customer.tickets.refundRequest.useMutation({
    onSuccess: () => {
      void utils.customer.refundRequests.invalidate();
      void utils.customer.orders.invalidate();
      setReason('');
      onRequested();
    },
  });

  const close = () => {
    request.reset();
    setReasonError(null);
    onClose();
  };
  const submit = () => {
    if (!first) return;
    if (reason.trim().length < MIN_REASON) {
      setReasonError('Tell the organizer why, in a few words.');
      return;
    }
    setReasonError(null);
    request.mutate({ id: first, reason: reason.trim(), ...(others.length > 0 ? { ticketIds: others } : {}) });
  };
  const q = quote.data;
  const serverReasonError = fieldError(request.error, 'reason');

  return (
    <ConfirmDialog
      open={open}
      title="Request a refund"
      confirmLabel="Send request"
      cancelLabel="Keep my tickets"
      danger={false}
      pending={request.isPending}
      confirmDisabled={!first || !q?.allowed}
      error={serverReasonError ? null : request.error}
      onConfirm={submit}
      onCancel={close}
    >
      {tickets.length > 1 && (
        <fieldset className="ticket-picks">
          <legend>Tickets to refund</legend>
          {tickets.map((t) => (
            <label key={t.id} className="checkbox">
              <input
                type="checkbox"
                checked={selected.includes(t.id)}
                onChange={(e) => setSelected((s) => (e.target.checked ? [...s, t.id] : s.filter((id) => id !== t.id)))}
              />{' '}
              {t.label} <span className="mono small">{t.reference}</span>
            </label>
          ))}
        </fieldset>
      )}
      {!first ? (
        <p className="muted">Choose at least one ticket.</p>
      ) : quote.isPending ? (
        <Spinner label="Checking the refund policy…" />
      ) : quote.isError ? (
        <ErrorNotice error={quote.error} onRetry={() => void quote.refetch()} />
      ) : q && !q.allowed ? (
        <div className="notice notice--warn" role="status" data-testid="refund-refusal">
          <strong>A refund is not possible.</strong> {q.refusal}
        </div>
      ) : q ? (
        <dl className="facts quote" data-testid="refund-quote">
          <dt>Tickets</dt>
          <dd>
            <Money amountMinor={q.grossMinor} currency={q.currency} />
          </dd>
          <dt>Refund fee</dt>
          <dd>
            <Money amountMinor={q.feeMinor} currency={q.currency} testId="refund-fee" />
          </dd>
          <dt>You get back</dt>
          <dd>
            <strong>
              <Money amountMinor={q.amountMinor} currency={q.currency} testId="refund-amount" />
            </strong>
          </dd>
          <dt>Ask before</dt>
          <dd>
            <time dateTime={new Date(q.deadline).toISOString()}>{formatDateTime(q.deadline)}</time>
          </dd>
        </dl>
      ) : null}
      {q?.allowed && (
        <TextAreaField
          label="Reason"
          name="reason"
          required
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={reasonError ?? serverReasonError}
          hint="The organizer reads this when deciding. The money goes back to the card you paid with."
        />
      )}
    </ConfirmDialog>
  );
}
