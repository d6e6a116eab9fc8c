/**
 * Assign an NFC card (seed 003 Plan 4 Phase 3), as a three-step wizard:
 *   1. the customer's mobile → `merchant.verifyCustomer` (registered? card fee paid?);
 *   2. the card's UID, typed or read with Web NFC where the browser has it →
 *      `merchant.assignCard` (the card must be in this merchant's stock; a code goes to the customer);
 *   3. the code the customer reads out → `merchant.verifyCustomerOtp` → the success screen.
 */
import { fieldError, Spinner, trpc } from '@admit/ui';
import { formatDateTime } from '@admit/ui/console-controls.tsx';
import {
  CodeStep,
  Field,
  FormError,
  normaliseMobile,
  PortalCard,
  useForgetSessionOn401,
} from '@admit/ui/portal/index.ts';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { PORTAL } from '../portal.ts';

type Verified = {
  registered: boolean;
  name?: string | undefined;
  status: string;
  feesPaid: boolean;
  activeCards: number;
};

interface Assigned {
  id: string;
  uid: string;
  customerName: string;
  assignedAt: Date;
}

/** Web NFC (Chrome on Android): https://w3c.github.io/web-nfc/ */
interface NdefReadingEvent extends Event {
  serialNumber: string;
}
interface NdefReaderLike {
  scan(options?: { signal?: AbortSignal }): Promise<void>;
  addEventListener(type: 'reading', listener: (e: NdefReadingEvent) => void, options?: { once?: boolean }): void;
  addEventListener(type: 'readingerror', listener: () => void, options?: { once?: boolean }): void;
}
const NdefReader = (globalThis as { NDEFReader?: new () => NdefReaderLike }).NDEFReader;

/** "04:a1:b2:…" → "04A1B2…" (the server stores upper-case hex). */
const cleanUid = (raw: string) => raw.replace(/[:\s-]/g, '').toUpperCase();

const STEPS = ['Customer', 'Card', 'Customer code'] as const;

function Steps({ current }: { current: number }) {
  return (
    <ol className="wizard-steps" aria-label="Steps">
      {STEPS.map((label, i) => (
        <li
          key={label}
          className={i === current ? 'is-current' : i < current ? 'is-done' : undefined}
          aria-current={i === current ? 'step' : undefined}
        >
          <span className="wizard-steps__n">{i + 1}</span> {label}
        </li>
      ))}
    </ol>
  );
}

function CustomerFacts({ mobile, v }: { mobile: string; v: Verified }) {
  return (
    <dl className="facts" data-testid="customer-check">
      <dt>Mobile</dt>
      <dd className="mono">{mobile}</dd>
      <dt>Registered</dt>
      <dd>{v.registered ? `Yes — ${v.name}` : 'No'}</dd>
      {v.registered && (
        <>
          <dt>Account</dt>
          <dd>{v.status === 'ACTIVE' ? 'Active' : 'Not active'}</dd>
          <dt>Card fee</dt>
          <dd>{v.feesPaid ? 'Paid' : 'Not paid'}</dd>
          <dt>Active cards</dt>
          <dd>{v.activeCards}</dd>
        </>
      )}
    </dl>
  );
}

function NfcReadButton({ onUid }: { onUid: (uid: string) => void }) {
  const [state, setState] = useState<'idle' | 'scanning' | 'error'>('idle');
  const [message, setMessage] = useState('');
  if (!NdefReader) {
    return (
      <p className="field-hint" data-testid="nfc-unavailable">
        This browser cannot read NFC cards (Web NFC works in Chrome on Android). Type the UID printed on the card.
      </p>
    );
  }
  const scan = async () => {
    const controller = new AbortController();
    setState('scanning');
    setMessage('Hold the card against the back of the phone…');
    try {
      const reader = new NdefReader();
      reader.addEventListener(
        'reading',
        (e) => {
          controller.abort();
          setState('idle');
          setMessage('');
          onUid(cleanUid(e.serialNumber));
        },
        { once: true },
      );
      reader.addEventListener('readingerror', () => {
        setState('error');
        setMessage('The card could not be read. Try again or type the UID.');
      });
      await reader.scan({ signal: controller.signal });
    } catch (err) {
      setState('error');
      setMessage(
        err instanceof Error && err.name === 'NotAllowedError'
          ? 'NFC permission was refused. Allow NFC for this site, or type the UID.'
          : 'NFC is not available right now (is it switched on?). Type the UID instead.',
      );
    }
  };
  return (
    <div className="row">
      <button
        type="button"
        className="ui-button ui-button--ghost ui-button--small"
        onClick={() => void scan()}
        disabled={state === 'scanning'}
      >
        {state === 'scanning' ? 'Waiting for a card…' : 'Read with NFC'}
      </button>
      {message && (
        <span className={state === 'error' ? 'ui-field__error' : 'field-hint'} role="status">
          {message}
        </span>
      )}
    </div>
  );
}

export function AssignCardPage() {
  const utils = trpc.useUtils();
  const [step, setStep] = useState(0);
  const [mobile, setMobile] = useState('');
  const [checked, setChecked] = useState<{ mobile: string; v: Verified } | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<unknown>(null);
  const [uid, setUid] = useState('');
  const [challenge, setChallenge] = useState<{
    assignmentId: string;
    sentTo: string;
    sentAt: number;
    resent: boolean;
  } | null>(null);
  const [done, setDone] = useState<Assigned | null>(null);

  const assign = trpc.merchant.assignCard.useMutation();
  const confirm = trpc.merchant.verifyCustomerOtp.useMutation({
    onSuccess: (r) => {
      setDone(r.card);
      void utils.merchant.dashboardStats.invalidate();
      void utils.merchant.cards.list.invalidate();
    },
  });
  const cancel = trpc.merchant.cancelAssignment.useMutation({
    onSettled: () => void utils.merchant.cards.list.invalidate(),
  });
  useForgetSessionOn401(checkError ?? assign.error ?? confirm.error ?? cancel.error);

  const reset = () => {
    setStep(0);
    setMobile('');
    setChecked(null);
    setCheckError(null);
    setUid('');
    setChallenge(null);
    setDone(null);
    assign.reset();
    confirm.reset();
  };

  const check = async (e: FormEvent) => {
    e.preventDefault();
    const clean = normaliseMobile(mobile);
    setChecking(true);
    setCheckError(null);
    setChecked(null);
    try {
      const v = await utils.merchant.verifyCustomer.fetch({ mobile: clean }, { staleTime: 0 });
      setChecked({ mobile: clean, v });
    } catch (err) {
      setCheckError(err);
    } finally {
      setChecking(false);
    }
  };

  const sendAssignment = (resend: boolean) => {
    if (!checked) return;
    assign.mutate(
      { mobile: checked.mobile, cardUid: cleanUid(uid) },
      {
        onSuccess: (r) => {
          confirm.reset();
          setChallenge({ assignmentId: r.assignmentId, sentTo: r.sentTo, sentAt: Date.now(), resent: resend });
          setStep(2);
        },
      },
    );
  };

  if (done) {
    return (
      <div className="page page--narrow">
        <h1 className="page-title">Assign a card</h1>
        <PortalCard title="Card assigned">
          <div className="notice notice--ok" role="status" data-testid="assign-success">
            Card <strong className="mono">{done.uid}</strong> now belongs to <strong>{done.customerName}</strong>.
          </div>
          <dl className="facts">
            <dt>Assigned</dt>
            <dd>{formatDateTime(done.assignedAt)}</dd>
          </dl>
          <div className="row">
            <button type="button" className="ui-button" onClick={reset}>
              Assign another card
            </button>
            <Link to="/cards">Card inventory</Link>
          </div>
        </PortalCard>
      </div>
    );
  }

  const ready = checked?.v.registered && checked.v.status === 'ACTIVE' && checked.v.feesPaid;

  return (
    <div className="page page--narrow">
      <h1 className="page-title">Assign a card</h1>
      <p className="page-intro">
        Hand one of your stock cards to a customer who paid the card fee. The customer receives a code by SMS and reads
        it to you.
      </p>
      <Steps current={step} />

      {step === 0 && (
        <PortalCard title="Customer">
          <form onSubmit={(e) => void check(e)} noValidate>
            <Field
              label="Customer mobile number"
              name="mobile"
              type="tel"
              inputMode="tel"
              autoComplete="off"
              placeholder="+201001234567"
              required
              value={mobile}
              onChange={(e) => {
                setMobile(e.target.value);
                setChecked(null);
              }}
              error={fieldError(checkError, 'mobile')}
              hint="International format, e.g. +201001234567"
            />
            <FormError error={checkError} fields={['mobile']} />
            <button type="submit" className="ui-button" disabled={checking || normaliseMobile(mobile).length < 8}>
              {checking ? 'Checking…' : 'Check customer'}
            </button>
          </form>
          {checking && <Spinner label="Checking the customer…" />}
          {checked && (
            <div className="stack wizard-result">
              <CustomerFacts mobile={checked.mobile} v={checked.v} />
              {!checked.v.registered ? (
                <div className="notice" role="status">
                  No customer is registered with this number. Ask them to sign up in the Admit app first.
                </div>
              ) : checked.v.status !== 'ACTIVE' ? (
                <div className="notice" role="status">
                  This account is not active, so no card can be assigned to it.
                </div>
              ) : !checked.v.feesPaid ? (
                <div className="notice" role="status">
                  The card fee is not paid. The customer can request a card and pay the fee in the Admit app.
                </div>
              ) : null}
              {ready && (
                <button type="button" className="ui-button" onClick={() => setStep(1)}>
                  Continue
                </button>
              )}
            </div>
          )}
        </PortalCard>
      )}

      {step === 1 && checked && (
        <PortalCard title="Card">
          <p>
            For <strong>{checked.v.name}</strong> ({checked.mobile}).
          </p>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              sendAssignment(false);
            }}
            noValidate
          >
            <Field
              label="Card UID"
              name="cardUid"
              className="mono"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              placeholder="04A1B2C3D4E5F6"
              required
              value={uid}
              onChange={(e) => setUid(e.target.value)}
              error={fieldError(assign.error, 'cardUid')}
              hint="Printed on the card: 8, 14 or 20 hex characters"
            />
            <NfcReadButton onUid={setUid} />
            <FormError error={assign.error} fields={['cardUid']} />
            <div className="row">
              <button type="submit" className="ui-button" disabled={assign.isPending || cleanUid(uid).length < 8}>
                {assign.isPending ? 'Assigning…' : 'Assign card'}
              </button>
              <button type="button" className="link-button" onClick={() => setStep(0)}>
                Change customer
              </button>
            </div>
          </form>
        </PortalCard>
      )}

      {step === 2 && challenge && checked && (
        <PortalCard title="Customer code">
          <CodeStep
            sentTo={challenge.sentTo}
            sentAt={challenge.sentAt}
            intro={`Ask ${checked.v.name} for the 6-digit code we sent to`}
            error={confirm.error ?? assign.error}
            pending={confirm.isPending}
            submitLabel="Confirm assignment"
            pendingLabel="Confirming…"
            onSubmit={(code) => confirm.mutate({ assignmentId: challenge.assignmentId, code })}
            onResend={() => sendAssignment(true)}
            resending={assign.isPending}
            resent={challenge.resent}
            onBack={() => {
              // withdraw the pending assignment so the typed card is free again at once
              cancel.mutate({ id: challenge.assignmentId });
              confirm.reset();
              assign.reset();
              setChallenge(null);
              setStep(1);
            }}
            backLabel="Change card"
            devHint={PORTAL.devHint}
          />
        </PortalCard>
      )}
    </div>
  );
}
