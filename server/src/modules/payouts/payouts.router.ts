/**
 * Payouts and settlements: admins at seed 003 Plan 2 Phase 8 (`/api/payouts/…`), organizers at
 * Plan 3 Phase 5 (`/api/organizer/payouts/…`, own organizer only). The invoice PDF is served by
 * http/documents.ts at `GET /api/organizer/payouts/:id/invoice/` through `organizer.payouts.invoice`.
 */
import {
  ZAdminPayoutsInput,
  ZCreatePayoutInput,
  ZDocumentFile,
  ZEventIdInput,
  ZId,
  ZOrganizerPayoutsInput,
  ZPayout,
  ZPayoutIdInput,
  ZPayoutPage,
  ZSettlement,
} from '@admit/shared';
import { z } from 'zod';
import { router } from '../../trpc/init.ts';
import { adminProcedure, organizerProcedure } from '../../trpc/procedures.ts';
import {
  cancelPayout,
  createPayout,
  getOwnPayout,
  getPayout,
  listOwnPayouts,
  listPayouts,
  markPayoutPaid,
  ownEventSettlement,
  ownPayoutInvoice,
} from './payouts.service.ts';
import { eventSettlement } from './settlement.ts';

const adminTags = ['admin: finances'];
const organizerTags = ['organizer: payouts'];

export const adminPayoutsRouter = router({
  list: adminProcedure('money.read')
    .meta({ openapi: { method: 'GET', path: '/payouts/', tags: adminTags, summary: 'Payouts with filters' } })
    .input(ZAdminPayoutsInput)
    .output(ZPayoutPage)
    .query(({ ctx, input }) => listPayouts(ctx.deps, input)),
  get: adminProcedure('money.read')
    .meta({ openapi: { method: 'GET', path: '/payouts/{id}/', tags: adminTags, summary: 'One payout' } })
    .input(ZPayoutIdInput)
    .output(ZPayout)
    .query(({ ctx, input }) => getPayout(ctx.deps, input.id)),
  settlement: adminProcedure('money.read')
    .meta({
      openapi: {
        method: 'GET',
        path: '/payouts/events/{eventId}/settlement/',
        tags: adminTags,
        summary: 'What an event’s organizer is owed and can be paid now',
      },
    })
    .input(ZEventIdInput)
    .output(ZSettlement)
    .query(({ ctx, input }) => eventSettlement(ctx.deps.db, input.eventId)),
  create: adminProcedure('money.write')
    .meta({
      openapi: {
        method: 'POST',
        path: '/payouts/',
        tags: adminTags,
        summary: 'Create a pending payout of everything available for an event',
      },
    })
    .input(ZCreatePayoutInput)
    .output(ZPayout)
    .mutation(({ ctx, input }) => createPayout(ctx.deps, ctx.actor, input, ctx.meta)),
  markPaid: adminProcedure('money.write')
    .meta({
      openapi: {
        method: 'POST',
        path: '/payouts/{id}/mark-paid/',
        tags: adminTags,
        summary: 'Record that a payout was sent (posts it to the ledger)',
      },
    })
    .input(ZPayoutIdInput)
    .output(ZPayout)
    .mutation(({ ctx, input }) => markPayoutPaid(ctx.deps, ctx.actor, input.id, ctx.meta)),
  cancel: adminProcedure('money.write')
    .meta({
      openapi: { method: 'POST', path: '/payouts/{id}/cancel/', tags: adminTags, summary: 'Cancel a pending payout' },
    })
    .input(ZPayoutIdInput)
    .output(ZPayout)
    .mutation(({ ctx, input }) => cancelPayout(ctx.deps, ctx.actor, input.id, ctx.meta)),
});

export const organizerPayoutsRouter = router({
  list: organizerProcedure
    .meta({ openapi: { method: 'GET', path: '/organizer/payouts/', tags: organizerTags, summary: 'My payouts' } })
    .input(ZOrganizerPayoutsInput)
    .output(ZPayoutPage)
    .query(({ ctx, input }) => listOwnPayouts(ctx.deps, ctx.actor, input)),
  get: organizerProcedure
    .meta({
      openapi: { method: 'GET', path: '/organizer/payouts/{id}/', tags: organizerTags, summary: 'Payout details' },
    })
    .input(ZPayoutIdInput)
    .output(ZPayout)
    .query(({ ctx, input }) => getOwnPayout(ctx.deps, ctx.actor, input.id)),
  /** served as application/pdf at GET /api/organizer/payouts/:id/invoice/ (http/documents.ts) */
  invoice: organizerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/organizer/payouts/{id}/invoice/',
        tags: organizerTags,
        summary: 'Download the payout statement (PDF)',
        description:
          'Answers `application/pdf` (`Content-Disposition: attachment`): the route in http/documents.ts serves this path and calls this procedure, so the JSON shape below is what the procedure returns to tRPC callers.',
      },
    })
    .input(ZPayoutIdInput)
    .output(ZDocumentFile)
    .query(({ ctx, input }) => ownPayoutInvoice(ctx.deps, ctx.actor, input.id)),
});

export const organizerEventBooksRouter = router({
  settlement: organizerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/organizer/events/{id}/settlement/',
        tags: organizerTags,
        summary: 'What my event earned, was paid and is still owed',
      },
    })
    .input(z.object({ id: ZId }))
    .output(ZSettlement)
    .query(({ ctx, input }) => ownEventSettlement(ctx.deps, ctx.actor, input.id)),
});
