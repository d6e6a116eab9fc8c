/**
 * Ticket transfer and gift (seed 003 Plan 1 Phase 4 `POST /api/v1/users/tickets/:id/transfer/`
 * and `…/gift/`; ADR 0020). A holder offers one ticket to another registered customer by mobile
 * number; the offer is a PENDING TicketTransfer until the recipient accepts or declines, the sender
 * cancels, or it expires (72 hours, or the event's start if sooner). At most one PENDING offer per
 * ticket: the partial unique index `TicketTransfer_one_pending` decides, not a prior read.
 *
 * Accepting is one transaction:
 *   1. the offer PENDING → ACCEPTED by a conditional UPDATE (recipient, not expired): a second
 *      accept, a decline or the sender's cancel racing it finds nothing to update;
 *   2. the ticket row locked (FOR UPDATE) and re-checked: still VALID, never scanned, held by the
 *      sender, event not started, no pending refund request;
 *   3. the ticket moves to the recipient with a NEW secret (`newTicketSecret`), the OLD secret's
 *      SHA-256 goes on the revocation list (reason TRANSFERRED) and `updatedAt` moves, so gate
 *      devices refuse the old QR code online (scan → INVALID/REVOKED) and offline (revocation list
 *      and attendee delta sync) — the approach of pretix's secret re-issue on transfer.
 * Any failed check rolls the whole transaction back (the offer stays PENDING until it expires).
 */
import type {
  TGiftTicketInput,
  TPage,
  TTicketTransfer,
  TTicketTransferStatus,
  TTransferListInput,
} from '@admit/shared';
import { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notify } from '../notifications/notification.service.ts';
import type { Tx } from '../orders/capacity.ts';
import { pageOf, pageWindow } from '../pagination.ts';
import { isUniqueViolation, secretHash } from '../refunds/refunds.service.ts';
import { newTicketSecret } from '../tickets/ticket-secret.ts';

/** How long an offer stays open (ADR 0020), unless the event starts sooner. */
export const TRANSFER_TTL_MS = 72 * 3600_000;

const transferSelect = {
  id: true,
  kind: true,
  status: true,
  message: true,
  expiresAt: true,
  respondedAt: true,
  createdAt: true,
  fromUserId: true,
  toUserId: true,
  from: { select: { firstName: true, lastName: true } },
  to: { select: { firstName: true, lastName: true, mobile: true } },
  ticket: {
    select: {
      id: true,
      reference: true,
      ticketCategory: { select: { name: true } },
      event: {
        select: {
          id: true,
          title: true,
          startsAt: true,
          venue: { select: { name: true, city: true, timeZone: true } },
        },
      },
    },
  },
} satisfies Prisma.TicketTransferSelect;
type TransferRow = Prisma.TicketTransferGetPayload<{ select: typeof transferSelect }>;

const fullName = (u: { firstName: string; lastName: string }) => `${u.firstName} ${u.lastName}`.trim();

/** PENDING past its expiry reads EXPIRED (rows are marked lazily, see `expireStale`). */
function effectiveStatus(r: { status: TTicketTransferStatus; expiresAt: Date }, now: Date): TTicketTransferStatus {
  return r.status === 'PENDING' && r.expiresAt <= now ? 'EXPIRED' : r.status;
}

function toTransfer(r: TransferRow, now: Date, viewerId: string): TTicketTransfer {
  const e = r.ticket.event;
  return {
    id: r.id,
    kind: r.kind,
    status: effectiveStatus(r, now),
    message: r.message,
    expiresAt: r.expiresAt,
    respondedAt: r.respondedAt,
    createdAt: r.createdAt,
    from: { name: fullName(r.from) },
    to: { name: fullName(r.to), mobile: viewerId === r.fromUserId ? r.to.mobile : null },
    ticket: {
      id: r.ticket.id,
      reference: r.ticket.reference,
      categoryName: r.ticket.ticketCategory.name,
      event: {
        id: e.id,
        title: e.title,
        startsAt: e.startsAt,
        venueName: e.venue.name,
        city: e.venue.city,
        timeZone: e.venue.timeZone,
      },
    },
  };
}

/** Marks a ticket's lapsed PENDING offers EXPIRED (frees the one-pending index for a new offer). */
async function expireStale(db: Tx | Deps['db'], where: Prisma.TicketTransferWhereInput, now: Date): Promise<void> {
  await db.ticketTransfer.updateMany({
    where: { ...where, status: 'PENDING', expiresAt: { lte: now } },
    data: { status: 'EXPIRED' },
  });
}

interface TransferableTicket {
  id: string;
  eventId: string;
  status: string;
  checkedInAt: Date | null;
  entries: number;
  event: { title: string; startsAt: Date; status: string };
}

/**
 * Why this ticket may not change hands now (null: it may). Source: seed 003 Plan 1 "Transfer",
 * ADR 0020 — a scanned, refunded or voided ticket, a past or cancelled event, a pending refund.
 */
async function refusal(db: Tx | Deps['db'], t: TransferableTicket, now: Date): Promise<string | null> {
  if (t.status === 'REFUNDED') return 'This ticket was refunded.';
  if (t.status !== 'VALID') return 'This ticket is void.';
  if (t.checkedInAt !== null || t.entries > 0) return 'This ticket has already been scanned at the gate.';
  if (t.event.status !== 'PUBLISHED') return 'This event was cancelled.';
  if (t.event.startsAt <= now) return 'This event has already started.';
  const pendingRefund = await db.refundRequest.count({ where: { status: 'PENDING', ticketIds: { has: t.id } } });
  if (pendingRefund > 0) return 'This ticket has a pending refund request: withdraw it first.';
  return null;
}

const ticketCheckSelect = {
  id: true,
  eventId: true,
  holderId: true,
  status: true,
  checkedInAt: true,
  entries: true,
  event: { select: { title: true, startsAt: true, status: true } },
} satisfies Prisma.TicketSelect;

/**
 * `POST /api/v1/users/tickets/{id}/transfer/` (`gift: false`) and `…/gift/` (`gift: true`, with
 * an optional message): offers the caller's ticket to the customer with `mobile`. The recipient
 * gets a `ticket.transfer_offered` notification. Returns the PENDING offer.
 * Errors: NOT_FOUND (not the caller's ticket); VALIDATION_FAILED `{ mobile }` (no active customer
 * with that number, or the caller's own); INVALID_STATE (see `refusal`); CONFLICT (an offer for
 * this ticket is already pending).
 */
export async function offerTicket(
  deps: Deps,
  actor: Actor,
  input: TGiftTicketInput,
  kind: 'TRANSFER' | 'GIFT',
): Promise<TTicketTransfer> {
  const now = deps.clock.now();
  const ticket = await deps.db.ticket.findUnique({ where: { id: input.id }, select: ticketCheckSelect });
  if (!ticket || ticket.holderId !== actor.user.id) throw new AppError('NOT_FOUND', 'No such ticket.');
  const refused = await refusal(deps.db, ticket, now);
  if (refused) throw new AppError('INVALID_STATE', refused);
  if (input.mobile === actor.user.mobile) {
    throw new AppError('VALIDATION_FAILED', 'You already hold this ticket.', {
      mobile: ['This is your own number'],
    });
  }
  const recipient = await deps.db.user.findUnique({
    where: { mobile: input.mobile },
    select: { id: true, role: true, status: true, deletedAt: true, firstName: true, lastName: true },
  });
  if (recipient?.role !== 'CUSTOMER' || recipient.status !== 'ACTIVE' || recipient.deletedAt) {
    throw new AppError('VALIDATION_FAILED', 'No Admit customer has this number.', {
      mobile: ['No active Admit customer has this number'],
    });
  }
  if (recipient.id === actor.user.id) {
    throw new AppError('VALIDATION_FAILED', 'You already hold this ticket.', { mobile: ['This is your own number'] });
  }
  const expiresAt = new Date(Math.min(now.getTime() + TRANSFER_TTL_MS, ticket.event.startsAt.getTime()));
  let created: { id: string; realtime: RealtimeMessage[] };
  try {
    created = await deps.db.$transaction(async (tx) => {
      await expireStale(tx, { ticketId: ticket.id }, now);
      const row = await tx.ticketTransfer.create({
        data: {
          ticketId: ticket.id,
          kind,
          fromUserId: actor.user.id,
          toUserId: recipient.id,
          message: kind === 'GIFT' ? (input.message ?? null) : null,
          expiresAt,
          createdAt: now,
        },
        select: { id: true },
      });
      const sent = await notify(deps, tx, {
        userId: recipient.id,
        kind: 'ticket.transfer_offered',
        vars: {
          eventTitle: ticket.event.title,
          fromName: fullName(actor.user),
          gift: kind === 'GIFT',
          ...(kind === 'GIFT' && input.message ? { message: input.message } : {}),
          expiresAt: expiresAt.toISOString(),
        },
      });
      return { id: row.id, realtime: sent.realtime };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', 'This ticket already has a pending transfer: cancel it first.', {
        id: ['A transfer is already pending'],
      });
    }
    throw err;
  }
  deps.realtime.push(...created.realtime);
  const row = await deps.db.ticketTransfer.findUniqueOrThrow({ where: { id: created.id }, select: transferSelect });
  return toTransfer(row, now, actor.user.id);
}

/**
 * `GET /api/v1/users/transfers/incoming/` and `…/outgoing/`: offers to / from the caller, newest
 * first; `status` filters by the effective status (PENDING excludes lapsed ones, EXPIRED includes them).
 */
export async function listTransfers(
  deps: Deps,
  actor: Actor,
  direction: 'incoming' | 'outgoing',
  input: TTransferListInput,
): Promise<TPage<TTicketTransfer>> {
  const now = deps.clock.now();
  const mine: Prisma.TicketTransferWhereInput =
    direction === 'incoming' ? { toUserId: actor.user.id } : { fromUserId: actor.user.id };
  const byStatus: Prisma.TicketTransferWhereInput =
    input.status === 'PENDING'
      ? { status: 'PENDING', expiresAt: { gt: now } }
      : input.status === 'EXPIRED'
        ? { OR: [{ status: 'EXPIRED' }, { status: 'PENDING', expiresAt: { lte: now } }] }
        : input.status
          ? { status: input.status }
          : {};
  const where: Prisma.TicketTransferWhereInput = { AND: [mine, byStatus] };
  const [total, rows] = await Promise.all([
    deps.db.ticketTransfer.count({ where }),
    deps.db.ticketTransfer.findMany({
      where,
      select: transferSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...pageWindow(input),
    }),
  ]);
  return pageOf(
    rows.map((r) => toTransfer(r, now, actor.user.id)),
    total,
    input,
  );
}

/** After a conditional UPDATE matched nothing: NOT_FOUND (not the caller's) or INVALID_STATE. */
async function explainMiss(deps: Deps, id: string, party: Prisma.TicketTransferWhereInput, now: Date): Promise<never> {
  const row = await deps.db.ticketTransfer.findFirst({
    where: { id, ...party },
    select: { status: true, expiresAt: true },
  });
  if (!row) throw new AppError('NOT_FOUND', 'No such transfer.');
  const status = effectiveStatus(row, now);
  throw new AppError(
    'INVALID_STATE',
    status === 'EXPIRED' ? 'This transfer has expired.' : `This transfer is already ${status.toLowerCase()}.`,
  );
}

/**
 * `POST /api/v1/users/transfers/{id}/accept/` (recipient): the ticket becomes the caller's with a
 * new QR code; the old one is revoked (see the file comment). Returns the offer and the ticket id.
 * The sender gets `ticket.transferred`.
 * Errors: NOT_FOUND (not offered to the caller); INVALID_STATE (no longer pending, expired, or the
 * ticket can no longer change hands — scanned, refunded, event started, pending refund request).
 */
export async function acceptTransfer(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<{ transfer: TTicketTransfer; ticketId: string }> {
  const now = deps.clock.now();
  const party = { toUserId: actor.user.id };
  const result = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.ticketTransfer.updateMany({
      where: { id, ...party, status: 'PENDING', expiresAt: { gt: now } },
      data: { status: 'ACCEPTED', respondedAt: now },
    });
    if (count === 0) return null;
    const offer = await tx.ticketTransfer.findUniqueOrThrow({
      where: { id },
      select: { ticketId: true, fromUserId: true, to: { select: { firstName: true, lastName: true } } },
    });
    // lock the ticket: a concurrent scan, refund or second transfer of it waits for this commit
    const [locked] = await tx.$queryRaw<{ secret: string }[]>(
      Prisma.sql`SELECT "secret" FROM "Ticket" WHERE "id" = ${offer.ticketId}::uuid FOR UPDATE`,
    );
    const ticket = await tx.ticket.findUniqueOrThrow({ where: { id: offer.ticketId }, select: ticketCheckSelect });
    if (!locked || ticket.holderId !== offer.fromUserId) {
      throw new AppError('INVALID_STATE', 'The sender no longer holds this ticket.');
    }
    const refused = await refusal(tx, ticket, now);
    if (refused) throw new AppError('INVALID_STATE', refused);
    const moved = await tx.ticket.updateMany({
      where: {
        id: ticket.id,
        holderId: offer.fromUserId,
        secret: locked.secret,
        status: 'VALID',
        checkedInAt: null,
        entries: 0,
      },
      data: {
        holderId: actor.user.id,
        attendeeName: fullName(offer.to),
        secret: newTicketSecret(),
        inside: false,
        updatedAt: now,
      },
    });
    if (moved.count !== 1) throw new AppError('INVALID_STATE', 'This ticket can no longer be transferred.');
    await tx.ticketRevocation.create({
      data: {
        eventId: ticket.eventId,
        ticketId: ticket.id,
        secretHash: secretHash(locked.secret),
        reason: 'TRANSFERRED',
        revokedAt: now,
      },
    });
    await recordAudit(tx, {
      action: 'ticket.transferred',
      actor: actor.user,
      target: { type: 'ticket', id: ticket.id },
      before: { holderId: offer.fromUserId },
      after: { holderId: actor.user.id, transferId: id },
    });
    const sent = await notify(deps, tx, {
      userId: offer.fromUserId,
      kind: 'ticket.transferred',
      vars: { eventTitle: ticket.event.title, toName: fullName(offer.to), tickets: 1 },
    });
    return { ticketId: ticket.id, realtime: sent.realtime };
  });
  if (!result) return explainMiss(deps, id, party, now);
  deps.realtime.push(...result.realtime);
  const row = await deps.db.ticketTransfer.findUniqueOrThrow({ where: { id }, select: transferSelect });
  return { transfer: toTransfer(row, now, actor.user.id), ticketId: result.ticketId };
}

/**
 * `POST /api/v1/users/transfers/{id}/decline/` (recipient): PENDING → DECLINED; the ticket stays
 * with the sender, unchanged, and the sender gets `ticket.transfer_declined`.
 * Errors: NOT_FOUND, INVALID_STATE (already answered, cancelled or expired).
 */
export async function declineTransfer(deps: Deps, actor: Actor, id: string): Promise<TTicketTransfer> {
  const now = deps.clock.now();
  const party = { toUserId: actor.user.id };
  const realtime = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.ticketTransfer.updateMany({
      where: { id, ...party, status: 'PENDING', expiresAt: { gt: now } },
      data: { status: 'DECLINED', respondedAt: now },
    });
    if (count === 0) return null;
    const row = await tx.ticketTransfer.findUniqueOrThrow({ where: { id }, select: transferSelect });
    const sent = await notify(deps, tx, {
      userId: row.fromUserId,
      kind: 'ticket.transfer_declined',
      vars: { eventTitle: row.ticket.event.title, toName: fullName(row.to) },
    });
    return sent.realtime;
  });
  if (!realtime) return explainMiss(deps, id, party, now);
  deps.realtime.push(...realtime);
  const row = await deps.db.ticketTransfer.findUniqueOrThrow({ where: { id }, select: transferSelect });
  return toTransfer(row, now, actor.user.id);
}

/**
 * `POST /api/v1/users/transfers/{id}/cancel/` (sender): PENDING → CANCELLED, if the recipient has
 * not answered yet. Errors: NOT_FOUND, INVALID_STATE (already accepted, declined or expired).
 */
export async function cancelTransfer(deps: Deps, actor: Actor, id: string): Promise<TTicketTransfer> {
  const now = deps.clock.now();
  const party = { fromUserId: actor.user.id };
  const { count } = await deps.db.ticketTransfer.updateMany({
    where: { id, ...party, status: 'PENDING', expiresAt: { gt: now } },
    data: { status: 'CANCELLED', respondedAt: now },
  });
  if (count === 0) return explainMiss(deps, id, party, now);
  const row = await deps.db.ticketTransfer.findUniqueOrThrow({ where: { id }, select: transferSelect });
  return toTransfer(row, now, actor.user.id);
}
