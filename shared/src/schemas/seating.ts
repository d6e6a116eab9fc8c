/**
 * Reserved seating (issue 7 "Seating"; ADR 0019): seat maps of a venue, the per-event seat
 * states, holds and seat bookings. Modelled on pretix's seating plans (a plan of zones → rows →
 * seats with coordinates, seats mapped to products per event) and its seat reservations in the
 * cart (a seat is blocked while it is in someone's cart, until the cart expires).
 */
import { z } from 'zod';
import { ZId } from './common.ts';

export const ZSeatStatus = z.enum(['AVAILABLE', 'HELD', 'SOLD', 'BLOCKED']);
export type TSeatStatus = z.infer<typeof ZSeatStatus>;

const ZCoordinate = z.number().finite().min(0).max(100_000);
const ZLabel = z.string().trim().min(1, 'Required').max(20, 'At most 20 characters');

/** One seat of an imported row: `number` as printed on the seat, centre at (x, y) in map units. */
export const ZSeatImport = z.object({
  number: ZLabel,
  x: ZCoordinate,
  y: ZCoordinate,
  accessible: z.boolean().optional(),
});

/** One row of an imported section: its label (e.g. "A") and its seats. */
export const ZRowImport = z.object({
  label: ZLabel,
  seats: z.array(ZSeatImport).min(1, 'A row needs at least one seat').max(500),
});

/**
 * The generator shortcut of a section: `rows` × `seatsPerRow` seats laid out on a grid starting
 * at `origin` with `spacing` between seat centres. Rows are labelled A, B, … Z, AA, AB … (or 1, 2,
 * … with `rowLabels: 'numbers'`) from `firstRow`; seats are numbered 1 … seatsPerRow left to right.
 */
export const ZSectionGenerator = z.object({
  rows: z.number().int().min(1).max(100),
  seatsPerRow: z.number().int().min(1).max(200),
  origin: z.object({ x: ZCoordinate, y: ZCoordinate }).default({ x: 20, y: 20 }),
  spacing: z
    .object({ x: z.number().finite().min(1).max(1000), y: z.number().finite().min(1).max(1000) })
    .default({ x: 24, y: 28 }),
  rowLabels: z.enum(['letters', 'numbers']).default('letters'),
});
export type TSectionGenerator = z.infer<typeof ZSectionGenerator>;

/** A section: explicit `rows`, or `generate` (exactly one of them). */
export const ZSectionImport = z
  .object({
    name: z.string().trim().min(1, 'Required').max(60, 'At most 60 characters'),
    rows: z.array(ZRowImport).max(200).optional(),
    generate: ZSectionGenerator.optional(),
  })
  .refine((s) => (s.rows ? 1 : 0) + (s.generate ? 1 : 0) === 1, {
    message: 'Give either rows or generate',
    path: ['rows'],
  });
export type TSectionImport = z.infer<typeof ZSectionImport>;

/** The seat map import format (docs/decisions/0019-seating-and-holds.md "Import format"). */
export const ZSeatMapImport = z.object({
  name: z.string().trim().min(1, 'Required').max(80, 'At most 80 characters'),
  width: z.number().int().min(100).max(20_000).default(1000),
  height: z.number().int().min(100).max(20_000).default(800),
  sections: z.array(ZSectionImport).min(1, 'At least one section').max(50),
});
export type TSeatMapImport = z.infer<typeof ZSeatMapImport>;

export const ZVenueIdInput = z.object({ venueId: ZId });
export const ZSeatMapIdInput = z.object({ venueId: ZId, id: ZId });
export const ZCreateSeatMapInput = ZSeatMapImport.extend({ venueId: ZId });
export type TCreateSeatMapInput = z.infer<typeof ZCreateSeatMapInput>;
/** Rename/resize, and with `sections` replace the whole layout (refused once seats were sold). */
export const ZUpdateSeatMapInput = z.object({
  venueId: ZId,
  id: ZId,
  name: ZSeatMapImport.shape.name.optional(),
  width: z.number().int().min(100).max(20_000).optional(),
  height: z.number().int().min(100).max(20_000).optional(),
  sections: ZSeatMapImport.shape.sections.optional(),
});
export type TUpdateSeatMapInput = z.infer<typeof ZUpdateSeatMapInput>;

export const ZSeatMapSummary = z.object({
  id: ZId,
  venueId: ZId,
  name: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  sectionCount: z.number().int(),
  seatCount: z.number().int(),
  /** events using this map */
  eventCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TSeatMapSummary = z.infer<typeof ZSeatMapSummary>;
export const ZSeatMapList = z.object({ items: z.array(ZSeatMapSummary) });

export const ZSeatMapDetail = ZSeatMapSummary.extend({
  sections: z.array(
    z.object({
      id: ZId,
      name: z.string(),
      sortOrder: z.number().int(),
      seats: z.array(
        z.object({
          id: ZId,
          row: z.string(),
          number: z.string(),
          x: z.number(),
          y: z.number(),
          accessible: z.boolean(),
        }),
      ),
    }),
  ),
  events: z.array(z.object({ id: ZId, title: z.string(), startsAt: z.date(), soldSeats: z.number().int() })),
});
export type TSeatMapDetail = z.infer<typeof ZSeatMapDetail>;

export const ZDeletedSeatMap = z.object({ id: ZId, deleted: z.literal(true) });

/** Section id → ticket category id; sections left out are not sold for this event. */
export const ZAssignSeatMapInput = z.object({
  eventId: ZId,
  seatMapId: ZId,
  categoryBySection: z
    .record(ZId, ZId)
    .refine((m) => Object.keys(m).length > 0, { message: 'Map at least one section to a ticket category' }),
});
export type TAssignSeatMapInput = z.infer<typeof ZAssignSeatMapInput>;
export const ZAssignSeatMapResult = z.object({
  eventId: ZId,
  seatMapId: ZId,
  seatingMode: z.literal('RESERVED'),
  seats: z.number().int(),
  /** the quota each category got (= its seat count) */
  quotas: z.array(z.object({ ticketCategoryId: ZId, name: z.string(), quota: z.number().int() })),
});

export const ZEventSeatsInput = z.object({ eventId: ZId });

/** The public seat map of an event: one entry per sellable seat, with its live state. */
export const ZEventSeatMap = z.object({
  eventId: ZId,
  seatMapId: ZId,
  name: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  /** minutes a hold lasts (`SEAT_HOLD_MINUTES`) */
  holdMinutes: z.number().int(),
  categories: z.array(
    z.object({
      id: ZId,
      name: z.string(),
      priceMinor: z.number().int(),
      currency: z.string(),
      maxPerOrder: z.number().int(),
    }),
  ),
  sections: z.array(z.object({ id: ZId, name: z.string() })),
  seats: z.array(
    z.object({
      /** the seat's id (`Seat.id`; what hold/release/book take and the ticket carries) */
      id: ZId,
      sectionId: ZId,
      /** e.g. "Orchestra · Row C · Seat 12" */
      label: z.string(),
      row: z.string(),
      number: z.string(),
      x: z.number(),
      y: z.number(),
      accessible: z.boolean(),
      categoryId: ZId,
      /** minor units, the category's price */
      priceMinor: z.number().int(),
      /** a lapsed hold reads AVAILABLE */
      status: ZSeatStatus,
      /** HELD: when the hold lapses (UTC) */
      heldUntil: z.date().nullable(),
      /** held by the signed-in caller */
      mine: z.boolean(),
    }),
  ),
});
export type TEventSeatMap = z.infer<typeof ZEventSeatMap>;

/** At most 10 seats per request (and the category's maxPerOrder). */
export const ZSeatsInput = z.object({
  eventId: ZId,
  seatIds: z
    .array(ZId)
    .min(1, 'Choose at least one seat')
    .max(10, 'At most 10 seats')
    .refine((ids) => new Set(ids).size === ids.length, { message: 'A seat is listed twice' }),
});
export type TSeatsInput = z.infer<typeof ZSeatsInput>;

export const ZSeatHold = z.object({
  eventId: ZId,
  seatIds: z.array(ZId),
  /** the hold lapses at this instant (UTC) */
  heldUntil: z.date(),
});
export const ZSeatRelease = z.object({ eventId: ZId, seatIds: z.array(ZId) });

/** The customer ticket's seat (printed on the ticket). */
export const ZTicketSeat = z.object({ section: z.string(), row: z.string(), number: z.string() });
export type TTicketSeat = z.infer<typeof ZTicketSeat>;
