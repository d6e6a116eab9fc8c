/**
 * The signed-in frame of every page: checks the session (an USHER bound to an event), loads the
 * event, opens the offline gate (IndexedDB cache + sync) and the live gate feed, and shows the
 * header, the sync state, conflict alerts and the navigation.
 *
 * With the network gone the app still opens: when auth.me / usher.events.get get no answer
 * (offline, server down), the session saved at the last online start is used instead
 * (offline/gate-context.tsx) and scans are decided on the device.
 */
import { ErrorNotice, errorInfo, Spinner, trpc } from '@admit/ui';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { Navigate, NavLink, Outlet, useNavigate } from 'react-router';
import { isSignedOut } from './lib/errors.ts';
import { ago, timeInZone } from './lib/format.ts';
import {
  forgetSession,
  GateProvider,
  rememberSession,
  useCachedSession,
  useGate,
  useGateStatus,
} from './offline/gate-context.tsx';
import {
  type LiveState,
  SessionProvider,
  type UsherEvent,
  type UsherIdentity,
  useGateFeed,
  useOnline,
} from './session.tsx';

/** No answer, or the server could not serve it: the app runs from its offline cache. */
function unreachable(q: { isPending: boolean; fetchStatus: string; error: unknown }): boolean {
  if (q.isPending && q.fetchStatus === 'paused') return true;
  if (!q.error) return false;
  const status = errorInfo(q.error).httpStatus;
  return status === null || status >= 500;
}

export function Shell() {
  const me = trpc.auth.me.useQuery({}, { staleTime: 60_000, refetchOnWindowFocus: true });
  const user = me.data;
  const eventId = user?.role === 'USHER' ? user.eventId : null;
  const event = trpc.usher.events.get.useQuery({ id: eventId ?? '' }, { enabled: !!eventId, staleTime: 60_000 });
  const cached = useCachedSession();

  const online = useMemo(
    () =>
      user?.role === 'USHER' && user.eventId && event.data
        ? {
            me: { id: user.id, username: user.username, firstName: user.firstName, eventId: user.eventId },
            event: event.data,
          }
        : null,
    [user, event.data],
  );

  // kept for opening the app offline (refreshed whenever the server's answers change)
  useEffect(() => {
    if (!online) return;
    void rememberSession({
      usher: { ...online.me, role: 'USHER' },
      event: online.event,
      savedAt: new Date(),
    }).catch(() => undefined);
  }, [online]);

  if (online) return <SignedIn me={online.me} event={online.event} offline={false} />;

  if (me.error && isSignedOut(me.error)) return <Navigate to="/login" replace />;
  if (user && (user.role !== 'USHER' || !user.eventId)) {
    return <Navigate to="/login" replace state={{ notice: 'Sign in with your usher account for an event.' }} />;
  }
  if (event.error && isSignedOut(event.error)) return <Navigate to={`/login?event=${eventId}`} replace />;

  if (unreachable(me) || unreachable(event)) {
    if (cached === undefined) return <FullPage>{<Spinner label="Opening the offline gate…" />}</FullPage>;
    if (cached && (!user || cached.usher.id === user.id)) {
      return (
        <SignedIn
          me={{
            id: cached.usher.id,
            username: cached.usher.username,
            firstName: cached.usher.firstName,
            eventId: cached.usher.eventId,
          }}
          event={cached.event}
          offline
        />
      );
    }
    return (
      <FullPage>
        <p className="us-warn-box" role="alert" data-testid="no-offline-session">
          The server cannot be reached and this device has no saved sign-in. Connect to the network and sign in once;
          after that the gate works offline too.
        </p>
        <button type="button" className="us-btn us-btn--primary us-btn--block" onClick={() => void me.refetch()}>
          Try again
        </button>
      </FullPage>
    );
  }

  const error = me.error ?? event.error;
  if (error) {
    return (
      <FullPage>
        <ErrorNotice
          error={error}
          onRetry={() => {
            void me.refetch();
            void event.refetch();
          }}
        />
        {eventId && <SignOutButton eventId={eventId} />}
      </FullPage>
    );
  }
  return (
    <FullPage>
      <Spinner label={me.isPending ? 'Checking your sign-in…' : 'Loading your event…'} />
    </FullPage>
  );
}

function SignedIn({ me, event, offline }: { me: UsherIdentity; event: UsherEvent; offline: boolean }) {
  return (
    <GateProvider
      eventId={event.id}
      usherId={me.id}
      fallback={<FullPage>{<Spinner label="Opening the offline gate…" />}</FullPage>}
    >
      <Frame me={me} event={event} offline={offline} />
    </GateProvider>
  );
}

function Frame({ me, event, offline }: { me: UsherIdentity; event: UsherEvent; offline: boolean }) {
  const gate = useGate();
  const feed = useGateFeed(event.id, {
    // in the gate room again: deliver queued scans now (a conflict they raise reaches this device too)
    onSubscribed: () => void gate?.sync.sync(),
    onConflict: (p) =>
      gate?.sync.addConflict({
        checkInId: p.checkInId,
        ticketReference: p.ticketReference,
        attendeeName: p.attendeeName,
        at: new Date(p.at),
        source: 'live',
      }),
    onEventStatus: (p) => void gate?.sync.setScanningEnabled(p.scanningEnabled),
  });

  // back online without the live feed rejoining soon: sync anyway
  useEffect(() => {
    if (!gate) return;
    let t: ReturnType<typeof setTimeout> | undefined;
    const onOnline = () => {
      clearTimeout(t);
      t = setTimeout(() => void gate.sync.sync(), 4000);
    };
    window.addEventListener('online', onOnline);
    return () => {
      clearTimeout(t);
      window.removeEventListener('online', onOnline);
    };
  }, [gate]);

  return (
    <SessionProvider value={{ me, event, offline, ...feed }}>
      <div className="us-app" data-offline-session={offline}>
        <Header event={event} live={feed.live} username={me.username ?? me.firstName} />
        <main className="us-main">
          <GateAlerts timeZone={event.timeZone} />
          <Outlet />
        </main>
      </div>
    </SessionProvider>
  );
}

function FullPage({ children }: { children: ReactNode }) {
  return (
    <div className="us-fullpage">
      <div className="us-fullpage__box">
        <p className="us-brand">Admit Gate</p>
        {children}
      </div>
    </div>
  );
}

function Header({ event, live, username }: { event: UsherEvent; live: LiveState; username: string }) {
  return (
    <header className="us-header">
      <div className="us-header__top">
        <div className="us-header__event">
          <p className="us-brand">Admit Gate</p>
          <h1 className="us-header__title" data-testid="event-title">
            {event.title}
          </h1>
          <p className="us-header__venue">
            {event.venueName}, {event.city}
          </p>
        </div>
        <div className="us-header__meta">
          <LocalClock timeZone={event.timeZone} />
          <span className="us-gate-badge" data-testid="usher-gate">
            {event.gate ? event.gate.name : 'No gate assigned'}
          </span>
          <ConnectionIndicator live={live} />
          <SyncIndicator timeZone={event.timeZone} />
        </div>
      </div>
      <nav className="us-nav" aria-label="Main">
        <NavLink to="/scan" className="us-nav__link">
          Scan
        </NavLink>
        <NavLink to="/logs" className="us-nav__link">
          Logs
        </NavLink>
        <NavLink to="/duty" className="us-nav__link">
          Leave &amp; report
        </NavLink>
        <NavLink to="/device" className="us-nav__link">
          Device
        </NavLink>
        <span className="us-nav__user" title="Signed in as">
          {username}
        </span>
        <SignOutButton eventId={event.id} />
      </nav>
    </header>
  );
}

function LocalClock({ timeZone }: { timeZone: string }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <span className="us-clock" title={`Local time at the venue (${timeZone})`}>
      <span className="us-clock__label">Local time</span>
      <time dateTime={now.toISOString()} data-testid="local-time">
        {timeInZone(now, timeZone, false)}
      </time>
    </span>
  );
}

const LIVE_TEXT: Record<LiveState, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  offline: 'Offline',
  refused: 'No live feed',
};
const LIVE_TITLE: Record<LiveState, string> = {
  live: 'Connected: gate counts update live',
  connecting: 'Connecting to the live feed…',
  offline: 'Offline: scans are checked on this device and uploaded when the network is back.',
  refused: 'The server refused the live feed for this event',
};

function ConnectionIndicator({ live }: { live: LiveState }) {
  return (
    <span
      className={`us-live us-live--${live}`}
      data-testid="connection-status"
      data-state={live}
      title={LIVE_TITLE[live]}
    >
      <span className="us-live__dot" aria-hidden="true" />
      <span role="status">{LIVE_TEXT[live]}</span>
    </span>
  );
}

/** Scans waiting for upload and the time of the last download (seed 003 Plan 5 Phase 4). */
function SyncIndicator({ timeZone }: { timeZone: string }) {
  const s = useGateStatus();
  const gate = useGate();
  const online = useOnline();
  if (!gate) return null;
  const title = s.lastSyncAt
    ? `Offline data downloaded at ${timeInZone(s.lastSyncAt, timeZone)}`
    : 'Offline data not downloaded yet';
  return (
    <button
      type="button"
      className={`us-sync${s.pending > 0 ? ' us-sync--pending' : ''}${s.stale ? ' us-sync--stale' : ''}`}
      data-testid="sync-status"
      data-pending={s.pending}
      data-ready={s.ready}
      data-syncing={s.syncing}
      title={`${title}. Tap to sync now.`}
      onClick={() => void gate.sync.sync()}
      disabled={!online || s.syncing}
    >
      <span className="us-sync__count">
        {s.pending > 0 ? `${s.pending} to upload` : s.syncing ? 'Syncing…' : 'All uploaded'}
      </span>
      <span className="us-sync__time">{s.lastSyncAt ? `synced ${ago(s.lastSyncAt)}` : 'not synced'}</span>
    </button>
  );
}

/** Conflicts (two devices admitted one ticket offline), a stale cache, sync errors. */
function GateAlerts({ timeZone }: { timeZone: string }) {
  const s = useGateStatus();
  const gate = useGate();
  const online = useOnline();
  return (
    <>
      {s.conflicts.map((c) => (
        <div
          key={c.checkInId}
          className="us-banner us-banner--bad us-conflict"
          role="alert"
          data-testid="conflict-alert"
          data-sources={c.sources.join(' ')}
        >
          <p>
            <strong>Double admission:</strong> {c.attendeeName ?? 'A ticket holder'}
            {c.ticketReference ? ` (ticket ${c.ticketReference})` : ''} was admitted offline at two gates. Tell your
            supervisor; the second entry is flagged for review.
          </p>
          <button
            type="button"
            className="us-btn us-btn--ghost us-btn--small"
            onClick={() => gate?.sync.dismissConflict(c.checkInId)}
          >
            Dismiss
          </button>
        </div>
      ))}
      {gate && !s.ready && !online && (
        <p className="us-banner us-banner--bad" role="alert">
          This device has no offline data for the event yet: scans cannot be checked until the network is back.
        </p>
      )}
      {gate && s.ready && s.stale && (
        <p className="us-banner us-banner--warn" role="alert" data-testid="stale-cache">
          The offline data is more than 24 hours old
          {s.lastSyncAt ? ` (from ${timeInZone(s.lastSyncAt, timeZone)})` : ''}. Offline answers are marked
          “unverified”: check doubtful tickets with your supervisor.
        </p>
      )}
      {gate && s.lastError && online && !s.syncing && (
        <p className="us-banner us-banner--warn" data-testid="sync-error">
          Sync failed: {s.lastError} It is retried every minute{s.pending > 0 ? `; ${s.pending} scans wait` : ''}.
        </p>
      )}
    </>
  );
}

function SignOutButton({ eventId }: { eventId: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const s = useGateStatus();
  const logout = trpc.auth.logout.useMutation({
    onSettled: async () => {
      await forgetSession(eventId).catch(() => undefined);
      queryClient.clear();
      navigate(`/login?event=${eventId}`, { replace: true });
    },
  });
  return (
    <button
      type="button"
      className="us-btn us-btn--ghost us-btn--small"
      onClick={() => {
        if (
          s.pending > 0 &&
          !window.confirm(
            `${s.pending} offline scans are not uploaded yet. They stay on this device and upload when you sign in again. Sign out?`,
          )
        ) {
          return;
        }
        logout.mutate({});
      }}
      disabled={logout.isPending}
      aria-busy={logout.isPending}
    >
      Sign out
    </button>
  );
}
