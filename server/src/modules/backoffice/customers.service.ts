/**
 * Customers in the admin back office (seed 003 Plan 2 Phase 5: `GET /api/customers/`,
 * `GET /api/customers/:id/`, `PUT /api/customers/:id/`). Lists follow ADR 0022
 * (catalog/list-query.ts). Status changes reuse the user administration's `setUserStatus`
 * (disabling revokes every session; audited). Money is integer minor units per currency.
 */
import type { TCustomerDetail, TCustomerFilters, TCustomerListInput, TUpdateCustomerInput } from '@admit/shared';
import { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { setUserStatus } from '../admin/admin.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { CSV_MAX_ROWS, dateRange, type SortOrder, textSearch, toCsv } from '../catalog/list-query.ts';
import { pageOf, pageWindow } from '../pagination.ts';

type Meta = { ip?: string; userAgent?: string; requestId?: string };
type Db = Pick<Deps, 'db' | 'clock'>;

const customerWhere = (f: TCustomerFilters): Prisma.UserWhereInput => ({
  role: 'CUSTOMER',
  ...(f.status ? { status: f.status } : {}),
  ...textSearch(f.q, ['firstName', 'lastName', 'email', 'mobile']),
  ...dateRange('createdAt', f.registeredFrom, f.registeredTo),
});

const rowSelect = {
  id: true,
  status: true,
  firstName: true,
  lastName: true,
  mobile: true,
  email: true,
  createdAt: true,
  deletedAt: true,
} satisfies Prisma.UserSelect;

/** Paid orders and spend (paid − refunded, per currency) of the given customers. */
async function orderStats(deps: Db, ids: string[]) {
  if (ids.length === 0)
    return new Map<string, { ordersCount: number; spend: { currency: string; amountMinor: number }[] }>();
  const rows = await deps.db.$queryRaw<{ customerId: string; currency: string; orders: bigint; spend: bigint }[]>`
    SELECT "customerId", "currency", COUNT(*)::bigint AS orders, SUM("totalMinor" - "refundedMinor")::bigint AS spend
    FROM "Order"
    WHERE "paidAt" IS NOT NULL AND "customerId" IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})
    GROUP BY 1, 2`;
  const out = new Map<string, { ordersCount: number; spend: { currency: string; amountMinor: number }[] }>();
  for (const id of ids) out.set(id, { ordersCount: 0, spend: [] });
  for (const r of rows) {
    const s = out.get(r.customerId)!;
    s.ordersCount += Number(r.orders);
    s.spend.push({ currency: r.currency.trim(), amountMinor: Number(r.spend) });
  }
  for (const s of out.values()) s.spend.sort((a, b) => a.currency.localeCompare(b.currency));
  return out;
}

/**
 * Ids of the customers matching `where`, ordered by their number of paid orders (ties by id),
 * one page or the first CSV_MAX_ROWS (ADR 0022 "sorts on a computed value").
 */
async function idsByOrders(
  deps: Db,
  where: Prisma.UserWhereInput,
  order: SortOrder,
  window: { skip: number; take: number },
) {
  const ids = (await deps.db.user.findMany({ where, select: { id: true } })).map((u) => u.id);
  if (ids.length === 0) return [];
  const dir = order === 'asc' ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const rows = await deps.db.$queryRaw<{ id: string }[]>`
    SELECT u."id" FROM "User" u
    LEFT JOIN "Order" o ON o."customerId" = u."id" AND o."paidAt" IS NOT NULL
    WHERE u."id" IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})
    GROUP BY u."id"
    ORDER BY COUNT(o."id") ${dir}, u."id" ASC
    LIMIT ${window.take} OFFSET ${window.skip}`;
  return rows.map((r) => r.id);
}

const orderByFor = (sort: TCustomerListInput['sort'], order: SortOrder): Prisma.UserOrderByWithRelationInput[] =>
  sort === 'name' ? [{ firstName: order }, { lastName: order }, { id: 'asc' }] : [{ createdAt: order }, { id: 'asc' }];

async function customerRows(
  deps: Db,
  f: TCustomerFilters & { sort: TCustomerListInput['sort']; order: SortOrder },
  window: { skip: number; take: number },
) {
  const where = customerWhere(f);
  let users: Prisma.UserGetPayload<{ select: typeof rowSelect }>[];
  if (f.sort === 'orders') {
    const ids = await idsByOrders(deps, where, f.order, window);
    const found = await deps.db.user.findMany({ where: { id: { in: ids } }, select: rowSelect });
    users = ids.map((id) => found.find((u) => u.id === id)!).filter(Boolean);
  } else {
    users = await deps.db.user.findMany({ where, select: rowSelect, orderBy: orderByFor(f.sort, f.order), ...window });
  }
  const stats = await orderStats(
    deps,
    users.map((u) => u.id),
  );
  return { where, rows: users.map((u) => ({ ...u, ...stats.get(u.id)! })) };
}

/**
 * `admin.customers.list` — `GET /api/customers/`: filters status, text (name / mobile / e-mail),
 * registration range `[registeredFrom, registeredTo)` (UTC); sort by registration, name or
 * number of paid orders; each row carries paid orders and spend per currency.
 */
export async function listCustomers(deps: Db, input: TCustomerListInput) {
  const { where, rows } = await customerRows(deps, input, pageWindow(input));
  const total = await deps.db.user.count({ where });
  return pageOf(rows, total, input);
}

/** CSV of the filtered customers in list order (at most CSV_MAX_ROWS rows). */
export async function customersCsv(deps: Db, input: Omit<TCustomerListInput, 'page' | 'pageSize'>) {
  const { rows } = await customerRows(deps, input, { skip: 0, take: CSV_MAX_ROWS });
  const csv = toCsv(rows, [
    { header: 'id', value: (r) => r.id },
    { header: 'first_name', value: (r) => r.firstName },
    { header: 'last_name', value: (r) => r.lastName },
    { header: 'mobile', value: (r) => r.mobile },
    { header: 'email', value: (r) => r.email },
    { header: 'status', value: (r) => r.status },
    { header: 'registered_at', value: (r) => r.createdAt },
    { header: 'paid_orders', value: (r) => r.ordersCount },
    { header: 'spend', value: (r) => r.spend.map((s) => `${s.amountMinor} ${s.currency}`).join('; ') },
  ]);
  return { csv, rows: rows.length };
}

/**
 * `admin.customers.get` — `GET /api/customers/:id/`: profile, the latest 50 orders, tickets and
 * refund requests, and every NFC card with its balance (ledger).
 * @throws NOT_FOUND when `id` is not a customer
 */
export async function getCustomer(deps: Db, id: string): Promise<TCustomerDetail> {
  const now = deps.clock.now();
  const u = await deps.db.user.findFirst({
    where: { id, role: 'CUSTOMER' },
    select: {
      ...rowSelect,
      emergencyContact: true,
      bloodType: true,
      _count: { select: { sessions: { where: { expiresAt: { gt: now } } } } },
      orders: {
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: 50,
        select: {
          id: true,
          code: true,
          status: true,
          currency: true,
          totalMinor: true,
          refundedMinor: true,
          createdAt: true,
          paidAt: true,
          lines: { select: { description: true, quantity: true } },
        },
      },
      tickets: {
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: 50,
        select: {
          id: true,
          reference: true,
          status: true,
          checkedInAt: true,
          event: { select: { id: true, title: true, startsAt: true } },
          ticketCategory: { select: { name: true } },
        },
      },
      nfcCards: {
        orderBy: [{ assignedAt: 'desc' }, { id: 'asc' }],
        select: { id: true, uid: true, status: true, currency: true, assignedAt: true },
      },
      refundRequests: {
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: 50,
        select: { id: true, status: true, reason: true, amountMinor: true, currency: true, createdAt: true },
      },
    },
  });
  if (!u) throw new AppError('NOT_FOUND', 'No such customer.');
  const [stats, balances] = await Promise.all([
    orderStats(deps, [u.id]),
    deps.db.ledgerAccount.findMany({
      where: { nfcCardId: { in: u.nfcCards.map((c) => c.id) }, code: { endsWith: ':balance' } },
      select: { nfcCardId: true, balanceMinor: true },
    }),
  ]);
  const { _count, orders, tickets, nfcCards, refundRequests, ...profile } = u;
  return {
    ...profile,
    ...stats.get(u.id)!,
    activeSessions: _count.sessions,
    orders: orders.map(({ lines, ...o }) => ({
      ...o,
      summary: lines.map((l) => `${l.quantity} × ${l.description}`).join(', '),
    })),
    tickets: tickets.map(({ ticketCategory, ...t }) => ({ ...t, category: ticketCategory.name })),
    cards: nfcCards.map((c) => ({
      ...c,
      // the card balance is a liability: credit-negative in the ledger, shown positive
      balanceMinor: 0 - Number(balances.find((b) => b.nfcCardId === c.id)?.balanceMinor ?? 0),
    })),
    refundRequests,
  };
}

/**
 * `admin.customers.update` — `PUT /api/customers/:id/`: names, emergency contact and status.
 * A status change goes through `setUserStatus` (DISABLED revokes every session; you cannot
 * change your own; audited). Erased customers (GDPR) keep their erased profile.
 * @throws NOT_FOUND (not a customer), INVALID_STATE (erased profile edit, unverified account)
 */
export async function updateCustomer(deps: Deps, admin: Actor, input: TUpdateCustomerInput, meta: Meta) {
  const before = await deps.db.user.findFirst({
    where: { id: input.id, role: 'CUSTOMER' },
    select: { firstName: true, lastName: true, emergencyContact: true, status: true, deletedAt: true },
  });
  if (!before) throw new AppError('NOT_FOUND', 'No such customer.');
  if (input.status && input.status !== before.status && before.status === 'PENDING_VERIFICATION') {
    throw new AppError('INVALID_STATE', 'This account is not verified yet.', { status: ['Not verified yet'] });
  }
  const profile = {
    ...(input.firstName !== undefined ? { firstName: input.firstName } : {}),
    ...(input.lastName !== undefined ? { lastName: input.lastName } : {}),
    ...(input.emergencyContact !== undefined ? { emergencyContact: input.emergencyContact || null } : {}),
  };
  if (Object.keys(profile).length > 0) {
    if (before.deletedAt) throw new AppError('INVALID_STATE', 'This customer’s personal data was erased.');
    await deps.db.user.update({ where: { id: input.id }, data: profile });
    await recordAudit(deps.db, {
      action: 'customer.updated',
      actor: admin.user,
      target: { type: 'user', id: input.id },
      before: Object.fromEntries(Object.keys(profile).map((k) => [k, before[k as keyof typeof profile]])),
      after: profile,
      meta,
    });
  }
  if (input.status && input.status !== before.status) {
    await setUserStatus(deps, admin, input.id, input.status, meta);
  }
  return getCustomer(deps, input.id);
}
