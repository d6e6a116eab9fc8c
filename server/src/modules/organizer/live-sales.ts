/**
 * Live sales for organizers (seed 003 Plan 3 Phase 2 "dashboard", issue 7 "organizer sees a sale
 * appear"): when an order with event tickets is paid, one `sale.recorded` per event goes to the
 * room `organizer:<organizerId>` that every signed-in user of that organizer joins on connect
 * (realtime/socket.ts). The messages are built inside the settling transaction and returned with
 * its other realtime messages, so they are published only after the commit (payments/settle.ts).
 */
import { rooms } from '@admit/shared';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import type { Tx } from '../orders/capacity.ts';

interface PaidOrder {
  code: string;
  currency: string;
  lines: { kind: string; quantity: number; totalMinor: number; ticketCategoryId: string | null }[];
}

/**
 * `sale.recorded` messages for the event-ticket lines of `order` (paid at `at`), one per event:
 * `{ eventId, eventTitle, orderCode, tickets, amountMinor, currency, at }` where `amountMinor` is
 * the lines' total in minor units (before the platform fee). Other line kinds are ignored.
 */
export async function saleRecordedMessages(tx: Tx, order: PaidOrder, at: Date): Promise<RealtimeMessage[]> {
  const lines = order.lines.filter((l) => l.kind === 'EVENT_TICKET' && l.ticketCategoryId);
  if (lines.length === 0) return [];
  const categories = await tx.ticketCategory.findMany({
    where: { id: { in: lines.map((l) => l.ticketCategoryId!) } },
    select: { id: true, event: { select: { id: true, title: true, organizerId: true } } },
  });
  const eventOf = new Map(categories.map((c) => [c.id, c.event]));
  const byEvent = new Map<string, { organizerId: string; title: string; tickets: number; amountMinor: number }>();
  for (const l of lines) {
    const ev = eventOf.get(l.ticketCategoryId!);
    if (!ev) continue;
    const sum = byEvent.get(ev.id) ?? { organizerId: ev.organizerId, title: ev.title, tickets: 0, amountMinor: 0 };
    sum.tickets += l.quantity;
    sum.amountMinor += l.totalMinor;
    byEvent.set(ev.id, sum);
  }
  return [...byEvent].map(([eventId, s]) => ({
    room: rooms.organizer(s.organizerId),
    event: 'sale.recorded' as const,
    payload: {
      eventId,
      eventTitle: s.title,
      orderCode: order.code,
      tickets: s.tickets,
      amountMinor: s.amountMinor,
      currency: order.currency,
      at: at.toISOString(),
    },
  }));
}
