/**
 * The merchant home (seed 003 Plan 4 Phase 2): stat tiles from `merchant.dashboardStats`, a chart
 * of confirmed card assignments per UTC day over the last 14 days (recharts), and the latest
 * assignments. Every figure comes from the server; card spend is the ledger's.
 */
import { EmptyState, Money, Spinner, StatusBadge, trpc } from '@admit/ui';
import { formatDateTime } from '@admit/ui/console-controls.tsx';
import { LoadError, useForgetSessionOn401 } from '@admit/ui/portal/index.ts';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const dayLabel = (day: string) =>
  new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(
    new Date(`${day}T00:00:00Z`),
  );

function Stat({ label, value, testId }: { label: string; value: ReactNode; testId: string }) {
  return (
    <div className="stat">
      <span className="stat__label">{label}</span>
      <span className="stat__value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

export function DashboardPage() {
  const stats = trpc.merchant.dashboardStats.useQuery({});
  useForgetSessionOn401(stats.error);
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Dashboard</h1>
        <Link to="/assign" className="ui-button">
          Assign a card
        </Link>
      </div>
      {stats.isPending ? (
        <Spinner label="Loading your figures…" />
      ) : stats.error ? (
        <LoadError error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <>
          <div className="stat-grid">
            <Stat label="Cards in stock" value={stats.data.cardsInStock} testId="stat-stock" />
            <Stat label="Assigned today" value={stats.data.assignedToday} testId="stat-today" />
            <Stat label="Assigned this week" value={stats.data.assignedThisWeek} testId="stat-week" />
            <Stat label="Assigned in total" value={stats.data.assignedTotal} testId="stat-total" />
            <Stat label="Waiting for a code" value={stats.data.pendingAssignments} testId="stat-pending" />
            <Stat label="Customers served" value={stats.data.customersServed} testId="stat-customers" />
            <Stat
              label="Card spend here"
              testId="stat-spend"
              value={
                stats.data.cardSpend.length === 0 ? (
                  <Money amountMinor={0} currency="EGP" />
                ) : (
                  stats.data.cardSpend.map((s) => (
                    <span key={s.currency} className="merchant-spend">
                      <Money amountMinor={s.amountMinor} currency={s.currency} />
                    </span>
                  ))
                )
              }
            />
          </div>
          {stats.data.cardsInStock === 0 && (
            <div className="notice" role="status">
              You have no cards in stock. Ask Admit for a new batch before assigning cards.
            </div>
          )}
          <section className="ui-card merchant-chart" aria-label="Assignments per day">
            <h2 className="portal-card__title">Assignments per day</h2>
            <p className="muted small">Confirmed assignments, last 14 days (UTC)</p>
            {stats.data.assignmentsPerDay.every((d) => d.count === 0) ? (
              <EmptyState title="No cards assigned in the last 14 days" />
            ) : (
              <ResponsiveContainer width="100%" height={220}>
                <BarChart
                  data={stats.data.assignmentsPerDay.map((d) => ({ label: dayLabel(d.day), Assigned: d.count }))}
                  margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" fontSize={12} />
                  <YAxis fontSize={12} allowDecimals={false} />
                  <Tooltip />
                  <Bar dataKey="Assigned" fill="#2b6cb0" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            )}
          </section>
          <section className="merchant-recent" aria-label="Recent assignments">
            <div className="results-bar">
              <h2 className="portal-card__title">Recent assignments</h2>
              <Link to="/cards">Card inventory →</Link>
            </div>
            {stats.data.recentAssignments.length === 0 ? (
              <EmptyState title="No assignments yet">
                <p>
                  <Link to="/assign">Assign your first card</Link> to a customer who paid the card fee.
                </p>
              </EmptyState>
            ) : (
              <div className="table-card">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th>Card</th>
                      <th>Customer</th>
                      <th>Status</th>
                      <th>Started</th>
                    </tr>
                  </thead>
                  <tbody>
                    {stats.data.recentAssignments.map((a) => (
                      <tr key={a.id}>
                        <td className="mono">{a.cardUid}</td>
                        <td>{a.customerName}</td>
                        <td>
                          <StatusBadge status={a.status} />
                        </td>
                        <td className="nowrap">{formatDateTime(a.confirmedAt ?? a.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
