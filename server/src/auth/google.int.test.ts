/**
 * Google sign-in over real HTTP against the started server, with Google's token and userinfo
 * endpoints faked by MSW (test/msw/google.ts). MSW intercepts the server's own fetch calls (same
 * process) and lets the test's requests to 127.0.0.1 through.
 */
import { randomBytes } from 'node:crypto';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  describeIf,
  integrationDbReady,
  makeCustomer,
  openTestDatabase,
  startTestServer,
  testDeps,
} from '../../test/harness.ts';
import { fakeGoogle, type GoogleAccount, googleTokenEndpointDown, googleUserinfoDown } from '../../test/msw/google.ts';
import { safeNextPath } from './google.ts';
import { validateSessionToken } from './sessions.ts';

const ready = await integrationDbReady();

const PUBLIC_URL = 'https://admit.test';
const client = {
  clientId: 'admit-test.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-test-secret',
  redirectUri: `${PUBLIC_URL}/auth/google/callback`,
};
const ENV = { GOOGLE_CLIENT_ID: client.clientId, GOOGLE_CLIENT_SECRET: client.clientSecret, PUBLIC_URL };

const google = fakeGoogle(client);
const mswServer = setupServer(...google.handlers);

const uid = () => randomBytes(4).toString('hex');
const account = (over: Partial<GoogleAccount> = {}): GoogleAccount => {
  const id = uid();
  return {
    sub: `1${BigInt(`0x${id}`).toString().padStart(20, '0')}`,
    email: `g.${id}@gmail.test`,
    email_verified: true,
    given_name: 'Nour',
    family_name: 'Adel',
    picture: 'https://lh3.googleusercontent.test/a/photo',
    ...over,
  };
};

const cookieValue = (setCookies: string[], name: string) =>
  setCookies
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0]
    ?.slice(name.length + 1);

describeIf(ready)('Google sign-in', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  /** GET /auth/google/start as a browser: the redirect to Google and the cookie jar it set. */
  const start = async (next?: string) => {
    const q = next === undefined ? '' : `?next=${encodeURIComponent(next)}`;
    const res = await fetch(`${server.url}/auth/google/start${q}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const setCookies = res.headers.getSetCookie();
    const jar = setCookies
      .map((c) => c.split(';')[0]!)
      .filter((c) => !c.endsWith('='))
      .join('; ');
    return { location: res.headers.get('location')!, setCookies, jar };
  };

  /** Google redirecting the browser back to the callback. */
  const callback = async (query: Record<string, string>, jar: string) => {
    const res = await fetch(`${server.url}/auth/google/callback?${new URLSearchParams(query)}`, {
      redirect: 'manual',
      headers: jar ? { cookie: jar } : {},
    });
    const setCookies = res.headers.getSetCookie();
    return {
      status: res.status,
      location: res.headers.get('location'),
      setCookies,
      token: cookieValue(setCookies, 'admit_session'),
    };
  };

  /** The whole round trip for `who`. */
  const signInWithGoogle = async (who: GoogleAccount, next?: string) => {
    const flow = await start(next);
    const { code, state } = google.authorize(flow.location, who);
    return callback({ code, state, scope: 'email profile openid' }, flow.jar);
  };

  const counts = async () => ({
    users: await deps.db.user.count(),
    sessions: await deps.db.session.count(),
    audit: await deps.db.auditLog.count(),
  });

  beforeAll(async () => {
    mswServer.listen({ onUnhandledRequest: 'bypass' });
    db = await openTestDatabase();
    deps = testDeps(db, ENV);
    server = await startTestServer(deps, ENV);
  });
  afterEach(() => mswServer.resetHandlers());
  afterAll(async () => {
    mswServer.close();
    await server?.close();
    await db?.close();
  });

  it('reports itself enabled and redirects to Google with PKCE, state and short-lived flow cookies', async () => {
    const status = await fetch(`${server.url}/auth/google/status`);
    expect(await status.json()).toEqual({ enabled: true });

    const flow = await start('/tickets');
    const url = new URL(flow.location);
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(url.searchParams.get('redirect_uri')).toBe(client.redirectUri);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(flow.setCookies).toHaveLength(3);
    for (const c of flow.setCookies) {
      expect(c).toMatch(/^admit_google_(state|verifier|next)=/);
      expect(c).toMatch(/; Max-Age=600/);
      expect(c).toMatch(/; Path=\/auth\/google/);
      expect(c).toMatch(/; HttpOnly/);
      expect(c).toMatch(/; SameSite=Lax/);
    }
    expect(cookieValue(flow.setCookies, 'admit_google_state')).toBe(url.searchParams.get('state'));
    // the verifier itself never leaves the server's cookie; Google sees only its S256
    const verifier = cookieValue(flow.setCookies, 'admit_google_verifier')!;
    expect(flow.location).not.toContain(verifier);
  });

  it('creates an active customer without a mobile and signs them in', async () => {
    const before = await counts();
    const who = account();
    const res = await signInWithGoogle(who);
    expect(res.status).toBe(302);
    expect(res.location).toBe('/');
    expect(res.setCookies.find((c) => c.startsWith('admit_session='))).toMatch(
      /HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/,
    );
    // the flow cookies are cleared
    expect(res.setCookies.filter((c) => /^admit_google_\w+=;/.test(c))).toHaveLength(3);

    const signedIn = await validateSessionToken(deps.db, deps.clock, res.token!);
    expect(signedIn?.user).toMatchObject({
      role: 'CUSTOMER',
      status: 'ACTIVE',
      email: who.email,
      mobile: null,
      firstName: 'Nour',
      lastName: 'Adel',
    });
    const row = await deps.db.user.findUniqueOrThrow({ where: { id: signedIn!.user.id } });
    expect(row.googleSub).toBe(who.sub);
    expect(row.emailVerifiedAt).toBeInstanceOf(Date);
    expect(row.photoUrl).toBeNull();
    expect((await counts()).users).toBe(before.users + 1);
    const actions = await deps.db.auditLog.findMany({ where: { targetId: row.id }, select: { action: true } });
    expect(actions.map((a) => a.action).sort()).toEqual(['auth.google_registered', 'auth.login']);

    // what the token endpoint received
    const form = google.tokenRequests.at(-1)!;
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('redirect_uri')).toBe(client.redirectUri);
    expect(form.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);

    // again: the same account by its Google id, no second user
    const again = await signInWithGoogle({ ...who, email: `renamed.${who.email}` });
    const second = await validateSessionToken(deps.db, deps.clock, again.token!);
    expect(second?.user.id).toBe(row.id);
    expect(again.token).not.toBe(res.token);
    expect((await counts()).users).toBe(before.users + 1);
  });

  it('links an existing customer by a verified e-mail (no duplicate) and follows a same-origin next', async () => {
    const { user } = await makeCustomer(deps);
    const email = `linked.${uid()}@gmail.test`;
    // an unconfirmed e-mail on the Admit side never links (pre-account hijacking)
    await deps.db.user.update({ where: { id: user.id }, data: { email } });
    const refused = await signInWithGoogle(account({ email }));
    expect(refused.location).toBe('/login?error=google_account_conflict');
    expect((await deps.db.user.findUniqueOrThrow({ where: { id: user.id } })).googleSub).toBeNull();
    await deps.db.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
    const before = await counts();

    const res = await signInWithGoogle(account({ email: email.toUpperCase() }), '/tickets?page=2');
    expect(res.location).toBe('/tickets?page=2');
    const signedIn = await validateSessionToken(deps.db, deps.clock, res.token!);
    expect(signedIn?.user.id).toBe(user.id);
    expect(signedIn?.user.mobile).toBe(user.mobile);
    const row = await deps.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.googleSub).toMatch(/^1\d{20}$/);
    expect(row.emailVerifiedAt).toBeInstanceOf(Date);
    expect((await counts()).users).toBe(before.users);
    expect(await deps.db.auditLog.count({ where: { action: 'auth.google_linked', targetId: user.id } })).toBe(1);

    // a second Google account with the same e-mail does not take the linked account over
    const other = await signInWithGoogle(account({ email }));
    expect(other.location).toBe('/login?error=google_account_conflict');
    expect(other.token).toBeUndefined();
    expect((await deps.db.user.findUniqueOrThrow({ where: { id: user.id } })).googleSub).toBe(row.googleSub);
  });

  it('never links or creates with an e-mail Google has not verified', async () => {
    const { user } = await makeCustomer(deps);
    const email = `unverified.${uid()}@example.test`;
    await deps.db.user.update({ where: { id: user.id }, data: { email } });
    const before = await counts();

    const res = await signInWithGoogle(account({ email, email_verified: false }));
    expect(res.location).toBe('/login?error=google_email_unverified');
    expect(res.token).toBeUndefined();
    const row = await deps.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.googleSub).toBeNull();
    expect(row.emailVerifiedAt).toBeNull();

    const stranger = await signInWithGoogle(account({ email_verified: false }));
    expect(stranger.location).toBe('/login?error=google_email_unverified');
    const after = await counts();
    expect(after.users).toBe(before.users);
    expect(after.sessions).toBe(before.sessions);
  });

  it('refuses a state that does not match its cookie, before talking to Google', async () => {
    const before = await counts();
    const requests = google.tokenRequests.length;
    const flow = await start();
    const { code, state } = google.authorize(flow.location, account());

    const forged = await callback({ code, state: `${state.slice(0, -1)}x` }, flow.jar);
    expect(forged.status).toBe(302);
    expect(forged.location).toBe('/login?error=google_state_mismatch');
    expect(forged.token).toBeUndefined();

    // no cookies at all (e.g. a link sent to the victim: login CSRF)
    const noCookie = await callback({ code, state }, '');
    expect(noCookie.location).toBe('/login?error=google_state_mismatch');

    expect(google.tokenRequests.length).toBe(requests);
    expect(await counts()).toEqual(before);
  });

  it('needs the PKCE verifier of the flow: a swapped verifier cookie is refused by Google', async () => {
    const before = await counts();
    const flow = await start();
    const { code, state } = google.authorize(flow.location, account());
    const other = await start();
    const swapped = flow.jar.replace(
      /admit_google_verifier=[^;]+/,
      `admit_google_verifier=${cookieValue(other.setCookies, 'admit_google_verifier')}`,
    );
    const res = await callback({ code, state }, swapped);
    expect(res.location).toBe('/login?error=google_failed');
    expect((await counts()).users).toBe(before.users);
    expect((await counts()).sessions).toBe(before.sessions);
  });

  it('refuses disabled accounts, linked or matched by e-mail', async () => {
    const linkedWho = account();
    await signInWithGoogle(linkedWho);
    const linked = await deps.db.user.findUniqueOrThrow({ where: { googleSub: linkedWho.sub } });
    await deps.db.user.update({ where: { id: linked.id }, data: { status: 'DISABLED' } });
    const sessionsBefore = await deps.db.session.count();

    const res = await signInWithGoogle(linkedWho);
    expect(res.location).toBe('/login?error=account_disabled');
    expect(res.token).toBeUndefined();

    const { user } = await makeCustomer(deps);
    const email = `disabled.${uid()}@gmail.test`;
    await deps.db.user.update({ where: { id: user.id }, data: { email, status: 'DISABLED' } });
    const byEmail = await signInWithGoogle(account({ email }));
    expect(byEmail.location).toBe('/login?error=account_disabled');
    expect((await deps.db.user.findUniqueOrThrow({ where: { id: user.id } })).googleSub).toBeNull();
    // makeCustomer's own session is the only new one
    expect(await deps.db.session.count()).toBe(sessionsBefore + 1);
  });

  it('does not link a customer still waiting for mobile verification', async () => {
    const email = `pending.${uid()}@gmail.test`;
    const pending = await deps.db.user.create({
      data: {
        role: 'CUSTOMER',
        status: 'PENDING_VERIFICATION',
        mobile: `+2012${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
        email,
        passwordHash: 'x',
        firstName: 'Pen',
        lastName: 'Ding',
      },
    });
    const res = await signInWithGoogle(account({ email }));
    expect(res.location).toBe('/login?error=google_account_pending');
    expect(res.token).toBeUndefined();
    expect(await deps.db.user.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      googleSub: null,
      status: 'PENDING_VERIFICATION',
    });
  });

  it('refuses an e-mail that belongs to a non-customer', async () => {
    const email = `admin.${uid()}@admit.test`;
    const admin = await deps.db.user.create({
      data: { role: 'ADMIN', adminLevel: 'ADMIN', email, passwordHash: 'x', firstName: 'Ada', lastName: 'Min' },
    });
    const before = await counts();
    const res = await signInWithGoogle(account({ email }), '/tickets');
    expect(res.location).toBe('/login?error=google_account_conflict&next=%2Ftickets');
    expect(res.token).toBeUndefined();
    expect((await deps.db.user.findUniqueOrThrow({ where: { id: admin.id } })).googleSub).toBeNull();
    const after = await counts();
    expect(after.users).toBe(before.users);
    expect(after.sessions).toBe(before.sessions);
    expect(await deps.db.auditLog.count({ where: { action: 'auth.login_failed', targetId: admin.id } })).toBe(1);
  });

  it('sends the user back with an error and writes nothing when the token endpoint fails', async () => {
    mswServer.use(googleTokenEndpointDown());
    const before = await counts();
    const res = await signInWithGoogle(account());
    expect(res.status).toBe(302);
    expect(res.location).toBe('/login?error=google_failed');
    expect(res.token).toBeUndefined();
    expect(await counts()).toEqual(before);
  });

  it('writes nothing when the userinfo endpoint refuses the access token', async () => {
    mswServer.use(googleUserinfoDown());
    const before = await counts();
    const res = await signInWithGoogle(account());
    expect(res.location).toBe('/login?error=google_failed');
    expect(res.token).toBeUndefined();
    expect(await counts()).toEqual(before);
  });

  it('reports a cancelled consent screen', async () => {
    const flow = await start();
    const state = new URL(flow.location).searchParams.get('state')!;
    const res = await callback({ error: 'access_denied', state }, flow.jar);
    expect(res.location).toBe('/login?error=google_cancelled');
  });

  it('never redirects off-site after sign-in', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      expect(safeNextPath(next)).toBeNull();
      const flow = await start(next);
      expect(
        flow.setCookies.some((c) => c.startsWith('admit_google_next=') && !c.startsWith('admit_google_next=;')),
      ).toBe(false);
    }
    expect(safeNextPath('/events/x?y=1#z')).toBe('/events/x?y=1#z');
    // a next cookie planted by hand is validated again at the callback
    const flow = await start();
    const { code, state } = google.authorize(flow.location, account());
    const res = await callback(
      { code, state },
      `${flow.jar}; admit_google_next=${encodeURIComponent('//evil.example')}`,
    );
    expect(res.location).toBe('/');
  });

  it('is a 404 without Google credentials, and says so on the status route', async () => {
    const plain = await startTestServer(deps);
    try {
      expect(await (await fetch(`${plain.url}/auth/google/status`)).json()).toEqual({ enabled: false });
      const startRes = await fetch(`${plain.url}/auth/google/start`, { redirect: 'manual' });
      expect(startRes.status).toBe(404);
      const cb = await fetch(`${plain.url}/auth/google/callback?code=x&state=y`, { redirect: 'manual' });
      expect(cb.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
