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

/**
 * The `.meta()` of a catalog procedure under one OpenAPI tag, e.g.
 * `eventApi('GET', '/events/', 'Events with filters and sort')`; the path is the seed's REST path
 * without the /api prefix.
 */
const openapiUnder =
  (tag: string) => (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: `/${string}`, summary: string) => ({
    openapi: { method, path, tags: [tag], summary },
  });
const eventApi = openapiUnder('admin: events');
const ticketApi = openapiUnder('admin: tickets');
const venueApi = openapiUnder('admin: venues');

const events = router({
  list: read
    .meta(eventApi('GET', '/events/', 'Events with filters and sort'))
    .input(ZAdminEventListInput)
    .output(ZAdminEventPage)
    .query(({ ctx, input }) => listAdminEvents(ctx.deps, input)),
  get: read
    .meta(eventApi('GET', '/events/{id}/', 'One event with categories'))
    .input(ZCatalogIdInput)
    .output(ZAdminEventDetail)
    .query(({ ctx, input }) => getAdminEvent(ctx.deps, input.id)),
  create: write
    .meta(eventApi('POST', '/events/', 'Create an event (draft)'))
    .input(ZAdminEventCreateInput)
    .output(ZAdminEventDetail)
    .mutation(({ ctx, input }) => createAdminEvent(ctx.deps, ctx.actor, input, ctx.meta)),
  update: write
    .meta(eventApi('PUT', '/events/{id}/', 'Edit an event (partial)'))
    .input(ZAdminEventUpdateInput)
    .output(ZAdminEventDetail)
    .mutation(({ ctx, input }) => updateAdminEvent(ctx.deps, ctx.actor, input, ctx.meta)),
  delete: write
    .meta(eventApi('DELETE', '/events/{id}/', 'Delete an event nobody ordered'))
    .input(ZCatalogIdInput)
    .output(ZDeleted)
    .mutation(({ ctx, input }) => deleteAdminEvent(ctx.deps, ctx.actor, input.id, ctx.meta)),
  publish: write
    .meta(eventApi('POST', '/events/{id}/publish/', 'Put on sale'))
    .input(ZCatalogIdInput)
    .output(ZAdminEventDetail)
    .mutation(({ ctx, input }) => setEventPublished(ctx.deps, ctx.actor, input.id, true, ctx.meta)),
  unpublish: write
    .meta(eventApi('POST', '/events/{id}/unpublish/', 'Take off sale (draft)'))
    .input(ZCatalogIdInput)
    .output(ZAdminEventDetail)
    .mutation(({ ctx, input }) => setEventPublished(ctx.deps, ctx.actor, input.id, false, ctx.meta)),
  setScanning: write
    .meta(eventApi('POST', '/events/{id}/scanning/', 'Switch gate scanning on or off'))
    .input(ZScanningInput)
    .output(ZAdminEventDetail)
    .mutation(({ ctx, input }) => setEventScanning(ctx.deps, ctx.actor, input.id, input.enabled, ctx.meta)),
  /** organizers and venues for the event form */
  options: read
    .meta(eventApi('GET', '/catalog/options/', 'Organizers and venues to pick'))
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
    .meta(ticketApi('GET', '/tickets/', 'Tickets with filters and sort'))
    .input(ZAdminTicketListInput)
    .output(ZAdminTicketPage)
    .query(({ ctx, input }) => listAdminTickets(ctx.deps, input)),
  get: read
    .meta(ticketApi('GET', '/tickets/{id}/', 'One ticket with its history'))
    .input(ZCatalogIdInput)
    .output(ZAdminTicketDetail)
    .query(({ ctx, input }) => getAdminTicket(ctx.deps, input.id)),
  update: write
    .meta(ticketApi('PUT', '/tickets/{id}/', 'Void or reinstate a ticket, or change its labels'))
    .input(ZAdminTicketUpdateInput)
    .output(ZAdminTicketDetail)
    .mutation(({ ctx, input }) => updateAdminTicket(ctx.deps, ctx.actor, input, ctx.meta)),
  checkIn: write
    .meta(ticketApi('POST', '/tickets/{id}/check-in/', 'Manual check-in'))
    .input(ZAdminTicketCheckInInput)
    .output(ZAdminCheckInResult)
    .mutation(({ ctx, input }) => adminCheckIn(ctx.deps, ctx.actor, input, ctx.meta)),
  transfer: write
    .meta(
      ticketApi('POST', '/tickets/{id}/transfer/', 'Move a ticket to another customer (new secret, old one revoked)'),
    )
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
    .meta(venueApi('POST', '/venues/{venueId}/gates/', 'Add a gate'))
    .input(ZGateCreateInput)
    .output(ZAdminVenue)
    .mutation(({ ctx, input }) => createGate(ctx.deps, ctx.actor, input, ctx.meta)),
  update: write
    .meta(venueApi('PUT', '/venues/{venueId}/gates/{gateId}/', 'Rename a gate'))
    .input(ZGateUpdateInput)
    .output(ZAdminVenue)
    .mutation(({ ctx, input }) => renameGate(ctx.deps, ctx.actor, input, ctx.meta)),
  delete: write
    .meta(venueApi('DELETE', '/venues/{venueId}/gates/{gateId}/', 'Remove a gate without check-ins'))
    .input(ZGateDeleteInput)
    .output(ZAdminVenue)
    .mutation(({ ctx, input }) => deleteGate(ctx.deps, ctx.actor, input, ctx.meta)),
});

const venues = router({
  list: read
    .meta(venueApi('GET', '/venues/', 'Venues with filters and sort'))
    .input(ZAdminVenueListInput)
    .output(ZAdminVenuePage)
    .query(({ ctx, input }) => listAdminVenues(ctx.deps, input)),
  get: read
    .meta(venueApi('GET', '/venues/{id}/', 'One venue with gates'))
    .input(ZCatalogIdInput)
    .output(ZAdminVenue)
    .query(({ ctx, input }) => getAdminVenue(ctx.deps, input.id)),
  create: write
    .meta(venueApi('POST', '/venues/', 'Create a venue with gates'))
    .input(ZAdminVenueCreateInput)
    .output(ZAdminVenue)
    .mutation(({ ctx, input }) => createAdminVenue(ctx.deps, ctx.actor, input, ctx.meta)),
  update: write
    .meta(venueApi('PUT', '/venues/{id}/', 'Edit a venue (partial)'))
    .input(ZAdminVenueUpdateInput)
    .output(ZAdminVenue)
    .mutation(({ ctx, input }) => updateAdminVenue(ctx.deps, ctx.actor, input, ctx.meta)),
  delete: write
    .meta(venueApi('DELETE', '/venues/{id}/', 'Delete a venue no event uses'))
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
