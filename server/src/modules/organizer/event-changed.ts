/**
 * Ticket holders are told when their event moves (issue 7; what pretix and Eventbrite users
 * expect): an approved edit request (edit-requests.service.ts) that changes the start, the end or
 * the venue enqueues, in the approval's transaction, ONE fan-out job (key
 * `event-changed:<requestId>`). The fan-out enqueues one job per holder of a VALID ticket (key
 * `event-changed:<requestId>:<holderId>`, so a retried fan-out adds nothing), and each holder job
 * sends the `event.changed` notification (inbox + e-mail) once. Thousands of holders therefore
 * never sit inside the admin's approval transaction.
 */
import type { AppDeps } from '../../deps.ts';
import { enqueue } from '../../jobs/queue.ts';
import { notify } from '../notifications/notification.service.ts';
import type { Tx } from '../orders/capacity.ts';
import { formatInstant } from '../receipts/pdf.ts';

export const EVENT_CHANGED_JOBS = {
  /** one per approved change; enqueues the holder jobs */
  fanOut: 'events.changed-fan-out',
  /** one per ticket holder; sends `event.changed` */
  notifyHolder: 'events.changed-notify',
} as const;

interface Moved {
  startsAt?: Date;
  endsAt?: Date;
  venueId?: string;
}

/**
 * The sentence holders read, e.g. "Now starts 4 Dec 2026, 19:00 (was 3 Dec 2026, 19:00), Africa/Cairo
 * time; new venue: Zamalek Art Hall, Cairo". Times in the (new) venue's IANA zone. Null when
 * nothing a holder must know changed (title, description, image, category).
 */
export async function describeEventMove(tx: Tx, before: Required<Moved>, changes: Moved): Promise<string | null> {
  const venueId = changes.venueId ?? before.venueId;
  const venue = await tx.venue.findUniqueOrThrow({
    where: { id: venueId },
    select: { name: true, city: true, timeZone: true },
  });
  const parts: string[] = [];
  const at = (d: Date) => formatInstant(d, venue.timeZone);
  if (changes.startsAt && changes.startsAt.getTime() !== before.startsAt.getTime())
    parts.push(`now starts ${at(changes.startsAt)} (was ${at(before.startsAt)})`);
  if (changes.endsAt && changes.endsAt.getTime() !== before.endsAt.getTime())
    parts.push(`now ends ${at(changes.endsAt)} (was ${at(before.endsAt)})`);
  if (parts.length > 0) parts[parts.length - 1] += `, ${venue.timeZone} time`;
  if (changes.venueId && changes.venueId !== before.venueId) parts.push(`new venue: ${venue.name}, ${venue.city}`);
  if (parts.length === 0) return null;
  const text = parts.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Enqueues the fan-out for an approved change (call inside the approval's transaction). */
export async function enqueueEventChanged(
  tx: Tx,
  input: { requestId: string; eventId: string; eventTitle: string; change: string },
): Promise<void> {
  await enqueue(tx, EVENT_CHANGED_JOBS.fanOut, input, { key: `event-changed:${input.requestId}` });
}

type Payload = { requestId: string; eventId: string; eventTitle: string; change: string };

function payloadOf(raw: unknown, withHolder: boolean): Payload & { holderId?: string } {
  const p = (raw ?? {}) as Record<string, unknown>;
  const fields = ['requestId', 'eventId', 'eventTitle', 'change', ...(withHolder ? ['holderId'] : [])];
  for (const f of fields) if (typeof p[f] !== 'string') throw new Error(`events.changed: payload needs ${f}`);
  return p as unknown as Payload & { holderId?: string };
}

/** The fan-out job: one holder job per distinct holder of a VALID ticket of the event. */
export async function eventChangedFanOutJob(deps: AppDeps, raw: unknown): Promise<number> {
  const p = payloadOf(raw, false);
  const holders = await deps.db.ticket.findMany({
    where: { eventId: p.eventId, status: 'VALID' },
    select: { holderId: true },
    distinct: ['holderId'],
  });
  let added = 0;
  for (const { holderId } of holders) {
    const key = `event-changed:${p.requestId}:${holderId}`;
    if (await enqueue(deps.db, EVENT_CHANGED_JOBS.notifyHolder, { ...p, holderId }, { key })) added++;
  }
  return added;
}

/** One holder's notification (`event.changed`: inbox and e-mail, by their preferences). */
export async function eventChangedNotifyJob(deps: AppDeps, raw: unknown): Promise<void> {
  const p = payloadOf(raw, true);
  await deps.db.$transaction((tx) =>
    notify(deps, tx, {
      userId: p.holderId!,
      kind: 'event.changed',
      vars: { eventTitle: p.eventTitle, change: p.change },
    }),
  );
}
