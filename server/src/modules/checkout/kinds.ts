/**
 * One checkout, many kinds of thing sold (ADR 0010; DESIGN.md "Payments"). Booking creates an
 * order whose lines each have an `OrderLineKind`; paying, refunding and the ledger never look at
 * what a line sells, they ask this registry:
 *
 *   fulfil          issue what was bought once the order is PAID (tickets, a raffle entry, …)
 *   payableAccount  the ledger account credited with the line's net (price − platform fee)
 *   feeBps          the platform fee on the line, in basis points (500 = 5 %)
 *   release         give `units` back to the inventory (expired hold, refund, cancellation)
 *
 * A new vertical (raffle entry, appointment, flight, NFC reload) adds its enum value to
 * `OrderLineKind` and one entry here; the compiler refuses a kind without an entry.
 *
 * Every function runs inside the caller's transaction (`tx`) and must be safe to call from
 * concurrent transactions: inventory moves by conditional UPDATEs (orders/capacity.ts).
 */
import { randomReference } from '../../auth/tokens.ts';
import type { OrderLineKind } from '../../db/generated/enums.ts';
import { type AccountSpec, accounts } from '../ledger/ledger.ts';
import { nfcCardFeeKind, nfcReloadKind } from '../nfc/nfc-checkout.ts';
import { releaseCapacity, type Tx } from '../orders/capacity.ts';
import { raffleEntryKind } from '../raffles/raffle-checkout.ts';
import { freeLineSeats, sellOrderSeats } from '../seating/seat-inventory.ts';
import { newTicketSecret } from '../tickets/ticket-secret.ts';

/** The columns of an `OrderLine` the kinds use. */
export interface CheckoutLine {
  id: string;
  kind: OrderLineKind;
  description: string;
  quantity: number;
  /** minor units */
  totalMinor: number;
  ticketCategoryId: string | null;
  /** RAFFLE_ENTRY lines (looked up by the kind when the caller did not select it) */
  raffleId?: string | null;
}

/** The order being fulfilled. */
export interface CheckoutOrder {
  id: string;
  code: string;
  customerId: string;
  /** "First Last" of the customer, printed on what is issued */
  holderName: string;
}

export interface CheckoutKind {
  /** Issues the line's items to the customer; returns how many were issued. */
  fulfil(tx: Tx, order: CheckoutOrder, line: CheckoutLine): Promise<number>;
  /** The LIABILITY account owed the line's net (credit-normal). */
  payableAccount(tx: Tx, line: CheckoutLine, currency: string): Promise<AccountSpec>;
  /** Platform fee in basis points, read when the order is paid (so later changes do not move it). */
  feeBps(tx: Tx, line: CheckoutLine): Promise<number>;
  /** Returns `units` of the line to the inventory (never below zero). */
  release(tx: Tx, line: CheckoutLine, units: number): Promise<void>;
}

interface TicketLineInfo {
  eventId: string;
  organizerId: string;
  platformFeeBps: number;
  /** reserved seating (issue 7): each ticket gets one of the order's seats */
  reservedSeating: boolean;
}

/** One lookup per category per transaction: fee, account and fulfilment all need the event. */
const ticketInfoCache = new WeakMap<Tx, Map<string, TicketLineInfo>>();

async function ticketLineInfo(tx: Tx, line: CheckoutLine): Promise<TicketLineInfo> {
  if (!line.ticketCategoryId) throw new Error(`EVENT_TICKET line ${line.id} has no ticket category`);
  let perTx = ticketInfoCache.get(tx);
  if (!perTx) {
    perTx = new Map();
    ticketInfoCache.set(tx, perTx);
  }
  const cached = perTx.get(line.ticketCategoryId);
  if (cached) return cached;
  const category = await tx.ticketCategory.findUniqueOrThrow({
    where: { id: line.ticketCategoryId },
    select: {
      eventId: true,
      event: {
        select: { organizerId: true, seatingMode: true, organizer: { select: { platformFeeBps: true } } },
      },
    },
  });
  const info = {
    eventId: category.eventId,
    organizerId: category.event.organizerId,
    platformFeeBps: category.event.organizer.platformFeeBps,
    reservedSeating: category.event.seatingMode === 'RESERVED',
  };
  perTx.set(line.ticketCategoryId, info);
  return info;
}

/**
 * Event tickets (seed 003 Plan 1 Phase 4): one signed ticket per unit, the organizer is owed the
 * net. Reserved seating (issue 7, ADR 0019): the order's held seats of the line's category turn
 * SOLD and each ticket carries one (`Ticket.seatId`); general admission does no seat work.
 */
const eventTicket: CheckoutKind = {
  async fulfil(tx, order, line) {
    const { eventId, reservedSeating } = await ticketLineInfo(tx, line);
    const seatIds = reservedSeating
      ? await sellOrderSeats(tx, {
          eventId,
          orderId: order.id,
          ticketCategoryId: line.ticketCategoryId!,
          quantity: line.quantity,
        })
      : null;
    const data = Array.from({ length: line.quantity }, (_, i) => ({
      reference: randomReference('T'),
      orderId: order.id,
      orderLineId: line.id,
      eventId,
      ticketCategoryId: line.ticketCategoryId!,
      holderId: order.customerId,
      attendeeName: order.holderName,
      secret: newTicketSecret(),
      ...(seatIds ? { seatId: seatIds[i] } : {}),
    }));
    await tx.ticket.createMany({ data });
    return data.length;
  },
  async payableAccount(tx, line, currency) {
    const { organizerId, eventId } = await ticketLineInfo(tx, line);
    return accounts.organizerPayable(organizerId, eventId, currency);
  },
  async feeBps(tx, line) {
    return (await ticketLineInfo(tx, line)).platformFeeBps;
  },
  async release(tx, line, units) {
    if (line.ticketCategoryId && units > 0) {
      await releaseCapacity(tx, line.ticketCategoryId, units);
      // reserved seating: the line's seats go back on sale (no row for general admission)
      await freeLineSeats(tx, line.id);
    }
  },
};

export const CHECKOUT_KINDS: { readonly [K in OrderLineKind]: CheckoutKind } = {
  EVENT_TICKET: eventTicket,
  /** raffle entries (issue 8; raffles/raffle-checkout.ts): numbered entries, proceeds account, no fee */
  RAFFLE_ENTRY: raffleEntryKind,
  /** NFC card fee and stored-value reloads (issue 7; nfc/nfc-checkout.ts) */
  NFC_CARD_FEE: nfcCardFeeKind,
  NFC_RELOAD: nfcReloadKind,
};

/** The registry entry of a line's kind. */
export function checkoutKind(kind: OrderLineKind): CheckoutKind {
  return CHECKOUT_KINDS[kind];
}

/**
 * The platform fee of one line: round(lineTotal × bps / 10 000), half away from zero, in minor
 * units. Rounding is per line so a refund of a whole line gives back exactly its fee share.
 */
export function lineFeeMinor(lineTotalMinor: number, feeBps: number): number {
  return Math.round((lineTotalMinor * feeBps) / 10_000);
}
