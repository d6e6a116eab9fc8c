/**
 * The payment provider boundary (DESIGN.md "Payments"). Everything after it (settling the order,
 * issuing what was sold, the ledger, refunds) is the same code whichever provider is used.
 *
 * - Stripe (`stripe-provider.ts`) when `STRIPE_SECRET_KEY` is set: PaymentIntents created
 *   server-side with idempotency keys, confirmed in the browser by the Payment Element, settled
 *   by the signed webhook (source of truth) or by `confirm`/reconciliation re-reading the intent.
 * - The offline provider otherwise: it mirrors a PaymentIntent's life (created → succeeded) and
 *   a refund's, without moving money; the SPAs show "Pay (test mode)".
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
}

export interface ProviderRefund {
  /** re_… / offre_… */
  refundRef: string;
  state: 'pending' | 'succeeded' | 'failed' | 'canceled';
}

export interface SavedMethodInfo {
  providerRef: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
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
  cancelIntent(providerRef: string): Promise<void>;
  refund(args: {
    providerRef: string;
    amountMinor: number;
    idempotencyKey: string;
    reason?: string;
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
  /** the card saved by a succeeded SetupIntent */
  retrieveSetupMethod(setupRef: string): Promise<SavedMethodInfo | null>;
  detachMethod(paymentMethodRef: string): Promise<void>;
  /** charges a saved method with the customer absent (NFC auto-reload) */
  chargeOffSession(args: {
    amountMinor: number;
    currency: string;
    customerRef: string;
    paymentMethodRef: string;
    orderId: string;
    idempotencyKey: string;
  }): Promise<IntentSnapshot>;
}

/**
 * The offline provider. Test cards mirror Stripe's: a saved method whose last4 is 0002 is
 * declined; anything else succeeds. Refunds succeed immediately.
 */
export function createOfflineProvider(): PaymentProviderAdapter {
  const intents = new Map<string, { amountMinor: number; currency: string; pm: string | null }>();
  const snapshot = (providerRef: string, state: IntentState, pm: string | null = null): IntentSnapshot => {
    const i = intents.get(providerRef);
    return {
      providerRef,
      state,
      amountMinor: i?.amountMinor ?? 0,
      currency: i?.currency ?? 'EGP',
      paymentMethodRef: pm ?? i?.pm ?? null,
      failureReason: state === 'failed' ? 'Your card was declined. (test mode)' : null,
    };
  };
  return {
    name: 'OFFLINE',
    testMode: true,
    publishableKey: null,
    async createIntent({ amountMinor, currency }) {
      const providerRef = `offpi_${randomSecret(12)}`;
      intents.set(providerRef, { amountMinor, currency, pm: null });
      return { providerRef, clientSecret: null };
    },
    async retrieveIntent(providerRef) {
      return snapshot(providerRef, 'succeeded');
    },
    async confirm(providerRef) {
      return snapshot(providerRef, 'succeeded');
    },
    async cancelIntent() {},
    async refund() {
      return { refundRef: `offre_${randomSecret(12)}`, state: 'succeeded' };
    },
    async ensureCustomer({ existingRef }) {
      return existingRef ?? `offcus_${randomSecret(12)}`;
    },
    async createSetupIntent() {
      return { setupRef: `offseti_${randomSecret(12)}`, clientSecret: null };
    },
    async retrieveSetupMethod() {
      const year = new Date().getUTCFullYear() + 3;
      return { providerRef: `offpm_${randomSecret(12)}`, brand: 'visa', last4: '4242', expMonth: 12, expYear: year };
    },
    async detachMethod() {},
    async chargeOffSession({ amountMinor, currency, paymentMethodRef }) {
      const providerRef = `offpi_${randomSecret(12)}`;
      intents.set(providerRef, { amountMinor, currency, pm: paymentMethodRef });
      return snapshot(providerRef, paymentMethodRef.endsWith('0002') ? 'failed' : 'succeeded', paymentMethodRef);
    },
  };
}

export const offlineProvider = createOfflineProvider();

/** The configured provider: `deps.payments` when given (tests), else Stripe or offline by configuration. */
export function paymentProvider(deps: AppDeps): PaymentProviderAdapter {
  if (deps.payments) return deps.payments;
  if (!deps.config.stripe) return offlineProvider;
  throw new Error('Stripe is configured but no Stripe provider was wired into deps.payments (see main.ts).');
}
