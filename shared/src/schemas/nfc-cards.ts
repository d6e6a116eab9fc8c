/**
 * NFC cashless cards (issue 7; seed 003 Plan 1 Phase 5 customer endpoints, Plan 2 Phase 6 admin
 * endpoints, Plan 4 merchant charge; ADR 0018). A card's balance is the ledger account
 * `card:<id>:balance`; amounts here are integer minor units of the card's ISO 4217 currency, shown
 * from the holder's side (a reload is +, a spend is −). Instants are UTC.
 */
import { z } from 'zod';
import { ZNfcCardStatus } from '../enums.ts';
import { ZCardUid } from './checkin.ts';
import { ZId, ZPage, ZPageInput } from './common.ts';
import { ZOrder } from './orders.ts';

const minor = z.number().int();

/** Reload limits per order, minor units (EGP piastres: 10 EGP … 10 000 EGP). */
export const NFC_RELOAD_MIN_MINOR = 1_000;
export const NFC_RELOAD_MAX_MINOR = 1_000_000;
/** Largest single merchant charge, minor units. */
export const NFC_CHARGE_MAX_MINOR = 1_000_000;

export const ZNfcCardRequestStatus = z.enum(['PENDING_PAYMENT', 'PAID', 'FULFILLED', 'CANCELLED']);
export type TNfcCardRequestStatus = z.infer<typeof ZNfcCardRequestStatus>;

/**
 * A chip UID as upper-case hex: 4, 7 or 10 bytes (ISO/IEC 14443-3 single, double, triple size);
 * separators (`:`, `-`, spaces) are dropped. The gate's schema, reused.
 */
export const ZNfcCardUid = ZCardUid;

export const ZNfcCardIdInput = z.object({ id: ZId });

// ───────────────────────────── customers ─────────────────────────────

export const ZNfcCardRequest = z.object({
  id: ZId,
  status: ZNfcCardRequestStatus,
  /** card fee, minor units (0 = free) */
  feeMinor: minor,
  currency: z.string(),
  note: z.string().nullable(),
  cardId: ZId.nullable(),
  /** the PENDING order paying the fee (null when free or already paid) */
  orderId: ZId.nullable(),
  paidAt: z.date().nullable(),
  fulfilledAt: z.date().nullable(),
  createdAt: z.date(),
});
export type TNfcCardRequest = z.infer<typeof ZNfcCardRequest>;

export const ZNfcCardRequestInput = z.object({
  /** free text for the merchant, e.g. where the customer will pick the card up */
  note: z.string().trim().max(200).optional(),
});
export const ZNfcCardRequestResult = z.object({
  request: ZNfcCardRequest,
  /** the order to pay through the checkout (`customer.payments.process`); null when the card is free */
  order: ZOrder.nullable(),
});

export const ZNfcAutoReload = z.object({
  enabled: z.boolean(),
  /** reload when the balance drops below this, minor units */
  thresholdMinor: minor.nullable(),
  /** amount loaded each time, minor units */
  amountMinor: minor.nullable(),
  /** the saved payment method charged off-session */
  paymentMethodId: ZId.nullable(),
});

/** One of the customer's cards. */
export const ZMyNfcCard = z.object({
  id: ZId,
  uid: z.string(),
  status: ZNfcCardStatus,
  statusReason: z.string().nullable(),
  currency: z.string(),
  /** stored value, minor units (≥ 0) */
  balanceMinor: minor,
  assignedAt: z.date().nullable(),
  autoReload: ZNfcAutoReload,
  /** the card this one's balance moved to (status REPLACED) */
  replacedById: ZId.nullable(),
});
export type TMyNfcCard = z.infer<typeof ZMyNfcCard>;

export const ZMyNfcCards = z.object({
  items: z.array(ZMyNfcCard),
  /** the open (PENDING_PAYMENT or PAID) card request, if any */
  openRequest: ZNfcCardRequest.nullable(),
  /** what a new card costs now, minor units */
  cardFeeMinor: minor,
  currency: z.string(),
  reloadMinMinor: minor,
  reloadMaxMinor: minor,
});

export const ZNfcReloadInput = z.object({
  id: ZId,
  amountMinor: z.coerce
    .number()
    .int('Whole minor units')
    .min(NFC_RELOAD_MIN_MINOR, `At least ${NFC_RELOAD_MIN_MINOR / 100}`)
    .max(NFC_RELOAD_MAX_MINOR, `At most ${NFC_RELOAD_MAX_MINOR / 100}`),
});

/** One ledger entry of the card's balance account, from the holder's side. */
export const ZNfcCardTransaction = z.object({
  id: ZId,
  transactionId: ZId,
  /** CARD_SPEND, PAYMENT (a reload), CARD_TRANSFER, REFUND, … */
  kind: z.string(),
  description: z.string(),
  /** + loaded onto the card, − taken from it; minor units */
  amountMinor: minor,
  /** the balance right after this entry, minor units */
  balanceAfterMinor: minor,
  occurredAt: z.date(),
  orderId: ZId.nullable(),
});
export type TNfcCardTransaction = z.infer<typeof ZNfcCardTransaction>;

export const ZNfcCardTransactionsInput = ZPageInput.extend({ id: ZId });
export const ZNfcCardTransactionPage = ZPage(ZNfcCardTransaction).extend({
  balanceMinor: minor,
  currency: z.string(),
});

export const ZNfcAutoReloadInput = z
  .object({
    id: ZId,
    enabled: z.boolean(),
    thresholdMinor: z.coerce
      .number()
      .int('Whole minor units')
      .min(0, 'Not negative')
      .max(NFC_RELOAD_MAX_MINOR)
      .optional(),
    amountMinor: z.coerce
      .number()
      .int('Whole minor units')
      .min(NFC_RELOAD_MIN_MINOR, `At least ${NFC_RELOAD_MIN_MINOR / 100}`)
      .max(NFC_RELOAD_MAX_MINOR, `At most ${NFC_RELOAD_MAX_MINOR / 100}`)
      .optional(),
    paymentMethodId: ZId.optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.enabled) return;
    if (v.thresholdMinor === undefined)
      ctx.addIssue({ code: 'custom', path: ['thresholdMinor'], message: 'Required to turn auto-reload on' });
    if (v.amountMinor === undefined)
      ctx.addIssue({ code: 'custom', path: ['amountMinor'], message: 'Required to turn auto-reload on' });
    if (v.paymentMethodId === undefined)
      ctx.addIssue({ code: 'custom', path: ['paymentMethodId'], message: 'Choose a saved card' });
  });
export type TNfcAutoReloadInput = z.infer<typeof ZNfcAutoReloadInput>;

export const ZNfcCardStatusChangeInput = z.object({
  id: ZId,
  reason: z.string().trim().max(200).optional(),
});

// ───────────────────────────── merchants ─────────────────────────────

export const ZNfcChargeInput = z.object({
  uid: ZNfcCardUid,
  amountMinor: z.coerce
    .number()
    .int('Whole minor units')
    .min(1, 'More than zero')
    .max(NFC_CHARGE_MAX_MINOR, `At most ${NFC_CHARGE_MAX_MINOR / 100}`),
  description: z.string().trim().min(1, 'Say what was sold').max(200),
  /** the client's key for this charge: a retry with the same key charges once */
  idempotencyKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._:-]{8,100}$/, '8–100 letters, digits or . _ : -'),
});
export type TNfcChargeInput = z.infer<typeof ZNfcChargeInput>;

export const ZNfcCharge = z.object({
  transactionId: ZId,
  cardUid: z.string(),
  amountMinor: minor,
  currency: z.string(),
  /** the card's balance after the charge, minor units */
  balanceMinor: minor,
  /** true when this key was already charged (nothing charged again) */
  duplicate: z.boolean(),
  /** an auto-reload was queued by this charge */
  autoReloadQueued: z.boolean(),
});
export type TNfcCharge = z.infer<typeof ZNfcCharge>;

// ───────────────────────────── admins ─────────────────────────────

const ZPersonRef = z.object({ id: ZId, name: z.string(), mobile: z.string().nullable() });

export const ZAdminNfcCard = z.object({
  id: ZId,
  uid: z.string(),
  status: ZNfcCardStatus,
  statusReason: z.string().nullable(),
  statusChangedAt: z.date().nullable(),
  currency: z.string(),
  balanceMinor: minor,
  customer: ZPersonRef.nullable(),
  merchant: ZPersonRef.nullable(),
  assignedAt: z.date().nullable(),
  autoReloadEnabled: z.boolean(),
  replacedById: ZId.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TAdminNfcCard = z.infer<typeof ZAdminNfcCard>;

export const ZAdminNfcCardDetail = ZAdminNfcCard.extend({
  replacedByUid: z.string().nullable(),
  replaces: z.array(z.object({ id: ZId, uid: z.string() })),
  transactions: z.array(ZNfcCardTransaction),
});

export const ZNfcCardSort = z.enum([
  '-createdAt',
  'createdAt',
  'uid',
  '-uid',
  '-assignedAt',
  'assignedAt',
  'status',
  '-status',
]);

export const ZAdminNfcCardFilters = z.object({
  status: ZNfcCardStatus.optional(),
  assigned: z.enum(['all', 'assigned', 'unassigned']).default('all'),
  merchantId: ZId.optional(),
  /** one customer's cards */
  customerId: ZId.optional(),
  /** customer name or mobile contains */
  customer: z.string().trim().max(80).optional(),
  /** UID contains (hex) */
  uid: z
    .string()
    .trim()
    .max(20)
    .transform((s) => s.replace(/[\s:-]/g, '').toUpperCase())
    .optional(),
  sort: ZNfcCardSort.default('-createdAt'),
});
export const ZAdminNfcCardListInput = ZPageInput.extend(ZAdminNfcCardFilters.shape);
export type TAdminNfcCardListInput = z.infer<typeof ZAdminNfcCardListInput>;
export const ZAdminNfcCardPage = ZPage(ZAdminNfcCard);

export const ZAdminNfcCardCreateInput = z.object({
  uid: ZNfcCardUid,
  /** put the card into this merchant's stock */
  merchantId: ZId.optional(),
  currency: z.string().length(3).toUpperCase().optional(),
});

export const ZAdminNfcCardUpdateInput = z
  .object({
    id: ZId,
    /** ACTIVE, BLOCKED or LOST (REPLACED only by moving the balance) */
    status: z.enum(['ACTIVE', 'BLOCKED', 'LOST']).optional(),
    reason: z.string().trim().max(200).optional(),
    /** the merchant whose stock holds the card (null: none); only for unassigned cards */
    merchantId: ZId.nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.status === 'BLOCKED' || v.status === 'LOST') && !v.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Give a reason' });
  });

const ZUidList = z.array(z.string().max(40)).min(1, 'At least one UID').max(500, 'At most 500 UIDs per batch');

/**
 * One batch (seed 003 Plan 2 `POST /api/nfc-cards/bulk/`): `create` registers new UIDs (optionally
 * into a merchant's stock), `allocate` moves unassigned cards to a merchant's stock, `block` blocks
 * ACTIVE cards. All rows or none.
 */
export const ZAdminNfcCardBulkInput = z
  .object({
    action: z.enum(['create', 'allocate', 'block']),
    uids: ZUidList,
    merchantId: ZId.optional(),
    reason: z.string().trim().max(200).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.action === 'allocate' && !v.merchantId)
      ctx.addIssue({ code: 'custom', path: ['merchantId'], message: 'Choose the merchant' });
    if (v.action === 'block' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Give a reason' });
  });
export type TAdminNfcCardBulkInput = z.infer<typeof ZAdminNfcCardBulkInput>;
export const ZAdminNfcCardBulkResult = z.object({
  action: z.enum(['create', 'allocate', 'block']),
  count: z.number().int(),
  cards: z.array(z.object({ id: ZId, uid: z.string() })),
});

export const ZAdminNfcCardReasonInput = z.object({
  id: ZId,
  reason: z.string().trim().min(1, 'Give a reason').max(200),
});

export const ZAdminNfcCardTransferInput = z.object({
  id: ZId,
  /** the customer who gets the card, by mobile number (E.164) */
  mobile: z
    .string()
    .trim()
    .regex(/^\+[1-9]\d{7,14}$/, 'Use international format, e.g. +201001234567'),
});

export const ZNfcMoveBalanceInput = z
  .object({ fromCardId: ZId, toCardId: ZId })
  .refine((v) => v.fromCardId !== v.toCardId, { path: ['toCardId'], message: 'Pick another card' });
export const ZNfcMoveBalanceResult = z.object({
  movedMinor: minor,
  currency: z.string(),
  from: ZAdminNfcCard,
  to: ZAdminNfcCard,
});

export const ZAdminNfcCardRequest = ZNfcCardRequest.extend({ customer: ZPersonRef, cardUid: z.string().nullable() });
export const ZAdminNfcCardRequestListInput = ZPageInput.extend({
  status: ZNfcCardRequestStatus.optional(),
  customer: z.string().trim().max(80).optional(),
});
export const ZAdminNfcCardRequestPage = ZPage(ZAdminNfcCardRequest);
