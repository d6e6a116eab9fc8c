/**
 * Customers (seed 003 Plan 2 Phase 5): the list with filters, sort, pages and CSV export
 * (ADR 0022), and one customer with bookings, tickets, NFC cards, refund requests and the
 * status / profile change (SUPPORT sees, does not change).
 */
import {
  EmptyState,
  fieldError,
  Money,
  StatusBadge as MoneyStatus,
  type RouterOutputs,
  Spinner,
  trpc,
} from '@admit/ui';
import {
  ConfirmDialog,
  Field,
  FormError,
  formatDate,
  formatDateTime,
  GuardedButton,
} from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { type Column, CsvExportLink, DataTable, useListState } from '../../components/DataTable.tsx';
import { ListFilters, SearchFilter, UserStatusFilter } from '../../components/ListFilters.tsx';
import { StatusBadge } from '../../components/UserBadges.tsx';
import { adminCan, STATUSES, type UserStatus } from '../../permissions.ts';
import { LoadError, useAdmin } from '../../session.tsx';
import { endOfUtcDay, startOfUtcDay } from '../../util.ts';

const FILTERS = ['q', 'status', 'registeredFrom', 'registeredTo'] as const;
type Sort = 'createdAt' | 'name' | 'orders';

const toFilters = (f: Record<(typeof FILTERS)[number], string>) => ({
  q: f.q || undefined,
  status: (STATUSES as readonly string[]).includes(f.status) ? (f.status as UserStatus) : undefined,
  registeredFrom: f.registeredFrom ? startOfUtcDay(f.registeredFrom) : undefined,
  registeredTo: f.registeredTo ? endOfUtcDay(f.registeredTo) : undefined,
});

type Row = RouterOutputs['admin']['customers']['list']['items'][number];

const SpendCell = ({ spend }: { spend: Row['spend'] }) =>
  spend.length === 0 ? (
    <span className="muted">—</span>
  ) : (
    <span>
      {spend.map((s) => (
        <Money key={s.currency} amountMinor={s.amountMinor} currency={s.currency} />
      ))}
    </span>
  );

const COLUMNS: Column<Row, Sort>[] = [
  {
    header: 'Name',
    sortKey: 'name',
    cell: (c) => (
      <span>
        <Link to={`/customers/${c.id}`} className="cell-main">
          {c.firstName} {c.lastName}
        </Link>
        <span className="cell-sub">{c.mobile ?? c.email ?? ''}</span>
      </span>
    ),
  },
  { header: 'Status', cell: (c) => <StatusBadge status={c.status} /> },
  { header: 'Orders', sortKey: 'orders', className: 'num', cell: (c) => c.ordersCount },
  { header: 'Spend', className: 'num', cell: (c) => <SpendCell spend={c.spend} /> },
  { header: 'Registered', sortKey: 'createdAt', className: 'nowrap', cell: (c) => formatDate(c.createdAt) },
];

/** `/customers`: filters in the URL, sortable columns, CSV of the same filters. */
export function CustomersPage() {
  const state = useListState(FILTERS, { sort: 'createdAt' as Sort, order: 'desc' });
  const list = trpc.admin.customers.list.useQuery(
    { ...state.query(toFilters), pageSize: 25 },
    { placeholderData: keepPreviousData, retry: false },
  );
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Customers</h1>
        <CsvExportLink path="/api/customers/export.csv" query={state.exportQuery(toFilters)} />
      </div>
      <ListFilters label="Filter customers" state={state} applyLabel="Apply">
        <SearchFilter wide placeholder="Name, mobile or e-mail" value={state.form.q} onChange={state.set('q')} />
        <UserStatusFilter value={state.form.status} onChange={state.set('status')} />
        <Field
          label="Registered from"
          type="date"
          value={state.form.registeredFrom}
          onChange={state.set('registeredFrom')}
          error={fieldError(list.error, 'registeredFrom')}
        />
        <Field
          label="Registered until"
          type="date"
          value={state.form.registeredTo}
          onChange={state.set('registeredTo')}
          error={fieldError(list.error, 'registeredTo')}
        />
      </ListFilters>
      <DataTable
        list={list}
        state={state}
        columns={COLUMNS}
        rowKey={(c) => c.id}
        rowProps={() => ({ 'data-testid': 'customer-row' })}
        filterKeys={FILTERS}
        noun={['customer', 'customers']}
        loadingLabel="Loading customers…"
        emptyTitle="No customers yet"
        testId="customers-table"
        caption="Customers"
      />
    </div>
  );
}

function ProfileForm({
  customer,
  onSaved,
}: {
  customer: { id: string; firstName: string; lastName: string; emergencyContact: string | null };
  onSaved: () => void;
}) {
  const [form, setForm] = useState({
    firstName: customer.firstName,
    lastName: customer.lastName,
    emergencyContact: customer.emergencyContact ?? '',
  });
  const update = trpc.admin.customers.update.useMutation({ onSuccess: onSaved });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ id: customer.id, ...form, emergencyContact: form.emergencyContact.trim() || null });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Edit profile">
      <Field
        label="First name"
        value={form.firstName}
        onChange={(e) => setForm({ ...form, firstName: e.target.value })}
        error={fieldError(update.error, 'firstName')}
      />
      <Field
        label="Last name"
        value={form.lastName}
        onChange={(e) => setForm({ ...form, lastName: e.target.value })}
        error={fieldError(update.error, 'lastName')}
      />
      <Field
        label="Emergency contact"
        value={form.emergencyContact}
        onChange={(e) => setForm({ ...form, emergencyContact: e.target.value })}
        error={fieldError(update.error, 'emergencyContact')}
      />
      <FormError error={update.error} fields={['firstName', 'lastName', 'emergencyContact']} />
      <div>
        <button type="submit" className="ui-button" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save profile'}
        </button>
        {update.isSuccess && <span className="muted small"> Saved.</span>}
      </div>
    </form>
  );
}

/** `/customers/:id`: profile, status change, bookings, tickets, cards, refund requests. */
export function CustomerPage() {
  const { id = '' } = useParams();
  const { level } = useAdmin();
  const canWrite = adminCan(level, 'users.write');
  const utils = trpc.useUtils();
  const q = trpc.admin.customers.get.useQuery({ id }, { retry: false });
  const [confirm, setConfirm] = useState<'ACTIVE' | 'DISABLED' | null>(null);
  const setStatus = trpc.admin.customers.update.useMutation({
    onSuccess: () => {
      setConfirm(null);
      void utils.admin.customers.invalidate();
    },
  });
  if (q.isPending) return <Spinner label="Loading customer…" />;
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const next = c.status === 'DISABLED' ? 'ACTIVE' : 'DISABLED';
  return (
    <div className="page">
      <p className="small">
        <Link to="/customers">← Customers</Link>
      </p>
      <div className="page-head">
        <h1 className="page-title">
          {c.firstName} {c.lastName}
        </h1>
        <StatusBadge status={c.status} />
      </div>
      <dl className="detail-list">
        <dt>Mobile</dt>
        <dd>{c.mobile ?? '—'}</dd>
        <dt>E-mail</dt>
        <dd>{c.email ?? '—'}</dd>
        <dt>Registered</dt>
        <dd>{formatDateTime(c.createdAt)}</dd>
        <dt>Paid orders</dt>
        <dd>{c.ordersCount}</dd>
        <dt>Spend</dt>
        <dd>
          <SpendCell spend={c.spend} />
        </dd>
        <dt>Signed-in devices</dt>
        <dd>{c.activeSessions}</dd>
        {c.deletedAt && (
          <>
            <dt>Personal data erased</dt>
            <dd>{formatDateTime(c.deletedAt)}</dd>
          </>
        )}
      </dl>
      {c.status !== 'PENDING_VERIFICATION' && canWrite && (
        <GuardedButton
          className={next === 'DISABLED' ? 'ui-button ui-button--danger' : 'ui-button'}
          onClick={() => setConfirm(next)}
          data-testid="customer-status-button"
        >
          {next === 'DISABLED' ? 'Disable account' : 'Enable account'}
        </GuardedButton>
      )}
      {!canWrite && <p className="muted small">Your admin role can view customers but not change them.</p>}
      <ConfirmDialog
        open={confirm !== null}
        title={confirm === 'DISABLED' ? 'Disable this customer?' : 'Enable this customer?'}
        confirmLabel={confirm === 'DISABLED' ? 'Disable' : 'Enable'}
        danger={confirm === 'DISABLED'}
        pending={setStatus.isPending}
        error={setStatus.error}
        onConfirm={() => confirm && setStatus.mutate({ id: c.id, status: confirm })}
        onCancel={() => setConfirm(null)}
      >
        {confirm === 'DISABLED' ? (
          <p>They are signed out on every device and cannot sign in until enabled again. Orders and tickets stay.</p>
        ) : (
          <p>They can sign in again.</p>
        )}
      </ConfirmDialog>

      {canWrite && !c.deletedAt && (
        <section className="section">
          <h2>Profile</h2>
          <ProfileForm
            key={`${c.firstName}|${c.lastName}|${c.emergencyContact}`}
            customer={c}
            onSaved={() => void q.refetch()}
          />
        </section>
      )}

      <section className="section">
        <h2>Orders</h2>
        {c.orders.length === 0 ? (
          <EmptyState title="No orders yet" />
        ) : (
          <div className="table-card">
            <table className="data-table" data-testid="customer-orders">
              <caption className="visually-hidden">Latest orders</caption>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">What</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col">Placed</th>
                </tr>
              </thead>
              <tbody>
                {c.orders.map((o) => (
                  <tr key={o.id}>
                    <td data-label="Order">{o.code}</td>
                    <td data-label="What">{o.summary}</td>
                    <td data-label="Status">
                      <MoneyStatus status={o.status} />
                    </td>
                    <td data-label="Total" className="num">
                      <Money amountMinor={o.totalMinor} currency={o.currency} />
                      {o.refundedMinor > 0 && (
                        <span className="cell-sub">
                          refunded <Money amountMinor={o.refundedMinor} currency={o.currency} />
                        </span>
                      )}
                    </td>
                    <td data-label="Placed" className="nowrap">
                      {formatDateTime(o.createdAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="section">
        <h2>Tickets</h2>
        {c.tickets.length === 0 ? (
          <EmptyState title="No tickets" />
        ) : (
          <ul className="plain-list">
            {c.tickets.map((t) => (
              <li key={t.id}>
                <strong>{t.reference}</strong> · {t.event.title} ({formatDate(t.event.startsAt)}) · {t.category} ·{' '}
                {t.status}
                {t.checkedInAt ? ` · checked in ${formatDateTime(t.checkedInAt)}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section">
        <h2>NFC cards</h2>
        {c.cards.length === 0 ? (
          <EmptyState title="No NFC cards" />
        ) : (
          <ul className="plain-list">
            {c.cards.map((card) => (
              <li key={card.id}>
                <code>{card.uid}</code> · {card.status} · balance{' '}
                <Money amountMinor={card.balanceMinor} currency={card.currency} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section">
        <h2>Refund requests</h2>
        {c.refundRequests.length === 0 ? (
          <EmptyState title="No refund requests" />
        ) : (
          <ul className="plain-list">
            {c.refundRequests.map((r) => (
              <li key={r.id}>
                <MoneyStatus status={r.status} /> <Money amountMinor={r.amountMinor} currency={r.currency} /> ·{' '}
                {r.reason} · {formatDateTime(r.createdAt)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
