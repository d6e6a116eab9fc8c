/**
 * Stripe's Payment Element for a PaymentIntent (checkout) or a SetupIntent (saving a card).
 * This module is loaded with React.lazy only when the server says the provider is STRIPE, and
 * Stripe.js itself is fetched from js.stripe.com only when the form mounts (`@stripe/stripe-js/pure`
 * does not inject the script on import), so test mode never loads it.
 *
 * Confirmation uses `redirect: 'if_required'` (https://docs.stripe.com/js/payment_intents/confirm_payment):
 * cards finish in place; redirect-based methods come back to this page's URL. The server stays
 * the source of truth: after Stripe answers, the caller asks the server to confirm.
 */
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe } from '@stripe/stripe-js';
import { type FormEvent, useState } from 'react';

const loaded = new Map<string, Promise<Stripe | null>>();

/** One Stripe.js instance per publishable key for the page's lifetime. */
function stripeFor(publishableKey: string): Promise<Stripe | null> {
  let p = loaded.get(publishableKey);
  if (!p) {
    p = import('@stripe/stripe-js/pure').then(({ loadStripe }) => loadStripe(publishableKey));
    loaded.set(publishableKey, p);
  }
  return p;
}

export interface StripeOutcome {
  /** the intent's status after confirmation: `succeeded`, `processing`, `requires_capture`, … */
  status: string;
  /** the saved payment method (setup mode) */
  paymentMethodId: string | null;
}

export interface StripeFormProps {
  mode: 'payment' | 'setup';
  clientSecret: string;
  publishableKey: string;
  submitLabel: string;
  /** disables the button (e.g. the hold lapsed) */
  disabled?: boolean;
  /** Stripe accepted the details; the caller now confirms with the server */
  onConfirmed: (outcome: StripeOutcome) => Promise<void> | void;
}

function InnerForm({
  mode,
  submitLabel,
  disabled,
  onConfirmed,
}: Omit<StripeFormProps, 'clientSecret' | 'publishableKey'>) {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!stripe || !elements) return;
    setBusy(true);
    setMessage(null);
    try {
      const returnUrl = window.location.href;
      if (mode === 'payment') {
        const result = await stripe.confirmPayment({
          elements,
          redirect: 'if_required',
          confirmParams: { return_url: returnUrl },
        });
        if (result.error) {
          // card declined, incomplete details, authentication failed: Stripe's own words
          setMessage(result.error.message ?? 'The payment was not accepted.');
          return;
        }
        await onConfirmed({ status: result.paymentIntent.status, paymentMethodId: null });
      } else {
        const result = await stripe.confirmSetup({
          elements,
          redirect: 'if_required',
          confirmParams: { return_url: returnUrl },
        });
        if (result.error) {
          setMessage(result.error.message ?? 'The card was not saved.');
          return;
        }
        const pm = result.setupIntent.payment_method;
        await onConfirmed({
          status: result.setupIntent.status,
          paymentMethodId: typeof pm === 'string' ? pm : (pm?.id ?? null),
        });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="stripe-form" data-testid="stripe-form">
      <PaymentElement onReady={() => setReady(true)} options={{ layout: 'tabs' }} />
      {message && (
        <div className="ui-error" role="alert" data-testid="stripe-error">
          <strong>{message}</strong>
        </div>
      )}
      <div className="actions">
        <button type="submit" className="ui-button" disabled={!stripe || !ready || busy || disabled}>
          {busy ? 'Processing…' : submitLabel}
        </button>
      </div>
    </form>
  );
}

/** The Payment Element inside its Elements provider, bound to one intent's client secret. */
export default function StripeForm({ clientSecret, publishableKey, ...rest }: StripeFormProps) {
  const [stripe] = useState(() => stripeFor(publishableKey));
  return (
    <Elements
      key={clientSecret}
      stripe={stripe}
      options={{
        clientSecret,
        appearance: { theme: 'stripe', variables: { colorPrimary: '#4b3bf5', borderRadius: '8px' } },
      }}
    >
      <InnerForm {...rest} />
    </Elements>
  );
}
