/**
 * This device: the offline cache and its sync (seed 003 Plan 5 Phase 4, `GET /api/usher/sync/status/`),
 * NFC availability and a connection test (`GET /api/usher/nfc/status/`, `GET /api/usher/nfc/test/`),
 * the usher's assigned events, and whether the app is installed. Debug tools (wiping the cache)
 * exist only in development builds (Plan 6 Phase 6 "Remove 'Clear Cache' button from production").
 */
import { ErrorNotice, Spinner, trpc } from '@admit/ui';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { nfcSupported } from '../components/NfcReader.tsx';
import { dateTimeInZone, timeInZone } from '../lib/format.ts';
import { deleteGateStore } from '../offline/db.ts';
import { useGate, useGateStatus } from '../offline/gate-context.tsx';
import { useOnline, useUsherSession } from '../session.tsx';

export function DevicePage() {
  return (
    <div className="us-device">
      <CachePanel />
      <NfcPanel />
      <EventsPanel />
      <AppPanel />
      {!import.meta.env.PROD && <DebugPanel />}
    </div>
  );
}

function CachePanel() {
  const { event } = useUsherSession();
  const gate = useGate();
  const s = useGateStatus();
  const online = useOnline();
  const server = trpc.usher.sync.status.useQuery(
    { deviceId: gate?.deviceId },
    { enabled: !!gate, staleTime: 15_000, refetchInterval: 60_000 },
  );
  const tz = event.timeZone;
  return (
    <section className="us-panel" aria-labelledby="cache-title" data-testid="cache-panel">
      <div className="us-panel__head">
        <h2 id="cache-title">Offline data</h2>
        <button
          type="button"
          className="us-btn us-btn--secondary us-btn--small"
          disabled={!gate || !online || s.syncing}
          aria-busy={s.syncing}
          onClick={() => void gate?.sync.sync()}
        >
          {s.syncing ? 'Syncing…' : 'Sync now'}
        </button>
      </div>
      {!gate ? (
        <p className="us-warn-box">
          This browser does not allow offline storage (IndexedDB): the gate works only with the network.
        </p>
      ) : (
        <dl className="us-detail">
          <dt>State</dt>
          <dd data-testid="cache-state">
            {!s.ready ? 'Not downloaded yet' : s.stale ? 'Older than 24 hours — answers are unverified' : 'Ready'}
          </dd>
          <dt>Attendees</dt>
          <dd>{s.attendees}</dd>
          <dt>NFC cards</dt>
          <dd>{s.cards}</dd>
          <dt>Revoked codes</dt>
          <dd>{s.revocations}</dd>
          <dt>Last download</dt>
          <dd>{s.lastSyncAt ? dateTimeInZone(s.lastSyncAt, tz) : '—'}</dd>
          <dt>Waiting to upload</dt>
          <dd data-testid="cache-pending">{s.pending}</dd>
          <dt>Last upload</dt>
          <dd>{s.lastUploadAt ? dateTimeInZone(s.lastUploadAt, tz) : '—'}</dd>
          {s.lastError && (
            <>
              <dt>Last error</dt>
              <dd className="us-warn-text">{s.lastError}</dd>
            </>
          )}
          <dt>Device id</dt>
          <dd className="us-mono">{gate.deviceId}</dd>
          {server.data && (
            <>
              <dt>Server has</dt>
              <dd>
                {server.data.deviceUploads} offline scans from this device
                {server.data.lastUploadAt ? ` (last ${timeInZone(server.data.lastUploadAt, tz)})` : ''};{' '}
                {server.data.conflicts} double admissions at this event
              </dd>
            </>
          )}
        </dl>
      )}
      <p className="us-muted us-small">
        The attendee list, cards and revoked codes are refreshed every minute while online. Offline, tickets are checked
        on this device for up to 24 hours after the last download; after that answers are marked “unverified”. Signing
        out removes the personal data from this device.
      </p>
    </section>
  );
}

function NfcPanel() {
  const online = useOnline();
  const status = trpc.usher.nfc.status.useQuery({}, { staleTime: 30_000 });
  const [test, setTest] = useState<{ ms: number } | { error: unknown } | null>(null);
  const [testing, setTesting] = useState(false);
  const utils = trpc.useUtils();
  const supported = nfcSupported();
  const { event } = useUsherSession();

  async function runTest() {
    setTesting(true);
    const t0 = performance.now();
    try {
      await utils.client.usher.nfc.test.query({});
      setTest({ ms: Math.round(performance.now() - t0) });
    } catch (error) {
      setTest({ error });
    } finally {
      setTesting(false);
    }
  }

  return (
    <section className="us-panel" aria-labelledby="nfc-title" data-testid="nfc-panel">
      <div className="us-panel__head">
        <h2 id="nfc-title">NFC</h2>
        <button
          type="button"
          className="us-btn us-btn--secondary us-btn--small"
          onClick={() => void runTest()}
          disabled={!online || testing}
          aria-busy={testing}
        >
          Test connection
        </button>
      </div>
      <dl className="us-detail">
        <dt>This browser</dt>
        <dd data-testid="nfc-browser">
          {supported
            ? 'Web NFC available: tap “Tap NFC card” on the scan screen.'
            : 'No Web NFC here (Chrome on Android supports it). Type card UIDs instead.'}
        </dd>
        {status.data && (
          <>
            <dt>Cards for this event</dt>
            <dd>{status.data.cardsForEvent}</dd>
            <dt>Last NFC scan</dt>
            <dd>{status.data.lastNfcScanAt ? dateTimeInZone(status.data.lastNfcScanAt, event.timeZone) : '—'}</dd>
          </>
        )}
        {test && (
          <>
            <dt>Server test</dt>
            <dd data-testid="nfc-test">
              {'ms' in test ? `OK, answered in ${test.ms} ms` : <ErrorNotice error={test.error} />}
            </dd>
          </>
        )}
      </dl>
      {status.data?.hint && <p className="us-muted us-small">{status.data.hint}</p>}
      {status.isPending && status.fetchStatus === 'fetching' && <Spinner label="Asking the server…" />}
      {status.error && <ErrorNotice error={status.error} onRetry={() => void status.refetch()} />}
    </section>
  );
}

function EventsPanel() {
  const { event } = useUsherSession();
  const events = trpc.usher.events.list.useQuery({}, { staleTime: 60_000 });
  return (
    <section className="us-panel" aria-labelledby="events-title">
      <div className="us-panel__head">
        <h2 id="events-title">My assigned events</h2>
      </div>
      {events.isPending ? (
        events.fetchStatus === 'paused' ? (
          <p className="us-muted us-small">Needs the network.</p>
        ) : (
          <Spinner label="Loading…" />
        )
      ) : events.error ? (
        <ErrorNotice error={events.error} onRetry={() => void events.refetch()} />
      ) : (
        <ul className="us-list">
          {events.data.map((e) => (
            <li key={e.id} className="us-list__item">
              <span>
                <strong>{e.title}</strong> · {e.venueName} · {dateTimeInZone(e.startsAt, e.timeZone)}
              </span>
              {e.id === event.id ? (
                <span className="us-chip">signed in</span>
              ) : (
                <Link to={`/login?event=${e.id}`} className="us-small">
                  Sign in to this event
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AppPanel() {
  const [controlled, setControlled] = useState(() => !!navigator.serviceWorker?.controller);
  useEffect(() => {
    const sw = navigator.serviceWorker;
    if (!sw) return;
    const on = () => setControlled(!!sw.controller);
    sw.addEventListener('controllerchange', on);
    return () => sw.removeEventListener('controllerchange', on);
  }, []);
  const standalone = window.matchMedia?.('(display-mode: standalone)').matches ?? false;
  return (
    <section className="us-panel" aria-labelledby="app-title">
      <div className="us-panel__head">
        <h2 id="app-title">App</h2>
      </div>
      <dl className="us-detail">
        <dt>Works offline</dt>
        <dd data-testid="sw-state">
          {controlled ? 'Yes — the app opens without a network' : 'Not yet (reload once online)'}
        </dd>
        <dt>Installed</dt>
        <dd>{standalone ? 'Yes' : 'No — use “Add to home screen” / “Install app” in the browser menu'}</dd>
      </dl>
    </section>
  );
}

/** Development builds only (never shipped: `import.meta.env.PROD` removes it). */
function DebugPanel() {
  const { event } = useUsherSession();
  return (
    <section className="us-panel" aria-labelledby="debug-title">
      <div className="us-panel__head">
        <h2 id="debug-title">Debug (development build)</h2>
      </div>
      <button
        type="button"
        className="us-btn us-btn--ghost"
        onClick={() => {
          if (!window.confirm('Delete the whole offline cache, queued scans included?')) return;
          void deleteGateStore(event.id).then(() => window.location.reload());
        }}
      >
        Clear offline cache
      </button>
    </section>
  );
}
