/**
 * Card inventory (seed 003 Plan 4 Phase 4): this merchant's cards, in stock and assigned, from
 * `merchant.cards.list`, with filters (status, assignment, search by UID / customer), sort and
 * pagination. Filters live in the URL, so a view can be bookmarked and the back button works.
 */
import { EmptyState, Spinner, StatusBadge, trpc } from '@admit/ui';
import {
  EnumOptions,
  formatDateTime,
  Pagination,
  parsePage,
  SelectField,
  withPage,
} from '@admit/ui/console-controls.tsx';
import { Field, LoadError, useForgetSessionOn401 } from '@admit/ui/portal/index.ts';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

const STATUSES = ['ACTIVE', 'BLOCKED', 'LOST', 'REPLACED'] as const;
const SORTS = { newest: 'Newest first', oldest: 'Oldest first', assigned: 'Recently assigned', uid: 'UID' } as const;
type Sort = keyof typeof SORTS;
type Status = (typeof STATUSES)[number];

export function CardInventoryPage() {
  const [params, setParams] = useSearchParams();
  const page = parsePage(params.get('page'));
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as Status)
    : undefined;
  const assignmentRaw = params.get('assignment');
  const assignment = assignmentRaw === 'assigned' || assignmentRaw === 'unassigned' ? assignmentRaw : undefined;
  const sort: Sort = (params.get('sort') ?? '') in SORTS ? (params.get('sort') as Sort) : 'newest';
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);

  const list = trpc.merchant.cards.list.useQuery(
    {
      page,
      pageSize: 20,
      sort,
      ...(status ? { status } : {}),
      ...(assignment ? { assignment } : {}),
      ...(q ? { q } : {}),
    },
    { placeholderData: (prev) => prev },
  );
  useForgetSessionOn401(list.error);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setParams(next);
  };
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setFilter('q', search.trim());
  };
  const filtered = Boolean(status || assignment || q);

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Card inventory</h1>
        <Link to="/assign" className="ui-button">
          Assign a card
        </Link>
      </div>
      <form className="filter-bar" onSubmit={submitSearch} aria-label="Filters">
        <SelectField
          label="Assignment"
          value={assignment ?? ''}
          onChange={(e) => setFilter('assignment', e.target.value)}
        >
          <option value="">All cards</option>
          <option value="unassigned">In stock</option>
          <option value="assigned">Assigned</option>
        </SelectField>
        <SelectField label="Status" value={status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
          <option value="">Any status</option>
          <EnumOptions values={STATUSES} />
        </SelectField>
        <SelectField
          label="Sort"
          value={sort}
          onChange={(e) => setFilter('sort', e.target.value === 'newest' ? '' : e.target.value)}
        >
          {Object.entries(SORTS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <Field
          label="Search"
          type="search"
          placeholder="UID, customer name or mobile"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <button type="submit" className="ui-button ui-button--ghost">
          Search
        </button>
      </form>

      {list.isPending ? (
        <Spinner label="Loading your cards…" />
      ) : list.error ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        filtered ? (
          <EmptyState title="No cards match these filters">
            <p>
              <Link to="/cards">Clear the filters</Link>
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="No cards yet">
            <p>Cards Admit sends to your stand appear here. Ask Admit for a batch of cards to start.</p>
          </EmptyState>
        )
      ) : (
        <>
          <div className="results-bar">
            <span className="muted small" data-testid="cards-total">
              {list.data.total} {list.data.total === 1 ? 'card' : 'cards'}
            </span>
          </div>
          <div className="table-card">
            <table className="data-table" data-testid="cards-table">
              <thead>
                <tr>
                  <th>UID</th>
                  <th>Status</th>
                  <th>Holder</th>
                  <th>Assigned</th>
                  <th>In stock since</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((c) => (
                  <tr key={c.id} data-uid={c.uid}>
                    <td className="mono cell-main">{c.uid}</td>
                    <td>
                      <StatusBadge status={c.status} />
                    </td>
                    <td>
                      {c.customer ? (
                        <>
                          {c.customer.name}
                          {c.customer.mobile && <span className="cell-sub mono">{c.customer.mobile}</span>}
                        </>
                      ) : c.pendingAssignmentId ? (
                        <span className="muted">In stock · waiting for a customer code</span>
                      ) : (
                        <span className="muted">In stock</span>
                      )}
                    </td>
                    <td className="nowrap">{c.assignedAt ? formatDateTime(c.assignedAt) : '—'}</td>
                    <td className="nowrap">{formatDateTime(c.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
