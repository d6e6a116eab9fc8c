/**
 * The books (issue 4 "Ledger and books"): event settlements and organizer payouts (seed 003
 * Plan 2 Phase 8 `GET /api/payouts/`, Plan 3 Phase 5 `GET /api/organizer/payouts/…`), the
 * company's own finance records (expenses, deposits, profit withdrawals, profit share,
 * settlements), company figures and ledger views, and customers' orders with receipts (seed 002
 * "PDF Receipt", "Receipt Storage"). Money is integer minor units + ISO 4217 currency; instants
 * are UTC.
 */
import { z } from 'zod';
import {
  ZFinanceRecordKind,
  ZLedgerAccountType,
  ZOrderStatus,
  ZPaymentProvider,
  ZPaymentStatus,
  ZPayoutStatus,
  ZRefundStatus,
} from '../enums.ts';
import { ZId, ZPage, ZPageInput } from './common.ts';
import { ZOrder } from './orders.ts';

/** ISO 4217 alphabetic code, upper-cased on input. */
export const ZCurrency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'Three-letter ISO 4217 code, e.g. EGP');

const minor = z.number().int();

/** A date range on the instants of a list (`from` inclusive, `to` exclusive), query-string friendly. */
export const ZDateRange = z.object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() });

// ───────────────────────────── settlement and payouts ─────────────────────────────

/**
 * What an event's organizer has earned, computed from the ledger entries on the event's payable
 * account: `owedMinor = grossMinor − feesMinor − refundsMinor − adjustmentsMinor − paidOutMinor`
 * and `availableMinor = owedMinor − pendingPayoutMinor`.
 */
export const ZSettlement = z.object({
  eventId: ZId,
  eventTitle: z.string(),
  organizerId: ZId,
  organizerName: z.string(),
  currency: z.string().length(3),
  /** ticket sales including the platform fee */
  grossMinor: minor,
  /** platform fees kept on those sales */
  feesMinor: minor,
  /** what refunds took back from the organizer's share */
  refundsMinor: minor,
  /** other movements on the payable (disputes, corrections), debit-positive */
  adjustmentsMinor: minor,
  /** payouts marked paid */
  paidOutMinor: minor,
  /** payouts created and not yet paid */
  pendingPayoutMinor: minor,
  /** what Admit owes the organizer now (minus the payable's balance) */
  owedMinor: minor,
  /** what a new payout may take: owed − pending */
  availableMinor: minor,
});
export type TSettlement = z.infer<typeof ZSettlement>;

export const ZPayout = z.object({
  id: ZId,
  /** human reference on the invoice, e.g. PO-2026-004211 */
  reference: z.string(),
  organizerId: ZId,
  organizerName: z.string(),
  eventId: ZId.nullable(),
  eventTitle: z.string().nullable(),
  currency: z.string().length(3),
  grossMinor: minor,
  feesMinor: minor,
  refundsMinor: minor,
  /** gross − fees − refunds */
  netMinor: minor,
  status: ZPayoutStatus,
  note: z.string().nullable(),
  paidAt: z.date().nullable(),
  createdAt: z.date(),
  /** the invoice PDF (`GET`, organizer session) */
  invoiceUrl: z.string(),
});
export type TPayout = z.infer<typeof ZPayout>;
export const ZPayoutPage = ZPage(ZPayout);

export const ZPayoutIdInput = z.object({ id: ZId });
export const ZCreatePayoutInput = z.object({
  eventId: ZId,
  note: z.string().trim().min(1).max(500).optional(),
});
export type TCreatePayoutInput = z.infer<typeof ZCreatePayoutInput>;

/** Organizer's own payouts: `GET /api/organizer/payouts/` */
export const ZOrganizerPayoutsInput = ZPageInput.extend({
  status: ZPayoutStatus.optional(),
  eventId: ZId.optional(),
});
/** Admin: `GET /api/payouts/` */
export const ZAdminPayoutsInput = ZOrganizerPayoutsInput.extend({ organizerId: ZId.optional() });
export type TAdminPayoutsInput = z.infer<typeof ZAdminPayoutsInput>;

export const ZEventIdInput = z.object({ eventId: ZId });

/** A generated document (PDF) handed to the HTTP layer, which sends it as a file. */
export const ZDocumentFile = z.object({
  filename: z.string(),
  contentType: z.literal('application/pdf'),
  base64: z.string(),
});
export type TDocumentFile = z.infer<typeof ZDocumentFile>;

// ───────────────────────────── finance records ─────────────────────────────

/** `POST /api/expenses/`, `/api/finances/deposits/`, … (seed 003 Plan 2 Phase 8). */
export const ZFinanceRecordInput = z.object({
  /** expense category ("Marketing", "Payment processing"), partner, or source; required for expenses */
  category: z.string().trim().min(1).max(80).optional(),
  description: z.string().trim().min(1).max(500),
  /** positive, minor units */
  amountMinor: z.number().int().positive().max(1_000_000_000_000),
  currency: ZCurrency,
  occurredAt: z.coerce.date(),
  counterparty: z.string().trim().min(1).max(120).optional(),
});
export type TFinanceRecordInput = z.infer<typeof ZFinanceRecordInput>;

export const ZFinanceRecordListInput = ZPageInput.extend({
  ...ZDateRange.shape,
  currency: ZCurrency.optional(),
  category: z.string().trim().min(1).max(80).optional(),
});
export type TFinanceRecordListInput = z.infer<typeof ZFinanceRecordListInput>;

export const ZFinanceRecord = z.object({
  id: ZId,
  kind: ZFinanceRecordKind,
  category: z.string(),
  description: z.string(),
  counterparty: z.string().nullable(),
  amountMinor: minor,
  currency: z.string().length(3),
  occurredAt: z.date(),
  createdAt: z.date(),
  createdById: ZId.nullable(),
  /** the ledger transaction that posted it */
  transactionId: ZId.nullable(),
});
export type TFinanceRecord = z.infer<typeof ZFinanceRecord>;
export const ZFinanceRecordPage = ZPage(ZFinanceRecord).extend({ totalMinorByCurrency: z.record(z.string(), minor) });

/** `GET /api/finances/company/`: flows within `[from, to)`, balances as of `to`. */
export const ZCompanyFinancesInput = ZDateRange;
export const ZCompanyFinances = z.object({
  from: z.date().nullable(),
  to: z.date().nullable(),
  currencies: z.array(
    z.object({
      currency: z.string().length(3),
      /** platform fees kept, net of fee reversals on refunds */
      feeRevenueMinor: minor,
      expensesMinor: minor,
      expensesByCategory: z.array(z.object({ category: z.string(), code: z.string(), amountMinor: minor })),
      /** fee revenue − expenses */
      netProfitMinor: minor,
      profitSharedMinor: minor,
      withdrawnMinor: minor,
      depositsMinor: minor,
      /** moved from the payment provider to the bank */
      settledMinor: minor,
      balances: z.object({
        clearingMinor: minor,
        bankMinor: minor,
        disputesMinor: minor,
        /** owed to organizers (positive = owed) */
        organizerPayablesMinor: minor,
        /** stored value on NFC cards owed to holders */
        cardBalancesMinor: minor,
        merchantPayablesMinor: minor,
        /** late payments received for orders that could no longer take them, still to send back */
        refundsDueMinor: minor,
        /** owners' equity (positive = capital) */
        equityMinor: minor,
      }),
    }),
  ),
});
export type TCompanyFinances = z.infer<typeof ZCompanyFinances>;

// ───────────────────────────── ledger views ─────────────────────────────

export const ZLedgerAccountRow = z.object({
  id: ZId,
  code: z.string(),
  name: z.string(),
  type: ZLedgerAccountType,
  currency: z.string().length(3),
  /** debit-positive minor units (liabilities, equity and revenue are negative when in credit) */
  balanceMinor: minor,
  organizerId: ZId.nullable(),
  eventId: ZId.nullable(),
  createdAt: z.date(),
});
export const ZLedgerAccountsInput = ZPageInput.extend({
  type: ZLedgerAccountType.optional(),
  codePrefix: z.string().trim().min(1).max(200).optional(),
  currency: ZCurrency.optional(),
});
export const ZLedgerAccountPage = ZPage(ZLedgerAccountRow);

export const ZLedgerEntriesInput = ZPageInput.extend({ id: ZId, ...ZDateRange.shape });
export const ZLedgerEntryRow = z.object({
  id: ZId,
  amountMinor: minor,
  currency: z.string().length(3),
  createdAt: z.date(),
  transaction: z.object({
    id: ZId,
    kind: z.string(),
    idempotencyKey: z.string(),
    description: z.string(),
    occurredAt: z.date(),
  }),
});
export const ZLedgerEntryPage = ZPage(ZLedgerEntryRow).extend({ account: ZLedgerAccountRow });

export const ZLedgerProblem = z.object({
  kind: z.enum(['UNBALANCED_TRANSACTION', 'BALANCE_MISMATCH', 'CURRENCY_MISMATCH', 'EMPTY_TRANSACTION']),
  ref: z.string(),
  detail: z.string(),
});

// ───────────────────────────── customers' orders and receipts ─────────────────────────────

/** One of my orders with what was paid and refunded (seed 002 "Receipt Storage"). */
export const ZOrderDetail = ZOrder.extend({
  refundedMinor: minor,
  event: z
    .object({
      id: ZId,
      title: z.string(),
      startsAt: z.date(),
      venueName: z.string(),
      timeZone: z.string(),
    })
    .nullable(),
  payments: z.array(
    z.object({
      id: ZId,
      provider: ZPaymentProvider,
      status: ZPaymentStatus,
      amountMinor: minor,
      refundedMinor: minor,
      currency: z.string().length(3),
      /** "Visa •••• 4242", "Card", or "Test mode" (offline provider) */
      method: z.string(),
      createdAt: z.date(),
      succeededAt: z.date().nullable(),
    }),
  ),
  refunds: z.array(
    z.object({
      id: ZId,
      status: ZRefundStatus,
      amountMinor: minor,
      feeMinor: minor,
      currency: z.string().length(3),
      reason: z.string(),
      createdAt: z.date(),
      succeededAt: z.date().nullable(),
    }),
  ),
  /** what the customer paid and kept paid: succeeded payments − succeeded refunds */
  netPaidMinor: minor,
  /** the PDF receipt (paid orders only) */
  receiptUrl: z.string().nullable(),
});
export type TOrderDetail = z.infer<typeof ZOrderDetail>;
export const ZOrderDetailPage = ZPage(ZOrderDetail);
export const ZMyOrdersInput = ZPageInput.extend({ status: ZOrderStatus.optional() });
