/**
 * Offline gate check-in (issue 6; seed 003 Plan 5 Phase 4 and Plan 6 Phases 5–7): what a gate
 * device downloads to verify tickets with the network gone (attendees, cards, revocations), the
 * upload of scans it decided offline (idempotent by a device-made nonce), part-time leave,
 * incident reports, NFC status, and the realtime payloads that go with them.
 * The protocol is ADR 0014 (docs/decisions/0014-offline-checkin-protocol.md).
 */
import { z } from 'zod';
import {
  ZCheckInResult,
  ZEntryPolicy,
  ZIncidentSeverity,
  ZNfcCardStatus,
  ZScanDirection,
  ZScanMethod,
  ZTicketStatus,
  ZTicketTier,
} from '../enums.ts';
import { ZId } from './common.ts';

/** A person attending with the ticket holder (seed 003 Plan 5 Phase 2 "children/dependents"). */
export const ZDependentInfo = z.object({ name: z.string(), relationship: z.string() });
export type TDependentInfo = z.infer<typeof ZDependentInfo>;

// ───────────── attendees ─────────────

/** `GET /api/usher/sync/attendees/`: `since` → delta (tickets changed after it); `cursor` pages. */
export const ZSyncAttendeesInput = z.object({
  since: z.coerce.date().optional(),
  cursor: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(2000),
});
export type TSyncAttendeesInput = z.input<typeof ZSyncAttendeesInput>;

export const ZSyncAttendee = z.object({
  ticketId: ZId,
  reference: z.string(),
  /** lowercase hex SHA-256 of the UTF-8 ticket secret (the QR's third field) */
  secretHash: z.string(),
  status: ZTicketStatus,
  categoryId: ZId,
  categoryName: z.string(),
  tier: ZTicketTier,
  attendeeName: z.string(),
  photoUrl: z.string().nullable(),
  emergencyContact: z.string().nullable(),
  bloodType: z.string().nullable(),
  labels: z.array(z.string()),
  dependents: z.array(ZDependentInfo),
  cardUids: z.array(z.string()),
  checkedInAt: z.date().nullable(),
  inside: z.boolean(),
  entries: z.number().int(),
  updatedAt: z.date(),
});
export type TSyncAttendee = z.infer<typeof ZSyncAttendee>;

export const ZSyncCheckInList = z.object({
  id: ZId,
  name: z.string(),
  entryPolicy: ZEntryPolicy,
  /** empty = every category of the event */
  ticketCategoryIds: z.array(ZId),
});
export type TSyncCheckInList = z.infer<typeof ZSyncCheckInList>;

export const ZSyncAttendees = z.object({
  eventId: ZId,
  /** the event's Ed25519 public key, base64url (32 bytes) — verifies ticket QR signatures offline */
  publicKey: z.string(),
  checkInList: ZSyncCheckInList,
  attendees: z.array(ZSyncAttendee),
  /** pass back as `cursor` for the next page; null = last page */
  nextCursor: z.string().nullable(),
  /** the server's clock when the first page was read; send it as `since` next time */
  serverTime: z.date(),
  /** true when this is a full snapshot (no `since`): the device replaces its cache */
  full: z.boolean(),
});
export type TSyncAttendees = z.infer<typeof ZSyncAttendees>;

// ───────────── cards ─────────────

export const ZSyncCardsInput = z.object({ since: z.coerce.date().optional() });
export type TSyncCardsInput = z.input<typeof ZSyncCardsInput>;
export const ZSyncCard = z.object({
  uid: z.string(),
  status: ZNfcCardStatus,
  holderName: z.string().nullable(),
  ticketIds: z.array(ZId),
  updatedAt: z.date(),
});
export type TSyncCard = z.infer<typeof ZSyncCard>;
export const ZSyncCards = z.object({ cards: z.array(ZSyncCard), serverTime: z.date() });
export type TSyncCards = z.infer<typeof ZSyncCards>;

// ───────────── revocations ─────────────

export const ZSyncRevocationsInput = z.object({ since: z.coerce.date().optional() });
export type TSyncRevocationsInput = z.input<typeof ZSyncRevocationsInput>;
export const ZSyncRevocation = z.object({
  secretHash: z.string(),
  ticketId: ZId,
  /** TRANSFERRED, REFUNDED, VOIDED, EVENT_CANCELLED */
  reason: z.string(),
  revokedAt: z.date(),
});
export type TSyncRevocation = z.infer<typeof ZSyncRevocation>;
export const ZSyncRevocations = z.object({ revocations: z.array(ZSyncRevocation), serverTime: z.date() });
export type TSyncRevocations = z.infer<typeof ZSyncRevocations>;

// ───────────── scan upload ─────────────

/** At most this many scans per `POST /api/usher/sync/logs/`. */
export const SYNC_UPLOAD_MAX = 500;

/** One scan the device decided itself (offline, or `POST /api/usher/scan/log/`). */
export const ZSyncScanItem = z.object({
  /** device-made UUID: a scan with a known nonce is never applied twice */
  nonce: z.uuid(),
  /** the QR text, or an NFC card UID */
  code: z.string().trim().min(1).max(512),
  method: ZScanMethod,
  direction: ZScanDirection.default('ENTRY'),
  /** the device's clock when it scanned (UTC) */
  scannedAt: z.coerce.date(),
  /** what the device showed at the gate */
  offlineResult: ZCheckInResult,
});
export type TSyncScanItem = z.input<typeof ZSyncScanItem>;

export const ZSyncUploadInput = z.object({
  deviceId: z.string().trim().min(1).max(64),
  scans: z
    .array(ZSyncScanItem)
    .min(1)
    .max(SYNC_UPLOAD_MAX, `At most ${SYNC_UPLOAD_MAX} scans per upload; send the rest in another batch`),
});
export type TSyncUploadInput = z.input<typeof ZSyncUploadInput>;

export const ZSyncUploadItemResult = z.object({
  nonce: z.string(),
  /** APPLIED: stored now; DUPLICATE: this nonce was stored before (nothing written) */
  status: z.enum(['APPLIED', 'DUPLICATE']),
  checkInId: ZId,
  /** the stored check-in's result */
  result: ZCheckInResult,
  /** a second admission of a ticket another device admitted first (kept, flagged) */
  conflict: z.boolean(),
  reason: z.string().nullable(),
});
export type TSyncUploadItemResult = z.infer<typeof ZSyncUploadItemResult>;
export const ZSyncUploadResult = z.object({ results: z.array(ZSyncUploadItemResult), serverTime: z.date() });
export type TSyncUploadResult = z.infer<typeof ZSyncUploadResult>;

/** `POST /api/usher/scan/log/`: one device-decided scan. */
export const ZScanLogInput = ZSyncScanItem.extend({ deviceId: z.string().trim().min(1).max(64) });
export type TScanLogInput = z.input<typeof ZScanLogInput>;

// ───────────── status ─────────────

export const ZSyncStatusInput = z.object({ deviceId: z.string().trim().min(1).max(64).optional() });
export type TSyncStatusInput = z.input<typeof ZSyncStatusInput>;
export const ZSyncStatus = z.object({
  eventId: ZId,
  serverTime: z.date(),
  /** tickets of the event (any status) */
  attendees: z.number().int(),
  revocations: z.number().int(),
  /** check-ins uploaded by `deviceId` (0 without it) */
  deviceUploads: z.number().int(),
  lastUploadAt: z.date().nullable(),
  /** conflicting offline admissions of the event */
  conflicts: z.number().int(),
  scanningEnabled: z.boolean(),
});
export type TSyncStatus = z.infer<typeof ZSyncStatus>;

// ───────────── part-time leave ─────────────

export const ZPartTimeLeaveInput = z.object({
  action: z.enum(['START', 'END']),
  reason: z.string().trim().min(1).max(200).optional(),
});
export type TPartTimeLeaveInput = z.input<typeof ZPartTimeLeaveInput>;
export const ZPartTimeLeave = z.object({
  id: ZId,
  eventId: ZId,
  reason: z.string(),
  startedAt: z.date(),
  /** null while the usher is away */
  endedAt: z.date().nullable(),
  /** whole seconds away (until now while open) */
  durationSeconds: z.number().int(),
});
export type TPartTimeLeave = z.infer<typeof ZPartTimeLeave>;
/** `GET /api/usher/scan/part-time-leave/`: newest first. */
export const ZPartTimeLeaveHistory = z.array(ZPartTimeLeave);

// ───────────── incident reports ─────────────

export const INCIDENT_CATEGORIES = ['SCAN_ISSUE', 'SECURITY', 'MEDICAL', 'CROWD', 'EQUIPMENT', 'OTHER'] as const;
export const ZIncidentCategory = z.enum(INCIDENT_CATEGORIES);
export type TIncidentCategory = z.infer<typeof ZIncidentCategory>;
export const ZIncidentReportInput = z.object({
  category: ZIncidentCategory,
  severity: ZIncidentSeverity.default('LOW'),
  description: z.string().trim().min(1).max(2000),
  /** ticket reference or card UID involved */
  subjectRef: z.string().trim().min(1).max(64).optional(),
  /** defaults to now; must not be in the future */
  occurredAt: z.coerce.date().optional(),
});
export type TIncidentReportInput = z.input<typeof ZIncidentReportInput>;
export const ZIncidentReport = z.object({
  id: ZId,
  eventId: ZId,
  gateId: ZId.nullable(),
  category: ZIncidentCategory,
  severity: ZIncidentSeverity,
  description: z.string(),
  subjectRef: z.string().nullable(),
  occurredAt: z.date(),
  createdAt: z.date(),
  resolvedAt: z.date().nullable(),
});
export type TIncidentReport = z.infer<typeof ZIncidentReport>;

// ───────────── NFC ─────────────

export const ZNfcStatus = z.object({
  supported: z.literal(true),
  /** active cards held by this event's ticket holders */
  cardsForEvent: z.number().int(),
  lastNfcScanAt: z.date().nullable(),
  hint: z.string(),
});
export type TNfcStatus = z.infer<typeof ZNfcStatus>;
export const ZNfcTest = z.object({ ok: z.literal(true), serverTime: z.date() });
export type TNfcTest = z.infer<typeof ZNfcTest>;

// ───────────── realtime payloads (instants as ISO-8601 strings) ─────────────

/** `checkin.conflict` on `event:<id>:gates` and `admins`. */
export const ZCheckInConflictPayload = z.object({
  eventId: ZId,
  ticketReference: z.string(),
  attendeeName: z.string().nullable(),
  /** the flagged (later) admission */
  checkInId: ZId,
  /** the earlier admission it conflicts with */
  conflictWithId: ZId,
  /** device ids of [earlier, later] (a device id, else `usher:<username>`) */
  devices: z.tuple([z.string(), z.string()]),
  at: z.string(),
});
export type TCheckInConflictPayload = z.infer<typeof ZCheckInConflictPayload>;

/** `event.status` on `event:<id>:gates` when scanning is switched on or off. */
export const ZEventStatusPayload = z.object({
  eventId: ZId,
  scanningEnabled: z.boolean(),
  active: z.boolean(),
  at: z.string(),
});
export type TEventStatusPayload = z.infer<typeof ZEventStatusPayload>;

/** `incident.reported` on `admins` for HIGH/CRITICAL incident reports. */
export const ZIncidentAlertPayload = z.object({
  eventId: ZId,
  reportId: ZId,
  category: ZIncidentCategory,
  severity: ZIncidentSeverity,
  description: z.string(),
  usherUsername: z.string().nullable(),
  at: z.string(),
});
export type TIncidentAlertPayload = z.infer<typeof ZIncidentAlertPayload>;
