/**
 * The payment provider boundary (DESIGN.md "Payments"). Everything after `createIntent` /
 * `confirm` (settling the order, issuing tickets) is the same code whichever provider is used.
 *
 * The offline provider stands in when no `STRIPE_SECRET_KEY` is configured: it mirrors a
 * PaymentIntent's life (created → confirmed → succeeded) without moving money, and the SPAs
 * show a "Pay (test mode)" button. Stripe arrives with the payments issue behind this interface.
 */
import { randomSecret } from '../../auth/tokens.ts';

export interface CreatedIntent {
  providerRef: string;
  /** what the browser needs to confirm (Stripe Elements client secret); null offline */
  clientSecret: string | null;
}

export interface PaymentProviderAdapter {
  readonly name: 'OFFLINE' | 'STRIPE';
  readonly testMode: boolean;
  createIntent(args: {
    amountMinor: number;
    currency: string;
    orderId: string;
    idempotencyKey: string;
  }): Promise<CreatedIntent>;
  /** server-side confirmation; 'succeeded' | 'failed' */
  confirm(providerRef: string): Promise<'succeeded' | 'failed'>;
}

export const offlineProvider: PaymentProviderAdapter = {
  name: 'OFFLINE',
  testMode: true,
  async createIntent() {
    return { providerRef: `offpi_${randomSecret(12)}`, clientSecret: null };
  },
  async confirm() {
    return 'succeeded';
  },
};
