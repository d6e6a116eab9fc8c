import { ZCategoryCount, ZEventDetail, ZEventPage, ZEventSummary, ZListEventsInput } from '@admit/shared';
import { z } from 'zod';
import { router } from '../../trpc/init.ts';
import { publicProcedure } from '../../trpc/procedures.ts';
import { eventCategories, featuredEvents, getEvent, listEvents } from './events.service.ts';

const tags = ['public: events'];

export const publicEventsRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/v1/public/events/', tags, summary: 'List published events' } })
    .input(ZListEventsInput)
    .output(ZEventPage)
    .query(({ ctx, input }) => listEvents(ctx.deps, input)),
  featured: publicProcedure
    .meta({
      openapi: { method: 'GET', path: '/v1/public/events/featured/', tags, summary: 'Featured upcoming events' },
    })
    .input(z.object({ limit: z.coerce.number().int().min(1).max(24).default(8) }))
    .output(z.array(ZEventSummary))
    .query(({ ctx, input }) => featuredEvents(ctx.deps, input.limit)),
  categories: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/public/events/categories/',
        tags,
        summary: 'Categories with upcoming counts',
      },
    })
    .input(z.object({}))
    .output(z.array(ZCategoryCount))
    .query(({ ctx }) => eventCategories(ctx.deps)),
  get: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/v1/public/events/{id}/', tags, summary: 'Event detail by id or slug' } })
    .input(
      z.object({
        id: z
          .string()
          .trim()
          .min(1)
          .max(120)
          .regex(/^[A-Za-z0-9-]+$/, 'An id or slug'),
      }),
    )
    .output(ZEventDetail)
    .query(({ ctx, input }) => getEvent(ctx.deps, input.id)),
});
