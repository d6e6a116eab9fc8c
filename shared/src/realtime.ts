/**
 * socket.io event typing shared by server and clients (DESIGN.md "Realtime").
 * Rooms: `event:<id>:gates`, `event:<id>:seats`, `flight:<id>`, `user:<id>`.
 * Payload instants travel as ISO-8601 strings (socket.io uses plain JSON).
 */
import type { TCheckInResult } from './enums.ts';
import type { TCheckInConflictPayload, TEventStatusPayload, TIncidentAlertPayload } from './schemas/usher-sync.ts';

export interface GateCountsPayload {
  eventId: string;
  /** the gate the triggering scan happened at (null: no gate) */
  gate: string | null;
  /** per gate: admissions and net entries minus exits (`gateName` = `name`, kept for older clients) */
  gates: { gateId: string | null; gateName: string; name: string; admitted: number; inside: number }[];
  /** distinct tickets admitted and inside now */
  total: { admitted: number; inside: number };
  /** = total.admitted (older clients) */
  admitted: number;
  /** = total.inside (older clients) */
  inside: number;
  capacity: number;
  at: string;
}

export interface ScanRecordedPayload {
  eventId: string;
  checkInId: string;
  result: TCheckInResult;
  gateName: string | null;
  attendeeName: string | null;
  at: string;
}

export interface NotifyPayload {
  /** the stored inbox entry (mark it read with `notifications.inbox.markRead`) */
  notificationId?: string;
  kind: string;
  title: string;
  body: string;
  at: string;
}

export interface RaffleDrawnPayload {
  raffleId: string;
  /** hex commitment the draw was bound to */
  commitmentHash: string;
  winners: { rank: number; position: number; entryNumber: number }[];
  at: string;
}

/** Entries left on sale after a sale, a free entry or a release (room `raffle:<id>`). */
export interface RaffleEntriesPayload {
  raffleId: string;
  entriesLeft: number;
  at: string;
}

/**
 * A paid order with tickets of one of the organizer's events (room `organizer:<organizerId>`,
 * modules/organizer/live-sales.ts): pushed after the payment's transaction committed.
 */
export interface SaleRecordedPayload {
  eventId: string;
  eventTitle: string;
  orderCode: string;
  /** tickets of this event in the order */
  tickets: number;
  /** those tickets' total, integer minor units of `currency` (before the platform fee) */
  amountMinor: number;
  currency: string;
  at: string;
}

/**
 * Seats of an event changed state (room `event:<id>:seats`; modules/seating): one message per
 * committed transaction (a hold, release, booking, sale, expiry or refund), every seat it moved.
 * `heldUntil` (HELD only) lets a viewer turn a lapsed hold back to available without a message.
 */
export interface SeatsChangedPayload {
  eventId: string;
  seats: { id: string; status: 'AVAILABLE' | 'HELD' | 'SOLD' | 'BLOCKED'; heldUntil?: string | null }[];
  at: string;
}

export interface ServerToClientEvents {
  'gate.counts': (p: GateCountsPayload) => void;
  'scan.recorded': (p: ScanRecordedPayload) => void;
  notify: (p: NotifyPayload) => void;
  /** two devices admitted one ticket offline (room `event:<id>:gates` and `admins`) */
  'checkin.conflict': (p: TCheckInConflictPayload) => void;
  /** scanning switched on/off for the event (room `event:<id>:gates`) */
  'event.status': (p: TEventStatusPayload) => void;
  /** an usher reported a HIGH/CRITICAL incident (room `admins`) */
  'incident.reported': (p: TIncidentAlertPayload) => void;
  /** a raffle's winners were drawn (room `raffle:<id>`; modules/raffles/draw) */
  'raffle.drawn': (p: RaffleDrawnPayload) => void;
  /** entries left changed (room `raffle:<id>`; modules/raffles) */
  'raffle.entries': (p: RaffleEntriesPayload) => void;
  /** an order with the organizer's tickets was paid (room `organizer:<id>`; modules/organizer) */
  'sale.recorded': (p: SaleRecordedPayload) => void;
  /** seats held, released, booked, sold or freed (room `event:<id>:seats`; modules/seating) */
  'seats.changed': (p: SeatsChangedPayload) => void;
}

export type SubscribeAck = { ok: true } | { ok: false; error: string };

export interface ClientToServerEvents {
  /** join `event:<id>:gates`; allowed for ushers assigned to the event (and admins/organizers later) */
  'gates.subscribe': (eventId: string, ack: (r: SubscribeAck) => void) => void;
  /** join `raffle:<id>` (public: any socket, signed in or not, may watch a raffle) */
  'raffles.subscribe': (raffleId: string, ack: (r: SubscribeAck) => void) => void;
  /** join `event:<id>:seats` (public: anyone may watch a published reserved-seating event's map) */
  'seats.subscribe': (eventId: string, ack: (r: SubscribeAck) => void) => void;
}

export const rooms = {
  gates: (eventId: string) => `event:${eventId}:gates`,
  seats: (eventId: string) => `event:${eventId}:seats`,
  flight: (flightId: string) => `flight:${flightId}`,
  user: (userId: string) => `user:${userId}`,
  /** a raffle's public page: entries left, draw results */
  raffle: (raffleId: string) => `raffle:${raffleId}`,
  /** every signed-in user of an organizer: live sales (joined on connect) */
  organizer: (organizerId: string) => `organizer:${organizerId}`,
  /** every signed-in admin socket */
  admins: () => 'admins',
} as const;
