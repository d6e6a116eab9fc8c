/**
 * The merchant portal (seed 003 Plan 4): dashboard statistics, customer verification, the
 * two-step NFC card assignment (card + customer → code sent to the customer → code entered by
 * the merchant), the card inventory and the business profile.
 */
import { z } from 'zod';
import { ZNfcCardStatus } from '../enums.ts';
import { ZCardUid } from './checkin.ts';
import { ZId, ZMobile, ZMoney, ZOtpCode, ZPage, ZPageInput } from './common.ts';

export const ZMerchantAssignmentStatus = z.enum(['PENDING', 'CONFIRMED', 'EXPIRED', 'CANCELLED']);
export type TMerchantAssignmentStatus = z.infer<typeof ZMerchantAssignmentStatus>;

/** One confirmed or pending assignment, as the merchant sees it. */
export const ZMerchantAssignment = z.object({
  id: ZId,
  status: ZMerchantAssignmentStatus,
  cardUid: z.string(),
  customerName: z.string(),
  createdAt: z.date(),
  confirmedAt: z.date().nullable(),
});
export type TMerchantAssignment = z.infer<typeof ZMerchantAssignment>;

/** `GET /api/merchant/dashboard-stats/` (seed 003 Plan 4 Phase 2). Days are UTC days. */
export const ZMerchantDashboardStats = z.object({
  /** cards in this merchant's stock: ACTIVE, not yet assigned to a customer */
  cardsInStock: z.number().int(),
  assignedToday: z.number().int(),
  assignedThisWeek: z.number().int(),
  assignedTotal: z.number().int(),
  /** assignments waiting for the customer's code (not expired) */
  pendingAssignments: z.number().int(),
  /** distinct customers this merchant assigned a card to */
  customersServed: z.number().int(),
  /** card balance spent at this merchant, per currency (credits to `merchant:<id>:payable:<cur>`) */
  cardSpend: z.array(ZMoney),
  /** confirmed assignments per UTC day over the last 14 days, oldest first (`day`: YYYY-MM-DD) */
  assignmentsPerDay: z.array(z.object({ day: z.string(), count: z.number().int() })),
  recentAssignments: z.array(ZMerchantAssignment),
});
export type TMerchantDashboardStats = z.infer<typeof ZMerchantDashboardStats>;

export const ZMerchantMobileInput = z.object({ mobile: ZMobile });

/** A path segment as sent (`%2B201…` for `+201…`: REST path parameters arrive undecoded). */
const decodedSegment = z.string().transform((s) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
});

/** `GET /api/merchant/verify-customer/{mobile}/`: the mobile is a path parameter (E.164). */
export const ZVerifyCustomerInput = z.object({ mobile: decodedSegment.pipe(ZMobile) });

/**
 * `GET /api/merchant/verify-customer/{mobile}/`: only what a merchant needs to hand over a
 * card (no e-mail, no orders). `status` is `NOT_REGISTERED` for an unknown number.
 */
export const ZVerifyCustomerResult = z.object({
  registered: z.boolean(),
  customerId: ZId.optional(),
  /** first name and last initial, e.g. "Mona A." */
  name: z.string().optional(),
  status: z.enum(['ACTIVE', 'PENDING_VERIFICATION', 'DISABLED', 'NOT_REGISTERED']),
  /** the customer has a card request whose fee is paid (status PAID) */
  feesPaid: z.boolean(),
  cardRequestId: ZId.optional(),
  /** the customer's ACTIVE cards */
  activeCards: z.number().int(),
});
export type TVerifyCustomerResult = z.infer<typeof ZVerifyCustomerResult>;

export const ZSendCustomerOtpResult = z.object({
  /** the masked mobile the code went to */
  sentTo: z.string(),
  expiresAt: z.date(),
});

export const ZAssignCardInput = z.object({ mobile: ZMobile, cardUid: ZCardUid });
export type TAssignCardInput = z.infer<typeof ZAssignCardInput>;
export const ZAssignCardResult = z.object({
  assignmentId: ZId,
  /** when the assignment (and its code) expires */
  expiresAt: z.date(),
  sentTo: z.string(),
});

export const ZVerifyCustomerOtpInput = z.object({ assignmentId: ZId, code: ZOtpCode });
export type TVerifyCustomerOtpInput = z.infer<typeof ZVerifyCustomerOtpInput>;
/** `POST /api/merchant/assignments/{id}/cancel/`: withdraw a pending assignment. */
export const ZCancelAssignmentInput = z.object({ id: ZId });
export const ZCancelAssignmentResult = z.object({ id: ZId, status: z.literal('CANCELLED') });
export const ZMerchantAssignedCard = z.object({
  id: ZId,
  uid: z.string(),
  status: ZNfcCardStatus,
  customerName: z.string(),
  assignedAt: z.date(),
});
export const ZVerifyCustomerOtpResult = z.object({ card: ZMerchantAssignedCard });

export const ZMerchantCardSort = z.enum(['newest', 'oldest', 'assigned', 'uid']);
export const ZMerchantCardListInput = ZPageInput.extend({
  status: ZNfcCardStatus.optional(),
  /** `unassigned`: in stock; `assigned`: handed to a customer */
  assignment: z.enum(['assigned', 'unassigned']).optional(),
  /** part of a UID, or of a customer's name or mobile */
  q: z.string().trim().min(1).max(100).optional(),
  sort: ZMerchantCardSort.default('newest'),
});
export type TMerchantCardListInput = z.infer<typeof ZMerchantCardListInput>;
export const ZMerchantCard = z.object({
  id: ZId,
  uid: z.string(),
  status: ZNfcCardStatus,
  currency: z.string(),
  createdAt: z.date(),
  assignedAt: z.date().nullable(),
  /** the holder, once assigned: name and masked mobile only */
  customer: z.object({ name: z.string(), mobile: z.string().nullable() }).nullable(),
  /** an assignment waiting for the customer's code */
  pendingAssignmentId: ZId.nullable(),
});
export const ZMerchantCardPage = ZPage(ZMerchantCard);

/** The business profile (MerchantProfile). */
export const ZMerchantBusinessProfile = z.object({
  businessName: z.string(),
  address: z.string().nullable(),
  city: z.string().nullable(),
  notifyOnAssignment: z.boolean(),
});
export type TMerchantBusinessProfile = z.infer<typeof ZMerchantBusinessProfile>;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

/** `PUT /api/merchant/settings/`. Omitted fields stay; empty address/city clear them. */
export const ZUpdateMerchantSettingsInput = z.object({
  businessName: z.string().trim().min(2, 'At least 2 characters').max(120, 'At most 120 characters'),
  address: optionalText(200),
  city: optionalText(80),
  notifyOnAssignment: z.boolean().optional(),
});
export type TUpdateMerchantSettingsInput = z.infer<typeof ZUpdateMerchantSettingsInput>;
