/**
 * Paying for an order (seed 003 Plan 1 Phase 4: `payments/process`, `payments/confirm`; issue 4
 * "Money that is never lost or double-counted"). The provider is `paymentProvider(deps)`:
 * Stripe when configured, else the offline (test mode) provider. Whatever the provider says is
 * applied by settle.ts, the one path shared with the webhook and reconciliation (ADR 0011).
 */
import type { TOrder, TPaymentIntent } from '@admit/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { getOwnOrder } from '../orders/orders.service.ts';
import { requireOwned } from '../ownership.ts';
import { faultPoint } from './fault.ts';
import { type PaymentProviderAdapter, paymentProvider } from './provider.ts';
import { cancelInTx, failAndNotifyInTx, failInTx, settlePayment } from './settle.ts';

type TPaymentStatus = TPaymentIntent['status'];

const holdExpired = () => new AppError('HOLD_EXPIRED', 'The hold on these tickets has expired. Book again.');

function assertPayable(order: TOrder, now: Date) {
  if (order.status !== 'PENDING') {
    throw new AppError('INVALID_STATE', `This order is ${order.status.toLowerCase()}; it cannot be paid.`);
  }
  if (order.expiresAt <= now) throw holdExpired();
}

function toIntent(
  payment: {
    id: string;
    orderId: string;
    provider: 'OFFLINE' | 'STRIPE';
    status: TPaymentStatus;
    amountMinor: number;
    currency: string;
  },
  provider: PaymentProviderAdapter,
  clientSecret: string | null,
): TPaymentIntent {
  return {
    paymentId: payment.id,
    orderId: payment.orderId,
    provider: payment.provider,
    status: payment.status,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    clientSecret,
    publishableKey: provider.publishableKey,
    testMode: provider.testMode,
  };
}

/**
 * `POST /api/v1/payments/process/`: starts (or resumes) a payment for the customer's pending
 * order and returns what the browser needs (Stripe: the client secret and publishable key for the
 * Payment Element; offline: nulls and `testMode`). One PaymentIntent per order (idempotency key
 * `order:<orderId>:intent`): a second call reuses it, a declined one is offered again; only a
 * cancelled intent is replaced (key `order:<orderId>:intent:<n>`). If the intent turns out to
 * have succeeded already, the order is settled and the payment comes back SUCCEEDED.
 * Errors: NOT_FOUND (also another customer's order), INVALID_STATE (not pending), HOLD_EXPIRED.
 */
export async function processPayment(deps: Deps, actor: Actor, orderId: string): Promise<TPaymentIntent> {
  const provider = paymentProvider(deps);
  const order = await getOwnOrder(deps, actor, orderId);
  assertPayable(order, deps.clock.now());
  const reusable = await deps.db.payment.findFirst({
    where: { orderId, provider: provider.name, status: { in: ['REQUIRES_CONFIRMATION', 'FAILED'] } },
    orderBy: { createdAt: 'desc' },
  });
  if (reusable) {
    const snap = await provider.retrieveIntent(reusable.providerRef);
    if (snap.state === 'succeeded') {
      await settlePayment(deps, reusable.providerRef, { paymentMethodRef: snap.paymentMethodRef });
      const now = await deps.db.payment.findUniqueOrThrow({ where: { id: reusable.id } });
      return toIntent(now, provider, null);
    }
    if (snap.state !== 'canceled') {
      if (reusable.status === 'FAILED') {
        // a declined intent can be paid again with another card (Stripe: requires_payment_method)
        await deps.db.payment.updateMany({
          where: { id: reusable.id, status: 'FAILED' },
          data: { status: 'REQUIRES_CONFIRMATION', failureReason: null },
        });
      }
      return toIntent({ ...reusable, status: 'REQUIRES_CONFIRMATION' }, provider, snap.clientSecret ?? null);
    }
    await deps.db.$transaction((tx) => cancelInTx(tx, reusable.providerRef));
  }
  const attempts = await deps.db.payment.count({ where: { orderId } });
  const intent = await provider.createIntent({
    amountMinor: order.totalMinor,
    currency: order.currency,
    orderId,
    orderCode: order.code,
    idempotencyKey: attempts === 0 ? `order:${orderId}:intent` : `order:${orderId}:intent:${attempts}`,
  });
  // two racing calls get the same intent (same key): one row
  await deps.db.payment.createMany({
    data: [
      {
        orderId,
        provider: provider.name,
        providerRef: intent.providerRef,
        status: 'REQUIRES_CONFIRMATION',
        amountMinor: order.totalMinor,
        currency: order.currency,
        createdAt: deps.clock.now(),
      },
    ],
    skipDuplicates: true,
  });
  const payment = await deps.db.payment.findUniqueOrThrow({ where: { providerRef: intent.providerRef } });
  return toIntent(payment, provider, intent.clientSecret);
}

/**
 * `POST /api/v1/payments/confirm/`: after the browser step, asks the provider how the payment
 * went and applies it (offline: this is the confirmation itself). Returns the order: PAID with
 * its tickets when the payment succeeded, still PENDING while the provider is processing or
 * waiting for the customer (3-D Secure) — the webhook settles it then.
 * Errors: NOT_FOUND (unknown or another customer's payment); CONFLICT with the decline message
 * (the payment is FAILED; the customer may try again); HOLD_EXPIRED (the hold ended; a payment that
 * still succeeded is refunded in full); INVALID_STATE (cancelled payment, order not payable).
 */
export async function confirmPayment(deps: Deps, actor: Actor, paymentId: string): Promise<TOrder> {
  const payment = requireOwned(
    'payment',
    await deps.db.payment.findUnique({
      where: { id: paymentId },
      select: {
        id: true,
        providerRef: true,
        provider: true,
        status: true,
        order: { select: { id: true, customerId: true, status: true, expiresAt: true } },
      },
    }),
    (p) => p.order.customerId,
    actor,
  );
  if (payment.status === 'SUCCEEDED') return getOwnOrder(deps, actor, payment.order.id);
  const provider = paymentProvider(deps);
  if (payment.provider !== provider.name) {
    throw new AppError('INVALID_STATE', 'This payment was made with another payment provider.');
  }
  const payable = payment.order.status === 'PENDING' && payment.order.expiresAt > deps.clock.now();
  // offline, `confirm` moves the (pretend) money: only while the order can take it
  const snap =
    payable && payment.status === 'REQUIRES_CONFIRMATION'
      ? await provider.confirm(payment.providerRef)
      : await provider.retrieveIntent(payment.providerRef);
  const notPayable = () =>
    payment.order.status === 'PENDING' || payment.order.status === 'EXPIRED'
      ? holdExpired()
      : new AppError('INVALID_STATE', `This order is ${payment.order.status.toLowerCase()}; it cannot be paid.`);

  switch (snap.state) {
    case 'succeeded': {
      faultPoint('kill-after-provider-confirm');
      const result = await settlePayment(deps, payment.providerRef, { paymentMethodRef: snap.paymentMethodRef });
      if (result.outcome === 'late') {
        throw new AppError(
          'HOLD_EXPIRED',
          'The hold on these tickets ended before the payment completed. The payment is being refunded in full.',
        );
      }
      return getOwnOrder(deps, actor, payment.order.id);
    }
    case 'failed': {
      await deps.db.$transaction((tx) => failInTx(tx, payment.providerRef, snap.failureReason));
      throw new AppError('CONFLICT', snap.failureReason ?? 'The payment was declined.');
    }
    case 'canceled': {
      await deps.db.$transaction((tx) => cancelInTx(tx, payment.providerRef));
      if (!payable) throw notPayable();
      throw new AppError('INVALID_STATE', 'This payment was cancelled. Start the payment again.');
    }
    default:
      // requires_action / processing: not decided yet; the webhook (or reconciliation) settles it
      if (!payable) throw notPayable();
      return getOwnOrder(deps, actor, payment.order.id);
  }
}

export interface OffSessionCharge {
  paymentId: string;
  orderId: string;
  status: TPaymentStatus;
  /** the decline message when FAILED */
  failureReason: string | null;
}

/**
 * Charges one of the customer's saved payment methods (`paymentMethodId`, else the default) for
 * their pending order without them present (issue 4 "saved payment methods"; NFC auto-reload). Success settles the order through
 * `settlePayment`; a decline leaves the payment FAILED and notifies the customer
 * (`payment.failed`). Idempotent per order and method (key `order:<orderId>:offsession:<methodId>`):
 * call it from a durable job so that a crash between the charge and the write is repaired by the
 * job's retry, which gets the same charge back.
 * Errors: NOT_FOUND (no such order of this user), INVALID_STATE (order not pending, no saved method).
 */
export async function chargeSavedMethod(
  deps: Deps,
  input: { userId: string; orderId: string; paymentMethodId?: string },
): Promise<OffSessionCharge> {
  const provider = paymentProvider(deps);
  const order = await deps.db.order.findFirst({
    where: { id: input.orderId, customerId: input.userId },
    select: { id: true, status: true, totalMinor: true, currency: true },
  });
  if (!order) throw new AppError('NOT_FOUND', 'No such order.');
  if (order.status !== 'PENDING') {
    throw new AppError('INVALID_STATE', `This order is ${order.status.toLowerCase()}; it cannot be paid.`);
  }
  const [method, user] = await Promise.all([
    deps.db.savedPaymentMethod.findFirst({
      where: {
        userId: input.userId,
        provider: provider.name,
        ...(input.paymentMethodId ? { id: input.paymentMethodId } : { isDefault: true }),
      },
      select: { id: true, providerRef: true },
    }),
    deps.db.user.findUniqueOrThrow({ where: { id: input.userId }, select: { stripeCustomerId: true } }),
  ]);
  if (!method || !user.stripeCustomerId)
    throw new AppError('INVALID_STATE', 'There is no saved payment method to charge.');
  const snap = await provider.chargeOffSession({
    amountMinor: order.totalMinor,
    currency: order.currency,
    customerRef: user.stripeCustomerId,
    paymentMethodRef: method.providerRef,
    orderId: order.id,
    idempotencyKey: `order:${order.id}:offsession:${method.id}`,
  });
  await deps.db.payment.createMany({
    data: [
      {
        orderId: order.id,
        provider: provider.name,
        providerRef: snap.providerRef,
        status: 'REQUIRES_CONFIRMATION',
        amountMinor: order.totalMinor,
        currency: order.currency,
        paymentMethodRef: method.providerRef,
        offSession: true,
        createdAt: deps.clock.now(),
      },
    ],
    skipDuplicates: true,
  });
  if (snap.state === 'succeeded') {
    await settlePayment(deps, snap.providerRef, { paymentMethodRef: method.providerRef });
  } else if (snap.state === 'failed') {
    const realtime = await deps.db.$transaction((tx) =>
      failAndNotifyInTx(deps, tx, snap.providerRef, snap.failureReason),
    );
    deps.realtime.push(...realtime);
  } else if (snap.state === 'canceled') {
    await deps.db.$transaction((tx) => cancelInTx(tx, snap.providerRef));
  }
  const payment = await deps.db.payment.findUniqueOrThrow({
    where: { providerRef: snap.providerRef },
    select: { id: true, status: true, failureReason: true },
  });
  return { paymentId: payment.id, orderId: order.id, status: payment.status, failureReason: payment.failureReason };
}
