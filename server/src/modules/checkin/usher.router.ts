import {
  ZAttendee,
  ZCardUid,
  ZCheckInResult,
  ZGateCounts,
  ZId,
  ZScanInput,
  ZScanLog,
  ZScanLogPage,
  ZScanLogsInput,
  ZScanResult,
  ZUsherEvent,
} from '@admit/shared';
import { z } from 'zod';
import { countScan } from '../../ops/metrics.ts';
import { router } from '../../trpc/init.ts';
import { usherProcedure } from '../../trpc/procedures.ts';
import {
  eventStatus,
  gateCounts,
  getAssignedEvent,
  getScanLog,
  inspectCard,
  listAssignedEvents,
  listScanLogs,
  recordScan,
} from './checkin.service.ts';

const eventTags = ['usher: events'];
const scanTags = ['usher: scan'];
const ZCardInspection = z.object({
  cardUid: z.string(),
  found: z.boolean(),
  wouldBe: ZCheckInResult,
  reason: z.string().nullable(),
  message: z.string(),
  attendee: ZAttendee.nullable(),
});

/** Seed 003 Plan 5: the usher app's procedures, acting for the session's event. */
export const usherRouter = router({
  events: router({
    list: usherProcedure
      .meta({ openapi: { method: 'GET', path: '/usher/events/', tags: eventTags, summary: 'My assigned events' } })
      .input(z.object({}))
      .output(z.array(ZUsherEvent))
      .query(({ ctx }) => listAssignedEvents(ctx.deps, ctx.usher.id)),
    get: usherProcedure
      .meta({
        openapi: { method: 'GET', path: '/usher/events/{id}/', tags: eventTags, summary: 'Assigned event detail' },
      })
      .input(z.object({ id: ZId }))
      .output(ZUsherEvent)
      .query(({ ctx, input }) => getAssignedEvent(ctx.deps, ctx.usher.id, input.id)),
    validateAssignment: usherProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/usher/events/{id}/validate-assignment/',
          tags: eventTags,
          summary: 'Am I assigned to this event?',
        },
      })
      .input(z.object({ id: ZId }))
      .output(
        z.object({ eventId: ZId, assigned: z.boolean(), gate: z.object({ id: ZId, name: z.string() }).nullable() }),
      )
      .mutation(async ({ ctx, input }) => {
        const e = await getAssignedEvent(ctx.deps, ctx.usher.id, input.id).catch(() => null);
        return { eventId: input.id, assigned: e !== null, gate: e?.gate ?? null };
      }),
    status: usherProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/usher/events/{id}/status/',
          tags: eventTags,
          summary: 'Is the event on; is scanning enabled',
        },
      })
      .input(z.object({ id: ZId }))
      .output(
        z.object({
          eventId: ZId,
          active: z.boolean(),
          scanningEnabled: z.boolean(),
          startsAt: z.date(),
          endsAt: z.date(),
          admitted: z.number().int(),
          capacity: z.number().int(),
          at: z.date(),
        }),
      )
      .query(({ ctx, input }) => eventStatus(ctx.deps, ctx.usher.id, input.id)),
    gateCounts: usherProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/usher/events/{id}/gate-counts/',
          tags: eventTags,
          summary: 'Admitted per gate and in total',
        },
      })
      .input(z.object({ id: ZId }))
      .output(ZGateCounts)
      .query(async ({ ctx, input }) => {
        await getAssignedEvent(ctx.deps, ctx.usher.id, input.id);
        return { ...(await gateCounts(ctx.deps, input.id)), at: ctx.deps.clock.now() };
      }),
  }),
  scan: router({
    result: usherProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/usher/scan/result/',
          tags: scanTags,
          summary: 'Scan a ticket QR or NFC card and record it',
        },
      })
      .input(ZScanInput)
      .output(ZScanResult)
      .mutation(async ({ ctx, input }) => {
        const scan = await recordScan(ctx.deps, ctx.usher, input);
        countScan(scan.result);
        return scan;
      }),
    verifyCard: usherProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/usher/scan/verify-card/',
          tags: scanTags,
          summary: 'Look a card up without recording',
        },
      })
      .input(z.object({ cardUid: ZCardUid }))
      .output(ZCardInspection)
      .mutation(({ ctx, input }) => inspectCard(ctx.deps, ctx.usher, input.cardUid)),
    card: usherProcedure
      .meta({ openapi: { method: 'GET', path: '/usher/scan/card/{cardId}/', tags: scanTags, summary: 'Card details' } })
      .input(z.object({ cardId: ZCardUid }))
      .output(ZCardInspection)
      .query(({ ctx, input }) => inspectCard(ctx.deps, ctx.usher, input.cardId)),
    logs: usherProcedure
      .meta({ openapi: { method: 'GET', path: '/usher/scan/logs/', tags: scanTags, summary: 'Scan log, 10 per page' } })
      .input(ZScanLogsInput)
      .output(ZScanLogPage)
      .query(({ ctx, input }) => listScanLogs(ctx.deps, ctx.usher, input)),
    searchLogs: usherProcedure
      .meta({
        openapi: { method: 'GET', path: '/usher/scan/logs/search/', tags: scanTags, summary: 'Search the scan log' },
      })
      .input(ZScanLogsInput)
      .output(ZScanLogPage)
      .query(({ ctx, input }) => listScanLogs(ctx.deps, ctx.usher, input)),
    log: usherProcedure
      .meta({ openapi: { method: 'GET', path: '/usher/scan/logs/{id}/', tags: scanTags, summary: 'One scan' } })
      .input(z.object({ id: ZId }))
      .output(ZScanLog)
      .query(({ ctx, input }) => getScanLog(ctx.deps, ctx.usher, input.id)),
  }),
});
