import { z } from 'zod';
import { ZOrderLineKind, ZOrderStatus, ZPaymentStatus, ZTicketStatus, ZTicketTier } from '../enums.ts';
import { ZId, ZPage, ZPageInput } from './common.ts';
import { ZTicketSeat } from './seating.ts';

/** Seed 003 Plan 1 Phase 4 `POST /api/v1/tickets/book/`. */
export const ZBookTicketsInput = z.object({
  eventId: ZId,
  ticketCategoryId: ZId,
  quantity: z.number().int().min(1).max(20),
});
export type TBookTicketsInput = z.infer<typeof ZBookTicketsInput>;

export const ZOrder = z.object({
  id: ZId,
  code: z.string(),
  status: ZOrderStatus,
  totalMinor: z.number().int(),
  currency: z.string(),
  /** the hold lapses at this instant unless paid */
  expiresAt: z.date(),
  paidAt: z.date().nullable(),
  createdAt: z.date(),
  lines: z.array(
    z.object({
      id: ZId,
      kind: ZOrderLineKind,
      description: z.string(),
      quantity: z.number().int(),
      unitPriceMinor: z.number().int(),
      totalMinor: z.number().int(),
    }),
  ),
  eventId: ZId.nullable(),
});
export type TOrder = z.infer<typeof ZOrder>;

export const ZOrderIdInput = z.object({ orderId: ZId });

/** `POST /api/v1/payments/process/`: starts a payment (a PaymentIntent) for a pending order. */
export const ZPaymentIntent = z.object({
  paymentId: ZId,
  orderId: ZId,
  provider: z.enum(['OFFLINE', 'STRIPE']),
  status: ZPaymentStatus,
  amountMinor: z.number().int(),
  currency: z.string(),
  /** Stripe client secret for Elements; null with the offline (test mode) provider */
  clientSecret: z.string().nullable(),
  /** Stripe publishable key (pk_…) for Stripe.js; null with the offline provider */
  publishableKey: z.string().nullable(),
  /** no real money moves (offline provider, or a Stripe test-mode key) */
  testMode: z.boolean(),
});
export type TPaymentIntent = z.infer<typeof ZPaymentIntent>;

export const ZConfirmPaymentInput = z.object({ paymentId: ZId });

export const ZTicketSummary = z.object({
  id: ZId,
  reference: z.string(),
  status: ZTicketStatus,
  attendeeName: z.string(),
  checkedInAt: z.date().nullable(),
  category: z.object({ name: z.string(), tier: ZTicketTier }),
  event: z.object({
    id: ZId,
    title: z.string(),
    startsAt: z.date(),
    endsAt: z.date(),
    venueName: z.string(),
    city: z.string(),
    timeZone: z.string(),
    imageUrl: z.string().nullable(),
  }),
  orderCode: z.string(),
});
export type TTicketSummary = z.infer<typeof ZTicketSummary>;
export const ZTicketPage = ZPage(ZTicketSummary);
export const ZListTicketsInput = ZPageInput.extend({ upcoming: z.enum(['true', 'false']).optional() });

export const ZTicketIdInput = z.object({ id: ZId });
export const ZTicketDetail = ZTicketSummary.extend({
  /** the signed secret encoded in the QR code (DESIGN.md "Offline check-in") */
  qrPayload: z.string(),
  /** reserved seating: the seat printed on the ticket (null: general admission) */
  seat: ZTicketSeat.nullable().optional(),
});
export type TTicketDetail = z.infer<typeof ZTicketDetail>;

export const ZTicketQrInput = z.object({ id: ZId, format: z.enum(['svg', 'png']).default('svg') });
export const ZTicketQr = z.object({ format: z.enum(['svg', 'png']), mimeType: z.string(), data: z.string() });
