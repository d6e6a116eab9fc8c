/**
 * What every NFC card service shares (issue 7; ADR 0018): the card's status machine, its balance
 * (the ledger account `card:<id>:balance`, credit-normal: the holder's balance is −balanceMinor),
 * the card's ledger history with a running balance, and the PENDING order a fee or a reload is
 * paid through (the same order shape as tickets and raffle entries: ADR 0010).
 *
 * Money is integer minor units of the card's currency; instants are UTC from `deps.clock`.
 */
import type { TNfcCardTransaction } from '@admit/shared';
import { randomReference } from '../../auth/tokens.ts';
import type { Db } from '../../db/connection.ts';
import type { NfcCardStatus, OrderLineKind } from '../../db/generated/enums.ts';
import type { AppDeps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { accounts } from '../ledger/ledger.ts';
import type { Tx } from '../orders/capacity.ts';
import { orderSelect } from '../orders/orders.service.ts';

/**
 * Allowed status changes (DESIGN.md "every state machine … in one place"). REPLACED is reached
 * only by moving the balance to another card and is final; LOST → ACTIVE is a found card.
 */
export const CARD_TRANSITIONS: Readonly<Record<NfcCardStatus, readonly NfcCardStatus[]>> = {
  ACTIVE: ['BLOCKED', 'LOST'],
  BLOCKED: ['ACTIVE', 'LOST', 'REPLACED'],
  LOST: ['ACTIVE', 'BLOCKED', 'REPLACED'],
  REPLACED: [],
};

/** Errors: INVALID_STATE when `from → to` is not allowed. */
export function assertCardTransition(from: NfcCardStatus, to: NfcCardStatus): void {
  if (from === to || !CARD_TRANSITIONS[from].includes(to)) {
    throw new AppError('INVALID_STATE', `A card that is ${from.toLowerCase()} cannot become ${to.toLowerCase()}.`, {
      status: [`${from} → ${to} is not allowed`],
    });
  }
}

/** The card's balance account code. */
export const cardAccountCode = (cardId: string) => `card:${cardId}:balance`;

/** Holder's balances (minor units, ≥ 0) of the given cards; a card without an account has 0. */
export async function cardBalances(db: Db | Tx, cardIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(cardIds.map((id) => [id, 0]));
  if (cardIds.length === 0) return out;
  const rows = await db.ledgerAccount.findMany({
    where: { code: { in: cardIds.map(cardAccountCode) } },
    select: { nfcCardId: true, balanceMinor: true },
  });
  for (const r of rows) if (r.nfcCardId) out.set(r.nfcCardId, 0 - Number(r.balanceMinor));
  return out;
}

export async function cardBalance(db: Db | Tx, cardId: string): Promise<number> {
  return (await cardBalances(db, [cardId])).get(cardId) ?? 0;
}

/** "First Last" */
export const personName = (u: { firstName: string; lastName: string }) => `${u.firstName} ${u.lastName}`.trim();

/** "•••• 5E80": the end of a UID, for descriptions the holder reads. */
export const uidTail = (uid: string) => `•••• ${uid.slice(-4)}`;

/**
 * Ledger entries of the card's balance account, newest first, each with the balance right after
 * it (a window sum in entry order), from the holder's side (+ loaded, − taken). Page is 1-based.
 */
export async function cardLedgerPage(
  db: Db | Tx,
  cardId: string,
  page: { page: number; pageSize: number },
): Promise<{ items: TNfcCardTransaction[]; total: number }> {
  const account = await db.ledgerAccount.findUnique({ where: { code: cardAccountCode(cardId) }, select: { id: true } });
  if (!account) return { items: [], total: 0 };
  const offset = (page.page - 1) * page.pageSize;
  const [rows, total] = await Promise.all([
    db.$queryRaw<
      {
        id: string;
        transactionId: string;
        amountMinor: number;
        running: bigint;
        kind: string;
        description: string;
        occurredAt: Date;
        orderId: string | null;
      }[]
    >`
      SELECT x.id, x."transactionId", x."amountMinor", x.running, x.kind, x.description, x."occurredAt", x."orderId" FROM (
        SELECT e."id"::text AS id, e."transactionId"::text AS "transactionId", e."amountMinor",
               SUM(e."amountMinor") OVER (ORDER BY e."createdAt", e."id" ROWS UNBOUNDED PRECEDING)::bigint AS running,
               t."kind", t."description", t."occurredAt", t."orderId"::text AS "orderId",
               e."createdAt" AS "entryAt", e."id" AS eid
        FROM "LedgerEntry" e JOIN "LedgerTransaction" t ON t."id" = e."transactionId"
        WHERE e."accountId" = ${account.id}::uuid
      ) x
      ORDER BY x."entryAt" DESC, x.eid DESC
      LIMIT ${page.pageSize} OFFSET ${offset}`,
    db.ledgerEntry.count({ where: { accountId: account.id } }),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      transactionId: r.transactionId,
      kind: r.kind,
      description: r.description,
      amountMinor: 0 - Number(r.amountMinor),
      balanceAfterMinor: 0 - Number(r.running),
      occurredAt: r.occurredAt,
      orderId: r.orderId,
    })),
    total,
  };
}

/**
 * A PENDING order with one NFC line (NFC_CARD_FEE for a request, NFC_RELOAD for a card), built
 * like every booking (orders.service `bookTickets`, raffles `buyEntries`): reference `ADM-xxxxxx`,
 * the hold of `config.holdMinutes`, quantity 1. Paid with `customer.payments.process/confirm` or
 * off-session (`chargeSavedMethod`); settling it runs the kind's entry in checkout/kinds.ts.
 */
export async function createNfcOrder(
  tx: Tx,
  deps: Pick<AppDeps, 'config'>,
  input: {
    customerId: string;
    currency: string;
    kind: Extract<OrderLineKind, 'NFC_CARD_FEE' | 'NFC_RELOAD'>;
    description: string;
    amountMinor: number;
    nfcCardId?: string;
    nfcCardRequestId?: string;
    now: Date;
  },
) {
  return tx.order.create({
    data: {
      code: randomReference('ADM', 6),
      customerId: input.customerId,
      status: 'PENDING',
      currency: input.currency,
      totalMinor: input.amountMinor,
      expiresAt: new Date(input.now.getTime() + deps.config.holdMinutes * 60_000),
      createdAt: input.now,
      lines: {
        create: {
          kind: input.kind,
          description: input.description,
          nfcCardId: input.nfcCardId ?? null,
          nfcCardRequestId: input.nfcCardRequestId ?? null,
          quantity: 1,
          unitPriceMinor: input.amountMinor,
          totalMinor: input.amountMinor,
        },
      },
    },
    select: orderSelect,
  });
}

/** The ledger account spec of a card (re-exported for callers that post to it). */
export const cardAccount = accounts.cardBalance;

/**
 * True when `err` is PostgreSQL's CHECK violation (23514) of `constraint` (matched by name in
 * the driver's message, since Prisma wraps it differently per adapter).
 */
export function isCheckViolation(err: unknown, constraint: string): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const text = `${(e as { message?: unknown }).message ?? ''} ${JSON.stringify((e as { meta?: unknown }).meta ?? '')}`;
    if (text.includes(constraint)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
