/**
 * The customer web app's extras (seed 003 Plan 1 Phases 3–6), mounted by trpc/router.ts:
 *   customer.profile.{get,update}                  GET/PUT /v1/users/profile/
 *   customer.tickets.{transfer,gift}               POST /v1/users/tickets/{id}/transfer|gift/  (ADR 0020)
 *   customer.transfers.{incoming,outgoing,accept,decline,cancel}   /v1/users/transfers/…
 *   customer.dependents.{list,create,update,delete}                /v1/users/dependents/…
 *   customer.favorites.{list,add,get,remove}                       /v1/users/favorites/…
 *   customer.analytics                             GET /v1/users/analytics/
 */
import {
  ZAcceptTransferResult,
  ZCreateDependentInput,
  ZCustomerAnalytics,
  ZCustomerProfile,
  ZDependent,
  ZDependentIdInput,
  ZDependentList,
  ZFavoriteInput,
  ZFavoritePage,
  ZFavoriteState,
  ZGiftTicketInput,
  ZOk,
  ZPageInput,
  ZTicketTransfer,
  ZTicketTransferPage,
  ZTransferIdInput,
  ZTransferListInput,
  ZTransferTicketInput,
  ZUpdateDependentInput,
  ZUpdateProfileInput,
} from '@admit/shared';
import { z } from 'zod';
import { router } from '../../trpc/init.ts';
import { customerProcedure } from '../../trpc/procedures.ts';
import { customerAnalytics } from './analytics.service.ts';
import { createDependent, deleteDependent, listDependents, updateDependent } from './dependents.service.ts';
import { addFavorite, favoriteState, listFavorites, removeFavorite } from './favorites.service.ts';
import { getCustomerProfile, updateCustomerProfile } from './profile.service.ts';
import { acceptTransfer, cancelTransfer, declineTransfer, listTransfers, offerTicket } from './transfers.service.ts';

const profileTags = ['customer: profile'];
const transferTags = ['customer: transfers'];
const dependentTags = ['customer: dependents'];
const favoriteTags = ['customer: favorites'];

export const customerProfileRouter = router({
  get: customerProcedure
    .meta({ openapi: { method: 'GET', path: '/v1/users/profile/', tags: profileTags, summary: 'My full profile' } })
    .input(z.object({}))
    .output(ZCustomerProfile)
    .query(({ ctx }) => getCustomerProfile(ctx.deps, ctx.actor)),
  update: customerProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/v1/users/profile/',
        tags: profileTags,
        summary: 'Update my profile (names, e-mail, emergency contact, blood type, photo)',
      },
    })
    .input(ZUpdateProfileInput)
    .output(ZCustomerProfile)
    .mutation(({ ctx, input }) => updateCustomerProfile(ctx.deps, ctx.actor, input)),
});

/** Merged into `customer.tickets`. */
export const customerTicketTransferProcedures = {
  transfer: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/tickets/{id}/transfer/',
        tags: transferTags,
        summary: 'Offer this ticket to another customer (by mobile number)',
      },
    })
    .input(ZTransferTicketInput)
    .output(ZTicketTransfer)
    .mutation(({ ctx, input }) => offerTicket(ctx.deps, ctx.actor, input, 'TRANSFER')),
  gift: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/tickets/{id}/gift/',
        tags: transferTags,
        summary: 'Gift this ticket to another customer, with a message',
      },
    })
    .input(ZGiftTicketInput)
    .output(ZTicketTransfer)
    .mutation(({ ctx, input }) => offerTicket(ctx.deps, ctx.actor, input, 'GIFT')),
};

export const customerTransfersRouter = router({
  incoming: customerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/users/transfers/incoming/',
        tags: transferTags,
        summary: 'Tickets offered to me',
      },
    })
    .input(ZTransferListInput)
    .output(ZTicketTransferPage)
    .query(({ ctx, input }) => listTransfers(ctx.deps, ctx.actor, 'incoming', input)),
  outgoing: customerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/users/transfers/outgoing/',
        tags: transferTags,
        summary: 'Tickets I offered',
      },
    })
    .input(ZTransferListInput)
    .output(ZTicketTransferPage)
    .query(({ ctx, input }) => listTransfers(ctx.deps, ctx.actor, 'outgoing', input)),
  accept: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/transfers/{id}/accept/',
        tags: transferTags,
        summary: 'Accept a ticket offered to me (new QR code)',
      },
    })
    .input(ZTransferIdInput)
    .output(ZAcceptTransferResult)
    .mutation(({ ctx, input }) => acceptTransfer(ctx.deps, ctx.actor, input.id)),
  decline: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/transfers/{id}/decline/',
        tags: transferTags,
        summary: 'Decline a ticket offered to me',
      },
    })
    .input(ZTransferIdInput)
    .output(ZTicketTransfer)
    .mutation(({ ctx, input }) => declineTransfer(ctx.deps, ctx.actor, input.id)),
  cancel: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/transfers/{id}/cancel/',
        tags: transferTags,
        summary: 'Withdraw a ticket I offered',
      },
    })
    .input(ZTransferIdInput)
    .output(ZTicketTransfer)
    .mutation(({ ctx, input }) => cancelTransfer(ctx.deps, ctx.actor, input.id)),
});

export const customerDependentsRouter = router({
  list: customerProcedure
    .meta({ openapi: { method: 'GET', path: '/v1/users/dependents/', tags: dependentTags, summary: 'My dependents' } })
    .input(z.object({}))
    .output(ZDependentList)
    .query(({ ctx }) => listDependents(ctx.deps, ctx.actor)),
  create: customerProcedure
    .meta({
      openapi: { method: 'POST', path: '/v1/users/dependents/', tags: dependentTags, summary: 'Add a dependent' },
    })
    .input(ZCreateDependentInput)
    .output(ZDependent)
    .mutation(({ ctx, input }) => createDependent(ctx.deps, ctx.actor, input)),
  update: customerProcedure
    .meta({
      openapi: { method: 'PUT', path: '/v1/users/dependents/{id}/', tags: dependentTags, summary: 'Edit a dependent' },
    })
    .input(ZUpdateDependentInput)
    .output(ZDependent)
    .mutation(({ ctx, input }) => updateDependent(ctx.deps, ctx.actor, input)),
  delete: customerProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/v1/users/dependents/{id}/',
        tags: dependentTags,
        summary: 'Remove a dependent',
      },
    })
    .input(ZDependentIdInput)
    .output(ZOk)
    .mutation(({ ctx, input }) => deleteDependent(ctx.deps, ctx.actor, input.id)),
});

export const customerFavoritesRouter = router({
  list: customerProcedure
    .meta({
      openapi: { method: 'GET', path: '/v1/users/favorites/', tags: favoriteTags, summary: 'My favourite events' },
    })
    .input(ZPageInput)
    .output(ZFavoritePage)
    .query(({ ctx, input }) => listFavorites(ctx.deps, ctx.actor, input)),
  add: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/favorites/',
        tags: favoriteTags,
        summary: 'Add a published event to my favourites (idempotent)',
      },
    })
    .input(ZFavoriteInput)
    .output(ZFavoriteState)
    .mutation(({ ctx, input }) => addFavorite(ctx.deps, ctx.actor, input.eventId)),
  get: customerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/users/favorites/{eventId}/',
        tags: favoriteTags,
        summary: 'Is this event one of my favourites?',
      },
    })
    .input(ZFavoriteInput)
    .output(ZFavoriteState)
    .query(({ ctx, input }) => favoriteState(ctx.deps, ctx.actor, input.eventId)),
  remove: customerProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/v1/users/favorites/{eventId}/',
        tags: favoriteTags,
        summary: 'Remove an event from my favourites (idempotent)',
      },
    })
    .input(ZFavoriteInput)
    .output(ZFavoriteState)
    .mutation(({ ctx, input }) => removeFavorite(ctx.deps, ctx.actor, input.eventId)),
});

export const customerAnalyticsProcedure = customerProcedure
  .meta({
    openapi: {
      method: 'GET',
      path: '/v1/users/analytics/',
      tags: profileTags,
      summary: 'My totals and monthly spend (last 12 months, UTC)',
    },
  })
  .input(z.object({}))
  .output(ZCustomerAnalytics)
  .query(({ ctx }) => customerAnalytics(ctx.deps, ctx.actor));
