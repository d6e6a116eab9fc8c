/**
 * The customer's tickets (seed 003 Plan 1 Phase 4): list, detail with the signed QR payload,
 * and the QR image. Every lookup is scoped to the signed-in holder: another customer's ticket
 * id answers NOT_FOUND, exactly like an unknown id.
 */
import type { TPage, TTicketDetail, TTicketSummary } from '@admit/shared';
import QRCode from 'qrcode';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../trpc/context.ts';
import { requireOwned } from '../ownership.ts';
import { pageOf, pageWindow } from '../pagination.ts';
import { signTicketSecret } from './ticket-secret.ts';

const ticketSelect = {
  id: true,
  reference: true,
  status: true,
  attendeeName: true,
  checkedInAt: true,
  ticketCategory: { select: { name: true, tier: true } },
  event: {
    select: {
      id: true,
      title: true,
      startsAt: true,
      endsAt: true,
      imageUrl: true,
      venue: { select: { name: true, city: true, timeZone: true } },
    },
  },
  order: { select: { code: true } },
} satisfies Prisma.TicketSelect;
type TicketRow = Prisma.TicketGetPayload<{ select: typeof ticketSelect }>;

function toSummary(t: TicketRow): TTicketSummary {
  return {
    id: t.id,
    reference: t.reference,
    status: t.status,
    attendeeName: t.attendeeName,
    checkedInAt: t.checkedInAt,
    category: t.ticketCategory,
    event: {
      id: t.event.id,
      title: t.event.title,
      startsAt: t.event.startsAt,
      endsAt: t.event.endsAt,
      imageUrl: t.event.imageUrl,
      venueName: t.event.venue.name,
      city: t.event.venue.city,
      timeZone: t.event.venue.timeZone,
    },
    orderCode: t.order.code,
  };
}

/** `GET /api/v1/users/tickets/`: newest event first; `upcoming` keeps events not yet ended. */
export async function listOwnTickets(
  deps: Deps,
  actor: Actor,
  input: { page: number; pageSize: number; upcoming?: 'true' | 'false' },
): Promise<TPage<TTicketSummary>> {
  const where: Prisma.TicketWhereInput = {
    holderId: actor.user.id,
    ...(input.upcoming === 'true' ? { event: { endsAt: { gte: deps.clock.now() } } } : {}),
  };
  const [total, rows] = await Promise.all([
    deps.db.ticket.count({ where }),
    deps.db.ticket.findMany({
      where,
      select: ticketSelect,
      orderBy: [{ event: { startsAt: 'asc' } }, { reference: 'asc' }],
      ...pageWindow(input),
    }),
  ]);
  return pageOf(rows.map(toSummary), total, input);
}

/** `GET /api/v1/users/tickets/{id}/`. Errors: NOT_FOUND. */
export async function getOwnTicket(deps: Deps, actor: Actor, id: string): Promise<TTicketDetail> {
  const t = requireOwned(
    'ticket',
    await deps.db.ticket.findUnique({
      where: { id },
      select: {
        ...ticketSelect,
        holderId: true,
        secret: true,
        event: { select: { ...ticketSelect.event.select, signingSeed: true } },
        seat: { select: { row: true, number: true, section: { select: { name: true } } } },
      },
    }),
    (r) => r.holderId,
    actor,
  );
  const { signingSeed, ...event } = t.event;
  return {
    ...toSummary({ ...t, event }),
    qrPayload: signTicketSecret(new Uint8Array(signingSeed), t.event.id, t.secret),
    // reserved seating (issue 7): the seat printed on the ticket
    seat: t.seat ? { section: t.seat.section.name, row: t.seat.row, number: t.seat.number } : null,
  };
}

/**
 * `GET /api/v1/users/tickets/{id}/qr-code/`: the QR image of the signed secret, SVG text or
 * base64 PNG (error correction M, 4-module quiet zone per ISO/IEC 18004).
 */
export async function ownTicketQr(deps: Deps, actor: Actor, input: { id: string; format: 'svg' | 'png' }) {
  const { qrPayload } = await getOwnTicket(deps, actor, input.id);
  if (input.format === 'svg') {
    const data = await QRCode.toString(qrPayload, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    return { format: 'svg' as const, mimeType: 'image/svg+xml', data };
  }
  const png = await QRCode.toBuffer(qrPayload, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
  return { format: 'png' as const, mimeType: 'image/png', data: png.toString('base64') };
}
