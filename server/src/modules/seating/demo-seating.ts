/**
 * Demo reserved seating (issue 7 "Seating"): a seat map for the Zamalek Art Hall (Orchestra
 * 8 × 20, Mezzanine 5 × 16, Boxes 2 × 10 = 300 seats) and one upcoming RESERVED event using it,
 * with a few seats sold (paid orders, tickets carrying their seats, PAYMENT ledger postings as
 * settle does) and one seat held by a demo customer. Idempotent by the event's slug.
 */
import { randomUUID } from 'node:crypto';
import { randomReference, randomSecret } from '../../auth/tokens.ts';
import { lineFeeMinor } from '../checkout/kinds.ts';
import { accounts, type Posting, post } from '../ledger/ledger.ts';
import type { Tx } from '../orders/capacity.ts';
import { newEventKeyPair, newTicketSecret } from '../tickets/ticket-secret.ts';
import { generateRows } from './seat-maps.service.ts';

/** the demo's held seat lapses like a real hold (SEAT_HOLD_MINUTES default) */
const DEMO_HOLD_MINUTES = 10;

export const DEMO_SEATED_EVENT_SLUG = 'cairo-chamber-orchestra-seated';
const VENUE_NAME = 'Zamalek Art Hall';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const SECTIONS = [
  { name: 'Orchestra', rows: 8, seatsPerRow: 20, origin: { x: 140, y: 140 }, category: 'Orchestra' },
  { name: 'Mezzanine', rows: 5, seatsPerRow: 16, origin: { x: 188, y: 420 }, category: 'Mezzanine' },
  { name: 'Boxes', rows: 2, seatsPerRow: 10, origin: { x: 272, y: 610 }, category: 'Box' },
] as const;

const CATEGORIES = [
  { name: 'Orchestra', tier: 'STANDARD' as const, priceMinor: 60_000, maxPerOrder: 8 },
  { name: 'Mezzanine', tier: 'STANDARD' as const, priceMinor: 35_000, maxPerOrder: 8 },
  { name: 'Box', tier: 'VIP' as const, priceMinor: 150_000, maxPerOrder: 4 },
];

/** seats sold to demo customers: [customer index, section, row, numbers] */
const SOLD: [number, string, string, string[]][] = [
  [0, 'Orchestra', 'C', ['9', '10']],
  [1, 'Orchestra', 'D', ['11', '12', '13']],
  [2, 'Boxes', 'A', ['4', '5']],
  [3, 'Mezzanine', 'B', ['7']],
];
/** one seat held right now (expires after the normal hold time) */
const HELD: [number, string, string, string] = [4, 'Orchestra', 'E', '10'];

export async function seedDemoSeating(tx: Tx, opts: { now: Date; customerIds: readonly string[] }): Promise<boolean> {
  if (await tx.event.findUnique({ where: { slug: DEMO_SEATED_EVENT_SLUG }, select: { id: true } })) return false;
  const venue = await tx.venue.findFirst({ where: { name: VENUE_NAME }, select: { id: true } });
  const organizer = await tx.organizer.findFirst({
    where: { slug: 'nile-live' },
    select: { id: true, platformFeeBps: true },
  });
  if (!venue || !organizer) return false;

  // the venue's seat map (reused if an admin already made one with this name)
  const mapName = 'Main auditorium';
  let map = await tx.seatMap.findUnique({
    where: { venueId_name: { venueId: venue.id, name: mapName } },
    select: { id: true },
  });
  const seatIdByLabel = new Map<string, string>();
  const seatSection = new Map<string, string>();
  if (!map) {
    map = await tx.seatMap.create({ data: { venueId: venue.id, name: mapName, width: 1000, height: 720 } });
    const seats = [];
    for (const [i, s] of SECTIONS.entries()) {
      const sectionId = randomUUID();
      await tx.seatSection.create({ data: { id: sectionId, seatMapId: map.id, name: s.name, sortOrder: i } });
      for (const row of generateRows({
        rows: s.rows,
        seatsPerRow: s.seatsPerRow,
        origin: s.origin,
        spacing: { x: 30, y: 32 },
        rowLabels: 'letters',
      })) {
        for (const seat of row.seats) {
          seats.push({
            id: randomUUID(),
            seatMapId: map.id,
            sectionId,
            row: row.label,
            number: seat.number,
            x: seat.x,
            y: seat.y,
            accessible: s.name === 'Orchestra' && row.label === 'A' && (seat.number === '1' || seat.number === '20'),
          });
        }
      }
    }
    await tx.seat.createMany({ data: seats });
  }
  const all = await tx.seat.findMany({
    where: { seatMapId: map.id },
    select: { id: true, row: true, number: true, section: { select: { name: true } } },
  });
  for (const s of all) {
    seatIdByLabel.set(`${s.section.name}|${s.row}|${s.number}`, s.id);
    seatSection.set(s.id, s.section.name);
  }

  // the event: three categories, quotas = seat counts
  const eventId = randomUUID();
  const startsAt = new Date(Math.floor((opts.now.getTime() + 12 * DAY) / HOUR) * HOUR + 17 * HOUR);
  const { seed, publicKey } = newEventKeyPair();
  const catIds = new Map(CATEGORIES.map((c) => [c.name, randomUUID()]));
  const seatsPer = new Map<string, number>();
  for (const s of SECTIONS) seatsPer.set(s.category, (seatsPer.get(s.category) ?? 0) + s.rows * s.seatsPerRow);
  await tx.event.create({
    data: {
      id: eventId,
      organizerId: organizer.id,
      venueId: venue.id,
      slug: DEMO_SEATED_EVENT_SLUG,
      title: 'Cairo Chamber Orchestra: Vivaldi’s Four Seasons',
      description:
        'An evening of Vivaldi and Piazzolla by candlelight. Reserved seating: choose your seats on the hall map — Orchestra, Mezzanine or a Box.',
      category: 'MUSIC',
      status: 'PUBLISHED',
      featured: true,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2.5 * HOUR),
      capacity: 300,
      seatingMode: 'RESERVED',
      seatMapId: map.id,
      signingSeed: seed,
      signingPublicKey: publicKey,
      createdAt: new Date(opts.now.getTime() - 20 * DAY),
    },
  });
  await tx.ticketCategory.createMany({
    data: CATEGORIES.map((c, i) => ({
      id: catIds.get(c.name)!,
      eventId,
      name: c.name,
      tier: c.tier,
      priceMinor: c.priceMinor,
      currency: 'EGP',
      quota: seatsPer.get(c.name) ?? 0,
      maxPerOrder: c.maxPerOrder,
      sortOrder: i,
    })),
  });
  const categoryOfSection = new Map(SECTIONS.map((s) => [s.name as string, catIds.get(s.category)!]));
  await tx.eventSeat.createMany({
    data: all.map((s) => ({
      eventId,
      seatId: s.id,
      ticketCategoryId: categoryOfSection.get(s.section.name)!,
      status: 'AVAILABLE' as const,
    })),
  });

  // sold seats: one paid order per customer, one line (their seats are in one section)
  const reserved = new Map<string, number>();
  for (const [k, [ci, section, row, numbers]] of SOLD.entries()) {
    const customerId = opts.customerIds[ci];
    if (!customerId) continue;
    const customer = await tx.user.findUniqueOrThrow({
      where: { id: customerId },
      select: { firstName: true, lastName: true },
    });
    const category = CATEGORIES.find((c) => c.name === SECTIONS.find((s) => s.name === section)!.category)!;
    const categoryId = catIds.get(category.name)!;
    const seatIds = numbers.map((n) => seatIdByLabel.get(`${section}|${row}|${n}`)!);
    const at = new Date(opts.now.getTime() - (10 - k) * DAY);
    const paidAt = new Date(at.getTime() + 60_000);
    const orderId = randomUUID();
    const lineId = randomUUID();
    const paymentId = randomUUID();
    const code = randomReference('ADM', 6);
    const total = category.priceMinor * seatIds.length;
    const fee = lineFeeMinor(total, organizer.platformFeeBps);
    await tx.order.create({
      data: {
        id: orderId,
        code,
        customerId,
        status: 'PAID',
        currency: 'EGP',
        totalMinor: total,
        feeMinor: fee,
        expiresAt: new Date(at.getTime() + 15 * 60_000),
        paidAt,
        createdAt: at,
        lines: {
          create: {
            id: lineId,
            kind: 'EVENT_TICKET',
            description: `Cairo Chamber Orchestra — ${category.name} (${numbers.map((n) => `${section} ${row}-${n}`).join(', ')})`,
            ticketCategoryId: categoryId,
            quantity: seatIds.length,
            unitPriceMinor: category.priceMinor,
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
        succeededAt: paidAt,
        createdAt: paidAt,
      },
    });
    await tx.ticket.createMany({
      data: seatIds.map((seatId) => ({
        reference: randomReference('T'),
        orderId,
        orderLineId: lineId,
        eventId,
        ticketCategoryId: categoryId,
        holderId: customerId,
        attendeeName: `${customer.firstName} ${customer.lastName}`.trim(),
        secret: newTicketSecret(),
        seatId,
        createdAt: paidAt,
      })),
    });
    await tx.eventSeat.updateMany({
      where: { eventId, seatId: { in: seatIds } },
      data: { status: 'SOLD', orderId, holderId: customerId },
    });
    reserved.set(categoryId, (reserved.get(categoryId) ?? 0) + seatIds.length);
    const entries: Posting[] = [
      { account: accounts.clearing('EGP'), amountMinor: total },
      { account: accounts.organizerPayable(organizer.id, eventId, 'EGP'), amountMinor: -(total - fee) },
      ...(fee !== 0 ? [{ account: accounts.feeRevenue('EGP'), amountMinor: -fee }] : []),
    ];
    await post(tx, {
      kind: 'PAYMENT',
      idempotencyKey: `payment:${paymentId}`,
      description: `Payment for order ${code}`,
      occurredAt: paidAt,
      orderId,
      paymentId,
      entries,
    });
  }
  for (const [id, n] of reserved) {
    await tx.ticketCategory.update({ where: { id }, data: { reserved: n } });
  }

  // one seat held by a customer choosing right now
  const [hi, hSection, hRow, hNumber] = HELD;
  const holderId = opts.customerIds[hi];
  if (holderId) {
    await tx.eventSeat.updateMany({
      where: { eventId, seatId: seatIdByLabel.get(`${hSection}|${hRow}|${hNumber}`)! },
      data: { status: 'HELD', holderId, heldUntil: new Date(opts.now.getTime() + DEMO_HOLD_MINUTES * 60_000) },
    });
  }
  return true;
}
