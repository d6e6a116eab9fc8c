import type { RouterInputs } from '@admit/ui';
import { EmptyState, Spinner, trpc } from '@admit/ui';
import { Field, formatDate, Pagination, parsePage, SelectField } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { loginOf, RoleLabel, StatusBadge } from '../components/UserBadges.tsx';
import { ROLE_LABELS, ROLES, type Role, STATUS_LABELS, STATUSES, type UserStatus } from '../permissions.ts';
import { LoadError } from '../session.tsx';

const PAGE_SIZE = 20;

type Filters = RouterInputs['admin']['users']['list'];

const oneOf = <T extends string>(values: readonly T[], raw: string | null): T | undefined =>
  values.includes(raw as T) ? (raw as T) : undefined;

/** Users with filters in the query string (`?role=&status=&q=&page=`), so views can be shared and reloaded. */
export function UsersPage() {
  const [params, setParams] = useSearchParams();
  const role = oneOf<Role>(ROLES, params.get('role'));
  const status = oneOf<UserStatus>(STATUSES, params.get('status'));
  const q = params.get('q')?.trim() || undefined;
  const page = parsePage(params.get('page'));
  const [search, setSearch] = useState(q ?? '');
  useEffect(() => setSearch(q ?? ''), [q]);

  const input: Filters = { page, pageSize: PAGE_SIZE, role, status, q };
  const list = trpc.admin.users.list.useQuery(input, { placeholderData: keepPreviousData });

  const update = (changes: Record<string, string | undefined>) => {
    const nextParams = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) nextParams.set(k, v);
      else nextParams.delete(k);
    }
    if (!('page' in changes)) nextParams.delete('page');
    setParams(nextParams);
  };
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: search.trim() || undefined });
  };
  const filtered = !!(role || status || q);

  return (
    <div className="page">
      <h1 className="page-title">Users</h1>
      <search aria-label="Filter users">
        <form className="filters" onSubmit={submitSearch}>
          <SelectField label="Role" value={role ?? ''} onChange={(e) => update({ role: e.target.value || undefined })}>
            <option value="">All roles</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Status"
            value={status ?? ''}
            onChange={(e) => update({ status: e.target.value || undefined })}
          >
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </SelectField>
          <div className="filters__wide">
            <Field
              label="Search"
              type="search"
              name="q"
              placeholder="Name, e-mail, mobile or username"
              maxLength={100}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
          <div className="filters__actions">
            <button type="submit" className="ui-button ui-button--small">
              Search
            </button>
            {filtered && (
              <button
                type="button"
                className="link-button small"
                onClick={() => {
                  setSearch('');
                  setParams(new URLSearchParams());
                }}
              >
                Clear filters
              </button>
            )}
          </div>
        </form>
      </search>

      {list.isPending ? (
        <Spinner label="Loading users…" />
      ) : list.error && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={filtered ? 'No users match these filters' : 'No users yet'}>
          {filtered && <p>Try another role, status or search.</p>}
        </EmptyState>
      ) : (
        <>
          <div className="results-bar">
            <span className="muted small" aria-live="polite">
              {list.data.total} {list.data.total === 1 ? 'user' : 'users'}
              {list.isFetching ? ' · updating…' : ''}
            </span>
          </div>
          {list.error && <LoadError error={list.error} onRetry={() => void list.refetch()} />}
          <div className="table-card">
            <table className="data-table" data-testid="users-table">
              <caption className="visually-hidden">Users, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Devices
                  </th>
                  <th scope="col">Joined</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((u) => (
                  <tr key={u.id} data-testid="user-row">
                    <td data-label="Name">
                      <span>
                        <Link to={`/users/${u.id}`} className="cell-main">
                          {u.firstName} {u.lastName}
                        </Link>
                        <span className="cell-sub">{loginOf(u)}</span>
                      </span>
                    </td>
                    <td data-label="Role">
                      <RoleLabel role={u.role} adminLevel={u.adminLevel} />
                    </td>
                    <td data-label="Status">
                      <span>
                        <StatusBadge status={u.status} />
                      </span>
                    </td>
                    <td data-label="Devices" className="num">
                      {u.activeSessions}
                    </td>
                    <td data-label="Joined" className="nowrap">
                      {formatDate(u.createdAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={list.data.page}
            totalPages={list.data.totalPages}
            busy={list.isFetching}
            onPage={(p) => update({ page: p > 1 ? String(p) : undefined })}
          />
        </>
      )}
    </div>
  );
}
