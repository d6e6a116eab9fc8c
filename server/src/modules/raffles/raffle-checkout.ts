/**
 * Raffle entries on the shared checkout (issue 8; seeds 000/001 LuxeWin; ADR 0016).
 *
 *   booking   `reserveEntries`: in the booking transaction, ONE conditional UPDATE on the raffle
 *             (`entriesTaken + n ≤ totalEntries`, OPEN, inside opensAt..closesAt) and ONE
 *             conditional UPSERT on the participant (`entries + n ≤ maxEntriesPerUser`); both or
 *             nothing (the caller's transaction rolls back).
 *   fulfil    once the order is PAID: the raffle row locked FOR UPDATE, entries numbered
 *             MAX(number)+1 … MAX(number)+n (dense per raffle), RaffleEntry rows source PAID.
 *             Paid after the commitment (or of a cancelled raffle): the entries are issued
 *             REFUNDED and a `raffles.refund-order` job gives the money back.
 *   release   entriesTaken and the participant's count go back (hold lapsed, refund).
 *   ledger    the net is owed to `raffle:<id>:proceeds:<cur>` (LIABILITY); fee 0 bps: Admit runs
 *             raffles itself, there is no organizer to take a fee from.
 *
 * Every function runs inside the caller's transaction.
 */
import { enqueue } from '../../jobs/queue.ts';
import type { CheckoutKind, CheckoutLine } from '../checkout/kinds.ts';
import { accounts } from '../ledger/ledger.ts';
import type { Tx } from '../orders/capacity.ts';

/** `{ raffleId, orderId, key, reason }`: refund one paid raffle order in full (raffle-cancel.service.ts). */
export const RAFFLE_REFUND_ORDER_JOB = 'raffles.refund-order';

/** Dedupe key of the cancellation refund of one order (job key = Refund key). */
export const raffleCancelKey = (raffleId: string, orderId: string) => `raffle-cancel:${raffleId}:${orderId}`;
/** Key of the refund of entries paid after the raffle's commitment (they cannot be drawn). */
export const raffleLateKey = (raffleId: string, orderId: string) => `raffle-late:${raffleId}:${orderId}`;

/** Statuses in which a newly paid entry still makes it into the draw. */
const DRAWABLE = new Set(['OPEN', 'CLOSED']);
const CANCELLED = new Set(['CANCELLED', 'REFUNDING', 'REFUNDED']);

async function raffleIdOf(tx: Tx, line: CheckoutLine): Promise<string> {
  if (line.raffleId) return line.raffleId;
  const row = await tx.orderLine.findUniqueOrThrow({ where: { id: line.id }, select: { raffleId: true } });
  if (!row.raffleId) throw new Error(`RAFFLE_ENTRY line ${line.id} has no raffle`);
  return row.raffleId;
}

/** Locks the raffle row (FOR UPDATE) and returns its status; serialises numbering and cancellation. */
export async function lockRaffle(tx: Tx, raffleId: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ status: string }[]>`
    SELECT "status"::text AS status FROM "Raffle" WHERE "id" = ${raffleId}::uuid FOR UPDATE`;
  return rows[0]?.status ?? null;
}

/**
 * Takes `quantity` entries for `userId` in the booking transaction. Returns 'ok', 'sold_out'
 * (raffle not open, outside its window or fewer than `quantity` left) or 'cap' (the user would
 * hold more than maxEntriesPerUser, counting held, bought and free entries). The caller rolls
 * its transaction back on anything but 'ok' (the raffle UPDATE is then undone too).
 */
export async function reserveEntries(
  tx: Tx,
  raffleId: string,
  userId: string,
  quantity: number,
  now: Date,
): Promise<'ok' | 'sold_out' | 'cap'> {
  const taken = await tx.$executeRaw`
    UPDATE "Raffle" SET "entriesTaken" = "entriesTaken" + ${quantity}, "updatedAt" = ${now}
    WHERE "id" = ${raffleId}::uuid AND "status" = 'OPEN' AND "opensAt" <= ${now} AND "closesAt" > ${now}
      AND "entriesTaken" + ${quantity} <= "totalEntries"`;
  if (taken !== 1) return 'sold_out';
  // the per-user cap: insert, or add when the sum stays within the cap (the row lock of a
  // concurrent transaction makes this one wait, then re-evaluate the WHERE on the new row)
  const capped = await tx.$executeRaw`
    INSERT INTO "RaffleParticipant" ("raffleId", "userId", "entries", "freeEntries", "updatedAt")
    SELECT r."id", ${userId}::uuid, ${quantity}, 0, ${now} FROM "Raffle" r
    WHERE r."id" = ${raffleId}::uuid AND ${quantity} <= r."maxEntriesPerUser"
    ON CONFLICT ("raffleId", "userId") DO UPDATE
      SET "entries" = "RaffleParticipant"."entries" + EXCLUDED."entries", "updatedAt" = EXCLUDED."updatedAt"
      WHERE "RaffleParticipant"."entries" + EXCLUDED."entries" <=
        (SELECT "maxEntriesPerUser" FROM "Raffle" WHERE "id" = ${raffleId}::uuid)`;
  return capped === 1 ? 'ok' : 'cap';
}

/** Gives `units` back to the raffle and the user's count (never below zero). */
export async function releaseEntries(tx: Tx, raffleId: string, userId: string, units: number): Promise<void> {
  if (units <= 0) return;
  await tx.$executeRaw`
    UPDATE "Raffle" SET "entriesTaken" = GREATEST("entriesTaken" - ${units}, 0) WHERE "id" = ${raffleId}::uuid`;
  await tx.$executeRaw`
    UPDATE "RaffleParticipant" SET "entries" = GREATEST("entries" - ${units}, 0)
    WHERE "raffleId" = ${raffleId}::uuid AND "userId" = ${userId}::uuid`;
}

/**
 * Creates `count` entries numbered after the raffle's highest number. The caller holds the
 * raffle row lock (`lockRaffle`), so two fulfilments cannot take the same numbers.
 */
export async function issueEntries(
  tx: Tx,
  data: {
    raffleId: string;
    userId: string;
    count: number;
    source: 'PAID' | 'FREE';
    status: 'VALID' | 'REFUNDED';
    orderId?: string;
    orderLineId?: string;
    /** UTC; default the database's now() */
    now?: Date;
  },
): Promise<number> {
  const rows = await tx.$queryRaw<{ max: number | null }[]>`
    SELECT MAX("number")::int AS max FROM "RaffleEntry" WHERE "raffleId" = ${data.raffleId}::uuid`;
  const first = (rows[0]?.max ?? 0) + 1;
  await tx.raffleEntry.createMany({
    data: Array.from({ length: data.count }, (_, i) => ({
      raffleId: data.raffleId,
      number: first + i,
      userId: data.userId,
      source: data.source,
      status: data.status,
      orderId: data.orderId ?? null,
      orderLineId: data.orderLineId ?? null,
      ...(data.now ? { createdAt: data.now } : {}),
    })),
  });
  return first;
}

/** The RAFFLE_ENTRY entry of the checkout registry (checkout/kinds.ts). */
export const raffleEntryKind: CheckoutKind = {
  async fulfil(tx, order, line) {
    const raffleId = await raffleIdOf(tx, line);
    const status = await lockRaffle(tx, raffleId);
    const drawable = status !== null && DRAWABLE.has(status);
    await issueEntries(tx, {
      raffleId,
      userId: order.customerId,
      count: line.quantity,
      source: 'PAID',
      status: drawable ? 'VALID' : 'REFUNDED',
      orderId: order.id,
      orderLineId: line.id,
    });
    if (!drawable) {
      // paid after the commitment or for a cancelled raffle: the money goes back
      const cancelled = status !== null && CANCELLED.has(status);
      const key = cancelled ? raffleCancelKey(raffleId, order.id) : raffleLateKey(raffleId, order.id);
      await enqueue(
        tx,
        RAFFLE_REFUND_ORDER_JOB,
        { raffleId, orderId: order.id, key, reason: cancelled ? 'RAFFLE_CANCELLED' : 'ADMIN' },
        { key },
      );
    }
    return line.quantity;
  },
  async payableAccount(tx, line, currency) {
    return accounts.raffleProceeds(await raffleIdOf(tx, line), currency);
  },
  async feeBps() {
    return 0;
  },
  async release(tx, line, units) {
    if (units <= 0) return;
    const raffleId = await raffleIdOf(tx, line);
    const row = await tx.orderLine.findUniqueOrThrow({
      where: { id: line.id },
      select: { order: { select: { customerId: true } } },
    });
    await releaseEntries(tx, raffleId, row.order.customerId, units);
  },
};
