-- CreateEnum
CREATE TYPE "NfcCardRequestStatus" AS ENUM ('PENDING_PAYMENT', 'PAID', 'FULFILLED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "CardAssignmentStatus" AS ENUM ('PENDING', 'CONFIRMED', 'EXPIRED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TicketTransferKind" AS ENUM ('TRANSFER', 'GIFT');

-- CreateEnum
CREATE TYPE "TicketTransferStatus" AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "EditRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "SeatingMode" AS ENUM ('GENERAL_ADMISSION', 'RESERVED');

-- CreateEnum
CREATE TYPE "EventSeatStatus" AS ENUM ('AVAILABLE', 'HELD', 'SOLD', 'BLOCKED');

-- AlterEnum
ALTER TYPE "NfcCardStatus" ADD VALUE 'REPLACED';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "OrderLineKind" ADD VALUE 'NFC_CARD_FEE';
ALTER TYPE "OrderLineKind" ADD VALUE 'NFC_RELOAD';

-- AlterEnum
ALTER TYPE "OtpPurpose" ADD VALUE 'CARD_ASSIGNMENT';

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "seatMapId" UUID,
ADD COLUMN     "seatingMode" "SeatingMode" NOT NULL DEFAULT 'GENERAL_ADMISSION';

-- AlterTable
ALTER TABLE "NfcCard" ADD COLUMN     "autoReloadAmountMinor" INTEGER,
ADD COLUMN     "autoReloadEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "autoReloadPaymentMethodId" UUID,
ADD COLUMN     "autoReloadThresholdMinor" INTEGER,
ADD COLUMN     "currency" CHAR(3) NOT NULL DEFAULT 'EGP',
ADD COLUMN     "replacedById" UUID,
ADD COLUMN     "statusChangedAt" TIMESTAMPTZ(3),
ADD COLUMN     "statusReason" TEXT;

-- AlterTable
ALTER TABLE "OrderLine" ADD COLUMN     "nfcCardId" UUID,
ADD COLUMN     "nfcCardRequestId" UUID;

-- AlterTable
ALTER TABLE "Organizer" ADD COLUMN     "description" TEXT,
ADD COLUMN     "logoUrl" TEXT,
ADD COLUMN     "website" TEXT;

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "seatId" UUID;

-- CreateTable
CREATE TABLE "NfcCardRequest" (
    "id" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "status" "NfcCardRequestStatus" NOT NULL DEFAULT 'PENDING_PAYMENT',
    "feeMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "note" TEXT,
    "cardId" UUID,
    "paidAt" TIMESTAMPTZ(3),
    "fulfilledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NfcCardRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CardAssignment" (
    "id" UUID NOT NULL,
    "merchantId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "cardId" UUID NOT NULL,
    "status" "CardAssignmentStatus" NOT NULL DEFAULT 'PENDING',
    "codeId" UUID,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "confirmedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CardAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MerchantProfile" (
    "userId" UUID NOT NULL,
    "businessName" TEXT NOT NULL,
    "address" TEXT,
    "city" TEXT,
    "notifyOnAssignment" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MerchantProfile_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "Favorite" (
    "userId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Favorite_pkey" PRIMARY KEY ("userId","eventId")
);

-- CreateTable
CREATE TABLE "TicketTransfer" (
    "id" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "kind" "TicketTransferKind" NOT NULL,
    "status" "TicketTransferStatus" NOT NULL DEFAULT 'PENDING',
    "fromUserId" UUID NOT NULL,
    "toUserId" UUID NOT NULL,
    "message" TEXT,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "respondedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TicketTransfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventEditRequest" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "requestedById" UUID NOT NULL,
    "changes" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "EditRequestStatus" NOT NULL DEFAULT 'PENDING',
    "reviewedById" UUID,
    "reviewNote" TEXT,
    "reviewedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventEditRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeatMap" (
    "id" UUID NOT NULL,
    "venueId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "width" INTEGER NOT NULL DEFAULT 1000,
    "height" INTEGER NOT NULL DEFAULT 800,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SeatMap_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeatSection" (
    "id" UUID NOT NULL,
    "seatMapId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SeatSection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Seat" (
    "id" UUID NOT NULL,
    "seatMapId" UUID NOT NULL,
    "sectionId" UUID NOT NULL,
    "row" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "x" DOUBLE PRECISION NOT NULL,
    "y" DOUBLE PRECISION NOT NULL,
    "accessible" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Seat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventSeat" (
    "id" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "seatId" UUID NOT NULL,
    "ticketCategoryId" UUID NOT NULL,
    "status" "EventSeatStatus" NOT NULL DEFAULT 'AVAILABLE',
    "holderId" UUID,
    "heldUntil" TIMESTAMPTZ(3),
    "orderId" UUID,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EventSeat_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "NfcCardRequest_customerId_createdAt_idx" ON "NfcCardRequest"("customerId", "createdAt");

-- CreateIndex
CREATE INDEX "CardAssignment_merchantId_createdAt_idx" ON "CardAssignment"("merchantId", "createdAt");

-- CreateIndex
CREATE INDEX "Favorite_userId_createdAt_idx" ON "Favorite"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "TicketTransfer_toUserId_status_idx" ON "TicketTransfer"("toUserId", "status");

-- CreateIndex
CREATE INDEX "TicketTransfer_fromUserId_createdAt_idx" ON "TicketTransfer"("fromUserId", "createdAt");

-- CreateIndex
CREATE INDEX "EventEditRequest_status_createdAt_idx" ON "EventEditRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "EventEditRequest_eventId_createdAt_idx" ON "EventEditRequest"("eventId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SeatMap_venueId_name_key" ON "SeatMap"("venueId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "SeatSection_seatMapId_name_key" ON "SeatSection"("seatMapId", "name");

-- CreateIndex
CREATE INDEX "Seat_seatMapId_idx" ON "Seat"("seatMapId");

-- CreateIndex
CREATE UNIQUE INDEX "Seat_sectionId_row_number_key" ON "Seat"("sectionId", "row", "number");

-- CreateIndex
CREATE INDEX "EventSeat_eventId_status_idx" ON "EventSeat"("eventId", "status");

-- CreateIndex
CREATE INDEX "EventSeat_orderId_idx" ON "EventSeat"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "EventSeat_eventId_seatId_key" ON "EventSeat"("eventId", "seatId");

-- CreateIndex
CREATE INDEX "NfcCard_merchantId_customerId_idx" ON "NfcCard"("merchantId", "customerId");

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_seatMapId_fkey" FOREIGN KEY ("seatMapId") REFERENCES "SeatMap"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderLine" ADD CONSTRAINT "OrderLine_nfcCardId_fkey" FOREIGN KEY ("nfcCardId") REFERENCES "NfcCard"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderLine" ADD CONSTRAINT "OrderLine_nfcCardRequestId_fkey" FOREIGN KEY ("nfcCardRequestId") REFERENCES "NfcCardRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_seatId_fkey" FOREIGN KEY ("seatId") REFERENCES "Seat"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NfcCard" ADD CONSTRAINT "NfcCard_replacedById_fkey" FOREIGN KEY ("replacedById") REFERENCES "NfcCard"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NfcCardRequest" ADD CONSTRAINT "NfcCardRequest_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NfcCardRequest" ADD CONSTRAINT "NfcCardRequest_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "NfcCard"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardAssignment" ADD CONSTRAINT "CardAssignment_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardAssignment" ADD CONSTRAINT "CardAssignment_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardAssignment" ADD CONSTRAINT "CardAssignment_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "NfcCard"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MerchantProfile" ADD CONSTRAINT "MerchantProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Favorite" ADD CONSTRAINT "Favorite_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Favorite" ADD CONSTRAINT "Favorite_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketTransfer" ADD CONSTRAINT "TicketTransfer_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketTransfer" ADD CONSTRAINT "TicketTransfer_fromUserId_fkey" FOREIGN KEY ("fromUserId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketTransfer" ADD CONSTRAINT "TicketTransfer_toUserId_fkey" FOREIGN KEY ("toUserId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventEditRequest" ADD CONSTRAINT "EventEditRequest_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventEditRequest" ADD CONSTRAINT "EventEditRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventEditRequest" ADD CONSTRAINT "EventEditRequest_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeatMap" ADD CONSTRAINT "SeatMap_venueId_fkey" FOREIGN KEY ("venueId") REFERENCES "Venue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SeatSection" ADD CONSTRAINT "SeatSection_seatMapId_fkey" FOREIGN KEY ("seatMapId") REFERENCES "SeatMap"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Seat" ADD CONSTRAINT "Seat_seatMapId_fkey" FOREIGN KEY ("seatMapId") REFERENCES "SeatMap"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Seat" ADD CONSTRAINT "Seat_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "SeatSection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventSeat" ADD CONSTRAINT "EventSeat_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventSeat" ADD CONSTRAINT "EventSeat_seatId_fkey" FOREIGN KEY ("seatId") REFERENCES "Seat"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventSeat" ADD CONSTRAINT "EventSeat_ticketCategoryId_fkey" FOREIGN KEY ("ticketCategoryId") REFERENCES "TicketCategory"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventSeat" ADD CONSTRAINT "EventSeat_holderId_fkey" FOREIGN KEY ("holderId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ───────────── hand-written: rules the database enforces (issue 7) ─────────────

-- an order line sells exactly one kind of thing (replaces the raffles migration's constraint)
ALTER TABLE "OrderLine" DROP CONSTRAINT "OrderLine_kind_reference";
ALTER TABLE "OrderLine" ADD CONSTRAINT "OrderLine_kind_reference" CHECK (
  ("kind"::text = 'EVENT_TICKET' AND "ticketCategoryId" IS NOT NULL AND "raffleId" IS NULL AND "nfcCardId" IS NULL AND "nfcCardRequestId" IS NULL) OR
  ("kind"::text = 'RAFFLE_ENTRY' AND "raffleId" IS NOT NULL AND "ticketCategoryId" IS NULL AND "nfcCardId" IS NULL AND "nfcCardRequestId" IS NULL) OR
  ("kind"::text = 'NFC_RELOAD' AND "nfcCardId" IS NOT NULL AND "ticketCategoryId" IS NULL AND "raffleId" IS NULL AND "nfcCardRequestId" IS NULL) OR
  ("kind"::text = 'NFC_CARD_FEE' AND "nfcCardRequestId" IS NOT NULL AND "ticketCategoryId" IS NULL AND "raffleId" IS NULL AND "nfcCardId" IS NULL)
);

-- a stored-value card can never go below zero (credit-normal LIABILITY: balance ≤ 0 here)
ALTER TABLE "LedgerAccount" ADD CONSTRAINT "LedgerAccount_card_not_overdrawn" CHECK ("code" NOT LIKE 'card:%' OR "balanceMinor" <= 0);

ALTER TABLE "NfcCard" ADD CONSTRAINT "NfcCard_auto_reload" CHECK (
  NOT "autoReloadEnabled" OR ("autoReloadThresholdMinor" >= 0 AND "autoReloadAmountMinor" > 0)
);
ALTER TABLE "NfcCard" ADD CONSTRAINT "NfcCard_not_replaced_by_itself" CHECK ("replacedById" IS NULL OR "replacedById" <> "id");
ALTER TABLE "NfcCardRequest" ADD CONSTRAINT "NfcCardRequest_fee" CHECK ("feeMinor" >= 0);
-- one open card request per customer
CREATE UNIQUE INDEX "NfcCardRequest_one_open" ON "NfcCardRequest" ("customerId") WHERE "status" IN ('PENDING_PAYMENT', 'PAID');
-- one pending assignment per card
CREATE UNIQUE INDEX "CardAssignment_one_pending" ON "CardAssignment" ("cardId") WHERE "status" = 'PENDING';
-- one pending transfer per ticket; never to oneself
CREATE UNIQUE INDEX "TicketTransfer_one_pending" ON "TicketTransfer" ("ticketId") WHERE "status" = 'PENDING';
ALTER TABLE "TicketTransfer" ADD CONSTRAINT "TicketTransfer_not_to_self" CHECK ("fromUserId" <> "toUserId");
-- one pending edit request per event
CREATE UNIQUE INDEX "EventEditRequest_one_pending" ON "EventEditRequest" ("eventId") WHERE "status" = 'PENDING';

-- seating: a held seat names its holder and expiry, a sold seat its order; one VALID ticket per event seat
ALTER TABLE "EventSeat" ADD CONSTRAINT "EventSeat_state" CHECK (
  ("status"::text = 'HELD' AND "holderId" IS NOT NULL AND "heldUntil" IS NOT NULL) OR
  ("status"::text = 'SOLD' AND "orderId" IS NOT NULL) OR
  ("status"::text IN ('AVAILABLE', 'BLOCKED') AND "orderId" IS NULL)
);
CREATE UNIQUE INDEX "Ticket_one_valid_per_seat" ON "Ticket" ("eventId", "seatId") WHERE "seatId" IS NOT NULL AND "status" = 'VALID';
ALTER TABLE "Event" ADD CONSTRAINT "Event_reserved_has_map" CHECK ("seatingMode"::text = 'GENERAL_ADMISSION' OR "seatMapId" IS NOT NULL);
