/**
 * Organizer portal procedures (seed 003 Plan 3; ADR 0021), merged by trpc/router.ts:
 *   organizer.dashboard.stats                 GET  /organizer/dashboard/stats/
 *   organizer.events.list / get               GET  /organizer/events/, /organizer/events/{id}/
 *   organizer.events.editRequest              POST /organizer/events/{id}/edit-request/
 *   organizer.editRequests.list / get         GET  /organizer/edit-requests/, …/{id}/
 *   organizer.profile.get / update            GET/PUT /organizer/profile/
 *   admin.editRequests.list / get / approve / reject   /edit-requests/… (catalog.read / catalog.write)
 * The logo upload is a multipart route (http/uploads.ts, POST /api/organizer/profile/logo/).
 */
import {
  ZAdminEditRequestsInput,
  ZApproveEditRequestInput,
  ZCreateEditRequestInput,
  ZEditRequest,
  ZEditRequestIdInput,
  ZEditRequestPage,
  ZOrganizerDashboardStats,
  ZOrganizerEditRequestsInput,
  ZOrganizerEventDetail,
  ZOrganizerEventIdInput,
  ZOrganizerEventPage,
  ZOrganizerEventsInput,
  ZOrganizerProfile,
  ZRejectEditRequestInput,
  ZUpdateOrganizerProfileInput,
} from '@admit/shared';
import { z } from 'zod';
import { router } from '../../trpc/init.ts';
import { adminProcedure, organizerProcedure } from '../../trpc/procedures.ts';
import {
  createEditRequest,
  getEditRequest,
  getOwnEditRequest,
  listEditRequests,
  listOwnEditRequests,
  reviewEditRequest,
} from './edit-requests.service.ts';
import { dashboardStats, getOwnEvent, listOwnEvents } from './organizer.service.ts';
import { organizerProfile, updateOrganizerProfile } from './profile.service.ts';

const tags = ['organizer: portal'];
const adminTags = ['admin: edit requests'];

export const organizerDashboardRouter = router({
  stats: organizerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/organizer/dashboard/stats/',
        tags,
        summary: 'Dashboard: my events, tickets, money (ledger), check-in rate, sales of the last 30 days',
      },
    })
    .input(z.object({}))
    .output(ZOrganizerDashboardStats)
    .query(({ ctx }) => dashboardStats(ctx.deps, ctx.actor)),
});

/** Merged into `organizer.events` next to settlement, cancel (refunds, payouts). */
export const organizerEventProcedures = {
  list: organizerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/organizer/events/',
        tags,
        summary: 'My events with filters, sort and sold/quota',
      },
    })
    .input(ZOrganizerEventsInput)
    .output(ZOrganizerEventPage)
    .query(({ ctx, input }) => listOwnEvents(ctx.deps, ctx.actor, input)),
  get: organizerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/organizer/events/{id}/',
        tags,
        summary: 'My event with analytics: sales per day, per category, check-in progress, refunds',
      },
    })
    .input(ZOrganizerEventIdInput)
    .output(ZOrganizerEventDetail)
    .query(({ ctx, input }) => getOwnEvent(ctx.deps, ctx.actor, input.id)),
  editRequest: organizerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/organizer/events/{id}/edit-request/',
        tags,
        summary: 'Ask an admin to change my event (title, description, dates, image, category, venue)',
      },
    })
    .input(ZCreateEditRequestInput)
    .output(ZEditRequest)
    .mutation(({ ctx, input }) => createEditRequest(ctx.deps, ctx.actor, input, ctx.meta)),
};

export const organizerEditRequestsRouter = router({
  list: organizerProcedure
    .meta({
      openapi: { method: 'GET', path: '/organizer/edit-requests/', tags, summary: 'My event change requests' },
    })
    .input(ZOrganizerEditRequestsInput)
    .output(ZEditRequestPage)
    .query(({ ctx, input }) => listOwnEditRequests(ctx.deps, ctx.actor, input)),
  get: organizerProcedure
    .meta({
      openapi: { method: 'GET', path: '/organizer/edit-requests/{id}/', tags, summary: 'One of my change requests' },
    })
    .input(ZEditRequestIdInput)
    .output(ZEditRequest)
    .query(({ ctx, input }) => getOwnEditRequest(ctx.deps, ctx.actor, input.id)),
});

export const organizerProfileRouter = router({
  get: organizerProcedure
    .meta({
      openapi: { method: 'GET', path: '/organizer/profile/', tags: ['organizer: profile'], summary: 'My profile' },
    })
    .input(z.object({}))
    .output(ZOrganizerProfile)
    .query(({ ctx }) => organizerProfile(ctx.deps, ctx.actor)),
  update: organizerProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/organizer/profile/',
        tags: ['organizer: profile'],
        summary: 'Update my organization’s profile and my name',
      },
    })
    .input(ZUpdateOrganizerProfileInput)
    .output(ZOrganizerProfile)
    .mutation(({ ctx, input }) => updateOrganizerProfile(ctx.deps, ctx.actor, input, ctx.meta)),
});

export const adminEditRequestsRouter = router({
  list: adminProcedure('catalog.read')
    .meta({
      openapi: {
        method: 'GET',
        path: '/edit-requests/',
        tags: adminTags,
        summary: 'Event change requests, pending first',
      },
    })
    .input(ZAdminEditRequestsInput)
    .output(ZEditRequestPage)
    .query(({ ctx, input }) => listEditRequests(ctx.deps, input)),
  get: adminProcedure('catalog.read')
    .meta({ openapi: { method: 'GET', path: '/edit-requests/{id}/', tags: adminTags, summary: 'One change request' } })
    .input(ZEditRequestIdInput)
    .output(ZEditRequest)
    .query(({ ctx, input }) => getEditRequest(ctx.deps, input.id)),
  approve: adminProcedure('catalog.write')
    .meta({
      openapi: {
        method: 'POST',
        path: '/edit-requests/{id}/approve/',
        tags: adminTags,
        summary: 'Approve a change request (applies the changes to the event)',
      },
    })
    .input(ZApproveEditRequestInput)
    .output(ZEditRequest)
    .mutation(({ ctx, input }) =>
      reviewEditRequest(ctx.deps, ctx.actor, input.id, { kind: 'approve', note: input.note }, ctx.meta),
    ),
  reject: adminProcedure('catalog.write')
    .meta({
      openapi: {
        method: 'POST',
        path: '/edit-requests/{id}/reject/',
        tags: adminTags,
        summary: 'Reject a change request with a note to the organizer',
      },
    })
    .input(ZRejectEditRequestInput)
    .output(ZEditRequest)
    .mutation(({ ctx, input }) =>
      reviewEditRequest(ctx.deps, ctx.actor, input.id, { kind: 'reject', note: input.note }, ctx.meta),
    ),
});
