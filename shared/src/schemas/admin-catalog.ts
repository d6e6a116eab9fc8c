/**
 * Admin back office: events, tickets, venues and gates (seed 003 Plan 2 Phases 3, 4 and 10;
 * ADR 0022 for the list/filter/sort/CSV shape). Money is integer minor units with an ISO 4217
 * currency; instants are UTC; venues carry an IANA time zone.
 */
import { z } from 'zod';
import { ZEventCategory, ZEventStatus, ZScanDirection, ZTicketStatus, ZTicketTier } from '../enums.ts';
import { dateRangeRefinement, ZDateRange, ZListInput, ZQueryFlag, ZSearchText, ZSortInput } from './back-office.ts';
import { ZId, ZMobile, ZPage } from './common.ts';

// ───────────────────────────── shared pieces ─────────────────────────────

/** True for a time zone name the runtime's IANA database knows (Intl), e.g. Africa/Cairo, UTC. */
export function isIanaTimeZone(tz: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** True for an assigned ISO 3166-1 alpha-2 region code (Intl.DisplayNames knows its name). */
export function isIsoCountry(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false;
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(code);
    return !!name && name !== code;
  } catch {
    return false;
  }
}

export const ZTimeZone = z.string().trim().min(1, 'Required').max(64).refine(isIanaTimeZone, {
  message: 'Not an IANA time zone, e.g. Africa/Cairo',
});
export const ZCountryCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(isIsoCountry, { message: 'Use an ISO 3166-1 alpha-2 code, e.g. EG' });
export const ZCurrencyCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'Three letters, e.g. EGP')
  .transform((s) => s.toUpperCase());

const ZTitle = z.string().trim().min(3, 'At least 3 characters').max(200, 'At most 200 characters');
const ZImageUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => /^https?:\/\//.test(s) || s.startsWith('/uploads/'), { message: 'An http(s) URL or /uploads/ path' });
/** Why a ticket status changes (kept in the audit log). */
const ZReason = z.string().trim().min(3, 'At least 3 characters').max(500, 'At most 500 characters');

// ───────────────────────────── events ─────────────────────────────

export const ADMIN_EVENT_SORTS = ['startsAt', 'title', 'sold', 'createdAt'] as const;
export type TAdminEventSort = (typeof ADMIN_EVENT_SORTS)[number];

export const ZAdminEventFilters = ZDateRange.extend({
  status: ZEventStatus.optional(),
  category: ZEventCategory.optional(),
  organizerId: ZId.optional(),
  venueId: ZId.optional(),
  /** title, slug, organizer or venue name */
  q: ZSearchText.optional(),
});
/** `GET /api/events/` — `from`/`to` bound `startsAt` (UTC; `to` exclusive). */
export const ZAdminEventListInput = ZListInput(ADMIN_EVENT_SORTS, 'startsAt', 'desc')
  .extend(ZAdminEventFilters.shape)
  .refine(...dateRangeRefinement);
export type TAdminEventListInput = z.input<typeof ZAdminEventListInput>;
/** `GET /api/events/export.csv` */
export const ZAdminEventExportInput = ZAdminEventFilters.extend(
  ZSortInput(ADMIN_EVENT_SORTS, 'startsAt', 'desc').shape,
).refine(...dateRangeRefinement);

export const ZAdminEventRow = z.object({
  id: ZId,
  slug: z.string(),
  title: z.string(),
  status: ZEventStatus,
  category: ZEventCategory,
  featured: z.boolean(),
  scanningEnabled: z.boolean(),
  seatingMode: z.enum(['GENERAL_ADMISSION', 'RESERVED']),
  startsAt: z.date(),
  endsAt: z.date(),
  /** people allowed inside at once */
  capacity: z.number().int(),
  /** tickets VALID now (issued, not voided or refunded) */
  sold: z.number().int(),
  /** sum of the categories' quotas */
  quota: z.number().int(),
  organizer: z.object({ id: ZId, name: z.string() }),
  venue: z.object({ id: ZId, name: z.string(), city: z.string(), timeZone: z.string() }),
  createdAt: z.date(),
});
export type TAdminEventRow = z.infer<typeof ZAdminEventRow>;
export const ZAdminEventPage = ZPage(ZAdminEventRow);

export const ZAdminTicketCategory = z.object({
  id: ZId,
  name: z.string(),
  tier: ZTicketTier,
  description: z.string().nullable(),
  priceMinor: z.number().int(),
  currency: z.string(),
  quota: z.number().int(),
  /** held + sold: the quota may not go below it */
  reserved: z.number().int(),
  /** tickets VALID now */
  sold: z.number().int(),
  maxPerOrder: z.number().int(),
  sortOrder: z.number().int(),
});
export type TAdminTicketCategory = z.infer<typeof ZAdminTicketCategory>;

export const ZAdminEventDetail = ZAdminEventRow.extend({
  description: z.string(),
  imageUrl: z.string().nullable(),
  cancelledAt: z.date().nullable(),
  updatedAt: z.date(),
  ticketCategories: z.array(ZAdminTicketCategory),
  counts: z.object({
    /** orders with at least one line of this event (any status) */
    orders: z.number().int(),
    /** tickets issued (any status) */
    tickets: z.number().int(),
    checkedIn: z.number().int(),
    inside: z.number().int(),
  }),
});
export type TAdminEventDetail = z.infer<typeof ZAdminEventDetail>;

export const ZTicketCategoryInput = z.object({
  name: z.string().trim().min(1, 'Required').max(80, 'At most 80 characters'),
  tier: ZTicketTier.default('STANDARD'),
  description: z.string().trim().max(500).nullish(),
  /** minor units, e.g. 45000 = 450.00 EGP */
  priceMinor: z.number().int('Whole minor units').min(0, 'Not negative').max(100_000_000),
  quota: z.number().int().min(0, 'Not negative').max(1_000_000),
  maxPerOrder: z.number().int().min(1, 'At least 1').max(100, 'At most 100').default(10),
});

const uniqueNames = (cats: { name: string }[] | undefined, ctx: z.RefinementCtx, key: string) => {
  const seen = new Set<string>();
  cats?.forEach((c, i) => {
    const n = c.name.toLowerCase();
    if (seen.has(n)) ctx.addIssue({ code: 'custom', message: 'Name already used', path: [key, i, 'name'] });
    seen.add(n);
  });
};

/** `POST /api/events/` — starts a DRAFT; the signing key is generated by the server. */
export const ZAdminEventCreateInput = z
  .object({
    organizerId: ZId,
    venueId: ZId,
    title: ZTitle,
    description: z.string().trim().max(10_000).default(''),
    category: ZEventCategory,
    /** UTC instant (ISO 8601) */
    startsAt: z.coerce.date(),
    /** UTC instant after `startsAt` */
    endsAt: z.coerce.date(),
    capacity: z.number().int().min(1, 'At least 1').max(1_000_000),
    imageUrl: ZImageUrl.nullish(),
    /** ISO 4217 of every category's price */
    currency: ZCurrencyCode.default('EGP'),
    ticketCategories: z.array(ZTicketCategoryInput).min(1, 'Add at least one ticket category').max(20),
  })
  .superRefine((v, ctx) => {
    if (v.endsAt <= v.startsAt) ctx.addIssue({ code: 'custom', message: 'Must be after the start', path: ['endsAt'] });
    uniqueNames(v.ticketCategories, ctx, 'ticketCategories');
  });
export type TAdminEventCreateInput = z.input<typeof ZAdminEventCreateInput>;

/** `PUT /api/events/{id}/` — partial; categories with an `id` are edited, without one added. */
export const ZAdminEventUpdateInput = z
  .object({
    id: ZId,
    organizerId: ZId.optional(),
    venueId: ZId.optional(),
    title: ZTitle.optional(),
    description: z.string().trim().max(10_000).optional(),
    category: ZEventCategory.optional(),
    startsAt: z.coerce.date().optional(),
    endsAt: z.coerce.date().optional(),
    capacity: z.number().int().min(1, 'At least 1').max(1_000_000).optional(),
    imageUrl: ZImageUrl.nullable().optional(),
    featured: z.boolean().optional(),
    ticketCategories: z
      .array(ZTicketCategoryInput.extend({ id: ZId.optional() }))
      .max(20)
      .optional(),
    /** categories to delete (only when nothing was ever ordered from them) */
    removeTicketCategoryIds: z.array(ZId).max(20).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.startsAt && v.endsAt && v.endsAt <= v.startsAt) {
      ctx.addIssue({ code: 'custom', message: 'Must be after the start', path: ['endsAt'] });
    }
    uniqueNames(v.ticketCategories, ctx, 'ticketCategories');
  });
export type TAdminEventUpdateInput = z.input<typeof ZAdminEventUpdateInput>;

export const ZCatalogIdInput = z.object({ id: ZId });
export const ZScanningInput = z.object({ id: ZId, enabled: z.boolean() });
export const ZDeleted = z.object({ ok: z.literal(true), id: ZId });

/** `GET /api/catalog/options/` takes nothing. */
export const ZCatalogOptionsInput = z.object({});
/** Pick lists for the event form's organizer and venue selects. */
export const ZCatalogOptions = z.object({
  organizers: z.array(z.object({ id: ZId, name: z.string() })),
  venues: z.array(z.object({ id: ZId, name: z.string(), city: z.string(), timeZone: z.string() })),
});

// ───────────────────────────── tickets ─────────────────────────────

export const ADMIN_TICKET_SORTS = ['createdAt', 'reference', 'attendeeName', 'checkedInAt', 'updatedAt'] as const;
export const ZAdminTicketFilters = z.object({
  eventId: ZId.optional(),
  status: ZTicketStatus.optional(),
  /** 'true': admitted at least once; 'false': never */
  checkedIn: ZQueryFlag.optional(),
  /** holder name, mobile, e-mail, or the attendee name */
  q: ZSearchText.optional(),
  /** exact ticket reference, e.g. T-4F7K2M9Q (case-insensitive) */
  reference: z.string().trim().min(1).max(40).optional(),
});
/** `GET /api/tickets/` */
export const ZAdminTicketListInput = ZListInput(ADMIN_TICKET_SORTS, 'createdAt', 'desc').extend(
  ZAdminTicketFilters.shape,
);
export type TAdminTicketListInput = z.input<typeof ZAdminTicketListInput>;
/** `GET /api/tickets/export.csv` */
export const ZAdminTicketExportInput = ZAdminTicketFilters.extend(
  ZSortInput(ADMIN_TICKET_SORTS, 'createdAt', 'desc').shape,
);

export const ZAdminTicketRow = z.object({
  id: ZId,
  reference: z.string(),
  status: ZTicketStatus,
  attendeeName: z.string(),
  labels: z.array(z.string()),
  checkedInAt: z.date().nullable(),
  inside: z.boolean(),
  entries: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  event: z.object({ id: ZId, title: z.string(), startsAt: z.date() }),
  category: z.object({ id: ZId, name: z.string(), tier: ZTicketTier }),
  holder: z.object({
    id: ZId,
    name: z.string(),
    mobile: z.string().nullable(),
    email: z.string().nullable(),
  }),
  order: z.object({ id: ZId, code: z.string() }),
});
export type TAdminTicketRow = z.infer<typeof ZAdminTicketRow>;
export const ZAdminTicketPage = ZPage(ZAdminTicketRow);

export const ZAdminTicketDetail = ZAdminTicketRow.extend({
  order: z.object({
    id: ZId,
    code: z.string(),
    status: z.string(),
    totalMinor: z.number().int(),
    currency: z.string(),
    paidAt: z.date().nullable(),
    createdAt: z.date(),
  }),
  priceMinor: z.number().int(),
  currency: z.string(),
  checkIns: z.array(
    z.object({
      id: ZId,
      method: z.enum(['QR', 'NFC', 'MANUAL']),
      result: z.enum(['VALID', 'INVALID', 'ALREADY_SCANNED', 'NOT_FOUND']),
      reason: z.string().nullable(),
      direction: ZScanDirection,
      gateName: z.string().nullable(),
      byName: z.string(),
      scannedAt: z.date(),
      offline: z.boolean(),
    }),
  ),
  revocations: z.array(z.object({ id: ZId, reason: z.string(), revokedAt: z.date() })),
});
export type TAdminTicketDetail = z.infer<typeof ZAdminTicketDetail>;

/** `PUT /api/tickets/{id}/` — status VALID ↔ VOID (with a reason) and/or the usher labels. */
export const ZAdminTicketUpdateInput = z
  .object({
    id: ZId,
    status: z.enum(['VALID', 'VOID']).optional(),
    reason: ZReason.optional(),
    labels: z.array(z.string().trim().min(1).max(40)).max(10, 'At most 10 labels').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.status && !v.reason) ctx.addIssue({ code: 'custom', message: 'Say why', path: ['reason'] });
    if (!v.status && v.labels === undefined) {
      ctx.addIssue({ code: 'custom', message: 'Nothing to change', path: ['status'] });
    }
  });
export type TAdminTicketUpdateInput = z.input<typeof ZAdminTicketUpdateInput>;

/** `POST /api/tickets/{id}/check-in/` — a manual admission (method MANUAL). */
export const ZAdminTicketCheckInInput = z.object({ id: ZId, gateId: ZId.optional() });
export const ZAdminCheckInResult = z.object({
  checkInId: ZId,
  result: z.enum(['VALID', 'INVALID', 'ALREADY_SCANNED', 'NOT_FOUND']),
  reason: z.string().nullable(),
  message: z.string(),
  firstCheckedInAt: z.date().nullable(),
});

/** `POST /api/tickets/{id}/transfer/` — moves the ticket to the customer with this mobile. */
export const ZAdminTicketTransferInput = z.object({
  id: ZId,
  mobile: ZMobile,
  /** the attendee name printed on the ticket (default: the new holder's name) */
  attendeeName: z.string().trim().min(1).max(120).optional(),
  reason: ZReason,
});

// ───────────────────────────── venues ─────────────────────────────

export const ADMIN_VENUE_SORTS = ['name', 'city', 'capacity', 'createdAt'] as const;
export const ZAdminVenueFilters = z.object({
  /** name, address or city */
  q: ZSearchText.optional(),
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'Two letters')
    .transform((s) => s.toUpperCase())
    .optional(),
});
/** `GET /api/venues/` */
export const ZAdminVenueListInput = ZListInput(ADMIN_VENUE_SORTS, 'name', 'asc').extend(ZAdminVenueFilters.shape);
export type TAdminVenueListInput = z.input<typeof ZAdminVenueListInput>;
/** `GET /api/venues/export.csv` */
export const ZAdminVenueExportInput = ZAdminVenueFilters.extend(ZSortInput(ADMIN_VENUE_SORTS, 'name', 'asc').shape);

export const ZGate = z.object({ id: ZId, name: z.string() });
export const ZAdminVenue = z.object({
  id: ZId,
  name: z.string(),
  address: z.string(),
  city: z.string(),
  country: z.string(),
  timeZone: z.string(),
  capacity: z.number().int(),
  gates: z.array(ZGate),
  /** events held here (any status) */
  events: z.number().int(),
  createdAt: z.date(),
});
export type TAdminVenue = z.infer<typeof ZAdminVenue>;
export const ZAdminVenuePage = ZPage(ZAdminVenue);

const ZGateName = z.string().trim().min(1, 'Required').max(60, 'At most 60 characters');
const venueFields = {
  name: z.string().trim().min(2, 'At least 2 characters').max(120, 'At most 120 characters'),
  address: z.string().trim().min(3, 'At least 3 characters').max(300, 'At most 300 characters'),
  city: z.string().trim().min(2, 'At least 2 characters').max(80, 'At most 80 characters'),
  country: ZCountryCode,
  timeZone: ZTimeZone,
  capacity: z.number().int().min(1, 'At least 1').max(1_000_000),
};
const uniqueGates = (gates: string[] | undefined, ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  gates?.forEach((g, i) => {
    if (seen.has(g.toLowerCase())) ctx.addIssue({ code: 'custom', message: 'Gate already listed', path: ['gates', i] });
    seen.add(g.toLowerCase());
  });
};
/** `POST /api/venues/` */
export const ZAdminVenueCreateInput = z
  .object({ ...venueFields, gates: z.array(ZGateName).max(50).default([]) })
  .superRefine((v, ctx) => uniqueGates(v.gates, ctx));
export type TAdminVenueCreateInput = z.input<typeof ZAdminVenueCreateInput>;
/** `PUT /api/venues/{id}/` — partial (gates are edited with the gate procedures). */
export const ZAdminVenueUpdateInput = z.object({
  id: ZId,
  name: venueFields.name.optional(),
  address: venueFields.address.optional(),
  city: venueFields.city.optional(),
  country: ZCountryCode.optional(),
  timeZone: ZTimeZone.optional(),
  capacity: venueFields.capacity.optional(),
});
export type TAdminVenueUpdateInput = z.input<typeof ZAdminVenueUpdateInput>;

/** `POST /api/venues/{venueId}/gates/` */
export const ZGateCreateInput = z.object({ venueId: ZId, name: ZGateName });
/** `PUT /api/venues/{venueId}/gates/{gateId}/` */
export const ZGateUpdateInput = z.object({ venueId: ZId, gateId: ZId, name: ZGateName });
/** `DELETE /api/venues/{venueId}/gates/{gateId}/` */
export const ZGateDeleteInput = z.object({ venueId: ZId, gateId: ZId });
