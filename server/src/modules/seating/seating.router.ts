/**
 * Reserved seating procedures (issue 7 "Seating"; ADR 0019). Seed 003 lists no seat paths; the
 * REST paths follow its conventions: customer under `/v1/…`, admin seat maps under the seed's
 * `/venues/` resource.
 */
import {
  ZAssignSeatMapInput,
  ZAssignSeatMapResult,
  ZCreateSeatMapInput,
  ZDeletedSeatMap,
  ZEventSeatMap,
  ZEventSeatsInput,
  ZOrder,
  ZSeatHold,
  ZSeatMapDetail,
  ZSeatMapIdInput,
  ZSeatMapList,
  ZSeatRelease,
  ZSeatsInput,
  ZUpdateSeatMapInput,
  ZVenueIdInput,
} from '@admit/shared';
import { router } from '../../trpc/init.ts';
import { adminProcedure, customerProcedure, publicProcedure } from '../../trpc/procedures.ts';
import {
  assignSeatMapToEvent,
  createSeatMap,
  deleteSeatMap,
  getSeatMap,
  listSeatMaps,
  updateSeatMap,
} from './seat-maps.service.ts';
import { bookSeats, getEventSeatMap, holdSeats, releaseSeats } from './seating.service.ts';

const adminTags = ['admin: seat maps'];
const customerTags = ['customer: seating'];

/** `public.seating` */
export const publicSeatingRouter = router({
  map: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/events/{eventId}/seats/',
        tags: ['public: seating'],
        summary: 'Seat map of a reserved-seating event with live seat states',
      },
    })
    .input(ZEventSeatsInput)
    .output(ZEventSeatMap)
    .query(({ ctx, input }) => getEventSeatMap(ctx.deps, ctx.actor, input.eventId)),
});

/** `customer.seating` */
export const customerSeatingRouter = router({
  hold: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/events/{eventId}/seats/hold/',
        tags: customerTags,
        summary: 'Hold seats (all or nothing; CONFLICT names the seats taken)',
      },
    })
    .input(ZSeatsInput)
    .output(ZSeatHold)
    .mutation(({ ctx, input }) => holdSeats(ctx.deps, ctx.actor, input)),
  release: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/events/{eventId}/seats/release/',
        tags: customerTags,
        summary: 'Release my seat holds',
      },
    })
    .input(ZSeatsInput)
    .output(ZSeatRelease)
    .mutation(({ ctx, input }) => releaseSeats(ctx.deps, ctx.actor, input)),
  book: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/events/{eventId}/seats/book/',
        tags: customerTags,
        summary: 'Book my held seats (pending order; pay like tickets)',
      },
    })
    .input(ZSeatsInput)
    .output(ZOrder)
    .mutation(({ ctx, input }) => bookSeats(ctx.deps, ctx.actor, input)),
});

/** `admin.seatMaps` */
export const adminSeatMapsRouter = router({
  list: adminProcedure('catalog.read')
    .meta({
      openapi: { method: 'GET', path: '/venues/{venueId}/seat-maps/', tags: adminTags, summary: "A venue's seat maps" },
    })
    .input(ZVenueIdInput)
    .output(ZSeatMapList)
    .query(({ ctx, input }) => listSeatMaps(ctx.deps, input.venueId)),
  get: adminProcedure('catalog.read')
    .meta({
      openapi: {
        method: 'GET',
        path: '/venues/{venueId}/seat-maps/{id}/',
        tags: adminTags,
        summary: 'One seat map with its sections and seats',
      },
    })
    .input(ZSeatMapIdInput)
    .output(ZSeatMapDetail)
    .query(({ ctx, input }) => getSeatMap(ctx.deps, input.venueId, input.id)),
  create: adminProcedure('catalog.write')
    .meta({
      openapi: {
        method: 'POST',
        path: '/venues/{venueId}/seat-maps/',
        tags: adminTags,
        summary: 'Create a seat map from the import format (rows or generated sections)',
      },
    })
    .input(ZCreateSeatMapInput)
    .output(ZSeatMapDetail)
    .mutation(({ ctx, input }) => createSeatMap(ctx.deps, ctx.actor, input, ctx.meta)),
  update: adminProcedure('catalog.write')
    .meta({
      openapi: {
        method: 'PUT',
        path: '/venues/{venueId}/seat-maps/{id}/',
        tags: adminTags,
        summary: 'Rename, resize or replace the layout (no seats sold or held)',
      },
    })
    .input(ZUpdateSeatMapInput)
    .output(ZSeatMapDetail)
    .mutation(({ ctx, input }) => updateSeatMap(ctx.deps, ctx.actor, input, ctx.meta)),
  delete: adminProcedure('catalog.write')
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/venues/{venueId}/seat-maps/{id}/',
        tags: adminTags,
        summary: 'Delete a seat map no event uses',
      },
    })
    .input(ZSeatMapIdInput)
    .output(ZDeletedSeatMap)
    .mutation(({ ctx, input }) => deleteSeatMap(ctx.deps, ctx.actor, input, ctx.meta)),
  assignToEvent: adminProcedure('catalog.write')
    .meta({
      openapi: {
        method: 'POST',
        path: '/events/{eventId}/seat-map/',
        tags: adminTags,
        summary: 'Switch an event to reserved seating on a seat map (section → ticket category)',
      },
    })
    .input(ZAssignSeatMapInput)
    .output(ZAssignSeatMapResult)
    .mutation(({ ctx, input }) => assignSeatMapToEvent(ctx.deps, ctx.actor, input, ctx.meta)),
});
