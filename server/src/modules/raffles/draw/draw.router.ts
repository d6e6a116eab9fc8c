/**
 * Procedures of the raffle draw (contract R2), as records to merge into the raffle routers of
 * trpc/router.ts (`admin.raffles`, `public.raffles`, `customer.raffles`):
 *   admin.raffles.close / commit / draw   manual triggers of the scheduled steps ('raffles.write')
 *   public.raffles.verification            the published draw data (serverSeed only after the draw)
 *   customer.raffles.claim                 a winner claims the prize
 */
import {
  ZRaffleClaimResult,
  ZRaffleCommitResult,
  ZRaffleDrawInput,
  ZRaffleDrawResult,
  ZRaffleVerification,
  ZRaffleWinnerIdInput,
} from '@admit/shared';
import { z } from 'zod';
import { adminProcedure, customerProcedure, publicProcedure } from '../../../trpc/procedures.ts';
import { claimPrize, closeSales, commitDraw, drawWinners, listWinners, raffleVerification } from './draw.service.ts';

const adminTags = ['admin: raffles'];

export const adminRaffleDrawProcedures = {
  close: adminProcedure('raffles.write')
    .meta({
      openapi: { method: 'POST', path: '/raffles/{raffleId}/close/', tags: adminTags, summary: 'Close sales now' },
    })
    .input(ZRaffleDrawInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await closeSales(ctx.deps, input.raffleId);
      return { ok: true as const };
    }),
  commit: adminProcedure('raffles.write')
    .meta({
      openapi: {
        method: 'POST',
        path: '/raffles/{raffleId}/commit/',
        tags: adminTags,
        summary: 'Publish the draw commitment',
      },
    })
    .input(ZRaffleDrawInput)
    .output(ZRaffleCommitResult)
    .mutation(({ ctx, input }) => commitDraw(ctx.deps, input.raffleId)),
  draw: adminProcedure('raffles.write')
    .meta({
      openapi: { method: 'POST', path: '/raffles/{raffleId}/draw/', tags: adminTags, summary: 'Draw the winners' },
    })
    .input(ZRaffleDrawInput)
    .output(ZRaffleDrawResult)
    .mutation(({ ctx, input }) => drawWinners(ctx.deps, input.raffleId)),
  winners: adminProcedure('raffles.read')
    .meta({
      openapi: { method: 'GET', path: '/raffles/{id}/winners/', tags: adminTags, summary: 'Winners and their claims' },
    })
    .input(z.object({ id: z.uuid() }))
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          rank: z.number().int(),
          position: z.number().int(),
          entryNumber: z.number().int(),
          userId: z.uuid(),
          customerName: z.string(),
          status: z.enum(['PENDING_CLAIM', 'CLAIMED', 'FORFEITED']),
          claimDeadline: z.date(),
          claimedAt: z.date().nullable(),
          replacesId: z.uuid().nullable(),
        }),
      ),
    )
    .query(({ ctx, input }) => listWinners(ctx.deps, input.id)),
};

export const publicRaffleDrawProcedures = {
  verification: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/raffles/{raffleId}/verification/',
        tags: ['public: raffles'],
        summary: 'Data to verify a raffle draw',
      },
    })
    .input(ZRaffleDrawInput)
    .output(ZRaffleVerification)
    .query(({ ctx, input }) => raffleVerification(ctx.deps, input.raffleId)),
};

export const customerRaffleDrawProcedures = {
  claim: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/raffles/wins/{winnerId}/claim/',
        tags: ['customer: raffles'],
        summary: 'Claim a prize I won',
      },
    })
    .input(ZRaffleWinnerIdInput)
    .output(ZRaffleClaimResult)
    .mutation(({ ctx, input }) => claimPrize(ctx.deps, ctx.actor, input.winnerId)),
};
