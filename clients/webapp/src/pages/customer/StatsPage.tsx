/**
 * My stats (seed 003 Plan 1 Phase 6 `GET /api/v1/users/analytics/`): totals (orders, tickets,
 * events attended, upcoming, raffle entries, spent and refunded per currency, card balance) and a
 * bar chart of what I paid per month over the last 12 months (UTC calendar months).
 */
import { EmptyState, formatMoney, Spinner, trpc } from '@admit/ui';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AccountNav } from '../../components/AccountNav.tsx';
import { LoadError } from '../../session.tsx';
import { categoryLabel } from '../../util.ts';
import './customer.css';

const money = (list: { amountMinor: number; currency: string }[]) =>
  list.length ? list.map((m) => formatMoney(m.amountMinor, m.currency)).join(' + ') : '—';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthLabel = (ym: string) => `${MONTHS[Number(ym.slice(5, 7)) - 1]} ${ym.slice(2, 4)}`;

function SpendChart({ months }: { months: { month: string; totals: { amountMinor: number; currency: string }[] }[] }) {
  const currencies = [...new Set(months.flatMap((m) => m.totals.map((t) => t.currency)))].sort();
  const [picked, setPicked] = useState<string | null>(null);
  const currency = picked && currencies.includes(picked) ? picked : currencies[0];
  if (!currency) {
    return (
      <EmptyState title="No spending in the last 12 months">
        <p>Your monthly spend shows here once you have paid for an order.</p>
      </EmptyState>
    );
  }
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const data = months.map((m) => ({
    month: m.month,
    amountMinor: m.totals.find((t) => t.currency === currency)?.amountMinor ?? 0,
  }));
  return (
    <section className="ui-card my-stats__chart" aria-labelledby="spend-title">
      <h2 id="spend-title" className="section-title" style={{ marginTop: 0 }}>
        Spend per month
      </h2>
      {currencies.length > 1 && (
        <div className="ui-field">
          <label htmlFor="spend-currency">Currency</label>
          <select
            id="spend-currency"
            className="ui-select"
            value={currency}
            onChange={(e) => setPicked(e.target.value)}
          >
            {currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
      )}
      <div data-testid="spend-chart" role="img" aria-label={`Amount paid per month in ${currency}, last 12 months`}>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" tickFormatter={monthLabel} fontSize={12} />
            <YAxis fontSize={12} tickFormatter={(v: number) => String(Math.round(v / 10 ** digits))} />
            <Tooltip
              labelFormatter={(l) => monthLabel(String(l))}
              formatter={(value) => [formatMoney(Number(value), currency), 'Paid']}
            />
            <Bar dataKey="amountMinor" fill="var(--accent, #4f46e5)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="visually-hidden">
        <caption>Amount paid per month ({currency})</caption>
        <tbody>
          {data.map((d) => (
            <tr key={d.month}>
              <th scope="row">{monthLabel(d.month)}</th>
              <td>{formatMoney(d.amountMinor, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function StatsPage() {
  const stats = trpc.customer.analytics.useQuery({});
  const s = stats.data;
  const tiles = s
    ? [
        { id: 'orders', label: 'Orders paid', value: String(s.orders) },
        { id: 'tickets', label: 'Tickets', value: String(s.tickets) },
        { id: 'attended', label: 'Events attended', value: String(s.eventsAttended) },
        { id: 'upcoming', label: 'Upcoming events', value: String(s.upcomingEvents) },
        { id: 'spent', label: 'Spent', value: money(s.spent) },
        { id: 'refunded', label: 'Refunded', value: money(s.refunded) },
        {
          id: 'category',
          label: 'Favourite category',
          value: s.favouriteCategory ? categoryLabel(s.favouriteCategory) : '—',
        },
        { id: 'raffles', label: 'Raffle entries', value: String(s.raffleEntries) },
        ...(s.cards > 0 ? [{ id: 'cards', label: 'NFC card balance', value: money(s.cardBalance) }] : []),
      ]
    : [];
  return (
    <div className="page page--medium">
      <h1 className="page-title">My stats</h1>
      <AccountNav />
      {stats.isPending ? (
        <Spinner label="Adding up your figures…" />
      ) : stats.isError && !s ? (
        <LoadError error={stats.error} onRetry={() => void stats.refetch()} />
      ) : s ? (
        <>
          <section className="my-stats" aria-label="Your totals">
            {tiles.map((t) => (
              <div key={t.id} className="my-stats__tile" data-testid={`my-stat-${t.id}`}>
                <div className="muted small">{t.label}</div>
                <div className="my-stats__value">{t.value}</div>
              </div>
            ))}
          </section>
          <SpendChart months={s.spendByMonth} />
        </>
      ) : null}
    </div>
  );
}
