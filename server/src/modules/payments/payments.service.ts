/**
 * Paying for an order (seed 003 Plan 1 Phase 4: `payments/process`, `payments/confirm`).
 * `settlePayment` is the single path after the provider boundary: it marks the payment and
 * the order paid and issues the tickets in one transaction, by conditional UPDATEs, so a
 * duplicate confirmation (double click, retried request, replayed webhook) settles once.
 */
import type { TOrder, TPaymentIntent } from '@admit/shared';
import { randomReference } from '../../auth/tokens.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { countOrders } from '../../ops/metrics.ts';
import type { Actor } from '../../trpc/context.ts';
import { notify } from '../notifications/notification.service.ts';
import type { Tx } from '../orders/capacity.ts';
import { getOwnOrder } from '../orders/orders.service.ts';
import { requireOwned } from '../ownership.ts';
import { newTicketSecret } from '../tickets/ticket-secret.ts';
import { offlineProvider, type PaymentProviderAdapter } from './provider.ts';

function assertPayable(order: TOrder, now: Date) {
  if (order.status !== 'PENDING') {
    throw new AppError('INVALID_STATE', `This order is ${order.status.toLowerCase()}; it cannot be paid.`);
  }
  if (order.expiresAt <= now) throw new AppError('HOLD_EXPIRED', 'The hold on these tickets has expired. Book again.');
}

/**
 * `POST /api/v1/payments/process/`: starts (or resumes) a payment for the customer's pending
 * order. Idempotent per order: an unconfirmed payment is reused.
 * Errors: NOT_FOUND, INVALID_STATE (not pending), HOLD_EXPIRED.
 */
export async function processPayment(
  deps: Deps,
  actor: Actor,
  orderId: string,
  provider: PaymentProviderAdapter = offlineProvider,
): Promise<TPaymentIntent> {
  const order = await getOwnOrder(deps, actor, orderId);
  assertPayable(order, deps.clock.now());
  const existing = await deps.db.payment.findFirst({
    where: { orderId, status: 'REQUIRES_CONFIRMATION', provider: provider.name },
  });
  const payment =
    existing ??
    (await (async () => {
      const intent = await provider.createIntent({
        amountMinor: order.totalMinor,
        currency: order.currency,
        orderId,
        orderCode: order.code,
        idempotencyKey: `order:${orderId}`,
      });
      return deps.db.payment.create({
        data: {
          orderId,
          provider: provider.name,
          providerRef: intent.providerRef,
          status: 'REQUIRES_CONFIRMATION',
          amountMinor: order.totalMinor,
          currency: order.currency,
        },
      });
    })());
  return {
    paymentId: payment.id,
    orderId,
    provider: payment.provider,
    status: payment.status,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    clientSecret: null,
    testMode: provider.testMode,
  };
}

/**
 * `POST /api/v1/payments/confirm/`: confirms the customer's payment with the provider and
 * settles it. Returns the order (PAID with tickets issued).
 * Errors: NOT_FOUND (unknown or another customer's payment), INVALID_STATE, HOLD_EXPIRED,
 * CONFLICT when the provider declines.
 */
export async function confirmPayment(
  deps: Deps,
  actor: Actor,
  paymentId: string,
  provider: PaymentProviderAdapter = offlineProvider,
): Promise<TOrder> {
  const payment = requireOwned(
    'payment',
    await deps.db.payment.findUnique({
      where: { id: paymentId },
      select: { id: true, providerRef: true, status: true, order: { select: { id: true, customerId: true } } },
    }),
    (p) => p.order.customerId,
    actor,
  );
  if (payment.status === 'SUCCEEDED') return getOwnOrder(deps, actor, payment.order.id);
  if (payment.status !== 'REQUIRES_CONFIRMATION') {
    throw new AppError('INVALID_STATE', `This payment is ${payment.status.toLowerCase()}.`);
  }
  assertPayable(await getOwnOrder(deps, actor, payment.order.id), deps.clock.now());
  const outcome = await provider.confirm(payment.providerRef);
  if (outcome.state === 'failed') {
    await deps.db.payment.updateMany({
      where: { id: payment.id, status: 'REQUIRES_CONFIRMATION' },
      data: { status: 'FAILED' },
    });
    throw new AppError('CONFLICT', 'The payment was declined.');
  }
  await settlePayment(deps, payment.providerRef);
  return getOwnOrder(deps, actor, payment.order.id);
}

/**
 * Marks a provider-confirmed payment SUCCEEDED, its order PAID, and issues one ticket per unit
 * of every EVENT_TICKET line, all in one transaction. A second call for the same payment is a
 * no-op. Errors: NOT_FOUND (unknown providerRef), HOLD_EXPIRED when the order is no longer
 * pending (a late payment; refunding it arrives with the payments issue). The customer is
 * notified (`order.paid`) in the same transaction; the in-app push goes out after commit.
 */
export async function settlePayment(deps: Deps, providerRef: string): Promise<void> {
  const now = deps.clock.now();
  const settled = await deps.db.$transaction(async (tx) => {
    const payment = await tx.payment.findUnique({
      where: { providerRef },
      select: { id: true, orderId: true, status: true },
    });
    if (!payment) throw new AppError('NOT_FOUND', 'No such payment.');
    if (payment.status === 'SUCCEEDED') return null;
    const moved = await tx.order.updateMany({
      where: { id: payment.orderId, status: 'PENDING', expiresAt: { gt: now } },
      data: { status: 'PAID', paidAt: now },
    });
    if (moved.count === 0) throw new AppError('HOLD_EXPIRED', 'The hold on these tickets has expired. Book again.');
    await tx.payment.update({ where: { id: payment.id }, data: { status: 'SUCCEEDED' } });
    const issued = await issueTickets(tx, payment.orderId);
    // inbox entry, e-mail (and SMS/WhatsApp when opted in) committed with the payment
    const sent = await notify(deps, tx, {
      userId: issued.customerId,
      kind: 'order.paid',
      vars: { orderCode: issued.code, tickets: issued.tickets },
    });
    return sent.realtime;
  });
  // the in-app channel: "Payment received" to `user:<id>`, published after commit
  if (settled) {
    deps.realtime.push(...settled);
    countOrders('paid');
  }
}

async function issueTickets(tx: Tx, orderId: string) {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      code: true,
      customerId: true,
      customer: { select: { firstName: true, lastName: true } },
      lines: {
        select: {
          id: true,
          kind: true,
          quantity: true,
          ticketCategoryId: true,
          ticketCategory: { select: { eventId: true } },
        },
      },
    },
  });
  const attendeeName = `${order.customer.firstName} ${order.customer.lastName}`;
  const data = order.lines.flatMap((line) =>
    line.kind === 'EVENT_TICKET' && line.ticketCategoryId && line.ticketCategory
      ? Array.from({ length: line.quantity }, () => ({
          reference: randomReference('T'),
          orderId,
          orderLineId: line.id,
          eventId: line.ticketCategory!.eventId,
          ticketCategoryId: line.ticketCategoryId!,
          holderId: order.customerId,
          attendeeName,
          secret: newTicketSecret(),
        }))
      : [],
  );
  await tx.ticket.createMany({ data });
  return { code: order.code, customerId: order.customerId, tickets: data.length };
}
