/** Usher sign-in for one event (seed 003 Plan 5 Phase 1: event id + username + password). */
import { ErrorNotice, errorInfo, Spinner, trpc } from '@admit/ui';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { isUsername, isUuid } from '../lib/codes.ts';
import { recall, remember } from '../lib/device.ts';

interface FieldErrors {
  eventId?: string;
  username?: string;
  password?: string;
}

function validate(v: { eventId: string; username: string; password: string }): FieldErrors {
  const e: FieldErrors = {};
  if (!v.eventId.trim()) e.eventId = 'Enter the event ID your supervisor gave you.';
  else if (!isUuid(v.eventId))
    e.eventId = 'That is not a valid event ID (it looks like 1b4e28ba-2fa1-4d2e-883f-0016d3cca427).';
  if (!v.username.trim()) e.username = 'Enter your username.';
  else if (!isUsername(v.username)) e.username = 'Usernames are 3–40 letters, digits, dots, dashes or underscores.';
  if (!v.password) e.password = 'Enter your password.';
  return e;
}

/** Clearer words for the sign-in failures an usher can fix. */
function friendlyError(err: unknown): unknown {
  const { appCode } = errorInfo(err);
  if (appCode === 'INVALID_CREDENTIALS') return new Error('Wrong username or password.');
  if (appCode === 'NOT_ASSIGNED') {
    return new Error('You are not assigned to this event. Check the Event ID with your supervisor.');
  }
  if (appCode === 'INVALID_STATE') return new Error('This event is not open for check-in.');
  if (appCode === 'RATE_LIMITED' || appCode === 'TOO_MANY_ATTEMPTS') {
    return new Error('Too many attempts. Wait a minute, then try again.');
  }
  return err;
}

export function LoginPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const [eventId, setEventId] = useState(() => params.get('event')?.trim() || recall('eventId'));
  const [username, setUsername] = useState(() => recall('username'));
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const ids = { event: useId(), user: useId(), pass: useId() };

  const me = trpc.auth.me.useQuery({}, { retry: false, staleTime: 0 });
  const signedIn = me.data?.role === 'USHER' && me.data.eventId ? me.data : null;

  const login = trpc.auth.usherLogin.useMutation({
    onSuccess: (s) => {
      remember('eventId', s.eventId ?? eventId.trim());
      remember('username', s.user.username ?? username.trim());
      queryClient.clear();
      navigate('/scan', { replace: true });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validate({ eventId, username, password });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    login.mutate({ eventId: eventId.trim().toLowerCase(), username: username.trim(), password });
  }

  return (
    <div className="us-fullpage">
      <main className="us-login">
        <p className="us-brand">Admit Gate</p>
        <h1>Usher sign in</h1>
        <p className="us-muted">Sign in for the event you are working at. Your supervisor gives you the Event ID.</p>

        {notice && <p className="us-notice">{notice}</p>}
        {signedIn && !login.isPending && (
          <p className="us-notice">
            You are signed in as <strong>{signedIn.username}</strong>. <Link to="/scan">Continue to scanning</Link>
          </p>
        )}

        <form onSubmit={submit} noValidate>
          <div className="ui-field">
            <label htmlFor={ids.event}>Event ID</label>
            <input
              id={ids.event}
              name="eventId"
              className="us-input"
              value={eventId}
              onChange={(e) => setEventId(e.target.value)}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              inputMode="text"
              placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
              aria-invalid={!!errors.eventId}
              aria-describedby={errors.eventId ? `${ids.event}-err` : undefined}
            />
            {errors.eventId && (
              <span id={`${ids.event}-err`} className="ui-field__error">
                {errors.eventId}
              </span>
            )}
          </div>
          <div className="ui-field">
            <label htmlFor={ids.user}>Username</label>
            <input
              id={ids.user}
              name="username"
              className="us-input"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              aria-invalid={!!errors.username}
              aria-describedby={errors.username ? `${ids.user}-err` : undefined}
            />
            {errors.username && (
              <span id={`${ids.user}-err`} className="ui-field__error">
                {errors.username}
              </span>
            )}
          </div>
          <div className="ui-field">
            <label htmlFor={ids.pass}>Password</label>
            <input
              id={ids.pass}
              name="password"
              type="password"
              className="us-input"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
              aria-invalid={!!errors.password}
              aria-describedby={errors.password ? `${ids.pass}-err` : undefined}
            />
            {errors.password && (
              <span id={`${ids.pass}-err`} className="ui-field__error">
                {errors.password}
              </span>
            )}
          </div>

          {login.error && <ErrorNotice error={friendlyError(login.error)} />}

          <button
            type="submit"
            className="us-btn us-btn--primary us-btn--block"
            disabled={login.isPending}
            aria-busy={login.isPending}
          >
            Sign in
          </button>
          {login.isPending && <Spinner label="Signing in…" />}
        </form>
      </main>
    </div>
  );
}
