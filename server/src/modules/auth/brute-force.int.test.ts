/**
 * Brute force over real HTTP (issue 3 "Protection"): 1,000 guesses at a one-time code log in
 * zero times — the code burns after 5 wrong attempts, the network is throttled (429 +
 * Retry-After), the account locks after repeated wrong codes, and while locked even the right
 * code is refused. Password guessing hits the account lock and the per-network budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { OTP_MAX_ATTEMPTS } from '../../auth/otp.ts';

const ready = await integrationDbReady();

interface Answer {
  status: number;
  code?: string;
  retryAfter: string | null;
}

/** `count` six-digit codes, none of them `real`. */
function wrongCodes(real: string, count: number, from = 0): string[] {
  const out: string[] = [];
  for (let n = from; out.length < count; n++) {
    const c = String(n % 1_000_000).padStart(6, '0');
    if (c !== real) out.push(c);
  }
  return out;
}

/** Runs `fn` over `items` with at most `concurrency` in flight. */
async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

const tally = (answers: Answer[]) => {
  const byStatus: Record<number, number> = {};
  for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  return byStatus;
};

describeIf(ready)('brute force', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    // the test plays clients behind a proxy on loopback that reports their address
    server = await startTestServer(deps, { TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  /** POST to the REST surface; `ip` goes in X-Forwarded-For (the server trusts its proxy). */
  async function post(path: string, body: unknown, ip?: string): Promise<Answer> {
    const res = await fetch(`${server.url}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(ip ? { 'x-forwarded-for': ip } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { error?: { code: string } };
    return { status: res.status, code: json.error?.code, retryAfter: res.headers.get('retry-after') };
  }
  const sessionsOf = (userId: string) => deps.db.session.count({ where: { userId } });
  const retrySeconds = (a: Answer) => Number(a.retryAfter);

  describe('one-time codes', () => {
    it('1,000 guesses at a one-time code log in zero times', async () => {
      const { user } = await makeCustomer(deps); // holds one session already
      const mobile = user.mobile!;
      expect((await post('/v1/users/login/', { mobile, password: TEST_PASSWORD })).status).toBe(200);
      const real = await latestCode(deps, mobile);
      const guesses = wrongCodes(real, 1000);
      expect(new Set(guesses).size).toBe(1000);
      expect(guesses).not.toContain(real);

      const answers: Answer[] = [];
      await pool(guesses, 8, async (code) => {
        answers.push(await post('/v1/users/verify-login-otp/', { mobile, code }));
      });

      const byStatus = tally(answers);
      expect(answers).toHaveLength(1000);
      expect(byStatus[200] ?? 0).toBe(0); // zero sign-ins
      expect(await sessionsOf(user.id)).toBe(1);
      // at most the code's own attempts were even checked; the rest was refused with 429
      expect(byStatus[400] ?? 0).toBeGreaterThan(0);
      expect(byStatus[400] ?? 0).toBeLessThanOrEqual(OTP_MAX_ATTEMPTS);
      expect(byStatus[429]).toBe(1000 - (byStatus[400] ?? 0));
      const row = await deps.db.oneTimeCode.findFirstOrThrow({ where: { userId: user.id, purpose: 'LOGIN' } });
      expect(row.attempts).toBe(OTP_MAX_ATTEMPTS);
      expect(row.consumedAt).toBeNull();

      // lockout: the network is throttled with a Retry-After
      const throttled = answers.filter((a) => a.code === 'RATE_LIMITED');
      expect(throttled.length).toBeGreaterThan(900);
      for (const a of throttled) {
        expect(a.status).toBe(429);
        expect(retrySeconds(a)).toBeGreaterThanOrEqual(1);
        expect(retrySeconds(a)).toBeLessThanOrEqual(600);
      }
      expect(answers.filter((a) => a.code === 'TOO_MANY_ATTEMPTS').length).toBeGreaterThan(0);

      // while locked even the CORRECT code is refused: from this network, and from another one
      const right = await post('/v1/users/verify-login-otp/', { mobile, code: real });
      expect(right).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(retrySeconds(right)).toBeGreaterThan(0);
      const elsewhere = await post('/v1/users/verify-login-otp/', { mobile, code: real }, '198.51.100.77');
      expect(elsewhere).toMatchObject({ status: 429, code: 'TOO_MANY_ATTEMPTS' });
      expect(await sessionsOf(user.id)).toBe(1);
    });

    it('150 guesses from rotating networks over 3 fresh codes: the account locks and the right code is refused', async () => {
      const { user } = await makeCustomer(deps);
      const mobile = user.mobile!;
      const answers: Answer[] = [];
      let ip = 0;
      const nextIp = () => {
        ip++;
        return `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`;
      };
      let last = '';
      for (let round = 0; round < 3; round++) {
        deps.clock.advance(31_000); // past the resend cooldown
        expect((await post('/v1/users/login/', { mobile, password: TEST_PASSWORD }, nextIp())).status).toBe(200);
        last = await latestCode(deps, mobile);
        await pool(wrongCodes(last, 50, round * 50), 4, async (code) => {
          answers.push(await post('/v1/users/verify-login-otp/', { mobile, code }, nextIp()));
        });
      }
      expect(answers).toHaveLength(150);
      expect(tally(answers)[200] ?? 0).toBe(0);
      expect(await sessionsOf(user.id)).toBe(1);

      // 10 wrong codes lock the account for 30 minutes, whatever the network
      const locked = answers.filter((a) => a.code === 'RATE_LIMITED');
      expect(locked.length).toBeGreaterThan(0);
      expect(retrySeconds(locked.at(-1)!)).toBeGreaterThan(600);
      expect(retrySeconds(locked.at(-1)!)).toBeLessThanOrEqual(1800);
      const right = await post('/v1/users/verify-login-otp/', { mobile, code: last }, nextIp());
      expect(right).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(retrySeconds(right)).toBeGreaterThan(600);
      expect(await sessionsOf(user.id)).toBe(1);
    });
  });

  describe('passwords', () => {
    it('locks an account after 10 wrong passwords: 429 with Retry-After, even for the right password', async () => {
      const { user } = await makeCustomer(deps);
      const other = await makeCustomer(deps);
      const mobile = user.mobile!;
      const ip = '203.0.113.10';
      const answers: Answer[] = [];
      for (let i = 0; i < 11; i++) answers.push(await post('/v1/users/login/', { mobile, password: `guess-${i}` }, ip));
      expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(401));
      expect(answers.slice(0, 10).every((a) => a.code === 'INVALID_CREDENTIALS')).toBe(true);
      expect(answers[10]).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(retrySeconds(answers[10]!)).toBeGreaterThan(0);
      expect(retrySeconds(answers[10]!)).toBeLessThanOrEqual(900);

      const right = await post('/v1/users/login/', { mobile, password: TEST_PASSWORD }, ip);
      expect(right).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(right.retryAfter).not.toBeNull();
      const fromElsewhere = await post('/v1/users/login/', { mobile, password: TEST_PASSWORD }, '203.0.113.11');
      expect(fromElsewhere.status).toBe(429);
      // no code was ever sent for the locked account
      expect(await deps.db.outboxMessage.count({ where: { recipient: mobile } })).toBe(0);
      // the lock is the account's, not the network's
      expect((await post('/v1/users/login/', { mobile: other.user.mobile, password: TEST_PASSWORD }, ip)).status).toBe(
        200,
      );
    });

    it('throttles one network after 30 sign-in attempts across accounts', async () => {
      const { user } = await makeCustomer(deps);
      const ip = '203.0.113.20';
      const answers: Answer[] = [];
      for (let i = 0; i < 31; i++) {
        const mobile = `+2014${String(10_000_000 + i).padStart(8, '0')}`; // nobody's
        answers.push(await post('/v1/users/login/', { mobile, password: 'some-password' }, ip));
      }
      expect(answers.slice(0, 30).every((a) => a.status === 401)).toBe(true);
      expect(answers[30]).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(retrySeconds(answers[30]!)).toBeGreaterThan(0);
      const real = await post('/v1/users/login/', { mobile: user.mobile, password: TEST_PASSWORD }, ip);
      expect(real).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(real.retryAfter).not.toBeNull();
      // another network is unaffected
      expect(
        (await post('/v1/users/login/', { mobile: user.mobile, password: TEST_PASSWORD }, '203.0.113.21')).status,
      ).toBe(200);
    });
  });
});
