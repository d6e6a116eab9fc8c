/**
 * The seat side of the shared checkout (ADR 0019; ADR 0010). Every move of an `EventSeat` row
 * is ONE conditional UPDATE … RETURNING inside the caller's transaction, so the row lock and the
 * WHERE clause decide — never a read-then-write. The `EventSeat_state` CHECK and the partial
 * unique index `Ticket_one_valid_per_seat` back these rules up in the database.
 *
 *   hold      AVAILABLE (or a lapsed hold not bound to an order) → HELD by the caller (seating.service)
 *   book      the caller's live HELD seats → bound to the PENDING order until it expires
 *   sell      the order's HELD seats → SOLD (eventTicket.fulfil; the tickets carry the seat ids)
 *   free      an expired/cancelled order's seats, or seats whose ticket was refunded → AVAILABLE
 *
 * A booked seat (HELD with `orderId`) is never taken by another hold, even after `heldUntil`:
 * it follows its order, which is released by the hold sweep (orders.service `releaseOrder`) under
 * the order's row lock — so a payment racing the expiry either sells the seat or finds the order
 * expired, never both.
 */
import type { Tx } from '../orders/capacity.ts';
import { noteSeatChanges } from './seat-events.ts';

type SeatRow = { seatId: string; eventId: string };

/**
 * Binds the caller's live holds on `seatIds` to `orderId`, held until the order's `expiresAt`.
 * Returns how many seats were bound (the caller rolls back unless it is all of them).
 */
export async function attachSeatsToOrder(
  tx: Tx,
  a: { eventId: string; seatIds: string[]; holderId: string; orderId: string; expiresAt: Date; now: Date },
): Promise<number> {
  const rows = await tx.$queryRaw<SeatRow[]>`
    UPDATE "EventSeat" SET "orderId" = ${a.orderId}::uuid, "heldUntil" = ${a.expiresAt}, "updatedAt" = ${a.now}
    WHERE "eventId" = ${a.eventId}::uuid AND "seatId" = ANY(${a.seatIds}::uuid[]) AND "status" = 'HELD'
      AND "holderId" = ${a.holderId}::uuid AND "orderId" IS NULL AND "heldUntil" > ${a.now}
    RETURNING "seatId", "eventId"`;
  noteSeatChanges(
    tx,
    a.eventId,
    rows.map((r) => ({ id: r.seatId, status: 'HELD' as const, heldUntil: a.expiresAt })),
  );
  return rows.length;
}

/**
 * Sells the seats the order holds in one category (checkout eventTicket.fulfil). Returns their
 * seat ids, sorted; throws when the order does not hold exactly `quantity` seats there (the
 * payment's transaction rolls back rather than issuing a ticket without its seat).
 */
export async function sellOrderSeats(
  tx: Tx,
  a: { eventId: string; orderId: string; ticketCategoryId: string; quantity: number },
): Promise<string[]> {
  const rows = await tx.$queryRaw<SeatRow[]>`
    UPDATE "EventSeat" SET "status" = 'SOLD', "heldUntil" = NULL, "updatedAt" = now()
    WHERE "orderId" = ${a.orderId}::uuid AND "ticketCategoryId" = ${a.ticketCategoryId}::uuid AND "status" = 'HELD'
    RETURNING "seatId", "eventId"`;
  if (rows.length !== a.quantity) {
    throw new Error(
      `order ${a.orderId} holds ${rows.length} seats of category ${a.ticketCategoryId}, expected ${a.quantity}`,
    );
  }
  noteSeatChanges(
    tx,
    a.eventId,
    rows.map((r) => ({ id: r.seatId, status: 'SOLD' as const })),
  );
  return rows.map((r) => r.seatId).sort();
}

/**
 * Frees the seats of one order line (checkout eventTicket.release: expired or cancelled order):
 * its held seats, and sold seats that no longer carry a VALID ticket. One indexed UPDATE; a
 * general-admission line matches no row.
 */
export async function freeLineSeats(tx: Tx, orderLineId: string): Promise<number> {
  const rows = await tx.$queryRaw<SeatRow[]>`
    UPDATE "EventSeat" es
    SET "status" = 'AVAILABLE', "orderId" = NULL, "holderId" = NULL, "heldUntil" = NULL, "updatedAt" = now()
    FROM "OrderLine" ol
    WHERE ol."id" = ${orderLineId}::uuid AND es."orderId" = ol."orderId" AND es."ticketCategoryId" = ol."ticketCategoryId"
      AND (es."status" = 'HELD' OR (es."status" = 'SOLD' AND NOT EXISTS (
        SELECT 1 FROM "Ticket" t WHERE t."eventId" = es."eventId" AND t."seatId" = es."seatId" AND t."status" = 'VALID')))
    RETURNING es."seatId", es."eventId"`;
  noteFreed(tx, rows);
  return rows.length;
}

/**
 * Frees the seats of tickets that were just refunded or voided (refunds.service): a SOLD seat
 * whose ticket is no longer VALID goes back on sale. General-admission tickets match no row.
 */
export async function freeTicketSeats(tx: Tx, ticketIds: string[]): Promise<number> {
  if (ticketIds.length === 0) return 0;
  const rows = await tx.$queryRaw<SeatRow[]>`
    UPDATE "EventSeat" es
    SET "status" = 'AVAILABLE', "orderId" = NULL, "holderId" = NULL, "heldUntil" = NULL, "updatedAt" = now()
    FROM "Ticket" t
    WHERE t."id" = ANY(${ticketIds}::uuid[]) AND t."seatId" IS NOT NULL AND t."status" <> 'VALID'
      AND es."eventId" = t."eventId" AND es."seatId" = t."seatId" AND es."status" = 'SOLD'
      AND NOT EXISTS (SELECT 1 FROM "Ticket" v
        WHERE v."eventId" = es."eventId" AND v."seatId" = es."seatId" AND v."status" = 'VALID')
    RETURNING es."seatId", es."eventId"`;
  noteFreed(tx, rows);
  return rows.length;
}

function noteFreed(tx: Tx, rows: SeatRow[]) {
  const byEvent = new Map<string, string[]>();
  for (const r of rows) byEvent.set(r.eventId, [...(byEvent.get(r.eventId) ?? []), r.seatId]);
  for (const [eventId, ids] of byEvent) {
    noteSeatChanges(
      tx,
      eventId,
      ids.map((id) => ({ id, status: 'AVAILABLE' as const })),
    );
  }
}
