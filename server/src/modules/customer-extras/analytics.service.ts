/**
 * Personal analytics (seed 003 Plan 1 Phase 6 `GET /api/v1/users/analytics/`): what the customer
 * bought, attended and holds. Money per currency in integer minor units, never summed across
 * currencies; months are UTC calendar months.
 */
import type { TCustomerAnalytics, TEventCategory } from '@admit/shared';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../trpc/context.ts';

type Money = { amountMinor: number; currency: string };

function byCurrency(rows: { currency: string; amountMinor: number }[], keepZero = false): Money[] {
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(r.currency, (sums.get(r.currency) ?? 0) + r.amountMinor);
  return [...sums]
    .filter(([, amountMinor]) => keepZero || amountMinor !== 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amountMinor]) => ({ currency, amountMinor }));
}

/** The 12 UTC months ending with the current one, oldest first, as YYYY-MM. */
export function lastTwelveMonths(now: Date): string[] {
  const out: string[] = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

/**
 * The caller's totals: paid orders (all kinds: tickets, raffle entries, card fees and reloads),
 * amounts spent and refunded, tickets held, events attended (a held ticket checked in), upcoming
 * events (VALID ticket, not started), raffle entries, the category of most tickets, and the
 * stored value on their NFC cards (the card's ledger account is credit-normal: its negative
 * balance is the customer's positive money). `spendByMonth`: paid order totals per UTC month.
 */
export async function customerAnalytics(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor): Promise<TCustomerAnalytics> {
  const userId = actor.user.id;
  const now = deps.clock.now();
  const months = lastTwelveMonths(now);
  const since = new Date(`${months[0]}-01T00:00:00Z`);
  const [orders, tickets, attended, upcoming, raffleEntries, byCategory, cards] = await Promise.all([
    deps.db.order.findMany({
      where: { customerId: userId, paidAt: { not: null } },
      select: { currency: true, totalMinor: true, refundedMinor: true, paidAt: true },
    }),
    deps.db.ticket.count({ where: { holderId: userId } }),
    deps.db.ticket.findMany({
      where: { holderId: userId, checkedInAt: { not: null } },
      distinct: ['eventId'],
      select: { eventId: true },
    }),
    deps.db.ticket.findMany({
      where: { holderId: userId, status: 'VALID', event: { startsAt: { gt: now }, status: 'PUBLISHED' } },
      distinct: ['eventId'],
      select: { eventId: true },
    }),
    deps.db.raffleEntry.count({ where: { userId, status: 'VALID' } }),
    deps.db.ticket.findMany({ where: { holderId: userId }, select: { event: { select: { category: true } } } }),
    deps.db.nfcCard.findMany({ where: { customerId: userId }, select: { id: true } }),
  ]);
  const accounts = cards.length
    ? await deps.db.ledgerAccount.findMany({
        where: { nfcCardId: { in: cards.map((c) => c.id) }, code: { startsWith: 'card:' } },
        select: { currency: true, balanceMinor: true },
      })
    : [];

  const counts = new Map<TEventCategory, number>();
  for (const t of byCategory) counts.set(t.event.category, (counts.get(t.event.category) ?? 0) + 1);
  const favouriteCategory =
    [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([c]) => c)[0] ?? null;

  const monthly = new Map<string, { currency: string; amountMinor: number }[]>(months.map((m) => [m, []]));
  for (const o of orders) {
    if (!o.paidAt || o.paidAt < since) continue;
    monthly.get(o.paidAt.toISOString().slice(0, 7))?.push({ currency: o.currency, amountMinor: o.totalMinor });
  }

  return {
    orders: orders.length,
    tickets,
    eventsAttended: attended.length,
    upcomingEvents: upcoming.length,
    raffleEntries,
    spent: byCurrency(orders.map((o) => ({ currency: o.currency, amountMinor: o.totalMinor }))),
    refunded: byCurrency(orders.map((o) => ({ currency: o.currency, amountMinor: o.refundedMinor }))),
    favouriteCategory,
    cardBalance: byCurrency(
      accounts.map((a) => ({ currency: a.currency, amountMinor: -Number(a.balanceMinor) })),
      true,
    ),
    cards: cards.length,
    spendByMonth: months.map((month) => ({ month, totals: byCurrency(monthly.get(month) ?? []) })),
  };
}
