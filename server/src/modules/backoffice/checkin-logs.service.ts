/**
 * Check-in logs in the admin back office (seed 003 Plan 2 Phase 9: `GET /api/logs/checkin/`):
 * every scan ushers made (seed 003 Plan 5 "CheckinLog"), whatever its result, newest first by the
 * scan's own time (`scannedAt`, the device's time for offline scans). Filters: event, gate, usher,
 * result, `[from, to)` on `scannedAt` (UTC), conflicting offline admissions only.
 */
import type { TCheckinLogFilters, TCheckinLogListInput } from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { CSV_MAX_ROWS, dateRange, listPage, sortBy, toCsv } from '../catalog/list-query.ts';

type Db = Pick<Deps, 'db'>;

const where = (f: TCheckinLogFilters): Prisma.CheckInWhereInput => ({
  ...(f.eventId ? { eventId: f.eventId } : {}),
  ...(f.gateId ? { gateId: f.gateId } : {}),
  ...(f.usherId ? { usherId: f.usherId } : {}),
  ...(f.result ? { result: f.result } : {}),
  ...(f.conflictsOnly === 'true' ? { conflict: true } : {}),
  ...dateRange('scannedAt', f.from, f.to),
});

const select = {
  id: true,
  scannedAt: true,
  recordedAt: true,
  method: true,
  direction: true,
  result: true,
  reason: true,
  codeRef: true,
  attendeeName: true,
  offline: true,
  conflict: true,
  deviceId: true,
  event: { select: { id: true, title: true } },
  gate: { select: { id: true, name: true } },
  usher: { select: { id: true, firstName: true, lastName: true, username: true } },
} satisfies Prisma.CheckInSelect;
type Row = Prisma.CheckInGetPayload<{ select: typeof select }>;

const toLog = ({ usher, ...r }: Row) => ({
  ...r,
  usher: { id: usher.id, name: `${usher.firstName} ${usher.lastName}`, username: usher.username },
});

/** `admin.logs.checkin` — `GET /api/logs/checkin/` (catalog.read). */
export function listCheckinLogs(deps: Db, input: TCheckinLogListInput) {
  return listPage(
    { count: (a) => deps.db.checkIn.count(a), findMany: (a) => deps.db.checkIn.findMany({ ...a, select }) },
    where(input),
    sortBy(input, { scannedAt: 'scannedAt' }),
    input,
    toLog,
  );
}

/** CSV of the filtered check-in log, newest first (at most CSV_MAX_ROWS rows). */
export async function checkinLogsCsv(deps: Db, input: Omit<TCheckinLogListInput, 'page' | 'pageSize'>) {
  const rows = (
    await deps.db.checkIn.findMany({
      where: where(input),
      orderBy: sortBy(input, { scannedAt: 'scannedAt' }) as Prisma.CheckInOrderByWithRelationInput[],
      take: CSV_MAX_ROWS,
      select,
    })
  ).map(toLog);
  const csv = toCsv(rows, [
    { header: 'scanned_at', value: (r) => r.scannedAt },
    { header: 'recorded_at', value: (r) => r.recordedAt },
    { header: 'event', value: (r) => r.event.title },
    { header: 'gate', value: (r) => r.gate?.name },
    { header: 'usher', value: (r) => r.usher.username ?? r.usher.name },
    { header: 'method', value: (r) => r.method },
    { header: 'direction', value: (r) => r.direction },
    { header: 'result', value: (r) => r.result },
    { header: 'reason', value: (r) => r.reason },
    { header: 'code', value: (r) => r.codeRef },
    { header: 'attendee', value: (r) => r.attendeeName },
    { header: 'offline', value: (r) => r.offline },
    { header: 'conflict', value: (r) => r.conflict },
    { header: 'device', value: (r) => r.deviceId },
  ]);
  return { csv, rows: rows.length };
}
