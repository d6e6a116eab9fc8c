/**
 * Refunds, refund policy, refund requests and event cancellation (issue 4 "Refunds"; seed 003
 * `POST /api/v1/users/tickets/:id/refund-request/`, seed 000 "refund functionality (superuser)",
 * seed 004 "cancellation policy and refund processing"). Money is integer minor units + ISO 4217
 * currency; instants are UTC.
 */
import { z } from 'zod';
import { ZRefundRequestStatus, ZRefundStatus } from '../enums.ts';
import { ZId, ZPage, ZPageInput } from './common.ts';

/**
 * Why money went back. Customer requests, event cancellations and admin decisions; `DUPLICATE`
 * and `FRAUDULENT` mirror Stripe's refund reasons; `LATE_PAYMENT` is the payments module's.
 */
export const ZRefundReason = z.enum([
  'REQUESTED_BY_CUSTOMER',
  'EVENT_CANCELLED',
  'ADMIN',
  'DUPLICATE',
  'FRAUDULENT',
  /** a payment that succeeded after its order's hold lapsed: all of it goes back, nothing was sold */
  'LATE_PAYMENT',
  /** a cancelled raffle: every paid entry goes back (issue 8) */
  'RAFFLE_CANCELLED',
]);
export type TRefundReason = z.infer<typeof ZRefundReason>;

export const ZRefund = z.object({
  id: ZId,
  orderId: ZId,
  orderCode: z.string(),
  eventId: ZId.nullable(),
  status: ZRefundStatus,
  /** returned to the customer (minor units) */
  amountMinor: z.number().int(),
  /** refund fee kept under the event's policy (minor units) */
  feeMinor: z.number().int(),
  currency: z.string().length(3),
  reason: z.string(),
  note: z.string().nullable(),
  /** the tickets this refund covers (empty for a refund by amount) */
  ticketIds: z.array(ZId),
  providerRef: z.string().nullable(),
  failureReason: z.string().nullable(),
  initiatedById: ZId.nullable(),
  createdAt: z.date(),
  succeededAt: z.date().nullable(),
});
export type TRefund = z.infer<typeof ZRefund>;
export const ZRefundPage = ZPage(ZRefund);

/** What a refund of some tickets would return under the event's policy, or why it is refused. */
export const ZRefundQuote = z.object({
  allowed: z.boolean(),
  /** a human reason when `allowed` is false */
  refusal: z.string().nullable(),
  orderId: ZId,
  orderCode: z.string(),
  eventId: ZId,
  ticketIds: z.array(ZId),
  /** what the tickets cost */
  grossMinor: z.number().int(),
  /** refund fee kept (policy fee × tickets) */
  feeMinor: z.number().int(),
  /** returned to the customer: gross − fee */
  amountMinor: z.number().int(),
  currency: z.string().length(3),
  /** last instant (UTC) a customer may ask: event start − cutoff hours */
  deadline: z.date(),
});
export type TRefundQuote = z.infer<typeof ZRefundQuote>;

/** Comma-separated ticket ids in a query string (GET), e.g. `?ticketIds=<uuid>,<uuid>`. */
const ZIdList = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36}){0,49}$/, 'Comma-separated ticket ids');

/** `GET /api/v1/users/tickets/{id}/refund-quote/`: the ticket plus, optionally, others of its order. */
export const ZRefundQuoteInput = z.object({ id: ZId, ticketIds: ZIdList.optional() });

/** `POST /api/v1/users/tickets/{id}/refund-request/` */
export const ZCreateRefundRequestInput = z.object({
  id: ZId,
  reason: z.string().trim().min(3, 'At least 3 characters').max(1000, 'At most 1000 characters'),
  /** other tickets of the same order to include */
  ticketIds: z.array(ZId).max(50).optional(),
});
export type TCreateRefundRequestInput = z.infer<typeof ZCreateRefundRequestInput>;

export const ZRefundRequest = z.object({
  id: ZId,
  orderId: ZId,
  orderCode: z.string(),
  eventId: ZId.nullable(),
  eventTitle: z.string().nullable(),
  customerName: z.string(),
  ticketIds: z.array(ZId),
  status: ZRefundRequestStatus,
  reason: z.string(),
  /** the quote when the request was made */
  amountMinor: z.number().int(),
  feeMinor: z.number().int(),
  currency: z.string().length(3),
  /** the organizer's or admin's note; the rejection reason when REJECTED */
  decisionNote: z.string().nullable(),
  decidedAt: z.date().nullable(),
  refundId: ZId.nullable(),
  refundStatus: ZRefundStatus.nullable(),
  createdAt: z.date(),
});
export type TRefundRequest = z.infer<typeof ZRefundRequest>;
export const ZRefundRequestPage = ZPage(ZRefundRequest);

export const ZRefundRequestIdInput = z.object({ id: ZId });
export const ZRefundRequestListInput = ZPageInput.extend({
  status: ZRefundRequestStatus.optional(),
  eventId: ZId.optional(),
});
export type TRefundRequestListInput = z.infer<typeof ZRefundRequestListInput>;
export const ZCustomerRefundRequestListInput = ZPageInput.extend({ status: ZRefundRequestStatus.optional() });

export const ZApproveRefundRequestInput = z.object({ id: ZId, note: z.string().trim().max(1000).optional() });
export const ZRejectRefundRequestInput = z.object({
  id: ZId,
  reason: z.string().trim().min(3, 'At least 3 characters').max(1000, 'At most 1000 characters'),
});

/** An event's refund policy (seed 004 "cancellation policy"). */
export const ZRefundPolicy = z.object({
  eventId: ZId,
  refundsAllowed: z.boolean(),
  /** customers may ask until this many hours before the start */
  refundCutoffHours: z.number().int(),
  /** kept per refunded ticket (minor units) */
  refundFeeMinor: z.number().int(),
  currency: z.string().length(3),
  startsAt: z.date(),
  /** startsAt − cutoff (UTC) */
  deadline: z.date(),
  /** the fee may not exceed the cheapest ticket */
  maxFeeMinor: z.number().int(),
});
export type TRefundPolicy = z.infer<typeof ZRefundPolicy>;

export const ZRefundPolicyInput = z.object({ id: ZId });
export const ZUpdateRefundPolicyInput = z.object({
  id: ZId,
  refundsAllowed: z.boolean(),
  refundCutoffHours: z.number().int().min(0).max(720),
  refundFeeMinor: z.number().int().min(0),
});
export type TUpdateRefundPolicyInput = z.infer<typeof ZUpdateRefundPolicyInput>;

/** `POST /api/refunds/` (admins): the whole order, some tickets, or an amount. */
export const ZAdminCreateRefundInput = z
  .object({
    orderId: ZId,
    ticketIds: z.array(ZId).min(1).max(50).optional(),
    /** partial refund by amount (minor units), tickets untouched */
    amountMinor: z.number().int().min(1).optional(),
    reason: ZRefundReason.exclude(['EVENT_CANCELLED', 'LATE_PAYMENT', 'RAFFLE_CANCELLED']),
    note: z.string().trim().max(1000).optional(),
    /** keep the event's refund fee per ticket (default: no fee) */
    applyFee: z.boolean().default(false),
  })
  .refine((v) => !(v.ticketIds && v.amountMinor !== undefined), {
    message: 'Refund either tickets or an amount, not both',
    path: ['amountMinor'],
  });
export type TAdminCreateRefundInput = z.infer<typeof ZAdminCreateRefundInput>;

export const ZAdminRefundListInput = ZPageInput.extend({
  status: ZRefundStatus.optional(),
  orderCode: z.string().trim().max(40).optional(),
  /** createdAt ≥ from (UTC) */
  from: z.coerce.date().optional(),
  /** createdAt < to (UTC) */
  to: z.coerce.date().optional(),
});
export type TAdminRefundListInput = z.infer<typeof ZAdminRefundListInput>;
export const ZRefundIdInput = z.object({ id: ZId });

/** `POST /api/events/{id}/cancel/` and `/api/organizer/events/{id}/cancel/` */
export const ZCancelEventInput = z.object({
  id: ZId,
  reason: z.string().trim().min(3, 'At least 3 characters').max(1000, 'At most 1000 characters'),
});
export const ZCancelEventResult = z.object({
  eventId: ZId,
  status: z.literal('CANCELLED'),
  cancelledAt: z.date(),
  /** paid orders queued for a full refund */
  paidOrders: z.number().int(),
  /** unpaid holds cancelled and returned to the quota */
  pendingOrdersCancelled: z.number().int(),
});
export type TCancelEventResult = z.infer<typeof ZCancelEventResult>;
