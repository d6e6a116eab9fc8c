/**
 * The signed-in frame of /scan and /logs: checks the session (an USHER bound to an event),
 * loads the event, opens the live gate feed, and shows the header and navigation.
 */
import { ErrorNotice, Spinner, trpc } from '@admit/ui';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { Navigate, NavLink, Outlet, useNavigate } from 'react-router';
import { isSignedOut } from './lib/errors.ts';
import { timeInZone } from './lib/format.ts';
import { type LiveState, SessionProvider, type UsherEvent, useGateFeed } from './session.tsx';

export function Shell() {
  const me = trpc.auth.me.useQuery({}, { staleTime: 60_000, refetchOnWindowFocus: true });
  const user = me.data;
  const eventId = user?.role === 'USHER' ? user.eventId : null;
  const event = trpc.usher.events.get.useQuery({ id: eventId ?? '' }, { enabled: !!eventId, staleTime: 60_000 });
  const feed = useGateFeed(event.data ? eventId : null);

  if (me.isPending) return <FullPage>{<Spinner label="Checking your sign-in…" />}</FullPage>;
  if (me.error) {
    if (isSignedOut(me.error)) return <Navigate to="/login" replace />;
    return (
      <FullPage>
        <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />
      </FullPage>
    );
  }
  if (user?.role !== 'USHER' || !user.eventId) {
    return <Navigate to="/login" replace state={{ notice: 'Sign in with your usher account for an event.' }} />;
  }
  if (event.isPending) return <FullPage>{<Spinner label="Loading your event…" />}</FullPage>;
  if (event.error) {
    if (isSignedOut(event.error)) return <Navigate to={`/login?event=${user.eventId}`} replace />;
    return (
      <FullPage>
        <ErrorNotice error={event.error} onRetry={() => void event.refetch()} />
        <SignOutButton eventId={user.eventId} />
      </FullPage>
    );
  }

  return (
    <SessionProvider value={{ me: user, event: event.data, ...feed }}>
      <div className="us-app">
        <Header event={event.data} live={feed.live} username={user.username ?? user.firstName} />
        <main className="us-main">
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
        </div>
      </div>
      <nav className="us-nav" aria-label="Main">
        <NavLink to="/scan" className="us-nav__link">
          Scan
        </NavLink>
        <NavLink to="/logs" className="us-nav__link">
          Logs
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
  offline: 'Offline: counts are not updating. Scans still need the network.',
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

function SignOutButton({ eventId }: { eventId: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = trpc.auth.logout.useMutation({
    onSettled: () => {
      queryClient.clear();
      navigate(`/login?event=${eventId}`, { replace: true });
    },
  });
  return (
    <button
      type="button"
      className="us-btn us-btn--ghost us-btn--small"
      onClick={() => logout.mutate({})}
      disabled={logout.isPending}
      aria-busy={logout.isPending}
    >
      Sign out
    </button>
  );
}
