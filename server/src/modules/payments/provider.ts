/**
 * The payment provider boundary (DESIGN.md "Payments"). Everything after it (settling the order,
 * issuing what was sold, the ledger, refunds) is the same code whichever provider is used.
 *
 * - Stripe (`stripe-provider.ts`) when `STRIPE_SECRET_KEY` is set: PaymentIntents created
 *   server-side with idempotency keys, confirmed in the browser by the Payment Element, settled
 *   by the signed webhook (source of truth) or by `confirm`/reconciliation re-reading the intent.
 * - The offline provider otherwise: it mirrors a PaymentIntent's life (created → confirmed →
 *   succeeded, or cancelled) and a refund's, in memory, without moving money; the SPAs show
 *   "Pay (test mode)".
 *
 * Amounts are integer minor units of an ISO 4217 currency.
 */
import { randomSecret } from '../../auth/tokens.ts';
import type { AppDeps } from '../../deps.ts';

export type ProviderName = 'OFFLINE' | 'STRIPE';
/** Stripe PaymentIntent statuses folded to what Admit acts on */
export type IntentState = 'requires_action' | 'processing' | 'succeeded' | 'failed' | 'canceled';

export interface CreatedIntent {
  providerRef: string;
  /** what the browser needs to confirm (Stripe Elements client secret); null offline */
  clientSecret: string | null;
}

export interface IntentSnapshot {
  providerRef: string;
  state: IntentState;
  amountMinor: number;
  currency: string;
  /** pm_… used, when known */
  paymentMethodRef: string | null;
  /** the decline / failure message, when failed */
  failureReason: string | null;
  /** what the browser needs to finish paying (Stripe client secret); null offline or unknown */
  clientSecret?: string | null;
}

export interface ProviderRefund {
  /** re_… / offre_… */
  refundRef: string;
  state: 'pending' | 'succeeded' | 'failed' | 'canceled';
  /** why the provider refused it, when failed */
  failureReason?: string | null;
}

export interface SavedMethodInfo {
  providerRef: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  /** the provider customer the method belongs to (cus_…); null when the provider cannot say */
  customerRef?: string | null;
}

export interface PaymentProviderAdapter {
  readonly name: ProviderName;
  readonly testMode: boolean;
  /** publishable key for the Payment Element; null offline */
  readonly publishableKey: string | null;
  createIntent(args: {
    amountMinor: number;
    currency: string;
    orderId: string;
    orderCode: string;
    /** Stripe Customer (cus_…) to attach, for saving the card or off-session use */
    customerRef?: string | null;
    idempotencyKey: string;
  }): Promise<CreatedIntent>;
  /** re-reads the intent (confirm after the browser step, reconciliation) */
  retrieveIntent(providerRef: string): Promise<IntentSnapshot>;
  /**
   * Server-side confirmation where the provider allows it (offline: succeeds unless the test
   * card says otherwise; Stripe: reads the intent the browser confirmed).
   */
  confirm(providerRef: string): Promise<IntentSnapshot>;
  /**
   * Cancels the intent so it can no longer be paid, and returns its state afterwards: `canceled`,
   * or `succeeded` when the money arrived first (the caller then takes the late-payment path), or
   * `processing` when it cannot be cancelled yet. Never throws for those states.
   */
  cancelIntent(providerRef: string): Promise<IntentSnapshot>;
  refund(args: {
    providerRef: string;
    amountMinor: number;
    idempotencyKey: string;
    reason?: string;
    /** Admit's Refund id, kept on the provider's refund (metadata) so webhooks can find it */
    refundId?: string;
  }): Promise<ProviderRefund>;
  /** a provider-side customer for saved payment methods (Stripe Customer) */
  ensureCustomer(args: {
    userId: string;
    email: string | null;
    name: string;
    existingRef: string | null;
  }): Promise<string>;
  /** SetupIntent for saving a card; returns its client secret (null offline) and id */
  createSetupIntent(args: {
    customerRef: string;
    idempotencyKey: string;
  }): Promise<{ setupRef: string; clientSecret: string | null }>;
  /** the card saved by a succeeded SetupIntent; null when unknown or not (yet) succeeded */
  retrieveSetupMethod(setupRef: string): Promise<SavedMethodInfo | null>;
  detachMethod(paymentMethodRef: string): Promise<void>;
  /**
   * Charges a saved method with the customer absent (NFC auto-reload). A decline is a `failed`
   * snapshot (with the decline message), not an exception.
   */
  chargeOffSession(args: {
    amountMinor: number;
    currency: string;
    customerRef: string;
    paymentMethodRef: string;
    orderId: string;
    idempotencyKey: string;
  }): Promise<IntentSnapshot>;
}

interface OfflineIntent {
  amountMinor: number;
  currency: string;
  pm: string | null;
  state: IntentState;
}

/**
 * The offline provider: test mode without moving money. It mirrors a PaymentIntent's life in
 * memory: created (`requires_action`: the customer has not paid yet), `confirm` → succeeded,
 * `cancelIntent` → canceled. Every create call honours its idempotency key (same key → same
 * object), like Stripe. An intent it has never seen (created by another process, or before a
 * restart) reads as `requires_action`: it cannot know, and it never reports money that was not
 * confirmed through it — so reconciliation never pays an order nobody paid.
 *
 * Test cards mirror Stripe's: a saved method whose reference ends in 0002 is declined off-session;
 * anything else succeeds. Refunds succeed immediately. Saved cards are Visa 4242.
 */
export function createOfflineProvider(): PaymentProviderAdapter {
  const intents = new Map<string, OfflineIntent>();
  const byKey = new Map<string, string>();
  const setups = new Map<string, { customerRef: string; method: SavedMethodInfo | null }>();
  const customers = new Map<string, string>();
  const once = (key: string, make: () => string) => {
    let ref = byKey.get(key);
    if (!ref) {
      ref = make();
      byKey.set(key, ref);
    }
    return ref;
  };
  const snapshot = (providerRef: string): IntentSnapshot => {
    const i = intents.get(providerRef);
    const state = i?.state ?? 'requires_action';
    return {
      providerRef,
      state,
      amountMinor: i?.amountMinor ?? 0,
      currency: i?.currency ?? 'EGP',
      paymentMethodRef: i?.pm ?? null,
      failureReason: state === 'failed' ? 'Your card was declined. (test mode)' : null,
      clientSecret: null,
    };
  };
  return {
    name: 'OFFLINE',
    testMode: true,
    publishableKey: null,
    async createIntent({ amountMinor, currency, idempotencyKey }) {
      const providerRef = once(`intent:${idempotencyKey}`, () => {
        const ref = `offpi_${randomSecret(12)}`;
        intents.set(ref, { amountMinor, currency, pm: null, state: 'requires_action' });
        return ref;
      });
      return { providerRef, clientSecret: null };
    },
    async retrieveIntent(providerRef) {
      return snapshot(providerRef);
    },
    async confirm(providerRef) {
      const i = intents.get(providerRef);
      if (!i) intents.set(providerRef, { amountMinor: 0, currency: 'EGP', pm: null, state: 'succeeded' });
      else if (i.state === 'requires_action' || i.state === 'failed') i.state = 'succeeded';
      return snapshot(providerRef);
    },
    async cancelIntent(providerRef) {
      const i = intents.get(providerRef);
      if (i && i.state !== 'succeeded') i.state = 'canceled';
      return i ? snapshot(providerRef) : { ...snapshot(providerRef), state: 'canceled' };
    },
    async refund({ idempotencyKey }) {
      return { refundRef: once(`refund:${idempotencyKey}`, () => `offre_${randomSecret(12)}`), state: 'succeeded' };
    },
    async ensureCustomer({ userId, existingRef }) {
      if (existingRef) return existingRef;
      let ref = customers.get(userId);
      if (!ref) {
        ref = `offcus_${randomSecret(12)}`;
        customers.set(userId, ref);
      }
      return ref;
    },
    async createSetupIntent({ customerRef, idempotencyKey }) {
      const setupRef = once(`setup:${idempotencyKey}`, () => {
        const ref = `offseti_${randomSecret(12)}`;
        setups.set(ref, { customerRef, method: null });
        return ref;
      });
      return { setupRef, clientSecret: null };
    },
    async retrieveSetupMethod(setupRef) {
      const setup = setups.get(setupRef);
      if (!setup) return null;
      // test mode: the customer "entered" Visa 4242 (there is no card form offline)
      setup.method ??= {
        providerRef: `offpm_${randomSecret(12)}`,
        brand: 'visa',
        last4: '4242',
        expMonth: 12,
        expYear: new Date().getUTCFullYear() + 3,
        customerRef: setup.customerRef,
      };
      return setup.method;
    },
    async detachMethod() {},
    async chargeOffSession({ amountMinor, currency, paymentMethodRef, idempotencyKey }) {
      const providerRef = once(`offsession:${idempotencyKey}`, () => {
        const ref = `offpi_${randomSecret(12)}`;
        const state = paymentMethodRef.endsWith('0002') ? 'failed' : 'succeeded';
        intents.set(ref, { amountMinor, currency, pm: paymentMethodRef, state });
        return ref;
      });
      return snapshot(providerRef);
    },
  };
}

export const offlineProvider = createOfflineProvider();

/**
 * The configured provider: `deps.payments` (main.ts puts the Stripe adapter there when
 * `STRIPE_SECRET_KEY` is set; tests put theirs), else the offline provider. Throws when Stripe is
 * configured but nothing was wired, rather than silently taking payments in test mode.
 */
export function paymentProvider(deps: AppDeps): PaymentProviderAdapter {
  if (deps.payments) return deps.payments;
  if (!deps.config.stripe) return offlineProvider;
  throw new Error('Stripe is configured but no Stripe provider was wired into deps.payments (see main.ts).');
}
