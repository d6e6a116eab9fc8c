/**
 * Applying Stripe webhook events (https://docs.stripe.com/webhooks; ADR 0011). Stripe delivers
 * at least once and in any order, so every event is applied so that replays and reorderings end
 * in the same state:
 *
 * - the event id goes into `WebhookEvent` in the SAME transaction as its effect (inserted first,
 *   `ON CONFLICT DO NOTHING`): a second delivery inserts nothing and changes nothing;
 * - effects are conditional UPDATEs that only move forward: a payment never leaves SUCCEEDED, a
 *   `payment_failed` after `succeeded` changes nothing, a `succeeded` after `payment_failed` settles
 *   (the customer paid with another card); ledger postings carry idempotency keys.
 *
 * Handled: payment_intent.succeeded | payment_failed | canceled, charge.refunded,
 * charge.refund.updated, refund.updated, charge.dispute.created. Anything else is ignored.
 */
import type Stripe from 'stripe';
import type { Deps } from '../../deps.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import { accounts, post } from '../ledger/ledger.ts';
import { notify } from '../notifications/notification.service.ts';
import { formatMoney } from '../notifications/templates.ts';
import type { Tx } from '../orders/capacity.ts';
import { applyProviderRefundUpdate } from '../refunds/refunds.service.ts';
import { cancelInTx, failAndNotifyInTx, SETTLE_TX, type SettleResult, settleInTx } from './settle.ts';
import type { StripeProvider } from './stripe-provider.ts';

export const HANDLED_STRIPE_EVENTS = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'charge.refunded',
  'charge.refund.updated',
  'refund.updated',
  'charge.dispute.created',
] as const;
const HANDLED = new Set<string>(HANDLED_STRIPE_EVENTS);

export type WebhookOutcome = 'applied' | 'duplicate' | 'ignored';

const idOf = (v: string | { id: string } | null | undefined): string | null =>
  v == null ? null : typeof v === 'string' ? v : v.id;

const refundState = (s: string | null | undefined): 'pending' | 'succeeded' | 'failed' | 'canceled' =>
  s === 'succeeded' ? 'succeeded' : s === 'failed' ? 'failed' : s === 'canceled' ? 'canceled' : 'pending';

/**
 * Applies one verified event. Returns `duplicate` when this event id was applied before,
 * `ignored` for types Admit does not act on. Realtime messages go to `deps.realtime` (the caller
 * publishes them). A late payment's refund is left to its job (the response stays fast).
 * Throws on database errors (the route answers 500 and Stripe retries).
 */
export async function applyStripeEvent(
  deps: Deps,
  stripe: StripeProvider,
  event: Stripe.Event,
): Promise<WebhookOutcome> {
  if (!HANDLED.has(event.type)) return 'ignored';
  const object = event.data.object as { id?: string };
  const record = async (tx: Tx) => {
    const { count } = await tx.webhookEvent.createMany({
      data: [
        {
          id: event.id,
          provider: 'STRIPE',
          type: event.type,
          objectId: object.id ?? null,
          receivedAt: deps.clock.now(),
        },
      ],
      skipDuplicates: true,
    });
    return count === 1;
  };

  if (event.type === 'charge.refunded' || event.type === 'charge.refund.updated' || event.type === 'refund.updated') {
    return applyRefundEvent(deps, stripe, event, record);
  }

  const realtime = await deps.db.$transaction(async (tx): Promise<RealtimeMessage[] | null> => {
    if (!(await record(tx))) return null;
    switch (event.type) {
      case 'payment_intent.succeeded': {
        const pi = event.data.object;
        const result: SettleResult = await settleInTx(deps, tx, pi.id, { paymentMethodRef: idOf(pi.payment_method) });
        if (result.outcome === 'unknown') unknownIntent(deps, event, pi.id);
        return result.realtime;
      }
      case 'payment_intent.payment_failed': {
        const pi = event.data.object;
        return failAndNotifyInTx(deps, tx, pi.id, pi.last_payment_error?.message ?? null);
      }
      case 'payment_intent.canceled':
        await cancelInTx(tx, event.data.object.id);
        return [];
      case 'charge.dispute.created':
        return disputeInTx(deps, tx, event.data.object);
      default:
        return [];
    }
  }, SETTLE_TX);
  if (realtime === null) return 'duplicate';
  deps.realtime.push(...realtime);
  return 'applied';
}

function unknownIntent(deps: Deps, event: Stripe.Event, ref: string) {
  // a PaymentIntent Admit did not create (another integration on the same Stripe account)
  deps.log.info(
    { source: 'payments', eventId: event.id, type: event.type, ref },
    'webhook for an unknown PaymentIntent',
  );
}

/**
 * Refund outcomes belong to the refunds module (`applyProviderRefundUpdate`, which opens its own
 * transactions and is idempotent and order-independent itself). So here the event is recorded
 * after applying, and skipped if it was recorded before: a crash in between re-applies an
 * idempotent update on the next delivery, nothing more.
 */
async function applyRefundEvent(
  deps: Deps,
  stripe: StripeProvider,
  event: Stripe.Event,
  record: (tx: Tx) => Promise<boolean>,
): Promise<WebhookOutcome> {
  if (await deps.db.webhookEvent.findUnique({ where: { id: event.id }, select: { id: true } })) return 'duplicate';
  let refunds: Stripe.Refund[];
  if (event.type === 'charge.refunded') {
    const charge = event.data.object as Stripe.Charge;
    // API versions since 2022-11-15 no longer embed the charge's refunds: list them then
    refunds = charge.refunds?.data ?? (await stripe.refundsOfCharge(charge.id));
  } else {
    refunds = [event.data.object as Stripe.Refund];
  }
  for (const re of refunds) {
    await applyProviderRefundUpdate(deps, {
      refundRef: re.id,
      state: refundState(re.status),
      failureReason: re.failure_reason ?? null,
      refundId: re.metadata?.refundId ?? null,
    });
  }
  const fresh = await deps.db.$transaction(record);
  return fresh ? 'applied' : 'duplicate';
}

/**
 * `charge.dispute.created`: the card holder disputed a charge and Stripe holds the amount.
 * Marks the payment disputed, posts DISPUTE `dispute:<dp_id>` (Dr disputes, Cr clearing), writes
 * a WARN system log entry and tells every active admin in-app (`payment.disputed`), once.
 */
async function disputeInTx(deps: Deps, tx: Tx, dispute: Stripe.Dispute): Promise<RealtimeMessage[]> {
  const ref = idOf(dispute.payment_intent);
  const payment = ref
    ? await tx.payment.findUnique({
        where: { providerRef: ref },
        select: { id: true, orderId: true, order: { select: { code: true } } },
      })
    : null;
  if (!payment) {
    deps.log.info({ source: 'payments', disputeId: dispute.id, ref }, 'dispute on a charge Admit did not make');
    return [];
  }
  const now = deps.clock.now();
  const currency = dispute.currency.toUpperCase();
  await tx.payment.updateMany({ where: { id: payment.id, disputedAt: null }, data: { disputedAt: now } });
  const { posted } = await post(tx, {
    kind: 'DISPUTE',
    idempotencyKey: `dispute:${dispute.id}`,
    description: `Dispute ${dispute.id} on order ${payment.order.code} (${dispute.reason})`,
    occurredAt: now,
    orderId: payment.orderId,
    paymentId: payment.id,
    entries: [
      { account: accounts.disputes(currency), amountMinor: dispute.amount },
      { account: accounts.clearing(currency), amountMinor: -dispute.amount },
    ],
  });
  if (!posted) return [];
  await tx.systemLog.create({
    data: {
      at: now,
      level: 'WARN',
      source: 'payments',
      message: `Charge disputed: order ${payment.order.code}, ${formatMoney(dispute.amount, currency)} (${dispute.reason})`,
      context: { disputeId: dispute.id, paymentId: payment.id, orderId: payment.orderId, reason: dispute.reason },
    },
  });
  const admins = await tx.user.findMany({ where: { role: 'ADMIN', status: 'ACTIVE' }, select: { id: true } });
  const realtime: RealtimeMessage[] = [];
  for (const admin of admins) {
    const sent = await notify(deps, tx, {
      userId: admin.id,
      kind: 'payment.disputed',
      vars: { orderCode: payment.order.code, amountMinor: dispute.amount, currency, reason: dispute.reason },
    });
    realtime.push(...sent.realtime);
  }
  return realtime;
}
