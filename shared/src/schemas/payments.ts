/**
 * Saved payment methods and payment history (seed 004 "payment information storage": provider
 * references and display data only, never card numbers; seed 003 `GET /api/v1/users/payment-history/`).
 */
import { z } from 'zod';
import { ZPaymentProvider, ZPaymentStatus, ZRefundStatus } from '../enums.ts';
import { ZId, ZPage, ZPageInput } from './common.ts';

/** A card the customer saved with the provider (Stripe SetupIntent), as shown in the app. */
export const ZSavedPaymentMethod = z.object({
  id: ZId,
  provider: ZPaymentProvider,
  /** visa, mastercard, amex, … (Stripe's card.brand) */
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number().int(),
  expYear: z.number().int(),
  isDefault: z.boolean(),
  createdAt: z.date(),
});
export type TSavedPaymentMethod = z.infer<typeof ZSavedPaymentMethod>;
export const ZSavedPaymentMethodList = z.object({ items: z.array(ZSavedPaymentMethod) });

export const ZPaymentMethodIdInput = z.object({ id: ZId });

/** `POST /api/v1/users/payment-methods/setup/`: what Stripe.js needs to collect a card to save. */
export const ZPaymentMethodSetup = z.object({
  /** the SetupIntent (seti_…; offseti_… offline), passed back to `confirm` */
  setupRef: z.string(),
  /** SetupIntent client secret for the Payment Element; null with the offline provider */
  clientSecret: z.string().nullable(),
  publishableKey: z.string().nullable(),
  testMode: z.boolean(),
});
export type TPaymentMethodSetup = z.infer<typeof ZPaymentMethodSetup>;

export const ZConfirmSetupInput = z.object({ setupRef: z.string().min(3).max(255) });

export const ZPaymentHistoryRefund = z.object({
  id: ZId,
  status: ZRefundStatus,
  /** returned to the customer (minor units) */
  amountMinor: z.number().int(),
  /** kept under the event's refund policy */
  feeMinor: z.number().int(),
  currency: z.string(),
  /** REQUESTED_BY_CUSTOMER, EVENT_CANCELLED, LATE_PAYMENT, … */
  reason: z.string(),
  createdAt: z.date(),
  succeededAt: z.date().nullable(),
});

/** One payment of the customer's, newest first, with the refunds made against it. */
export const ZPaymentHistoryItem = z.object({
  id: ZId,
  orderId: ZId,
  orderCode: z.string(),
  /** what was bought, e.g. the event title and category of the first line */
  description: z.string(),
  status: ZPaymentStatus,
  provider: ZPaymentProvider,
  amountMinor: z.number().int(),
  currency: z.string(),
  /** sum of succeeded refunds */
  refundedMinor: z.number().int(),
  /** charged with a saved card while the customer was away (auto-reload) */
  offSession: z.boolean(),
  /** the card, when Admit knows it (a saved method) */
  card: z.object({ brand: z.string(), last4: z.string() }).nullable(),
  failureReason: z.string().nullable(),
  disputed: z.boolean(),
  createdAt: z.date(),
  succeededAt: z.date().nullable(),
  refunds: z.array(ZPaymentHistoryRefund),
});
export type TPaymentHistoryItem = z.infer<typeof ZPaymentHistoryItem>;
export const ZPaymentHistoryPage = ZPage(ZPaymentHistoryItem);
export const ZPaymentHistoryInput = ZPageInput;
