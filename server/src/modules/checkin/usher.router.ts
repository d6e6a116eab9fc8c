import {
  ZAttendee,
  ZCardUid,
  ZCheckInResult,
  ZGateCounts,
  ZId,
  ZIncidentReport,
  ZIncidentReportInput,
  ZNfcStatus,
  ZNfcTest,
  ZOk,
  ZPartTimeLeave,
  ZPartTimeLeaveHistory,
  ZPartTimeLeaveInput,
  ZScanInput,
  ZScanLog,
  ZScanLogInput,
  ZScanLogPage,
  ZScanLogsInput,
  ZScanResult,
  ZSyncAttendees,
  ZSyncAttendeesInput,
  ZSyncCards,
  ZSyncCardsInput,
  ZSyncRevocations,
  ZSyncRevocationsInput,
  ZSyncStatus,
  ZSyncStatusInput,
  ZSyncUploadInput,
  ZSyncUploadItemResult,
  ZSyncUploadResult,
  ZUsherEvent,
} from '@admit/shared';
import { z } from 'zod';
import { invalidateSession } from '../../auth/sessions.ts';
import { AppError } from '../../errors.ts';
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
import { syncAttendees, syncCards, syncRevocations, syncStatus, uploadScans } from './sync.service.ts';
import {
  listIncidentReports,
  nfcStatus,
  partTimeLeave,
  partTimeLeaveHistory,
  reportIncident,
} from './usher-extras.service.ts';

const eventTags = ['usher: events'];
const scanTags = ['usher: scan'];
const syncTags = ['usher: offline sync'];
const nfcTags = ['usher: nfc'];
const ZCardInspection = z.object({
  cardUid: z.string(),
  found: z.boolean(),
  wouldBe: ZCheckInResult,
  reason: z.string().nullable(),
  message: z.string(),
  attendee: ZAttendee.nullable(),
});

/** Seed 003 Plans 5 and 6: the usher app's procedures, acting for the session's event. */
export const usherRouter = router({
  logout: usherProcedure
    .meta({ openapi: { method: 'POST', path: '/usher/logout/', tags: ['usher: auth'], summary: 'Sign out' } })
    .input(z.object({}))
    .output(ZOk)
    .mutation(async ({ ctx }) => {
      await invalidateSession(ctx.deps.db, ctx.actor.session.id);
      ctx.cookies.clear();
      return { ok: true as const };
    }),
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
          inside: z.number().int(),
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
          summary: 'Admitted and inside, per gate and in total',
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
          summary: 'Scan a ticket QR or NFC card (entry or exit) and record it',
        },
      })
      .input(ZScanInput)
      .output(ZScanResult)
      .mutation(async ({ ctx, input }) => {
        const scan = await recordScan(ctx.deps, ctx.usher, input);
        if (!scan.duplicate) countScan(scan.result);
        return scan;
      }),
    record: usherProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/usher/scan/log/',
          tags: scanTags,
          summary: 'Record one scan the device decided (idempotent by nonce)',
        },
      })
      .input(ZScanLogInput)
      .output(ZSyncUploadItemResult)
      .mutation(async ({ ctx, input }) => {
        const { deviceId, ...scan } = input;
        const out = await uploadScans(ctx.deps, ctx.usher, { deviceId, scans: [scan] });
        return out.results[0]!;
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
    validateCard: usherProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/usher/scan/card/{cardId}/validate/',
          tags: scanTags,
          summary: 'Validate a card for this event (nothing recorded)',
        },
      })
      .input(z.object({ cardId: ZCardUid }))
      .output(ZCardInspection)
      .mutation(({ ctx, input }) => inspectCard(ctx.deps, ctx.usher, input.cardId)),
    attendee: usherProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/usher/scan/attendee/{cardId}/',
          tags: scanTags,
          summary: 'Attendee by card id',
        },
      })
      .input(z.object({ cardId: ZCardUid }))
      .output(ZCardInspection)
      .query(({ ctx, input }) => inspectCard(ctx.deps, ctx.usher, input.cardId)),
    attendeeForEvent: usherProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/usher/scan/attendee/{cardId}/event/{eventId}/',
          tags: scanTags,
          summary: 'Attendee by card id, for an event (the session’s)',
        },
      })
      .input(z.object({ cardId: ZCardUid, eventId: ZId }))
      .output(ZCardInspection)
      .query(({ ctx, input }) => {
        // the session is bound to one event: another event's id is unknown here
        if (input.eventId !== ctx.usher.eventId) throw new AppError('NOT_FOUND', 'No such event for this session.');
        return inspectCard(ctx.deps, ctx.usher, input.cardId);
      }),
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
    partTimeLeave: usherProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/usher/scan/part-time-leave/',
          tags: scanTags,
          summary: 'Start or end a part-time leave',
        },
      })
      .input(ZPartTimeLeaveInput)
      .output(ZPartTimeLeave)
      .mutation(({ ctx, input }) => partTimeLeave(ctx.deps, ctx.usher, input)),
    partTimeLeaveHistory: usherProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/usher/scan/part-time-leave/',
          tags: scanTags,
          summary: 'My part-time leaves at this event, newest first',
        },
      })
      .input(z.object({}))
      .output(ZPartTimeLeaveHistory)
      .query(({ ctx }) => partTimeLeaveHistory(ctx.deps, ctx.usher)),
    report: usherProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/usher/scan/report/',
          tags: scanTags,
          summary: 'Report a scan issue or incident (HIGH/CRITICAL alert admins)',
        },
      })
      .input(ZIncidentReportInput)
      .output(ZIncidentReport)
      .mutation(({ ctx, input }) => reportIncident(ctx.deps, ctx.usher, input)),
    reports: usherProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/usher/scan/report/',
          tags: scanTags,
          summary: 'My incident reports at this event, newest first',
        },
      })
      .input(z.object({}))
      .output(z.array(ZIncidentReport))
      .query(({ ctx }) => listIncidentReports(ctx.deps, ctx.usher)),
  }),
  sync: router({
    attendees: usherProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/usher/sync/attendees/',
          tags: syncTags,
          summary: 'Attendees for the offline cache (full, or changed since)',
        },
      })
      .input(ZSyncAttendeesInput)
      .output(ZSyncAttendees)
      .query(({ ctx, input }) => syncAttendees(ctx.deps, ctx.usher, input)),
    cards: usherProcedure
      .meta({
        openapi: { method: 'GET', path: '/usher/sync/cards/', tags: syncTags, summary: 'NFC cards of the attendees' },
      })
      .input(ZSyncCardsInput)
      .output(ZSyncCards)
      .query(({ ctx, input }) => syncCards(ctx.deps, ctx.usher, input)),
    revocations: usherProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/usher/sync/revocations/',
          tags: syncTags,
          summary: 'Revoked ticket secrets (hashes)',
        },
      })
      .input(ZSyncRevocationsInput)
      .output(ZSyncRevocations)
      .query(({ ctx, input }) => syncRevocations(ctx.deps, ctx.usher, input)),
    logs: usherProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/usher/sync/logs/',
          tags: syncTags,
          summary: 'Upload offline scans (≤ 500, idempotent by nonce)',
        },
      })
      .input(ZSyncUploadInput)
      .output(ZSyncUploadResult)
      .mutation(async ({ ctx, input }) => {
        const out = await uploadScans(ctx.deps, ctx.usher, input);
        for (const r of out.results) if (r.status === 'APPLIED') countScan(r.result);
        return out;
      }),
    status: usherProcedure
      .meta({ openapi: { method: 'GET', path: '/usher/sync/status/', tags: syncTags, summary: 'Sync status' } })
      .input(ZSyncStatusInput)
      .output(ZSyncStatus)
      .query(({ ctx, input }) => syncStatus(ctx.deps, ctx.usher, input)),
  }),
  nfc: router({
    status: usherProcedure
      .meta({ openapi: { method: 'GET', path: '/usher/nfc/status/', tags: nfcTags, summary: 'NFC at this event' } })
      .input(z.object({}))
      .output(ZNfcStatus)
      .query(({ ctx }) => nfcStatus(ctx.deps, ctx.usher)),
    test: usherProcedure
      .meta({
        openapi: { method: 'GET', path: '/usher/nfc/test/', tags: nfcTags, summary: 'Round trip for the NFC test' },
      })
      .input(z.object({}))
      .output(ZNfcTest)
      .query(({ ctx }) => ({ ok: true as const, serverTime: ctx.deps.clock.now() })),
  }),
});
