/**
 * Ticket transfers (ADR 0020): tickets offered to me (Accept / Decline) and tickets I offered
 * (Cancel while pending). Accepting makes the ticket mine with a fresh QR code.
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, ErrorNotice, formatInZone, Spinner, StatusBadge, trpc } from '@admit/ui';
import { ConfirmDialog, formatDateTime, Pagination } from '@admit/ui/console-controls.tsx';
import { keepPreviousData } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AccountNav } from '../../components/AccountNav.tsx';
import { LoadError } from '../../session.tsx';
import { parsePage } from '../../util.ts';

type Transfer = RouterOutputs['customer']['transfers']['incoming']['items'][number];
const PAGE_SIZE = 10;

function TransferCard({ t, direction, children }: { t: Transfer; direction: 'in' | 'out'; children?: ReactNode }) {
  const e = t.ticket.event;
  return (
    <li className="ui-card order-row" data-testid={`transfer-${direction}`} data-status={t.status}>
      <div>
        <h3>
          {e.title} <StatusBadge status={t.status} testId="transfer-status" />
        </h3>
        <div className="ticket-row__meta">
          <span>{t.kind === 'GIFT' ? 'Gift' : 'Transfer'}</span>
          <span>
            {direction === 'in' ? `from ${t.from.name}` : `to ${t.to.name}${t.to.mobile ? ` (${t.to.mobile})` : ''}`}
          </span>
          <span>{t.ticket.categoryName}</span>
          <time dateTime={new Date(e.startsAt).toISOString()}>{formatInZone(e.startsAt, e.timeZone)}</time>
          <span>
            {e.venueName}, {e.city}
          </span>
        </div>
        {t.message && (
          <p className="small" style={{ margin: '0.4rem 0 0' }} data-testid="transfer-message">
            “{t.message}”
          </p>
        )}
        <p className="muted small" style={{ margin: '0.25rem 0 0' }}>
          {t.status === 'PENDING'
            ? `Open until ${formatDateTime(t.expiresAt)}`
            : t.respondedAt
              ? `${t.status.charAt(0) + t.status.slice(1).toLowerCase()} ${formatDateTime(t.respondedAt)}`
              : `Sent ${formatDateTime(t.createdAt)}`}
        </p>
      </div>
      {children}
    </li>
  );
}

interface TransferPage {
  isPending: boolean;
  isFetching: boolean;
  isError: boolean;
  error: unknown;
  data?: { items: Transfer[]; page: number; totalPages: number } | undefined;
  refetch: () => unknown;
}

/**
 * One direction's page of transfers: loading, load error, `empty`, or the cards (each with its
 * `actions`) and a pager kept in the URL under `pageParam` (`in` / `out`, so both lists page
 * independently).
 */
function TransferList({
  list,
  direction,
  loadingLabel,
  empty,
  notice,
  actions,
}: {
  list: TransferPage;
  direction: 'in' | 'out';
  loadingLabel: string;
  empty: ReactNode;
  /** above the cards, e.g. the last action's error */
  notice?: ReactNode;
  actions: (t: Transfer) => ReactNode;
}) {
  const [, setParams] = useSearchParams();
  if (list.isPending) return <Spinner label={loadingLabel} />;
  if (list.isError && !list.data) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return null;
  if (list.data.items.length === 0) return empty;
  return (
    <>
      {notice}
      <ul className="order-list">
        {list.data.items.map((t) => (
          <TransferCard key={t.id} t={t} direction={direction}>
            {actions(t)}
          </TransferCard>
        ))}
      </ul>
      <Pagination
        page={list.data.page}
        totalPages={list.data.totalPages}
        busy={list.isFetching}
        onPage={(p) => setParams((prev) => ({ ...Object.fromEntries(prev), [direction]: String(p) }))}
      />
    </>
  );
}

function Incoming() {
  const [params] = useSearchParams();
  const page = parsePage(params.get('in'));
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  const list = trpc.customer.transfers.incoming.useQuery(
    { page, pageSize: PAGE_SIZE },
    { placeholderData: keepPreviousData },
  );
  const [declining, setDeclining] = useState<Transfer | null>(null);
  const accept = trpc.customer.transfers.accept.useMutation({
    onSuccess: (r) => {
      void utils.customer.transfers.invalidate();
      void utils.customer.tickets.invalidate();
      navigate(`/tickets/${r.ticketId}`);
    },
  });
  const decline = trpc.customer.transfers.decline.useMutation({
    onSuccess: () => {
      setDeclining(null);
      void utils.customer.transfers.invalidate();
    },
  });
  return (
    <section aria-labelledby="incoming-title">
      <h2 id="incoming-title" className="section-title">
        Offered to me
      </h2>
      <TransferList
        list={list}
        direction="in"
        loadingLabel="Loading tickets offered to you…"
        empty={
          <EmptyState title="Nothing offered to you">
            <p>When someone sends you a ticket, it appears here for you to accept.</p>
          </EmptyState>
        }
        notice={<ErrorNotice error={accept.error} />}
        actions={(t) =>
          t.status === 'PENDING' && (
            <div>
              <button
                type="button"
                className="ui-button ui-button--small"
                disabled={accept.isPending}
                onClick={() => accept.mutate({ id: t.id })}
              >
                {accept.isPending && accept.variables?.id === t.id ? 'Accepting…' : 'Accept'}
              </button>{' '}
              <button
                type="button"
                className="ui-button ui-button--ghost ui-button--small"
                onClick={() => {
                  decline.reset();
                  setDeclining(t);
                }}
              >
                Decline
              </button>
            </div>
          )
        }
      />
      <ConfirmDialog
        open={declining !== null}
        title="Decline this ticket?"
        confirmLabel="Decline"
        cancelLabel="Back"
        pending={decline.isPending}
        error={decline.error}
        onConfirm={() => declining && decline.mutate({ id: declining.id })}
        onCancel={() => setDeclining(null)}
      >
        <p>{declining?.from.name} keeps the ticket and is told you declined.</p>
      </ConfirmDialog>
    </section>
  );
}

function Outgoing() {
  const [params] = useSearchParams();
  const page = parsePage(params.get('out'));
  const utils = trpc.useUtils();
  const list = trpc.customer.transfers.outgoing.useQuery(
    { page, pageSize: PAGE_SIZE },
    { placeholderData: keepPreviousData },
  );
  const [cancelling, setCancelling] = useState<Transfer | null>(null);
  const cancel = trpc.customer.transfers.cancel.useMutation({
    onSuccess: () => {
      setCancelling(null);
      void utils.customer.transfers.invalidate();
    },
  });
  return (
    <section aria-labelledby="outgoing-title">
      <h2 id="outgoing-title" className="section-title">
        Sent by me
      </h2>
      <TransferList
        list={list}
        direction="out"
        loadingLabel="Loading tickets you sent…"
        empty={
          <EmptyState title="You have not sent any tickets">
            <p>
              Open a ticket under <Link to="/tickets">My tickets</Link> and choose "Transfer or gift".
            </p>
          </EmptyState>
        }
        actions={(t) =>
          t.status === 'PENDING' && (
            <button
              type="button"
              className="ui-button ui-button--ghost ui-button--small"
              onClick={() => {
                cancel.reset();
                setCancelling(t);
              }}
            >
              Cancel
            </button>
          )
        }
      />
      <ConfirmDialog
        open={cancelling !== null}
        title="Cancel this transfer?"
        confirmLabel="Cancel transfer"
        cancelLabel="Keep it open"
        pending={cancel.isPending}
        error={cancel.error}
        onConfirm={() => cancelling && cancel.mutate({ id: cancelling.id })}
        onCancel={() => setCancelling(null)}
      >
        <p>The ticket stays yours with the same QR code; {cancelling?.to.name} can no longer accept it.</p>
      </ConfirmDialog>
    </section>
  );
}

export function TransfersPage() {
  return (
    <div className="page page--medium">
      <h1 className="page-title">Transfers</h1>
      <AccountNav />
      <Incoming />
      <Outgoing />
    </div>
  );
}
