/**
 * Organizer payouts (issue 4; seed 003 Plan 2 Phase 8 `GET /api/payouts/`, Plan 3 Phase 5
 * `GET /api/organizer/payouts/…`). A payout draws one event's available settlement:
 *
 *   create    PENDING, net = what is available now (settlement.ts); one PENDING per event.
 *             Decided under a row lock on the event's payable ledger account, so two admins
 *             (or two instances) cannot both create one, and a payment posting to the same
 *             account waits for the decision.
 *   markPaid  PENDING → PAID and the ledger PAYOUT (key `payout:<id>`): Dr payable, Cr clearing;
 *             refused when refunds since creation left less owed than the payout's net.
 *   cancel    PENDING → CANCELLED (nothing was posted).
 *
 * State changes are conditional UPDATEs (`WHERE status = 'PENDING'`); every change is audited.
 * Organizers see their own organizer's payouts only (others answer NOT_FOUND).
 */
import { randomInt } from 'node:crypto';
import type { TAdminPayoutsInput, TCreatePayoutInput, TDocumentFile, TPayout, TSettlement } from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { accounts, balanceOf, ensureAccounts, type PostInput, post } from '../ledger/ledger.ts';
import { notify } from '../notifications/notification.service.ts';
import { formatMoney } from '../notifications/templates.ts';
import type { Tx } from '../orders/capacity.ts';
import { pageOf, pageWindow } from '../pagination.ts';
import { payoutInvoicePdf } from '../receipts/pdf.ts';
import { eventSettlement, settlementSubject } from './settlement.ts';

type Meta = { ip?: string; userAgent?: string; requestId?: string };

/** Serialises payout decisions for one payable account (the negative control in the race test skips it). */
export type PayableLock = (tx: Tx, code: string) => Promise<void>;

/** `SELECT … FOR UPDATE` on the payable's LedgerAccount row until the transaction ends. */
export const lockPayable: PayableLock = async (tx, code) => {
  await tx.$queryRaw`SELECT "id" FROM "LedgerAccount" WHERE "code" = ${code} FOR UPDATE`;
};

const payoutSelect = {
  id: true,
  reference: true,
  organizerId: true,
  eventId: true,
  currency: true,
  grossMinor: true,
  feesMinor: true,
  refundsMinor: true,
  netMinor: true,
  status: true,
  note: true,
  paidAt: true,
  createdAt: true,
  organizer: { select: { name: true } },
  event: { select: { title: true } },
} satisfies Prisma.PayoutSelect;
type PayoutRow = Prisma.PayoutGetPayload<{ select: typeof payoutSelect }>;

export const invoicePath = (id: string) => `/api/organizer/payouts/${id}/invoice/`;

function toPayout({ organizer, event, ...p }: PayoutRow): TPayout {
  return { ...p, organizerName: organizer.name, eventTitle: event?.title ?? null, invoiceUrl: invoicePath(p.id) };
}

/**
 * The ledger PAYOUT of a paid payout (key `payout:<id>`): Dr the event's organizer payable, Cr
 * clearing, both `netMinor`. Used by `markPayoutPaid` and the demo seed.
 */
export function payoutPosting(
  p: Pick<PayoutRow, 'id' | 'reference' | 'organizerId' | 'currency' | 'netMinor' | 'organizer' | 'event'> & {
    eventId: string;
  },
  at: Date,
  createdById?: string,
): PostInput {
  return {
    kind: 'PAYOUT',
    idempotencyKey: `payout:${p.id}`,
    description: `Payout ${p.reference} to ${p.organizer.name}${p.event ? ` for ${p.event.title}` : ''}`,
    occurredAt: at,
    payoutId: p.id,
    createdById,
    entries: [
      { account: accounts.organizerPayable(p.organizerId, p.eventId, p.currency), amountMinor: p.netMinor },
      { account: accounts.clearing(p.currency), amountMinor: -p.netMinor },
    ],
  };
}

/** `PO-<year>-<6 digits>`, unused so far (the unique index has the last word). */
export async function newReference(tx: Tx, now: Date): Promise<string> {
  for (;;) {
    const reference = `PO-${now.getUTCFullYear()}-${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    if (!(await tx.payout.findUnique({ where: { reference }, select: { id: true } }))) return reference;
  }
}

/**
 * A new payout's amounts for settlement `s`, covering what happened since the event's previous
 * paid payouts: `net` = available, `fees` = fees since, `refunds` = the rest (refunds and
 * adjustments, never negative), `gross = net + fees + refunds` (the table's CHECK).
 */
export async function payoutAmounts(tx: Tx, s: TSettlement) {
  const before = await tx.payout.aggregate({
    where: { eventId: s.eventId, status: 'PAID' },
    _sum: { grossMinor: true, feesMinor: true },
  });
  const fees = Math.max(0, s.feesMinor - (before._sum.feesMinor ?? 0));
  const refunds = Math.max(0, s.grossMinor - (before._sum.grossMinor ?? 0) - fees - s.availableMinor);
  return {
    grossMinor: s.availableMinor + fees + refunds,
    feesMinor: fees,
    refundsMinor: refunds,
    netMinor: s.availableMinor,
  };
}

/**
 * `POST /api/payouts/` { eventId, note? }: a PENDING payout of everything available for the
 * event. Amounts cover what happened since the previous paid payout: `net` = available,
 * `fees` = fees since, `refunds` = the rest (refunds and adjustments), `gross = net + fees + refunds`.
 * Errors: NOT_FOUND (event), INVALID_STATE (a payout for the event is pending; nothing available).
 */
export async function createPayout(
  deps: Deps,
  admin: Actor,
  input: TCreatePayoutInput,
  meta: Meta,
  lock: PayableLock = lockPayable,
): Promise<TPayout> {
  const now = deps.clock.now();
  const id = await deps.db.$transaction(async (tx) => {
    const { event, currency, payable } = await settlementSubject(tx, input.eventId);
    await ensureAccounts(tx, [payable]);
    await lock(tx, payable.code);
    const pending = await tx.payout.findFirst({
      where: { eventId: event.id, status: 'PENDING' },
      select: { reference: true },
    });
    if (pending) {
      throw new AppError(
        'INVALID_STATE',
        `Payout ${pending.reference} for this event is still pending: mark it paid or cancel it first.`,
      );
    }
    const s = await eventSettlement(tx, event.id);
    if (s.availableMinor <= 0) {
      throw new AppError(
        'INVALID_STATE',
        `Nothing is available to pay out (${formatMoney(s.availableMinor, currency)}).`,
      );
    }
    const created = await tx.payout.create({
      data: {
        reference: await newReference(tx, now),
        organizerId: event.organizerId,
        eventId: event.id,
        currency,
        ...(await payoutAmounts(tx, s)),
        status: 'PENDING',
        note: input.note ?? null,
        createdById: admin.user.id,
        createdAt: now,
      },
      select: { id: true, reference: true, netMinor: true },
    });
    await recordAudit(tx, {
      action: 'payout.created',
      actor: admin.user,
      target: { type: 'payout', id: created.id },
      after: { reference: created.reference, eventId: event.id, netMinor: created.netMinor, currency },
      meta,
    });
    return created.id;
  });
  return getPayout(deps, id);
}

/**
 * `POST /api/payouts/{id}/mark-paid/`: the money left; PENDING → PAID and the ledger PAYOUT
 * (Dr organizer payable, Cr clearing, key `payout:<id>`). The organizer's users are notified
 * (`payout.paid`). Errors: NOT_FOUND; INVALID_STATE (not pending, no event, or less owed now
 * than the payout's net because of refunds since it was created).
 */
export async function markPayoutPaid(deps: Deps, admin: Actor, id: string, meta: Meta): Promise<TPayout> {
  const now = deps.clock.now();
  const pushes = await deps.db.$transaction(async (tx) => {
    const p = await tx.payout.findUnique({ where: { id }, select: payoutSelect });
    if (!p) throw new AppError('NOT_FOUND', 'No such payout.');
    if (p.status !== 'PENDING') throw new AppError('INVALID_STATE', `This payout is ${p.status.toLowerCase()}.`);
    if (!p.eventId) throw new AppError('INVALID_STATE', 'This payout has no event to settle.');
    const payable = accounts.organizerPayable(p.organizerId, p.eventId, p.currency);
    await ensureAccounts(tx, [payable]);
    await lockPayable(tx, payable.code);
    const owed = 0 - (await balanceOf(tx, payable.code));
    if (owed < p.netMinor) {
      throw new AppError(
        'INVALID_STATE',
        `Only ${formatMoney(owed, p.currency)} is owed for this event now (refunds since the payout was created): cancel it and create a new one.`,
      );
    }
    const moved = await tx.payout.updateMany({
      where: { id, status: 'PENDING' },
      data: { status: 'PAID', paidAt: now },
    });
    if (moved.count === 0) throw new AppError('INVALID_STATE', 'This payout is no longer pending.');
    await post(tx, payoutPosting({ ...p, eventId: p.eventId }, now, admin.user.id));
    await recordAudit(tx, {
      action: 'payout.paid',
      actor: admin.user,
      target: { type: 'payout', id },
      before: { status: 'PENDING' },
      after: { status: 'PAID', netMinor: p.netMinor, currency: p.currency },
      meta,
    });
    const users = await tx.user.findMany({
      where: { organizerId: p.organizerId, role: 'ORGANIZER', status: 'ACTIVE' },
      select: { id: true },
    });
    const realtime: RealtimeMessage[] = [];
    for (const u of users) {
      const sent = await notify(deps, tx, {
        userId: u.id,
        kind: 'payout.paid',
        vars: {
          reference: p.reference,
          eventTitle: p.event?.title ?? '',
          amountMinor: p.netMinor,
          currency: p.currency,
        },
      });
      realtime.push(...sent.realtime);
    }
    return realtime;
  });
  deps.realtime.push(...pushes);
  return getPayout(deps, id);
}

/** `POST /api/payouts/{id}/cancel/`: PENDING → CANCELLED. Errors: NOT_FOUND, INVALID_STATE. */
export async function cancelPayout(deps: Deps, admin: Actor, id: string, meta: Meta): Promise<TPayout> {
  await deps.db.$transaction(async (tx) => {
    const p = await tx.payout.findUnique({ where: { id }, select: { status: true } });
    if (!p) throw new AppError('NOT_FOUND', 'No such payout.');
    const moved = await tx.payout.updateMany({ where: { id, status: 'PENDING' }, data: { status: 'CANCELLED' } });
    if (moved.count === 0) throw new AppError('INVALID_STATE', `This payout is ${p.status.toLowerCase()}.`);
    await recordAudit(tx, {
      action: 'payout.cancelled',
      actor: admin.user,
      target: { type: 'payout', id },
      before: { status: 'PENDING' },
      after: { status: 'CANCELLED' },
      meta,
    });
  });
  return getPayout(deps, id);
}

/** Admin: one payout. Errors: NOT_FOUND. */
export async function getPayout(deps: Pick<Deps, 'db'>, id: string): Promise<TPayout> {
  const p = await deps.db.payout.findUnique({ where: { id }, select: payoutSelect });
  if (!p) throw new AppError('NOT_FOUND', 'No such payout.');
  return toPayout(p);
}

/** Newest first; filters by status, organizer, event. */
export async function listPayouts(deps: Pick<Deps, 'db'>, f: TAdminPayoutsInput) {
  const where: Prisma.PayoutWhereInput = {
    ...(f.status ? { status: f.status } : {}),
    ...(f.organizerId ? { organizerId: f.organizerId } : {}),
    ...(f.eventId ? { eventId: f.eventId } : {}),
  };
  const [total, rows] = await Promise.all([
    deps.db.payout.count({ where }),
    deps.db.payout.findMany({
      where,
      select: payoutSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      ...pageWindow(f),
    }),
  ]);
  return pageOf(rows.map(toPayout), total, f);
}

/** The organizer the actor works for. Errors: FORBIDDEN for an organizer account linked to none. */
function ownOrganizer(actor: Actor): string {
  if (!actor.user.organizerId) throw new AppError('FORBIDDEN', 'This account is not linked to an organizer.');
  return actor.user.organizerId;
}

/** `GET /api/organizer/payouts/`: the actor's organizer's payouts. */
export function listOwnPayouts(deps: Pick<Deps, 'db'>, actor: Actor, f: Omit<TAdminPayoutsInput, 'organizerId'>) {
  return listPayouts(deps, { ...f, organizerId: ownOrganizer(actor) });
}

/** `GET /api/organizer/payouts/{id}/`. Errors: NOT_FOUND (also another organizer's payout). */
export async function getOwnPayout(deps: Pick<Deps, 'db'>, actor: Actor, id: string): Promise<TPayout> {
  const p = await deps.db.payout.findFirst({ where: { id, organizerId: ownOrganizer(actor) }, select: payoutSelect });
  if (!p) throw new AppError('NOT_FOUND', 'No such payout.');
  return toPayout(p);
}

/** `GET /api/organizer/events/{id}/settlement/`. Errors: NOT_FOUND (also another organizer's event). */
export async function ownEventSettlement(deps: Pick<Deps, 'db'>, actor: Actor, eventId: string) {
  const own = await deps.db.event.findFirst({
    where: { id: eventId, organizerId: ownOrganizer(actor) },
    select: { id: true },
  });
  if (!own) throw new AppError('NOT_FOUND', 'No such event.');
  return eventSettlement(deps.db, eventId);
}

/**
 * The payout statement PDF of the actor's organizer's payout (`GET
 * /api/organizer/payouts/:id/invoice/`): event, period, gross, fees, refunds, net, reference.
 * Errors: NOT_FOUND (also another organizer's payout).
 */
export async function ownPayoutInvoice(deps: Pick<Deps, 'db'>, actor: Actor, id: string): Promise<TDocumentFile> {
  const p = await deps.db.payout.findFirst({
    where: { id, organizerId: ownOrganizer(actor) },
    select: {
      ...payoutSelect,
      organizer: { select: { name: true, contactEmail: true, contactPhone: true } },
      event: {
        select: {
          title: true,
          startsAt: true,
          venue: { select: { name: true, city: true, timeZone: true } },
        },
      },
    },
  });
  if (!p) throw new AppError('NOT_FOUND', 'No such payout.');
  const previous = p.eventId
    ? await deps.db.payout.findFirst({
        where: { eventId: p.eventId, status: 'PAID', createdAt: { lt: p.createdAt } },
        orderBy: { createdAt: 'desc' },
        select: { createdAt: true },
      })
    : null;
  const firstSale =
    previous || !p.eventId
      ? null
      : await deps.db.ledgerTransaction.findFirst({
          where: {
            kind: 'PAYMENT',
            entries: {
              some: { account: { code: accounts.organizerPayable(p.organizerId, p.eventId, p.currency).code } },
            },
          },
          orderBy: { occurredAt: 'asc' },
          select: { occurredAt: true },
        });
  const pdf = await payoutInvoicePdf({
    reference: p.reference,
    status: p.status,
    issuedAt: p.createdAt,
    paidAt: p.paidAt,
    currency: p.currency,
    organizer: { name: p.organizer.name, email: p.organizer.contactEmail, phone: p.organizer.contactPhone },
    event: p.event
      ? {
          title: p.event.title,
          venue: `${p.event.venue.name}, ${p.event.venue.city}`,
          startsAt: p.event.startsAt,
          timeZone: p.event.venue.timeZone,
        }
      : null,
    period: { from: previous?.createdAt ?? firstSale?.occurredAt ?? null, to: p.createdAt },
    grossMinor: p.grossMinor,
    feesMinor: p.feesMinor,
    refundsMinor: p.refundsMinor,
    netMinor: p.netMinor,
    note: p.note,
  });
  return { filename: `${p.reference}.pdf`, contentType: 'application/pdf', base64: pdf.toString('base64') };
}
