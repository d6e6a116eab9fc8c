/**
 * The customer web app's own extras (seed 003 Plan 1 Phases 3 and 6): profile edit, ticket
 * transfer and gift (ADR 0020), dependents, favourite events and personal analytics.
 * Money is integer minor units plus ISO 4217 currency; instants are UTC.
 */
import { z } from 'zod';
import { ZEventCategory, ZEventStatus, ZRole } from '../enums.ts';
import { ZEmail } from './auth.ts';
import { ZId, ZMobile, ZMoney, ZPage, ZPageInput, ZPersonName } from './common.ts';

// ───────────────────────────── profile ─────────────────────────────

/** ABO and RhD: the eight blood types a first-aid team works with. */
export const BLOOD_TYPES = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;
export const ZBloodType = z.enum(BLOOD_TYPES, { error: 'Choose one of A+, A-, B+, B-, AB+, AB-, O+, O-' });
export type TBloodType = z.infer<typeof ZBloodType>;

/** The customer's full profile: `GET /v1/users/me/`'s fields plus the editable extras. */
export const ZCustomerProfile = z.object({
  id: ZId,
  role: ZRole,
  firstName: z.string(),
  lastName: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  username: z.string().nullable(),
  photoUrl: z.string().nullable(),
  emergencyContact: z.string().nullable(),
  bloodType: ZBloodType.nullable(),
  emailVerified: z.boolean(),
  createdAt: z.date(),
});
export type TCustomerProfile = z.infer<typeof ZCustomerProfile>;

/**
 * `PUT /v1/users/profile/`: fields left out stay as they are; `null` (or an empty string) clears
 * an optional one. The mobile number changes only through its own verified flow.
 */
export const ZUpdateProfileInput = z.object({
  firstName: ZPersonName.optional(),
  lastName: ZPersonName.optional(),
  email: z
    .union([z.literal('').transform(() => null), ZEmail])
    .nullable()
    .optional(),
  emergencyContact: z
    .string()
    .trim()
    .max(120, 'At most 120 characters')
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional(),
  bloodType: z
    .union([z.literal('').transform(() => null), ZBloodType])
    .nullable()
    .optional(),
  photoUrl: z
    .union([
      z.literal('').transform(() => null),
      z.url({ protocol: /^https?$/, error: 'Use an http(s) address' }).max(2000),
      // a photo uploaded to `POST /v1/users/profile/photo/` (served from /uploads/)
      z.string().regex(/^\/uploads\/[a-z0-9][a-z0-9/-]*\.[a-z0-9]+$/, 'Use an http(s) address'),
    ])
    .nullable()
    .optional(),
});
export type TUpdateProfileInput = z.infer<typeof ZUpdateProfileInput>;

// ───────────────────────────── transfers ─────────────────────────────

export const ZTicketTransferKind = z.enum(['TRANSFER', 'GIFT']);
export const ZTicketTransferStatus = z.enum(['PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED', 'EXPIRED']);
export type TTicketTransferStatus = z.infer<typeof ZTicketTransferStatus>;

/** `POST /v1/users/tickets/{id}/transfer/`: the recipient's mobile number (E.164). */
export const ZTransferTicketInput = z.object({ id: ZId, mobile: ZMobile });
export type TTransferTicketInput = z.infer<typeof ZTransferTicketInput>;

/** `POST /v1/users/tickets/{id}/gift/`: as a transfer, with an optional message for the recipient. */
export const ZGiftTicketInput = ZTransferTicketInput.extend({
  message: z
    .string()
    .trim()
    .max(500, 'At most 500 characters')
    .transform((s) => (s === '' ? undefined : s))
    .optional(),
});
export type TGiftTicketInput = z.infer<typeof ZGiftTicketInput>;

export const ZTicketTransfer = z.object({
  id: ZId,
  kind: ZTicketTransferKind,
  /** PENDING past `expiresAt` reads EXPIRED */
  status: ZTicketTransferStatus,
  message: z.string().nullable(),
  expiresAt: z.date(),
  respondedAt: z.date().nullable(),
  createdAt: z.date(),
  from: z.object({ name: z.string() }),
  /** the sender typed this number, so the sender sees it; the recipient sees only the sender's name */
  to: z.object({ name: z.string(), mobile: z.string().nullable() }),
  ticket: z.object({
    id: ZId,
    reference: z.string(),
    categoryName: z.string(),
    event: z.object({
      id: ZId,
      title: z.string(),
      startsAt: z.date(),
      venueName: z.string(),
      city: z.string(),
      timeZone: z.string(),
    }),
  }),
});
export type TTicketTransfer = z.infer<typeof ZTicketTransfer>;
export const ZTicketTransferPage = ZPage(ZTicketTransfer);
export const ZTransferListInput = ZPageInput.extend({ status: ZTicketTransferStatus.optional() });
export type TTransferListInput = z.infer<typeof ZTransferListInput>;
export const ZTransferIdInput = z.object({ id: ZId });

/** What accepting returns: the transfer and the recipient's ticket id (its QR is new). */
export const ZAcceptTransferResult = z.object({ transfer: ZTicketTransfer, ticketId: ZId });

// ───────────────────────────── dependents ─────────────────────────────

const ZDateOfBirth = z.iso
  .date('Use YYYY-MM-DD')
  .refine((d) => d >= '1900-01-01' && d <= new Date().toISOString().slice(0, 10), 'Not a plausible date of birth');

export const ZDependentFields = z.object({
  firstName: ZPersonName,
  lastName: ZPersonName,
  /** e.g. Son, Daughter, Spouse, Parent, Friend */
  relationship: z.string().trim().min(1, 'Required').max(40, 'At most 40 characters'),
  /** a calendar date (YYYY-MM-DD), no time zone */
  dateOfBirth: z
    .union([z.literal('').transform(() => null), ZDateOfBirth])
    .nullable()
    .optional(),
});
export const ZCreateDependentInput = ZDependentFields;
export type TCreateDependentInput = z.infer<typeof ZCreateDependentInput>;
export const ZUpdateDependentInput = ZDependentFields.partial().extend({ id: ZId });
export type TUpdateDependentInput = z.infer<typeof ZUpdateDependentInput>;
export const ZDependentIdInput = z.object({ id: ZId });

export const ZDependent = z.object({
  id: ZId,
  firstName: z.string(),
  lastName: z.string(),
  relationship: z.string(),
  dateOfBirth: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TDependent = z.infer<typeof ZDependent>;
export const ZDependentList = z.object({ items: z.array(ZDependent) });

// ───────────────────────────── favorites ─────────────────────────────

export const ZFavoriteInput = z.object({ eventId: ZId });
export const ZFavorite = z.object({
  favoritedAt: z.date(),
  event: z.object({
    id: ZId,
    slug: z.string(),
    title: z.string(),
    category: ZEventCategory,
    status: ZEventStatus,
    startsAt: z.date(),
    endsAt: z.date(),
    imageUrl: z.string().nullable(),
    venueName: z.string(),
    city: z.string(),
    timeZone: z.string(),
  }),
});
export type TFavorite = z.infer<typeof ZFavorite>;
export const ZFavoritePage = ZPage(ZFavorite);
export const ZFavoriteState = z.object({ eventId: ZId, favorite: z.boolean() });

// ───────────────────────────── analytics ─────────────────────────────

export const ZCustomerAnalytics = z.object({
  /** paid orders (later refunds included) */
  orders: z.number().int(),
  /** tickets held now (any status) */
  tickets: z.number().int(),
  /** distinct events with a checked-in ticket held */
  eventsAttended: z.number().int(),
  /** distinct events not started yet with a VALID ticket held */
  upcomingEvents: z.number().int(),
  /** valid raffle entries */
  raffleEntries: z.number().int(),
  /** paid order totals per currency */
  spent: z.array(ZMoney),
  /** refunded amounts per currency */
  refunded: z.array(ZMoney),
  /** the category of most of the customer's tickets; null with none */
  favouriteCategory: ZEventCategory.nullable(),
  /** stored value on the customer's NFC cards per currency (positive); empty without cards */
  cardBalance: z.array(ZMoney),
  cards: z.number().int(),
  /** the last 12 calendar months (UTC), oldest first, `month` as YYYY-MM; paid order totals */
  spendByMonth: z.array(z.object({ month: z.string(), totals: z.array(ZMoney) })),
});
export type TCustomerAnalytics = z.infer<typeof ZCustomerAnalytics>;
