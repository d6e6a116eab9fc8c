/**
 * Admin back office for people, dashboard, analytics and check-in logs (issue 7; seed 003 Plan 2
 * Phases 2, 5, 7 and 9). Money is integer minor units per ISO 4217 currency; instants are UTC.
 */
import { z } from 'zod';
import { ZCheckInResult, ZNfcCardStatus, ZOrderStatus, ZScanDirection, ZScanMethod, ZTicketStatus } from '../enums.ts';
import { ZUserStatus } from './account.ts';
import { ZEmail } from './auth.ts';
import { dateRangeRefinement, ZDateRange, ZListInput, ZQueryFlag, ZSearchText, ZSortInput } from './back-office.ts';
import { ZId, ZMobile, ZPage, ZPassword, ZPersonName } from './common.ts';

const ZCurrency = z.string().length(3);
/** A date or instant from a query string; a bare `YYYY-MM-DD` is that UTC day's midnight. */
const ZInstant = z.coerce.date();

// ───────────────────────────── dashboard & analytics ─────────────────────────────

/** Per currency: gross payments received, platform fees (net of reversals), refunds paid out. */
export const ZRevenueTotals = z.object({
  currency: ZCurrency,
  grossMinor: z.number().int(),
  feesMinor: z.number().int(),
  refundsMinor: z.number().int(),
});
export type TRevenueTotals = z.infer<typeof ZRevenueTotals>;

export const ZDashboardStats = z.object({
  /** the instant the numbers were taken (UTC); "today" is this instant's UTC calendar day */
  asOf: z.date(),
  customers: z.object({ total: z.number().int(), new7d: z.number().int(), new30d: z.number().int() }),
  events: z.object({ publishedUpcoming: z.number().int(), today: z.number().int(), drafts: z.number().int() }),
  tickets: z.object({ sold: z.number().int(), sold30d: z.number().int() }),
  revenue: z.array(ZRevenueTotals),
  refunds: z.object({ succeeded: z.number().int(), pending: z.number().int() }),
  cards: z.object({
    active: z.number().int(),
    balances: z.array(z.object({ currency: ZCurrency, amountMinor: z.number().int() })),
  }),
  checkInsToday: z.number().int(),
  pending: z.object({
    refundRequests: z.number().int(),
    editRequests: z.number().int(),
    /** NFC card requests whose fee is paid and that wait for a merchant to assign a card */
    cardRequests: z.number().int(),
  }),
});
export type TDashboardStats = z.infer<typeof ZDashboardStats>;

export const ZGranularity = z.enum(['day', 'week', 'month']);
export type TGranularity = z.infer<typeof ZGranularity>;

/**
 * A UTC date range `[from, to)` and a bucket size. Defaults: the last 30 days by day. At most
 * 400 buckets per request.
 */
export const ZAnalyticsRangeInput = ZDateRange.extend({ granularity: ZGranularity.default('day') }).refine(
  ...dateRangeRefinement,
);
export type TAnalyticsRangeInput = z.infer<typeof ZAnalyticsRangeInput>;

export const ZRevenueAnalytics = z.object({
  from: z.date(),
  to: z.date(),
  granularity: ZGranularity,
  currencies: z.array(ZCurrency),
  /** one row per bucket start (UTC) and currency that had any movement; buckets without any are filled with zeros */
  buckets: z.array(
    z.object({
      start: z.date(),
      currency: ZCurrency,
      grossMinor: z.number().int(),
      feesMinor: z.number().int(),
      refundsMinor: z.number().int(),
    }),
  ),
  totals: z.array(ZRevenueTotals),
});
export type TRevenueAnalytics = z.infer<typeof ZRevenueAnalytics>;

const ZRoleCounts = z.object({
  CUSTOMER: z.number().int(),
  ORGANIZER: z.number().int(),
  MERCHANT: z.number().int(),
  USHER: z.number().int(),
  PRACTITIONER: z.number().int(),
  ADMIN: z.number().int(),
});
export type TRoleCounts = z.infer<typeof ZRoleCounts>;

export const ZUserAnalytics = z.object({
  from: z.date(),
  to: z.date(),
  granularity: ZGranularity,
  /** accounts that existed before `from` */
  before: z.number().int(),
  buckets: z.array(
    z.object({ start: z.date(), signUps: z.number().int(), byRole: ZRoleCounts, cumulative: z.number().int() }),
  ),
});
export type TUserAnalytics = z.infer<typeof ZUserAnalytics>;

export const ZCardAnalytics = z.object({
  byStatus: z.array(z.object({ status: ZNfcCardStatus, count: z.number().int() })),
  /** where the ACTIVE cards are: with no merchant yet, in a merchant's stock, held by a customer */
  allocation: z.object({
    unallocated: z.number().int(),
    inMerchantStock: z.number().int(),
    assigned: z.number().int(),
  }),
  balances: z.array(z.object({ currency: ZCurrency, amountMinor: z.number().int(), cards: z.number().int() })),
  requests: z.array(z.object({ status: z.string(), count: z.number().int() })),
});
export type TCardAnalytics = z.infer<typeof ZCardAnalytics>;

export const ZEventCategoryAnalytics = z.object({
  categories: z.array(
    z.object({
      category: z.string(),
      events: z.number().int(),
      publishedEvents: z.number().int(),
      ticketsSold: z.number().int(),
      revenue: z.array(z.object({ currency: ZCurrency, amountMinor: z.number().int() })),
    }),
  ),
});
export type TEventCategoryAnalytics = z.infer<typeof ZEventCategoryAnalytics>;

// ───────────────────────────── customers ─────────────────────────────

const ZCurrencyAmount = z.object({ currency: ZCurrency, amountMinor: z.number().int() });

export const ZCustomerFilters = z.object({
  status: ZUserStatus.optional(),
  /** name, mobile or e-mail contains */
  q: ZSearchText.optional(),
  /** registered at or after (UTC) */
  registeredFrom: ZInstant.optional(),
  /** registered before (UTC) */
  registeredTo: ZInstant.optional(),
});
export type TCustomerFilters = z.infer<typeof ZCustomerFilters>;
export const CUSTOMER_SORTS = ['createdAt', 'name', 'orders'] as const;
export const ZCustomerListInput = ZListInput(CUSTOMER_SORTS, 'createdAt')
  .extend(ZCustomerFilters.shape)
  .refine((r) => !r.registeredFrom || !r.registeredTo || r.registeredFrom < r.registeredTo, {
    path: ['registeredTo'],
    message: 'Must be after "registeredFrom"',
  });
export type TCustomerListInput = z.infer<typeof ZCustomerListInput>;
/** `GET /api/customers/export.csv`: the list's filters and sort, no page */
export const ZCustomerExportInput = ZSortInput(CUSTOMER_SORTS, 'createdAt')
  .extend(ZCustomerFilters.shape)
  .refine((r) => !r.registeredFrom || !r.registeredTo || r.registeredFrom < r.registeredTo, {
    path: ['registeredTo'],
    message: 'Must be after "registeredFrom"',
  });

export const ZCustomerRow = z.object({
  id: ZId,
  status: ZUserStatus,
  firstName: z.string(),
  lastName: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  createdAt: z.date(),
  deletedAt: z.date().nullable(),
  /** paid (or later refunded) orders */
  ordersCount: z.number().int(),
  /** paid minus refunded, per currency */
  spend: z.array(ZCurrencyAmount),
});
export const ZCustomerPage = ZPage(ZCustomerRow);

export const ZCustomerDetail = ZCustomerRow.extend({
  emergencyContact: z.string().nullable(),
  bloodType: z.string().nullable(),
  activeSessions: z.number().int(),
  orders: z.array(
    z.object({
      id: ZId,
      code: z.string(),
      status: ZOrderStatus,
      currency: ZCurrency,
      totalMinor: z.number().int(),
      refundedMinor: z.number().int(),
      createdAt: z.date(),
      paidAt: z.date().nullable(),
      summary: z.string(),
    }),
  ),
  tickets: z.array(
    z.object({
      id: ZId,
      reference: z.string(),
      status: ZTicketStatus,
      event: z.object({ id: ZId, title: z.string(), startsAt: z.date() }),
      category: z.string(),
      checkedInAt: z.date().nullable(),
    }),
  ),
  cards: z.array(
    z.object({
      id: ZId,
      uid: z.string(),
      status: ZNfcCardStatus,
      currency: ZCurrency,
      balanceMinor: z.number().int(),
      assignedAt: z.date().nullable(),
    }),
  ),
  refundRequests: z.array(
    z.object({
      id: ZId,
      status: z.string(),
      reason: z.string(),
      amountMinor: z.number().int(),
      currency: ZCurrency,
      createdAt: z.date(),
    }),
  ),
});
export type TCustomerDetail = z.infer<typeof ZCustomerDetail>;

export const ZUpdateCustomerInput = z.object({
  id: ZId,
  status: z.enum(['ACTIVE', 'DISABLED']).optional(),
  firstName: ZPersonName.optional(),
  lastName: ZPersonName.optional(),
  emergencyContact: z.string().trim().max(120).nullable().optional(),
});
export type TUpdateCustomerInput = z.infer<typeof ZUpdateCustomerInput>;

// ───────────────────────────── organizers, merchants, ushers ─────────────────────────────

export const ZPeopleFilters = z.object({ q: ZSearchText.optional(), status: ZUserStatus.optional() });
export const PEOPLE_SORTS = ['createdAt', 'name'] as const;
export const ZPeopleListInput = ZListInput(PEOPLE_SORTS, 'createdAt').extend(ZPeopleFilters.shape);
export type TPeopleListInput = z.infer<typeof ZPeopleListInput>;
export const ZOrganizerFilters = z.object({ q: ZSearchText.optional() });
export const ORGANIZER_SORTS = ['createdAt', 'name', 'events'] as const;
export const ZOrganizerListInput = ZListInput(ORGANIZER_SORTS, 'createdAt').extend(ZOrganizerFilters.shape);
export type TOrganizerListInput = z.infer<typeof ZOrganizerListInput>;
export const ZOrganizerExportInput = ZSortInput(ORGANIZER_SORTS, 'createdAt').extend(ZOrganizerFilters.shape);
export const ZPeopleExportInput = ZSortInput(PEOPLE_SORTS, 'createdAt').extend(ZPeopleFilters.shape);

export const ZOrganizerRow = z.object({
  id: ZId,
  name: z.string(),
  slug: z.string(),
  contactEmail: z.string(),
  contactPhone: z.string(),
  platformFeeBps: z.number().int(),
  createdAt: z.date(),
  events: z.number().int(),
  publishedEvents: z.number().int(),
  staff: z.number().int(),
  ushers: z.number().int(),
  ticketsSold: z.number().int(),
  /** paid event-ticket sales, per currency (before refunds) */
  revenue: z.array(ZCurrencyAmount),
});
export const ZOrganizerPage = ZPage(ZOrganizerRow);

export const ZMerchantRow = z.object({
  id: ZId,
  status: ZUserStatus,
  firstName: z.string(),
  lastName: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  businessName: z.string().nullable(),
  city: z.string().nullable(),
  createdAt: z.date(),
  /** ACTIVE cards in the merchant's stock (no customer yet) */
  cardsInStock: z.number().int(),
  /** cards the merchant handed to customers */
  cardsAssigned: z.number().int(),
});
export const ZMerchantPage = ZPage(ZMerchantRow);

export const ZUsherAssignment = z.object({
  id: ZId,
  event: z.object({ id: ZId, title: z.string(), startsAt: z.date() }),
  gate: z.object({ id: ZId, name: z.string() }).nullable(),
  checkInList: z.object({ id: ZId, name: z.string() }).nullable(),
  createdAt: z.date(),
});
export const ZUsherRow = z.object({
  id: ZId,
  status: ZUserStatus,
  firstName: z.string(),
  lastName: z.string(),
  username: z.string().nullable(),
  organizer: z.object({ id: ZId, name: z.string() }).nullable(),
  createdAt: z.date(),
  assignments: z.array(ZUsherAssignment),
});
export const ZUsherPage = ZPage(ZUsherRow);
export const ZUsherFilters = ZPeopleFilters.extend({ organizerId: ZId.optional(), eventId: ZId.optional() });
export const ZUsherListInput = ZListInput(PEOPLE_SORTS, 'createdAt').extend(ZUsherFilters.shape);
export type TUsherListInput = z.infer<typeof ZUsherListInput>;
export const ZUsherExportInput = ZSortInput(PEOPLE_SORTS, 'createdAt').extend(ZUsherFilters.shape);

export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, '3–40 letters, digits, dots, dashes or underscores');

const ZNewOrganization = z.object({
  name: z.string().trim().min(2).max(120),
  contactEmail: ZEmail,
  contactPhone: ZMobile,
});

/**
 * `POST /api/users/` (seed 003 Plan 2 Phase 7). Admins are created at `POST /api/admins/`.
 * One object (trpc-to-openapi needs an object body) whose required fields depend on `role`:
 * - ORGANIZER: `mobile`, and exactly one of `organizerId` (existing) / `organization` (new);
 * - MERCHANT: `mobile`, `businessName` (`address`, `city` optional);
 * - USHER: `username`, `organizerId`, optionally a first assignment `eventId` (+ `gateId`, `checkInListId`).
 */
export const ZCreateUserInput = z
  .object({
    role: z.enum(['ORGANIZER', 'MERCHANT', 'USHER']),
    firstName: ZPersonName,
    lastName: ZPersonName,
    password: ZPassword,
    mobile: ZMobile.optional(),
    email: ZEmail.optional(),
    username: ZUsername.optional(),
    organizerId: ZId.optional(),
    organization: ZNewOrganization.optional(),
    businessName: z.string().trim().min(2).max(120).optional(),
    address: z.string().trim().max(200).optional(),
    city: z.string().trim().max(80).optional(),
    eventId: ZId.optional(),
    gateId: ZId.optional(),
    checkInListId: ZId.optional(),
  })
  .superRefine((v, ctx) => {
    const need = (field: keyof typeof v, message = 'Required') => {
      if (v[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message });
    };
    const refuse = (fields: (keyof typeof v)[]) => {
      for (const f of fields) {
        if (v[f] !== undefined)
          ctx.addIssue({ code: 'custom', path: [f], message: `Not used for a ${v.role.toLowerCase()}` });
      }
    };
    if (v.role === 'ORGANIZER') {
      need('mobile');
      if (!!v.organizerId === !!v.organization) {
        ctx.addIssue({
          code: 'custom',
          path: ['organizerId'],
          message: 'Pick an existing organizer or describe a new organization (exactly one)',
        });
      }
      refuse(['username', 'businessName', 'address', 'city', 'eventId', 'gateId', 'checkInListId']);
    } else if (v.role === 'MERCHANT') {
      need('mobile');
      need('businessName');
      refuse(['username', 'organizerId', 'organization', 'eventId', 'gateId', 'checkInListId']);
    } else {
      need('username');
      need('organizerId');
      if (!v.eventId && (v.gateId || v.checkInListId)) {
        ctx.addIssue({ code: 'custom', path: ['eventId'], message: 'A gate or check-in list needs an event' });
      }
      refuse(['mobile', 'email', 'organization', 'businessName', 'address', 'city']);
    }
  });
export type TCreateUserInput = z.infer<typeof ZCreateUserInput>;

/** `PUT /api/users/{id}/`: only the fields given change; merchant fields apply to merchants only. */
export const ZUpdateUserInput = z.object({
  id: ZId,
  firstName: ZPersonName.optional(),
  lastName: ZPersonName.optional(),
  mobile: ZMobile.optional(),
  email: ZEmail.nullable().optional(),
  username: ZUsername.optional(),
  businessName: z.string().trim().min(2).max(120).optional(),
  address: z.string().trim().max(200).nullable().optional(),
  city: z.string().trim().max(80).nullable().optional(),
});
export type TUpdateUserInput = z.infer<typeof ZUpdateUserInput>;

export const ZCreateUsherAssignmentInput = z.object({
  id: ZId,
  eventId: ZId,
  gateId: ZId.optional(),
  checkInListId: ZId.optional(),
});
export type TCreateUsherAssignmentInput = z.infer<typeof ZCreateUsherAssignmentInput>;
export const ZRemoveUsherAssignmentInput = z.object({ id: ZId, assignmentId: ZId });

// ───────────────────────────── check-in logs ─────────────────────────────

export const ZCheckinLogFilters = ZDateRange.extend({
  eventId: ZId.optional(),
  gateId: ZId.optional(),
  usherId: ZId.optional(),
  result: ZCheckInResult.optional(),
  /** 'true': only offline admissions flagged as conflicting with an earlier one */
  conflictsOnly: ZQueryFlag.optional(),
});
export type TCheckinLogFilters = z.infer<typeof ZCheckinLogFilters>;
export const ZCheckinLogListInput = ZListInput(['scannedAt'], 'scannedAt')
  .extend(ZCheckinLogFilters.shape)
  .refine(...dateRangeRefinement);
export type TCheckinLogListInput = z.infer<typeof ZCheckinLogListInput>;
export const ZCheckinLogExportInput = ZSortInput(['scannedAt'], 'scannedAt')
  .extend(ZCheckinLogFilters.shape)
  .refine(...dateRangeRefinement);

export const ZCheckinLogRow = z.object({
  id: ZId,
  scannedAt: z.date(),
  recordedAt: z.date(),
  event: z.object({ id: ZId, title: z.string() }),
  gate: z.object({ id: ZId, name: z.string() }).nullable(),
  usher: z.object({ id: ZId, name: z.string(), username: z.string().nullable() }),
  method: ZScanMethod,
  direction: ZScanDirection,
  result: ZCheckInResult,
  reason: z.string().nullable(),
  codeRef: z.string(),
  attendeeName: z.string().nullable(),
  offline: z.boolean(),
  conflict: z.boolean(),
  deviceId: z.string().nullable(),
});
export const ZCheckinLogPage = ZPage(ZCheckinLogRow);
