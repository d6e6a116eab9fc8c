/**
 * Spending a card's stored value at a merchant, and auto-reload (issue 7; seed 003 Plan 1 Phase 5
 * "auto-reload", Plan 4 merchants; ADR 0018).
 *
 * A spend is one ledger transaction CARD_SPEND: Dr `card:<id>:balance` (the platform owes the
 * holder less), Cr `merchant:<id>:payable:<cur>` (and the merchant more). The database refuses an
 * overdraft: the balance trigger moves `LedgerAccount.balanceMinor` as the entry is inserted and
 * the CHECK `LedgerAccount_card_not_overdrawn` rejects a card balance above zero (credit-normal),
 * so the whole transaction rolls back and nothing is written; that is mapped to INVALID_STATE
 * "insufficient balance". The card row is read FOR SHARE so a concurrent block or balance move
 * (UPDATE) waits for the spend, and the spend sees the status it commits with.
 *
 * Auto-reload: when the spend leaves the balance below the card's threshold, the same transaction
 * creates a PENDING NFC_RELOAD order and enqueues the job `nfc.auto-reload` (key
 * `nfc-auto-reload:<cardId>:<orderId>`), unless one is already in flight for the card (a PENDING
 * or RUNNING job with that key prefix). Spends of one card are serialised by the row lock on its
 * balance account (taken by the posting before this check), so two spends cannot both queue one.
 * The job charges the saved method off-session through payments `chargeSavedMethod`, which settles
 * the order like any payment (the reload is credited by the checkout kind).
 */
import type { TNfcCharge } from '@admit/shared';
import type { AppDeps, Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { enqueue } from '../../jobs/queue.ts';
import { accounts, post } from '../ledger/ledger.ts';
import { releaseOrder } from '../orders/orders.service.ts';
import { chargeSavedMethod } from '../payments/payments.service.ts';
import { cardAccountCode, cardBalance, createNfcOrder, isCheckViolation, personName, uidTail } from './nfc-core.ts';

/** Job: charge one auto-reload order off-session (payload `{ orderId, cardId }`). */
export const NFC_AUTO_RELOAD_JOB = 'nfc.auto-reload';
const autoReloadKeyPrefix = (cardId: string) => `nfc-auto-reload:${cardId}:`;

export interface SpendInput {
  /** the card, by chip UID (upper-case hex) or by id */
  cardUid?: string;
  cardId?: string;
  /** the merchant (user id) whose payable is credited */
  merchantId: string;
  /** minor units, > 0 */
  amountMinor: number;
  /** what was sold; shown in the holder's history */
  description: string;
  /** the client's key: the same key charges once (ledger key `card-spend:<merchantId>:<key>`) */
  idempotencyKey: string;
}

const insufficient = (available: number, currency: string) =>
  new AppError('INVALID_STATE', `Insufficient balance: ${(available / 100).toFixed(2)} ${currency} available.`, {
    amountMinor: ['INSUFFICIENT_BALANCE'],
    availableMinor: [String(available)],
  });

/**
 * Charges `amountMinor` to an ACTIVE, assigned card for the merchant (see the file comment).
 * Returns the posting, the balance after it, whether the key had been charged before (then nothing
 * is charged again) and whether an auto-reload was queued.
 * Errors: VALIDATION_FAILED (amount not a positive integer), NOT_FOUND (unknown card),
 * INVALID_STATE (card not ACTIVE or not assigned; insufficient balance — details.amountMinor
 * `INSUFFICIENT_BALANCE`, details.availableMinor), CONFLICT (the key was used for another charge).
 */
export async function spendFromCard(deps: Deps, input: SpendInput): Promise<TNfcCharge> {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
    throw new AppError('VALIDATION_FAILED', 'The amount must be a positive whole number of minor units.', {
      amountMinor: ['More than zero'],
    });
  }
  const card = await deps.db.nfcCard.findFirst({
    where: input.cardId ? { id: input.cardId } : { uid: (input.cardUid ?? '').toUpperCase() },
    select: { id: true, uid: true, currency: true },
  });
  if (!card) throw new AppError('NOT_FOUND', 'No such card.', { uid: ['Unknown card'] });
  const key = `card-spend:${input.merchantId}:${input.idempotencyKey}`;
  const replay = await replayed(deps, key, card, input.amountMinor);
  if (replay) return replay;

  const now = deps.clock.now();
  let result: { transactionId: string | null; balance: number; autoReloadQueued: boolean };
  try {
    result = await deps.db.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<
        {
          status: string;
          customerId: string | null;
          autoReloadEnabled: boolean;
          autoReloadThresholdMinor: number | null;
          autoReloadAmountMinor: number | null;
        }[]
      >`SELECT "status"::text AS status, "customerId"::text AS "customerId", "autoReloadEnabled",
               "autoReloadThresholdMinor", "autoReloadAmountMinor"
        FROM "NfcCard" WHERE "id" = ${card.id}::uuid FOR SHARE`;
      if (!locked) throw new AppError('NOT_FOUND', 'No such card.', { uid: ['Unknown card'] });
      if (locked.status !== 'ACTIVE') {
        throw new AppError('INVALID_STATE', `This card is ${locked.status.toLowerCase()}: it cannot be charged.`, {
          uid: [`Card ${locked.status}`],
        });
      }
      if (!locked.customerId) {
        throw new AppError('INVALID_STATE', 'This card is not assigned to a customer yet.', { uid: ['Not assigned'] });
      }
      const merchant = await tx.user.findUnique({
        where: { id: input.merchantId },
        select: { firstName: true, lastName: true, merchantProfile: { select: { businessName: true } } },
      });
      const where = merchant?.merchantProfile?.businessName ?? (merchant ? personName(merchant) : 'a merchant');
      const posted = await post(tx, {
        kind: 'CARD_SPEND',
        idempotencyKey: key,
        description: `${input.description} — ${where}`.slice(0, 300),
        occurredAt: now,
        createdById: input.merchantId,
        entries: [
          { account: accounts.cardBalance(card.id, card.currency), amountMinor: input.amountMinor },
          { account: accounts.merchantPayable(input.merchantId, card.currency), amountMinor: -input.amountMinor },
        ],
      });
      if (!posted.posted) return { transactionId: null, balance: 0, autoReloadQueued: false };
      const balance = await cardBalance(tx, card.id);
      let autoReloadQueued = false;
      if (
        locked.autoReloadEnabled &&
        locked.autoReloadThresholdMinor !== null &&
        locked.autoReloadAmountMinor &&
        balance < locked.autoReloadThresholdMinor
      ) {
        const inFlight = await tx.job.count({
          where: {
            type: NFC_AUTO_RELOAD_JOB,
            key: { startsWith: autoReloadKeyPrefix(card.id) },
            status: { in: ['PENDING', 'RUNNING'] },
          },
        });
        if (inFlight === 0) {
          const order = await createNfcOrder(tx, deps, {
            customerId: locked.customerId,
            currency: card.currency,
            kind: 'NFC_RELOAD',
            description: `Auto-reload of NFC card ${uidTail(card.uid)}`,
            amountMinor: locked.autoReloadAmountMinor,
            nfcCardId: card.id,
            now,
          });
          autoReloadQueued = await enqueue(
            tx,
            NFC_AUTO_RELOAD_JOB,
            { orderId: order.id, cardId: card.id },
            { key: `${autoReloadKeyPrefix(card.id)}${order.id}`, maxAttempts: 5 },
          );
        }
      }
      return { transactionId: posted.transactionId, balance, autoReloadQueued };
    });
  } catch (err) {
    if (isCheckViolation(err, 'LedgerAccount_card_not_overdrawn')) {
      throw insufficient(await cardBalance(deps.db, card.id), card.currency);
    }
    throw err;
  }
  if (!result.transactionId) {
    // the same key committed by a concurrent call between our look-up and our posting
    const again = await replayed(deps, key, card, input.amountMinor);
    if (again) return again;
    throw new AppError('CONFLICT', 'This charge is being processed; try again.');
  }
  return {
    transactionId: result.transactionId,
    cardUid: card.uid,
    amountMinor: input.amountMinor,
    currency: card.currency,
    balanceMinor: result.balance,
    duplicate: false,
    autoReloadQueued: result.autoReloadQueued,
  };
}

/** The earlier charge under `key`, if any. Errors: CONFLICT when the key charged another card or amount. */
async function replayed(
  deps: Deps,
  key: string,
  card: { id: string; uid: string; currency: string },
  amountMinor: number,
): Promise<TNfcCharge | null> {
  const prior = await deps.db.ledgerTransaction.findUnique({
    where: { idempotencyKey: key },
    select: { id: true, entries: { select: { amountMinor: true, account: { select: { code: true } } } } },
  });
  if (!prior) return null;
  const entry = prior.entries.find((e) => e.account.code === cardAccountCode(card.id));
  if (!entry || entry.amountMinor !== amountMinor) {
    throw new AppError('CONFLICT', 'This idempotency key was already used for another charge.', {
      idempotencyKey: ['Already used'],
    });
  }
  return {
    transactionId: prior.id,
    cardUid: card.uid,
    amountMinor,
    currency: card.currency,
    balanceMinor: await cardBalance(deps.db, card.id),
    duplicate: true,
    autoReloadQueued: false,
  };
}

/**
 * The `nfc.auto-reload` job: charges the auto-reload order to the card's chosen saved method
 * off-session (`chargeSavedMethod`, idempotent per order and method, so a retry after a crash gets
 * the same charge back). Nothing is charged — and the order is cancelled — when the card is no
 * longer ACTIVE, auto-reload was turned off, or the chosen method was removed. An order that lapsed before the job ran
 * is left to the hold sweep. A decline leaves the payment FAILED (the customer is told) and the
 * order is cancelled; the next spend below the threshold tries again.
 */
export async function autoReloadJob(app: AppDeps, payload: unknown): Promise<void> {
  const { orderId, cardId } = (payload ?? {}) as { orderId?: unknown; cardId?: unknown };
  if (typeof orderId !== 'string' || typeof cardId !== 'string') throw new Error('nfc.auto-reload: bad payload');
  const deps: Deps = { ...app, realtime: [] };
  const order = await deps.db.order.findUnique({ where: { id: orderId }, select: { status: true, customerId: true } });
  if (order?.status !== 'PENDING') return;
  const card = await deps.db.nfcCard.findUnique({
    where: { id: cardId },
    select: { status: true, customerId: true, autoReloadEnabled: true, autoReloadPaymentMethodId: true },
  });
  const method = card?.autoReloadPaymentMethodId
    ? await deps.db.savedPaymentMethod.findFirst({
        where: { id: card.autoReloadPaymentMethodId, userId: order.customerId },
        select: { id: true },
      })
    : null;
  const cancel = async (why: string) => {
    await deps.db.$transaction((tx) => releaseOrder(tx, orderId, 'CANCELLED', deps.clock.now()));
    deps.log.warn({ source: 'nfc', cardId, orderId }, `auto-reload skipped: ${why}`);
  };
  if (card?.status !== 'ACTIVE' || card.customerId !== order.customerId) return cancel('card not active');
  if (!card.autoReloadEnabled) return cancel('auto-reload turned off');
  if (!method) return cancel('the chosen payment method was removed');
  try {
    const charged = await chargeSavedMethod(deps, { userId: order.customerId, orderId, paymentMethodId: method.id });
    if (charged.status === 'FAILED' || charged.status === 'CANCELED') await cancel(`charge ${charged.status}`);
  } catch (err) {
    if (err instanceof AppError && (err.code === 'INVALID_STATE' || err.code === 'NOT_FOUND')) {
      deps.log.warn({ source: 'nfc', cardId, orderId, err: err.message }, 'auto-reload not charged');
      return;
    }
    throw err;
  }
}
