/**
 * Admin tickets (seed 003 Plan 2 Phase 4): list with filters/sort/pagination and CSV (ADR 0022),
 * details (order, holder, check-ins, revocations), status VALID ↔ VOID with a reason, usher
 * labels, manual check-in and transfer to another customer.
 * - Voiding puts the current secret on the revocation list (reason VOIDED), so gate devices
 *   refuse the QR online and offline; un-voiding issues a NEW secret (the old one stays revoked).
 *   A voided ticket keeps its place in the quota (the order is still paid; refunds go through
 *   admin.refunds, which releases it).
 * - Manual check-in goes through the gate's own `recordScan` (method MANUAL, the admin as the
 *   scanner), so the entry policy, counts, `gate.counts`/`scan.recorded` realtime and the
 *   check-in log stay exactly those of a scan.
 * - Transfer re-issues the secret to the new holder and revokes the old one (reason
 *   TRANSFERRED, `reissueTicketTo`), like the customer transfer of seed 003 Plan 1.
 * Every change is audited with before/after.
 */
import type {
  TAdminTicketDetail,
  TAdminTicketRow,
  TPage,
  ZAdminTicketExportInput,
  ZAdminTicketListInput,
} from '@admit/shared';
import type { z } from 'zod';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { recordScan } from '../checkin/checkin.service.ts';
import { secretHashOf } from '../checkin/scan-core.ts';
import { type AuditMeta, auditActor } from '../refunds/scope.ts';
import { newTicketSecret, signTicketSecret } from '../tickets/ticket-secret.ts';
import { CSV_MAX_ROWS, listPage, sortBy, toCsv } from './list-query.ts';

type Tx = Prisma.TransactionClient;
type Filters = Omit<z.output<typeof ZAdminTicketExportInput>, 'sort' | 'order'>;

const rowSelect = {
  id: true,
  reference: true,
  status: true,
  attendeeName: true,
  labels: true,
  checkedInAt: true,
  inside: true,
  entries: true,
  createdAt: true,
  updatedAt: true,
  event: { select: { id: true, title: true, startsAt: true } },
  ticketCategory: { select: { id: true, name: true, tier: true, priceMinor: true, currency: true } },
  holder: { select: { id: true, firstName: true, lastName: true, mobile: true, email: true } },
  order: {
    select: { id: true, code: true, status: true, totalMinor: true, currency: true, paidAt: true, createdAt: true },
  },
} satisfies Prisma.TicketSelect;
type Row = Prisma.TicketGetPayload<{ select: typeof rowSelect }>;

const toRow = (t: Row): TAdminTicketRow => ({
  id: t.id,
  reference: t.reference,
  status: t.status,
  attendeeName: t.attendeeName,
  labels: t.labels,
  checkedInAt: t.checkedInAt,
  inside: t.inside,
  entries: t.entries,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
  event: t.event,
  category: { id: t.ticketCategory.id, name: t.ticketCategory.name, tier: t.ticketCategory.tier },
  holder: {
    id: t.holder.id,
    name: `${t.holder.firstName} ${t.holder.lastName}`.trim(),
    mobile: t.holder.mobile,
    email: t.holder.email,
  },
  order: { id: t.order.id, code: t.order.code },
});

const SORT_FIELDS = {
  createdAt: 'createdAt',
  reference: 'reference',
  attendeeName: 'attendeeName',
  checkedInAt: 'checkedInAt',
  updatedAt: 'updatedAt',
} as const;

function whereOf(f: Filters): Prisma.TicketWhereInput {
  const q = f.q;
  return {
    ...(f.eventId ? { eventId: f.eventId } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.checkedIn === 'true' ? { checkedInAt: { not: null } } : f.checkedIn === 'false' ? { checkedInAt: null } : {}),
    ...(f.reference ? { reference: { equals: f.reference, mode: 'insensitive' } } : {}),
    ...(q
      ? {
          OR: [
            { attendeeName: { contains: q, mode: 'insensitive' } },
            { holder: { firstName: { contains: q, mode: 'insensitive' } } },
            { holder: { lastName: { contains: q, mode: 'insensitive' } } },
            { holder: { email: { contains: q, mode: 'insensitive' } } },
            { holder: { mobile: { contains: q } } },
          ],
        }
      : {}),
  };
}

/**
 * `GET /api/tickets/`: filters eventId, status, checkedIn ('true'/'false'), `q` (holder name,
 * mobile, e-mail, attendee name), exact `reference`; sort createdAt | reference | attendeeName |
 * checkedInAt | updatedAt.
 */
export async function listAdminTickets(
  deps: Pick<Deps, 'db'>,
  input: z.output<typeof ZAdminTicketListInput>,
): Promise<TPage<TAdminTicketRow>> {
  return listPage(
    {
      count: (a: { where: Prisma.TicketWhereInput }) => deps.db.ticket.count(a),
      findMany: (a) => deps.db.ticket.findMany({ ...a, select: rowSelect }),
    },
    whereOf(input),
    sortBy(input, SORT_FIELDS),
    input,
    toRow,
  );
}

/** `GET /api/tickets/export.csv`: the list's filters and sort, at most CSV_MAX_ROWS rows, formula-safe cells. */
export async function adminTicketsCsv(deps: Pick<Deps, 'db'>, input: z.output<typeof ZAdminTicketExportInput>) {
  const rows = await deps.db.ticket.findMany({
    where: whereOf(input),
    select: rowSelect,
    orderBy: sortBy(input, SORT_FIELDS),
    take: CSV_MAX_ROWS,
  });
  const csv = toCsv(rows, [
    { header: 'id', value: (t) => t.id },
    { header: 'reference', value: (t) => t.reference },
    { header: 'status', value: (t) => t.status },
    { header: 'event', value: (t) => t.event.title },
    { header: 'event_starts_at', value: (t) => t.event.startsAt },
    { header: 'category', value: (t) => t.ticketCategory.name },
    { header: 'price_minor', value: (t) => t.ticketCategory.priceMinor },
    { header: 'currency', value: (t) => t.ticketCategory.currency },
    { header: 'attendee', value: (t) => t.attendeeName },
    { header: 'holder', value: (t) => `${t.holder.firstName} ${t.holder.lastName}`.trim() },
    { header: 'holder_mobile', value: (t) => t.holder.mobile },
    { header: 'holder_email', value: (t) => t.holder.email },
    { header: 'order', value: (t) => t.order.code },
    { header: 'checked_in_at', value: (t) => t.checkedInAt },
    { header: 'inside', value: (t) => t.inside },
    { header: 'labels', value: (t) => t.labels.join('; ') },
    { header: 'created_at', value: (t) => t.createdAt },
  ]);
  return { csv, rows: rows.length };
}

/** `GET /api/tickets/{id}/`: the row plus order, price, check-ins (newest first) and revocations. Errors: NOT_FOUND. */
export async function getAdminTicket(deps: Pick<Deps, 'db'>, id: string): Promise<TAdminTicketDetail> {
  const t = await deps.db.ticket.findUnique({
    where: { id },
    select: {
      ...rowSelect,
      checkIns: {
        select: {
          id: true,
          method: true,
          result: true,
          reason: true,
          direction: true,
          scannedAt: true,
          offline: true,
          gate: { select: { name: true } },
          usher: { select: { firstName: true, lastName: true, username: true, email: true } },
        },
        orderBy: [{ scannedAt: 'desc' }, { id: 'asc' }],
        take: 200,
      },
      revocations: { select: { id: true, reason: true, revokedAt: true }, orderBy: { revokedAt: 'desc' } },
    },
  });
  if (!t) throw new AppError('NOT_FOUND', 'No such ticket.');
  return {
    ...toRow(t),
    order: t.order,
    priceMinor: t.ticketCategory.priceMinor,
    currency: t.ticketCategory.currency,
    checkIns: t.checkIns.map((c) => ({
      id: c.id,
      method: c.method,
      result: c.result,
      reason: c.reason,
      direction: c.direction,
      gateName: c.gate?.name ?? null,
      byName: `${c.usher.firstName} ${c.usher.lastName}`.trim() || (c.usher.username ?? c.usher.email ?? ''),
      scannedAt: c.scannedAt,
      offline: c.offline,
    })),
    revocations: t.revocations,
  };
}

/**
 * `PUT /api/tickets/{id}/`: status VALID → VOID (revokes the secret, reason VOIDED; out of the
 * venue), VOID → VALID (a new secret is issued; the old one stays revoked), and/or `labels`.
 * Conditional UPDATEs on the status make each transition exact. Errors: NOT_FOUND;
 * INVALID_STATE (refunded ticket, or already in that status).
 */
export async function updateAdminTicket(
  deps: Deps,
  actor: Actor,
  input: {
    id: string;
    status?: 'VALID' | 'VOID' | undefined;
    reason?: string | undefined;
    labels?: string[] | undefined;
  },
  meta: AuditMeta,
): Promise<TAdminTicketDetail> {
  const before = await deps.db.ticket.findUnique({
    where: { id: input.id },
    select: { id: true, status: true, secret: true, eventId: true, labels: true },
  });
  if (!before) throw new AppError('NOT_FOUND', 'No such ticket.');
  const now = deps.clock.now();
  if (input.status && input.status !== before.status) {
    if (before.status === 'REFUNDED') throw new AppError('INVALID_STATE', 'A refunded ticket cannot change status.');
  } else if (input.status) {
    throw new AppError('INVALID_STATE', `This ticket is already ${before.status.toLowerCase()}.`);
  }
  await deps.db.$transaction(async (tx) => {
    if (input.status === 'VOID') {
      const done = await tx.ticket.updateMany({
        where: { id: input.id, status: 'VALID', secret: before.secret },
        data: { status: 'VOID', inside: false, updatedAt: now },
      });
      if (done.count === 0) throw new AppError('INVALID_STATE', 'This ticket changed meanwhile: reload it.');
      await tx.ticketRevocation.createMany({
        data: [
          {
            eventId: before.eventId,
            ticketId: input.id,
            secretHash: secretHashOf(before.secret),
            reason: 'VOIDED',
            revokedAt: now,
          },
        ],
        skipDuplicates: true,
      });
    } else if (input.status === 'VALID') {
      const done = await tx.ticket.updateMany({
        where: { id: input.id, status: 'VOID' },
        data: { status: 'VALID', secret: newTicketSecret(), updatedAt: now },
      });
      if (done.count === 0) throw new AppError('INVALID_STATE', 'This ticket changed meanwhile: reload it.');
    }
    if (input.labels !== undefined) {
      await tx.ticket.update({ where: { id: input.id }, data: { labels: input.labels, updatedAt: now } });
    }
  });
  await recordAudit(deps.db, {
    action:
      input.status === 'VOID' ? 'ticket.voided' : input.status === 'VALID' ? 'ticket.reinstated' : 'ticket.updated',
    actor: auditActor(actor),
    target: { type: 'ticket', id: input.id },
    before: { status: before.status, labels: before.labels },
    after: {
      status: input.status ?? before.status,
      labels: input.labels ?? before.labels,
      ...(input.reason ? { reason: input.reason } : {}),
    },
    meta,
  });
  return getAdminTicket(deps, input.id);
}

/**
 * `POST /api/tickets/{id}/check-in/`: a manual admission by the admin at `gateId` (optional,
 * a gate of the event's venue), decided and recorded by the gate's `recordScan` with method
 * MANUAL: the answer may be a refusal (ALREADY_SCANNED, VOID, SCANNING_DISABLED, …), stored
 * like any scan. Errors: NOT_FOUND; VALIDATION_FAILED (gate of another venue).
 */
export async function adminCheckIn(
  deps: Deps,
  actor: Actor,
  input: { id: string; gateId?: string | undefined },
  meta: AuditMeta,
) {
  const t = await deps.db.ticket.findUnique({
    where: { id: input.id },
    select: { id: true, secret: true, eventId: true, event: { select: { signingSeed: true } } },
  });
  if (!t) throw new AppError('NOT_FOUND', 'No such ticket.');
  const qr = signTicketSecret(new Uint8Array(t.event.signingSeed), t.eventId, t.secret);
  const scan = await recordScan(
    deps,
    { id: actor.user.id, eventId: t.eventId, gateId: null },
    { qr, method: 'MANUAL', ...(input.gateId ? { gateId: input.gateId } : {}), direction: 'ENTRY' },
  );
  await recordAudit(deps.db, {
    action: 'ticket.checked_in_manually',
    actor: auditActor(actor),
    target: { type: 'ticket', id: t.id },
    after: { result: scan.result, reason: scan.reason, checkInId: scan.checkInId, gateId: input.gateId ?? null },
    meta,
  });
  return {
    checkInId: scan.checkInId,
    result: scan.result,
    reason: scan.reason,
    message: scan.message,
    firstCheckedInAt: scan.firstCheckedInAt,
  };
}

/**
 * Gives a VALID ticket to `newHolder` inside `tx`: locks the ticket, puts its current secret on
 * the revocation list (reason `reason`, default TRANSFERRED), and writes the new holder,
 * attendee name and a fresh secret in one conditional UPDATE (`WHERE status = 'VALID' AND
 * secret = <old>`), so two concurrent transfers cannot both succeed; a customer's PENDING offer
 * of the ticket is cancelled. The old QR is refused at
 * the gate (REVOKED) from then on, online and — after the revocation sync — offline.
 * Errors: NOT_FOUND; INVALID_STATE (not VALID, or changed meanwhile).
 * Source: seed 003 Plan 1 "Transfer/Gift" (the secret is re-issued and the old one revoked).
 */
export async function reissueTicketTo(
  tx: Tx,
  ticketId: string,
  newHolder: { id: string; attendeeName: string },
  opts: { now: Date; reason?: string },
): Promise<{ oldHolderId: string; secret: string }> {
  const [t] = await tx.$queryRaw<{ id: string; status: string; secret: string; eventId: string; holderId: string }[]>`
    SELECT "id", "status"::text AS "status", "secret", "eventId", "holderId" FROM "Ticket"
    WHERE "id" = ${ticketId}::uuid FOR UPDATE`;
  if (!t) throw new AppError('NOT_FOUND', 'No such ticket.');
  if (t.status !== 'VALID') throw new AppError('INVALID_STATE', `This ticket is ${t.status.toLowerCase()}.`);
  const secret = newTicketSecret();
  const done = await tx.ticket.updateMany({
    where: { id: ticketId, status: 'VALID', secret: t.secret },
    data: {
      holderId: newHolder.id,
      attendeeName: newHolder.attendeeName,
      secret,
      inside: false,
      updatedAt: opts.now,
    },
  });
  if (done.count === 0) throw new AppError('INVALID_STATE', 'This ticket changed meanwhile.');
  // a customer's pending offer of this ticket (customer-extras transfers) is void now
  await tx.ticketTransfer.updateMany({
    where: { ticketId, status: 'PENDING' },
    data: { status: 'CANCELLED', respondedAt: opts.now },
  });
  await tx.ticketRevocation.create({
    data: {
      eventId: t.eventId,
      ticketId,
      secretHash: secretHashOf(t.secret),
      reason: opts.reason ?? 'TRANSFERRED',
      revokedAt: opts.now,
    },
  });
  return { oldHolderId: t.holderId, secret };
}

/**
 * `POST /api/tickets/{id}/transfer/`: moves a VALID, not yet admitted ticket to the ACTIVE
 * customer with `mobile` (`reissueTicketTo`). Errors: NOT_FOUND (ticket); VALIDATION_FAILED
 * `mobile` (no such customer, or already the holder); INVALID_STATE (not VALID, or admitted).
 */
export async function adminTransferTicket(
  deps: Deps,
  actor: Actor,
  input: { id: string; mobile: string; attendeeName?: string | undefined; reason: string },
  meta: AuditMeta,
): Promise<TAdminTicketDetail> {
  const t = await deps.db.ticket.findUnique({
    where: { id: input.id },
    select: { id: true, status: true, holderId: true, checkedInAt: true, attendeeName: true },
  });
  if (!t) throw new AppError('NOT_FOUND', 'No such ticket.');
  const to = await deps.db.user.findFirst({
    where: { mobile: input.mobile, role: 'CUSTOMER', status: 'ACTIVE', deletedAt: null },
    select: { id: true, firstName: true, lastName: true },
  });
  if (!to) {
    throw new AppError('VALIDATION_FAILED', 'No active customer has this mobile number.', {
      mobile: ['No active customer with this number'],
    });
  }
  if (to.id === t.holderId) {
    throw new AppError('VALIDATION_FAILED', 'This customer already holds the ticket.', {
      mobile: ['Already the holder'],
    });
  }
  if (t.status !== 'VALID') throw new AppError('INVALID_STATE', `This ticket is ${t.status.toLowerCase()}.`);
  if (t.checkedInAt) throw new AppError('INVALID_STATE', 'This ticket was already used at the gate.');
  const attendeeName = input.attendeeName ?? `${to.firstName} ${to.lastName}`.trim();
  const now = deps.clock.now();
  const { oldHolderId } = await deps.db.$transaction((tx) =>
    reissueTicketTo(tx, t.id, { id: to.id, attendeeName }, { now, reason: 'TRANSFERRED' }),
  );
  await recordAudit(deps.db, {
    action: 'ticket.transferred_by_admin',
    actor: auditActor(actor),
    target: { type: 'ticket', id: t.id },
    before: { holderId: oldHolderId, attendeeName: t.attendeeName },
    after: { holderId: to.id, attendeeName, reason: input.reason },
    meta,
  });
  return getAdminTicket(deps, t.id);
}
