/**
 * Organizer portal (seed 003 Plan 3): dashboard stats, own events with analytics, event edit
 * requests (reviewed by admins, ADR 0021) and the organizer's profile. Money is integer minor
 * units with an ISO 4217 currency; days are UTC calendar days `YYYY-MM-DD`; instants are UTC.
 */
import { z } from 'zod';
import { ZEventCategory, ZEventStatus, ZTicketTier } from '../enums.ts';
import { ZProfile } from './account.ts';
import { ZEmail } from './auth.ts';
import { ZId, ZMobile, ZPage, ZPageInput, ZPersonName } from './common.ts';

// ───────────────────────────── dashboard ─────────────────────────────

/** One UTC day of sales: tickets sold that day (orders paid that day) and their ticket total. */
export const ZOrganizerSalesDay = z.object({
  /** UTC calendar day, `YYYY-MM-DD` */
  date: z.string(),
  tickets: z.number().int(),
  amountMinor: z.number().int(),
});
export type TOrganizerSalesDay = z.infer<typeof ZOrganizerSalesDay>;

/** The organizer's books in one currency, read from the ledger (organizer payable accounts). */
export const ZOrganizerMoney = z.object({
  currency: z.string().length(3),
  /** ticket sales before the platform fee */
  grossMinor: z.number().int(),
  feesMinor: z.number().int(),
  /** taken back from the organizer by refunds */
  refundsMinor: z.number().int(),
  /** disputes, corrections */
  adjustmentsMinor: z.number().int(),
  /** what the organizer earned: gross − fees − refunds − adjustments */
  netMinor: z.number().int(),
  paidOutMinor: z.number().int(),
  /** net − paid out (= −Σ payable balances) */
  owedMinor: z.number().int(),
  /** payouts created and not sent yet */
  pendingPayoutMinor: z.number().int(),
});
export type TOrganizerMoney = z.infer<typeof ZOrganizerMoney>;

export const ZOrganizerDashboardStats = z.object({
  organizer: z.object({ id: ZId, name: z.string() }),
  events: z.object({
    /** published, not ended yet */
    upcoming: z.number().int(),
    /** published, ended */
    past: z.number().int(),
    draft: z.number().int(),
    cancelled: z.number().int(),
    total: z.number().int(),
  }),
  /** valid tickets of the organizer's events (refunded and void ones excluded) */
  ticketsSold: z.number().int(),
  refundedTickets: z.number().int(),
  /** per currency, the main one (largest gross) first; empty before the first sale */
  money: z.array(ZOrganizerMoney),
  /** the main currency (`money[0].currency`), null before the first sale */
  currency: z.string().nullable(),
  checkIn: z.object({
    /** distinct valid tickets admitted at least once */
    admitted: z.number().int(),
    /** valid tickets of events that have started */
    expected: z.number().int(),
    /** admitted / expected in [0, 1]; null when no started event sold a ticket */
    rate: z.number().nullable(),
  }),
  pendingPayouts: z.object({ count: z.number().int() }),
  /** the last 30 UTC days, oldest first, today included; amounts in `currency` */
  salesByDay: z.array(ZOrganizerSalesDay),
  generatedAt: z.date(),
});
export type TOrganizerDashboardStats = z.infer<typeof ZOrganizerDashboardStats>;

// ───────────────────────────── events ─────────────────────────────

export const ORGANIZER_EVENT_SORTS = ['startsAt', 'title', 'createdAt'] as const;

export const ZOrganizerEventsInput = ZPageInput.extend({
  status: ZEventStatus.optional(),
  /** upcoming: not ended yet; past: ended (by `endsAt`, UTC) */
  when: z.enum(['upcoming', 'past']).optional(),
  /** matched against the title and the venue name */
  q: z.string().trim().min(1).max(100).optional(),
  sort: z.enum(ORGANIZER_EVENT_SORTS).default('startsAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type TOrganizerEventsInput = z.input<typeof ZOrganizerEventsInput>;

export const ZOrganizerVenue = z.object({ id: ZId, name: z.string(), city: z.string(), timeZone: z.string() });

export const ZOrganizerEventSummary = z.object({
  id: ZId,
  slug: z.string(),
  title: z.string(),
  category: ZEventCategory,
  status: ZEventStatus,
  imageUrl: z.string().nullable(),
  startsAt: z.date(),
  endsAt: z.date(),
  venue: ZOrganizerVenue,
  /** valid tickets sold */
  sold: z.number().int(),
  /** Σ ticket category quotas (what can be sold) */
  quota: z.number().int(),
  /** people allowed inside at once */
  capacity: z.number().int(),
  /** an edit request is waiting for an admin */
  pendingEditRequest: z.boolean(),
});
export type TOrganizerEventSummary = z.infer<typeof ZOrganizerEventSummary>;
export const ZOrganizerEventPage = ZPage(ZOrganizerEventSummary);

export const ZOrganizerEventIdInput = z.object({ id: ZId });

export const ZOrganizerEventDetail = ZOrganizerEventSummary.extend({
  description: z.string(),
  seatingMode: z.enum(['GENERAL_ADMISSION', 'RESERVED']),
  /** ticket categories' currency; null when the event has none */
  currency: z.string().nullable(),
  analytics: z.object({
    /** tickets sold (valid) and their gross ticket total (paid order lines, before refunds) */
    ticketsSold: z.number().int(),
    grossMinor: z.number().int(),
    /** from the first sale day to today (or the event's end), UTC days, at most 366 */
    salesByDay: z.array(ZOrganizerSalesDay),
    byCategory: z.array(
      z.object({
        id: ZId,
        name: z.string(),
        tier: ZTicketTier,
        priceMinor: z.number().int(),
        currency: z.string(),
        quota: z.number().int(),
        /** valid tickets */
        sold: z.number().int(),
        /** held by unpaid orders right now */
        held: z.number().int(),
        /** paid line totals of this category, refunds not deducted */
        revenueMinor: z.number().int(),
      }),
    ),
    checkIn: z.object({
      sold: z.number().int(),
      /** distinct tickets admitted at least once */
      admitted: z.number().int(),
      inside: z.number().int(),
      /** admitted / sold, null before any sale */
      rate: z.number().nullable(),
      byGate: z.array(
        z.object({ gateId: ZId.nullable(), name: z.string(), admitted: z.number().int(), inside: z.number().int() }),
      ),
    }),
    refunds: z.object({
      refundedTickets: z.number().int(),
      /** succeeded refunds of this event's orders */
      amountMinor: z.number().int(),
      pendingRequests: z.number().int(),
    }),
  }),
});
export type TOrganizerEventDetail = z.infer<typeof ZOrganizerEventDetail>;

// ───────────────────────────── edit requests ─────────────────────────────

/** Image URLs: https, or a file of our own upload store (`/uploads/…`). */
export const ZEditImageUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => /^https:\/\/[^\s]+$/i.test(v) || /^\/uploads\/[a-z0-9/._-]+$/i.test(v), {
    message: 'An https:// URL or an uploaded image (/uploads/…)',
  });

/**
 * The fields an organizer may ask to change (ADR 0021): the whitelist. Unknown keys are refused.
 * `imageUrl: null` removes the image. Instants are UTC.
 */
export const ZEventChanges = z
  .object({
    title: z.string().trim().min(3, 'At least 3 characters').max(200),
    description: z.string().trim().min(1, 'Required').max(5000),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    imageUrl: ZEditImageUrl.nullable(),
    category: ZEventCategory,
    venueId: ZId,
  })
  .partial()
  .strict();
export type TEventChanges = z.infer<typeof ZEventChanges>;
export const EDITABLE_EVENT_FIELDS = [
  'title',
  'description',
  'startsAt',
  'endsAt',
  'imageUrl',
  'category',
  'venueId',
] as const satisfies readonly (keyof TEventChanges)[];

export const ZCreateEditRequestInput = z.object({
  id: ZId,
  changes: ZEventChanges.refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: 'Change at least one field',
  }).refine((c) => !c.startsAt || !c.endsAt || c.endsAt > c.startsAt, {
    message: 'The end must be after the start',
    path: ['endsAt'],
  }),
  reason: z.string().trim().min(3, 'Tell the reviewer why (at least 3 characters)').max(1000),
});
export type TCreateEditRequestInput = z.input<typeof ZCreateEditRequestInput>;

export const ZEditRequestStatus = z.enum(['PENDING', 'APPROVED', 'REJECTED']);

/** What a field looks like in a request: the proposed value and the event's value now. */
const ZEventFieldValues = z.object({
  title: z.string().optional(),
  description: z.string().optional(),
  startsAt: z.date().optional(),
  endsAt: z.date().optional(),
  imageUrl: z.string().nullable().optional(),
  category: ZEventCategory.optional(),
  venueId: ZId.optional(),
  /** the venue's name (for venueId) */
  venueName: z.string().optional(),
});

export const ZEditRequest = z.object({
  id: ZId,
  eventId: ZId,
  eventTitle: z.string(),
  organizerName: z.string(),
  status: ZEditRequestStatus,
  /** the proposed values of the changed fields only */
  changes: ZEventFieldValues,
  /** the values before: the event's now for a pending or rejected request, the replaced ones for an approved one */
  current: ZEventFieldValues,
  reason: z.string(),
  requestedBy: z.object({ id: ZId, name: z.string() }),
  reviewedBy: z.object({ id: ZId, name: z.string() }).nullable(),
  reviewNote: z.string().nullable(),
  reviewedAt: z.date().nullable(),
  createdAt: z.date(),
});
export type TEditRequest = z.infer<typeof ZEditRequest>;
export const ZEditRequestPage = ZPage(ZEditRequest);

export const ZOrganizerEditRequestsInput = ZPageInput.extend({
  eventId: ZId.optional(),
  status: ZEditRequestStatus.optional(),
});
export const ZAdminEditRequestsInput = ZOrganizerEditRequestsInput.extend({ organizerId: ZId.optional() });
export type TAdminEditRequestsInput = z.input<typeof ZAdminEditRequestsInput>;
export const ZEditRequestIdInput = z.object({ id: ZId });
export const ZApproveEditRequestInput = z.object({ id: ZId, note: z.string().trim().max(1000).optional() });
export const ZRejectEditRequestInput = z.object({
  id: ZId,
  note: z.string().trim().min(3, 'Tell the organizer why (at least 3 characters)').max(1000),
});

// ───────────────────────────── profile ─────────────────────────────

export const ZOrganizerOrganization = z.object({
  id: ZId,
  name: z.string(),
  slug: z.string(),
  logoUrl: z.string().nullable(),
  description: z.string().nullable(),
  website: z.string().nullable(),
  contactEmail: z.string(),
  contactPhone: z.string(),
});

/** `GET /api/organizer/profile/`: the user's profile with the organizer's public profile. */
export const ZOrganizerProfile = ZProfile.extend({ organizer: ZOrganizerOrganization.nullable() });
export type TOrganizerProfile = z.infer<typeof ZOrganizerProfile>;

/** `PUT /api/organizer/profile/`: every field optional; `null` clears description/website. */
export const ZUpdateOrganizerProfileInput = z
  .object({
    organizationName: z.string().trim().min(2, 'At least 2 characters').max(120),
    description: z.string().trim().max(2000).nullable(),
    website: z
      .string()
      .trim()
      .max(300)
      .regex(/^https?:\/\/[^\s.]+\.[^\s]+$/i, 'A web address starting with https://')
      .nullable(),
    contactEmail: ZEmail,
    contactPhone: ZMobile,
    firstName: ZPersonName,
    lastName: ZPersonName,
  })
  .partial()
  .strict();
export type TUpdateOrganizerProfileInput = z.input<typeof ZUpdateOrganizerProfileInput>;

/** `POST /api/organizer/profile/logo/` answer. */
export const ZOrganizerLogo = z.object({ logoUrl: z.string() });
