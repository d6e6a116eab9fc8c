/**
 * Capacity guard for ticket categories (DESIGN.md "Data rules"): the quota is taken inside the
 * booking transaction by ONE conditional UPDATE, so concurrent bookings serialise on the row
 * and the statement itself decides; there is no read-then-write window. The CHECK constraint
 * `TicketCategory_reserved_within_quota` backs it up at the database level.
 */
import type { Prisma } from '../../db/generated/client.ts';

export type Tx = Prisma.TransactionClient;

/** Takes `quantity` from the quota; false (nothing changed) when fewer are left. */
export type CapacityGuard = (tx: Tx, ticketCategoryId: string, quantity: number) => Promise<boolean>;

export const reserveWithConditionalUpdate: CapacityGuard = async (tx, ticketCategoryId, quantity) => {
  const changed = await tx.$executeRaw`
    UPDATE "TicketCategory" SET "reserved" = "reserved" + ${quantity}
    WHERE "id" = ${ticketCategoryId}::uuid AND "reserved" + ${quantity} <= "quota"`;
  return changed === 1;
};

/** Gives `quantity` back (expired or cancelled hold). Never below zero. */
export async function releaseCapacity(tx: Tx, ticketCategoryId: string, quantity: number): Promise<void> {
  await tx.$executeRaw`
    UPDATE "TicketCategory" SET "reserved" = GREATEST("reserved" - ${quantity}, 0)
    WHERE "id" = ${ticketCategoryId}::uuid`;
}
