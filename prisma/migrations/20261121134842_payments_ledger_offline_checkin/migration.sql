-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELED');

-- CreateEnum
CREATE TYPE "RefundRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "LedgerAccountType" AS ENUM ('ASSET', 'LIABILITY', 'EQUITY', 'REVENUE', 'EXPENSE');

-- CreateEnum
CREATE TYPE "PayoutStatus" AS ENUM ('PENDING', 'PAID', 'CANCELLED');

-- CreateEnum
CREATE TYPE "FinanceRecordKind" AS ENUM ('EXPENSE', 'DEPOSIT', 'PROFIT_WITHDRAWAL', 'PROFIT_SHARE', 'SETTLEMENT');

-- CreateEnum
CREATE TYPE "EntryPolicy" AS ENUM ('SINGLE', 'MULTIPLE', 'REENTRY_AFTER_EXIT');

-- CreateEnum
CREATE TYPE "ScanDirection" AS ENUM ('ENTRY', 'EXIT');

-- CreateEnum
CREATE TYPE "IncidentSeverity" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- AlterEnum
ALTER TYPE "OrderStatus" ADD VALUE 'REFUNDED';

-- AlterEnum
ALTER TYPE "TicketStatus" ADD VALUE 'REFUNDED';

-- AlterTable
ALTER TABLE "CheckIn" ADD COLUMN     "checkInListId" UUID,
ADD COLUMN     "conflict" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "conflictWithId" UUID,
ADD COLUMN     "direction" "ScanDirection" NOT NULL DEFAULT 'ENTRY',
ADD COLUMN     "nonce" TEXT,
ADD COLUMN     "offline" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "cancelledAt" TIMESTAMPTZ(3),
ADD COLUMN     "refundCutoffHours" INTEGER NOT NULL DEFAULT 48,
ADD COLUMN     "refundFeeMinor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "refundsAllowed" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "NfcCard" ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "feeMinor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "refundedMinor" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "OrderLine" ADD COLUMN     "refundedQuantity" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Organizer" ADD COLUMN     "platformFeeBps" INTEGER NOT NULL DEFAULT 500;

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "disputedAt" TIMESTAMPTZ(3),
ADD COLUMN     "failureReason" TEXT,
ADD COLUMN     "offSession" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "paymentMethodRef" TEXT,
ADD COLUMN     "refundedMinor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "succeededAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "entries" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "inside" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "labels" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "refundId" UUID,
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "stripeCustomerId" TEXT;

-- AlterTable
ALTER TABLE "UsherAssignment" ADD COLUMN     "checkInListId" UUID;

-- CreateTable
CREATE TABLE "SavedPaymentMethod" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "provider" "PaymentProvider" NOT NULL,
    "providerRef" TEXT NOT NULL,
    "brand" TEXT NOT NULL,
    "last4" CHAR(4) NOT NULL,
    "expMonth" INTEGER NOT NULL,
    "expYear" INTEGER NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedPaymentMethod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL,
    "provider" "PaymentProvider" NOT NULL,
    "type" TEXT NOT NULL,
    "objectId" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Refund" (
    "id" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "paymentId" UUID NOT NULL,
    "providerRef" TEXT,
    "status" "RefundStatus" NOT NULL DEFAULT 'PENDING',
    "amountMinor" INTEGER NOT NULL,
    "feeMinor" INTEGER NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT,
    "initiatedById" UUID,
    "key" TEXT,
    "failureReason" TEXT,
    "succeededAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Refund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RefundRequest" (
    "id" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "ticketIds" UUID[],
    "eventId" UUID,
    "status" "RefundRequestStatus" NOT NULL DEFAULT 'PENDING',
    "reason" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "feeMinor" INTEGER NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL,
    "decidedById" UUID,
    "decisionNote" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "refundId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RefundRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerAccount" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "LedgerAccountType" NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "organizerId" UUID,
    "eventId" UUID,
    "userId" UUID,
    "nfcCardId" UUID,
    "balanceMinor" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerTransaction" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "orderId" UUID,
    "paymentId" UUID,
    "refundId" UUID,
    "payoutId" UUID,
    "financeRecordId" UUID,
    "createdById" UUID,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerTransaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" UUID NOT NULL,
    "transactionId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Payout" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "organizerId" UUID NOT NULL,
    "eventId" UUID,
    "currency" CHAR(3) NOT NULL,
    "grossMinor" INTEGER NOT NULL,
    "feesMinor" INTEGER NOT NULL,
    "refundsMinor" INTEGER NOT NULL,
    "netMinor" INTEGER NOT NULL,
    "status" "PayoutStatus" NOT NULL DEFAULT 'PENDING',
    "note" TEXT,
    "createdById" UUID,
    "paidAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Payout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinanceRecord" (
    "id" UUID NOT NULL,
    "kind" "FinanceRecordKind" NOT NULL,
    "category" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "counterparty" TEXT,
    "amountMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FinanceRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketRevocation" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "secretHash" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "revokedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TicketRevocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dependent" (
    "id" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "relationship" TEXT NOT NULL,
    "dateOfBirth" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Dependent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckInList" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "entryPolicy" "EntryPolicy" NOT NULL DEFAULT 'SINGLE',
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "ticketCategoryIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CheckInList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsherLeave" (
    "id" UUID NOT NULL,
    "usherId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsherLeave_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentReport" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "usherId" UUID NOT NULL,
    "gateId" UUID,
    "category" TEXT NOT NULL,
    "severity" "IncidentSeverity" NOT NULL DEFAULT 'LOW',
    "description" TEXT NOT NULL,
    "subjectRef" TEXT,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "resolvedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SavedPaymentMethod_providerRef_key" ON "SavedPaymentMethod"("providerRef");

-- CreateIndex
CREATE INDEX "SavedPaymentMethod_userId_idx" ON "SavedPaymentMethod"("userId");

-- CreateIndex
CREATE INDEX "WebhookEvent_objectId_idx" ON "WebhookEvent"("objectId");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_providerRef_key" ON "Refund"("providerRef");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_key_key" ON "Refund"("key");

-- CreateIndex
CREATE INDEX "Refund_orderId_idx" ON "Refund"("orderId");

-- CreateIndex
CREATE INDEX "Refund_status_createdAt_idx" ON "Refund"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RefundRequest_refundId_key" ON "RefundRequest"("refundId");

-- CreateIndex
CREATE INDEX "RefundRequest_customerId_createdAt_idx" ON "RefundRequest"("customerId", "createdAt");

-- CreateIndex
CREATE INDEX "RefundRequest_eventId_status_idx" ON "RefundRequest"("eventId", "status");

-- CreateIndex
CREATE INDEX "RefundRequest_status_createdAt_idx" ON "RefundRequest"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerAccount_code_key" ON "LedgerAccount"("code");

-- CreateIndex
CREATE INDEX "LedgerAccount_organizerId_idx" ON "LedgerAccount"("organizerId");

-- CreateIndex
CREATE INDEX "LedgerAccount_eventId_idx" ON "LedgerAccount"("eventId");

-- CreateIndex
CREATE INDEX "LedgerAccount_nfcCardId_idx" ON "LedgerAccount"("nfcCardId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerTransaction_idempotencyKey_key" ON "LedgerTransaction"("idempotencyKey");

-- CreateIndex
CREATE INDEX "LedgerTransaction_kind_occurredAt_idx" ON "LedgerTransaction"("kind", "occurredAt");

-- CreateIndex
CREATE INDEX "LedgerTransaction_orderId_idx" ON "LedgerTransaction"("orderId");

-- CreateIndex
CREATE INDEX "LedgerTransaction_payoutId_idx" ON "LedgerTransaction"("payoutId");

-- CreateIndex
CREATE INDEX "LedgerEntry_accountId_createdAt_idx" ON "LedgerEntry"("accountId", "createdAt");

-- CreateIndex
CREATE INDEX "LedgerEntry_transactionId_idx" ON "LedgerEntry"("transactionId");

-- CreateIndex
CREATE UNIQUE INDEX "Payout_reference_key" ON "Payout"("reference");

-- CreateIndex
CREATE INDEX "Payout_organizerId_createdAt_idx" ON "Payout"("organizerId", "createdAt");

-- CreateIndex
CREATE INDEX "Payout_status_createdAt_idx" ON "Payout"("status", "createdAt");

-- CreateIndex
CREATE INDEX "FinanceRecord_kind_occurredAt_idx" ON "FinanceRecord"("kind", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "TicketRevocation_secretHash_key" ON "TicketRevocation"("secretHash");

-- CreateIndex
CREATE INDEX "TicketRevocation_eventId_revokedAt_idx" ON "TicketRevocation"("eventId", "revokedAt");

-- CreateIndex
CREATE INDEX "Dependent_customerId_idx" ON "Dependent"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "CheckInList_eventId_name_key" ON "CheckInList"("eventId", "name");

-- CreateIndex
CREATE INDEX "UsherLeave_usherId_startedAt_idx" ON "UsherLeave"("usherId", "startedAt");

-- CreateIndex
CREATE INDEX "UsherLeave_eventId_startedAt_idx" ON "UsherLeave"("eventId", "startedAt");

-- CreateIndex
CREATE INDEX "IncidentReport_eventId_createdAt_idx" ON "IncidentReport"("eventId", "createdAt");

-- CreateIndex
CREATE INDEX "IncidentReport_usherId_createdAt_idx" ON "IncidentReport"("usherId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_nonce_key" ON "CheckIn"("nonce");

-- CreateIndex
CREATE INDEX "CheckIn_eventId_conflict_idx" ON "CheckIn"("eventId", "conflict");

-- CreateIndex
CREATE INDEX "CheckIn_ticketId_scannedAt_idx" ON "CheckIn"("ticketId", "scannedAt");

-- CreateIndex
CREATE INDEX "Payment_status_createdAt_idx" ON "Payment"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_eventId_updatedAt_idx" ON "Ticket"("eventId", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "User_stripeCustomerId_key" ON "User"("stripeCustomerId");

-- AddForeignKey
ALTER TABLE "SavedPaymentMethod" ADD CONSTRAINT "SavedPaymentMethod_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RefundRequest" ADD CONSTRAINT "RefundRequest_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RefundRequest" ADD CONSTRAINT "RefundRequest_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RefundRequest" ADD CONSTRAINT "RefundRequest_refundId_fkey" FOREIGN KEY ("refundId") REFERENCES "Refund"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "LedgerTransaction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "LedgerAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_organizerId_fkey" FOREIGN KEY ("organizerId") REFERENCES "Organizer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_refundId_fkey" FOREIGN KEY ("refundId") REFERENCES "Refund"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketRevocation" ADD CONSTRAINT "TicketRevocation_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketRevocation" ADD CONSTRAINT "TicketRevocation_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dependent" ADD CONSTRAINT "Dependent_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsherAssignment" ADD CONSTRAINT "UsherAssignment_checkInListId_fkey" FOREIGN KEY ("checkInListId") REFERENCES "CheckInList"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckInList" ADD CONSTRAINT "CheckInList_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_checkInListId_fkey" FOREIGN KEY ("checkInListId") REFERENCES "CheckInList"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsherLeave" ADD CONSTRAINT "UsherLeave_usherId_fkey" FOREIGN KEY ("usherId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsherLeave" ADD CONSTRAINT "UsherLeave_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentReport" ADD CONSTRAINT "IncidentReport_usherId_fkey" FOREIGN KEY ("usherId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentReport" ADD CONSTRAINT "IncidentReport_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ───────── hand-written: money and capacity guarded by the database ─────────

ALTER TABLE "Order" ADD CONSTRAINT "Order_refunded_within_total" CHECK ("refundedMinor" >= 0 AND "refundedMinor" <= "totalMinor");
ALTER TABLE "Order" ADD CONSTRAINT "Order_fee_within_total" CHECK ("feeMinor" >= 0 AND "feeMinor" <= "totalMinor");
ALTER TABLE "OrderLine" ADD CONSTRAINT "OrderLine_refunded_quantity" CHECK ("refundedQuantity" >= 0 AND "refundedQuantity" <= "quantity");
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_refunded_within_amount" CHECK ("refundedMinor" >= 0 AND "refundedMinor" <= "amountMinor");
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_amounts" CHECK ("amountMinor" >= 0 AND "feeMinor" >= 0 AND "amountMinor" + "feeMinor" > 0);
ALTER TABLE "RefundRequest" ADD CONSTRAINT "RefundRequest_amounts" CHECK ("amountMinor" >= 0 AND "feeMinor" >= 0);
ALTER TABLE "Payout" ADD CONSTRAINT "Payout_amounts" CHECK ("grossMinor" >= 0 AND "feesMinor" >= 0 AND "refundsMinor" >= 0 AND "netMinor" >= 0 AND "netMinor" = "grossMinor" - "feesMinor" - "refundsMinor");
ALTER TABLE "FinanceRecord" ADD CONSTRAINT "FinanceRecord_amount_positive" CHECK ("amountMinor" > 0);
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_amount_nonzero" CHECK ("amountMinor" <> 0);
ALTER TABLE "Organizer" ADD CONSTRAINT "Organizer_fee_bps" CHECK ("platformFeeBps" >= 0 AND "platformFeeBps" <= 10000);
ALTER TABLE "Event" ADD CONSTRAINT "Event_refund_policy" CHECK ("refundCutoffHours" >= 0 AND "refundFeeMinor" >= 0);
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_entries_nonnegative" CHECK ("entries" >= 0);
ALTER TABLE "SavedPaymentMethod" ADD CONSTRAINT "SavedPaymentMethod_expiry" CHECK ("expMonth" BETWEEN 1 AND 12);

-- one default check-in list per event; one pending refund request per order; one open leave per usher and event
CREATE UNIQUE INDEX "CheckInList_one_default" ON "CheckInList" ("eventId") WHERE "isDefault";
CREATE UNIQUE INDEX "RefundRequest_one_pending_per_order" ON "RefundRequest" ("orderId") WHERE "status" = 'PENDING';
CREATE UNIQUE INDEX "UsherLeave_one_open" ON "UsherLeave" ("usherId", "eventId") WHERE "endedAt" IS NULL;
CREATE UNIQUE INDEX "SavedPaymentMethod_one_default" ON "SavedPaymentMethod" ("userId") WHERE "isDefault";

-- Ledger: entries and transactions are append-only.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger rows are append-only (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER "LedgerEntry_append_only" BEFORE UPDATE OR DELETE ON "LedgerEntry"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER "LedgerTransaction_append_only" BEFORE UPDATE OR DELETE ON "LedgerTransaction"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- Ledger: an entry's currency is its account's; the account's cached balance moves with it.
CREATE FUNCTION ledger_entry_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE account_currency char(3);
BEGIN
  UPDATE "LedgerAccount" SET "balanceMinor" = "balanceMinor" + NEW."amountMinor"
    WHERE "id" = NEW."accountId" RETURNING "currency" INTO account_currency;
  IF account_currency IS DISTINCT FROM NEW."currency" THEN
    RAISE EXCEPTION 'ledger entry in % on an account kept in %', NEW."currency", account_currency
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "LedgerEntry_apply" AFTER INSERT ON "LedgerEntry"
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_apply();

-- Ledger: every transaction balances per currency, checked at commit (deferred constraint trigger).
CREATE FUNCTION ledger_transaction_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE unbalanced record;
BEGIN
  SELECT "currency", SUM("amountMinor") AS total INTO unbalanced
    FROM "LedgerEntry" WHERE "transactionId" = NEW."transactionId"
    GROUP BY "currency" HAVING SUM("amountMinor") <> 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger transaction % does not balance in % (off by %)',
      NEW."transactionId", unbalanced."currency", unbalanced.total USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER "LedgerEntry_balanced" AFTER INSERT ON "LedgerEntry"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balanced();

-- every existing event gets its default check-in list (single entry)
INSERT INTO "CheckInList" ("id", "eventId", "name", "entryPolicy", "isDefault")
  SELECT gen_random_uuid(), "id", 'Main entrance', 'SINGLE', true FROM "Event";

-- and every new event gets one, whichever code path creates it
CREATE FUNCTION event_default_checkin_list() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CheckInList" ("id", "eventId", "name", "entryPolicy", "isDefault")
    VALUES (gen_random_uuid(), NEW."id", 'Main entrance', 'SINGLE', true);
  RETURN NULL;
END $$;
CREATE TRIGGER "Event_default_checkin_list" AFTER INSERT ON "Event"
  FOR EACH ROW EXECUTE FUNCTION event_default_checkin_list();
