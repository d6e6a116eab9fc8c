/**
 * `admin.catalog.*`: events, tickets, venues and gates for the back office (seed 003 Plan 2
 * Phases 3, 4, 10), at the seed's REST paths under /api. Reads need `catalog.read` (SUPPORT
 * too), changes `catalog.write` (ADMIN, SUPER_ADMIN). `admin.events.cancel` (refunds every paid
 * order) stays in modules/refunds; the CSV exports are served as text/csv by ./csv-http.ts.
 */
import {
  ZAdminCheckInResult,
  ZAdminEventCreateInput,
  ZAdminEventDetail,
  ZAdminEventExportInput,
  ZAdminEventListInput,
  ZAdminEventPage,
  ZAdminEventUpdateInput,
  ZAdminTicketCheckInInput,
  ZAdminTicketDetail,
  ZAdminTicketExportInput,
  ZAdminTicketListInput,
  ZAdminTicketPage,
  ZAdminTicketTransferInput,
  ZAdminTicketUpdateInput,
  ZAdminVenue,
  ZAdminVenueCreateInput,
  ZAdminVenueExportInput,
  ZAdminVenueListInput,
  ZAdminVenuePage,
  ZAdminVenueUpdateInput,
  ZCatalogIdInput,
  ZCatalogOptions,
  ZCatalogOptionsInput,
  ZCsvExport,
  ZDeleted,
  ZGateCreateInput,
  ZGateDeleteInput,
  ZGateUpdateInput,
  ZScanningInput,
} from '@admit/shared';
import { router } from '../../trpc/init.ts';
import { adminProcedure } from '../../trpc/procedures.ts';
import {
  adminEventsCsv,
  catalogOptions,
  createAdminEvent,
  deleteAdminEvent,
  getAdminEvent,
  listAdminEvents,
  setEventPublished,
  setEventScanning,
  updateAdminEvent,
} from './events.service.ts';
import {
  adminCheckIn,
  adminTicketsCsv,
  adminTransferTicket,
  getAdminTicket,
  listAdminTickets,
  updateAdminTicket,
} from './tickets.service.ts';
import {
  adminVenuesCsv,
  createAdminVenue,
  createGate,
  deleteAdminVenue,
  deleteGate,
  getAdminVenue,
  listAdminVenues,
  renameGate,
  updateAdminVenue,
} from './venues.service.ts';

const read = adminProcedure('catalog.read');
const write = adminProcedure('catalog.write');
const eventTags = ['admin: events'];
const ticketTags = ['admin: tickets'];
const venueTags = ['admin: venues'];

const events = router({
  list: read
    .meta({ openapi: { method: 'GET', path: '/events/', tags: eventTags, summary: 'Events with filters and sort' } })
    .input(ZAdminEventListInput)
    .output(ZAdminEventPage)
    .query(({ ctx, input }) => listAdminEvents(ctx.deps, input)),
  get: read
    .meta({ openapi: { method: 'GET', path: '/events/{id}/', tags: eventTags, summary: 'One event with categories' } })
    .input(ZCatalogIdInput)
    .output(ZAdminEventDetail)
    .query(({ ctx, input }) => getAdminEvent(ctx.deps, input.id)),
  create: write
    .meta({ openapi: { method: 'POST', path: '/events/', tags: eventTags, summary: 'Create an event (draft)' } })
    .input(ZAdminEventCreateInput)
    .output(ZAdminEventDetail)
    .mutation(({ ctx, input }) => createAdminEvent(ctx.deps, ctx.actor, input, ctx.meta)),
  update: write
    .meta({ openapi: { method: 'PUT', path: '/events/{id}/', tags: eventTags, summary: 'Edit an event (partial)' } })
    .input(ZAdminEventUpdateInput)
    .output(ZAdminEventDetail)
    .mutation(({ ctx, input }) => updateAdminEvent(ctx.deps, ctx.actor, input, ctx.meta)),
  delete: write
    .meta({
      openapi: { method: 'DELETE', path: '/events/{id}/', tags: eventTags, summary: 'Delete an event nobody ordered' },
    })
    .input(ZCatalogIdInput)
    .output(ZDeleted)
    .mutation(({ ctx, input }) => deleteAdminEvent(ctx.deps, ctx.actor, input.id, ctx.meta)),
  publish: write
    .meta({ openapi: { method: 'POST', path: '/events/{id}/publish/', tags: eventTags, summary: 'Put on sale' } })
    .input(ZCatalogIdInput)
    .output(ZAdminEventDetail)
    .mutation(({ ctx, input }) => setEventPublished(ctx.deps, ctx.actor, input.id, true, ctx.meta)),
  unpublish: write
    .meta({
      openapi: { method: 'POST', path: '/events/{id}/unpublish/', tags: eventTags, summary: 'Take off sale (draft)' },
    })
    .input(ZCatalogIdInput)
    .output(ZAdminEventDetail)
    .mutation(({ ctx, input }) => setEventPublished(ctx.deps, ctx.actor, input.id, false, ctx.meta)),
  setScanning: write
    .meta({
      openapi: {
        method: 'POST',
        path: '/events/{id}/scanning/',
        tags: eventTags,
        summary: 'Switch gate scanning on or off',
      },
    })
    .input(ZScanningInput)
    .output(ZAdminEventDetail)
    .mutation(({ ctx, input }) => setEventScanning(ctx.deps, ctx.actor, input.id, input.enabled, ctx.meta)),
  /** organizers and venues for the event form */
  options: read
    .meta({
      openapi: { method: 'GET', path: '/catalog/options/', tags: eventTags, summary: 'Organizers and venues to pick' },
    })
    .input(ZCatalogOptionsInput)
    .output(ZCatalogOptions)
    .query(({ ctx }) => catalogOptions(ctx.deps)),
  /** served as text/csv at GET /api/events/export.csv (csv-http.ts) */
  exportCsv: read
    .input(ZAdminEventExportInput)
    .output(ZCsvExport)
    .query(({ ctx, input }) => adminEventsCsv(ctx.deps, input)),
});

const tickets = router({
  list: read
    .meta({ openapi: { method: 'GET', path: '/tickets/', tags: ticketTags, summary: 'Tickets with filters and sort' } })
    .input(ZAdminTicketListInput)
    .output(ZAdminTicketPage)
    .query(({ ctx, input }) => listAdminTickets(ctx.deps, input)),
  get: read
    .meta({
      openapi: { method: 'GET', path: '/tickets/{id}/', tags: ticketTags, summary: 'One ticket with its history' },
    })
    .input(ZCatalogIdInput)
    .output(ZAdminTicketDetail)
    .query(({ ctx, input }) => getAdminTicket(ctx.deps, input.id)),
  update: write
    .meta({
      openapi: {
        method: 'PUT',
        path: '/tickets/{id}/',
        tags: ticketTags,
        summary: 'Void or reinstate a ticket, or change its labels',
      },
    })
    .input(ZAdminTicketUpdateInput)
    .output(ZAdminTicketDetail)
    .mutation(({ ctx, input }) => updateAdminTicket(ctx.deps, ctx.actor, input, ctx.meta)),
  checkIn: write
    .meta({
      openapi: { method: 'POST', path: '/tickets/{id}/check-in/', tags: ticketTags, summary: 'Manual check-in' },
    })
    .input(ZAdminTicketCheckInInput)
    .output(ZAdminCheckInResult)
    .mutation(({ ctx, input }) => adminCheckIn(ctx.deps, ctx.actor, input, ctx.meta)),
  transfer: write
    .meta({
      openapi: {
        method: 'POST',
        path: '/tickets/{id}/transfer/',
        tags: ticketTags,
        summary: 'Move a ticket to another customer (new secret, old one revoked)',
      },
    })
    .input(ZAdminTicketTransferInput)
    .output(ZAdminTicketDetail)
    .mutation(({ ctx, input }) => adminTransferTicket(ctx.deps, ctx.actor, input, ctx.meta)),
  /** served as text/csv at GET /api/tickets/export.csv (csv-http.ts) */
  exportCsv: read
    .input(ZAdminTicketExportInput)
    .output(ZCsvExport)
    .query(({ ctx, input }) => adminTicketsCsv(ctx.deps, input)),
});

const gates = router({
  create: write
    .meta({ openapi: { method: 'POST', path: '/venues/{venueId}/gates/', tags: venueTags, summary: 'Add a gate' } })
    .input(ZGateCreateInput)
    .output(ZAdminVenue)
    .mutation(({ ctx, input }) => createGate(ctx.deps, ctx.actor, input, ctx.meta)),
  update: write
    .meta({
      openapi: { method: 'PUT', path: '/venues/{venueId}/gates/{gateId}/', tags: venueTags, summary: 'Rename a gate' },
    })
    .input(ZGateUpdateInput)
    .output(ZAdminVenue)
    .mutation(({ ctx, input }) => renameGate(ctx.deps, ctx.actor, input, ctx.meta)),
  delete: write
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/venues/{venueId}/gates/{gateId}/',
        tags: venueTags,
        summary: 'Remove a gate without check-ins',
      },
    })
    .input(ZGateDeleteInput)
    .output(ZAdminVenue)
    .mutation(({ ctx, input }) => deleteGate(ctx.deps, ctx.actor, input, ctx.meta)),
});

const venues = router({
  list: read
    .meta({ openapi: { method: 'GET', path: '/venues/', tags: venueTags, summary: 'Venues with filters and sort' } })
    .input(ZAdminVenueListInput)
    .output(ZAdminVenuePage)
    .query(({ ctx, input }) => listAdminVenues(ctx.deps, input)),
  get: read
    .meta({ openapi: { method: 'GET', path: '/venues/{id}/', tags: venueTags, summary: 'One venue with gates' } })
    .input(ZCatalogIdInput)
    .output(ZAdminVenue)
    .query(({ ctx, input }) => getAdminVenue(ctx.deps, input.id)),
  create: write
    .meta({ openapi: { method: 'POST', path: '/venues/', tags: venueTags, summary: 'Create a venue with gates' } })
    .input(ZAdminVenueCreateInput)
    .output(ZAdminVenue)
    .mutation(({ ctx, input }) => createAdminVenue(ctx.deps, ctx.actor, input, ctx.meta)),
  update: write
    .meta({ openapi: { method: 'PUT', path: '/venues/{id}/', tags: venueTags, summary: 'Edit a venue (partial)' } })
    .input(ZAdminVenueUpdateInput)
    .output(ZAdminVenue)
    .mutation(({ ctx, input }) => updateAdminVenue(ctx.deps, ctx.actor, input, ctx.meta)),
  delete: write
    .meta({
      openapi: { method: 'DELETE', path: '/venues/{id}/', tags: venueTags, summary: 'Delete a venue no event uses' },
    })
    .input(ZCatalogIdInput)
    .output(ZDeleted)
    .mutation(({ ctx, input }) => deleteAdminVenue(ctx.deps, ctx.actor, input.id, ctx.meta)),
  gates,
  /** served as text/csv at GET /api/venues/export.csv (csv-http.ts) */
  exportCsv: read
    .input(ZAdminVenueExportInput)
    .output(ZCsvExport)
    .query(({ ctx, input }) => adminVenuesCsv(ctx.deps, input)),
});

/** Mounted at `admin.catalog` (trpc/router.ts). */
export const adminCatalogRouter = router({ events, tickets, venues });
