/**
 * The Stripe side of the payment provider boundary (provider.ts), with the official SDK (v23):
 *
 * - every create call carries an idempotency key (https://docs.stripe.com/api/idempotent_requests),
 *   so a retried request (ours or the SDK's own network retries) never creates a second object;
 * - PaymentIntents are created server-side with `automatic_payment_methods` and confirmed in the
 *   browser by the Payment Element (https://docs.stripe.com/payments/accept-a-payment);
 *   `confirm` re-reads the intent, the webhook (http/stripe-webhook.ts) is the source of truth;
 * - saved cards: Customers + SetupIntents with `usage: off_session`, charged later with
 *   `off_session: true, confirm: true` (https://docs.stripe.com/payments/save-and-reuse);
 *   a decline there is a `failed` snapshot, not an exception.
 *
 * Amounts are integer minor units both here and at Stripe; currencies are upper-case ISO 4217
 * in Admit and lower-case at Stripe.
 */
import Stripe from 'stripe';
import type { Config } from '../../config.ts';
import type { IntentSnapshot, IntentState, PaymentProviderAdapter, SavedMethodInfo } from './provider.ts';

export type StripeConfig = NonNullable<Config['stripe']>;

/** A Stripe client for `config` (host/port/protocol from `apiBase` when set: a local stand-in in tests). */
export function stripeClient(config: StripeConfig): Stripe {
  const base = config.apiBase ? new URL(config.apiBase) : null;
  return new Stripe(config.secretKey, {
    maxNetworkRetries: 2,
    timeout: 30_000,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'http:' ? 80 : 443),
          protocol: base.protocol === 'http:' ? 'http' : 'https',
        }
      : {}),
  });
}

/** Stripe's PaymentIntent status folded to what Admit acts on. */
export function foldIntentStatus(pi: Pick<Stripe.PaymentIntent, 'status' | 'last_payment_error'>): IntentState {
  switch (pi.status) {
    case 'succeeded':
      return 'succeeded';
    case 'canceled':
      return 'canceled';
    case 'processing':
    case 'requires_capture':
      return 'processing';
    case 'requires_payment_method':
      // back to requires_payment_method after a decline: failed (the customer may try another card)
      return pi.last_payment_error ? 'failed' : 'requires_action';
    default:
      return 'requires_action';
  }
}

const idOf = (v: string | { id: string } | null | undefined): string | null =>
  v == null ? null : typeof v === 'string' ? v : v.id;

export function intentSnapshot(pi: Stripe.PaymentIntent): IntentSnapshot {
  return {
    providerRef: pi.id,
    state: foldIntentStatus(pi),
    amountMinor: pi.amount,
    currency: pi.currency.toUpperCase(),
    paymentMethodRef: idOf(pi.payment_method) ?? idOf(pi.last_payment_error?.payment_method),
    failureReason: pi.last_payment_error?.message ?? null,
    clientSecret: pi.client_secret,
  };
}

const isStripeError = (err: unknown): err is Stripe.errors.StripeError =>
  err instanceof Error && typeof (err as { type?: unknown }).type === 'string' && 'raw' in err;

/** 404 resource_missing: the object does not exist (or not in this account). */
const isMissing = (err: unknown) => isStripeError(err) && (err.code === 'resource_missing' || err.statusCode === 404);

function methodInfo(pm: Stripe.PaymentMethod, customerRef: string | null): SavedMethodInfo {
  return {
    providerRef: pm.id,
    brand: pm.card?.brand ?? pm.type,
    last4: pm.card?.last4 ?? '0000',
    expMonth: pm.card?.exp_month ?? 1,
    expYear: pm.card?.exp_year ?? 1970,
    customerRef: idOf(pm.customer) ?? customerRef,
  };
}

export interface StripeProvider extends PaymentProviderAdapter {
  readonly stripe: Stripe;
  /** Verifies `Stripe-Signature` over the raw body; throws Stripe's SignatureVerificationError. */
  constructEvent(raw: Buffer, signature: string): Stripe.Event;
  /** The refunds of a charge (charge.refunded events no longer embed them since API 2022-11-15). */
  refundsOfCharge(chargeRef: string): Promise<Stripe.Refund[]>;
}

export function createStripeProvider(config: StripeConfig): StripeProvider {
  const stripe = stripeClient(config);
  const testMode = config.secretKey.startsWith('sk_test_');
  const retrieve = async (providerRef: string) => intentSnapshot(await stripe.paymentIntents.retrieve(providerRef));
  return {
    name: 'STRIPE',
    testMode,
    publishableKey: config.publishableKey,
    stripe,
    constructEvent(raw, signature) {
      return stripe.webhooks.constructEvent(raw, signature, config.webhookSecret);
    },
    async refundsOfCharge(chargeRef) {
      const page = await stripe.refunds.list({ charge: chargeRef, limit: 100 });
      return page.data;
    },
    async createIntent({ amountMinor, currency, orderId, orderCode, customerRef, idempotencyKey }) {
      const pi = await stripe.paymentIntents.create(
        {
          amount: amountMinor,
          currency: currency.toLowerCase(),
          metadata: { orderId, orderCode },
          automatic_payment_methods: { enabled: true },
          description: `Admit order ${orderCode}`,
          ...(customerRef ? { customer: customerRef } : {}),
        },
        { idempotencyKey },
      );
      return { providerRef: pi.id, clientSecret: pi.client_secret };
    },
    retrieveIntent: retrieve,
    // the browser confirmed with the Payment Element; the server only reads the outcome
    confirm: retrieve,
    async cancelIntent(providerRef) {
      try {
        return intentSnapshot(await stripe.paymentIntents.cancel(providerRef));
      } catch (err) {
        // payment_intent_unexpected_state: already succeeded, canceled or processing — say which
        if (isStripeError(err) && err.statusCode === 400) return retrieve(providerRef);
        throw err;
      }
    },
    async refund({ providerRef, amountMinor, idempotencyKey, refundId, reason }) {
      const re = await stripe.refunds.create(
        {
          payment_intent: providerRef,
          amount: amountMinor,
          metadata: { ...(refundId ? { refundId } : {}), ...(reason ? { reason } : {}) },
        },
        { idempotencyKey },
      );
      const state =
        re.status === 'succeeded'
          ? 'succeeded'
          : re.status === 'failed'
            ? 'failed'
            : re.status === 'canceled'
              ? 'canceled'
              : 'pending';
      return { refundRef: re.id, state, failureReason: re.failure_reason ?? null };
    },
    async ensureCustomer({ userId, email, name, existingRef }) {
      if (existingRef) return existingRef;
      const customer = await stripe.customers.create(
        { name, ...(email ? { email } : {}), metadata: { userId } },
        { idempotencyKey: `customer:${userId}` },
      );
      return customer.id;
    },
    async createSetupIntent({ customerRef, idempotencyKey }) {
      const si = await stripe.setupIntents.create(
        { customer: customerRef, usage: 'off_session', automatic_payment_methods: { enabled: true } },
        { idempotencyKey },
      );
      return { setupRef: si.id, clientSecret: si.client_secret };
    },
    async retrieveSetupMethod(setupRef) {
      let si: Stripe.SetupIntent;
      try {
        si = await stripe.setupIntents.retrieve(setupRef, { expand: ['payment_method'] });
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
      if (si.status !== 'succeeded' || !si.payment_method) return null;
      const pm =
        typeof si.payment_method === 'string'
          ? await stripe.paymentMethods.retrieve(si.payment_method)
          : si.payment_method;
      return methodInfo(pm, idOf(si.customer));
    },
    async detachMethod(paymentMethodRef) {
      try {
        await stripe.paymentMethods.detach(paymentMethodRef);
      } catch (err) {
        // already detached (or deleted at Stripe): the goal is reached
        if (!isMissing(err) && !(isStripeError(err) && err.statusCode === 400)) throw err;
      }
    },
    async chargeOffSession({ amountMinor, currency, customerRef, paymentMethodRef, orderId, idempotencyKey }) {
      try {
        const pi = await stripe.paymentIntents.create(
          {
            amount: amountMinor,
            currency: currency.toLowerCase(),
            customer: customerRef,
            payment_method: paymentMethodRef,
            off_session: true,
            confirm: true,
            metadata: { orderId },
          },
          { idempotencyKey },
        );
        return intentSnapshot(pi);
      } catch (err) {
        // a decline is an answer, not a failure: 402 card_error with the PaymentIntent attached
        if (isStripeError(err) && err.type === 'StripeCardError') {
          const pi = err.payment_intent;
          return {
            providerRef: pi?.id ?? `declined:${idempotencyKey}`,
            state: 'failed',
            amountMinor,
            currency: currency.toUpperCase(),
            paymentMethodRef,
            failureReason: err.message,
            clientSecret: null,
          };
        }
        throw err;
      }
    },
  };
}
