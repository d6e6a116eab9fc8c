/**
 * Refund requests (seed 003 `POST /api/v1/users/tickets/:id/refund-request/`; issue 4): a
 * customer asks, the event's organizer or an admin approves (→ a refund under the quoted fee) or
 * rejects with a reason; the customer may withdraw a pending request. One pending request per
 * order (partial unique index `RefundRequest_one_pending_per_order`). Decisions are conditional
 * UPDATEs from PENDING, in the same transaction as the refund they create, so two approvers
 * racing produce exactly one refund and the loser gets CONFLICT.
 */
import type {
  TCreateRefundRequestInput,
  TPage,
  TRefundRequest,
  TRefundRequestListInput,
  TRefundRequestStatus,
} from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notify } from '../notifications/notification.service.ts';
import { pageOf, pageWindow } from '../pagination.ts';
import { quoteRefund } from './refund-policy.ts';
import { createRefundIn, isUniqueViolation, pushRealtime, submitInline } from './refunds.service.ts';
import { type AuditMeta, auditActor, type StaffScope, staffScope } from './scope.ts';

const requestSelect = {
  id: true,
  orderId: true,
  eventId: true,
  ticketIds: true,
  status: true,
  reason: true,
  amountMinor: true,
  feeMinor: true,
  currency: true,
  decisionNote: true,
  decidedAt: true,
  refundId: true,
  createdAt: true,
  customerId: true,
  customer: { select: { firstName: true, lastName: true } },
  refund: { select: { status: true } },
  order: {
    select: {
      code: true,
      lines: {
        select: { ticketCategory: { select: { event: { select: { title: true, organizerId: true } } } } },
        take: 1,
      },
    },
  },
} satisfies Prisma.RefundRequestSelect;
type RequestRow = Prisma.RefundRequestGetPayload<{ select: typeof requestSelect }>;

const eventOf = (r: RequestRow) => r.order.lines[0]?.ticketCategory?.event ?? null;

function toRequest(r: RequestRow): TRefundRequest {
  return {
    id: r.id,
    orderId: r.orderId,
    orderCode: r.order.code,
    eventId: r.eventId,
    eventTitle: eventOf(r)?.title ?? null,
    customerName: `${r.customer.firstName} ${r.customer.lastName}`.trim(),
    ticketIds: r.ticketIds,
    status: r.status,
    reason: r.reason,
    amountMinor: r.amountMinor,
    feeMinor: r.feeMinor,
    currency: r.currency,
    decisionNote: r.decisionNote,
    decidedAt: r.decidedAt,
    refundId: r.refundId,
    refundStatus: r.refund?.status ?? null,
    createdAt: r.createdAt,
  };
}

/** Requests the scope reaches: an organizer's own events' (through the order's event), or all. */
function scopeWhere(scope: StaffScope): Prisma.RefundRequestWhereInput {
  return scope.kind === 'all'
    ? {}
    : { order: { lines: { some: { ticketCategory: { event: { organizerId: scope.organizerId } } } } } };
}

async function loadInScope(deps: Deps, scope: StaffScope, id: string): Promise<RequestRow> {
  const row = await deps.db.refundRequest.findFirst({ where: { id, ...scopeWhere(scope) }, select: requestSelect });
  if (!row) throw new AppError('NOT_FOUND', 'No such refund request.');
  return row;
}

// ───────────────────────────── customers ─────────────────────────────

/**
 * `POST /api/v1/users/tickets/{id}/refund-request/`: asks for a refund of the ticket (and, in
 * `ticketIds`, other tickets of the same order) with a reason (3..1000 characters). The request
 * carries the quote (amount, fee) under the policy at this moment; the organizer is notified.
 * Errors: NOT_FOUND (someone else's ticket), INVALID_STATE with the policy's reason when not
 * allowed, CONFLICT when the order already has a pending request.
 */
export async function createRefundRequest(
  deps: Deps,
  actor: Actor,
  input: TCreateRefundRequestInput,
): Promise<TRefundRequest> {
  const quote = await quoteRefund(deps, actor, { ticketIds: [input.id, ...(input.ticketIds ?? [])] });
  if (!quote.allowed) throw new AppError('INVALID_STATE', quote.refusal ?? 'A refund is not possible.');
  let created: { id: string; realtime: RealtimeMessage[] };
  try {
    created = await deps.db.$transaction(async (tx) => {
      const request = await tx.refundRequest.create({
        data: {
          orderId: quote.orderId,
          customerId: actor.user.id,
          ticketIds: quote.ticketIds,
          eventId: quote.eventId,
          reason: input.reason,
          amountMinor: quote.amountMinor,
          feeMinor: quote.feeMinor,
          currency: quote.currency,
          createdAt: deps.clock.now(),
        },
        select: { id: true },
      });
      const event = await tx.event.findUniqueOrThrow({
        where: { id: quote.eventId },
        select: { title: true, organizerId: true },
      });
      const staff = await tx.user.findMany({
        where: { role: 'ORGANIZER', status: 'ACTIVE', organizerId: event.organizerId },
        select: { id: true },
      });
      const realtime: RealtimeMessage[] = [];
      for (const u of staff) {
        const sent = await notify(deps, tx, {
          userId: u.id,
          kind: 'refund.requested',
          vars: {
            orderCode: quote.orderCode,
            eventTitle: event.title,
            tickets: quote.ticketIds.length,
            reason: input.reason,
          },
        });
        realtime.push(...sent.realtime);
      }
      return { id: request.id, realtime };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', 'You already have a pending refund request for this order.');
    }
    throw err;
  }
  pushRealtime(deps, created.realtime);
  return toRequest(await deps.db.refundRequest.findUniqueOrThrow({ where: { id: created.id }, select: requestSelect }));
}

/** `GET /api/v1/users/refund-requests/`: the customer's own requests, newest first. */
export async function listOwnRefundRequests(
  deps: Deps,
  actor: Actor,
  input: { page: number; pageSize: number; status?: TRefundRequestStatus },
): Promise<TPage<TRefundRequest>> {
  const where: Prisma.RefundRequestWhereInput = {
    customerId: actor.user.id,
    ...(input.status ? { status: input.status } : {}),
  };
  const [total, rows] = await Promise.all([
    deps.db.refundRequest.count({ where }),
    deps.db.refundRequest.findMany({
      where,
      select: requestSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...pageWindow(input),
    }),
  ]);
  return pageOf(rows.map(toRequest), total, input);
}

/**
 * `POST /api/v1/users/refund-requests/{id}/withdraw/`: PENDING → WITHDRAWN (conditional UPDATE).
 * Errors: NOT_FOUND (unknown or someone else's), INVALID_STATE (already decided).
 */
export async function withdrawRefundRequest(deps: Deps, actor: Actor, id: string): Promise<TRefundRequest> {
  const { count } = await deps.db.refundRequest.updateMany({
    where: { id, customerId: actor.user.id, status: 'PENDING' },
    data: { status: 'WITHDRAWN', decidedAt: deps.clock.now(), decidedById: actor.user.id },
  });
  const row = await deps.db.refundRequest.findFirst({
    where: { id, customerId: actor.user.id },
    select: requestSelect,
  });
  if (!row) throw new AppError('NOT_FOUND', 'No such refund request.');
  if (count === 0) throw new AppError('INVALID_STATE', `This request is already ${row.status.toLowerCase()}.`);
  return toRequest(row);
}

// ───────────────────────────── organizers and admins ─────────────────────────────

/**
 * `GET /api/organizer/refund-requests/` (own events) and the admins' list (all): newest first,
 * filters status and event.
 */
export async function listRefundRequests(
  deps: Deps,
  actor: Actor,
  input: TRefundRequestListInput,
): Promise<TPage<TRefundRequest>> {
  const where: Prisma.RefundRequestWhereInput = {
    ...scopeWhere(staffScope(actor)),
    ...(input.status ? { status: input.status } : {}),
    ...(input.eventId ? { eventId: input.eventId } : {}),
  };
  const [total, rows] = await Promise.all([
    deps.db.refundRequest.count({ where }),
    deps.db.refundRequest.findMany({
      where,
      select: requestSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...pageWindow(input),
    }),
  ]);
  return pageOf(rows.map(toRequest), total, input);
}

/** The request just decided, by the scope's rules. */
async function decided(deps: Deps, scope: StaffScope, id: string) {
  return toRequest(await loadInScope(deps, scope, id));
}

/**
 * Approves a PENDING request: in ONE transaction the request becomes APPROVED (conditional
 * UPDATE; a second approver gets CONFLICT) and the refund is created for its tickets with the
 * fee quoted to the customer (Refund key `refund-request:<id>`); then the refund is submitted
 * (offline: SUCCEEDED at once). The customer is notified (`refund.approved`), the decision
 * audited. Errors: NOT_FOUND (unknown or another organizer's), CONFLICT (already decided),
 * INVALID_STATE (a ticket transferred to another customer, used or refunded since; nothing changes).
 */
export async function approveRefundRequest(
  deps: Deps,
  actor: Actor,
  input: { id: string; note?: string },
  meta?: AuditMeta,
): Promise<TRefundRequest> {
  const scope = staffScope(actor);
  const request = await loadInScope(deps, scope, input.id);
  const now = deps.clock.now();
  const outcome = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.refundRequest.updateMany({
      where: { id: request.id, status: 'PENDING' },
      data: { status: 'APPROVED', decidedById: actor.user.id, decidedAt: now, decisionNote: input.note ?? null },
    });
    if (count === 0) throw new AppError('CONFLICT', 'This request was already decided.');
    // a ticket given away since the request (customer-extras transfers lock the ticket row the
    // same way) now belongs to someone else: refunding the buyer would revoke the recipient's ticket
    await tx.$queryRaw`SELECT "id" FROM "Ticket" WHERE "id" = ANY(${request.ticketIds}::uuid[]) ORDER BY "id" FOR UPDATE`;
    const transferred = await tx.ticket.findMany({
      where: { id: { in: request.ticketIds }, holderId: { not: request.customerId } },
      select: { id: true },
    });
    if (transferred.length > 0) {
      throw new AppError('INVALID_STATE', 'A ticket of this request was transferred to someone else since.', {
        ticketIds: transferred.map((t) => t.id),
      });
    }
    const { refundId } = await createRefundIn(tx, deps, {
      orderId: request.orderId,
      ticketIds: request.ticketIds,
      reason: 'REQUESTED_BY_CUSTOMER',
      note: input.note ?? request.reason,
      initiatedById: actor.user.id,
      key: `refund-request:${request.id}`,
      applyFee: true,
      feeMinor: request.feeMinor,
    });
    await tx.refundRequest.update({ where: { id: request.id }, data: { refundId } });
    const amount = await tx.refund.findUniqueOrThrow({
      where: { id: refundId },
      select: { amountMinor: true, currency: true },
    });
    const sent = await notify(deps, tx, {
      userId: request.customerId,
      kind: 'refund.approved',
      vars: {
        orderCode: request.order.code,
        eventTitle: eventOf(request)?.title ?? 'your event',
        amountMinor: amount.amountMinor,
        currency: amount.currency,
      },
    });
    await recordAudit(tx, {
      action: 'refund_request.approved',
      actor: auditActor(actor),
      target: { type: 'RefundRequest', id: request.id },
      before: { status: 'PENDING' },
      after: { status: 'APPROVED', refundId, amountMinor: amount.amountMinor, note: input.note ?? null },
      meta,
    });
    return { refundId, realtime: sent.realtime };
  });
  pushRealtime(deps, outcome.realtime);
  await submitInline(deps, outcome.refundId);
  return decided(deps, scope, request.id);
}

/**
 * Rejects a PENDING request with a reason (3..1000 characters) the customer sees
 * (`refund.rejected`; `decisionNote`). Conditional UPDATE; audited.
 * Errors: NOT_FOUND (unknown or another organizer's), CONFLICT (already decided).
 */
export async function rejectRefundRequest(
  deps: Deps,
  actor: Actor,
  input: { id: string; reason: string },
  meta?: AuditMeta,
): Promise<TRefundRequest> {
  const scope = staffScope(actor);
  const request = await loadInScope(deps, scope, input.id);
  const realtime = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.refundRequest.updateMany({
      where: { id: request.id, status: 'PENDING' },
      data: {
        status: 'REJECTED',
        decidedById: actor.user.id,
        decidedAt: deps.clock.now(),
        decisionNote: input.reason,
      },
    });
    if (count === 0) throw new AppError('CONFLICT', 'This request was already decided.');
    const sent = await notify(deps, tx, {
      userId: request.customerId,
      kind: 'refund.rejected',
      vars: {
        orderCode: request.order.code,
        eventTitle: eventOf(request)?.title ?? 'your event',
        reason: input.reason,
      },
    });
    await recordAudit(tx, {
      action: 'refund_request.rejected',
      actor: auditActor(actor),
      target: { type: 'RefundRequest', id: request.id },
      before: { status: 'PENDING' },
      after: { status: 'REJECTED', reason: input.reason },
      meta,
    });
    return sent.realtime;
  });
  pushRealtime(deps, realtime);
  return decided(deps, scope, request.id);
}
