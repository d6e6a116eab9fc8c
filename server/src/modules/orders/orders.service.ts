/**
 * Orders for event tickets (seed 003 Plan 1 Phase 4). Booking places a hold: the order is
 * PENDING and its tickets count against the quota until `expiresAt`; paying turns it PAID and
 * issues tickets; an unpaid hold expires and its tickets return to the quota.
 */
import type { TBookTicketsInput, TOrder } from '@admit/shared';
import { randomReference } from '../../auth/tokens.ts';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { countOrders } from '../../ops/metrics.ts';
import type { Actor } from '../../trpc/context.ts';
import { checkoutKind } from '../checkout/kinds.ts';
import { requireOwned } from '../ownership.ts';
import { publishSeatMessages, takeSeatMessages } from '../seating/seat-events.ts';
import { attachSeatsToOrder } from '../seating/seat-inventory.ts';
import { type CapacityGuard, reserveWithConditionalUpdate, type Tx } from './capacity.ts';
import { assertOrderTransition } from './order-state.ts';

export const orderSelect = {
  id: true,
  code: true,
  status: true,
  totalMinor: true,
  currency: true,
  expiresAt: true,
  paidAt: true,
  createdAt: true,
  customerId: true,
  lines: {
    select: {
      id: true,
      kind: true,
      description: true,
      quantity: true,
      unitPriceMinor: true,
      totalMinor: true,
      ticketCategory: { select: { eventId: true } },
    },
  },
} satisfies Prisma.OrderSelect;
type OrderRow = Prisma.OrderGetPayload<{ select: typeof orderSelect }>;

export function toOrder(o: OrderRow): TOrder {
  return {
    id: o.id,
    code: o.code,
    status: o.status,
    totalMinor: o.totalMinor,
    currency: o.currency,
    expiresAt: o.expiresAt,
    paidAt: o.paidAt,
    createdAt: o.createdAt,
    lines: o.lines.map(({ ticketCategory: _c, ...l }) => l),
    eventId: o.lines[0]?.ticketCategory?.eventId ?? null,
  };
}

/**
 * `POST /api/v1/tickets/book/`: holds `quantity` tickets of a category for the customer.
 * Returns the PENDING order (pay before `expiresAt`).
 * Errors: NOT_FOUND (event/category), INVALID_STATE (not on sale, ended, reserved seating —
 * seats are booked with `customer.seating.book`), VALIDATION_FAILED (over the per-order
 * maximum), SOLD_OUT (details give what is left).
 */
export async function bookTickets(
  deps: Deps,
  actor: Actor,
  input: TBookTicketsInput,
  guard: CapacityGuard = reserveWithConditionalUpdate,
): Promise<TOrder> {
  const now = deps.clock.now();
  const category = await deps.db.ticketCategory.findUnique({
    where: { id: input.ticketCategoryId },
    select: {
      id: true,
      eventId: true,
      name: true,
      priceMinor: true,
      currency: true,
      maxPerOrder: true,
      event: { select: { title: true, status: true, endsAt: true, seatingMode: true } },
    },
  });
  if (!category || category.eventId !== input.eventId) {
    throw new AppError('NOT_FOUND', 'No such ticket category for this event.', { ticketCategoryId: ['Not found'] });
  }
  if (category.event.status !== 'PUBLISHED') throw new AppError('INVALID_STATE', 'This event is not on sale.');
  if (category.event.endsAt <= now) throw new AppError('INVALID_STATE', 'This event has ended.');
  if (category.event.seatingMode === 'RESERVED') {
    throw new AppError('INVALID_STATE', 'This event has reserved seating: choose your seats on the seat map.', {
      ticketCategoryId: ['Choose seats on the seat map'],
    });
  }
  if (input.quantity > category.maxPerOrder) {
    throw new AppError('VALIDATION_FAILED', `At most ${category.maxPerOrder} tickets per order.`, {
      quantity: [`At most ${category.maxPerOrder}`],
    });
  }
  return placeTicketOrder(deps, actor, {
    eventTitle: category.event.title,
    currency: category.currency,
    lines: [{ category, quantity: input.quantity }],
    guard,
    now,
  });
}

/** One EVENT_TICKET line of a ticket order: a category and how many of it. */
export interface TicketOrderLine {
  category: { id: string; name: string; priceMinor: number };
  quantity: number;
}

/**
 * The booking transaction shared by general admission (`bookTickets`) and reserved seating
 * (`seating.service` bookSeats): a PENDING order with one EVENT_TICKET line per category, the
 * optional `seats` step (the caller's held seats bound to the order; it must bind all of them or
 * the whole booking rolls back with CONFLICT), then the quota of every category taken by its
 * conditional UPDATE. Validation of the event and the quantities is the caller's.
 * Errors: SOLD_OUT (details give what is left), CONFLICT (seats no longer held by the caller).
 */
export async function placeTicketOrder(
  deps: Deps,
  actor: Actor,
  o: {
    eventTitle: string;
    currency: string;
    lines: TicketOrderLine[];
    /** reserved seating: bind these held seats (Seat ids) of `eventId` to the order */
    seats?: { eventId: string; seatIds: string[]; describe?: (categoryId: string) => string };
    guard?: CapacityGuard;
    now?: Date;
  },
): Promise<TOrder> {
  const now = o.now ?? deps.clock.now();
  const guard = o.guard ?? reserveWithConditionalUpdate;
  const totalMinor = o.lines.reduce((s, l) => s + l.category.priceMinor * l.quantity, 0);
  // a fixed lock order over the quota rows: two multi-category bookings cannot deadlock
  const byCategory = [...o.lines].sort((a, b) => (a.category.id < b.category.id ? -1 : 1));

  // The quota row is the hot spot of a rush: take it LAST, so its row lock is held for one
  // statement and the commit, not for the order inserts (bench/checkout).
  const soldOut = Symbol('sold out');
  const seatsLost = Symbol('seats lost');
  const attempt = () =>
    deps.db
      .$transaction(async (tx) => {
        const expiresAt = new Date(now.getTime() + deps.config.holdMinutes * 60_000);
        const created = await tx.order.create({
          data: {
            code: randomReference('ADM', 6),
            customerId: actor.user.id,
            status: 'PENDING',
            currency: o.currency,
            totalMinor,
            expiresAt,
            createdAt: now,
            lines: {
              create: o.lines.map((l) => ({
                kind: 'EVENT_TICKET' as const,
                description: `${o.eventTitle} — ${l.category.name}${o.seats?.describe ? ` (${o.seats.describe(l.category.id)})` : ''}`,
                ticketCategoryId: l.category.id,
                quantity: l.quantity,
                unitPriceMinor: l.category.priceMinor,
                totalMinor: l.category.priceMinor * l.quantity,
              })),
            },
          },
          select: orderSelect,
        });
        if (o.seats) {
          const bound = await attachSeatsToOrder(tx, {
            eventId: o.seats.eventId,
            seatIds: o.seats.seatIds,
            holderId: actor.user.id,
            orderId: created.id,
            expiresAt,
            now,
          });
          if (bound !== o.seats.seatIds.length) throw seatsLost; // rolls the order back
        }
        for (const l of byCategory) {
          if (!(await guard(tx, l.category.id, l.quantity))) throw soldOut; // rolls the order back
        }
        return { created, seatMessages: takeSeatMessages(tx, now) };
      })
      .catch((err: unknown) => {
        if (err === soldOut) return null;
        if (err === seatsLost) {
          throw new AppError('CONFLICT', 'Your hold on these seats lapsed; choose them again.', {
            seatIds: ['No longer held by you'],
          });
        }
        throw err;
      });

  let result = await attempt();
  if (!result) {
    // Lapsed holds may still count against the quota: release them, then try once more.
    let released = 0;
    for (const l of byCategory) released += await expireHolds(deps, { ticketCategoryId: l.category.id });
    if (released > 0) result = await attempt();
  }
  if (!result) {
    const first = byCategory[0]!;
    const left = await deps.db.ticketCategory.findUnique({
      where: { id: first.category.id },
      select: { quota: true, reserved: true },
    });
    const available = Math.max(0, (left?.quota ?? 0) - (left?.reserved ?? 0));
    throw new AppError(
      'SOLD_OUT',
      available === 0 ? 'Sold out.' : `Only ${available} ticket${available === 1 ? '' : 's'} left.`,
      { quantity: [`${available} available`] },
    );
  }
  publishSeatMessages(deps, result.seatMessages);
  countOrders('created');
  return toOrder(result.created);
}

/** The customer's own order. Errors: NOT_FOUND (also for another customer's order). */
export async function getOwnOrder(deps: Deps, actor: Actor, orderId: string): Promise<TOrder> {
  const order = await deps.db.order.findUnique({ where: { id: orderId }, select: orderSelect });
  return toOrder(requireOwned('order', order, (o) => o.customerId, actor));
}

/**
 * Moves one PENDING order to EXPIRED or CANCELLED and gives every line back to its inventory
 * through its checkout kind's `release` (tickets to the quota, raffle entries to the raffle and
 * the customer's allowance). Returns false when the order was no longer PENDING (nothing done).
 */
export async function releaseOrder(tx: Tx, orderId: string, to: 'EXPIRED' | 'CANCELLED', now: Date): Promise<boolean> {
  const { count } = await tx.order.updateMany({
    where: { id: orderId, status: 'PENDING' },
    data: { status: to, ...(to === 'CANCELLED' ? { cancelledAt: now } : {}) },
  });
  if (count === 0) return false;
  const lines = await tx.orderLine.findMany({
    where: { orderId },
    select: {
      id: true,
      kind: true,
      description: true,
      quantity: true,
      totalMinor: true,
      ticketCategoryId: true,
      raffleId: true,
    },
    orderBy: { id: 'asc' },
  });
  for (const l of lines) await checkoutKind(l.kind).release(tx, l, l.quantity);
  await tx.payment.updateMany({
    where: { orderId, status: 'REQUIRES_CONFIRMATION' },
    data: { status: 'CANCELED' },
  });
  return true;
}

/**
 * Expires PENDING orders whose hold lapsed (optionally only those holding `ticketCategoryId` or
 * entries of `raffleId`).
 * Each order is released in its own transaction by a conditional UPDATE, so concurrent sweeps
 * and a concurrent payment cannot release the same hold twice. Returns how many were expired.
 */
export async function expireHolds(
  deps: Pick<Deps, 'db' | 'clock'>,
  opts: { ticketCategoryId?: string; raffleId?: string; limit?: number } = {},
) {
  const now = deps.clock.now();
  const due = await deps.db.order.findMany({
    where: {
      status: 'PENDING',
      expiresAt: { lte: now },
      ...(opts.ticketCategoryId ? { lines: { some: { ticketCategoryId: opts.ticketCategoryId } } } : {}),
      ...(opts.raffleId ? { lines: { some: { raffleId: opts.raffleId } } } : {}),
    },
    select: { id: true },
    orderBy: { expiresAt: 'asc' },
    take: opts.limit ?? 500,
  });
  let expired = 0;
  for (const { id } of due) {
    const done = await deps.db.$transaction(async (tx) => {
      const released = await releaseOrder(tx, id, 'EXPIRED', now);
      return { released, seatMessages: takeSeatMessages(tx, now) };
    });
    // reserved seating: the order's seats are back on sale, now that it committed
    publishSeatMessages(deps, done.seatMessages);
    if (done.released) expired++;
  }
  countOrders('expired', expired);
  return expired;
}

/**
 * Customer cancels their unpaid order; its tickets return to the quota.
 * Errors: NOT_FOUND; INVALID_STATE when it is no longer pending.
 */
export async function cancelOrder(deps: Deps, actor: Actor, orderId: string): Promise<TOrder> {
  const order = await getOwnOrder(deps, actor, orderId);
  assertOrderTransition(order.status, 'CANCELLED');
  const now = deps.clock.now();
  const { done, seatMessages } = await deps.db.$transaction(async (tx) => ({
    done: await releaseOrder(tx, order.id, 'CANCELLED', now),
    seatMessages: takeSeatMessages(tx, now),
  }));
  publishSeatMessages(deps, seatMessages);
  if (!done)
    throw new AppError('INVALID_STATE', `This order is ${order.status.toLowerCase()} and cannot be cancelled.`);
  countOrders('cancelled');
  return getOwnOrder(deps, actor, orderId);
}
