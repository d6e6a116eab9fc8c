/**
 * Enumerations shared by server and clients. They mirror the Prisma enums of the same name
 * (a test in server/ asserts they stay equal).
 */
import { z } from 'zod';

export const EVENT_CATEGORIES = [
  'MUSIC',
  'SPORTS',
  'THEATRE',
  'COMEDY',
  'CONFERENCE',
  'FESTIVAL',
  'FAMILY',
  'EXHIBITION',
] as const;
export const ZEventCategory = z.enum(EVENT_CATEGORIES);
export type TEventCategory = z.infer<typeof ZEventCategory>;

export const ZEventStatus = z.enum(['DRAFT', 'PUBLISHED', 'CANCELLED']);
export const ZTicketTier = z.enum(['STANDARD', 'VIP']);
export type TTicketTier = z.infer<typeof ZTicketTier>;
export const ZOrderStatus = z.enum(['PENDING', 'PAID', 'EXPIRED', 'CANCELLED', 'REFUNDED']);
export type TOrderStatus = z.infer<typeof ZOrderStatus>;
export const ZTicketStatus = z.enum(['VALID', 'VOID', 'REFUNDED']);
export const ZPaymentStatus = z.enum(['REQUIRES_CONFIRMATION', 'SUCCEEDED', 'FAILED', 'CANCELED']);
export const ZNfcCardStatus = z.enum(['ACTIVE', 'BLOCKED', 'LOST', 'REPLACED']);
/** What an order line sells (checkout kinds registry, ADR 0010). */
export const ZOrderLineKind = z.enum(['EVENT_TICKET', 'RAFFLE_ENTRY', 'NFC_CARD_FEE', 'NFC_RELOAD']);
export type TOrderLineKind = z.infer<typeof ZOrderLineKind>;
export const ZRole = z.enum(['CUSTOMER', 'ORGANIZER', 'MERCHANT', 'USHER', 'PRACTITIONER', 'ADMIN']);
export type TRole = z.infer<typeof ZRole>;

/** Seed 003 Plan 5 Phase 2: Valid (first scan) / Invalid / Already Scanned / Not Found. */
export const ZCheckInResult = z.enum(['VALID', 'INVALID', 'ALREADY_SCANNED', 'NOT_FOUND']);
export type TCheckInResult = z.infer<typeof ZCheckInResult>;
export const ZScanMethod = z.enum(['QR', 'NFC', 'MANUAL']);
export type TScanMethod = z.infer<typeof ZScanMethod>;
/** Re-entry rules of a check-in list (pretix's check-in list options). */
export const ZEntryPolicy = z.enum(['SINGLE', 'MULTIPLE', 'REENTRY_AFTER_EXIT']);
export type TEntryPolicy = z.infer<typeof ZEntryPolicy>;
export const ZScanDirection = z.enum(['ENTRY', 'EXIT']);
export type TScanDirection = z.infer<typeof ZScanDirection>;
export const ZIncidentSeverity = z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
export type TIncidentSeverity = z.infer<typeof ZIncidentSeverity>;

// raffles (issue 8): mirror the Prisma enums of the same names
export const ZRaffleStatus = z.enum([
  'DRAFT',
  'OPEN',
  'CLOSED',
  'COMMITTED',
  'DRAWN',
  'FULFILLED',
  'CANCELLED',
  'REFUNDING',
  'REFUNDED',
]);
export type TRaffleStatus = z.infer<typeof ZRaffleStatus>;
export const ZDrawMode = z.enum(['DRAND', 'COMMIT_REVEAL']);
export type TDrawMode = z.infer<typeof ZDrawMode>;
export const ZRaffleEntrySource = z.enum(['PAID', 'FREE']);
export type TRaffleEntrySource = z.infer<typeof ZRaffleEntrySource>;
export const ZRaffleEntryStatus = z.enum(['VALID', 'REFUNDED']);
export type TRaffleEntryStatus = z.infer<typeof ZRaffleEntryStatus>;
export const ZRaffleWinnerStatus = z.enum(['PENDING_CLAIM', 'CLAIMED', 'FORFEITED']);
export type TRaffleWinnerStatus = z.infer<typeof ZRaffleWinnerStatus>;

export const ZRefundStatus = z.enum(['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELED']);
export type TRefundStatus = z.infer<typeof ZRefundStatus>;
export const ZRefundRequestStatus = z.enum(['PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN']);
export type TRefundRequestStatus = z.infer<typeof ZRefundRequestStatus>;
export const ZPayoutStatus = z.enum(['PENDING', 'PAID', 'CANCELLED']);
export type TPayoutStatus = z.infer<typeof ZPayoutStatus>;
export const ZFinanceRecordKind = z.enum(['EXPENSE', 'DEPOSIT', 'PROFIT_WITHDRAWAL', 'PROFIT_SHARE', 'SETTLEMENT']);
export type TFinanceRecordKind = z.infer<typeof ZFinanceRecordKind>;
export const ZLedgerAccountType = z.enum(['ASSET', 'LIABILITY', 'EQUITY', 'REVENUE', 'EXPENSE']);
export type TLedgerAccountType = z.infer<typeof ZLedgerAccountType>;
export const ZPaymentProvider = z.enum(['OFFLINE', 'STRIPE']);
export type TPaymentProvider = z.infer<typeof ZPaymentProvider>;

/** Machine-readable error codes carried by every error (tRPC `data.appCode`, REST `error.code`). */
export const APP_ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_STATE',
  'SOLD_OUT',
  'HOLD_EXPIRED',
  'INVALID_CREDENTIALS',
  'INVALID_CODE',
  'CODE_EXPIRED',
  'TOO_MANY_ATTEMPTS',
  'NOT_ASSIGNED',
  'CODE_REQUIRED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  /** a dependency (the database) is unreachable: retry shortly (HTTP 503) */
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type TAppErrorCode = (typeof APP_ERROR_CODES)[number];
