import { z } from 'zod';
import { ZEventCategory, ZTicketTier } from '../enums.ts';
import { ZId, ZPage, ZPageInput } from './common.ts';

export const EVENT_SORTS = ['date', 'price', 'title'] as const;

export const ZListEventsInput = ZPageInput.extend({
  category: ZEventCategory.optional(),
  /** events starting at or after this instant (UTC) */
  from: z.coerce.date().optional(),
  /** events starting before this instant (UTC) */
  to: z.coerce.date().optional(),
  city: z.string().trim().min(1).max(80).optional(),
  /** matched against title, description, venue and organizer names */
  q: z.string().trim().min(1).max(100).optional(),
  featured: z.enum(['true', 'false']).optional(),
  /** include events that already ended (default: only upcoming and ongoing) */
  includePast: z.enum(['true', 'false']).optional(),
  sort: z.enum(EVENT_SORTS).default('date'),
  order: z.enum(['asc', 'desc']).default('asc'),
}).refine((v) => !v.from || !v.to || v.from <= v.to, { message: '`from` must not be after `to`', path: ['to'] });
export type TListEventsInput = z.input<typeof ZListEventsInput>;

export const ZVenue = z.object({
  id: ZId,
  name: z.string(),
  address: z.string(),
  city: z.string(),
  country: z.string(),
  /** IANA zone; render local times with it */
  timeZone: z.string(),
});

export const ZEventSummary = z.object({
  id: ZId,
  slug: z.string(),
  title: z.string(),
  category: ZEventCategory,
  featured: z.boolean(),
  imageUrl: z.string().nullable(),
  startsAt: z.date(),
  endsAt: z.date(),
  venue: ZVenue,
  organizerName: z.string(),
  /** cheapest ticket price in minor units, null when the event has no ticket categories */
  priceFromMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  soldOut: z.boolean(),
});
export type TEventSummary = z.infer<typeof ZEventSummary>;
export const ZEventPage = ZPage(ZEventSummary);

export const ZTicketCategory = z.object({
  id: ZId,
  name: z.string(),
  tier: ZTicketTier,
  description: z.string().nullable(),
  priceMinor: z.number().int(),
  currency: z.string(),
  maxPerOrder: z.number().int(),
  /** tickets still available (quota minus held and sold) */
  available: z.number().int(),
});
export type TTicketCategory = z.infer<typeof ZTicketCategory>;

export const ZEventDetail = ZEventSummary.extend({
  description: z.string(),
  status: z.enum(['DRAFT', 'PUBLISHED', 'CANCELLED']),
  ticketCategories: z.array(ZTicketCategory),
  /** RESERVED: tickets are bought by choosing seats (`public.seating.map`, issue 7 "Seating") */
  seatingMode: z.enum(['GENERAL_ADMISSION', 'RESERVED']).optional(),
});
export type TEventDetail = z.infer<typeof ZEventDetail>;

export const ZCategoryCount = z.object({ category: ZEventCategory, upcoming: z.number().int() });
