/**
 * The usher app's other gate features (seed 003 Plan 5 Phases 2 and 4, Plan 6 Phases 5 and 7):
 * part-time leave, incident reports, and the NFC status / connection test.
 */
import type { TIncidentReport, TIncidentReportInput, TNfcStatus, TPartTimeLeave } from '@admit/shared';
import { rooms } from '@admit/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import { notify } from '../notifications/notification.service.ts';
import { isUniqueViolation } from './checkin.service.ts';
import { MAX_CLOCK_SKEW_MS, type UsherActor } from './scan-core.ts';

type LeaveRow = { id: string; eventId: string; reason: string; startedAt: Date; endedAt: Date | null };

const toLeave = (r: LeaveRow, now: Date): TPartTimeLeave => ({
  id: r.id,
  eventId: r.eventId,
  reason: r.reason,
  startedAt: r.startedAt,
  endedAt: r.endedAt,
  durationSeconds: Math.max(0, Math.floor(((r.endedAt ?? now).getTime() - r.startedAt.getTime()) / 1000)),
});

const leaveSelect = { id: true, eventId: true, reason: true, startedAt: true, endedAt: true } as const;

/**
 * `POST /api/usher/scan/part-time-leave/`: START opens a leave (one open leave per usher and event:
 * a partial unique index, so two taps cannot open two); END closes the open one.
 * Errors: CONFLICT when starting while on leave; INVALID_STATE when ending without an open leave.
 */
export async function partTimeLeave(
  deps: Deps,
  usher: UsherActor,
  input: { action: 'START' | 'END'; reason?: string },
): Promise<TPartTimeLeave> {
  const now = deps.clock.now();
  if (input.action === 'START') {
    try {
      const row = await deps.db.usherLeave.create({
        data: { usherId: usher.id, eventId: usher.eventId, reason: input.reason ?? 'Break', startedAt: now },
        select: leaveSelect,
      });
      return toLeave(row, now);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('CONFLICT', 'You are already on leave: end it first.');
      throw err;
    }
  }
  // a conditional UPDATE: two END taps close the leave once, the second finds none open
  const [row] = await deps.db.$queryRaw<LeaveRow[]>`
    UPDATE "UsherLeave" SET "endedAt" = ${now}
    WHERE "usherId" = ${usher.id}::uuid AND "eventId" = ${usher.eventId}::uuid AND "endedAt" IS NULL
    RETURNING "id", "eventId", "reason", "startedAt", "endedAt"`;
  if (!row) throw new AppError('INVALID_STATE', 'You are not on leave.');
  return toLeave(row, now);
}

/** `GET /api/usher/scan/part-time-leave/`: the usher's leaves at this event, newest first (at most 100). */
export async function partTimeLeaveHistory(deps: Deps, usher: UsherActor): Promise<TPartTimeLeave[]> {
  const now = deps.clock.now();
  const rows = await deps.db.usherLeave.findMany({
    where: { usherId: usher.id, eventId: usher.eventId },
    select: leaveSelect,
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    take: 100,
  });
  return rows.map((r) => toLeave(r, now));
}

const reportSelect = {
  id: true,
  eventId: true,
  gateId: true,
  category: true,
  severity: true,
  description: true,
  subjectRef: true,
  occurredAt: true,
  createdAt: true,
  resolvedAt: true,
} as const;
const toReport = (r: Omit<TIncidentReport, 'category'> & { category: string }) => r as TIncidentReport;

/**
 * `POST /api/usher/scan/report/`: stores a scan issue or incident at the usher's gate. HIGH and
 * CRITICAL reports alert the platform's active admins: an in-app (and e-mail) notification each
 * (`incident.reported`, committed with the report) and a live `incident.reported` to the `admins`
 * room, plus a warning in the system log. Errors: VALIDATION_FAILED for `occurredAt` in the future.
 */
export async function reportIncident(
  deps: Deps,
  usher: UsherActor,
  input: Omit<TIncidentReportInput, 'severity' | 'occurredAt'> & {
    severity: NonNullable<TIncidentReportInput['severity']>;
    occurredAt?: Date;
  },
): Promise<TIncidentReport> {
  const now = deps.clock.now();
  const occurredAt = input.occurredAt ?? now;
  if (occurredAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw new AppError('VALIDATION_FAILED', 'The incident time is in the future.', { occurredAt: ['In the future'] });
  }
  const urgent = input.severity === 'HIGH' || input.severity === 'CRITICAL';
  const { report, pushed } = await deps.db.$transaction(async (tx) => {
    const report = await tx.incidentReport.create({
      data: {
        eventId: usher.eventId,
        usherId: usher.id,
        gateId: usher.gateId,
        category: input.category,
        severity: input.severity,
        description: input.description,
        subjectRef: input.subjectRef ?? null,
        occurredAt,
      },
      select: { ...reportSelect, usher: { select: { username: true } }, event: { select: { title: true } } },
    });
    const pushed: RealtimeMessage[] = [];
    if (urgent) {
      const admins = await tx.user.findMany({ where: { role: 'ADMIN', status: 'ACTIVE' }, select: { id: true } });
      for (const admin of admins) {
        const sent = await notify(deps, tx, {
          userId: admin.id,
          kind: 'incident.reported',
          vars: {
            eventTitle: report.event.title,
            severity: input.severity,
            category: input.category,
            description: input.description,
            reportedBy: report.usher.username ?? 'an usher',
          },
        });
        pushed.push(...sent.realtime);
      }
    }
    return { report, pushed };
  });
  const { usher: by, event: _event, ...stored } = report;
  if (urgent) {
    deps.log.warn(
      {
        source: 'checkin',
        eventId: usher.eventId,
        reportId: report.id,
        severity: input.severity,
        category: input.category,
      },
      'usher reported an urgent incident',
    );
    deps.realtime.push(...pushed, {
      room: rooms.admins(),
      event: 'incident.reported',
      payload: {
        eventId: usher.eventId,
        reportId: report.id,
        category: input.category,
        severity: input.severity,
        description: input.description,
        usherUsername: by.username,
        at: now.toISOString(),
      },
    });
  }
  return toReport(stored);
}

/** `GET /api/usher/scan/report/`: the usher's reports at this event, newest first (at most 100). */
export async function listIncidentReports(deps: Deps, usher: UsherActor): Promise<TIncidentReport[]> {
  const rows = await deps.db.incidentReport.findMany({
    where: { usherId: usher.id, eventId: usher.eventId },
    select: reportSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 100,
  });
  return rows.map(toReport);
}

/**
 * `GET /api/usher/nfc/status/`: the server side of NFC at this event — active cards held by its
 * ticket holders and the last NFC scan. Web NFC itself is checked on the device (`'NDEFReader' in
 * window`); the hint says where it works.
 */
export async function nfcStatus(deps: Deps, usher: UsherActor): Promise<TNfcStatus> {
  const eventId = usher.eventId;
  const [cardsForEvent, last] = await Promise.all([
    deps.db.nfcCard.count({ where: { status: 'ACTIVE', customer: { tickets: { some: { eventId } } } } }),
    deps.db.checkIn.findFirst({
      where: { eventId, method: 'NFC' },
      select: { scannedAt: true },
      orderBy: { scannedAt: 'desc' },
    }),
  ]);
  return {
    supported: true,
    cardsForEvent,
    lastNfcScanAt: last?.scannedAt ?? null,
    hint: 'Web NFC works in Chrome on Android over HTTPS: hold the card flat against the back of the phone. Elsewhere, scan the QR code or type the card id.',
  };
}
