/**
 * Demo data of the organizer portal (seed 003 Plan 3; ADR 0021) for the seeded world: Nile Live's
 * public profile (description, website) and two event change requests — one APPROVED in the past
 * (already reflected by the event) and one PENDING for the admin console's "Change requests"
 * page. Idempotent: a request is only added when the event has none.
 */
import type { Prisma } from '../../db/generated/client.ts';
import type { Tx } from '../orders/capacity.ts';

const DAY = 86_400_000;

/** Runs inside the seed's transaction after the events and users exist. */
export async function seedDemoOrganizer(tx: Tx, { now }: { now: Date }): Promise<void> {
  const nile = await tx.organizer.findUnique({ where: { slug: 'nile-live' }, select: { id: true, description: true } });
  if (!nile) return;
  if (!nile.description) {
    await tx.organizer.update({
      where: { id: nile.id },
      data: {
        description: 'Concerts, recitals and forums on the Nile and the Mediterranean since 2015.',
        website: 'https://nile-live.example',
      },
    });
  }
  const requester = await tx.user.findFirst({
    where: { organizerId: nile.id, role: 'ORGANIZER' },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  const admin = await tx.user.findFirst({ where: { role: 'ADMIN', adminLevel: 'SUPER_ADMIN' }, select: { id: true } });
  if (!requester) return;
  const events = await tx.event.findMany({
    where: { organizerId: nile.id, status: 'PUBLISHED', startsAt: { gt: new Date(now.getTime() + 7 * DAY) } },
    select: { id: true, title: true, description: true, startsAt: true, endsAt: true },
    orderBy: { startsAt: 'asc' },
    take: 2,
  });
  const [first, second] = events;
  if (first && (await tx.eventEditRequest.count({ where: { eventId: first.id } })) === 0) {
    const changes = {
      title: `${first.title} (extended edition)`,
      endsAt: new Date(first.endsAt.getTime() + 3_600_000),
    };
    await tx.eventEditRequest.create({
      data: {
        eventId: first.id,
        requestedById: requester.id,
        changes: JSON.parse(JSON.stringify(changes)) as Prisma.InputJsonValue,
        reason: 'The orchestra added an encore set; we would like to announce it and end an hour later.',
        createdAt: new Date(now.getTime() - 2 * 3_600_000),
      },
    });
  }
  if (second && admin && (await tx.eventEditRequest.count({ where: { eventId: second.id } })) === 0) {
    await tx.eventEditRequest.create({
      data: {
        eventId: second.id,
        requestedById: requester.id,
        // already applied: the event's description is the proposed one
        changes: { description: second.description },
        reason: 'Corrected the line-up in the description.',
        status: 'APPROVED',
        reviewedById: admin.id,
        reviewNote: 'Thanks, published.',
        reviewedAt: new Date(now.getTime() - 3 * DAY),
        createdAt: new Date(now.getTime() - 4 * DAY),
      },
    });
  }
}
