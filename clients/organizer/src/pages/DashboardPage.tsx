/**
 * Dashboard (seed 003 Plan 3 Phase 2, `GET /api/organizer/dashboard/stats/`): stat tiles (events,
 * tickets sold, gross and net from the ledger, refunds, check-in rate, pending payouts), sales of
 * the last 30 UTC days as a chart, and a live "Latest sales" feed: every `sale.recorded` pushed to
 * the organizer's room (`organizer:<id>`, joined by the server on connect) is listed at once and
 * refreshes the tiles, without a reload.
 */
import type { SaleRecordedPayload } from '@admit/shared';
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, formatMoney, Money, Spinner, trpc, useSocket } from '@admit/ui';
import { formatDateTime } from '@admit/ui/console-controls.tsx';
import { LoadError, PortalCard } from '@admit/ui/portal/index.ts';
import { type ReactNode, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

type Stats = RouterOutputs['organizer']['dashboard']['stats'];

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10} %`);

export function DashboardPage() {
  const stats = trpc.organizer.dashboard.stats.useQuery({});
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Dashboard</h1>
      </div>
      {stats.isPending ? (
        <Spinner label="Loading your figures…" />
      ) : stats.isError && !stats.data ? (
        <LoadError error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <>
          <StatTiles s={stats.data} />
          <div className="dashboard-grid">
            <PortalCard title="Sales, last 30 days (UTC)">
              <SalesChart days={stats.data.salesByDay} currency={stats.data.currency} />
            </PortalCard>
            <LiveSales />
          </div>
        </>
      )}
    </div>
  );
}

function Tile({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <span className="stat__label">{label}</span>
      <span className="stat__value">{children}</span>
    </div>
  );
}

function StatTiles({ s }: { s: Stats }) {
  const m = s.money[0];
  return (
    <>
      <div className="stat-grid" data-testid="stat-tiles">
        <Tile label="Upcoming events" testId="stat-upcoming">
          {s.events.upcoming}
        </Tile>
        <Tile label="Past events">{s.events.past}</Tile>
        <Tile label="Drafts">{s.events.draft}</Tile>
        <Tile label="Tickets sold" testId="stat-tickets-sold">
          {s.ticketsSold}
        </Tile>
        <Tile label="Gross sales" testId="stat-gross">
          {m ? <Money amountMinor={m.grossMinor} currency={m.currency} /> : '—'}
        </Tile>
        <Tile label="Net (after fees and refunds)" testId="stat-net">
          {m ? <Money amountMinor={m.netMinor} currency={m.currency} /> : '—'}
        </Tile>
        <Tile label="Refunded">
          {m ? <Money amountMinor={m.refundsMinor} currency={m.currency} /> : '—'}{' '}
          <span className="muted small">({s.refundedTickets} tickets)</span>
        </Tile>
        <Tile label="Check-in rate" testId="stat-checkin">
          {percent(s.checkIn.rate)}
        </Tile>
        <Tile label="Owed to you">{m ? <Money amountMinor={m.owedMinor} currency={m.currency} /> : '—'}</Tile>
        <Tile label="Pending payouts">
          {s.pendingPayouts.count}
          {m && m.pendingPayoutMinor > 0 ? (
            <span className="muted small">
              {' '}
              (<Money amountMinor={m.pendingPayoutMinor} currency={m.currency} />)
            </span>
          ) : null}
        </Tile>
      </div>
      {s.money.length > 1 && (
        <p className="muted small">
          Other currencies:{' '}
          {s.money
            .slice(1)
            .map((x) => `${formatMoney(x.grossMinor, x.currency)} gross, ${formatMoney(x.netMinor, x.currency)} net`)
            .join('; ')}
          .
        </p>
      )}
    </>
  );
}

function SalesChart({ days, currency }: { days: Stats['salesByDay']; currency: string | null }) {
  if (!days.some((d) => d.tickets > 0)) {
    return (
      <EmptyState title="No sales in the last 30 days">
        <p>Paid orders show up here by the day they were paid.</p>
      </EmptyState>
    );
  }
  return (
    <div className="chart" data-testid="sales-chart" role="img" aria-label="Tickets sold per day, last 30 days">
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="date" tickFormatter={(d: string) => d.slice(5)} fontSize={12} minTickGap={12} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip
            formatter={(value, name, item) =>
              name === 'tickets' && currency
                ? [
                    `${value} (${formatMoney((item.payload as { amountMinor: number }).amountMinor, currency)})`,
                    'Tickets',
                  ]
                : [String(value), String(name)]
            }
          />
          <Bar dataKey="tickets" fill="var(--brand)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The live feed: sales pushed over socket.io since the page opened, newest first. */
function LiveSales() {
  const utils = trpc.useUtils();
  const { socket, connected } = useSocket();
  const [sales, setSales] = useState<SaleRecordedPayload[]>([]);
  useEffect(() => {
    if (!socket) return;
    const onSale = (p: SaleRecordedPayload) => {
      setSales((prev) => [p, ...prev].slice(0, 20));
      // the tiles and chart follow the sale
      void utils.organizer.dashboard.stats.invalidate();
      void utils.organizer.events.invalidate();
    };
    socket.on('sale.recorded', onSale);
    return () => {
      socket.off('sale.recorded', onSale);
    };
  }, [socket, utils]);
  return (
    <PortalCard
      title="Latest sales"
      action={
        <span className={`live-dot ${connected ? 'live-dot--on' : ''}`} data-testid="live-status">
          {connected ? 'Live' : 'Connecting…'}
        </span>
      }
    >
      {sales.length === 0 ? (
        <p className="muted small" data-testid="live-feed-empty">
          Sales appear here the moment they are paid.
        </p>
      ) : (
        <ul className="live-feed" data-testid="live-feed" aria-live="polite">
          {sales.map((s) => (
            <li key={`${s.orderCode}-${s.eventId}`} className="live-feed__item" data-testid="sale-item">
              <span className="cell-main">
                {s.tickets} {s.tickets === 1 ? 'ticket' : 'tickets'} ·{' '}
                <Money amountMinor={s.amountMinor} currency={s.currency} />
              </span>
              <span className="cell-sub">
                <Link to={`/events/${s.eventId}`}>{s.eventTitle}</Link> · order {s.orderCode} · {formatDateTime(s.at)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </PortalCard>
  );
}
