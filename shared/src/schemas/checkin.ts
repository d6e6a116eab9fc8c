import { z } from 'zod';
import { ZCheckInResult, ZEventCategory, ZScanMethod, ZTicketTier } from '../enums.ts';
import { ZId, ZPage, ZPageInput } from './common.ts';

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
});
export type TAttendee = z.infer<typeof ZAttendee>;

export const ZGateCount = z.object({ gateId: ZId.nullable(), gateName: z.string(), admitted: z.number().int() });
export const ZGateCounts = z.object({
  eventId: ZId,
  gates: z.array(ZGateCount),
  admitted: z.number().int(),
  /** people inside now (admitted minus exits; exits arrive with re-entry rules) */
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
