/**
 * `seats.changed` messages (room `event:<id>:seats`), batched per transaction and published only
 * after it committed (DESIGN.md "Realtime"; STYLE.md "a service returns or emits a domain event;
 * the transport publishes it after the transaction commits").
 *
 * Seat moves happen inside other code's transactions (the checkout kinds' fulfil/release, the
 * refund, the hold sweep), which only hand us `tx`. So every move is noted against its `tx`
 * (`noteSeatChanges`), and whoever ends the transaction takes the batch (`takeSeatMessages`) and
 * hands it on: to `deps.realtime` in a request (published after the procedure), or — jobs and
 * other paths without a request — to the process publisher registered by the HTTP server
 * (`setSeatPublisher`). A rolled-back transaction's notes are simply never taken (WeakMap).
 */
import { rooms, type SeatsChangedPayload } from '@admit/shared';
import type { RealtimeMessage } from '../../realtime/messages.ts';

type SeatStatus = SeatsChangedPayload['seats'][number]['status'];
type Change = { status: SeatStatus; heldUntil: Date | null };

const pending = new WeakMap<object, Map<string, Map<string, Change>>>();

/** Records that `seats` of `eventId` moved inside transaction `tx` (the last state wins). */
export function noteSeatChanges(
  tx: object,
  eventId: string,
  seats: { id: string; status: SeatStatus; heldUntil?: Date | null }[],
): void {
  if (seats.length === 0) return;
  let byEvent = pending.get(tx);
  if (!byEvent) {
    byEvent = new Map();
    pending.set(tx, byEvent);
  }
  let byId = byEvent.get(eventId);
  if (!byId) {
    byId = new Map();
    byEvent.set(eventId, byId);
  }
  for (const s of seats) byId.set(s.id, { status: s.status, heldUntil: s.heldUntil ?? null });
}

/** The `seats.changed` messages noted in `tx` (one per event), and forgets them. */
export function takeSeatMessages(tx: object, at: Date = new Date()): RealtimeMessage[] {
  const byEvent = pending.get(tx);
  if (!byEvent) return [];
  pending.delete(tx);
  return [...byEvent].map(([eventId, seats]) => seatsChangedMessage(eventId, seats, at));
}

export function seatsChangedMessage(eventId: string, seats: Map<string, Change>, at: Date): RealtimeMessage {
  return {
    room: rooms.seats(eventId),
    event: 'seats.changed',
    payload: {
      eventId,
      seats: [...seats].map(([id, c]) => ({
        id,
        status: c.status,
        ...(c.status === 'HELD' ? { heldUntil: c.heldUntil?.toISOString() ?? null } : {}),
      })),
      at: at.toISOString(),
    },
  };
}

let processPublisher: ((messages: RealtimeMessage[]) => void) | null = null;

/** The HTTP server registers its socket.io publisher here (http/app.ts); null unregisters. */
export function setSeatPublisher(publish: ((messages: RealtimeMessage[]) => void) | null): void {
  processPublisher = publish;
}

/**
 * Hands committed seat messages on: to the request's `realtime` (published after the procedure)
 * when there is one, else straight to the process publisher (jobs, sweeps).
 */
export function publishSeatMessages(deps: object, messages: RealtimeMessage[]): void {
  if (messages.length === 0) return;
  const realtime = (deps as { realtime?: RealtimeMessage[] }).realtime;
  if (Array.isArray(realtime)) realtime.push(...messages);
  else processPublisher?.(messages);
}
