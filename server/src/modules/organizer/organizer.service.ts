/**
 * The organizer portal's reads (seed 003 Plan 3 Phases 2–4; ADR 0021): dashboard stats, the
 * organizer's own events with sold/quota, and one event with its analytics. Everything is scoped
 * by the actor's `organizerId` in the query itself; another organizer's event id answers
 * NOT_FOUND exactly like an unknown one (modules/ownership.ts).
 *
 * Money comes from the ledger, never from order totals: the organizer's payable accounts
 * (`organizer:<id>:event:<eventId>:payable`, one per event and currency) grouped by the kind of
 * transaction that posted to them, as modules/payouts/settlement.ts does for one event, so the
 * dashboard's figures for an organizer with one event equal that event's settlement.
 * Sales per day count paid orders' ticket lines on the UTC day the order was paid.
 */
import type {
  TOrganizerDashboardStats,
  TOrganizerEventDetail,
  TOrganizerEventSummary,
  TOrganizerEventsInput,
  TOrganizerMoney,
  TOrganizerSalesDay,
  TPage,
} from '@admit/shared';
import { ZOrganizerEventsInput } from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { gateCounts } from '../checkin/scan-core.ts';
import { accounts } from '../ledger/ledger.ts';
import { pageOf, pageWindow } from '../pagination.ts';

type Db = Deps['db'];
const DAY = 86_400_000;

/** The organizer the actor works for. Errors: FORBIDDEN for an organizer account linked to none. */
export function ownOrganizerId(actor: Actor): string {
  if (!actor.user.organizerId) throw new AppError('FORBIDDEN', 'This account is not linked to an organizer.');
  return actor.user.organizerId;
}

/** `YYYY-MM-DD` of an instant's UTC day. */
export const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/** Every UTC day from `from` to `to` (inclusive) with the sales of `rows` (missing days are 0). */
export function fillDays(from: Date, to: Date, rows: { day: string; tickets: number; amount: number }[]) {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: TOrganizerSalesDay[] = [];
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  for (let t = start; t <= to.getTime(); t += DAY) {
    const date = utcDay(new Date(t));
    const r = byDay.get(date);
    out.push({ date, tickets: r?.tickets ?? 0, amountMinor: r?.amount ?? 0 });
  }
  return out;
}

/**
 * Paid ticket lines per UTC day of payment (orders PAID or later REFUNDED: the sale happened),
 * for the organizer's events (or one event), in `currency`, paid at or after `since`.
 */
async function salesRows(
  db: Db,
  scope: { organizerId: string; eventId?: string },
  currency: string,
  since: Date | null,
): Promise<{ day: string; tickets: number; amount: number }[]> {
  const rows = await db.$queryRaw<{ day: string; tickets: bigint; amount: bigint }[]>`
    SELECT to_char(o."paidAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "day",
           SUM(l."quantity")::bigint AS "tickets", SUM(l."totalMinor")::bigint AS "amount"
    FROM "OrderLine" l
    JOIN "Order" o ON o."id" = l."orderId"
    JOIN "TicketCategory" c ON c."id" = l."ticketCategoryId"
    JOIN "Event" e ON e."id" = c."eventId"
    WHERE l."kind" = 'EVENT_TICKET' AND o."status" IN ('PAID', 'REFUNDED') AND o."paidAt" IS NOT NULL
      AND e."organizerId" = ${scope.organizerId}::uuid
      AND (${scope.eventId ?? null}::uuid IS NULL OR e."id" = ${scope.eventId ?? null}::uuid)
      AND c."currency" = ${currency}
      AND (${since}::timestamptz IS NULL OR o."paidAt" >= ${since}::timestamptz)
    GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => ({ day: r.day, tickets: Number(r.tickets), amount: Number(r.amount) }));
}

/**
 * The organizer's books per currency from the ledger (see the module comment): gross, fees,
 * refunds, adjustments, net, paid out, owed, pending payouts. Main currency (largest gross) first.
 */
export async function organizerMoney(db: Db, organizerId: string): Promise<TOrganizerMoney[]> {
  const prefix = `organizer:${organizerId}:event:%:payable`;
  // `platform:revenue:fees:<currency>` of every currency
  const feePrefix = `${accounts.feeRevenue('').code}%`;
  const [byKind, fees, pending] = await Promise.all([
    db.$queryRaw<{ currency: string; kind: string; total: bigint }[]>`
      SELECT a."currency", t."kind", SUM(e."amountMinor")::bigint AS "total"
      FROM "LedgerEntry" e
      JOIN "LedgerAccount" a ON a."id" = e."accountId"
      JOIN "LedgerTransaction" t ON t."id" = e."transactionId"
      WHERE a."code" LIKE ${prefix}
      GROUP BY a."currency", t."kind"`,
    db.$queryRaw<{ currency: string; total: bigint }[]>`
      SELECT fa."currency", SUM(f."amountMinor")::bigint AS "total"
      FROM "LedgerEntry" f
      JOIN "LedgerAccount" fa ON fa."id" = f."accountId"
      JOIN "LedgerTransaction" t ON t."id" = f."transactionId"
      WHERE fa."code" LIKE ${feePrefix} AND t."kind" = 'PAYMENT'
        AND EXISTS (
          SELECT 1 FROM "LedgerEntry" p JOIN "LedgerAccount" pa ON pa."id" = p."accountId"
          WHERE p."transactionId" = f."transactionId" AND pa."code" LIKE ${prefix})
      GROUP BY fa."currency"`,
    db.payout.groupBy({
      by: ['currency'],
      where: { organizerId, status: 'PENDING' },
      _sum: { netMinor: true },
    }),
  ]);
  const currencies = new Set([...byKind.map((r) => r.currency), ...pending.map((p) => p.currency)]);
  const out: TOrganizerMoney[] = [];
  for (const currency of currencies) {
    const rows = byKind.filter((r) => r.currency === currency);
    const kind = (k: string) => Number(rows.find((r) => r.kind === k)?.total ?? 0);
    // credit-normal: `0 - x` so that nothing reads 0, not -0
    const salesNet = 0 - kind('PAYMENT');
    const feesMinor = 0 - Number(fees.find((f) => f.currency === currency)?.total ?? 0);
    const refundsMinor = kind('REFUND');
    const paidOutMinor = kind('PAYOUT');
    const adjustmentsMinor = rows
      .filter((r) => !['PAYMENT', 'REFUND', 'PAYOUT'].includes(r.kind))
      .reduce((n, r) => n + Number(r.total), 0);
    const owedMinor = 0 - rows.reduce((n, r) => n + Number(r.total), 0);
    out.push({
      currency,
      grossMinor: salesNet + feesMinor,
      feesMinor,
      refundsMinor,
      adjustmentsMinor,
      netMinor: owedMinor + paidOutMinor,
      paidOutMinor,
      owedMinor,
      pendingPayoutMinor: pending.find((p) => p.currency === currency)?._sum.netMinor ?? 0,
    });
  }
  return out.sort((a, b) => b.grossMinor - a.grossMinor || a.currency.localeCompare(b.currency));
}

/**
 * `GET /api/organizer/dashboard/stats/` (seed 003 Plan 3 Phase 2): the actor's organizer's events
 * (upcoming = published and not ended, past = published and ended, drafts, cancelled), tickets
 * sold and refunded, money per currency from the ledger, check-in rate of started events
 * (distinct tickets admitted / valid tickets), pending payouts, and sales of the last 30 UTC days
 * in the main currency. Errors: FORBIDDEN (account without organizer).
 */
export async function dashboardStats(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
): Promise<TOrganizerDashboardStats> {
  const organizerId = ownOrganizerId(actor);
  const now = deps.clock.now();
  const db = deps.db;
  const own = { organizerId };
  const [organizer, upcoming, past, draft, cancelled, sold, refunded, expected, admitted, pendingPayouts, money] =
    await Promise.all([
      db.organizer.findUniqueOrThrow({ where: { id: organizerId }, select: { id: true, name: true } }),
      db.event.count({ where: { ...own, status: 'PUBLISHED', endsAt: { gte: now } } }),
      db.event.count({ where: { ...own, status: 'PUBLISHED', endsAt: { lt: now } } }),
      db.event.count({ where: { ...own, status: 'DRAFT' } }),
      db.event.count({ where: { ...own, status: 'CANCELLED' } }),
      db.ticket.count({ where: { status: 'VALID', event: own } }),
      db.ticket.count({ where: { status: 'REFUNDED', event: own } }),
      db.ticket.count({ where: { status: 'VALID', event: { ...own, startsAt: { lte: now } } } }),
      db.ticket.count({
        where: { status: 'VALID', checkedInAt: { not: null }, event: { ...own, startsAt: { lte: now } } },
      }),
      db.payout.count({ where: { organizerId, status: 'PENDING' } }),
      organizerMoney(db, organizerId),
    ]);
  const currency = money[0]?.currency ?? null;
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 29 * DAY);
  const rows = currency ? await salesRows(db, { organizerId }, currency, since) : [];
  return {
    organizer,
    events: { upcoming, past, draft, cancelled, total: upcoming + past + draft + cancelled },
    ticketsSold: sold,
    refundedTickets: refunded,
    money,
    currency,
    checkIn: { admitted, expected, rate: expected > 0 ? admitted / expected : null },
    pendingPayouts: { count: pendingPayouts },
    salesByDay: fillDays(since, now, rows),
    generatedAt: now,
  };
}

const summarySelect = {
  id: true,
  slug: true,
  title: true,
  category: true,
  status: true,
  imageUrl: true,
  startsAt: true,
  endsAt: true,
  capacity: true,
  venue: { select: { id: true, name: true, city: true, timeZone: true } },
} satisfies Prisma.EventSelect;
type SummaryRow = Prisma.EventGetPayload<{ select: typeof summarySelect }>;

/** sold (valid tickets), Σ quotas and a pending edit request, for the events `ids`. */
async function eventFigures(db: Db, ids: string[]) {
  const [sold, quotas, pending] = await Promise.all([
    db.ticket.groupBy({ by: ['eventId'], where: { eventId: { in: ids }, status: 'VALID' }, _count: { _all: true } }),
    db.ticketCategory.groupBy({ by: ['eventId'], where: { eventId: { in: ids } }, _sum: { quota: true } }),
    db.eventEditRequest.findMany({ where: { eventId: { in: ids }, status: 'PENDING' }, select: { eventId: true } }),
  ]);
  return (e: SummaryRow): TOrganizerEventSummary => ({
    ...e,
    sold: sold.find((s) => s.eventId === e.id)?._count._all ?? 0,
    quota: quotas.find((q) => q.eventId === e.id)?._sum.quota ?? 0,
    pendingEditRequest: pending.some((p) => p.eventId === e.id),
  });
}

/**
 * `GET /api/organizer/events/` (seed 003 Plan 3 Phase 3): the actor's organizer's events only,
 * filtered by status, upcoming/past (by `endsAt`, UTC) and text (title or venue name), sorted
 * and paged, each with sold/quota. Errors: FORBIDDEN (account without organizer).
 */
export async function listOwnEvents(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  raw: TOrganizerEventsInput,
): Promise<TPage<TOrganizerEventSummary>> {
  const f = ZOrganizerEventsInput.parse(raw);
  const now = deps.clock.now();
  const where: Prisma.EventWhereInput = {
    organizerId: ownOrganizerId(actor),
    ...(f.status ? { status: f.status } : {}),
    ...(f.when === 'upcoming' ? { endsAt: { gte: now } } : f.when === 'past' ? { endsAt: { lt: now } } : {}),
    ...(f.q
      ? {
          OR: [
            { title: { contains: f.q, mode: 'insensitive' } },
            { venue: { name: { contains: f.q, mode: 'insensitive' } } },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    deps.db.event.count({ where }),
    deps.db.event.findMany({
      where,
      select: summarySelect,
      orderBy: [{ [f.sort]: f.order }, { id: 'asc' }],
      ...pageWindow(f),
    }),
  ]);
  const figures = await eventFigures(
    deps.db,
    rows.map((r) => r.id),
  );
  return pageOf(rows.map(figures), total, f);
}

/**
 * `GET /api/organizer/events/{id}/` (seed 003 Plan 3 Phases 3–4, "details with analytics"): the
 * event, sales per UTC day from the first sale to today (at most the last 366 days), per ticket
 * category (quota, sold, held by unpaid orders, paid revenue), check-in progress (admitted,
 * inside, per gate: modules/checkin gateCounts) and refunds. Amounts in minor units of the
 * event's currency. Errors: NOT_FOUND (unknown or another organizer's event), FORBIDDEN.
 */
export async function getOwnEvent(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  eventId: string,
): Promise<TOrganizerEventDetail> {
  const organizerId = ownOrganizerId(actor);
  const db = deps.db;
  const event = await db.event.findFirst({
    where: { id: eventId, organizerId },
    select: {
      ...summarySelect,
      description: true,
      seatingMode: true,
      venue: {
        select: {
          ...summarySelect.venue.select,
          gates: { select: { id: true, name: true }, orderBy: { name: 'asc' } },
        },
      },
      ticketCategories: {
        select: { id: true, name: true, tier: true, priceMinor: true, currency: true, quota: true },
        orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
      },
    },
  });
  if (!event) throw new AppError('NOT_FOUND', 'No such event.');
  const now = deps.clock.now();
  const catIds = event.ticketCategories.map((c) => c.id);
  const currency = event.ticketCategories[0]?.currency ?? null;
  const [soldBy, paidBy, heldBy, refundedTickets, refunds, pendingRequests, counts, figures] = await Promise.all([
    db.ticket.groupBy({
      by: ['ticketCategoryId'],
      where: { eventId, status: 'VALID' },
      _count: { _all: true },
    }),
    db.orderLine.groupBy({
      by: ['ticketCategoryId'],
      where: {
        kind: 'EVENT_TICKET',
        ticketCategoryId: { in: catIds },
        order: { status: { in: ['PAID', 'REFUNDED'] } },
      },
      _sum: { totalMinor: true },
    }),
    db.orderLine.groupBy({
      by: ['ticketCategoryId'],
      where: { kind: 'EVENT_TICKET', ticketCategoryId: { in: catIds }, order: { status: 'PENDING' } },
      _sum: { quantity: true },
    }),
    db.ticket.count({ where: { eventId, status: 'REFUNDED' } }),
    db.refund.aggregate({
      where: { status: 'SUCCEEDED', order: { tickets: { some: { eventId } } } },
      _sum: { amountMinor: true },
    }),
    db.refundRequest.count({ where: { eventId, status: 'PENDING' } }),
    gateCounts({ db }, eventId, { capacity: event.capacity, venue: { gates: event.venue.gates } }),
    eventFigures(db, [eventId]),
  ]);
  const summary = figures(event);
  const byCategory = event.ticketCategories.map((c) => ({
    ...c,
    sold: soldBy.find((s) => s.ticketCategoryId === c.id)?._count._all ?? 0,
    held: heldBy.find((s) => s.ticketCategoryId === c.id)?._sum.quantity ?? 0,
    revenueMinor: paidBy.find((s) => s.ticketCategoryId === c.id)?._sum.totalMinor ?? 0,
  }));
  const rows = currency ? await salesRows(db, { organizerId, eventId }, currency, null) : [];
  let salesByDay: TOrganizerSalesDay[] = [];
  if (rows.length > 0) {
    const last = new Date(
      Math.min(now.getTime(), Math.max(event.endsAt.getTime(), Date.parse(`${rows.at(-1)!.day}T00:00:00Z`))),
    );
    const first = new Date(Math.max(Date.parse(`${rows[0]!.day}T00:00:00Z`), last.getTime() - 365 * DAY));
    salesByDay = fillDays(first, last, rows);
  }
  const sold = summary.sold;
  return {
    ...summary,
    description: event.description,
    seatingMode: event.seatingMode,
    currency,
    analytics: {
      ticketsSold: sold,
      grossMinor: byCategory.reduce((n, c) => n + c.revenueMinor, 0),
      salesByDay,
      byCategory,
      checkIn: {
        sold,
        admitted: counts.total.admitted,
        inside: counts.total.inside,
        rate: sold > 0 ? Math.min(1, counts.total.admitted / sold) : null,
        byGate: counts.gates.map((g) => ({ gateId: g.gateId, name: g.name, admitted: g.admitted, inside: g.inside })),
      },
      refunds: { refundedTickets, amountMinor: refunds._sum.amountMinor ?? 0, pendingRequests },
    },
  };
}
