-- CreateEnum
CREATE TYPE "RaffleStatus" AS ENUM ('DRAFT', 'OPEN', 'CLOSED', 'COMMITTED', 'DRAWN', 'FULFILLED', 'CANCELLED', 'REFUNDING', 'REFUNDED');

-- CreateEnum
CREATE TYPE "DrawMode" AS ENUM ('DRAND', 'COMMIT_REVEAL');

-- CreateEnum
CREATE TYPE "RaffleEntrySource" AS ENUM ('PAID', 'FREE');

-- CreateEnum
CREATE TYPE "RaffleEntryStatus" AS ENUM ('VALID', 'REFUNDED');

-- CreateEnum
CREATE TYPE "RaffleWinnerStatus" AS ENUM ('PENDING_CLAIM', 'CLAIMED', 'FORFEITED');

-- AlterEnum
ALTER TYPE "OrderLineKind" ADD VALUE 'RAFFLE_ENTRY';

-- AlterTable
ALTER TABLE "OrderLine" ADD COLUMN     "raffleId" UUID;

-- CreateTable
CREATE TABLE "Raffle" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "imageUrls" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "prizeTitle" TEXT NOT NULL,
    "prizeDescription" TEXT NOT NULL,
    "prizeValueMinor" INTEGER,
    "entryPriceMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "totalEntries" INTEGER NOT NULL,
    "entriesTaken" INTEGER NOT NULL DEFAULT 0,
    "maxEntriesPerUser" INTEGER NOT NULL,
    "winnersCount" INTEGER NOT NULL DEFAULT 1,
    "opensAt" TIMESTAMPTZ(3) NOT NULL,
    "closesAt" TIMESTAMPTZ(3) NOT NULL,
    "drawAt" TIMESTAMPTZ(3) NOT NULL,
    "claimDays" INTEGER NOT NULL DEFAULT 14,
    "status" "RaffleStatus" NOT NULL DEFAULT 'DRAFT',
    "createdById" UUID,
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelReason" TEXT,
    "drawMode" "DrawMode",
    "algorithmVersion" TEXT,
    "commitmentHash" TEXT,
    "entryListText" TEXT,
    "entryCount" INTEGER,
    "committedAt" TIMESTAMPTZ(3),
    "drandChainHash" TEXT,
    "drandRound" INTEGER,
    "serverSeedHash" TEXT,
    "serverSeed" TEXT,
    "randomness" TEXT,
    "beacon" JSONB,
    "drawnAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Raffle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RaffleParticipant" (
    "raffleId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "entries" INTEGER NOT NULL DEFAULT 0,
    "freeEntries" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RaffleParticipant_pkey" PRIMARY KEY ("raffleId","userId")
);

-- CreateTable
CREATE TABLE "RaffleEntry" (
    "id" UUID NOT NULL,
    "raffleId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "userId" UUID NOT NULL,
    "source" "RaffleEntrySource" NOT NULL,
    "status" "RaffleEntryStatus" NOT NULL DEFAULT 'VALID',
    "orderId" UUID,
    "orderLineId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RaffleEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RaffleWinner" (
    "id" UUID NOT NULL,
    "raffleId" UUID NOT NULL,
    "entryId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "rank" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "status" "RaffleWinnerStatus" NOT NULL DEFAULT 'PENDING_CLAIM',
    "claimDeadline" TIMESTAMPTZ(3) NOT NULL,
    "claimedAt" TIMESTAMPTZ(3),
    "replacesId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RaffleWinner_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Raffle_slug_key" ON "Raffle"("slug");

-- CreateIndex
CREATE INDEX "Raffle_status_closesAt_idx" ON "Raffle"("status", "closesAt");

-- CreateIndex
CREATE INDEX "Raffle_status_drawAt_idx" ON "Raffle"("status", "drawAt");

-- CreateIndex
CREATE INDEX "RaffleEntry_raffleId_userId_idx" ON "RaffleEntry"("raffleId", "userId");

-- CreateIndex
CREATE INDEX "RaffleEntry_orderLineId_idx" ON "RaffleEntry"("orderLineId");

-- CreateIndex
CREATE UNIQUE INDEX "RaffleEntry_raffleId_number_key" ON "RaffleEntry"("raffleId", "number");

-- CreateIndex
CREATE INDEX "RaffleWinner_raffleId_rank_idx" ON "RaffleWinner"("raffleId", "rank");

-- CreateIndex
CREATE INDEX "RaffleWinner_userId_idx" ON "RaffleWinner"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "RaffleWinner_raffleId_position_key" ON "RaffleWinner"("raffleId", "position");

-- AddForeignKey
ALTER TABLE "OrderLine" ADD CONSTRAINT "OrderLine_raffleId_fkey" FOREIGN KEY ("raffleId") REFERENCES "Raffle"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RaffleParticipant" ADD CONSTRAINT "RaffleParticipant_raffleId_fkey" FOREIGN KEY ("raffleId") REFERENCES "Raffle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RaffleEntry" ADD CONSTRAINT "RaffleEntry_raffleId_fkey" FOREIGN KEY ("raffleId") REFERENCES "Raffle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RaffleEntry" ADD CONSTRAINT "RaffleEntry_orderLineId_fkey" FOREIGN KEY ("orderLineId") REFERENCES "OrderLine"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RaffleWinner" ADD CONSTRAINT "RaffleWinner_raffleId_fkey" FOREIGN KEY ("raffleId") REFERENCES "Raffle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RaffleWinner" ADD CONSTRAINT "RaffleWinner_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "RaffleEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ───────── hand-written: caps guarded by the database ─────────
ALTER TABLE "Raffle" ADD CONSTRAINT "Raffle_entries_within_total" CHECK ("entriesTaken" >= 0 AND "entriesTaken" <= "totalEntries");
ALTER TABLE "Raffle" ADD CONSTRAINT "Raffle_numbers" CHECK ("entryPriceMinor" >= 0 AND "totalEntries" > 0 AND "maxEntriesPerUser" > 0 AND "winnersCount" > 0 AND "winnersCount" <= "totalEntries" AND "claimDays" > 0);
ALTER TABLE "Raffle" ADD CONSTRAINT "Raffle_schedule" CHECK ("opensAt" < "closesAt" AND "closesAt" <= "drawAt");
ALTER TABLE "RaffleParticipant" ADD CONSTRAINT "RaffleParticipant_entries" CHECK ("entries" >= 0 AND "freeEntries" >= 0 AND "freeEntries" <= "entries");
ALTER TABLE "RaffleEntry" ADD CONSTRAINT "RaffleEntry_number_positive" CHECK ("number" > 0);
ALTER TABLE "RaffleWinner" ADD CONSTRAINT "RaffleWinner_rank_position" CHECK ("rank" > 0 AND "position" >= 0);
-- one current (not forfeited) winner per rank
CREATE UNIQUE INDEX "RaffleWinner_one_per_rank" ON "RaffleWinner" ("raffleId", "rank") WHERE "status" <> 'FORFEITED';
-- an order line sells exactly one kind of thing
ALTER TABLE "OrderLine" ADD CONSTRAINT "OrderLine_kind_reference" CHECK (
  ("kind"::text = 'EVENT_TICKET' AND "ticketCategoryId" IS NOT NULL AND "raffleId" IS NULL) OR
  ("kind"::text = 'RAFFLE_ENTRY' AND "raffleId" IS NOT NULL AND "ticketCategoryId" IS NULL)
);
