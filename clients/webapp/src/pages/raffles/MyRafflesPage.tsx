/**
 * "My raffles" in the account area (seed 000 §4 "raffle history: purchase history view, ticket
 * tracking display, filtering and sorting"): every raffle the customer entered with their entry
 * numbers, filtered by status and sorted by date or entries; wins with a Claim button before the
 * deadline. Also `RaffleStatsCards` (seed 000 §4 "statistics display") for the profile page.
 */
import type { RouterInputs, RouterOutputs } from '@admit/ui';
import { EmptyState, ErrorNotice, formatMoney, Spinner, trpc } from '@admit/ui';
import { ConfirmDialog, formatDateTime, Pagination } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AccountNav } from '../../components/AccountNav.tsx';
import { LoadError } from '../../session.tsx';
import { parsePage } from '../../util.ts';
import { RaffleStatusBadge } from './raffle-util.tsx';
import './raffles.css';

type HistoryInput = RouterInputs['customer']['raffles']['history'];
type HistoryItem = RouterOutputs['customer']['raffles']['history']['items'][number];
type Entry = RouterOutputs['customer']['raffles']['myEntries']['entries'][number];

const STATUS_FILTERS = [
  { value: '', label: 'All' },
  { value: 'OPEN', label: 'Open' },
  { value: 'CLOSED', label: 'Sales closed' },
  { value: 'COMMITTED', label: 'Draw pending' },
  { value: 'DRAWN', label: 'Drawn' },
  { value: 'FULFILLED', label: 'Completed' },
  { value: 'CANCELLED', label: 'Cancelled' },
  { value: 'REFUNDED', label: 'Refunded' },
] as const;
const SORTS = [
  { value: '-date', label: 'Newest first' },
  { value: 'date', label: 'Oldest first' },
  { value: '-entries', label: 'Most entries' },
  { value: 'entries', label: 'Fewest entries' },
] as const;

export function MyRafflesPage() {
  const [params, setParams] = useSearchParams();
  const status = STATUS_FILTERS.find((s) => s.value === params.get('status'))?.value ?? '';
  const sort = SORTS.find((s) => s.value === params.get('sort'))?.value ?? '-date';
  const input: HistoryInput = { page: parsePage(params.get('page')), pageSize: 10, sort };
  if (status) input.status = status;
  const history = trpc.customer.raffles.history.useQuery(input, { placeholderData: keepPreviousData });
  // every entry of the customer (all raffles), grouped by raffle for the numbers on each row
  const entries = trpc.customer.raffles.myEntries.useQuery({});
  const byRaffle = new Map<string, Entry[]>();
  for (const e of entries.data?.entries ?? []) byRaffle.set(e.raffleId, [...(byRaffle.get(e.raffleId) ?? []), e]);

  const update = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next);
  };

  return (
    <div className="page page--medium">
      <h1>My raffles</h1>
      <AccountNav />
      <RaffleStatsCards />
      <form className="filters" aria-label="Filter raffles" onSubmit={(e) => e.preventDefault()}>
        <div className="ui-field">
          <label htmlFor="raffle-status">Status</label>
          <select
            id="raffle-status"
            className="ui-select"
            value={status}
            onChange={(e) => update('status', e.target.value)}
          >
            {STATUS_FILTERS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="ui-field">
          <label htmlFor="raffle-sort">Sort by</label>
          <select
            id="raffle-sort"
            className="ui-select"
            value={sort}
            onChange={(e) => update('sort', e.target.value === '-date' ? '' : e.target.value)}
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </form>
      {history.isPending ? (
        <Spinner label="Loading your raffles…" />
      ) : history.isError && !history.data ? (
        <LoadError error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data && history.data.items.length === 0 ? (
        <EmptyState title={status ? 'No raffles match this filter' : 'You have not entered a raffle yet'}>
          <Link to="/raffles">Browse raffles</Link>
        </EmptyState>
      ) : history.data ? (
        <>
          <ul className="order-list" data-testid="raffle-history">
            {history.data.items.map((r) => (
              <HistoryRow key={r.raffleId} item={r} entries={byRaffle.get(r.raffleId) ?? []} />
            ))}
          </ul>
          <Pagination
            page={history.data.page}
            totalPages={history.data.totalPages}
            busy={history.isFetching}
            onPage={(p) => update('page', p > 1 ? String(p) : '')}
          />
        </>
      ) : null}
    </div>
  );
}

function HistoryRow({ item, entries }: { item: HistoryItem; entries: Entry[] }) {
  return (
    <li className="ui-card" data-testid="raffle-history-row" data-status={item.status}>
      <div className="order-row">
        <div>
          <h3>
            <Link to={`/raffles/${item.slug}`}>{item.title}</Link>
          </h3>
          <div className="muted small">
            Prize: {item.prizeTitle} · draw {formatDateTime(item.drawAt)}
          </div>
          <div className="small" data-testid="raffle-history-entries">
            {item.entries} entr{item.entries === 1 ? 'y' : 'ies'}
            {item.freeEntries > 0 ? ` (${item.paidEntries} paid, ${item.freeEntries} free)` : ''} · last entry{' '}
            {formatDateTime(item.lastEntryAt)}
          </div>
        </div>
        <RaffleStatusBadge status={item.status} />
      </div>
      {entries.length > 0 && (
        <ul className="entry-numbers" aria-label="Entry numbers" style={{ marginTop: '0.5rem' }}>
          {[...entries]
            .sort((a, b) => a.number - b.number)
            .map((e) => (
              <li key={e.id} data-status={e.status}>
                #{e.number}
                {e.status === 'REFUNDED' ? ' (refunded)' : ''}
              </li>
            ))}
        </ul>
      )}
      {item.won && <WinNotice raffleId={item.raffleId} entries={entries} />}
    </li>
  );
}

/**
 * The customer's prizes in one raffle: the published winners (public verification data) whose
 * entry is one of theirs, with the claim status; Claim (`customer.raffles.claim`) when the
 * server publishes the win's id.
 */
function WinNotice({ raffleId, entries }: { raffleId: string; entries: Entry[] }) {
  const v = trpc.public.raffles.verification.useQuery({ raffleId });
  if (v.isPending) return <Spinner label="Loading your prize…" />;
  if (v.isError) return <ErrorNotice error={v.error} onRetry={() => void v.refetch()} />;
  const mine = new Set(entries.map((e) => e.id));
  const wins = v.data.winners.filter((w) => mine.has(w.entryId));
  return (
    <>
      {wins.map((w) => (
        <WinRow key={`${w.rank}-${w.position}`} raffleId={raffleId} win={w} />
      ))}
    </>
  );
}

interface Win {
  winnerId: string;
  rank: number;
  position: number;
  entryNumber: number;
  entryId: string;
  status: string;
}

function WinRow({ raffleId, win }: { raffleId: string; win: Win }) {
  const utils = trpc.useUtils();
  const [open, setOpen] = useState(false);
  const claim = trpc.customer.raffles.claim.useMutation({
    onSuccess: () => {
      setOpen(false);
      void utils.customer.raffles.invalidate();
      void utils.public.raffles.verification.invalidate({ raffleId });
    },
  });
  const { winnerId } = win;
  return (
    <div className="notice notice--ok" role="status" data-testid="raffle-win" data-status={win.status}>
      <strong>You won prize #{win.rank}</strong> with entry #{win.entryNumber}.{' '}
      {win.status === 'CLAIMED' ? (
        <span>Claimed — we will be in touch about delivery.</span>
      ) : win.status === 'FORFEITED' ? (
        <span>The claim deadline passed, so the prize went to the next entry drawn.</span>
      ) : winnerId ? (
        <>
          <span>Claim it before the deadline in your notification.</span>{' '}
          <button type="button" className="ui-button ui-button--small" onClick={() => setOpen(true)}>
            Claim prize
          </button>
        </>
      ) : (
        <span>Check your notifications for how to claim it before the deadline.</span>
      )}
      <ConfirmDialog
        open={open}
        title="Claim your prize?"
        danger={false}
        confirmLabel="Claim prize"
        pending={claim.isPending}
        error={claim.error}
        onCancel={() => setOpen(false)}
        onConfirm={() => winnerId && claim.mutate({ winnerId })}
      >
        <p>We will contact you on your account's mobile number or e-mail to arrange delivery.</p>
      </ConfirmDialog>
    </div>
  );
}

/** Raffles entered, entries, money spent and wins (profile page). */
export function RaffleStatsCards() {
  const stats = trpc.customer.raffles.stats.useQuery({});
  if (stats.isPending) return <Spinner label="Loading your raffle stats…" />;
  if (stats.isError) return <ErrorNotice error={stats.error} onRetry={() => void stats.refetch()} />;
  const s = stats.data;
  const spent = s.spent.length ? s.spent.map((m) => formatMoney(m.amountMinor, m.currency)).join(' + ') : '—';
  const cards = [
    { label: 'Raffles entered', value: String(s.rafflesEntered), id: 'stat-raffles' },
    { label: 'Entries', value: String(s.entriesPaid + s.entriesFree), id: 'stat-entries' },
    { label: 'Spent', value: spent, id: 'stat-spent' },
    { label: 'Wins', value: String(s.wins), id: 'stat-wins' },
  ];
  return (
    <section className="stat-cards" aria-label="Your raffle stats">
      {cards.map((c) => (
        <div key={c.id} className="stat-card" data-testid={c.id}>
          <div className="muted small">{c.label}</div>
          <div className="stat-card__value">{c.value}</div>
        </div>
      ))}
    </section>
  );
}
