/**
 * Demo data for the customer extras (seed 003 Plan 1): the demo customer (+201000000001) has a
 * pending incoming gift — another demo customer's ticket for an upcoming event, with a message —
 * and three favourite upcoming events. Called inside the demo world's transaction (db/seed.ts);
 * idempotent: nothing is added when she already has a pending incoming transfer or favourites.
 */
import type { Tx } from '../orders/capacity.ts';
import { TRANSFER_TTL_MS } from './transfers.service.ts';

const DAY = 24 * 3_600_000;

export async function seedDemoCustomerExtras(tx: Tx, opts: { now: Date; customerIds: string[] }): Promise<void> {
  const [me, ...others] = opts.customerIds;
  if (!me || others.length === 0) return;
  const now = opts.now;

  const pending = await tx.ticketTransfer.count({ where: { toUserId: me, status: 'PENDING' } });
  if (pending === 0) {
    // a ticket another customer may still give away: valid, unscanned, event at least two days out
    const ticket = await tx.ticket.findFirst({
      where: {
        holderId: { in: others },
        status: 'VALID',
        checkedInAt: null,
        entries: 0,
        event: { status: 'PUBLISHED', startsAt: { gt: new Date(now.getTime() + 2 * DAY) } },
        transfers: { none: { status: 'PENDING' } },
      },
      orderBy: [{ event: { startsAt: 'asc' } }, { reference: 'asc' }],
      select: { id: true, holderId: true, event: { select: { startsAt: true } } },
    });
    if (ticket) {
      await tx.ticketTransfer.create({
        data: {
          ticketId: ticket.id,
          kind: 'GIFT',
          fromUserId: ticket.holderId,
          toUserId: me,
          message: 'I cannot make it — have a great night!',
          expiresAt: new Date(Math.min(now.getTime() + TRANSFER_TTL_MS - DAY, ticket.event.startsAt.getTime())),
          createdAt: new Date(now.getTime() - DAY),
        },
      });
    }
  }

  if ((await tx.favorite.count({ where: { userId: me } })) === 0) {
    const events = await tx.event.findMany({
      where: { status: 'PUBLISHED', startsAt: { gt: now }, tickets: { none: { holderId: me } } },
      orderBy: [{ startsAt: 'asc' }, { slug: 'asc' }],
      take: 3,
      select: { id: true },
    });
    await tx.favorite.createMany({
      data: events.map((e, i) => ({ userId: me, eventId: e.id, createdAt: new Date(now.getTime() - (i + 1) * DAY) })),
      skipDuplicates: true,
    });
  }
}
