/**
 * Staff sign-in per role (auth.service.ts SIGN_IN_POLICY): organizers and merchants with mobile +
 * password + SMS code, admins with e-mail + password + e-mailed code, practitioners with e-mail +
 * password only. Wrong password, wrong role and unknown account answer the same; disabled
 * accounts are refused; codes expire, are single use and burn after 5 wrong attempts.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  describeIf,
  integrationDbReady,
  latestCode,
  openTestDatabase,
  TEST_PASSWORD,
  testDeps,
} from '../../../test/harness.ts';
import { hashPassword } from '../../auth/password.ts';
import { validateSessionToken } from '../../auth/sessions.ts';
import { appErrorOf } from '../../errors.ts';

const ready = await integrationDbReady();

type Deps = ReturnType<typeof testDeps>;
type Api = ReturnType<typeof callerFor>;
type StaffRole = 'ORGANIZER' | 'MERCHANT' | 'ADMIN' | 'PRACTITIONER';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`;
const newMobile = () => `+2012${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
let testHash: Promise<string> | undefined;

/** A staff account of `role`; its sign-in identifier is a mobile or a lower-case e-mail. */
async function makeStaff(deps: Deps, role: StaffRole, opts: { status?: 'ACTIVE' | 'DISABLED' } = {}) {
  testHash ??= hashPassword(TEST_PASSWORD);
  const byMobile = role === 'ORGANIZER' || role === 'MERCHANT';
  const identifier = byMobile ? newMobile() : `${role.toLowerCase()}.${unique()}@admit.test`;
  const user = await deps.db.user.create({
    data: {
      role,
      status: opts.status ?? 'ACTIVE',
      mobile: byMobile ? identifier : null,
      email: byMobile ? null : identifier,
      adminLevel: role === 'ADMIN' ? 'ADMIN' : null,
      passwordHash: await testHash,
      firstName: 'Staff',
      lastName: role.toLowerCase(),
    },
  });
  return { user, identifier };
}

/** The domain code of a rejected call (INVALID_CREDENTIALS, …), or RESOLVED. */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'RESOLVED';
  } catch (err) {
    return appErrorOf(err)?.code ?? (err as { code?: string }).code ?? 'UNKNOWN';
  }
}
async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    const app = appErrorOf(err);
    return { code: app?.code ?? 'UNKNOWN', message: app?.message ?? String(err) };
  }
  throw new Error('expected the call to fail');
}

/** A six-digit code that is not `real`. */
const wrongCode = (real: string, i = 0) => String((Number(real) + 1 + i) % 1_000_000).padStart(6, '0');

interface CodePortal {
  role: 'ORGANIZER' | 'MERCHANT' | 'ADMIN';
  channel: 'SMS' | 'EMAIL';
  /** an account of this role signs in at the other portal's door */
  otherRole: StaffRole;
  login(api: Api, identifier: string, password: string): Promise<{ purpose: string; sentTo: string }>;
  verify(api: Api, identifier: string, code: string): Promise<{ token: string; user: { id: string; role: string } }>;
  /** a procedure only this role may call */
  own(api: Api): Promise<{ id: string }>;
}

const CODE_PORTALS: CodePortal[] = [
  {
    role: 'ORGANIZER',
    channel: 'SMS',
    otherRole: 'MERCHANT',
    login: (api, mobile, password) => api.auth.organizer.login({ mobile, password }),
    verify: (api, mobile, code) => api.auth.organizer.verifyOtp({ mobile, code }),
    own: (api) => api.organizer.me({}),
  },
  {
    role: 'MERCHANT',
    channel: 'SMS',
    otherRole: 'ORGANIZER',
    login: (api, mobile, password) => api.auth.merchant.login({ mobile, password }),
    verify: (api, mobile, code) => api.auth.merchant.verifyOtp({ mobile, code }),
    own: (api) => api.merchant.settings({}),
  },
  {
    role: 'ADMIN',
    channel: 'EMAIL',
    otherRole: 'PRACTITIONER',
    login: (api, email, password) => api.auth.admin.login({ email, password }),
    verify: (api, email, code) => api.auth.admin.verifyOtp({ email, code }),
    own: (api) => api.admin.me({}),
  },
];

describeIf(ready)('staff sign-in', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: Deps;
  let anon: Api;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  // fresh rate limits and clock for every test: the in-process caller has no IP, so all tests
  // would otherwise share one "network" budget
  beforeEach(() => {
    deps = testDeps(db);
    anon = callerFor(deps, null);
  });
  afterAll(() => db?.close());

  const outboxTo = (recipient: string) =>
    deps.db.outboxMessage.findMany({ where: { recipient }, orderBy: { createdAt: 'asc' } });
  const sessionsOf = (userId: string) => deps.db.session.count({ where: { userId } });
  const auditOf = (action: string, targetId: string) =>
    deps.db.auditLog.findMany({ where: { action, targetId }, orderBy: { at: 'asc' } });

  describe.each(CODE_PORTALS)('$role', (p) => {
    it(`signs in with password, then the code sent by ${p.channel}`, async () => {
      const { user, identifier } = await makeStaff(deps, p.role);
      // e-mails are matched case-insensitively
      const typed = p.channel === 'EMAIL' ? identifier.toUpperCase() : identifier;
      const challenge = await p.login(anon, typed, TEST_PASSWORD);
      expect(challenge.purpose).toBe('LOGIN');
      expect(challenge.sentTo).not.toBe(identifier);
      expect(challenge.sentTo.slice(-4)).toBe(identifier.slice(-4));

      const sent = await outboxTo(identifier);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ channel: p.channel, template: 'otp.login', userId: user.id });
      if (p.channel === 'EMAIL') expect(sent[0]!.subject).toMatch(/sign-in code/);
      expect(await sessionsOf(user.id)).toBe(0); // the password alone opens nothing

      const session = await p.verify(anon, typed, await latestCode(deps, identifier));
      expect(session.user).toMatchObject({ id: user.id, role: p.role });
      const actor = await validateSessionToken(deps.db, deps.clock, session.token);
      expect(actor?.user).toMatchObject({ id: user.id, role: p.role });
      expect((await p.own(callerFor(deps, actor))).id).toBe(user.id);
      expect(await auditOf('auth.login', user.id)).toHaveLength(1);
    });

    it('refuses a wrong password with INVALID_CREDENTIALS, audited without the password, and sends no code', async () => {
      const { user, identifier } = await makeStaff(deps, p.role);
      const wrong = `not-${TEST_PASSWORD}-x9`;
      expect(await codeOf(p.login(anon, identifier, wrong))).toBe('INVALID_CREDENTIALS');
      expect(await outboxTo(identifier)).toHaveLength(0);

      const failed = await auditOf('auth.login_failed', user.id);
      expect(failed).toHaveLength(1);
      expect(failed[0]!.after).toMatchObject({ role: p.role });
      const text = JSON.stringify(failed);
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(identifier); // the identifier is masked
    });

    it(`answers a ${p.otherRole}'s identifier, an unknown one and a wrong password the same way`, async () => {
      const mine = await makeStaff(deps, p.role);
      const other = await makeStaff(deps, p.otherRole);
      const unknown = p.channel === 'EMAIL' ? `nobody.${unique()}@admit.test` : newMobile();

      const wrongPassword = await errorOf(p.login(anon, mine.identifier, 'wrong password 1'));
      const wrongRole = await errorOf(p.login(anon, other.identifier, TEST_PASSWORD));
      const noAccount = await errorOf(p.login(anon, unknown, TEST_PASSWORD));
      expect(wrongRole).toEqual({ code: 'INVALID_CREDENTIALS', message: wrongPassword.message });
      expect(noAccount).toEqual(wrongRole);
      expect(await outboxTo(other.identifier)).toHaveLength(0);
      expect(await sessionsOf(other.user.id)).toBe(0);
      expect(await auditOf('auth.login_failed', other.user.id)).toHaveLength(1);

      // a code of this role is not accepted at the other role's door, and stays usable at its own
      if (p.role !== 'ADMIN') {
        await p.login(anon, mine.identifier, TEST_PASSWORD);
        const code = await latestCode(deps, mine.identifier);
        const otherPortal = CODE_PORTALS.find((x) => x.role === p.otherRole)!;
        expect(await codeOf(otherPortal.verify(anon, mine.identifier, code))).toBe('INVALID_CODE');
        expect((await p.verify(anon, mine.identifier, code)).user.id).toBe(mine.user.id);
      }
    });

    it('refuses a disabled account with FORBIDDEN and sends no code', async () => {
      const { user, identifier } = await makeStaff(deps, p.role, { status: 'DISABLED' });
      expect(await codeOf(p.login(anon, identifier, TEST_PASSWORD))).toBe('FORBIDDEN');
      // a wrong password still says only "wrong credentials"
      expect(await codeOf(p.login(anon, identifier, 'wrong password 1'))).toBe('INVALID_CREDENTIALS');
      expect(await outboxTo(identifier)).toHaveLength(0);
      expect(await sessionsOf(user.id)).toBe(0);
    });

    it('refuses a code after 10 minutes (CODE_EXPIRED)', async () => {
      const { user, identifier } = await makeStaff(deps, p.role);
      await p.login(anon, identifier, TEST_PASSWORD);
      const code = await latestCode(deps, identifier);
      deps.clock.advance(11 * 60_000);
      expect(await codeOf(p.verify(anon, identifier, code))).toBe('CODE_EXPIRED');
      expect(await sessionsOf(user.id)).toBe(0);
    });

    it('accepts a code once', async () => {
      const { user, identifier } = await makeStaff(deps, p.role);
      await p.login(anon, identifier, TEST_PASSWORD);
      const code = await latestCode(deps, identifier);
      await p.verify(anon, identifier, code);
      expect(await codeOf(p.verify(anon, identifier, code))).toBe('INVALID_CODE');
      expect(await sessionsOf(user.id)).toBe(1);
    });

    it('burns the code after 5 wrong attempts; a new code works', async () => {
      const { user, identifier } = await makeStaff(deps, p.role);
      await p.login(anon, identifier, TEST_PASSWORD);
      const code = await latestCode(deps, identifier);
      const answers: string[] = [];
      for (let i = 0; i < 5; i++) answers.push(await codeOf(p.verify(anon, identifier, wrongCode(code, i))));
      expect(answers).toEqual(['INVALID_CODE', 'INVALID_CODE', 'INVALID_CODE', 'INVALID_CODE', 'TOO_MANY_ATTEMPTS']);
      expect(await codeOf(p.verify(anon, identifier, code))).toBe('TOO_MANY_ATTEMPTS');
      expect(await sessionsOf(user.id)).toBe(0);
      expect((await auditOf('auth.code_failed', user.id)).length).toBeGreaterThanOrEqual(4);

      // a new code is refused within 30 s, then issued and accepted
      expect(await codeOf(p.login(anon, identifier, TEST_PASSWORD))).toBe('RATE_LIMITED');
      deps.clock.advance(31_000);
      await p.login(anon, identifier, TEST_PASSWORD);
      const fresh = await latestCode(deps, identifier);
      expect((await p.verify(anon, identifier, fresh)).user.id).toBe(user.id);
    });
  });

  describe('PRACTITIONER', () => {
    it('signs in with e-mail and password only: a session, and no code sent', async () => {
      const { user, identifier } = await makeStaff(deps, 'PRACTITIONER');
      const session = await anon.auth.practitioner.login({ email: identifier.toUpperCase(), password: TEST_PASSWORD });
      expect(session.user).toMatchObject({ id: user.id, role: 'PRACTITIONER', email: identifier });
      expect(await outboxTo(identifier)).toHaveLength(0);
      const actor = await validateSessionToken(deps.db, deps.clock, session.token);
      expect((await callerFor(deps, actor).practitioner.me({})).id).toBe(user.id);
    });

    it('refuses a wrong password (audited), an admin e-mail and a disabled account', async () => {
      const { user, identifier } = await makeStaff(deps, 'PRACTITIONER');
      const wrong = 'definitely-wrong-77';
      const login = (email: string, password: string) => anon.auth.practitioner.login({ email, password });

      expect(await codeOf(login(identifier, wrong))).toBe('INVALID_CREDENTIALS');
      const failed = await auditOf('auth.login_failed', user.id);
      expect(failed).toHaveLength(1);
      expect(JSON.stringify(failed)).not.toContain(wrong);

      const admin = await makeStaff(deps, 'ADMIN');
      expect(await codeOf(login(admin.identifier, TEST_PASSWORD))).toBe('INVALID_CREDENTIALS');
      expect(await sessionsOf(admin.user.id)).toBe(0);

      const disabled = await makeStaff(deps, 'PRACTITIONER', { status: 'DISABLED' });
      expect(await codeOf(login(disabled.identifier, TEST_PASSWORD))).toBe('FORBIDDEN');
      expect(await sessionsOf(disabled.user.id)).toBe(0);
      expect(await sessionsOf(user.id)).toBe(0);
    });
  });
});
