/**
 * Admin dashboard statistics and analytics (seed 003 Plan 2 Phase 2: `GET /api/dashboard/stats/`,
 * `/api/analytics/revenue/`, `/api/analytics/users/`; issue 7 adds card-status and
 * event-category analytics).
 *
 * Money comes from the ledger (ADR 0013), never from order rows, so the dashboard agrees with the
 * books: per currency,
 *   gross   = debits to `platform:clearing:<cur>` by PAYMENT transactions (money received),
 *   fees    = platform fee revenue `platform:revenue:fees:<cur>`, net of reversals (shown positive),
 *   refunds = credits to `platform:clearing:<cur>` by REFUND transactions (money returned).
 * Card balances are the `card:<id>:balance` liabilities (shown positive).
 *
 * Time: every instant is UTC; buckets are UTC calendar days, ISO weeks (Monday 00:00 UTC, like
 * PostgreSQL `date_trunc('week')`) or calendar months, and a range is `[from, to)`.
 */
import type {
  TAnalyticsRangeInput,
  TCardAnalytics,
  TDashboardStats,
  TEventCategoryAnalytics,
  TGranularity,
  TRevenueAnalytics,
  TRevenueTotals,
  TRoleCounts,
  TUserAnalytics,
} from '@admit/shared';
import { EVENT_CATEGORIES } from '@admit/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';

type Db = Pick<Deps, 'db' | 'clock'>;

const DAY = 86_400_000;
/** the most buckets one analytics request may span */
export const MAX_BUCKETS = 400;

/** The UTC start of the bucket containing `d`. */
export function bucketStart(d: Date, g: TGranularity): Date {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (g === 'day') return new Date(day);
  if (g === 'week') {
    const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0 (ISO 8601)
    return new Date(day - weekday * DAY);
  }
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

/** The start of the bucket after the one starting at `start`. */
export function nextBucket(start: Date, g: TGranularity): Date {
  if (g === 'day') return new Date(start.getTime() + DAY);
  if (g === 'week') return new Date(start.getTime() + 7 * DAY);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/**
 * Resolves a range: `to` defaults to now, `from` to 30 days / 12 weeks / 12 months before `to`.
 * Throws VALIDATION_FAILED (field `from`) when the range spans more than MAX_BUCKETS buckets.
 */
export function resolveRange(deps: Db, input: TAnalyticsRangeInput) {
  const g = input.granularity;
  const to = input.to ?? deps.clock.now();
  const from =
    input.from ??
    (g === 'day'
      ? new Date(to.getTime() - 30 * DAY)
      : g === 'week'
        ? new Date(to.getTime() - 12 * 7 * DAY)
        : new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - 12, to.getUTCDate())));
  const starts: Date[] = [];
  for (let s = bucketStart(from, g); s < to; s = nextBucket(s, g)) {
    starts.push(s);
    if (starts.length > MAX_BUCKETS) {
      throw new AppError('VALIDATION_FAILED', `At most ${MAX_BUCKETS} ${g}s per request.`, {
        from: [`The range spans more than ${MAX_BUCKETS} ${g}s: choose a shorter range or a larger period`],
      });
    }
  }
  return { from, to, granularity: g, starts };
}

const n = (v: bigint | number | null | undefined) => Number(v ?? 0);

/** Ledger flows per currency (and bucket when `g` is given) over `[from, to)`. */
async function ledgerRevenue(deps: Db, from: Date, to: Date, g?: TGranularity) {
  const rows = await deps.db.$queryRaw<
    { start: Date | null; currency: string; gross: bigint; fees: bigint; refunds: bigint }[]
  >`
    SELECT CASE WHEN ${g ?? null}::text IS NULL THEN NULL
                ELSE date_trunc(${g ?? 'day'}::text, t."occurredAt" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' END AS start,
      a."currency",
      SUM(CASE WHEN a."code" LIKE 'platform:clearing:%' AND t."kind" = 'PAYMENT' AND e."amountMinor" > 0
               THEN e."amountMinor" ELSE 0 END)::bigint AS gross,
      SUM(CASE WHEN a."code" LIKE 'platform:revenue:fees:%' THEN -e."amountMinor" ELSE 0 END)::bigint AS fees,
      SUM(CASE WHEN a."code" LIKE 'platform:clearing:%' AND t."kind" = 'REFUND' AND e."amountMinor" < 0
               THEN -e."amountMinor" ELSE 0 END)::bigint AS refunds
    FROM "LedgerEntry" e
    JOIN "LedgerAccount" a ON a."id" = e."accountId"
    JOIN "LedgerTransaction" t ON t."id" = e."transactionId"
    WHERE (a."code" LIKE 'platform:clearing:%' OR a."code" LIKE 'platform:revenue:fees:%')
      AND t."occurredAt" >= ${from} AND t."occurredAt" < ${to}
    GROUP BY 1, 2`;
  return rows.map((r) => ({
    start: r.start,
    currency: r.currency.trim(),
    grossMinor: n(r.gross),
    feesMinor: n(r.fees),
    refundsMinor: n(r.refunds),
  }));
}

function totalsByCurrency(rows: { currency: string; grossMinor: number; feesMinor: number; refundsMinor: number }[]) {
  const out = new Map<string, TRevenueTotals>();
  for (const r of rows) {
    const t = out.get(r.currency) ?? { currency: r.currency, grossMinor: 0, feesMinor: 0, refundsMinor: 0 };
    t.grossMinor += r.grossMinor;
    t.feesMinor += r.feesMinor;
    t.refundsMinor += r.refundsMinor;
    out.set(r.currency, t);
  }
  return [...out.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** Card balances per currency (liability accounts `card:<id>:balance`, shown positive). */
async function cardBalances(deps: Db) {
  const rows = await deps.db.$queryRaw<{ currency: string; total: bigint; cards: bigint }[]>`
    SELECT a."currency", SUM(-a."balanceMinor")::bigint AS total, COUNT(*)::bigint AS cards
    FROM "LedgerAccount" a
    WHERE a."code" LIKE 'card:%:balance'
    GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => ({ currency: r.currency.trim(), amountMinor: n(r.total), cards: n(r.cards) }));
}

/**
 * `admin.dashboard.stats` — `GET /api/dashboard/stats/` (seed 003 Plan 2 Phase 2). All counts are
 * platform-wide as of now; "today" is the current UTC calendar day; revenue is all-time, from
 * the ledger (see the file comment). Tickets sold = tickets currently VALID.
 */
export async function dashboardStats(deps: Db): Promise<TDashboardStats> {
  const now = deps.clock.now();
  const dayStart = bucketStart(now, 'day');
  const dayEnd = new Date(dayStart.getTime() + DAY);
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const db = deps.db;
  const [
    customers,
    new7d,
    new30d,
    publishedUpcoming,
    today,
    drafts,
    sold,
    sold30d,
    revenueRows,
    refundsSucceeded,
    refundsPending,
    activeCards,
    balances,
    checkInsToday,
    refundRequests,
    editRequests,
    cardRequests,
  ] = await Promise.all([
    db.user.count({ where: { role: 'CUSTOMER' } }),
    db.user.count({ where: { role: 'CUSTOMER', createdAt: { gte: ago(7) } } }),
    db.user.count({ where: { role: 'CUSTOMER', createdAt: { gte: ago(30) } } }),
    db.event.count({ where: { status: 'PUBLISHED', startsAt: { gt: now } } }),
    db.event.count({ where: { status: 'PUBLISHED', startsAt: { lt: dayEnd }, endsAt: { gt: dayStart } } }),
    db.event.count({ where: { status: 'DRAFT' } }),
    db.ticket.count({ where: { status: 'VALID' } }),
    db.ticket.count({ where: { status: 'VALID', createdAt: { gte: ago(30) } } }),
    ledgerRevenue(deps, new Date(0), new Date(8.64e15)),
    db.refund.count({ where: { status: 'SUCCEEDED' } }),
    db.refund.count({ where: { status: 'PENDING' } }),
    db.nfcCard.count({ where: { status: 'ACTIVE' } }),
    cardBalances(deps),
    db.checkIn.count({
      where: { result: 'VALID', direction: 'ENTRY', scannedAt: { gte: dayStart, lt: dayEnd } },
    }),
    db.refundRequest.count({ where: { status: 'PENDING' } }),
    db.eventEditRequest.count({ where: { status: 'PENDING' } }),
    db.nfcCardRequest.count({ where: { status: 'PAID' } }),
  ]);
  return {
    asOf: now,
    customers: { total: customers, new7d, new30d },
    events: { publishedUpcoming, today, drafts },
    tickets: { sold, sold30d },
    revenue: totalsByCurrency(revenueRows),
    refunds: { succeeded: refundsSucceeded, pending: refundsPending },
    cards: { active: activeCards, balances: balances.map(({ currency, amountMinor }) => ({ currency, amountMinor })) },
    checkInsToday,
    pending: { refundRequests, editRequests, cardRequests },
  };
}

/**
 * `admin.analytics.revenue` — `GET /api/analytics/revenue/`: gross, fees and refunds per UTC
 * bucket and currency over `[from, to)`. Every currency seen in the range gets a row for every
 * bucket (zeros included) so charts draw continuous lines.
 * @throws VALIDATION_FAILED when the range spans more than MAX_BUCKETS buckets
 */
export async function revenueAnalytics(deps: Db, input: TAnalyticsRangeInput): Promise<TRevenueAnalytics> {
  const range = resolveRange(deps, input);
  const rows = await ledgerRevenue(deps, range.from, range.to, range.granularity);
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  const key = (start: Date, cur: string) => `${start.toISOString()}|${cur}`;
  const byKey = new Map(rows.map((r) => [key(r.start!, r.currency), r]));
  const buckets = range.starts.flatMap((start) =>
    currencies.map((currency) => {
      const r = byKey.get(key(start, currency));
      return {
        start,
        currency,
        grossMinor: r?.grossMinor ?? 0,
        feesMinor: r?.feesMinor ?? 0,
        refundsMinor: r?.refundsMinor ?? 0,
      };
    }),
  );
  return {
    from: range.from,
    to: range.to,
    granularity: range.granularity,
    currencies,
    buckets,
    totals: totalsByCurrency(rows),
  };
}

const ROLES = ['CUSTOMER', 'ORGANIZER', 'MERCHANT', 'USHER', 'PRACTITIONER', 'ADMIN'] as const;
const zeroRoles = (): TRoleCounts => ({ CUSTOMER: 0, ORGANIZER: 0, MERCHANT: 0, USHER: 0, PRACTITIONER: 0, ADMIN: 0 });

/**
 * `admin.analytics.users` — `GET /api/analytics/users/`: accounts created per UTC bucket, by role,
 * and the cumulative number of accounts at the end of each bucket (`before` + sign-ups so far).
 * @throws VALIDATION_FAILED when the range spans more than MAX_BUCKETS buckets
 */
export async function userAnalytics(deps: Db, input: TAnalyticsRangeInput): Promise<TUserAnalytics> {
  const range = resolveRange(deps, input);
  const [before, rows] = await Promise.all([
    deps.db.user.count({ where: { createdAt: { lt: range.from } } }),
    deps.db.$queryRaw<{ start: Date; role: (typeof ROLES)[number]; count: bigint }[]>`
      SELECT date_trunc(${range.granularity}::text, "createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS start,
        "role"::text AS role, COUNT(*)::bigint AS count
      FROM "User"
      WHERE "createdAt" >= ${range.from} AND "createdAt" < ${range.to}
      GROUP BY 1, 2`,
  ]);
  const byStart = new Map<string, TRoleCounts>();
  for (const r of rows) {
    const k = r.start.toISOString();
    const counts = byStart.get(k) ?? zeroRoles();
    counts[r.role] += n(r.count);
    byStart.set(k, counts);
  }
  let cumulative = before;
  const buckets = range.starts.map((start) => {
    const byRole = byStart.get(start.toISOString()) ?? zeroRoles();
    const signUps = ROLES.reduce((s, role) => s + byRole[role], 0);
    cumulative += signUps;
    return { start, signUps, byRole, cumulative };
  });
  return { from: range.from, to: range.to, granularity: range.granularity, before, buckets };
}

/**
 * `admin.analytics.cards` — `GET /api/analytics/cards/`: NFC cards per status, where the ACTIVE
 * ones are (unallocated / merchant stock / customer), balances per currency from the ledger and
 * card requests per status.
 */
export async function cardAnalytics(deps: Db): Promise<TCardAnalytics> {
  const db = deps.db;
  const [byStatus, unallocated, inMerchantStock, assigned, balances, requests] = await Promise.all([
    db.nfcCard.groupBy({ by: ['status'], _count: { _all: true } }),
    db.nfcCard.count({ where: { status: 'ACTIVE', customerId: null, merchantId: null } }),
    db.nfcCard.count({ where: { status: 'ACTIVE', customerId: null, merchantId: { not: null } } }),
    db.nfcCard.count({ where: { status: 'ACTIVE', customerId: { not: null } } }),
    cardBalances(deps),
    db.nfcCardRequest.groupBy({ by: ['status'], _count: { _all: true } }),
  ]);
  const statuses = ['ACTIVE', 'BLOCKED', 'LOST', 'REPLACED'] as const;
  return {
    byStatus: statuses.map((status) => ({
      status,
      count: byStatus.find((r) => r.status === status)?._count._all ?? 0,
    })),
    allocation: { unallocated, inMerchantStock, assigned },
    balances,
    requests: (['PENDING_PAYMENT', 'PAID', 'FULFILLED', 'CANCELLED'] as const).map((status) => ({
      status,
      count: requests.find((r) => r.status === status)?._count._all ?? 0,
    })),
  };
}

/**
 * `admin.analytics.eventCategories` — `GET /api/analytics/event-categories/`: per event category,
 * events (all / published), tickets sold (VALID tickets) and their face value per currency.
 */
export async function eventCategoryAnalytics(deps: Db): Promise<TEventCategoryAnalytics> {
  const [events, published, sold] = await Promise.all([
    deps.db.event.groupBy({ by: ['category'], _count: { _all: true } }),
    deps.db.event.groupBy({ by: ['category'], where: { status: 'PUBLISHED' }, _count: { _all: true } }),
    deps.db.$queryRaw<{ category: string; currency: string; tickets: bigint; amount: bigint }[]>`
      SELECT e."category"::text AS category, c."currency", COUNT(*)::bigint AS tickets,
        SUM(c."priceMinor")::bigint AS amount
      FROM "Ticket" t
      JOIN "Event" e ON e."id" = t."eventId"
      JOIN "TicketCategory" c ON c."id" = t."ticketCategoryId"
      WHERE t."status" = 'VALID'
      GROUP BY 1, 2`,
  ]);
  return {
    categories: EVENT_CATEGORIES.map((category) => {
      const mine = sold.filter((r) => r.category === category);
      return {
        category,
        events: events.find((r) => r.category === category)?._count._all ?? 0,
        publishedEvents: published.find((r) => r.category === category)?._count._all ?? 0,
        ticketsSold: mine.reduce((s, r) => s + n(r.tickets), 0),
        revenue: mine
          .map((r) => ({ currency: r.currency.trim(), amountMinor: n(r.amount) }))
          .sort((a, b) => a.currency.localeCompare(b.currency)),
      };
    }),
  };
}
