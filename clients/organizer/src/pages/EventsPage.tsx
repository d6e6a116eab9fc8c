/**
 * The organizer's events (see events.ts for where the list comes from) and one event's money
 * page: settlement (gross, fees, refunds, paid out, owed), the refund policy editor (refunds
 * allowed, cutoff hours before the start, fee per ticket) and "Cancel event" behind a typed
 * confirmation (every paid order is refunded in full).
 */
import type { RouterOutputs } from '@admit/ui';
import {
  EmptyState,
  errorInfo,
  fieldError,
  formatMoney,
  Money,
  minorToInput,
  moneyInputError,
  parseMoneyInput,
  Spinner,
  trpc,
} from '@admit/ui';
import { ConfirmDialog, formatDate, formatDateTime, TextAreaField } from '@admit/ui/console-controls.tsx';
import { Field, FormError, LoadError, PortalCard } from '@admit/ui/portal/index.ts';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useOrganizerEvents } from '../events.ts';

type Settlement = RouterOutputs['organizer']['events']['settlement'];
type Policy = RouterOutputs['organizer']['refundPolicy']['get'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function EventsPage() {
  const { events, isPending, error } = useOrganizerEvents();
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Events</h1>
      </div>
      <p className="page-intro">Money per event: what it earned, what was paid out, and its refund policy.</p>
      {isPending ? (
        <Spinner label="Loading your events…" />
      ) : error && events.length === 0 ? (
        <LoadError error={error} onRetry={() => window.location.reload()} />
      ) : events.length === 0 ? (
        <EmptyState title="No events yet">
          <p>Your published events appear here.</p>
        </EmptyState>
      ) : (
        <div className="table-card">
          <table className="data-table" data-testid="events-table">
            <caption className="visually-hidden">Your events</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Starts</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td data-label="Event">
                    <Link to={`/events/${e.id}`} className="cell-main">
                      {e.title}
                    </Link>
                  </td>
                  <td data-label="Starts" className="nowrap">
                    {e.startsAt ? formatDate(e.startsAt) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function EventPage() {
  const { id = '' } = useParams();
  const valid = UUID.test(id);
  const settlement = trpc.organizer.events.settlement.useQuery({ id }, { enabled: valid });
  const missing = !valid || (settlement.isError && errorInfo(settlement.error).httpStatus === 404);
  return (
    <div className="page">
      <Link to="/events" className="back-link">
        ← Events
      </Link>
      {missing ? (
        <EmptyState title="Event not found">
          <p>It is not one of your events.</p>
        </EmptyState>
      ) : settlement.isPending ? (
        <Spinner label="Loading the event…" />
      ) : settlement.isError && !settlement.data ? (
        <LoadError error={settlement.error} onRetry={() => void settlement.refetch()} />
      ) : settlement.data ? (
        <>
          <h1 className="page-title">{settlement.data.eventTitle}</h1>
          <div className="account-grid">
            <SettlementCard s={settlement.data} />
            <RefundPolicyCard eventId={id} />
            <div className="account-grid__wide">
              <CancelEventCard eventId={id} title={settlement.data.eventTitle} />
            </div>
          </div>
        </>
      ) : null}
    </div>
  );
}

function SettlementCard({ s }: { s: Settlement }) {
  const row = (label: string, minor: number, testId?: string) => (
    <>
      <dt>{label}</dt>
      <dd>
        <Money amountMinor={minor} currency={s.currency} testId={testId} />
      </dd>
    </>
  );
  return (
    <PortalCard title="Settlement">
      <dl className="facts" data-testid="settlement">
        {row('Ticket sales (gross)', s.grossMinor)}
        {row('Platform fees', -s.feesMinor)}
        {row('Refunds', -s.refundsMinor)}
        {s.adjustmentsMinor !== 0 && row('Adjustments', -s.adjustmentsMinor)}
        {row('Paid out', -s.paidOutMinor)}
        {s.pendingPayoutMinor !== 0 && row('Payouts on the way', s.pendingPayoutMinor)}
        {row('Owed to you', s.owedMinor, 'settlement-owed')}
      </dl>
      <p className="muted small">
        <Link to={`/payouts?event=${s.eventId}`}>Payouts for this event</Link>
      </p>
    </PortalCard>
  );
}

function RefundPolicyCard({ eventId }: { eventId: string }) {
  const policy = trpc.organizer.refundPolicy.get.useQuery({ id: eventId });
  return (
    <PortalCard title="Refund policy">
      {policy.isPending ? (
        <Spinner label="Loading the policy…" />
      ) : policy.isError ? (
        <LoadError error={policy.error} onRetry={() => void policy.refetch()} />
      ) : (
        <PolicyForm key={policy.data.eventId} policy={policy.data} />
      )}
    </PortalCard>
  );
}

const POLICY_FIELDS = ['refundsAllowed', 'refundCutoffHours', 'refundFeeMinor'] as const;

function PolicyForm({ policy }: { policy: Policy }) {
  const utils = trpc.useUtils();
  const [allowed, setAllowed] = useState(policy.refundsAllowed);
  const [hours, setHours] = useState(String(policy.refundCutoffHours));
  const [fee, setFee] = useState(minorToInput(policy.refundFeeMinor, policy.currency));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const update = trpc.organizer.refundPolicy.update.useMutation({
    onSuccess: (p) => {
      utils.organizer.refundPolicy.get.setData({ id: p.eventId }, p);
      setAllowed(p.refundsAllowed);
      setHours(String(p.refundCutoffHours));
      setFee(minorToInput(p.refundFeeMinor, p.currency));
      setSaved(true);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const next: Record<string, string> = {};
    const h = Number(hours);
    if (!/^\d+$/.test(hours.trim()) || h > 720) next.refundCutoffHours = 'Whole hours from 0 to 720.';
    const feeError = moneyInputError(fee, policy.currency, { allowZero: true });
    const feeMinor = parseMoneyInput(fee, policy.currency);
    if (feeError) next.refundFeeMinor = feeError;
    else if (feeMinor !== null && feeMinor > policy.maxFeeMinor) {
      next.refundFeeMinor = `At most ${formatMoney(policy.maxFeeMinor, policy.currency)} (the cheapest ticket).`;
    }
    setErrors(next);
    if (Object.keys(next).length > 0 || feeMinor === null) return;
    update.mutate({ id: policy.eventId, refundsAllowed: allowed, refundCutoffHours: h, refundFeeMinor: feeMinor });
  };
  return (
    <form onSubmit={submit} noValidate className="policy-form" data-testid="refund-policy">
      <label className="checkbox">
        <input type="checkbox" checked={allowed} onChange={(e) => setAllowed(e.target.checked)} /> Customers may ask for
        refunds
      </label>
      <Field
        label="Refund deadline (hours before the start)"
        name="refundCutoffHours"
        inputMode="numeric"
        value={hours}
        disabled={!allowed}
        onChange={(e) => setHours(e.target.value)}
        error={errors.refundCutoffHours ?? fieldError(update.error, 'refundCutoffHours')}
        hint={`Now: until ${formatDateTime(policy.deadline)} (the event starts ${formatDateTime(policy.startsAt)}).`}
      />
      <Field
        label={`Fee kept per ticket (${policy.currency})`}
        name="refundFeeMinor"
        inputMode="decimal"
        value={fee}
        disabled={!allowed}
        onChange={(e) => setFee(e.target.value)}
        error={errors.refundFeeMinor ?? fieldError(update.error, 'refundFeeMinor')}
        hint="0 refunds the full ticket price."
      />
      <FormError error={update.error} fields={POLICY_FIELDS} />
      {saved && (
        <div className="notice notice--ok" role="status">
          Refund policy saved.
        </div>
      )}
      <div className="actions" style={{ marginTop: 0 }}>
        <button type="submit" className="ui-button" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save policy'}
        </button>
      </div>
    </form>
  );
}

function CancelEventCard({ eventId, title }: { eventId: string; title: string }) {
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const cancel = trpc.organizer.events.cancel.useMutation({
    onSuccess: () => {
      setOpen(false);
      void utils.organizer.invalidate();
    },
  });
  const r = cancel.data;
  return (
    <PortalCard title="Cancel event">
      {r ? (
        <div className="notice notice--ok" role="status" data-testid="cancel-result">
          <strong>The event is cancelled.</strong> {r.paidOrders} paid {r.paidOrders === 1 ? 'order is' : 'orders are'}{' '}
          being refunded in full; {r.pendingOrdersCancelled} unpaid{' '}
          {r.pendingOrdersCancelled === 1 ? 'hold was' : 'holds were'} released. Customers are told by e-mail and in the
          app.
        </div>
      ) : (
        <>
          <p className="muted small">
            Cancelling stops sales and scanning and refunds every paid order in full, fees included. It cannot be
            undone.
          </p>
          <button
            type="button"
            className="ui-button ui-button--danger"
            onClick={() => {
              cancel.reset();
              setTyped('');
              setReasonError(null);
              setOpen(true);
            }}
          >
            Cancel event…
          </button>
        </>
      )}
      <ConfirmDialog
        open={open}
        title="Cancel this event?"
        confirmLabel="Cancel event and refund everyone"
        cancelLabel="Keep the event"
        pending={cancel.isPending}
        confirmDisabled={typed.trim() !== title.trim()}
        error={fieldError(cancel.error, 'reason') ? null : cancel.error}
        onConfirm={() => {
          if (reason.trim().length < 3) {
            setReasonError('Tell customers why (at least 3 characters).');
            return;
          }
          cancel.mutate({ id: eventId, reason: reason.trim() });
        }}
        onCancel={() => setOpen(false)}
      >
        <p>
          Every paid order of <strong>{title}</strong> is refunded in full and customers are notified. Type the event's
          name to confirm.
        </p>
        <Field
          label="Event name"
          name="confirmTitle"
          autoComplete="off"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <TextAreaField
          label="Reason (sent to customers)"
          name="reason"
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={reasonError ?? fieldError(cancel.error, 'reason')}
        />
      </ConfirmDialog>
    </PortalCard>
  );
}
