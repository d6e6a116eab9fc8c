/**
 * The admin home (seed 003 Plan 2 Phase 2): stat tiles from `admin.dashboard.stats` and four
 * charts — revenue over time, user growth, NFC card status, events per category. Every figure is
 * from the server (ledger money, UTC buckets); nothing is made up when data is missing.
 */
import { CATEGORY_LABELS, currencyDigits, EmptyState, formatMoney, Spinner, trpc } from '@admit/ui';
import { SelectField } from '@admit/ui/console-controls.tsx';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { LoadError } from '../../session.tsx';
import './dashboard.css';

type Granularity = 'day' | 'week' | 'month';
const RANGE_DAYS: Record<Granularity, number> = { day: 30, week: 7 * 12, month: 365 };
const PIE_COLORS = ['#2f855a', '#c05621', '#c53030', '#718096'];

const dayLabel = (d: Date, g: Granularity) =>
  new Intl.DateTimeFormat(undefined, {
    timeZone: 'UTC',
    ...(g === 'month' ? { month: 'short', year: '2-digit' } : { day: 'numeric', month: 'short' }),
  }).format(d);

function Tile({
  label,
  value,
  sub,
  to,
  testId,
}: {
  label: string;
  value: string | number;
  sub?: string;
  to?: string;
  testId: string;
}) {
  const body = (
    <>
      <span className="stat-tile__label">{label}</span>
      <span className="stat-tile__value" data-testid={testId}>
        {value}
      </span>
      {sub && <span className="stat-tile__sub">{sub}</span>}
    </>
  );
  return to ? (
    <Link to={to} className="stat-tile stat-tile--link">
      {body}
    </Link>
  ) : (
    <div className="stat-tile">{body}</div>
  );
}

function ChartCard({ title, children, testId }: { title: string; children: React.ReactNode; testId: string }) {
  return (
    <section className="chart-card" aria-label={title} data-testid={testId}>
      <h2 className="chart-card__title">{title}</h2>
      {children}
    </section>
  );
}

function RevenueChart({ granularity }: { granularity: Granularity }) {
  const [to] = useState(() => new Date());
  const from = new Date(to.getTime() - RANGE_DAYS[granularity] * 86_400_000);
  const q = trpc.admin.analytics.revenue.useQuery({ from, to, granularity });
  if (q.isPending) return <Spinner label="Loading revenue…" />;
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const currency = q.data.currencies[0];
  if (!currency) return <EmptyState title="No payments in this period" />;
  const unit = 10 ** currencyDigits(currency);
  const rows = q.data.buckets
    .filter((b) => b.currency === currency)
    .map((b) => ({
      label: dayLabel(b.start, granularity),
      Gross: b.grossMinor / unit,
      Fees: b.feesMinor / unit,
      Refunds: b.refundsMinor / unit,
    }));
  return (
    <>
      <p className="muted small">
        {currency}
        {q.data.currencies.length > 1 ? ` (also ${q.data.currencies.slice(1).join(', ')} — see Finance)` : ''}, UTC
      </p>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" fontSize={12} />
          <YAxis fontSize={12} />
          <Tooltip formatter={(v) => formatMoney(Math.round(Number(v) * unit), currency)} />
          <Legend />
          <Line type="monotone" dataKey="Gross" stroke="#2b6cb0" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="Fees" stroke="#2f855a" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="Refunds" stroke="#c53030" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </>
  );
}

function UsersChart({ granularity }: { granularity: Granularity }) {
  const [to] = useState(() => new Date());
  const from = new Date(to.getTime() - RANGE_DAYS[granularity] * 86_400_000);
  const q = trpc.admin.analytics.users.useQuery({ from, to, granularity });
  if (q.isPending) return <Spinner label="Loading sign-ups…" />;
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const rows = q.data.buckets.map((b) => ({
    label: dayLabel(b.start, granularity),
    Customers: b.byRole.CUSTOMER,
    Others: b.signUps - b.byRole.CUSTOMER,
    Total: b.cumulative,
  }));
  return (
    <ResponsiveContainer width="100%" height={240}>
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" fontSize={12} />
        <YAxis yAxisId="new" fontSize={12} allowDecimals={false} />
        <YAxis yAxisId="total" orientation="right" fontSize={12} allowDecimals={false} />
        <Tooltip />
        <Legend />
        <Line yAxisId="new" dataKey="Customers" stroke="#2b6cb0" dot={false} isAnimationActive={false} />
        <Line yAxisId="new" dataKey="Others" stroke="#d69e2e" dot={false} isAnimationActive={false} />
        <Line
          yAxisId="total"
          dataKey="Total"
          stroke="#4a5568"
          strokeDasharray="4 2"
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}

function CardsChart() {
  const q = trpc.admin.analytics.cards.useQuery({});
  if (q.isPending) return <Spinner label="Loading cards…" />;
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const rows = q.data.byStatus.map((s) => ({
    name: s.status.charAt(0) + s.status.slice(1).toLowerCase(),
    value: s.count,
  }));
  if (rows.every((r) => r.value === 0)) return <EmptyState title="No NFC cards yet" />;
  return (
    <>
      <ResponsiveContainer width="100%" height={220}>
        <PieChart>
          <Pie data={rows} dataKey="value" nameKey="name" outerRadius={80} isAnimationActive={false} label>
            {rows.map((r, i) => (
              <Cell key={r.name} fill={PIE_COLORS[i % PIE_COLORS.length]} />
            ))}
          </Pie>
          <Tooltip />
          <Legend />
        </PieChart>
      </ResponsiveContainer>
      <p className="muted small">
        Active: {q.data.allocation.unallocated} unallocated · {q.data.allocation.inMerchantStock} with merchants ·{' '}
        {q.data.allocation.assigned} with customers
      </p>
    </>
  );
}

function CategoriesChart() {
  const q = trpc.admin.analytics.eventCategories.useQuery({});
  if (q.isPending) return <Spinner label="Loading categories…" />;
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const rows = q.data.categories.map((c) => ({
    name: CATEGORY_LABELS[c.category] ?? c.category,
    Events: c.events,
    'Tickets sold': c.ticketsSold,
  }));
  if (rows.every((r) => r.Events === 0)) return <EmptyState title="No events yet" />;
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="name" fontSize={11} />
        <YAxis yAxisId="events" fontSize={12} allowDecimals={false} />
        <YAxis yAxisId="tickets" orientation="right" fontSize={12} allowDecimals={false} />
        <Tooltip />
        <Legend />
        <Bar yAxisId="events" dataKey="Events" fill="#4a5568" isAnimationActive={false} />
        <Bar yAxisId="tickets" dataKey="Tickets sold" fill="#2b6cb0" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Admin landing page: tiles, then the four charts. */
export function DashboardPage() {
  const stats = trpc.admin.dashboard.stats.useQuery({});
  const [granularity, setGranularity] = useState<Granularity>('day');
  return (
    <div className="page">
      <h1 className="page-title">Dashboard</h1>
      {stats.isPending ? (
        <Spinner label="Loading statistics…" />
      ) : stats.error ? (
        <LoadError error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <div className="stat-tiles" data-testid="dashboard-stats">
          <Tile
            label="Customers"
            value={stats.data.customers.total}
            sub={`+${stats.data.customers.new7d} in 7 days · +${stats.data.customers.new30d} in 30 days`}
            to="/customers"
            testId="stat-customers"
          />
          <Tile
            label="Upcoming events"
            value={stats.data.events.publishedUpcoming}
            sub={`${stats.data.events.today} today · ${stats.data.events.drafts} drafts`}
            testId="stat-events"
          />
          <Tile
            label="Tickets sold"
            value={stats.data.tickets.sold}
            sub={`${stats.data.tickets.sold30d} in 30 days`}
            testId="stat-tickets"
          />
          {stats.data.revenue.length === 0 ? (
            <Tile label="Gross revenue" value="—" sub="No payments yet" testId="stat-revenue" />
          ) : (
            stats.data.revenue.map((r) => (
              <Tile
                key={r.currency}
                label={`Gross revenue (${r.currency})`}
                value={formatMoney(r.grossMinor, r.currency)}
                sub={`Fees ${formatMoney(r.feesMinor, r.currency)} · refunds ${formatMoney(r.refundsMinor, r.currency)}`}
                testId="stat-revenue"
              />
            ))
          )}
          <Tile
            label="Active NFC cards"
            value={stats.data.cards.active}
            sub={
              stats.data.cards.balances.map((b) => formatMoney(b.amountMinor, b.currency)).join(' · ') || 'No balances'
            }
            testId="stat-cards"
          />
          <Tile
            label="Check-ins today (UTC)"
            value={stats.data.checkInsToday}
            to="/logs/checkin"
            testId="stat-checkins"
          />
          <Tile
            label="Waiting for you"
            value={
              stats.data.pending.refundRequests + stats.data.pending.editRequests + stats.data.pending.cardRequests
            }
            sub={`${stats.data.pending.refundRequests} refund requests · ${stats.data.pending.editRequests} edit requests · ${stats.data.pending.cardRequests} card requests`}
            to="/finance/refunds/requests"
            testId="stat-pending"
          />
        </div>
      )}

      <div className="dashboard-controls">
        <SelectField
          label="Chart period"
          value={granularity}
          onChange={(e) => setGranularity(e.target.value as Granularity)}
        >
          <option value="day">Daily, last 30 days</option>
          <option value="week">Weekly, last 12 weeks</option>
          <option value="month">Monthly, last 12 months</option>
        </SelectField>
      </div>
      <div className="chart-grid">
        <ChartCard title="Revenue" testId="chart-revenue">
          <RevenueChart granularity={granularity} />
        </ChartCard>
        <ChartCard title="User growth" testId="chart-users">
          <UsersChart granularity={granularity} />
        </ChartCard>
        <ChartCard title="NFC cards by status" testId="chart-cards">
          <CardsChart />
        </ChartCard>
        <ChartCard title="Events by category" testId="chart-categories">
          <CategoriesChart />
        </ChartCard>
      </div>
    </div>
  );
}
