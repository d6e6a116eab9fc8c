/**
 * "Change mobile" (seed 003 Plan 4 Phase 5): the password and the new number, then the code
 * sent to the NEW number (`merchant.changeMobile` → `merchant.verifyMobileChange`). The new
 * number is also the one to sign in with from then on.
 */
import { fieldError, trpc } from '@admit/ui';
import {
  CodeStep,
  Field,
  FormError,
  normaliseMobile,
  PortalCard,
  useForgetSessionOn401,
} from '@admit/ui/portal/index.ts';
import { type FormEvent, useState } from 'react';
import { PORTAL } from '../portal.ts';

const FIELDS = ['newMobile', 'password'] as const;

export function ChangeMobileCard() {
  const utils = trpc.useUtils();
  const [newMobile, setNewMobile] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<{ sentTo: string; sentAt: number; resent: boolean } | null>(null);
  const [changedTo, setChangedTo] = useState<string | null>(null);
  const request = trpc.merchant.changeMobile.useMutation();
  const confirm = trpc.merchant.verifyMobileChange.useMutation({
    onSuccess: (r) => {
      setChangedTo(r.mobile);
      setChallenge(null);
      setNewMobile('');
      setPassword('');
      request.reset();
      void utils.merchant.settings.invalidate();
      void utils.auth.me.invalidate();
    },
  });
  useForgetSessionOn401(request.error ?? confirm.error);
  const cleanMobile = normaliseMobile(newMobile);

  const sendCode = (resent: boolean) => {
    confirm.reset();
    request.mutate(
      { newMobile: cleanMobile, password },
      { onSuccess: (c) => setChallenge({ sentTo: c.sentTo, sentAt: Date.now(), resent }) },
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChangedTo(null);
    sendCode(false);
  };

  return (
    <PortalCard title="Change mobile">
      {changedTo && !challenge && (
        <div className="notice notice--ok" role="status">
          Your mobile number is now <strong className="mono">{changedTo}</strong>. Use it to sign in from now on.
        </div>
      )}
      {challenge ? (
        <CodeStep
          sentTo={challenge.sentTo}
          sentAt={challenge.sentAt}
          resent={challenge.resent}
          intro="To confirm the new number, enter the code we sent to"
          error={confirm.error ?? request.error}
          pending={confirm.isPending}
          submitLabel="Confirm"
          pendingLabel="Confirming…"
          onSubmit={(code) => {
            request.reset();
            confirm.mutate({ code });
          }}
          onResend={() => sendCode(true)}
          resending={request.isPending}
          onBack={() => {
            confirm.reset();
            request.reset();
            setChallenge(null);
          }}
          backLabel="Cancel"
          devHint={PORTAL.devHint}
        />
      ) : (
        <>
          <p className="muted small">We send a code to the new number to make sure it is yours.</p>
          <form onSubmit={submit} noValidate>
            <Field
              label="New mobile number"
              name="newMobile"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              placeholder="+201001234567"
              required
              value={newMobile}
              onChange={(e) => setNewMobile(e.target.value)}
              error={fieldError(request.error, 'newMobile')}
            />
            <Field
              label="Password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={fieldError(request.error, 'password')}
              hint="Your current password, to confirm it is you."
            />
            <FormError error={request.error} fields={FIELDS} />
            <button
              type="submit"
              className="ui-button"
              disabled={request.isPending || cleanMobile === '' || password === ''}
            >
              {request.isPending ? 'Sending…' : 'Send code'}
            </button>
          </form>
        </>
      )}
    </PortalCard>
  );
}
