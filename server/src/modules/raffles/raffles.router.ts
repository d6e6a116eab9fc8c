/**
 * Raffle procedures (issue 8): `admin.raffles.*` (raffles.read / raffles.write), `public.raffles.*`
 * and `customer.raffles.*`. The draw's procedures (close/commit/draw/winners/verification/claim)
 * live with the draw (modules/raffles/draw) and are merged into the same namespaces in router.ts.
 */
import {
  ZAdminRaffleListInput,
  ZMyRaffleEntries,
  ZMyRaffleEntriesInput,
  ZOrder,
  ZPublicRaffle,
  ZPublicRaffleGetInput,
  ZPublicRaffleListInput,
  ZPublicRafflePage,
  ZRaffle,
  ZRaffleBuyInput,
  ZRaffleCancelInput,
  ZRaffleCancelResult,
  ZRaffleCreateInput,
  ZRaffleFreeEntryInput,
  ZRaffleHistoryInput,
  ZRaffleHistoryPage,
  ZRaffleIdInput,
  ZRafflePage,
  ZRaffleStats,
  ZRaffleUpdateInput,
} from '@admit/shared';
import { z } from 'zod';
import { router } from '../../trpc/init.ts';
import { adminProcedure, customerProcedure, publicProcedure } from '../../trpc/procedures.ts';
import { cancelRaffle } from './raffle-cancel.service.ts';
import {
  buyEntries,
  createRaffle,
  freeEntry,
  getPublicRaffle,
  getRaffle,
  listPublicRaffles,
  listRaffles,
  myEntries,
  publishRaffle,
  raffleHistory,
  raffleStats,
  updateRaffle,
} from './raffles.service.ts';

const adminTags = ['admin: raffles'];
const publicTags = ['public: raffles'];
const customerTags = ['customer: raffles'];

export const adminRafflesRouter = router({
  list: adminProcedure('raffles.read')
    .meta({ openapi: { method: 'GET', path: '/raffles/', tags: adminTags, summary: 'Raffles with filters' } })
    .input(ZAdminRaffleListInput)
    .output(ZRafflePage)
    .query(({ ctx, input }) => listRaffles(ctx.deps, input)),
  get: adminProcedure('raffles.read')
    .meta({ openapi: { method: 'GET', path: '/raffles/{id}/', tags: adminTags, summary: 'One raffle' } })
    .input(ZRaffleIdInput)
    .output(ZRaffle)
    .query(({ ctx, input }) => getRaffle(ctx.deps, input.id)),
  create: adminProcedure('raffles.write')
    .meta({ openapi: { method: 'POST', path: '/raffles/', tags: adminTags, summary: 'Create a draft raffle' } })
    .input(ZRaffleCreateInput)
    .output(ZRaffle)
    .mutation(({ ctx, input }) => createRaffle(ctx.deps, ctx.actor, input, ctx.meta)),
  update: adminProcedure('raffles.write')
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/raffles/{id}/',
        tags: adminTags,
        summary: 'Edit a raffle (draft: anything; open: text, images, later close/draw)',
      },
    })
    .input(ZRaffleUpdateInput)
    .output(ZRaffle)
    .mutation(({ ctx, input }) => updateRaffle(ctx.deps, ctx.actor, input, ctx.meta)),
  publish: adminProcedure('raffles.write')
    .meta({
      openapi: { method: 'POST', path: '/raffles/{id}/publish/', tags: adminTags, summary: 'Publish a draft' },
    })
    .input(ZRaffleIdInput)
    .output(ZRaffle)
    .mutation(({ ctx, input }) => publishRaffle(ctx.deps, ctx.actor, input.id, ctx.meta)),
  cancel: adminProcedure('raffles.write')
    .meta({
      openapi: {
        method: 'POST',
        path: '/raffles/{id}/cancel/',
        tags: adminTags,
        summary: 'Cancel a raffle (every paid entry is refunded)',
      },
    })
    .input(ZRaffleCancelInput)
    .output(ZRaffleCancelResult)
    .mutation(({ ctx, input }) => cancelRaffle(ctx.deps, ctx.actor, input, ctx.meta)),
});

export const publicRafflesRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/v1/raffles/', tags: publicTags, summary: 'Raffles (active/inactive)' } })
    .input(ZPublicRaffleListInput)
    .output(ZPublicRafflePage)
    .query(({ ctx, input }) => listPublicRaffles(ctx.deps, input)),
  get: publicProcedure
    .meta({
      openapi: { method: 'GET', path: '/v1/raffles/{id}/', tags: publicTags, summary: 'One raffle by id or slug' },
    })
    .input(ZPublicRaffleGetInput)
    .output(ZPublicRaffle)
    .query(({ ctx, input }) => getPublicRaffle(ctx.deps, input.id)),
});

export const customerRafflesRouter = router({
  buy: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/raffles/{raffleId}/buy/',
        tags: customerTags,
        summary: 'Hold raffle entries (pending order; pay like tickets)',
      },
    })
    .input(ZRaffleBuyInput)
    .output(ZOrder)
    .mutation(({ ctx, input }) => buyEntries(ctx.deps, ctx.actor, input)),
  freeEntry: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/raffles/{raffleId}/free-entry/',
        tags: customerTags,
        summary: 'Free alternative entry (1 per raffle per 24 h)',
      },
    })
    .input(ZRaffleFreeEntryInput)
    .output(z.object({ entry: z.object({ id: z.uuid(), number: z.number().int() }), entriesLeft: z.number().int() }))
    .mutation(({ ctx, input }) => freeEntry(ctx.deps, ctx.actor, input, ctx.meta)),
  myEntries: customerProcedure
    .meta({
      openapi: { method: 'GET', path: '/v1/users/raffles/entries/', tags: customerTags, summary: 'My raffle entries' },
    })
    .input(ZMyRaffleEntriesInput)
    .output(ZMyRaffleEntries)
    .query(({ ctx, input }) => myEntries(ctx.deps, ctx.actor, input)),
  history: customerProcedure
    .meta({
      openapi: { method: 'GET', path: '/v1/users/raffles/', tags: customerTags, summary: 'Raffles I entered' },
    })
    .input(ZRaffleHistoryInput)
    .output(ZRaffleHistoryPage)
    .query(({ ctx, input }) => raffleHistory(ctx.deps, ctx.actor, input)),
  stats: customerProcedure
    .meta({
      openapi: { method: 'GET', path: '/v1/users/raffles/stats/', tags: customerTags, summary: 'My raffle stats' },
    })
    .input(z.object({}))
    .output(ZRaffleStats)
    .query(({ ctx }) => raffleStats(ctx.deps, ctx.actor)),
});
