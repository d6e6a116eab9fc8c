/**
 * Refunds (seed 000 §3 "refund functionality (superuser)": refund UI, confirmation flow, refund
 * status updates; issue 4): the refunds with filters (status, order code, dates), "Issue a
 * refund" for an order (all that is left, or an amount) with a reason and a confirmation, and the
 * customers' refund requests (approve / reject, @admit/ui/refund-requests.tsx). Support admins read.
 */
import type { RouterInputs, RouterOutputs } from '@admit/ui';
import { fieldError, formatMoney, Money, moneyInputError, parseMoneyInput, StatusBadge, trpc } from '@admit/ui';
import {
  ConfirmDialog,
  EnumOptions,
  Field,
  FormError,
  formatDateTime,
  parsePage,
  SelectField,
  TextAreaField,
  withPage,
} from '@admit/ui/console-controls.tsx';
import { REFUND_REQUEST_STATUSES, type RefundRequestRow, RefundRequestsView } from '@admit/ui/refund-requests.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { NavLink, useSearchParams } from 'react-router';
import { DateRangeAndActions, LogResults, useUrlFilters } from '../../components/LogList.tsx';
import { useAdmin } from '../../session.tsx';
import { endOfLocalDay, startOfLocalDay } from '../../util.ts';
import { FinanceNav, ReadOnlyNote } from './FinanceNav.tsx';

type Refund = RouterOutputs['admin']['refunds']['list']['items'][number];
type CreateInput = RouterInputs['admin']['refunds']['create'];
type RefundStatus = Refund['status'];

const STATUSES: readonly RefundStatus[] = ['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELED'];
const FILTER_KEYS = ['status', 'orderCode', 'from', 'to'] as const;
const REFUND_COLUMNS = ['Order', 'Reason', 'Status', 'Amount', 'Created'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const REFUND_REASONS: Record<string, string> = {
  REQUESTED_BY_CUSTOMER: 'Requested by the customer',
  ADMIN: 'Admin decision',
  DUPLICATE: 'Duplicate charge',
  FRAUDULENT: 'Fraudulent charge',
  EVENT_CANCELLED: 'Event cancelled',
};
const CREATE_REASONS = ['ADMIN', 'REQUESTED_BY_CUSTOMER', 'DUPLICATE', 'FRAUDULENT'] as const;

function RefundTabs() {
  return (
    <nav className="job-tabs" aria-label="Refund views">
      <NavLink
        to="/finance/refunds"
        end
        className={({ isActive }) => `ui-button ui-button--small ${isActive ? '' : 'ui-button--ghost'}`}
      >
        Refunds
      </NavLink>
      <NavLink
        to="/finance/refunds/requests"
        className={({ isActive }) => `ui-button ui-button--small ${isActive ? '' : 'ui-button--ghost'}`}
      >
        Refund requests
      </NavLink>
    </nav>
  );
}

export function RefundsPage() {
  const admin = useAdmin();
  const canWrite = admin.can('money.write');
  const filters = useUrlFilters(FILTER_KEYS);
  const { form, set } = filters;
  const [issuing, setIssuing] = useState<{ orderId: string; currency: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const status = STATUSES.includes(filters.applied.status as RefundStatus)
    ? (filters.applied.status as RefundStatus)
    : undefined;
  const list = trpc.admin.refunds.list.useQuery(
    {
      page: filters.page,
      pageSize: 25,
      status,
      orderCode: filters.applied.orderCode || undefined,
      from: filters.applied.from ? startOfLocalDay(filters.applied.from) : undefined,
      to: filters.applied.to ? endOfLocalDay(filters.applied.to) : undefined,
    },
    { placeholderData: keepPreviousData },
  );

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Refunds</h1>
        {canWrite && !issuing && (
          <button
            type="button"
            className="ui-button"
            onClick={() => {
              setDone(null);
              setIssuing({ orderId: '', currency: 'EGP' });
            }}
          >
            Issue a refund
          </button>
        )}
      </div>
      <FinanceNav />
      <RefundTabs />
      {!canWrite && <ReadOnlyNote />}
      {done && (
        <div className="notice notice--ok" role="status" data-testid="refund-done">
          {done}
        </div>
      )}
      {issuing && (
        <IssueRefund
          key={issuing.orderId}
          initial={issuing}
          onCancel={() => setIssuing(null)}
          onDone={(r) => {
            setIssuing(null);
            setDone(
              `Refund of ${formatMoney(r.amountMinor, r.currency)} for order ${r.orderCode} is ${r.status.toLowerCase()}.`,
            );
          }}
        />
      )}
      <search aria-label="Filter refunds">
        <form className="filters filters--audit" onSubmit={filters.apply}>
          <SelectField label="Status" name="status" value={form.status} onChange={set('status')}>
            <option value="">Any status</option>
            <EnumOptions values={STATUSES} />
          </SelectField>
          <Field
            label="Order code"
            name="orderCode"
            maxLength={40}
            value={form.orderCode}
            onChange={set('orderCode')}
            error={fieldError(list.error, 'orderCode')}
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
        loadingLabel="Loading refunds…"
        emptyTitle="No refunds yet"
        filtered={filters.filtered}
        testId="refunds-table"
        caption="Refunds, newest first"
        columns={canWrite ? [...REFUND_COLUMNS, 'Actions'] : REFUND_COLUMNS}
        onPage={filters.setPage}
      >
        {(list.data?.items ?? []).map((r) => (
          <tr key={r.id} data-testid="refund-row" data-status={r.status}>
            <td data-label="Order">
              <span>
                <span className="cell-main mono">{r.orderCode}</span>
                <span className="cell-sub">
                  {r.ticketIds.length > 0
                    ? `${r.ticketIds.length} ${r.ticketIds.length === 1 ? 'ticket' : 'tickets'}`
                    : 'by amount'}
                </span>
              </span>
            </td>
            <td data-label="Reason">
              <span>
                {REFUND_REASONS[r.reason] ?? r.reason}
                {r.note && <span className="cell-sub">{r.note}</span>}
              </span>
            </td>
            <td data-label="Status">
              <span>
                <StatusBadge status={r.status} />
                {r.failureReason && <span className="cell-sub">{r.failureReason}</span>}
                {r.succeededAt && <span className="cell-sub">{formatDateTime(r.succeededAt)}</span>}
              </span>
            </td>
            <td data-label="Amount" className="num">
              <span>
                <Money amountMinor={r.amountMinor} currency={r.currency} />
                {r.feeMinor > 0 && (
                  <span className="cell-sub">
                    fee kept <Money amountMinor={r.feeMinor} currency={r.currency} />
                  </span>
                )}
              </span>
            </td>
            <td data-label="Created" className="nowrap">
              {formatDateTime(r.createdAt)}
            </td>
            {canWrite && (
              <td data-label="Actions">
                <button
                  type="button"
                  className="ui-button ui-button--ghost ui-button--small"
                  onClick={() => {
                    setDone(null);
                    setIssuing({ orderId: r.orderId, currency: r.currency });
                  }}
                  aria-label={`Refund more of order ${r.orderCode}`}
                >
                  Refund more
                </button>
              </td>
            )}
          </tr>
        ))}
      </LogResults>
    </div>
  );
}

const CREATE_FIELDS = ['orderId', 'amountMinor', 'reason', 'note', 'ticketIds', 'applyFee'] as const;

/** "Issue a refund": an order, all of it or an amount, a reason; confirmed in a dialog. */
function IssueRefund({
  initial,
  onCancel,
  onDone,
}: {
  initial: { orderId: string; currency: string };
  onCancel: () => void;
  onDone: (r: Refund) => void;
}) {
  const utils = trpc.useUtils();
  const headingId = useId();
  const [orderId, setOrderId] = useState(initial.orderId);
  const [scope, setScope] = useState<'all' | 'amount'>('all');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState(initial.currency);
  const [reason, setReason] = useState<(typeof CREATE_REASONS)[number]>('ADMIN');
  const [note, setNote] = useState('');
  const [applyFee, setApplyFee] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pendingInput, setPendingInput] = useState<CreateInput | null>(null);
  const create = trpc.admin.refunds.create.useMutation({
    onSuccess: (r) => {
      setPendingInput(null);
      void utils.admin.refunds.invalidate();
      void utils.admin.finances.invalidate();
      onDone(r);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.reset();
    const next: Record<string, string> = {};
    if (!UUID.test(orderId.trim())) next.orderId = 'The order’s ID (a UUID), e.g. from a refund or a refund request.';
    const cur = currency.trim().toUpperCase();
    if (scope === 'amount') {
      if (!/^[A-Z]{3}$/.test(cur)) next.currency = 'A three-letter code, e.g. EGP.';
      const amountError = moneyInputError(amount, /^[A-Z]{3}$/.test(cur) ? cur : 'EGP');
      if (amountError) next.amountMinor = amountError;
    }
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const amountMinor = scope === 'amount' ? parseMoneyInput(amount, cur) : null;
    setPendingInput({
      orderId: orderId.trim().toLowerCase(),
      reason,
      ...(amountMinor !== null ? { amountMinor } : { applyFee }),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  };
  const err = (key: string) => errors[key] ?? fieldError(create.error, key);

  return (
    <section className="ui-card console-card finance-form" aria-labelledby={headingId}>
      <h2 id={headingId} className="console-card__title">
        Issue a refund
      </h2>
      <form onSubmit={submit} noValidate>
        <div className="form-wide">
          <Field
            label="Order ID"
            name="orderId"
            autoComplete="off"
            required
            value={orderId}
            onChange={(e) => setOrderId(e.target.value)}
            error={err('orderId')}
          />
          <fieldset className="radio-row" style={{ border: 0, padding: 0 }}>
            <legend className="visually-hidden">How much</legend>
            <label>
              <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} /> Everything
              not yet refunded
            </label>
            <label>
              <input type="radio" name="scope" checked={scope === 'amount'} onChange={() => setScope('amount')} /> An
              amount (partial refund)
            </label>
          </fieldset>
        </div>
        {scope === 'amount' ? (
          <>
            <Field
              label={`Amount (${currency.trim().toUpperCase() || 'currency'})`}
              name="amountMinor"
              inputMode="decimal"
              required
              placeholder="0.00"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              error={err('amountMinor')}
            />
            <Field
              label="Currency of the order"
              name="currency"
              maxLength={3}
              value={currency}
              onChange={(e) => setCurrency(e.target.value)}
              error={err('currency')}
            />
          </>
        ) : (
          <label className="checkbox form-wide" style={{ marginBottom: '0.8rem' }}>
            <input type="checkbox" checked={applyFee} onChange={(e) => setApplyFee(e.target.checked)} /> Keep the
            event’s refund fee per ticket
          </label>
        )}
        <SelectField
          label="Reason"
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value as (typeof CREATE_REASONS)[number])}
          error={err('reason')}
        >
          {CREATE_REASONS.map((r) => (
            <option key={r} value={r}>
              {REFUND_REASONS[r]}
            </option>
          ))}
        </SelectField>
        <div className="form-wide">
          <TextAreaField
            label="Note (optional)"
            name="note"
            maxLength={1000}
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            error={err('note')}
            hint="Kept with the refund and in the audit log."
          />
          <FormError error={pendingInput ? null : create.error} fields={CREATE_FIELDS} />
          <div className="actions" style={{ marginTop: 0 }}>
            <button type="submit" className="ui-button">
              Review refund
            </button>
            <button type="button" className="ui-button ui-button--ghost" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </div>
      </form>
      <ConfirmDialog
        open={pendingInput !== null}
        title="Issue this refund?"
        confirmLabel="Refund now"
        cancelLabel="Back"
        pending={create.isPending}
        error={create.error}
        onConfirm={() => pendingInput && create.mutate(pendingInput)}
        onCancel={() => setPendingInput(null)}
      >
        {pendingInput && (
          <p>
            {pendingInput.amountMinor !== undefined ? (
              <>
                Refund <strong>{formatMoney(pendingInput.amountMinor, currency.trim().toUpperCase())}</strong> of order{' '}
              </>
            ) : (
              <>Refund everything not yet refunded of order </>
            )}
            <span className="mono">{pendingInput.orderId}</span> ({REFUND_REASONS[pendingInput.reason]}). The money goes
            back to the customer’s card and the customer is notified. This cannot be undone.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}

type RequestStatus = RefundRequestRow['status'];

/** The customers' refund requests, decided here by admins (the organizer can too). */
export function RefundRequestsAdminPage() {
  const admin = useAdmin();
  const utils = trpc.useUtils();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status') ?? 'PENDING';
  const status = REFUND_REQUEST_STATUSES.includes(raw as RequestStatus) ? (raw as RequestStatus) : undefined;
  const page = parsePage(params.get('page'));
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Refunds</h1>
      </div>
      <FinanceNav />
      <RefundTabs />
      <search aria-label="Filter refund requests">
        <div className="filters">
          <SelectField
            label="Status"
            name="status"
            value={status ?? 'ALL'}
            onChange={(e) => setParams({ status: e.target.value })}
          >
            <EnumOptions values={REFUND_REQUEST_STATUSES} />
            <option value="ALL">Any status</option>
          </SelectField>
        </div>
      </search>
      <RefundRequestsView
        api={trpc.admin.refunds.requests}
        filter={{ page, pageSize: 25, ...(status ? { status } : {}) }}
        onPage={(p) => setParams(withPage(params, p))}
        canDecide={admin.can('money.write')}
        blockedNote={<ReadOnlyNote />}
        onDecided={() => {
          void utils.admin.refunds.invalidate();
          void utils.admin.finances.invalidate();
        }}
      />
    </div>
  );
}
