/**
 * NFC cards in the back office (seed 003 Plan 2 Phase 6; ADR 0018): the list with filters, sort,
 * pages and CSV export, registering one card, a bulk batch (paste UIDs: create, allocate to a
 * merchant's stock, block), and the card requests. SUPPORT reads (cards.read); ADMIN and
 * SUPER_ADMIN change (cards.write).
 */
import type { RouterInputs, RouterOutputs } from '@admit/ui';
import { EmptyState, errorInfo, fieldError, Money, Spinner, trpc } from '@admit/ui';
import {
  Field,
  FormError,
  formatDate,
  formatDateTime,
  Pagination,
  SelectField,
  TextAreaField,
} from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { type Column, CsvExportLink, DataTable, type SortOrder, useListState } from '../../components/DataTable.tsx';
import { EnumFilter, ListFilters, SearchFilter } from '../../components/ListFilters.tsx';
import { adminCan } from '../../permissions.ts';
import { LoadError, useAdmin } from '../../session.tsx';
import { CARD_STATUSES, type CardStatus, CardStatusBadge, RequestStatusBadge } from './card-status.tsx';

const FILTERS = ['status', 'assigned', 'merchantId', 'customer', 'uid'] as const;
type SortKey = 'createdAt' | 'uid' | 'assignedAt' | 'status';
type ApiSort = NonNullable<RouterInputs['admin']['nfcCards']['list']['sort']>;

const toFilters = (f: Record<(typeof FILTERS)[number], string>) => ({
  status: (CARD_STATUSES as readonly string[]).includes(f.status) ? (f.status as CardStatus) : undefined,
  assigned:
    f.assigned === 'assigned' || f.assigned === 'unassigned' ? (f.assigned as 'assigned' | 'unassigned') : undefined,
  merchantId: f.merchantId || undefined,
  customer: f.customer || undefined,
  uid: f.uid || undefined,
});

/** The table's (column, order) as the procedure's signed sort key, e.g. `-createdAt`. */
const apiSort = (key: SortKey, order: SortOrder): ApiSort => (order === 'desc' ? `-${key}` : key) as ApiSort;

type Row = RouterOutputs['admin']['nfcCards']['list']['items'][number];

const COLUMNS: Column<Row, SortKey>[] = [
  {
    header: 'UID',
    sortKey: 'uid',
    cell: (c) => (
      <Link to={`/nfc-cards/${c.id}`} className="cell-main mono">
        {c.uid}
      </Link>
    ),
  },
  { header: 'Status', sortKey: 'status', cell: (c) => <CardStatusBadge status={c.status} /> },
  {
    header: 'Holder',
    cell: (c) =>
      c.customer ? (
        <span>
          <Link to={`/customers/${c.customer.id}`}>{c.customer.name}</Link>
          <span className="cell-sub">{c.customer.mobile ?? ''}</span>
        </span>
      ) : (
        <span className="muted">In stock</span>
      ),
  },
  { header: 'Merchant', cell: (c) => c.merchant?.name ?? <span className="muted">—</span> },
  { header: 'Balance', className: 'num', cell: (c) => <Money amountMinor={c.balanceMinor} currency={c.currency} /> },
  {
    header: 'Assigned',
    sortKey: 'assignedAt',
    className: 'nowrap',
    cell: (c) => (c.assignedAt ? formatDate(c.assignedAt) : <span className="muted">—</span>),
  },
  { header: 'Registered', sortKey: 'createdAt', className: 'nowrap', cell: (c) => formatDate(c.createdAt) },
];

/** Merchants for the filter and allocation selects (first 100 by the people list's order). */
export function useMerchants() {
  return trpc.admin.merchants.list.useQuery({ page: 1, pageSize: 100 }, { staleTime: 60_000, retry: false });
}

/** `/nfc-cards`: the list; forms to register one card or a batch (cards.write). */
export function NfcCardsPage() {
  const { level } = useAdmin();
  const canWrite = adminCan(level, 'cards.write');
  const state = useListState(FILTERS, { sort: 'createdAt' as SortKey, order: 'desc' });
  const input = { ...toFilters(state.applied), sort: apiSort(state.sort, state.order) };
  const list = trpc.admin.nfcCards.list.useQuery(
    { ...input, page: state.page, pageSize: 25 },
    { placeholderData: keepPreviousData, retry: false },
  );
  const merchants = useMerchants();
  const [panel, setPanel] = useState<'none' | 'create' | 'bulk'>('none');
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">NFC cards</h1>
        <div className="row gap">
          <Link to="/nfc-cards/requests" className="ui-button ui-button--ghost">
            Card requests
          </Link>
          <CsvExportLink path="/api/nfc-cards/export.csv" query={input} />
          {canWrite && (
            <>
              <button
                type="button"
                className="ui-button ui-button--ghost"
                onClick={() => setPanel(panel === 'create' ? 'none' : 'create')}
              >
                Register a card
              </button>
              <button type="button" className="ui-button" onClick={() => setPanel(panel === 'bulk' ? 'none' : 'bulk')}>
                Bulk batch
              </button>
            </>
          )}
        </div>
      </div>
      {panel === 'create' && <CreateCardForm merchants={merchants.data?.items ?? []} onDone={() => setPanel('none')} />}
      {panel === 'bulk' && <BulkForm merchants={merchants.data?.items ?? []} onDone={() => setPanel('none')} />}
      <ListFilters label="Filter cards" state={state} applyLabel="Apply">
        <Field label="UID" value={state.form.uid} onChange={state.set('uid')} maxLength={20} placeholder="04A3…" />
        <SearchFilter
          wide
          label="Holder"
          name="customer"
          placeholder="Name or mobile"
          maxLength={80}
          value={state.form.customer}
          onChange={state.set('customer')}
        />
        <EnumFilter
          label="Status"
          any="Any status"
          values={CARD_STATUSES}
          value={state.form.status}
          onChange={state.set('status')}
        />
        <SelectField label="Assignment" value={state.form.assigned} onChange={state.set('assigned')}>
          <option value="">All cards</option>
          <option value="assigned">Assigned to a customer</option>
          <option value="unassigned">In stock (unassigned)</option>
        </SelectField>
        <SelectField label="Merchant" value={state.form.merchantId} onChange={state.set('merchantId')}>
          <option value="">Any merchant</option>
          {(merchants.data?.items ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {m.businessName ?? `${m.firstName} ${m.lastName}`}
            </option>
          ))}
        </SelectField>
      </ListFilters>
      <DataTable
        list={list}
        state={state}
        columns={COLUMNS}
        rowKey={(c) => c.id}
        rowProps={() => ({ 'data-testid': 'nfc-card-row' })}
        filterKeys={FILTERS}
        noun={['card', 'cards']}
        loadingLabel="Loading cards…"
        emptyTitle="No NFC cards yet"
        emptyBody={canWrite ? <p>Register cards one by one or paste a batch of UIDs.</p> : null}
        testId="nfc-cards-table"
        caption="NFC cards"
      />
    </div>
  );
}

type MerchantOption = { id: string; firstName: string; lastName: string; businessName: string | null };

function MerchantOptions({ merchants }: { merchants: MerchantOption[] }) {
  return (
    <>
      {merchants.map((m) => (
        <option key={m.id} value={m.id}>
          {m.businessName ?? `${m.firstName} ${m.lastName}`}
        </option>
      ))}
    </>
  );
}

function CreateCardForm({ merchants, onDone }: { merchants: MerchantOption[]; onDone: () => void }) {
  const utils = trpc.useUtils();
  const [uid, setUid] = useState('');
  const [merchantId, setMerchantId] = useState('');
  const create = trpc.admin.nfcCards.create.useMutation({
    onSuccess: () => {
      void utils.admin.nfcCards.invalidate();
      setUid('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ uid, merchantId: merchantId || undefined });
  };
  return (
    <section className="ui-card console-card stack" aria-label="Register a card">
      <h2 className="section-title">Register a card</h2>
      <form className="stack" onSubmit={submit} noValidate>
        <Field
          label="Chip UID (hex)"
          value={uid}
          onChange={(e) => setUid(e.target.value)}
          required
          maxLength={40}
          hint="4, 7 or 10 bytes, e.g. 04A3F21B6C5E80 or 04:A3:F2:1B:6C:5E:80"
          error={fieldError(create.error, 'uid')}
        />
        <SelectField
          label="Merchant stock"
          value={merchantId}
          onChange={(e) => setMerchantId(e.target.value)}
          error={fieldError(create.error, 'merchantId')}
        >
          <option value="">None (platform stock)</option>
          <MerchantOptions merchants={merchants} />
        </SelectField>
        <FormError error={create.error} fields={['uid', 'merchantId']} />
        <div className="row gap">
          <button type="submit" className="ui-button" disabled={create.isPending}>
            {create.isPending ? 'Registering…' : 'Register'}
          </button>
          <button type="button" className="link-button" onClick={onDone}>
            Close
          </button>
          {create.data && (
            <span className="muted small" role="status">
              Registered <Link to={`/nfc-cards/${create.data.id}`}>{create.data.uid}</Link>.
            </span>
          )}
        </div>
      </form>
    </section>
  );
}

const splitUids = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function BulkForm({ merchants, onDone }: { merchants: MerchantOption[]; onDone: () => void }) {
  const utils = trpc.useUtils();
  const [action, setAction] = useState<'create' | 'allocate' | 'block'>('create');
  const [text, setText] = useState('');
  const [merchantId, setMerchantId] = useState('');
  const [reason, setReason] = useState('');
  const bulk = trpc.admin.nfcCards.bulk.useMutation({
    onSuccess: () => {
      void utils.admin.nfcCards.invalidate();
      setText('');
    },
  });
  const uids = splitUids(text);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    bulk.mutate({ action, uids, merchantId: merchantId || undefined, reason: reason || undefined });
  };
  // per-row errors come back as `uids.<index>`
  const rowErrors = Object.entries(bulk.error ? errorInfo(bulk.error).fieldErrors : {})
    .filter(([k]) => k.startsWith('uids.'))
    .map(([k, v]) => {
      const i = Number(k.slice(5));
      return { row: i + 1, uid: uids[i] ?? '', message: v.join(', ') };
    })
    .sort((a, b) => a.row - b.row);
  return (
    <section className="ui-card console-card stack" aria-label="Bulk batch">
      <h2 className="section-title">Bulk batch</h2>
      <p className="muted small">All rows or none: if any row is wrong, nothing is changed and the rows are listed.</p>
      <form className="stack" onSubmit={submit} noValidate>
        <SelectField label="Action" value={action} onChange={(e) => setAction(e.target.value as typeof action)}>
          <option value="create">Register new cards</option>
          <option value="allocate">Allocate to a merchant's stock</option>
          <option value="block">Block</option>
        </SelectField>
        <TextAreaField
          label={`UIDs (one per line, or separated by commas) — ${uids.length} entered`}
          rows={6}
          value={text}
          onChange={(e) => setText(e.target.value)}
          error={fieldError(bulk.error, 'uids')}
          className="mono"
        />
        {action !== 'block' && (
          <SelectField
            label={action === 'allocate' ? 'Merchant' : 'Merchant stock (optional)'}
            value={merchantId}
            onChange={(e) => setMerchantId(e.target.value)}
            error={fieldError(bulk.error, 'merchantId')}
          >
            <option value="">{action === 'allocate' ? 'Choose a merchant' : 'None (platform stock)'}</option>
            <MerchantOptions merchants={merchants} />
          </SelectField>
        )}
        {action === 'block' && (
          <Field
            label="Reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={200}
            error={fieldError(bulk.error, 'reason')}
          />
        )}
        {rowErrors.length > 0 && (
          <div className="notice notice--error" role="alert">
            <p>
              {rowErrors.length} row{rowErrors.length === 1 ? '' : 's'} refused; nothing was changed:
            </p>
            <ul data-testid="bulk-row-errors">
              {rowErrors.map((r) => (
                <li key={r.row}>
                  Row {r.row} <span className="mono">{r.uid}</span>: {r.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {rowErrors.length === 0 && <FormError error={bulk.error} fields={['uids', 'merchantId', 'reason']} />}
        <div className="row gap">
          <button type="submit" className="ui-button" disabled={bulk.isPending || uids.length === 0}>
            {bulk.isPending ? 'Working…' : `Apply to ${uids.length} card${uids.length === 1 ? '' : 's'}`}
          </button>
          <button type="button" className="link-button" onClick={onDone}>
            Close
          </button>
          {bulk.data && (
            <span className="muted small" role="status">
              Done: {bulk.data.count} card{bulk.data.count === 1 ? '' : 's'}.
            </span>
          )}
        </div>
      </form>
    </section>
  );
}

const REQUEST_STATUSES = ['PENDING_PAYMENT', 'PAID', 'FULFILLED', 'CANCELLED'] as const;

/** `/nfc-cards/requests`: customers' card requests (fee paid → a merchant may assign a card). */
export function NfcCardRequestsPage() {
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const q = trpc.admin.nfcCards.requests.useQuery(
    {
      page,
      pageSize: 25,
      status: (REQUEST_STATUSES as readonly string[]).includes(status)
        ? (status as (typeof REQUEST_STATUSES)[number])
        : undefined,
    },
    { placeholderData: keepPreviousData, retry: false },
  );
  return (
    <div className="page">
      <p className="small">
        <Link to="/nfc-cards">← NFC cards</Link>
      </p>
      <h1 className="page-title">Card requests</h1>
      <div className="filters">
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            setPage(1);
          }}
        >
          <option value="">Any status</option>
          <option value="PENDING_PAYMENT">Awaiting fee</option>
          <option value="PAID">Fee paid</option>
          <option value="FULFILLED">Card assigned</option>
          <option value="CANCELLED">Cancelled</option>
        </SelectField>
      </div>
      {q.isPending ? (
        <Spinner label="Loading requests…" />
      ) : q.error && !q.data ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : !q.data || q.data.items.length === 0 ? (
        <EmptyState title="No card requests" />
      ) : (
        <>
          <div className="table-card">
            <table className="data-table" data-testid="nfc-requests-table">
              <caption className="visually-hidden">Card requests</caption>
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Fee
                  </th>
                  <th scope="col">Card</th>
                  <th scope="col">Note</th>
                  <th scope="col">Requested</th>
                </tr>
              </thead>
              <tbody>
                {q.data.items.map((r) => (
                  <tr key={r.id}>
                    <td data-label="Customer">
                      <Link to={`/customers/${r.customer.id}`}>{r.customer.name}</Link>
                      <span className="cell-sub">{r.customer.mobile ?? ''}</span>
                    </td>
                    <td data-label="Status">
                      <RequestStatusBadge status={r.status} />
                    </td>
                    <td data-label="Fee" className="num">
                      <Money amountMinor={r.feeMinor} currency={r.currency} />
                    </td>
                    <td data-label="Card" className="mono">
                      {r.cardId ? <Link to={`/nfc-cards/${r.cardId}`}>{r.cardUid}</Link> : '—'}
                    </td>
                    <td data-label="Note">{r.note ?? ''}</td>
                    <td data-label="Requested" className="nowrap">
                      {formatDateTime(r.createdAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={q.data.page} totalPages={q.data.totalPages} busy={q.isFetching} onPage={setPage} />
        </>
      )}
    </div>
  );
}
