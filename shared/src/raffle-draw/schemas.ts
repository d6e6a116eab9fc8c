/** zod shapes of the raffle draw procedures (server/src/modules/raffles/draw/draw.router.ts). */
import { z } from 'zod';

export const ZRaffleDrawInput = z.object({ raffleId: z.uuid() });
export const ZRaffleWinnerIdInput = z.object({ winnerId: z.uuid() });

export const ZQuicknetBeacon = z.object({
  round: z.number().int().positive(),
  randomness: z.string(),
  signature: z.string(),
});

/** `public.raffles.verification`: everything needed to recompute the draw (serverSeed only after it). */
export const ZRaffleVerification = z.object({
  raffleId: z.uuid(),
  status: z.string(),
  mode: z.enum(['DRAND', 'COMMIT_REVEAL']).nullable(),
  algorithmVersion: z.string().nullable(),
  commitmentHash: z.string().nullable(),
  entryListText: z.string().nullable(),
  entryCount: z.number().int().nullable(),
  committedAt: z.date().nullable(),
  drandRound: z.number().int().nullable(),
  drandChainHash: z.string().nullable(),
  chainPublicKey: z.string().nullable(),
  beacon: ZQuicknetBeacon.nullable(),
  serverSeedHash: z.string().nullable(),
  serverSeed: z.string().nullable(),
  randomness: z.string().nullable(),
  drawnAt: z.date().nullable(),
  winners: z.array(
    z.object({
      /** the win's id (what `customer.raffles.claim` takes; claiming still requires being its owner) */
      winnerId: z.uuid(),
      rank: z.number().int(),
      position: z.number().int(),
      entryNumber: z.number().int(),
      entryId: z.uuid(),
      status: z.string(),
      /** the forfeited winner's position this one replaced */
      replacesPosition: z.number().int().nullable(),
    }),
  ),
});
export type TRaffleVerification = z.infer<typeof ZRaffleVerification>;

export const ZRaffleCommitResult = z.object({
  mode: z.enum(['DRAND', 'COMMIT_REVEAL']),
  commitmentHash: z.string(),
  entryCount: z.number().int(),
  drandRound: z.number().int().nullable(),
  serverSeedHash: z.string().nullable(),
});

export const ZRaffleDrawResult = z.object({
  randomness: z.string(),
  winners: z.array(
    z.object({
      id: z.uuid(),
      rank: z.number().int(),
      position: z.number().int(),
      entryNumber: z.number().int(),
      entryId: z.uuid(),
      userId: z.uuid(),
    }),
  ),
});

export const ZRaffleClaimResult = z.object({
  winnerId: z.uuid(),
  status: z.literal('CLAIMED'),
  claimedAt: z.date(),
});
