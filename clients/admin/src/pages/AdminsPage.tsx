import { EmptyState, ErrorNotice, fieldError, type RouterOutputs, Spinner, trpc } from '@admit/ui';
import { Field, FormError, formatDate, Pagination, parsePage, SelectField } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LevelBadge } from '../components/Layout.tsx';
import { StatusBadge } from '../components/UserBadges.tsx';
import { ADMIN_LEVELS, type AdminLevel, LEVEL_DESCRIPTIONS, LEVEL_LABELS } from '../permissions.ts';
import { LoadError, useAdmin } from '../session.tsx';

type AdminUser = RouterOutputs['admin']['users']['get'];

const CREATE_FIELDS = ['email', 'firstName', 'lastName', 'password', 'level'] as const;
const EMPTY = { email: '', firstName: '', lastName: '', password: '', level: 'SUPPORT' as AdminLevel };

function LevelOptions() {
  return ADMIN_LEVELS.map((l) => (
    <option key={l} value={l}>
      {LEVEL_LABELS[l]}
    </option>
  ));
}

/** Super admins only: a new admin account with its level (`admin.admins.create`). */
function CreateAdminForm({ onDone, onCancel }: { onDone: (u: AdminUser) => void; onCancel: () => void }) {
  const utils = trpc.useUtils();
  const headingId = useId();
  const [form, setForm] = useState(EMPTY);
  const create = trpc.admin.admins.create.useMutation({
    onSuccess: (u) => {
      void utils.admin.users.invalidate();
      void utils.admin.audit.invalidate();
      onDone(u);
    },
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ ...form, email: form.email.trim() });
  };
  return (
    <section className="ui-card console-card" aria-labelledby={headingId}>
      <h2 id={headingId} className="console-card__title">
        New admin
      </h2>
      <form onSubmit={submit} noValidate className="console-form">
        <Field
          label="E-mail"
          name="email"
          type="email"
          autoComplete="off"
          required
          value={form.email}
          onChange={set('email')}
          error={fieldError(create.error, 'email')}
        />
        <Field
          label="First name"
          name="firstName"
          autoComplete="off"
          required
          value={form.firstName}
          onChange={set('firstName')}
          error={fieldError(create.error, 'firstName')}
        />
        <Field
          label="Last name"
          name="lastName"
          autoComplete="off"
          required
          value={form.lastName}
          onChange={set('lastName')}
          error={fieldError(create.error, 'lastName')}
        />
        <Field
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          value={form.password}
          onChange={set('password')}
          error={fieldError(create.error, 'password')}
          hint="At least 8 characters. Share it safely; the new admin can change it on their Account page."
        />
        <SelectField
          label="Level"
          name="level"
          value={form.level}
          onChange={set('level')}
          error={fieldError(create.error, 'level')}
          hint={LEVEL_DESCRIPTIONS[form.level]}
        >
          <LevelOptions />
        </SelectField>
        <FormError error={create.error} fields={CREATE_FIELDS} />
        <div className="actions">
          <button type="submit" className="ui-button" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create admin'}
          </button>
          <button type="button" className="ui-button ui-button--ghost" onClick={onCancel} disabled={create.isPending}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

/** The level of one admin: a select and Save for super admins (not for themselves), a badge otherwise. */
function LevelCell({
  user,
  editable,
  onChanged,
}: {
  user: AdminUser;
  editable: boolean;
  onChanged: (msg: string) => void;
}) {
  const utils = trpc.useUtils();
  const [level, setLevel] = useState<AdminLevel>(user.adminLevel ?? 'SUPPORT');
  const setLevelMutation = trpc.admin.admins.setLevel.useMutation({
    onSuccess: (u) => {
      onChanged(`${u.firstName} ${u.lastName} is now ${LEVEL_LABELS[u.adminLevel ?? 'SUPPORT'].toLowerCase()}.`);
      void utils.admin.users.invalidate();
      void utils.admin.audit.invalidate();
    },
  });
  if (!editable) return <LevelBadge level={user.adminLevel} />;
  const name = `${user.firstName} ${user.lastName}`;
  return (
    <form
      className="level-form"
      onSubmit={(e) => {
        e.preventDefault();
        setLevelMutation.mutate({ id: user.id, level });
      }}
    >
      <select
        className="ui-select"
        aria-label={`Level for ${name}`}
        value={level}
        onChange={(e) => {
          setLevelMutation.reset();
          setLevel(e.target.value as AdminLevel);
        }}
      >
        <LevelOptions />
      </select>
      <button
        type="submit"
        className="ui-button ui-button--small"
        aria-label={`Save level for ${name}`}
        disabled={setLevelMutation.isPending || level === user.adminLevel}
      >
        {setLevelMutation.isPending ? 'Saving…' : 'Save'}
      </button>
      <ErrorNotice error={setLevelMutation.error} />
    </form>
  );
}

/** Admin accounts (users with role ADMIN); super admins create admins and change levels here. */
export function AdminsPage() {
  const admin = useAdmin();
  const [params, setParams] = useSearchParams();
  const page = parsePage(params.get('page'));
  const [creating, setCreating] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const canManage = admin.can('admins.manage');
  const list = trpc.admin.users.list.useQuery(
    { role: 'ADMIN', page, pageSize: 50 },
    { placeholderData: keepPreviousData },
  );

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Admins</h1>
        {canManage && !creating && (
          <button
            type="button"
            className="ui-button"
            onClick={() => {
              setDone(null);
              setCreating(true);
            }}
          >
            Create admin
          </button>
        )}
      </div>
      <p className="page-intro">
        {ADMIN_LEVELS.map((l, i) => (
          <span key={l}>
            {i > 0 && ' · '}
            <strong>{LEVEL_LABELS[l]}</strong>: {LEVEL_DESCRIPTIONS[l]}
          </span>
        ))}
      </p>
      {!canManage && (
        <p className="notice" data-testid="manage-note">
          Only super admins can create admins or change their level.
        </p>
      )}
      {done && (
        <div className="notice notice--ok" role="status">
          {done}
        </div>
      )}
      {creating && (
        <div className="create-admin">
          <CreateAdminForm
            onCancel={() => setCreating(false)}
            onDone={(u) => {
              setCreating(false);
              setDone(
                `${u.firstName} ${u.lastName} (${u.email}) can now sign in as ${LEVEL_LABELS[u.adminLevel ?? 'SUPPORT'].toLowerCase()}.`,
              );
            }}
          />
        </div>
      )}

      {list.isPending ? (
        <Spinner label="Loading admins…" />
      ) : list.error && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="No admins" />
      ) : (
        <>
          <div className="table-card">
            <table className="data-table" data-testid="admins-table">
              <caption className="visually-hidden">Admin accounts</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Level</th>
                  <th scope="col">Status</th>
                  <th scope="col">Joined</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((u) => {
                  const self = u.id === admin.me.id;
                  return (
                    <tr key={u.id} data-testid="admin-row">
                      <td data-label="Name">
                        <span>
                          <Link to={`/users/${u.id}`} className="cell-main">
                            {u.firstName} {u.lastName}
                          </Link>
                          {self && <span className="muted small"> (you)</span>}
                          <span className="cell-sub">{u.email ?? '—'}</span>
                        </span>
                      </td>
                      <td data-label="Level">
                        <LevelCell user={u} editable={canManage && !self} onChanged={setDone} />
                      </td>
                      <td data-label="Status">
                        <span>
                          <StatusBadge status={u.status} />
                        </span>
                      </td>
                      <td data-label="Joined" className="nowrap">
                        {formatDate(u.createdAt)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pagination
            page={list.data.page}
            totalPages={list.data.totalPages}
            busy={list.isFetching}
            onPage={(p) => setParams(p > 1 ? { page: String(p) } : {})}
          />
        </>
      )}
    </div>
  );
}
