/**
 * NFC cashless cards on the shared checkout (ADR 0010; seed 003 Plan 1 Phase 5):
 *
 *   NFC_CARD_FEE  the one-off fee of a requested card; paying it moves the request to PAID, which a
 *                 merchant's "verify customer" reports as "fees paid" (seed 003 Plan 4 Phase 3).
 *                 The whole line is platform revenue (fee 100 %).
 *   NFC_RELOAD    stored value: the line's total is credited to the card's balance account
 *                 `card:<id>:balance` (LIABILITY: the platform owes it to the holder); no fee.
 *
 * A card balance can never go below zero: a CHECK constraint on LedgerAccount refuses it, so a
 * refund of a reload that was already spent fails instead of overdrawing the card.
 *
 * A reload paid after its card was replaced (balance moved to a new card, ADR 0018) credits the
 * replacement: the card row is read FOR SHARE, so a settle racing a balance move waits for the
 * move to commit and then follows `replacedById`, and no money is stranded on a dead card.
 */
import type { CheckoutKind, CheckoutLine } from '../checkout/kinds.ts';
import { accounts } from '../ledger/ledger.ts';
import type { Tx } from '../orders/capacity.ts';

async function lineRefs(tx: Tx, line: CheckoutLine) {
  const row = await tx.orderLine.findUniqueOrThrow({
    where: { id: line.id },
    select: { nfcCardId: true, nfcCardRequestId: true },
  });
  return row;
}

/**
 * The card an NFC_RELOAD line credits: the line's card, or the card its balance was moved to when
 * it has been REPLACED (followed to the end of the chain). Locks each card row FOR SHARE.
 */
export async function reloadCardId(tx: Tx, line: CheckoutLine): Promise<string> {
  const { nfcCardId } = await lineRefs(tx, line);
  if (!nfcCardId) throw new Error(`NFC_RELOAD line ${line.id} has no card`);
  let id = nfcCardId;
  for (let hops = 0; hops < 20; hops++) {
    const [card] = await tx.$queryRaw<{ status: string; replacedById: string | null }[]>`
      SELECT "status"::text AS status, "replacedById"::text AS "replacedById" FROM "NfcCard"
      WHERE "id" = ${id}::uuid FOR SHARE`;
    if (card?.status !== 'REPLACED' || !card.replacedById) return id;
    id = card.replacedById;
  }
  return id;
}

/** NFC_RELOAD: nothing to issue; the payment posting credits the card's balance account. */
export const nfcReloadKind: CheckoutKind = {
  async fulfil() {
    return 0;
  },
  async payableAccount(tx, line, currency) {
    return accounts.cardBalance(await reloadCardId(tx, line), currency);
  },
  async feeBps() {
    return 0;
  },
  async release() {
    // stored value has no inventory to give back
  },
};

/** NFC_CARD_FEE: the request becomes PAID (ready for a merchant to assign a card). */
export const nfcCardFeeKind: CheckoutKind = {
  async fulfil(tx, _order, line) {
    const { nfcCardRequestId } = await lineRefs(tx, line);
    if (!nfcCardRequestId) throw new Error(`NFC_CARD_FEE line ${line.id} has no card request`);
    await tx.nfcCardRequest.updateMany({
      where: { id: nfcCardRequestId, status: 'PENDING_PAYMENT' },
      data: { status: 'PAID', paidAt: new Date() },
    });
    return 0;
  },
  async payableAccount(_tx, _line, currency) {
    // the whole line is fee (feeBps 10 000), so nothing is owed to anyone: the net posting is 0
    return accounts.feeRevenue(currency);
  },
  async feeBps() {
    return 10_000;
  },
  async release(tx, line, units) {
    if (units <= 0) return;
    // an unpaid order that lapsed or was cancelled, or a refunded fee, cancels a request no card
    // was assigned for yet (so the customer may request again: one open request per customer)
    const { nfcCardRequestId } = await lineRefs(tx, line);
    if (nfcCardRequestId)
      await tx.nfcCardRequest.updateMany({
        where: { id: nfcCardRequestId, status: { in: ['PENDING_PAYMENT', 'PAID'] } },
        data: { status: 'CANCELLED' },
      });
  },
};
