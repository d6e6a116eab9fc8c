/**
 * An event's settlement (issue 4 "Ledger and books"; seed 003 Plan 3 Phase 5): what its
 * organizer earned, read from the ledger entries on the event's payable account
 * (`accounts.organizerPayable(organizerId, eventId, currency)`), grouped by the kind of the
 * transaction that posted them:
 *
 *   PAYMENT  credits the organizer's share (sale − platform fee); the same transaction credits
 *            the fee to `platform:revenue:fees:<cur>`, which gives the fee and the gross
 *   REFUND   debits what the refund took back from the organizer
 *   PAYOUT   debits what was paid out
 *   other    (disputes, corrections) reported as adjustments
 *
 * so `owed = gross − fees − refunds − adjustments − paidOut = −(payable balance)`, and
 * `available = owed − pending payouts`. Orders hold one event each (bookTickets), so a PAYMENT
 * transaction's fee belongs to the one event whose payable it credits.
 */
import type { TSettlement } from '@admit/shared';
import type { Db } from '../../db/connection.ts';
import { AppError } from '../../errors.ts';
import { accounts } from '../ledger/ledger.ts';
import type { Tx } from '../orders/capacity.ts';

type Reader = Db | Tx;

/** The event, its organizer, and the currency its payable is kept in (its ticket categories'). */
export async function settlementSubject(db: Reader, eventId: string) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: {
      id: true,
      title: true,
      organizerId: true,
      organizer: { select: { name: true } },
      ticketCategories: { select: { currency: true }, orderBy: { sortOrder: 'asc' }, take: 1 },
    },
  });
  if (!event) throw new AppError('NOT_FOUND', 'No such event.');
  // an existing payable account wins (it is what the ledger holds); else the categories' currency
  const account = await db.ledgerAccount.findFirst({
    where: { eventId, organizerId: event.organizerId, type: 'LIABILITY', code: { endsWith: ':payable' } },
    select: { currency: true },
    orderBy: { createdAt: 'asc' },
  });
  const currency = account?.currency ?? event.ticketCategories[0]?.currency;
  if (!currency) throw new AppError('INVALID_STATE', 'This event sells nothing yet, so it has nothing to settle.');
  return {
    event,
    currency,
    payable: accounts.organizerPayable(event.organizerId, event.id, currency),
  };
}

/**
 * The settlement of one event in minor units of its currency (see the module comment for the
 * formulas). Works inside a transaction (`tx`) so payout creation reads it under its lock.
 * Errors: NOT_FOUND (no such event), INVALID_STATE (the event has no ticket categories).
 */
export async function eventSettlement(db: Reader, eventId: string): Promise<TSettlement> {
  const { event, currency, payable } = await settlementSubject(db, eventId);
  const feeCode = accounts.feeRevenue(currency).code;
  const byKind = await db.$queryRaw<{ kind: string; total: bigint }[]>`
    SELECT t."kind", SUM(e."amountMinor")::bigint AS total
    FROM "LedgerEntry" e
    JOIN "LedgerAccount" a ON a."id" = e."accountId"
    JOIN "LedgerTransaction" t ON t."id" = e."transactionId"
    WHERE a."code" = ${payable.code}
    GROUP BY t."kind"`;
  const [fees] = await db.$queryRaw<{ total: bigint | null }[]>`
    SELECT SUM(f."amountMinor")::bigint AS total
    FROM "LedgerEntry" f
    JOIN "LedgerAccount" fa ON fa."id" = f."accountId"
    JOIN "LedgerTransaction" t ON t."id" = f."transactionId"
    WHERE fa."code" = ${feeCode} AND t."kind" = 'PAYMENT'
      AND EXISTS (
        SELECT 1 FROM "LedgerEntry" p JOIN "LedgerAccount" pa ON pa."id" = p."accountId"
        WHERE p."transactionId" = f."transactionId" AND pa."code" = ${payable.code})`;
  const pending = await db.payout.aggregate({
    where: { eventId, status: 'PENDING' },
    _sum: { netMinor: true },
  });

  const kind = (k: string) => Number(byKind.find((r) => r.kind === k)?.total ?? 0);
  // `0 - x`, not `-x`: credit-normal figures of 0 must read 0, not -0
  const salesNet = 0 - kind('PAYMENT');
  const feesMinor = 0 - Number(fees?.total ?? 0);
  const refundsMinor = kind('REFUND');
  const paidOutMinor = kind('PAYOUT');
  const adjustmentsMinor = byKind
    .filter((r) => !['PAYMENT', 'REFUND', 'PAYOUT'].includes(r.kind))
    .reduce((n, r) => n + Number(r.total), 0);
  const owedMinor = 0 - byKind.reduce((n, r) => n + Number(r.total), 0);
  const pendingPayoutMinor = pending._sum.netMinor ?? 0;
  return {
    eventId: event.id,
    eventTitle: event.title,
    organizerId: event.organizerId,
    organizerName: event.organizer.name,
    currency,
    grossMinor: salesNet + feesMinor,
    feesMinor,
    refundsMinor,
    adjustmentsMinor,
    paidOutMinor,
    pendingPayoutMinor,
    owedMinor,
    availableMinor: owedMinor - pendingPayoutMinor,
  };
}
