/**
 * `POST /api/token` (OAuth 2.0 password grant, RFC 6749 §4.3) for API clients: form-encoded or
 * JSON; roles that sign in with a code must send it (CODE_REQUIRED sends one); failures answer
 * 401 with `WWW-Authenticate`, a bad grant 400.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  describeIf,
  integrationDbReady,
  latestCode,
  makeCustomer,
  openTestDatabase,
  startTestServer,
  TEST_PASSWORD,
  testDeps,
} from '../../../test/harness.ts';
import { hashPassword } from '../../auth/password.ts';
import { SESSION_LIFETIME_MS, validateSessionToken } from '../../auth/sessions.ts';

const ready = await integrationDbReady();

interface TokenBody {
  access_token?: string;
  token_type?: string;
  expires_in?: number;
  role?: string;
  error?: { code: string; message: string };
}

describeIf(ready)('POST /api/token', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let ip = 0;
  let clientIp = '';

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    // the test plays clients behind a proxy on loopback that reports their address
    server = await startTestServer(deps, { TRUST_PROXY: '127.0.0.1' });
  });
  beforeEach(() => {
    clientIp = `192.0.2.${++ip}`; // each test is its own client network
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  async function grant(fields: Record<string, string>, as: 'form' | 'json' = 'form') {
    const res = await fetch(`${server.url}/api/token`, {
      method: 'POST',
      headers: {
        'content-type': as === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
        'x-forwarded-for': clientIp,
      },
      body: as === 'form' ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as TokenBody };
  }
  const get = (path: string, token: string) =>
    fetch(`${server.url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });

  async function makePractitioner(password = TEST_PASSWORD) {
    return deps.db.user.create({
      data: {
        role: 'PRACTITIONER',
        email: `dr.${crypto.randomUUID().slice(0, 8)}@clinic.test`,
        passwordHash: await hashPassword(password),
        firstName: 'Nour',
        lastName: 'Fahmy',
      },
    });
  }

  describe.each(['form', 'json'] as const)('%s body', (as) => {
    it('grants a practitioner a bearer token that works on the practitioner API', async () => {
      const dr = await makePractitioner();
      const r = await grant({ grant_type: 'password', username: dr.email!.toUpperCase(), password: TEST_PASSWORD }, as);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ token_type: 'bearer', role: 'PRACTITIONER' });
      expect(r.body.access_token).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{24}$/);
      expect(r.body.expires_in).toBeGreaterThan(SESSION_LIFETIME_MS / 1000 - 60);
      expect(r.body.expires_in).toBeLessThanOrEqual(SESSION_LIFETIME_MS / 1000);
      expect(r.headers.get('cache-control')).toBe('no-store'); // RFC 6749 §5.1
      expect(r.headers.get('pragma')).toBe('no-cache');

      const me = await get('/practitioner/me/', r.body.access_token!);
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ id: dr.id, role: 'PRACTITIONER', email: dr.email });
      // a practitioner token is not a customer's
      expect((await get('/v1/users/me/', r.body.access_token!)).status).toBe(403);
    });

    it('requires a customer’s code: 401 CODE_REQUIRED sends one, then the code gets a token', async () => {
      const { user } = await makeCustomer(deps);
      const mobile = user.mobile!;
      const first = await grant({ grant_type: 'password', username: mobile, password: TEST_PASSWORD }, as);
      expect(first.status).toBe(401);
      expect(first.body.error?.code).toBe('CODE_REQUIRED');
      expect(first.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(first.body.access_token).toBeUndefined();
      const sent = await deps.db.outboxMessage.findMany({ where: { recipient: mobile } });
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ channel: 'SMS', template: 'otp.login' });

      const code = await latestCode(deps, mobile);
      const wrong = code === '000000' ? '111111' : '000000';
      const bad = await grant({ grant_type: 'password', username: mobile, password: TEST_PASSWORD, code: wrong }, as);
      expect(bad.status).toBe(400);
      expect(bad.body.error?.code).toBe('INVALID_CODE');

      const ok = await grant({ grant_type: 'password', username: mobile, password: TEST_PASSWORD, code }, as);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ token_type: 'bearer', role: 'CUSTOMER' });
      const actor = await validateSessionToken(deps.db, deps.clock, ok.body.access_token!);
      expect(actor?.user.id).toBe(user.id);
      const me = await get('/v1/users/me/', ok.body.access_token!);
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ mobile });

      // the code was used up
      const again = await grant({ grant_type: 'password', username: mobile, password: TEST_PASSWORD, code }, as);
      expect(again.status).not.toBe(200);
    });

    it('answers a wrong password (or unknown user) with 401 and WWW-Authenticate, and no code', async () => {
      const { user } = await makeCustomer(deps);
      const dr = await makePractitioner();
      for (const username of [user.mobile!, dr.email!, 'nobody@nowhere.test', '+201999999999']) {
        const r = await grant({ grant_type: 'password', username, password: 'not-the-password' }, as);
        expect(r.status).toBe(401);
        expect(r.body.error?.code).toBe('INVALID_CREDENTIALS');
        expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(r.body.access_token).toBeUndefined();
      }
      expect(await deps.db.outboxMessage.count({ where: { recipient: user.mobile! } })).toBe(0);
      expect(await deps.db.session.count({ where: { userId: dr.id } })).toBe(0);
    });

    it('answers an unsupported grant_type or a missing field with 400', async () => {
      const dr = await makePractitioner();
      const bad: Record<string, string>[] = [
        { grant_type: 'client_credentials', username: dr.email!, password: TEST_PASSWORD },
        { grant_type: 'authorization_code', username: dr.email!, password: TEST_PASSWORD },
        { username: dr.email!, password: TEST_PASSWORD },
        { grant_type: 'password', username: dr.email! },
      ];
      for (const fields of bad) {
        const r = await grant(fields, as);
        expect(r.status).toBe(400);
        expect(r.body.access_token).toBeUndefined();
        expect(JSON.stringify(r.body)).not.toMatch(/stack|\.ts:/);
      }
      expect(await deps.db.session.count({ where: { userId: dr.id } })).toBe(0);
    });
  });

  it('is rate-limited like every sign-in: 429 with Retry-After after 10 wrong passwords', async () => {
    const dr = await makePractitioner();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await grant({ grant_type: 'password', username: dr.email!, password: `guess-${i}` })).status);
    }
    expect(statuses).toEqual(Array(10).fill(401));
    const locked = await grant({ grant_type: 'password', username: dr.email!, password: TEST_PASSWORD });
    expect(locked).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.body.access_token).toBeUndefined();
  });

  it('e-mails an admin’s code; the grant with it answers an admin token', async () => {
    const email = `ops.${crypto.randomUUID().slice(0, 8)}@admit.test`;
    const admin = await deps.db.user.create({
      data: {
        role: 'ADMIN',
        adminLevel: 'SUPPORT',
        email,
        passwordHash: await hashPassword(TEST_PASSWORD),
        firstName: 'Ops',
        lastName: 'Desk',
      },
    });
    const first = await grant({ grant_type: 'password', username: email, password: TEST_PASSWORD });
    expect(first).toMatchObject({ status: 401, body: { error: { code: 'CODE_REQUIRED' } } });
    const sent = await deps.db.outboxMessage.findFirstOrThrow({ where: { recipient: email } });
    expect(sent.channel).toBe('EMAIL');
    const ok = await grant({
      grant_type: 'password',
      username: email,
      password: TEST_PASSWORD,
      code: await latestCode(deps, email),
    });
    expect(ok.status).toBe(200);
    expect(ok.body.role).toBe('ADMIN');
    const me = await get('/auth/me/', ok.body.access_token!);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: admin.id, adminLevel: 'SUPPORT' });
  });
});
