/**
 * Demo raffles for the seeded world (issue 8; seeds 000/001 LuxeWin): one OPEN with entries sold
 * (paid orders, numbered entries, ledger postings to the raffle's proceeds), one OPEN closing
 * soon, one DRAFT, and one whose sales closed two days ago while still OPEN (the draw module's
 * minute sweep closes, commits and draws it after the first start: a finished, verifiable draw). EGP
 * prices in minor units (piastres). Idempotent by slug: an existing raffle is left alone.
 */
import { randomUUID } from 'node:crypto';
import { randomReference, randomSecret } from '../../auth/tokens.ts';
import { accounts, post } from '../ledger/ledger.ts';
import type { Tx } from '../orders/capacity.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface DemoRaffle {
  slug: string;
  title: string;
  description: string;
  prizeTitle: string;
  prizeDescription: string;
  prizeValueMinor: number;
  entryPriceMinor: number;
  totalEntries: number;
  maxEntriesPerUser: number;
  status: 'OPEN' | 'DRAFT';
  opensInDays: number;
  closesInDays: number;
  /** entries bought by the first customers: [customer index, quantity] */
  sold: [number, number][];
}

export const DEMO_RAFFLES: readonly DemoRaffle[] = [
  {
    slug: 'rolex-submariner-date',
    title: 'Win a Rolex Submariner Date',
    description:
      'The reference 126610LN in Oystersteel with a black Cerachrom bezel, new and boxed with its papers and a five-year warranty.',
    prizeTitle: 'Rolex Submariner Date 41 mm',
    prizeDescription: 'New, full set, delivered in person in Cairo or insured shipping within Egypt.',
    prizeValueMinor: 95_000_000,
    entryPriceMinor: 25_000,
    totalEntries: 2_000,
    maxEntriesPerUser: 50,
    status: 'OPEN',
    opensInDays: -6,
    closesInDays: 8,
    sold: [
      [0, 10],
      [1, 4],
      [2, 25],
      [3, 2],
    ],
  },
  {
    slug: 'iphone-16-pro-max',
    title: 'iPhone 16 Pro Max — last call',
    description: 'A 256 GB iPhone 16 Pro Max in Desert Titanium, Egyptian warranty. Entries close tomorrow.',
    prizeTitle: 'iPhone 16 Pro Max 256 GB',
    prizeDescription: 'Sealed, with the official Egyptian warranty.',
    prizeValueMinor: 8_500_000,
    entryPriceMinor: 5_000,
    totalEntries: 500,
    maxEntriesPerUser: 20,
    status: 'OPEN',
    opensInDays: -12,
    closesInDays: 1,
    sold: [
      [1, 8],
      [4, 3],
    ],
  },
  {
    slug: 'mercedes-c200-2025',
    title: 'Drive away in a Mercedes-Benz C 200',
    description: 'A 2025 Mercedes-Benz C 200 AMG Line, registration and first-year insurance included.',
    prizeTitle: 'Mercedes-Benz C 200 AMG Line (2025)',
    prizeDescription: 'Delivered at the Cairo dealership; registration fees and one year of insurance paid.',
    prizeValueMinor: 450_000_000,
    entryPriceMinor: 100_000,
    totalEntries: 10_000,
    maxEntriesPerUser: 100,
    status: 'DRAFT',
    opensInDays: 10,
    closesInDays: 40,
    sold: [],
  },
  {
    // sales closed two days ago while still OPEN: the draw module's minute sweep closes, commits
    // and draws it after the first start, so the demo shows a finished, verifiable draw
    slug: 'nile-cruise-for-two',
    title: 'A Nile cruise for two, Luxor to Aswan',
    description:
      'Four nights on the Sanctuary Sun Boat IV between Luxor and Aswan, full board with guided visits to Karnak, Edfu and Kom Ombo.',
    prizeTitle: 'Nile cruise for two (4 nights)',
    prizeDescription: 'Cabin for two, full board, guided excursions and flights from Cairo included.',
    prizeValueMinor: 18_000_000,
    entryPriceMinor: 10_000,
    totalEntries: 300,
    maxEntriesPerUser: 25,
    status: 'OPEN',
    opensInDays: -30,
    closesInDays: -2,
    sold: [
      [0, 5],
      [1, 12],
      [2, 3],
      [3, 20],
      [4, 7],
      [5, 1],
    ],
  },
];

/**
 * Creates the demo raffles that do not exist yet (by slug), with their paid orders, entries,
 * participants and PAYMENT ledger postings (Dr clearing, Cr raffle proceeds; no fee).
 */
export async function seedDemoRaffles(
  tx: Tx,
  opts: { now: Date; customerIds: readonly string[]; adminId?: string | null },
): Promise<number> {
  let created = 0;
  for (const spec of DEMO_RAFFLES) {
    if (await tx.raffle.findUnique({ where: { slug: spec.slug }, select: { id: true } })) continue;
    const raffleId = randomUUID();
    const opensAt = new Date(opts.now.getTime() + spec.opensInDays * DAY);
    const closesAt = new Date(opts.now.getTime() + spec.closesInDays * DAY);
    const sold = spec.sold.filter(([i]) => opts.customerIds[i] !== undefined);
    await tx.raffle.create({
      data: {
        id: raffleId,
        slug: spec.slug,
        title: spec.title,
        description: spec.description,
        prizeTitle: spec.prizeTitle,
        prizeDescription: spec.prizeDescription,
        prizeValueMinor: spec.prizeValueMinor,
        entryPriceMinor: spec.entryPriceMinor,
        currency: 'EGP',
        totalEntries: spec.totalEntries,
        entriesTaken: sold.reduce((s, [, q]) => s + q, 0),
        maxEntriesPerUser: spec.maxEntriesPerUser,
        winnersCount: 1,
        opensAt,
        closesAt,
        drawAt: new Date(closesAt.getTime() + HOUR),
        claimDays: 14,
        status: spec.status,
        createdById: opts.adminId ?? null,
        createdAt: new Date(opensAt.getTime() - 2 * DAY),
      },
    });
    let number = 1;
    for (const [k, [i, quantity]] of sold.entries()) {
      const customerId = opts.customerIds[i]!;
      const at = new Date(Math.min(opts.now.getTime() - HOUR, opensAt.getTime() + (k + 1) * 7 * HOUR));
      const orderId = randomUUID();
      const lineId = randomUUID();
      const paymentId = randomUUID();
      const total = spec.entryPriceMinor * quantity;
      const code = randomReference('ADM', 6);
      await tx.order.create({
        data: {
          id: orderId,
          code,
          customerId,
          status: 'PAID',
          currency: 'EGP',
          totalMinor: total,
          feeMinor: 0,
          expiresAt: new Date(at.getTime() + 15 * 60_000),
          paidAt: new Date(at.getTime() + 60_000),
          createdAt: at,
          lines: {
            create: {
              id: lineId,
              kind: 'RAFFLE_ENTRY',
              description: `${spec.title} — ${quantity} entries`,
              raffleId,
              quantity,
              unitPriceMinor: spec.entryPriceMinor,
              totalMinor: total,
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
          amountMinor: total,
          currency: 'EGP',
          succeededAt: new Date(at.getTime() + 60_000),
          createdAt: new Date(at.getTime() + 60_000),
        },
      });
      await tx.raffleEntry.createMany({
        data: Array.from({ length: quantity }, () => ({
          raffleId,
          number: number++,
          userId: customerId,
          source: 'PAID' as const,
          orderId,
          orderLineId: lineId,
          createdAt: new Date(at.getTime() + 60_000),
        })),
      });
      await tx.raffleParticipant.upsert({
        where: { raffleId_userId: { raffleId, userId: customerId } },
        create: { raffleId, userId: customerId, entries: quantity },
        update: { entries: { increment: quantity } },
      });
      await post(tx, {
        kind: 'PAYMENT',
        idempotencyKey: `payment:${paymentId}`,
        description: `Payment for order ${code}`,
        occurredAt: new Date(at.getTime() + 60_000),
        orderId,
        paymentId,
        entries: [
          { account: accounts.clearing('EGP'), amountMinor: total },
          { account: accounts.raffleProceeds(raffleId, 'EGP'), amountMinor: -total },
        ],
      });
    }
    created++;
  }
  return created;
}
