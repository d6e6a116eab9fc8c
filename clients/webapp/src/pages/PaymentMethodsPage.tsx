/**
 * Saved cards (seed 002 "Payment Methods", seed 004 "payment information storage": Admit keeps
 * only the provider's reference, brand, last 4 digits and expiry). Adding a card goes through a
 * SetupIntent: with Stripe the Payment Element in setup mode collects it (Stripe.js is loaded only
 * then); in test mode "Save test card" stores the offline provider's Visa 4242. One card is the
 * default; removing one asks first.
 */
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, ErrorNotice, Spinner, trpc } from '@admit/ui';
import { ConfirmDialog } from '@admit/ui/console-controls.tsx';
import { lazy, Suspense, useState } from 'react';
import { AccountNav } from '../components/AccountNav.tsx';
import { LoadError } from '../session.tsx';

type Card = RouterOutputs['customer']['paymentMethods']['list']['items'][number];
type Setup = RouterOutputs['customer']['paymentMethods']['setup'];

const StripeForm = lazy(() => import('../components/StripeForm.tsx'));

const brandName = (brand: string) => (brand ? brand.charAt(0).toUpperCase() + brand.slice(1) : 'Card');
const cardName = (c: Card) => `${brandName(c.brand)} •••• ${c.last4}`;

function AddCard({ onDone }: { onDone: (message: string) => void }) {
  const utils = trpc.useUtils();
  const [setup, setSetup] = useState<Setup | null>(null);
  const start = trpc.customer.paymentMethods.setup.useMutation({ onSuccess: setSetup });
  const save = trpc.customer.paymentMethods.confirmSetup.useMutation({
    onSuccess: (card) => {
      setSetup(null);
      void utils.customer.paymentMethods.list.invalidate();
      onDone(`${cardName(card)} was saved.`);
    },
  });

  if (!setup) {
    return (
      <>
        <ErrorNotice error={start.error} />
        <button type="button" className="ui-button" onClick={() => start.mutate({})} disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Add a card'}
        </button>
      </>
    );
  }
  const cancel = (
    <button
      type="button"
      className="ui-button ui-button--ghost"
      onClick={() => setSetup(null)}
      disabled={save.isPending}
    >
      Cancel
    </button>
  );
  if (setup.clientSecret && setup.publishableKey) {
    return (
      <section className="ui-card stack" aria-label="New card">
        {setup.testMode && (
          <div className="notice notice--warn test-mode-banner" role="note">
            <strong>TEST MODE.</strong> Use card 4242 4242 4242 4242, any future date and any CVC.
          </div>
        )}
        <ErrorNotice error={save.error} />
        <Suspense fallback={<Spinner label="Loading the secure card form…" />}>
          <StripeForm
            mode="setup"
            clientSecret={setup.clientSecret}
            publishableKey={setup.publishableKey}
            submitLabel={save.isPending ? 'Saving…' : 'Save card'}
            disabled={save.isPending}
            onConfirmed={async () => {
              await save.mutateAsync({ setupRef: setup.setupRef }).catch(() => undefined);
            }}
          />
        </Suspense>
        <div className="actions">{cancel}</div>
      </section>
    );
  }
  return (
    <section className="ui-card stack" aria-label="New card">
      <div className="notice notice--warn test-mode-banner" role="note" data-testid="test-mode-banner">
        <strong>TEST MODE.</strong> No real card is stored: this saves the test card Visa •••• 4242.
      </div>
      <ErrorNotice error={save.error} />
      <div className="actions">
        <button
          type="button"
          className="ui-button"
          onClick={() => save.mutate({ setupRef: setup.setupRef })}
          disabled={save.isPending}
        >
          {save.isPending ? 'Saving…' : 'Save test card'}
        </button>
        {cancel}
      </div>
    </section>
  );
}

export function PaymentMethodsPage() {
  const utils = trpc.useUtils();
  const list = trpc.customer.paymentMethods.list.useQuery({});
  const [done, setDone] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Card | null>(null);
  const setDefault = trpc.customer.paymentMethods.setDefault.useMutation({
    onSuccess: (cards, { id }) => {
      const c = cards.items.find((x) => x.id === id);
      setDone(c ? `${cardName(c)} is now your default card.` : 'Default card changed.');
      utils.customer.paymentMethods.list.setData({}, cards);
    },
  });
  const remove = trpc.customer.paymentMethods.remove.useMutation({
    onSuccess: () => {
      if (removing) setDone(`${cardName(removing)} was removed.`);
      setRemoving(null);
      void utils.customer.paymentMethods.list.invalidate();
    },
  });

  return (
    <div className="page page--medium">
      <h1 className="page-title">Payment methods</h1>
      <AccountNav />
      {done && (
        <div className="notice notice--ok" role="status">
          {done}
        </div>
      )}
      <ErrorNotice error={setDefault.error} />
      {list.isPending ? (
        <Spinner label="Loading your cards…" />
      ) : list.isError && !list.data ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        <EmptyState title="No saved cards">
          <p>Save a card to pay faster and to top up your event card automatically.</p>
        </EmptyState>
      ) : list.data ? (
        <ul className="card-list" data-testid="saved-cards">
          {list.data.items.map((c) => (
            <li key={c.id} className="ui-card saved-card" data-testid="saved-card">
              <div>
                <strong>{cardName(c)}</strong> {c.isDefault && <span className="ui-badge badge--ok">Default</span>}
                <div className="muted small">
                  Expires {String(c.expMonth).padStart(2, '0')}/{c.expYear}
                  {c.provider === 'OFFLINE' && ' · test card'}
                </div>
              </div>
              <div className="row">
                {!c.isDefault && (
                  <button
                    type="button"
                    className="ui-button ui-button--ghost ui-button--small"
                    onClick={() => {
                      setDone(null);
                      setDefault.mutate({ id: c.id });
                    }}
                    disabled={setDefault.isPending}
                  >
                    Make default
                  </button>
                )}
                <button
                  type="button"
                  className="ui-button ui-button--ghost ui-button--danger ui-button--small"
                  onClick={() => {
                    setDone(null);
                    remove.reset();
                    setRemoving(c);
                  }}
                >
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <div style={{ marginTop: '1rem' }}>
        <AddCard onDone={setDone} />
      </div>
      <ConfirmDialog
        open={removing !== null}
        title="Remove this card?"
        confirmLabel="Remove card"
        cancelLabel="Keep it"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate({ id: removing.id })}
        onCancel={() => setRemoving(null)}
      >
        <p>
          {removing ? cardName(removing) : 'The card'} is deleted from your account and from our payment provider.
          Automatic top-ups that use it stop.
        </p>
      </ConfirmDialog>
    </div>
  );
}
