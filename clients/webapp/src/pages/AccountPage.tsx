/**
 * The customer's account: who is signed in, password, devices, and data rights (download all
 * data as JSON; erase personal data — orders and tickets stay for the books, anonymised).
 */
import { ErrorNotice, fieldError, trpc } from '@admit/ui';
import { ChangePasswordCard, DevicesCard, PortalCard } from '@admit/ui/portal/index.ts';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { AccountNav } from '../components/AccountNav.tsx';
import { RaffleStatsCards } from './raffles/MyRafflesPage.tsx';

function PrivacyCard() {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');
  const erase = trpc.customer.privacy.erase.useMutation({
    onSuccess: async () => {
      await utils.invalidate();
      navigate('/?erased=1');
    },
  });

  const download = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      const res = await fetch('/api/v1/users/me/export/', { credentials: 'include' });
      if (!res.ok) throw new Error(`The export failed (HTTP ${res.status}).`);
      const url = URL.createObjectURL(new Blob([await res.text()], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `admit-my-data-${new Date().toISOString().slice(0, 10)}.json`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (err) {
      setDownloadError((err as Error).message);
    } finally {
      setDownloading(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    erase.mutate({ password });
  };

  return (
    <PortalCard title="Your data">
      <p className="muted small">
        Download everything Admit holds about you: profile, orders, tickets, cards and sign-ins.
      </p>
      <button type="button" className="ui-button ui-button--ghost" onClick={download} disabled={downloading}>
        {downloading ? 'Preparing…' : 'Download my data'}
      </button>
      {downloadError && (
        <div className="ui-error" role="alert">
          {downloadError}
        </div>
      )}
      <hr />
      {!confirming ? (
        <button type="button" className="ui-button ui-button--danger" onClick={() => setConfirming(true)}>
          Delete my personal data
        </button>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>
            This removes your name, mobile, e-mail and health details and signs you out everywhere. Orders and tickets
            stay in our books without your name. It cannot be undone.
          </p>
          <div className="ui-field">
            <label htmlFor="erase-password">Password</label>
            <input
              id="erase-password"
              className="ui-input"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            {fieldError(erase.error, 'password') && (
              <span className="ui-field__error">{fieldError(erase.error, 'password')}</span>
            )}
          </div>
          {erase.error && !fieldError(erase.error, 'password') && <ErrorNotice error={erase.error} />}
          <button type="submit" className="ui-button ui-button--danger" disabled={!password || erase.isPending}>
            {erase.isPending ? 'Deleting…' : 'Delete permanently'}
          </button>{' '}
          <button type="button" className="ui-button ui-button--ghost" onClick={() => setConfirming(false)}>
            Keep my account
          </button>
        </form>
      )}
    </PortalCard>
  );
}

export function AccountPage() {
  const me = trpc.customer.me.useQuery({});
  return (
    <div className="page page--medium">
      <h1>Account</h1>
      <AccountNav />
      {me.data && (
        <p className="muted">
          {me.data.firstName} {me.data.lastName} · {me.data.mobile ?? me.data.email}
        </p>
      )}
      <RaffleStatsCards />
      <ChangePasswordCard procedure={trpc.auth.changePassword} />
      <DevicesCard />
      <PrivacyCard />
    </div>
  );
}
