/**
 * Test fixtures for the books (not used by the app). Orders are paid through the real flow
 * (`customer.payments.process/confirm`); `ensurePaymentPosted` then posts the PAYMENT ledger
 * transaction under the key settlement uses, `payment:<paymentId>`, with the same formula
 * (Dr clearing total; Cr payable line − round(line × bps / 10 000); Cr fee revenue Σ fees). When
 * the payment flow already posted it, the key makes this a no-op, so tests pass either way.
 * `postRefund` records a succeeded refund the way refunds post it (`refund:<refundId>`).
 */
import { buyOrder, type EventFixture, signIn, TEST_PASSWORD } from '../../../test/harness.ts';
import { hashPassword } from '../../auth/password.ts';
import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../trpc/context.ts';
import { accounts, type Posting, post } from '../ledger/ledger.ts';

const feeOf = (lineMinor: number, bps: number) => Math.round((lineMinor * bps) / 10_000);

/** Books and pays `quantity` Standard (or VIP) tickets; returns the order id, code, payment id, total and platform fee. */
export async function payOrder(deps: AppDeps, customer: Actor, ev: EventFixture, quantity = 2, vip = false) {
  const { order, paymentId } = await buyOrder(deps, customer, ev, quantity, vip ? ev.vipId : ev.standardId);
  const posted = await ensurePaymentPosted(deps, order.id);
  return { orderId: order.id, code: order.code, paymentId, ...posted };
}

/** Posts `payment:<paymentId>` for a paid order unless the payment flow did. Returns total and fee. */
export async function ensurePaymentPosted(deps: AppDeps, orderId: string) {
  const order = await deps.db.order.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      code: true,
      currency: true,
      totalMinor: true,
      paidAt: true,
      payments: { where: { status: 'SUCCEEDED' }, select: { id: true, amountMinor: true } },
      lines: {
        select: {
          totalMinor: true,
          ticketCategory: {
            select: {
              event: { select: { id: true, organizerId: true, organizer: { select: { platformFeeBps: true } } } },
            },
          },
        },
      },
    },
  });
  const payment = order.payments[0];
  if (!payment) throw new Error(`order ${order.code} is not paid`);
  let feeMinor = 0;
  const entries: Posting[] = [{ account: accounts.clearing(order.currency), amountMinor: payment.amountMinor }];
  for (const l of order.lines) {
    const ev = l.ticketCategory!.event;
    const fee = feeOf(l.totalMinor, ev.organizer.platformFeeBps);
    feeMinor += fee;
    entries.push({
      account: accounts.organizerPayable(ev.organizerId, ev.id, order.currency),
      amountMinor: -(l.totalMinor - fee),
    });
  }
  if (feeMinor > 0) entries.push({ account: accounts.feeRevenue(order.currency), amountMinor: -feeMinor });
  await deps.db.$transaction(async (tx) => {
    const { posted } = await post(tx, {
      kind: 'PAYMENT',
      idempotencyKey: `payment:${payment.id}`,
      description: `Payment for order ${order.code} (fixture)`,
      occurredAt: order.paidAt ?? deps.clock.now(),
      orderId,
      paymentId: payment.id,
      entries,
    });
    if (posted) await tx.order.update({ where: { id: orderId }, data: { feeMinor } });
  });
  return { totalMinor: order.totalMinor, feeMinor, currency: order.currency };
}

/**
 * A succeeded refund of `amountMinor` of a paid order (first refund of it), posted as refunds
 * post it: Cr clearing amount, Dr fee revenue round(fee × amount / total), Dr payable the rest.
 */
export async function postRefund(deps: AppDeps, orderId: string, amountMinor: number) {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const order = await tx.order.findUniqueOrThrow({
      where: { id: orderId },
      select: {
        code: true,
        currency: true,
        totalMinor: true,
        feeMinor: true,
        payments: { where: { status: 'SUCCEEDED' }, select: { id: true } },
        lines: { select: { ticketCategory: { select: { event: { select: { id: true, organizerId: true } } } } } },
      },
    });
    const ev = order.lines[0]!.ticketCategory!.event;
    const refund = await tx.refund.create({
      data: {
        orderId,
        paymentId: order.payments[0]!.id,
        status: 'SUCCEEDED',
        amountMinor,
        currency: order.currency,
        reason: 'REQUESTED_BY_CUSTOMER',
        succeededAt: now,
        createdAt: now,
      },
    });
    await tx.payment.update({
      where: { id: order.payments[0]!.id },
      data: { refundedMinor: { increment: amountMinor } },
    });
    await tx.order.update({ where: { id: orderId }, data: { refundedMinor: { increment: amountMinor } } });
    const feeReversal = Math.round((order.feeMinor * amountMinor) / order.totalMinor);
    const entries: Posting[] = [
      { account: accounts.clearing(order.currency), amountMinor: -amountMinor },
      {
        account: accounts.organizerPayable(ev.organizerId, ev.id, order.currency),
        amountMinor: amountMinor - feeReversal,
      },
    ];
    if (feeReversal > 0) entries.push({ account: accounts.feeRevenue(order.currency), amountMinor: feeReversal });
    await post(tx, {
      kind: 'REFUND',
      idempotencyKey: `refund:${refund.id}`,
      description: `Refund of order ${order.code} (fixture)`,
      occurredAt: now,
      orderId,
      refundId: refund.id,
      entries,
    });
    return { refundId: refund.id, feeReversalMinor: feeReversal, payableMinor: amountMinor - feeReversal };
  });
}

/** An organizer user of `organizerId`, signed in. */
export async function makeOrganizerUser(deps: AppDeps, organizerId: string, mobile: string) {
  const user = await deps.db.user.create({
    data: {
      role: 'ORGANIZER',
      mobile,
      email: `${mobile.slice(1)}@organizer.test`,
      passwordHash: await hashPassword(TEST_PASSWORD),
      firstName: 'Nour',
      lastName: 'Organizer',
      organizerId,
    },
  });
  return { user, ...(await signIn(deps, user.id)) };
}

/** A signed-in admin of `level`. */
export async function makeAdmin(deps: AppDeps, level: 'SUPER_ADMIN' | 'ADMIN' | 'SUPPORT', email: string) {
  const user = await deps.db.user.create({
    data: { role: 'ADMIN', adminLevel: level, email, passwordHash: 'x', firstName: 'Dina', lastName: level },
  });
  return { user, ...(await signIn(deps, user.id)) };
}
