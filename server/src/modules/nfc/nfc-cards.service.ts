/**
 * A customer's NFC cashless cards (seed 003 Plan 1 Phase 5; issue 7; ADR 0018):
 *
 *   request      a card request + a PENDING order with one NFC_CARD_FEE line (the fee from
 *                `NFC_CARD_FEE_MINOR`), paid through the shared checkout; at most one open
 *                request per customer (partial unique index `NfcCardRequest_one_open`)
 *   list         the customer's cards with their ledger balance, and the open request
 *   reload       a PENDING order with one NFC_RELOAD line for an ACTIVE card of the caller
 *   transactions the card's ledger entries, newest first, with the running balance
 *   autoReload   threshold + amount + one of the caller's saved payment methods
 *   block/lost   the caller's own card (ACTIVE → BLOCKED; ACTIVE/BLOCKED → LOST)
 *
 * Every procedure that names a card checks it belongs to the caller: another customer's card
 * answers NOT_FOUND, exactly like an unknown id (modules/ownership.ts).
 * Money: integer minor units; instants UTC (`deps.clock`).
 */
import type {
  TMyNfcCard,
  TNfcAutoReloadInput,
  TNfcCardRequest,
  TNfcCardTransaction,
  TOrder,
  TPage,
  TPageInput,
} from '@admit/shared';
import { NFC_RELOAD_MAX_MINOR, NFC_RELOAD_MIN_MINOR } from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { NfcCardStatus } from '../../db/generated/enums.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { countOrders } from '../../ops/metrics.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { isUniqueViolation } from '../checkin/checkin.service.ts';
import { releaseOrder, toOrder } from '../orders/orders.service.ts';
import { pageOf } from '../pagination.ts';
import { type AuditMeta, auditActor } from '../refunds/scope.ts';
import { assertCardTransition, cardBalances, cardLedgerPage, createNfcOrder, uidTail } from './nfc-core.ts';

export const myCardSelect = {
  id: true,
  uid: true,
  status: true,
  statusReason: true,
  currency: true,
  assignedAt: true,
  autoReloadEnabled: true,
  autoReloadThresholdMinor: true,
  autoReloadAmountMinor: true,
  autoReloadPaymentMethodId: true,
  replacedById: true,
} satisfies Prisma.NfcCardSelect;
type MyCardRow = Prisma.NfcCardGetPayload<{ select: typeof myCardSelect }>;

function toMyCard(c: MyCardRow, balanceMinor: number): TMyNfcCard {
  return {
    id: c.id,
    uid: c.uid,
    status: c.status,
    statusReason: c.statusReason,
    currency: c.currency,
    balanceMinor,
    assignedAt: c.assignedAt,
    autoReload: {
      enabled: c.autoReloadEnabled,
      thresholdMinor: c.autoReloadThresholdMinor,
      amountMinor: c.autoReloadAmountMinor,
      paymentMethodId: c.autoReloadPaymentMethodId,
    },
    replacedById: c.replacedById,
  };
}

const requestSelect = {
  id: true,
  status: true,
  feeMinor: true,
  currency: true,
  note: true,
  cardId: true,
  paidAt: true,
  fulfilledAt: true,
  createdAt: true,
  orderLines: {
    select: { order: { select: { id: true, status: true, expiresAt: true } } },
  },
} satisfies Prisma.NfcCardRequestSelect;
type RequestRow = Prisma.NfcCardRequestGetPayload<{ select: typeof requestSelect }>;

/** The request's fee order still payable now (PENDING, hold not lapsed), if any. */
function liveOrder(r: RequestRow, now: Date) {
  return r.orderLines.map((l) => l.order).find((o) => o.status === 'PENDING' && o.expiresAt > now) ?? null;
}

export function toCardRequest(r: RequestRow, now: Date): TNfcCardRequest {
  const { orderLines: _l, ...rest } = r;
  return { ...rest, orderId: r.status === 'PENDING_PAYMENT' ? (liveOrder(r, now)?.id ?? null) : null };
}

/** The caller's card by id. Errors: NOT_FOUND (unknown or another customer's card). */
async function ownCard(deps: Deps, actor: Actor, id: string): Promise<MyCardRow> {
  const card = await deps.db.nfcCard.findFirst({ where: { id, customerId: actor.user.id }, select: myCardSelect });
  if (!card) throw new AppError('NOT_FOUND', 'No such card.');
  return card;
}

/**
 * `POST /api/v1/users/nfc-cards/request/` (seed 003 Plan 1 Phase 5 "Request card"): opens a card
 * request with the configured fee (`config.nfcCardFeeMinor`, in `config.currency`) and a PENDING
 * order with one NFC_CARD_FEE line to pay through the checkout; paying it moves the request to PAID
 * (nfc-checkout.ts), which a merchant's "verify customer" reports as fees paid. A free card (fee 0)
 * is PAID at once, without an order. A previous request whose fee order lapsed unpaid is cancelled
 * first. Errors: CONFLICT when an open request exists (its fee order still payable: details.orderId;
 * or already paid) — also from the partial unique index when two requests race.
 */
export async function requestCard(
  deps: Deps,
  actor: Actor,
  input: { note?: string },
  meta?: AuditMeta,
): Promise<{ request: TNfcCardRequest; order: TOrder | null }> {
  const now = deps.clock.now();
  const fee = deps.config.nfcCardFeeMinor;
  const currency = deps.config.currency;
  try {
    const made = await deps.db.$transaction(async (tx) => {
      const open = await tx.nfcCardRequest.findFirst({
        where: { customerId: actor.user.id, status: { in: ['PENDING_PAYMENT', 'PAID'] } },
        select: requestSelect,
      });
      if (open?.status === 'PAID') {
        throw new AppError('CONFLICT', 'Your card fee is paid: any Admit card desk can now hand you your card.');
      }
      if (open) {
        const live = liveOrder(open, now);
        if (live) {
          throw new AppError('CONFLICT', 'You already requested a card: pay its fee to continue.', {
            orderId: [live.id],
          });
        }
        // its fee order lapsed unpaid (the sweep may not have run yet): close both
        for (const l of open.orderLines) {
          if (l.order.status === 'PENDING') await releaseOrder(tx, l.order.id, 'EXPIRED', now);
        }
        await tx.nfcCardRequest.updateMany({
          where: { id: open.id, status: 'PENDING_PAYMENT' },
          data: { status: 'CANCELLED' },
        });
      }
      const request = await tx.nfcCardRequest.create({
        data: {
          customerId: actor.user.id,
          status: fee === 0 ? 'PAID' : 'PENDING_PAYMENT',
          paidAt: fee === 0 ? now : null,
          feeMinor: fee,
          currency,
          note: input.note || null,
          createdAt: now,
        },
        select: { id: true },
      });
      const order =
        fee === 0
          ? null
          : await createNfcOrder(tx, deps, {
              customerId: actor.user.id,
              currency,
              kind: 'NFC_CARD_FEE',
              description: 'NFC cashless card fee',
              amountMinor: fee,
              nfcCardRequestId: request.id,
              now,
            });
      await recordAudit(tx, {
        action: 'nfc.card_requested',
        actor: auditActor(actor),
        target: { type: 'NfcCardRequest', id: request.id },
        after: { feeMinor: fee, currency, orderId: order?.id ?? null },
        meta,
      });
      const row = await tx.nfcCardRequest.findUniqueOrThrow({ where: { id: request.id }, select: requestSelect });
      return { request: toCardRequest(row, now), order: order ? toOrder(order) : null };
    });
    if (made.order) countOrders('created');
    return made;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', 'You already have an open card request.');
    throw err;
  }
}

/**
 * `GET /api/v1/users/nfc-cards/` (seed 003 Plan 1 Phase 5 "List cards"): the caller's cards (newest
 * assignment first, replaced ones included) with balances from the ledger, the open request, and
 * what a card and a reload may cost (fee, reload limits; minor units).
 */
export async function listMyCards(deps: Deps, actor: Actor) {
  const now = deps.clock.now();
  const [cards, open] = await Promise.all([
    deps.db.nfcCard.findMany({
      where: { customerId: actor.user.id },
      select: myCardSelect,
      orderBy: [{ assignedAt: { sort: 'desc', nulls: 'last' } }, { createdAt: 'desc' }],
    }),
    deps.db.nfcCardRequest.findFirst({
      where: { customerId: actor.user.id, status: { in: ['PENDING_PAYMENT', 'PAID'] } },
      select: requestSelect,
    }),
  ]);
  const balances = await cardBalances(
    deps.db,
    cards.map((c) => c.id),
  );
  return {
    items: cards.map((c) => toMyCard(c, balances.get(c.id) ?? 0)),
    openRequest: open ? toCardRequest(open, now) : null,
    cardFeeMinor: deps.config.nfcCardFeeMinor,
    currency: deps.config.currency,
    reloadMinMinor: NFC_RELOAD_MIN_MINOR,
    reloadMaxMinor: NFC_RELOAD_MAX_MINOR,
  };
}

/**
 * `POST /api/v1/users/nfc-cards/{id}/reload/` (seed 003 Plan 1 Phase 5 "Reload balance"): a
 * PENDING order with one NFC_RELOAD line of `amountMinor` (limits in the input schema) for the
 * caller's ACTIVE card; pay it through the checkout, and settling it credits the card's balance.
 * Errors: NOT_FOUND (unknown or another customer's card), INVALID_STATE (card not ACTIVE).
 */
export async function reloadCard(
  deps: Deps,
  actor: Actor,
  input: { id: string; amountMinor: number },
): Promise<TOrder> {
  const card = await ownCard(deps, actor, input.id);
  if (card.status !== 'ACTIVE') {
    throw new AppError('INVALID_STATE', `This card is ${card.status.toLowerCase()}: it cannot be reloaded.`);
  }
  const now = deps.clock.now();
  const order = await deps.db.$transaction((tx) =>
    createNfcOrder(tx, deps, {
      customerId: actor.user.id,
      currency: card.currency,
      kind: 'NFC_RELOAD',
      description: `Reload of NFC card ${uidTail(card.uid)}`,
      amountMinor: input.amountMinor,
      nfcCardId: card.id,
      now,
    }),
  );
  countOrders('created');
  return toOrder(order);
}

/**
 * `GET /api/v1/users/nfc-cards/{id}/transactions/` (seed 003 Plan 1 Phase 5 "History"): ledger
 * entries of the caller's card, newest first, paginated, each with the balance after it.
 * Errors: NOT_FOUND (unknown or another customer's card).
 */
export async function myCardTransactions(
  deps: Deps,
  actor: Actor,
  input: TPageInput & { id: string },
): Promise<TPage<TNfcCardTransaction> & { balanceMinor: number; currency: string }> {
  const card = await ownCard(deps, actor, input.id);
  const [page, balances] = await Promise.all([
    cardLedgerPage(deps.db, card.id, input),
    cardBalances(deps.db, [card.id]),
  ]);
  return {
    ...pageOf(page.items, page.total, input),
    balanceMinor: balances.get(card.id) ?? 0,
    currency: card.currency,
  };
}

/**
 * `POST /api/v1/users/nfc-cards/{id}/auto-reload-settings/` (seed 003 Plan 1 Phase 5
 * "Auto-reload"): when enabled, a spend that leaves the balance below `thresholdMinor` charges
 * `amountMinor` to the chosen saved payment method off-session (nfc-spend.ts). Turning it off
 * keeps the figures for next time. The database CHECK `NfcCard_auto_reload` holds the same rule.
 * Errors: NOT_FOUND (card or payment method not the caller's), INVALID_STATE (enabling on a card
 * that is not ACTIVE).
 */
export async function setAutoReload(
  deps: Deps,
  actor: Actor,
  input: TNfcAutoReloadInput,
  meta?: AuditMeta,
): Promise<TMyNfcCard> {
  const card = await ownCard(deps, actor, input.id);
  if (input.enabled && card.status !== 'ACTIVE') {
    throw new AppError('INVALID_STATE', `This card is ${card.status.toLowerCase()}: auto-reload cannot be turned on.`);
  }
  if (input.paymentMethodId) {
    const method = await deps.db.savedPaymentMethod.findFirst({
      where: { id: input.paymentMethodId, userId: actor.user.id },
      select: { id: true },
    });
    if (!method) {
      throw new AppError('NOT_FOUND', 'No such saved payment method.', {
        paymentMethodId: ['Not one of your saved cards'],
      });
    }
  }
  const data = {
    autoReloadEnabled: input.enabled,
    ...(input.thresholdMinor !== undefined ? { autoReloadThresholdMinor: input.thresholdMinor } : {}),
    ...(input.amountMinor !== undefined ? { autoReloadAmountMinor: input.amountMinor } : {}),
    ...(input.paymentMethodId !== undefined ? { autoReloadPaymentMethodId: input.paymentMethodId } : {}),
  };
  const row = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.nfcCard.updateMany({
      where: { id: card.id, customerId: actor.user.id, ...(input.enabled ? { status: 'ACTIVE' } : {}) },
      data,
    });
    if (count === 0) throw new AppError('CONFLICT', 'The card changed meanwhile; reload and try again.');
    await recordAudit(tx, {
      action: 'nfc.auto_reload_set',
      actor: auditActor(actor),
      target: { type: 'NfcCard', id: card.id },
      after: data,
      meta,
    });
    return tx.nfcCard.findUniqueOrThrow({ where: { id: card.id }, select: myCardSelect });
  });
  const balances = await cardBalances(deps.db, [card.id]);
  return toMyCard(row, balances.get(card.id) ?? 0);
}

/**
 * Moves a card to `to` by a conditional UPDATE on its current status (a concurrent change makes it
 * match nothing: CONFLICT), records why and when, and audits it. Gate devices pick the change up
 * through `usher/sync/cards` (updatedAt) and the gate refuses any card that is not ACTIVE.
 * Errors: INVALID_STATE (transition not allowed), CONFLICT (changed meanwhile).
 */
export async function changeCardStatus(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  card: { id: string; status: NfcCardStatus; customerId?: string | null },
  to: Exclude<NfcCardStatus, 'REPLACED'>,
  reason: string | null,
  meta?: AuditMeta,
): Promise<void> {
  assertCardTransition(card.status, to);
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.nfcCard.updateMany({
      where: {
        id: card.id,
        status: card.status,
        ...(card.customerId !== undefined ? { customerId: card.customerId } : {}),
      },
      data: { status: to, statusReason: reason, statusChangedAt: now },
    });
    if (count === 0) throw new AppError('CONFLICT', 'The card changed meanwhile; reload and try again.');
    await recordAudit(tx, {
      action: `nfc.card_${to.toLowerCase()}`,
      actor: auditActor(actor),
      target: { type: 'NfcCard', id: card.id },
      before: { status: card.status },
      after: { status: to, reason },
      meta,
    });
  });
}

/**
 * `POST /api/v1/users/nfc-cards/{id}/block/` and `…/report-lost/`: the caller blocks their own
 * ACTIVE card, or reports it lost (ACTIVE or BLOCKED). An admin can then move the balance to a
 * new card (`admin.nfcCards.moveBalance`). Errors: NOT_FOUND, INVALID_STATE, CONFLICT.
 */
export async function setOwnCardStatus(
  deps: Deps,
  actor: Actor,
  input: { id: string; reason?: string },
  to: 'BLOCKED' | 'LOST',
  meta?: AuditMeta,
): Promise<TMyNfcCard> {
  const card = await ownCard(deps, actor, input.id);
  await changeCardStatus(
    deps,
    actor,
    { id: card.id, status: card.status, customerId: actor.user.id },
    to,
    input.reason || (to === 'LOST' ? 'Reported lost by the holder' : 'Blocked by the holder'),
    meta,
  );
  const [row, balances] = await Promise.all([
    deps.db.nfcCard.findUniqueOrThrow({ where: { id: card.id }, select: myCardSelect }),
    cardBalances(deps.db, [card.id]),
  ]);
  return toMyCard(row, balances.get(card.id) ?? 0);
}
