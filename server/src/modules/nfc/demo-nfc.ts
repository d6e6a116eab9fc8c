/**
 * Demo data of NFC cashless cards (issue 7; ADR 0018), posted exactly as the running system would:
 *   - the demo cards held by customers get a balance through a paid reload (a PAID order with one
 *     NFC_RELOAD line, a SUCCEEDED offline payment and the PAYMENT posting Dr clearing / Cr card);
 *   - a few spends at the demo merchant (+201000000201): CARD_SPEND Dr card / Cr merchant payable;
 *   - 20 unassigned cards in that merchant's stock (UIDs 04DEA0000000xx);
 *   - one PAID card request (fee paid through an NFC_CARD_FEE order) for customer +201000000004, so
 *     the merchant demo can assign a card to her.
 * Amounts in EGP minor units (piastres). Idempotent: nothing is written when the first stock card
 * exists already. `pnpm ledger:check` stays clean.
 */
import { randomUUID } from 'node:crypto';
import { randomReference, randomSecret } from '../../auth/tokens.ts';
import type { OrderLineKind } from '../../db/generated/enums.ts';
import { accounts, type Posting, post } from '../ledger/ledger.ts';
import type { Tx } from '../orders/capacity.ts';

const DAY = 24 * 3_600_000;
const MERCHANT_MOBILE = '+201000000201';
const REQUEST_CUSTOMER_MOBILE = '+201000000004';
const CARD_FEE_MINOR = 5_000;

/** Stock UIDs: 7-byte, upper-case hex. */
export const DEMO_STOCK_UIDS: readonly string[] = Array.from(
  { length: 20 },
  (_, i) => `04DEA0${i.toString(16).toUpperCase().padStart(8, '0')}`,
);

/** Balance loaded onto each demo card (by UID) and the spends made with it at the demo merchant. */
const DEMO_BALANCES: readonly { uid: string; reloadMinor: number; daysAgo: number; spends: [string, number][] }[] = [
  {
    uid: '04A3F21B6C5E80',
    reloadMinor: 50_000,
    daysAgo: 9,
    spends: [
      ['Fresh lemonade ×3', 4_500],
      ['Festival T-shirt', 12_000],
      ['Water', 2_500],
    ],
  },
  { uid: '047B19D2E4A6C1', reloadMinor: 30_000, daysAgo: 6, spends: [['Koshary bowl ×2', 8_000]] },
  { uid: '04C85E0F3B9D72', reloadMinor: 15_000, daysAgo: 20, spends: [] },
  { uid: '0419E6A7D2C4B8', reloadMinor: 20_000, daysAgo: 3, spends: [['Iced karkadeh', 3_000]] },
];

/** A PAID order with one NFC line, its SUCCEEDED offline payment and the PAYMENT posting. */
async function paidOrder(
  tx: Tx,
  input: {
    customerId: string;
    kind: Extract<OrderLineKind, 'NFC_RELOAD' | 'NFC_CARD_FEE'>;
    description: string;
    amountMinor: number;
    at: Date;
    nfcCardId?: string;
    nfcCardRequestId?: string;
    credit: Posting['account'];
    feeMinor: number;
  },
) {
  const orderId = randomUUID();
  const paymentId = randomUUID();
  const code = randomReference('ADM', 6);
  const paidAt = new Date(input.at.getTime() + 60_000);
  await tx.order.create({
    data: {
      id: orderId,
      code,
      customerId: input.customerId,
      status: 'PAID',
      currency: 'EGP',
      totalMinor: input.amountMinor,
      feeMinor: input.feeMinor,
      expiresAt: new Date(input.at.getTime() + 15 * 60_000),
      paidAt,
      createdAt: input.at,
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
  });
  await tx.payment.create({
    data: {
      id: paymentId,
      orderId,
      provider: 'OFFLINE',
      providerRef: `offpi_${randomSecret()}`,
      status: 'SUCCEEDED',
      amountMinor: input.amountMinor,
      currency: 'EGP',
      succeededAt: paidAt,
      createdAt: paidAt,
    },
  });
  await post(tx, {
    kind: 'PAYMENT',
    idempotencyKey: `payment:${paymentId}`,
    description: `Payment for order ${code}`,
    occurredAt: paidAt,
    orderId,
    paymentId,
    entries: [
      { account: accounts.clearing('EGP'), amountMinor: input.amountMinor },
      { account: input.credit, amountMinor: -input.amountMinor },
    ],
  });
}

/** Seeds the NFC demo data inside the demo world's transaction (see the file comment). */
export async function seedDemoNfc(tx: Tx, { now }: { now: Date }): Promise<void> {
  if (await tx.nfcCard.findUnique({ where: { uid: DEMO_STOCK_UIDS[0]! }, select: { id: true } })) return;
  const merchant = await tx.user.findFirst({
    where: { mobile: MERCHANT_MOBILE, role: 'MERCHANT' },
    select: { id: true, firstName: true, lastName: true, merchantProfile: { select: { businessName: true } } },
  });
  if (!merchant) return;
  const where = merchant.merchantProfile?.businessName ?? `${merchant.firstName} ${merchant.lastName}`;

  let spendNo = 0;
  for (const spec of DEMO_BALANCES) {
    const card = await tx.nfcCard.findUnique({
      where: { uid: spec.uid },
      select: { id: true, customerId: true, currency: true },
    });
    if (!card?.customerId) continue;
    const at = new Date(now.getTime() - spec.daysAgo * DAY);
    await paidOrder(tx, {
      customerId: card.customerId,
      kind: 'NFC_RELOAD',
      description: `Reload of NFC card •••• ${spec.uid.slice(-4)}`,
      amountMinor: spec.reloadMinor,
      at,
      nfcCardId: card.id,
      credit: accounts.cardBalance(card.id, card.currency),
      feeMinor: 0,
    });
    for (const [i, [what, amountMinor]] of spec.spends.entries()) {
      spendNo++;
      await post(tx, {
        kind: 'CARD_SPEND',
        idempotencyKey: `card-spend:${merchant.id}:demo-${spendNo}`,
        description: `${what} — ${where}`,
        occurredAt: new Date(at.getTime() + (i + 1) * 3 * 3_600_000),
        createdById: merchant.id,
        entries: [
          { account: accounts.cardBalance(card.id, card.currency), amountMinor },
          { account: accounts.merchantPayable(merchant.id, card.currency), amountMinor: -amountMinor },
        ],
      });
    }
  }

  await tx.nfcCard.createMany({
    data: DEMO_STOCK_UIDS.map((uid, i) => ({
      uid,
      merchantId: merchant.id,
      currency: 'EGP',
      createdAt: new Date(now.getTime() - (30 - i) * 3_600_000),
    })),
    skipDuplicates: true,
  });

  const customer = await tx.user.findFirst({
    where: { mobile: REQUEST_CUSTOMER_MOBILE, role: 'CUSTOMER' },
    select: { id: true },
  });
  if (customer) {
    const open = await tx.nfcCardRequest.count({
      where: { customerId: customer.id, status: { in: ['PENDING_PAYMENT', 'PAID'] } },
    });
    if (open === 0) {
      const at = new Date(now.getTime() - 2 * DAY);
      const request = await tx.nfcCardRequest.create({
        data: {
          customerId: customer.id,
          status: 'PAID',
          feeMinor: CARD_FEE_MINOR,
          currency: 'EGP',
          note: 'Will pick it up at the Nile Garden kiosk',
          paidAt: new Date(at.getTime() + 60_000),
          createdAt: at,
        },
      });
      await paidOrder(tx, {
        customerId: customer.id,
        kind: 'NFC_CARD_FEE',
        description: 'NFC cashless card fee',
        amountMinor: CARD_FEE_MINOR,
        at,
        nfcCardRequestId: request.id,
        credit: accounts.feeRevenue('EGP'),
        feeMinor: CARD_FEE_MINOR,
      });
    }
  }
}
