/**
 * Raffles in the admin console (issue 8; seed 000 §2 "raffle listing and filtering"): filter by
 * status and search, paginated, newest first; "New raffle" opens the create form (ADMIN and
 * SUPER_ADMIN only: 'raffles.write'; SUPPORT reads).
 */
import { formatMoney, trpc } from '@admit/ui';
import { Field, formatDateTime, SelectField } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { Link } from 'react-router';
import { FilterActions } from '../../components/ListFilters.tsx';
import { LogResults, useUrlFilters } from '../../components/LogList.tsx';
import { useAdmin } from '../../session.tsx';
import { RAFFLE_STATUSES, RaffleStatusBadge, raffleStatusLabel } from './raffle-status.tsx';

const KEYS = ['status', 'q'] as const;
const COLUMNS = ['Raffle', 'Status', 'Price', 'Entries', 'Closes', 'Draw'] as const;

export function RafflesPage() {
  const { can } = useAdmin();
  const f = useUrlFilters(KEYS);
  const status = RAFFLE_STATUSES.find((s) => s === f.applied.status);
  const list = trpc.admin.raffles.list.useQuery(
    {
      page: f.page,
      pageSize: 25,
      ...(status ? { status } : {}),
      ...(f.applied.q ? { q: f.applied.q } : {}),
    },
    { placeholderData: keepPreviousData },
  );
  return (
    <div className="page">
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <h1 className="page-title">Raffles</h1>
        {can('raffles.write') ? (
          <Link to="/raffles/new" className="ui-button">
            New raffle
          </Link>
        ) : (
          <span className="muted small">Your admin role (Support) can view raffles but not change them.</span>
        )}
      </div>
      <form className="filters" onSubmit={f.apply} aria-label="Filter raffles">
        <SelectField label="Status" name="status" value={f.form.status} onChange={f.set('status')}>
          <option value="">All statuses</option>
          {RAFFLE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {raffleStatusLabel(s)}
            </option>
          ))}
        </SelectField>
        <Field
          label="Search"
          name="q"
          type="search"
          value={f.form.q}
          onChange={f.set('q')}
          placeholder="Title or slug"
        />
        <FilterActions filtered={f.filtered} onClear={f.clear} />
      </form>
      <LogResults
        list={list}
        filterKeys={KEYS}
        loadingLabel="Loading raffles…"
        emptyTitle="No raffles yet"
        filtered={f.filtered}
        testId="raffles-table"
        caption="Raffles, newest first"
        columns={COLUMNS}
        onPage={f.setPage}
      >
        {list.data?.items.map((r) => (
          <tr key={r.id} data-testid="raffle-row" data-slug={r.slug}>
            <td data-label="Raffle">
              <Link to={`/raffles/${r.id}`} className="cell-main">
                {r.title}
              </Link>
              <span className="cell-sub">{r.prizeTitle}</span>
            </td>
            <td data-label="Status">
              <RaffleStatusBadge status={r.status} />
            </td>
            <td data-label="Price" className="num">
              {formatMoney(r.entryPriceMinor, r.currency)}
            </td>
            <td data-label="Entries" className="num">
              {r.entriesTaken} / {r.totalEntries}
            </td>
            <td data-label="Closes" className="nowrap">
              {formatDateTime(r.closesAt)}
            </td>
            <td data-label="Draw" className="nowrap">
              {formatDateTime(r.drawAt)}
            </td>
          </tr>
        ))}
      </LogResults>
    </div>
  );
}
