import { z } from 'zod';
import {
  ZCheckInResult,
  ZEntryPolicy,
  ZEventCategory,
  ZScanDirection,
  ZScanMethod,
  ZTicketStatus,
  ZTicketTier,
} from '../enums.ts';
import { ZId, ZPage, ZPageInput } from './common.ts';
import { ZDependentInfo } from './usher-sync.ts';

/** NFC UIDs are 4, 7 or 10 bytes; accepted as hex with optional `:` separators. */
export const ZCardUid = z
  .string()
  .trim()
  .transform((s) => s.replace(/[:\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^([0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20})$/, 'A 4, 7 or 10 byte UID in hex'));

/** One scan at a gate (seed 003 Plan 5 `POST /api/usher/scan/result/`). */
export const ZScanInput = z
  .object({
    /** the QR text of a ticket (its signed secret) */
    qr: z.string().trim().min(1).max(512).optional(),
    /** an NFC card UID */
    cardUid: ZCardUid.optional(),
    method: ZScanMethod.optional(),
    gateId: ZId.optional(),
    deviceId: z.string().trim().min(1).max(64).optional(),
    /** when the device read the code (UTC); defaults to now; must not be in the future */
    scannedAt: z.coerce.date().optional(),
    /** ENTRY (default) or EXIT (re-entry rules of the usher's check-in list) */
    direction: ZScanDirection.optional(),
    /** device-made UUID: a retried scan with the same nonce is answered, not applied again */
    nonce: z.uuid().optional(),
  })
  .refine((v) => (v.qr === undefined) !== (v.cardUid === undefined), {
    message: 'Give exactly one of `qr` or `cardUid`',
    path: ['qr'],
  });
export type TScanInput = z.input<typeof ZScanInput>;

export const ZAttendee = z.object({
  name: z.string(),
  photoUrl: z.string().nullable(),
  ticketReference: z.string().nullable(),
  cardUid: z.string().nullable(),
  tier: ZTicketTier.nullable(),
  categoryName: z.string().nullable(),
  emergencyContact: z.string().nullable(),
  bloodType: z.string().nullable(),
  /** ticket/profile labels, e.g. "Wheelchair access", "Press" */
  labels: z.array(z.string()),
  /** people attending with the ticket holder */
  dependents: z.array(ZDependentInfo),
  /** the ticket's status (null: no ticket) */
  ticketStatus: ZTicketStatus.nullable(),
  /** seed 003 Plan 5 Phase 2 "Scan status": admitted before or not (null: no ticket) */
  scanStatus: z.enum(['PREVIOUSLY_SCANNED', 'NOT_SCANNED']).nullable(),
  /** accepted entries so far and whether the holder is inside now (after this scan) */
  entries: z.number().int(),
  inside: z.boolean(),
});
export type TAttendee = z.infer<typeof ZAttendee>;

export const ZGateCount = z.object({
  gateId: ZId.nullable(),
  /** the gate's name (`name` and `gateName` are the same; `gateName` kept for older clients) */
  gateName: z.string(),
  name: z.string(),
  /** admissions (VALID entry scans) at this gate */
  admitted: z.number().int(),
  /** entries minus exits scanned at this gate */
  inside: z.number().int(),
});
export const ZGateCounts = z.object({
  eventId: ZId,
  gates: z.array(ZGateCount),
  total: z.object({ admitted: z.number().int(), inside: z.number().int() }),
  /** distinct tickets admitted (= total.admitted) */
  admitted: z.number().int(),
  /** tickets inside now (admitted minus exits) (= total.inside) */
  inside: z.number().int(),
  capacity: z.number().int(),
  at: z.date(),
});
export type TGateCounts = z.infer<typeof ZGateCounts>;

export const ZScanResult = z.object({
  checkInId: ZId,
  result: ZCheckInResult,
  /** WRONG_EVENT, VOID, BAD_SIGNATURE, CARD_BLOCKED, NO_TICKET, UNKNOWN_CODE, … */
  reason: z.string().nullable(),
  message: z.string(),
  attendee: ZAttendee.nullable(),
  /** when this ticket was first admitted (ALREADY_SCANNED shows it) */
  firstCheckedInAt: z.date().nullable(),
  scannedAt: z.date(),
  direction: ZScanDirection,
  /** the check-in list the usher scans against */
  checkInList: z.object({ id: ZId, name: z.string(), entryPolicy: ZEntryPolicy }).nullable(),
  /** true when this answer is a stored scan replayed for a retried nonce (nothing new written) */
  duplicate: z.boolean(),
});
export type TScanResult = z.infer<typeof ZScanResult>;

export const ZScanLog = z.object({
  id: ZId,
  result: ZCheckInResult,
  reason: z.string().nullable(),
  method: ZScanMethod,
  codeRef: z.string(),
  attendeeName: z.string().nullable(),
  usherUsername: z.string().nullable(),
  gateName: z.string().nullable(),
  deviceId: z.string().nullable(),
  eventId: ZId,
  scannedAt: z.date(),
  recordedAt: z.date(),
  direction: ZScanDirection,
  /** decided on the device while offline and uploaded later */
  offline: z.boolean(),
  /** a second admission of one ticket made offline by another device */
  conflict: z.boolean(),
  conflictWithId: ZId.nullable(),
});
export type TScanLog = z.infer<typeof ZScanLog>;
export const ZScanLogPage = ZPage(ZScanLog);

/** Scan log listing: 10 per page by default (seed 003 Plan 5 Phase 3). */
export const ZScanLogsInput = ZPageInput.extend({
  pageSize: z.coerce.number().int().min(1).max(100).default(10),
  result: ZCheckInResult.optional(),
  cardId: z.string().trim().min(1).max(64).optional(),
  username: z.string().trim().min(1).max(40).optional(),
  attendeeName: z.string().trim().min(1).max(80).optional(),
});

export const ZUsherEvent = z.object({
  id: ZId,
  title: z.string(),
  category: ZEventCategory,
  startsAt: z.date(),
  endsAt: z.date(),
  venueName: z.string(),
  city: z.string(),
  timeZone: z.string(),
  capacity: z.number().int(),
  scanningEnabled: z.boolean(),
  gate: z.object({ id: ZId, name: z.string() }).nullable(),
  gates: z.array(z.object({ id: ZId, name: z.string() })),
});
export type TUsherEvent = z.infer<typeof ZUsherEvent>;
