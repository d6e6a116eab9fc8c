/**
 * Organizers, merchants and ushers (seed 003 Plan 2 Phase 7): lists with filters, sort, pages and
 * CSV export (ADR 0022), the "new account" form (`admin.users.create`, field errors inline),
 * soft delete (`admin.users.delete`) and usher assignments. Write buttons only for admins with
 * users.write; SUPPORT reads.
 */
import { fieldError, Money, type RouterOutputs, trpc } from '@admit/ui';
import { ConfirmDialog, Field, FormError, formatDate, SelectField } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { type Column, CsvExportLink, DataTable, useListState } from '../../components/DataTable.tsx';
import { ListFilters, SearchFilter, UserStatusFilter } from '../../components/ListFilters.tsx';
import { StatusBadge } from '../../components/UserBadges.tsx';
import { adminCan, STATUSES, type UserStatus } from '../../permissions.ts';
import { useAdmin } from '../../session.tsx';

type Kind = 'ORGANIZER' | 'MERCHANT' | 'USHER';
const FILTERS = ['q', 'status'] as const;
const toFilters = (f: Record<(typeof FILTERS)[number], string>) => ({
  q: f.q || undefined,
  status: (STATUSES as readonly string[]).includes(f.status) ? (f.status as UserStatus) : undefined,
});

function useCanWrite() {
  const { level } = useAdmin();
  return adminCan(level, 'users.write');
}

type FilterState = Pick<
  ReturnType<typeof useListState<'q' | 'status', 'createdAt' | 'name'>>,
  'form' | 'set' | 'apply' | 'clear' | 'filtered'
>;

/** Search and status filters of the merchants and ushers lists. */
function Filters({ state, placeholder }: { state: FilterState; placeholder: string }) {
  return (
    <ListFilters label="Filter" state={state} applyLabel="Apply">
      <SearchFilter wide placeholder={placeholder} value={state.form.q} onChange={state.set('q')} />
      <UserStatusFilter value={state.form.status} onChange={state.set('status')} />
    </ListFilters>
  );
}

const FORM_FIELDS = [
  'firstName',
  'lastName',
  'mobile',
  'email',
  'username',
  'password',
  'organizerId',
  'organization.name',
  'organization.contactEmail',
  'organization.contactPhone',
  'businessName',
  'city',
  'eventId',
] as const;

/** The new-account form for one role; on success the list reloads. */
function CreateAccountForm({ kind: role, onDone }: { kind: Kind; onDone: () => void }) {
  const [f, setF] = useState<Record<(typeof FORM_FIELDS)[number], string>>(
    Object.fromEntries(FORM_FIELDS.map((k) => [k, ''])) as Record<(typeof FORM_FIELDS)[number], string>,
  );
  const [newOrg, setNewOrg] = useState(true);
  const organizers = trpc.admin.organizers.list.useQuery(
    { pageSize: 100, sort: 'name', order: 'asc' },
    { enabled: role !== 'MERCHANT' || !newOrg },
  );
  const create = trpc.admin.users.create.useMutation({ onSuccess: onDone });
  const set = (k: (typeof FORM_FIELDS)[number]) => (e: { target: { value: string } }) =>
    setF((p) => ({ ...p, [k]: e.target.value }));
  const opt = (v: string) => v.trim() || undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      role,
      firstName: f.firstName,
      lastName: f.lastName,
      password: f.password,
      ...(role !== 'USHER' ? { mobile: f.mobile.trim(), email: opt(f.email) } : { username: f.username }),
      ...(role === 'MERCHANT' ? { businessName: f.businessName, city: opt(f.city) } : {}),
      ...(role === 'USHER' || (role === 'ORGANIZER' && !newOrg) ? { organizerId: opt(f.organizerId) } : {}),
      ...(role === 'ORGANIZER' && newOrg
        ? {
            organization: {
              name: f['organization.name'],
              contactEmail: f['organization.contactEmail'],
              contactPhone: f['organization.contactPhone'],
            },
          }
        : {}),
    } as Parameters<typeof create.mutate>[0]);
  };
  const err = (k: string) => fieldError(create.error, k);
  return (
    <form
      className="stack create-account"
      onSubmit={submit}
      noValidate
      aria-label={`New ${role.toLowerCase()}`}
      data-testid="create-account-form"
    >
      <div className="form-grid">
        <Field label="First name" required value={f.firstName} onChange={set('firstName')} error={err('firstName')} />
        <Field label="Last name" required value={f.lastName} onChange={set('lastName')} error={err('lastName')} />
        {role === 'USHER' ? (
          <Field label="Username" required value={f.username} onChange={set('username')} error={err('username')} />
        ) : (
          <>
            <Field
              label="Mobile"
              required
              type="tel"
              placeholder="+201001234567"
              value={f.mobile}
              onChange={set('mobile')}
              error={err('mobile')}
            />
            <Field
              label="E-mail (optional)"
              type="email"
              value={f.email}
              onChange={set('email')}
              error={err('email')}
            />
          </>
        )}
        <Field
          label="Initial password"
          required
          type="password"
          autoComplete="new-password"
          value={f.password}
          onChange={set('password')}
          error={err('password')}
        />
        {role === 'MERCHANT' && (
          <>
            <Field
              label="Business name"
              required
              value={f.businessName}
              onChange={set('businessName')}
              error={err('businessName')}
            />
            <Field label="City (optional)" value={f.city} onChange={set('city')} error={err('city')} />
          </>
        )}
        {role === 'ORGANIZER' && (
          <SelectField
            label="Organization"
            value={newOrg ? 'new' : 'existing'}
            onChange={(e) => setNewOrg(e.target.value === 'new')}
          >
            <option value="new">A new organization</option>
            <option value="existing">An existing organizer</option>
          </SelectField>
        )}
        {(role === 'USHER' || (role === 'ORGANIZER' && !newOrg)) && (
          <SelectField
            label="Organizer"
            required
            value={f.organizerId}
            onChange={set('organizerId')}
            error={err('organizerId')}
          >
            <option value="">Choose…</option>
            {organizers.data?.items.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </SelectField>
        )}
        {role === 'ORGANIZER' && newOrg && (
          <>
            <Field
              label="Organization name"
              required
              value={f['organization.name']}
              onChange={set('organization.name')}
              error={err('organization.name') ?? err('organizerId')}
            />
            <Field
              label="Contact e-mail"
              required
              type="email"
              value={f['organization.contactEmail']}
              onChange={set('organization.contactEmail')}
              error={err('organization.contactEmail')}
            />
            <Field
              label="Contact phone"
              required
              type="tel"
              value={f['organization.contactPhone']}
              onChange={set('organization.contactPhone')}
              error={err('organization.contactPhone')}
            />
          </>
        )}
      </div>
      <FormError error={create.error} fields={FORM_FIELDS} />
      <div>
        <button type="submit" className="ui-button" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : `Create ${role.toLowerCase()}`}
        </button>{' '}
        <button type="button" className="ui-button ui-button--ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A "New …" toggle with the form, only for admins who may write. */
function CreateSection({ kind: role, onCreated }: { kind: Kind; onCreated: () => void }) {
  const canWrite = useCanWrite();
  const [open, setOpen] = useState(false);
  if (!canWrite) return <p className="muted small">Your admin role can view these accounts but not change them.</p>;
  return open ? (
    <CreateAccountForm
      kind={role}
      onDone={() => {
        setOpen(false);
        onCreated();
      }}
    />
  ) : (
    <button type="button" className="ui-button" onClick={() => setOpen(true)} data-testid="new-account">
      New {role.toLowerCase()}
    </button>
  );
}

/** Soft delete with confirmation (the account is disabled and signed out; history stays). */
function DeleteButton({ id, name, onDone }: { id: string; name: string; onDone: () => void }) {
  const canWrite = useCanWrite();
  const [open, setOpen] = useState(false);
  const del = trpc.admin.users.delete.useMutation({
    onSuccess: () => {
      setOpen(false);
      onDone();
    },
  });
  if (!canWrite) return null;
  return (
    <>
      <button type="button" className="link-button small" onClick={() => setOpen(true)}>
        Delete
      </button>
      <ConfirmDialog
        open={open}
        title={`Delete ${name}?`}
        confirmLabel="Delete"
        pending={del.isPending}
        error={del.error}
        onConfirm={() => del.mutate({ id })}
        onCancel={() => setOpen(false)}
      >
        <p>The account is disabled and signed out everywhere. Its orders, cards and logs are kept.</p>
      </ConfirmDialog>
    </>
  );
}

// ───────────────────────────── merchants ─────────────────────────────

type MerchantRow = RouterOutputs['admin']['merchants']['list']['items'][number];

/** `/merchants` */
export function MerchantsPage() {
  const state = useListState(FILTERS, { sort: 'createdAt' as 'createdAt' | 'name', order: 'desc' });
  const list = trpc.admin.merchants.list.useQuery(
    { ...state.query(toFilters), pageSize: 25 },
    { placeholderData: keepPreviousData, retry: false },
  );
  const columns: Column<MerchantRow, 'createdAt' | 'name'>[] = [
    {
      header: 'Merchant',
      sortKey: 'name',
      cell: (m) => (
        <span>
          <Link to={`/users/${m.id}`} className="cell-main">
            {m.businessName ?? `${m.firstName} ${m.lastName}`}
          </Link>
          <span className="cell-sub">
            {m.firstName} {m.lastName} · {m.mobile}
          </span>
        </span>
      ),
    },
    { header: 'Status', cell: (m) => <StatusBadge status={m.status} /> },
    { header: 'Cards in stock', className: 'num', cell: (m) => m.cardsInStock },
    { header: 'Cards assigned', className: 'num', cell: (m) => m.cardsAssigned },
    { header: 'Joined', sortKey: 'createdAt', className: 'nowrap', cell: (m) => formatDate(m.createdAt) },
    {
      header: 'Actions',
      cell: (m) =>
        m.status === 'DISABLED' ? null : (
          <DeleteButton id={m.id} name={m.businessName ?? m.firstName} onDone={() => void list.refetch()} />
        ),
    },
  ];
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Merchants</h1>
        <CsvExportLink path="/api/merchants/export.csv" query={state.exportQuery(toFilters)} />
      </div>
      <CreateSection kind="MERCHANT" onCreated={() => void list.refetch()} />
      <Filters state={state} placeholder="Business, name, mobile or e-mail" />
      <DataTable
        list={list}
        state={state}
        columns={columns}
        rowKey={(m) => m.id}
        rowProps={() => ({ 'data-testid': 'merchant-row' })}
        filterKeys={FILTERS}
        noun={['merchant', 'merchants']}
        emptyTitle="No merchants yet"
        testId="merchants-table"
        caption="Merchants"
      />
    </div>
  );
}

// ───────────────────────────── organizers ─────────────────────────────

type OrganizerRow = RouterOutputs['admin']['organizers']['list']['items'][number];
const ORG_FILTERS = ['q'] as const;
const toOrgFilters = (f: Record<'q', string>) => ({ q: f.q || undefined });

/** `/organizers`: organizations with events and sales; "New organizer" creates a staff account. */
export function OrganizersPage() {
  const state = useListState(ORG_FILTERS, { sort: 'createdAt' as 'createdAt' | 'name' | 'events', order: 'desc' });
  const list = trpc.admin.organizers.list.useQuery(
    { ...state.query(toOrgFilters), pageSize: 25 },
    { placeholderData: keepPreviousData, retry: false },
  );
  const columns: Column<OrganizerRow, 'createdAt' | 'name' | 'events'>[] = [
    {
      header: 'Organizer',
      sortKey: 'name',
      cell: (o) => (
        <span>
          <span className="cell-main">{o.name}</span>
          <span className="cell-sub">
            {o.contactEmail} · {o.contactPhone}
          </span>
        </span>
      ),
    },
    {
      header: 'Events',
      sortKey: 'events',
      className: 'num',
      cell: (o) => `${o.events} (${o.publishedEvents} published)`,
    },
    { header: 'Tickets sold', className: 'num', cell: (o) => o.ticketsSold },
    {
      header: 'Sales',
      className: 'num',
      cell: (o) =>
        o.revenue.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          o.revenue.map((r) => <Money key={r.currency} amountMinor={r.amountMinor} currency={r.currency} />)
        ),
    },
    { header: 'Staff / ushers', className: 'num', cell: (o) => `${o.staff} / ${o.ushers}` },
    { header: 'Since', sortKey: 'createdAt', className: 'nowrap', cell: (o) => formatDate(o.createdAt) },
  ];
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Organizers</h1>
        <CsvExportLink path="/api/organizers/export.csv" query={state.exportQuery(toOrgFilters)} />
      </div>
      <CreateSection kind="ORGANIZER" onCreated={() => void list.refetch()} />
      <ListFilters label="Filter organizers" state={state} applyLabel="Apply">
        <SearchFilter wide placeholder="Name, e-mail or phone" value={state.form.q} onChange={state.set('q')} />
      </ListFilters>
      <DataTable
        list={list}
        state={state}
        columns={columns}
        rowKey={(o) => o.id}
        rowProps={() => ({ 'data-testid': 'organizer-row' })}
        filterKeys={ORG_FILTERS}
        noun={['organizer', 'organizers']}
        emptyTitle="No organizers yet"
        testId="organizers-table"
        caption="Organizers"
      />
    </div>
  );
}

// ───────────────────────────── ushers ─────────────────────────────

type UsherRow = RouterOutputs['admin']['ushers']['list']['items'][number];

/** An usher's assignments with "remove" for writers. */
function Assignments({ usher, onChange }: { usher: UsherRow; onChange: () => void }) {
  const canWrite = useCanWrite();
  const remove = trpc.admin.ushers.assignments.remove.useMutation({ onSuccess: onChange });
  if (usher.assignments.length === 0) return <span className="muted">None</span>;
  return (
    <ul className="plain-list">
      {usher.assignments.map((a) => (
        <li key={a.id}>
          {a.event.title} ({formatDate(a.event.startsAt)}){a.gate ? ` · ${a.gate.name}` : ''}
          {a.checkInList ? ` · ${a.checkInList.name}` : ''}{' '}
          {canWrite && (
            <button
              type="button"
              className="link-button small"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ id: usher.id, assignmentId: a.id })}
            >
              Remove
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Add an assignment: an event of the usher's organizer (by id) and optionally a gate id. */
function AssignForm({ usher, onDone }: { usher: UsherRow; onDone: () => void }) {
  const [eventId, setEventId] = useState('');
  const [gateId, setGateId] = useState('');
  const create = trpc.admin.ushers.assignments.create.useMutation({ onSuccess: onDone });
  return (
    <form
      className="inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ id: usher.id, eventId: eventId.trim(), gateId: gateId.trim() || undefined });
      }}
    >
      <Field
        label="Event id"
        value={eventId}
        onChange={(e) => setEventId(e.target.value)}
        error={fieldError(create.error, 'eventId')}
      />
      <Field
        label="Gate id (optional)"
        value={gateId}
        onChange={(e) => setGateId(e.target.value)}
        error={fieldError(create.error, 'gateId')}
      />
      <FormError error={create.error} fields={['eventId', 'gateId']} />
      <button type="submit" className="ui-button ui-button--small" disabled={create.isPending}>
        Assign
      </button>
    </form>
  );
}

/** `/ushers` */
export function UshersPage() {
  const canWrite = useCanWrite();
  const state = useListState(FILTERS, { sort: 'createdAt' as 'createdAt' | 'name', order: 'desc' });
  const list = trpc.admin.ushers.list.useQuery(
    { ...state.query(toFilters), pageSize: 25 },
    { placeholderData: keepPreviousData, retry: false },
  );
  const [assigning, setAssigning] = useState<string | null>(null);
  const refetch = () => void list.refetch();
  const columns: Column<UsherRow, 'createdAt' | 'name'>[] = [
    {
      header: 'Usher',
      sortKey: 'name',
      cell: (u) => (
        <span>
          <Link to={`/users/${u.id}`} className="cell-main">
            {u.firstName} {u.lastName}
          </Link>
          <span className="cell-sub">
            {u.username} · {u.organizer?.name ?? 'no organizer'}
          </span>
        </span>
      ),
    },
    { header: 'Status', cell: (u) => <StatusBadge status={u.status} /> },
    {
      header: 'Assignments',
      cell: (u) => (
        <div>
          <Assignments usher={u} onChange={refetch} />
          {canWrite &&
            (assigning === u.id ? (
              <AssignForm
                usher={u}
                onDone={() => {
                  setAssigning(null);
                  refetch();
                }}
              />
            ) : (
              <button type="button" className="link-button small" onClick={() => setAssigning(u.id)}>
                Add assignment
              </button>
            ))}
        </div>
      ),
    },
    { header: 'Joined', sortKey: 'createdAt', className: 'nowrap', cell: (u) => formatDate(u.createdAt) },
    {
      header: 'Actions',
      cell: (u) =>
        u.status === 'DISABLED' ? null : <DeleteButton id={u.id} name={u.username ?? u.firstName} onDone={refetch} />,
    },
  ];
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Ushers</h1>
        <CsvExportLink path="/api/ushers/export.csv" query={state.exportQuery(toFilters)} />
      </div>
      <CreateSection kind="USHER" onCreated={refetch} />
      <Filters state={state} placeholder="Name or username" />
      <DataTable
        list={list}
        state={state}
        columns={columns}
        rowKey={(u) => u.id}
        rowProps={() => ({ 'data-testid': 'usher-row' })}
        filterKeys={FILTERS}
        noun={['usher', 'ushers']}
        emptyTitle="No ushers yet"
        emptyBody={<p>Create an usher to staff event gates.</p>}
        testId="ushers-table"
        caption="Ushers"
      />
    </div>
  );
}
