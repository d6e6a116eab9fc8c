/**
 * Demo data of the merchant portal (seed 003 Plan 4): the business profiles of the demo merchants
 * and the confirmed assignments behind the cards they already handed out (so the dashboard's
 * counts and chart start with history). Stock cards and a PAID card request come from the NFC
 * module's demo data. Idempotent: profiles are upserted, assignments are only added for cards
 * that have none.
 */
import type { Tx } from '../orders/capacity.ts';

const DAY = 24 * 3_600_000;

export const DEMO_MERCHANT_PROFILES: readonly {
  mobile: string;
  businessName: string;
  address: string;
  city: string;
}[] = [
  {
    mobile: '+201000000201',
    businessName: 'Nile Garden Card Kiosk',
    address: 'Gate 2, Nile Garden, Corniche El Nil',
    city: 'Cairo',
  },
  {
    mobile: '+212600000202',
    businessName: 'Jemaa Card Corner',
    address: 'Place Jemaa el-Fna, Medina',
    city: 'Marrakech',
  },
];

export async function seedDemoMerchant(tx: Tx, { now }: { now: Date }): Promise<void> {
  for (const spec of DEMO_MERCHANT_PROFILES) {
    const merchant = await tx.user.findFirst({
      where: { mobile: spec.mobile, role: 'MERCHANT' },
      select: { id: true },
    });
    if (!merchant) continue;
    const data = { businessName: spec.businessName, address: spec.address, city: spec.city };
    await tx.merchantProfile.upsert({
      where: { userId: merchant.id },
      create: { userId: merchant.id, ...data },
      update: {},
    });

    // the cards this merchant already handed out: one confirmed assignment each, spread over past days
    const handedOut = await tx.nfcCard.findMany({
      where: { merchantId: merchant.id, customerId: { not: null }, assignments: { none: {} } },
      orderBy: { uid: 'asc' },
      select: { id: true, customerId: true, assignedAt: true },
    });
    let i = 0;
    for (const card of handedOut) {
      const at = card.assignedAt ?? new Date(now.getTime() - (2 + 3 * i) * DAY);
      i++;
      await tx.cardAssignment.create({
        data: {
          merchantId: merchant.id,
          customerId: card.customerId!,
          cardId: card.id,
          status: 'CONFIRMED',
          expiresAt: new Date(at.getTime() + 10 * 60_000),
          confirmedAt: at,
          createdAt: new Date(at.getTime() - 60_000),
        },
      });
      if (!card.assignedAt) await tx.nfcCard.update({ where: { id: card.id }, data: { assignedAt: at } });
    }
  }
}
