/**
 * The merchant portal (seed 003 Plan 4): dashboard statistics, customer verification, the
 * two-step NFC card assignment, the card inventory and the business profile.
 *
 * Card assignment (Plan 4 Phase 3) is two calls:
 *   1. `assignCard(mobile, cardUid)`: the card must be in the caller's stock (merchantId = caller,
 *      no holder, ACTIVE) and the customer registered, ACTIVE and holding a PAID card request.
 *      A PENDING `CardAssignment` is created (at most one per card: partial unique index
 *      `CardAssignment_one_pending` → CONFLICT) and a CARD_ASSIGNMENT one-time code is sent to
 *      the customer (auth/otp.ts: 6 digits, 10 min, single use, 5 attempts, 30 s cooldown), or a
 *      still-valid one this merchant sent with `sendCustomerOtp` is reused.
 *   2. `verifyCustomerOtp(assignmentId, code)`: the customer reads the code to the merchant; the
 *      code is consumed, then ONE transaction moves assignment PENDING→CONFIRMED, card
 *      holder null→customer and request PAID→FULFILLED, each with a conditional UPDATE, so two
 *      merchants racing for one card or one customer confirming twice yield exactly one
 *      assignment (merchant.pg.test.ts).
 */
import type {
  TAssignCardInput,
  TMerchantBusinessProfile,
  TMerchantCardListInput,
  TMerchantDashboardStats,
  TUpdateMerchantSettingsInput,
  TVerifyCustomerOtpInput,
  TVerifyCustomerResult,
} from '@admit/shared';
import { issueOtp, maskMobile, OTP_MAX_ATTEMPTS, OTP_TTL_MS, verifyOtp } from '../../auth/otp.ts';
import { consume } from '../../auth/rate-limits.ts';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { RequestMeta } from '../auth/auth.service.ts';
import { isUniqueViolation } from '../checkin/checkin.service.ts';
import { notify } from '../notifications/notification.service.ts';
import { pageOf, pageWindow } from '../pagination.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** days shown in the dashboard's "assignments per day" chart */
export const CHART_DAYS = 14;

const displayName = (u: { firstName: string; lastName: string }) =>
  `${u.firstName} ${u.lastName ? `${u.lastName.charAt(0)}.` : ''}`.trim();

const startOfUtcDay = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));

/** The name customers see for this merchant: the business name, else the person's name. */
async function merchantName(deps: Deps, actor: Actor): Promise<string> {
  const profile = await deps.db.merchantProfile.findUnique({
    where: { userId: actor.user.id },
    select: { businessName: true },
  });
  return profile?.businessName ?? `${actor.user.firstName} ${actor.user.lastName}`.trim();
}

/** Per-merchant budget for customer look-ups (`limits.merchantLookup`, auth/rate-limits.ts). */
function takeLookup(deps: Deps, actor: Actor): Promise<void> {
  return consume(deps.limits.merchantLookup, actor.user.id, 'customer look-ups');
}

async function findCustomer(deps: Deps, mobile: string) {
  return deps.db.user.findFirst({
    where: { mobile, role: 'CUSTOMER', deletedAt: null },
    select: { id: true, firstName: true, lastName: true, status: true, mobile: true },
  });
}

/** The registered, ACTIVE customer with `mobile`. Errors: NOT_FOUND, INVALID_STATE (not active). */
async function requireActiveCustomer(deps: Deps, mobile: string) {
  const customer = await findCustomer(deps, mobile);
  if (!customer) {
    throw new AppError('NOT_FOUND', 'No customer is registered with this mobile number.', {
      mobile: ['Not registered'],
    });
  }
  if (customer.status !== 'ACTIVE') {
    throw new AppError('INVALID_STATE', 'This customer account is not active.', { mobile: ['Account not active'] });
  }
  return customer as typeof customer & { mobile: string };
}

// ───────────────────────────── dashboard ─────────────────────────────

/**
 * `GET /api/merchant/dashboard-stats/` (seed 003 Plan 4 Phase 2): stock, assignments today /
 * this week (the last 7 UTC days including today) / in total, pending assignments, distinct
 * customers served, card spend at this merchant (Σ credits to `merchant:<id>:payable:<cur>`,
 * integer minor units per currency), a 14-day chart series and the 10 latest assignments.
 */
export async function dashboardStats(deps: Deps, actor: Actor): Promise<TMerchantDashboardStats> {
  const merchantId = actor.user.id;
  const now = deps.clock.now();
  const today = startOfUtcDay(now);
  const weekStart = new Date(today.getTime() - 6 * DAY_MS);
  const chartStart = new Date(today.getTime() - (CHART_DAYS - 1) * DAY_MS);
  const confirmed = { merchantId, status: 'CONFIRMED' as const };
  const [cardsInStock, assignedToday, assignedThisWeek, assignedTotal, pending, customers, spend, chartRows, recent] =
    await Promise.all([
      deps.db.nfcCard.count({ where: { merchantId, customerId: null, status: 'ACTIVE' } }),
      deps.db.cardAssignment.count({ where: { ...confirmed, confirmedAt: { gte: today } } }),
      deps.db.cardAssignment.count({ where: { ...confirmed, confirmedAt: { gte: weekStart } } }),
      deps.db.cardAssignment.count({ where: confirmed }),
      deps.db.cardAssignment.count({ where: { merchantId, status: 'PENDING', expiresAt: { gt: now } } }),
      deps.db.cardAssignment.findMany({ where: confirmed, distinct: ['customerId'], select: { customerId: true } }),
      deps.db.ledgerEntry.groupBy({
        by: ['currency'],
        where: {
          amountMinor: { lt: 0 },
          account: { userId: merchantId, code: { startsWith: `merchant:${merchantId}:payable:` } },
        },
        _sum: { amountMinor: true },
      }),
      deps.db.cardAssignment.findMany({
        where: { ...confirmed, confirmedAt: { gte: chartStart } },
        select: { confirmedAt: true },
      }),
      deps.db.cardAssignment.findMany({
        where: { merchantId },
        orderBy: { createdAt: 'desc' },
        take: 10,
        select: {
          id: true,
          status: true,
          expiresAt: true,
          createdAt: true,
          confirmedAt: true,
          card: { select: { uid: true } },
          customer: { select: { firstName: true, lastName: true } },
        },
      }),
    ]);
  const perDay = new Map<string, number>();
  for (let i = 0; i < CHART_DAYS; i++)
    perDay.set(new Date(chartStart.getTime() + i * DAY_MS).toISOString().slice(0, 10), 0);
  for (const row of chartRows) {
    const day = row.confirmedAt!.toISOString().slice(0, 10);
    if (perDay.has(day)) perDay.set(day, perDay.get(day)! + 1);
  }
  return {
    cardsInStock,
    assignedToday,
    assignedThisWeek,
    assignedTotal,
    pendingAssignments: pending,
    customersServed: customers.length,
    cardSpend: spend
      .map((s) => ({ currency: s.currency, amountMinor: -(s._sum.amountMinor ?? 0) }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
    assignmentsPerDay: [...perDay].map(([day, count]) => ({ day, count })),
    recentAssignments: recent.map((a) => ({
      id: a.id,
      // a PENDING row past its expiry is shown as what it is
      status: a.status === 'PENDING' && a.expiresAt.getTime() <= now.getTime() ? 'EXPIRED' : a.status,
      cardUid: a.card.uid,
      customerName: displayName(a.customer),
      createdAt: a.createdAt,
      confirmedAt: a.confirmedAt,
    })),
  };
}

// ───────────────────────────── customer verification ─────────────────────────────

/**
 * `GET /api/merchant/verify-customer/{mobile}/` (seed 003 Plan 4 Phase 3 "check registration &
 * fees"): whether the number belongs to a customer, their short name and status, whether a card
 * fee is paid (an NfcCardRequest in status PAID) and how many ACTIVE cards they hold. Nothing
 * more (no e-mail, no orders). Errors: RATE_LIMITED (per merchant, `limits.merchantLookup`).
 */
export async function verifyCustomer(deps: Deps, actor: Actor, mobile: string): Promise<TVerifyCustomerResult> {
  await takeLookup(deps, actor);
  const customer = await findCustomer(deps, mobile);
  if (!customer) return { registered: false, status: 'NOT_REGISTERED', feesPaid: false, activeCards: 0 };
  const [request, activeCards] = await Promise.all([
    deps.db.nfcCardRequest.findFirst({
      where: { customerId: customer.id, status: 'PAID' },
      select: { id: true },
    }),
    deps.db.nfcCard.count({ where: { customerId: customer.id, status: 'ACTIVE' } }),
  ]);
  return {
    registered: true,
    customerId: customer.id,
    name: displayName(customer),
    status: customer.status,
    feesPaid: request !== null,
    ...(request ? { cardRequestId: request.id } : {}),
    activeCards,
  };
}

// ───────────────────────────── the code sent to the customer ─────────────────────────────

/**
 * A CARD_ASSIGNMENT code for `customer` from this merchant: the latest one this merchant sent if
 * it is still usable and not bound to another pending assignment (`reuse`), else a new one
 * (RATE_LIMITED within 30 s of the previous code, or after 5 codes per customer and hour).
 * The code's payload is the merchant's id, so a code is only ever reused by its own merchant.
 */
async function cardCode(
  deps: Deps,
  actor: Actor,
  customer: { id: string; mobile: string },
  { reuse }: { reuse: boolean },
): Promise<{ challengeId: string; expiresAt: Date; sentTo: string }> {
  const now = deps.clock.now();
  const sentTo = maskMobile(customer.mobile);
  if (reuse) {
    const last = await deps.db.oneTimeCode.findFirst({
      where: { userId: customer.id, purpose: 'CARD_ASSIGNMENT', consumedAt: null },
      orderBy: { createdAt: 'desc' },
      select: { id: true, payload: true, expiresAt: true, attempts: true },
    });
    if (
      last &&
      last.payload === actor.user.id &&
      last.expiresAt.getTime() > now.getTime() &&
      last.attempts < OTP_MAX_ATTEMPTS &&
      (await deps.db.cardAssignment.count({ where: { codeId: last.id, status: 'PENDING' } })) === 0
    ) {
      return { challengeId: last.id, expiresAt: last.expiresAt, sentTo };
    }
  }
  await consume(deps.limits.codeSend, `card:${customer.id}`, 'codes sent to this customer');
  const { challengeId, code, expiresAt } = await issueOtp(deps.db, deps.clock, {
    userId: customer.id,
    purpose: 'CARD_ASSIGNMENT',
    destination: customer.mobile,
    payload: actor.user.id,
  });
  await notify(deps, deps.db, {
    userId: customer.id,
    to: { mobile: customer.mobile },
    kind: 'otp.card_assignment',
    vars: { code, minutes: OTP_TTL_MS / 60_000, merchantName: await merchantName(deps, actor) },
    channels: ['SMS'],
  });
  return { challengeId, expiresAt, sentTo };
}

/**
 * `POST /api/merchant/send-customer-otp/` (seed 003 Plan 4 Phase 3): sends a CARD_ASSIGNMENT
 * code to the registered, ACTIVE customer with `mobile`; `assignCard` then reuses it.
 * Returns the masked number and the code's expiry (UTC). Errors: NOT_FOUND (not registered),
 * INVALID_STATE (account not active), RATE_LIMITED (30 s cooldown, per-customer and
 * per-merchant budgets).
 */
export async function sendCustomerOtp(
  deps: Deps,
  actor: Actor,
  mobile: string,
): Promise<{ sentTo: string; expiresAt: Date }> {
  await takeLookup(deps, actor);
  const customer = await requireActiveCustomer(deps, mobile);
  const { sentTo, expiresAt } = await cardCode(deps, actor, customer, { reuse: false });
  return { sentTo, expiresAt };
}

// ───────────────────────────── step 1: assign ─────────────────────────────

/**
 * `POST /api/merchant/assign-card/` (seed 003 Plan 4 Phase 3, step 1). Creates a PENDING
 * assignment of the card `cardUid` from the caller's stock to the customer with `mobile` and
 * sends (or reuses) the customer's CARD_ASSIGNMENT code. `expiresAt` (UTC) is the code's expiry.
 * Asked again by the same merchant for the same card and customer while pending, it sends a new
 * code to the same assignment ("send a new code"; 30 s cooldown).
 * Errors: NOT_FOUND (no such customer; the card is not in the caller's stock — another
 * merchant's card answers the same), INVALID_STATE (customer not active; no PAID card request),
 * CONFLICT (the card already has a pending assignment), RATE_LIMITED.
 */
export async function assignCard(
  deps: Deps,
  actor: Actor,
  input: TAssignCardInput,
  meta: RequestMeta = {},
): Promise<{ assignmentId: string; expiresAt: Date; sentTo: string }> {
  await takeLookup(deps, actor);
  const merchantId = actor.user.id;
  const customer = await requireActiveCustomer(deps, input.mobile);
  const card = await deps.db.nfcCard.findUnique({
    where: { uid: input.cardUid },
    select: { id: true, uid: true, merchantId: true, customerId: true, status: true },
  });
  if (!card || card.merchantId !== merchantId) {
    throw new AppError('NOT_FOUND', 'This card is not in your stock.', { cardUid: ['Not in your stock'] });
  }
  if (card.customerId !== null) {
    throw new AppError('INVALID_STATE', 'This card is already assigned to a customer.', {
      cardUid: ['Already assigned'],
    });
  }
  if (card.status !== 'ACTIVE') {
    throw new AppError('INVALID_STATE', `This card is ${card.status.toLowerCase()} and cannot be assigned.`, {
      cardUid: [`Card is ${card.status.toLowerCase()}`],
    });
  }
  const request = await deps.db.nfcCardRequest.findFirst({
    where: { customerId: customer.id, status: 'PAID' },
    select: { id: true },
  });
  if (!request) {
    throw new AppError('INVALID_STATE', 'This customer has no paid card request. The card fee must be paid first.', {
      mobile: ['Card fee not paid'],
    });
  }

  const now = deps.clock.now();
  // a pending assignment past its expiry no longer holds the card (conditional: only expired rows)
  await deps.db.cardAssignment.updateMany({
    where: { cardId: card.id, status: 'PENDING', expiresAt: { lte: now } },
    data: { status: 'EXPIRED' },
  });
  // the same merchant asking again for the same card and customer: "send a new code"
  const open = await deps.db.cardAssignment.findFirst({
    where: { cardId: card.id, status: 'PENDING', merchantId, customerId: customer.id },
    select: { id: true },
  });
  if (open) {
    const code = await cardCode(deps, actor, customer, { reuse: false });
    const { count } = await deps.db.cardAssignment.updateMany({
      where: { id: open.id, status: 'PENDING' },
      data: { codeId: code.challengeId, expiresAt: code.expiresAt },
    });
    if (count === 1) return { assignmentId: open.id, expiresAt: code.expiresAt, sentTo: code.sentTo };
  }
  let assignmentId: string;
  try {
    // the partial unique index `CardAssignment_one_pending` admits one PENDING row per card
    const created = await deps.db.cardAssignment.create({
      data: {
        merchantId,
        customerId: customer.id,
        cardId: card.id,
        expiresAt: new Date(now.getTime() + OTP_TTL_MS),
        createdAt: now,
      },
      select: { id: true },
    });
    assignmentId = created.id;
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', 'This card already has an assignment waiting for a customer code.', {
        cardUid: ['Assignment already pending'],
      });
    }
    throw err;
  }
  let code: Awaited<ReturnType<typeof cardCode>>;
  try {
    code = await cardCode(deps, actor, customer, { reuse: true });
  } catch (err) {
    // no code went out: release the card at once
    await deps.db.cardAssignment.updateMany({
      where: { id: assignmentId, status: 'PENDING' },
      data: { status: 'CANCELLED' },
    });
    throw err;
  }
  await deps.db.cardAssignment.update({
    where: { id: assignmentId },
    data: { codeId: code.challengeId, expiresAt: code.expiresAt },
  });
  await recordAudit(deps.db, {
    action: 'merchant.card_assignment_started',
    actor: { id: merchantId, role: 'MERCHANT' },
    target: { type: 'nfc_card', id: card.id },
    after: { assignmentId, customerId: customer.id, cardUid: card.uid },
    meta,
  });
  return { assignmentId, expiresAt: code.expiresAt, sentTo: code.sentTo };
}

// ───────────────────────────── step 2: confirm ─────────────────────────────

/**
 * `POST /api/merchant/verify-customer-otp/` (seed 003 Plan 4 Phase 3, step 2): checks the code
 * the customer read out (attempts counted on the code: 5 at most), then in one transaction
 * confirms the assignment, hands the card to the customer (merchantId kept: the card stays in
 * this merchant's inventory as assigned) and fulfils the PAID card request with the card.
 * Notifies the customer (`card.assigned`) and, if the profile says so, the merchant; audited.
 * Errors: NOT_FOUND (unknown or another merchant's assignment), INVALID_STATE (not pending),
 * CODE_EXPIRED (assignment expired), INVALID_CODE / TOO_MANY_ATTEMPTS, CONFLICT (the card or
 * the customer's request was taken meanwhile), RATE_LIMITED.
 */
export async function verifyCustomerOtp(
  deps: Deps,
  actor: Actor,
  input: TVerifyCustomerOtpInput,
  meta: RequestMeta = {},
) {
  const merchantId = actor.user.id;
  const assignment = await deps.db.cardAssignment.findFirst({
    where: { id: input.assignmentId, merchantId },
    select: {
      id: true,
      status: true,
      expiresAt: true,
      codeId: true,
      cardId: true,
      customerId: true,
      customer: { select: { firstName: true, lastName: true } },
    },
  });
  if (!assignment) throw new AppError('NOT_FOUND', 'No such assignment.');
  if (assignment.status !== 'PENDING') {
    throw new AppError('INVALID_STATE', `This assignment is already ${assignment.status.toLowerCase()}.`);
  }
  const now = deps.clock.now();
  if (assignment.expiresAt.getTime() <= now.getTime() || !assignment.codeId) {
    await deps.db.cardAssignment.updateMany({
      where: { id: assignment.id, status: 'PENDING' },
      data: { status: 'EXPIRED' },
    });
    throw new AppError('CODE_EXPIRED', 'This assignment expired. Start again to send a new code.', {
      code: ['Expired'],
    });
  }
  await consume(deps.limits.codeIp, meta.ip ?? 'unknown', 'code attempts from this network');
  await verifyOtp(deps.db, deps.clock, {
    userId: assignment.customerId,
    purpose: 'CARD_ASSIGNMENT',
    code: input.code,
    challengeId: assignment.codeId,
  });
  return confirmAssignment(deps, actor, assignment, meta);
}

/**
 * `POST /api/merchant/assignments/{id}/cancel/`: withdraws this merchant's PENDING assignment
 * (the wrong card was typed, the customer changed their mind): PENDING → CANCELLED by a
 * conditional UPDATE, so the card can be assigned again at once (one pending assignment per card,
 * partial unique index) and the customer's code no longer confirms it. Audited.
 * Errors: NOT_FOUND (unknown or another merchant's), INVALID_STATE (no longer pending).
 */
export async function cancelAssignment(deps: Deps, actor: Actor, id: string, meta: RequestMeta = {}) {
  const merchantId = actor.user.id;
  return deps.db.$transaction(async (tx) => {
    const assignment = await tx.cardAssignment.findFirst({
      where: { id, merchantId },
      select: { id: true, status: true, cardId: true, customerId: true },
    });
    if (!assignment) throw new AppError('NOT_FOUND', 'No such assignment.');
    const { count } = await tx.cardAssignment.updateMany({
      where: { id, merchantId, status: 'PENDING' },
      data: { status: 'CANCELLED' },
    });
    if (count === 0) {
      throw new AppError('INVALID_STATE', `This assignment is already ${assignment.status.toLowerCase()}.`);
    }
    await recordAudit(tx, {
      action: 'merchant.card_assignment_cancelled',
      actor: { id: merchantId, role: 'MERCHANT' },
      target: { type: 'nfc_card', id: assignment.cardId },
      before: { assignmentId: id, status: 'PENDING' },
      after: { assignmentId: id, status: 'CANCELLED', customerId: assignment.customerId },
      meta,
    });
    return { id, status: 'CANCELLED' as const };
  });
}

/**
 * The transaction of step 2, once the code was accepted: assignment PENDING→CONFIRMED, card
 * holder null→customer, request PAID→FULFILLED, each a conditional UPDATE (a lost race throws
 * and rolls the others back). Exported for the race test. Errors: INVALID_STATE, CONFLICT.
 */
export async function confirmAssignment(
  deps: Deps,
  actor: Actor,
  assignment: { id: string; cardId: string; customerId: string; customer: { firstName: string; lastName: string } },
  meta: RequestMeta = {},
) {
  const merchantId = actor.user.id;
  const now = deps.clock.now();
  const name = await merchantName(deps, actor);
  const profile = await deps.db.merchantProfile.findUnique({
    where: { userId: merchantId },
    select: { notifyOnAssignment: true },
  });
  const customerName = `${assignment.customer.firstName} ${assignment.customer.lastName}`.trim();
  const { card, realtime } = await deps.db.$transaction(async (tx) => {
    const confirmed = await tx.cardAssignment.updateMany({
      where: { id: assignment.id, merchantId, status: 'PENDING', expiresAt: { gt: now } },
      data: { status: 'CONFIRMED', confirmedAt: now },
    });
    if (confirmed.count === 0) throw new AppError('INVALID_STATE', 'This assignment is no longer pending.');
    const taken = await tx.nfcCard.updateMany({
      where: { id: assignment.cardId, merchantId, customerId: null, status: 'ACTIVE' },
      data: { customerId: assignment.customerId, assignedAt: now },
    });
    if (taken.count === 0) throw new AppError('CONFLICT', 'This card is no longer in your stock.');
    const request = await tx.nfcCardRequest.findFirst({
      where: { customerId: assignment.customerId, status: 'PAID' },
      select: { id: true },
    });
    const fulfilled = request
      ? await tx.nfcCardRequest.updateMany({
          where: { id: request.id, status: 'PAID' },
          data: { status: 'FULFILLED', cardId: assignment.cardId, fulfilledAt: now },
        })
      : { count: 0 };
    if (fulfilled.count === 0) {
      throw new AppError('CONFLICT', 'The customer has no paid card request any more (a card was already assigned).');
    }
    const card = await tx.nfcCard.findUniqueOrThrow({
      where: { id: assignment.cardId },
      select: { id: true, uid: true, status: true, assignedAt: true },
    });
    await recordAudit(tx, {
      action: 'merchant.card_assigned',
      actor: { id: merchantId, role: 'MERCHANT' },
      target: { type: 'nfc_card', id: card.id },
      before: { customerId: null, cardRequestStatus: 'PAID' },
      after: { customerId: assignment.customerId, assignmentId: assignment.id, cardRequestId: request!.id },
      meta,
    });
    const toCustomer = await notify(deps, tx, {
      userId: assignment.customerId,
      kind: 'card.assigned',
      vars: { cardUid: card.uid, merchantName: name },
    });
    const toMerchant = profile?.notifyOnAssignment
      ? await notify(deps, tx, {
          userId: merchantId,
          kind: 'card.assignment_confirmed',
          vars: { cardUid: card.uid, customerName: displayName(assignment.customer) },
        })
      : null;
    return { card, realtime: [...toCustomer.realtime, ...(toMerchant?.realtime ?? [])] };
  });
  deps.realtime.push(...realtime);
  return {
    card: { id: card.id, uid: card.uid, status: card.status, customerName, assignedAt: card.assignedAt! },
  };
}

// ───────────────────────────── inventory ─────────────────────────────

/**
 * `GET /api/merchant/cards/` (seed 003 Plan 4 Phase 4): the caller's cards, in stock and
 * assigned, filtered by status, assignment and a search (`q`: part of the UID, or of the
 * holder's name or mobile), sorted and paged. Holders appear by name and masked mobile only.
 */
export async function listCards(deps: Deps, actor: Actor, input: TMerchantCardListInput) {
  const now = deps.clock.now();
  const q = input.q;
  const where: Prisma.NfcCardWhereInput = {
    merchantId: actor.user.id,
    ...(input.status ? { status: input.status } : {}),
    ...(input.assignment === 'assigned' ? { customerId: { not: null } } : {}),
    ...(input.assignment === 'unassigned' ? { customerId: null } : {}),
    ...(q
      ? {
          OR: [
            { uid: { contains: q.replace(/[:\s-]/g, '').toUpperCase() } },
            { customer: { firstName: { contains: q, mode: 'insensitive' } } },
            { customer: { lastName: { contains: q, mode: 'insensitive' } } },
            { customer: { mobile: { contains: q.replace(/\s/g, '') } } },
          ],
        }
      : {}),
  };
  const orderBy: Prisma.NfcCardOrderByWithRelationInput[] =
    input.sort === 'oldest'
      ? [{ createdAt: 'asc' }, { uid: 'asc' }]
      : input.sort === 'assigned'
        ? [{ assignedAt: { sort: 'desc', nulls: 'last' } }, { uid: 'asc' }]
        : input.sort === 'uid'
          ? [{ uid: 'asc' }]
          : [{ createdAt: 'desc' }, { uid: 'asc' }];
  const [rows, total] = await Promise.all([
    deps.db.nfcCard.findMany({
      where,
      orderBy,
      ...pageWindow(input),
      select: {
        id: true,
        uid: true,
        status: true,
        currency: true,
        createdAt: true,
        assignedAt: true,
        customer: { select: { firstName: true, lastName: true, mobile: true } },
        assignments: {
          where: { status: 'PENDING', expiresAt: { gt: now } },
          select: { id: true },
          take: 1,
        },
      },
    }),
    deps.db.nfcCard.count({ where }),
  ]);
  return pageOf(
    rows.map((c) => ({
      id: c.id,
      uid: c.uid,
      status: c.status,
      currency: c.currency,
      createdAt: c.createdAt,
      assignedAt: c.assignedAt,
      customer: c.customer
        ? { name: displayName(c.customer), mobile: c.customer.mobile ? maskMobile(c.customer.mobile) : null }
        : null,
      pendingAssignmentId: c.assignments[0]?.id ?? null,
    })),
    total,
    input,
  );
}

// ───────────────────────────── settings ─────────────────────────────

/** The caller's business profile (MerchantProfile), or null before it was first saved. */
export async function businessProfile(deps: Deps, actor: Actor): Promise<TMerchantBusinessProfile | null> {
  return deps.db.merchantProfile.findUnique({
    where: { userId: actor.user.id },
    select: { businessName: true, address: true, city: true, notifyOnAssignment: true },
  });
}

/**
 * `PUT /api/merchant/settings/` (seed 003 Plan 4 Phase 5): creates or updates the caller's
 * business profile. Omitted optional fields keep their value; an empty address/city clears it.
 * Returns the saved profile. Audited.
 */
export async function updateSettings(
  deps: Deps,
  actor: Actor,
  input: TUpdateMerchantSettingsInput,
  meta: RequestMeta = {},
): Promise<TMerchantBusinessProfile> {
  const before = await businessProfile(deps, actor);
  const data = {
    businessName: input.businessName,
    ...(input.address !== undefined ? { address: input.address } : {}),
    ...(input.city !== undefined ? { city: input.city } : {}),
    ...(input.notifyOnAssignment !== undefined ? { notifyOnAssignment: input.notifyOnAssignment } : {}),
  };
  const saved = await deps.db.merchantProfile.upsert({
    where: { userId: actor.user.id },
    create: { userId: actor.user.id, ...data },
    update: data,
    select: { businessName: true, address: true, city: true, notifyOnAssignment: true },
  });
  await recordAudit(deps.db, {
    action: 'merchant.settings_updated',
    actor: { id: actor.user.id, role: 'MERCHANT' },
    target: { type: 'user', id: actor.user.id },
    ...(before ? { before } : {}),
    after: saved,
    meta,
  });
  return saved;
}
