/**
 * Forgotten passwords for customers (mobile), organizers (mobile), admins and practitioners
 * (e-mail): the request never reveals whether an account exists, the code sets a new password
 * and signs the account out everywhere. A signed-in user's password change keeps only the
 * current session.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  describeIf,
  integrationDbReady,
  latestCode,
  makeCustomer,
  openTestDatabase,
  signIn,
  TEST_PASSWORD,
  testDeps,
} from '../../../test/harness.ts';
import { hashPassword } from '../../auth/password.ts';
import { validateSessionToken } from '../../auth/sessions.ts';
import { appErrorOf } from '../../errors.ts';

const ready = await integrationDbReady();

type Deps = ReturnType<typeof testDeps>;
type Api = ReturnType<typeof callerFor>;
type Role = 'CUSTOMER' | 'ORGANIZER' | 'ADMIN' | 'PRACTITIONER';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`;
const newMobile = () => `+2013${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
let testHash: Promise<string> | undefined;

async function makeAccount(deps: Deps, role: Role) {
  testHash ??= hashPassword(TEST_PASSWORD);
  const byMobile = role === 'CUSTOMER' || role === 'ORGANIZER';
  const identifier = byMobile ? newMobile() : `${role.toLowerCase()}.${unique()}@admit.test`;
  const user = await deps.db.user.create({
    data: {
      role,
      mobile: byMobile ? identifier : null,
      email: byMobile ? null : identifier,
      adminLevel: role === 'ADMIN' ? 'SUPPORT' : null,
      passwordHash: await testHash,
      firstName: 'Reset',
      lastName: role.toLowerCase(),
    },
  });
  return { user, identifier };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'RESOLVED';
  } catch (err) {
    return appErrorOf(err)?.code ?? (err as { code?: string }).code ?? 'UNKNOWN';
  }
}

interface Door {
  role: Role;
  by: 'mobile' | 'email';
  forgot(api: Api, id: string): Promise<{ ok: true; message: string }>;
  reset(api: Api, id: string, code: string, newPassword: string): Promise<{ ok: true }>;
  /** the password step of this role's sign-in; resolves when the password is accepted */
  login(api: Api, id: string, password: string): Promise<unknown>;
}

const DOORS: Door[] = [
  {
    role: 'CUSTOMER',
    by: 'mobile',
    forgot: (api, mobile) => api.auth.forgotPassword({ mobile }),
    reset: (api, mobile, code, newPassword) => api.auth.resetPassword({ mobile, code, newPassword }),
    login: (api, mobile, password) => api.auth.login({ mobile, password }),
  },
  {
    role: 'ORGANIZER',
    by: 'mobile',
    forgot: (api, mobile) => api.auth.organizer.forgotPassword({ mobile }),
    reset: (api, mobile, code, newPassword) => api.auth.organizer.resetPassword({ mobile, code, newPassword }),
    login: (api, mobile, password) => api.auth.organizer.login({ mobile, password }),
  },
  {
    role: 'ADMIN',
    by: 'email',
    forgot: (api, email) => api.auth.admin.forgotPassword({ email }),
    reset: (api, email, code, newPassword) => api.auth.admin.resetPassword({ email, code, newPassword }),
    login: (api, email, password) => api.auth.admin.login({ email, password }),
  },
  {
    role: 'PRACTITIONER',
    by: 'email',
    forgot: (api, email) => api.auth.practitioner.forgotPassword({ email }),
    reset: (api, email, code, newPassword) => api.auth.practitioner.resetPassword({ email, code, newPassword }),
    login: (api, email, password) => api.auth.practitioner.login({ email, password }),
  },
];

describeIf(ready)('passwords', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: Deps;
  let anon: Api;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(() => {
    deps = testDeps(db); // fresh rate limits: in-process callers all share the "unknown" IP
    anon = callerFor(deps, null);
  });
  afterAll(() => db?.close());

  const valid = (token: string) => validateSessionToken(deps.db, deps.clock, token);

  describe.each(DOORS)('$role forgot/reset', (d) => {
    it('answers the same for an unknown account and sends nothing to it', async () => {
      const { user, identifier } = await makeAccount(deps, d.role);
      const unknown = d.by === 'mobile' ? newMobile() : `ghost.${unique()}@admit.test`;
      // an account of another role under the same kind of identifier
      const other = await makeAccount(
        deps,
        d.by === 'mobile'
          ? d.role === 'CUSTOMER'
            ? 'ORGANIZER'
            : 'CUSTOMER'
          : d.role === 'ADMIN'
            ? 'PRACTITIONER'
            : 'ADMIN',
      );

      const before = await deps.db.outboxMessage.count();
      const known = await d.forgot(anon, identifier);
      expect(await deps.db.outboxMessage.count()).toBe(before + 1);
      const sent = await deps.db.outboxMessage.findFirstOrThrow({ where: { recipient: identifier } });
      expect(sent).toMatchObject({
        channel: d.by === 'mobile' ? 'SMS' : 'EMAIL',
        template: 'otp.password_reset',
        userId: user.id,
      });

      const nobody = await d.forgot(anon, unknown);
      const wrongRole = await d.forgot(anon, other.identifier);
      expect(nobody).toEqual(known);
      expect(wrongRole).toEqual(known);
      expect(await deps.db.outboxMessage.count()).toBe(before + 1);
      expect(await deps.db.oneTimeCode.count({ where: { userId: other.user.id } })).toBe(0);
    });

    it('sets the new password with the code and signs the account out everywhere', async () => {
      const { user, identifier } = await makeAccount(deps, d.role);
      const a = await signIn(deps, user.id);
      const b = await signIn(deps, user.id);
      await d.forgot(anon, identifier);
      const code = await latestCode(deps, identifier);
      const newPassword = `fresh-${unique()}`;

      // a wrong code changes nothing
      expect(await codeOf(d.reset(anon, identifier, code === '123456' ? '654321' : '123456', newPassword))).toBe(
        'INVALID_CODE',
      );
      expect(await valid(a.token)).not.toBeNull();

      expect(await d.reset(anon, identifier, code, newPassword)).toEqual({ ok: true });
      expect(await valid(a.token)).toBeNull();
      expect(await valid(b.token)).toBeNull();
      expect(await deps.db.session.count({ where: { userId: user.id } })).toBe(0);

      expect(await codeOf(d.login(anon, identifier, TEST_PASSWORD))).toBe('INVALID_CREDENTIALS');
      expect(await codeOf(d.login(anon, identifier, newPassword))).toBe('RESOLVED');

      // the code cannot set a password twice
      expect(await codeOf(d.reset(anon, identifier, code, `again-${unique()}`))).toBe('INVALID_CODE');
      const audit = await deps.db.auditLog.findMany({ where: { action: 'auth.password_reset', targetId: user.id } });
      expect(audit).toHaveLength(1);
      expect(audit[0]!.after).toEqual({ sessionsRevoked: 2 });
      expect(JSON.stringify(audit)).not.toContain(newPassword);
    });

    it('answers repeated requests the same too: the resend cooldown and the per-account budget stay hidden', async () => {
      const { user, identifier } = await makeAccount(deps, d.role);
      const unknown = d.by === 'mobile' ? newMobile() : `ghost.${unique()}@admit.test`;
      const known: string[] = [];
      const nobody: string[] = [];
      const answer = (p: Promise<unknown>) =>
        p.then(
          (r) => JSON.stringify(r),
          (e: unknown) => appErrorOf(e)?.code ?? 'ERROR',
        );
      for (let i = 0; i < 7; i++) {
        known.push(await answer(d.forgot(anon, identifier))); // the second one within the 30 s cooldown
        nobody.push(await answer(d.forgot(anon, unknown)));
        if (i > 0) deps.clock.advance(31_000);
      }
      expect(known).toEqual(nobody);
      expect(new Set(known).size).toBe(1);
      // the account's budget still holds: at most 5 codes an hour
      const sent = await deps.db.outboxMessage.count({ where: { recipient: identifier } });
      expect(sent).toBeGreaterThan(0);
      expect(sent).toBeLessThanOrEqual(5);
      expect(await deps.db.oneTimeCode.count({ where: { userId: user.id } })).toBe(sent);
    });

    it('refuses a reset for an unknown account like a wrong code', async () => {
      const unknown = d.by === 'mobile' ? newMobile() : `ghost.${unique()}@admit.test`;
      expect(await codeOf(d.reset(anon, unknown, '123456', 'whatever-pass-1'))).toBe('INVALID_CODE');
    });
  });

  describe('changePassword', () => {
    it('keeps the current session, revokes the others, and rejects a wrong current password', async () => {
      const { user, actor, token } = await makeCustomer(deps);
      const phone = await signIn(deps, user.id);
      const laptop = await signIn(deps, user.id);
      const api = callerFor(deps, actor);

      const wrong = await api.auth
        .changePassword({ currentPassword: 'not my password', newPassword: 'brand-new-pass-1' })
        .catch((e: unknown) => e);
      expect(appErrorOf(wrong)?.code).toBe('INVALID_CREDENTIALS');
      expect(await valid(phone.token)).not.toBeNull();
      expect(await codeOf(anon.auth.login({ mobile: user.mobile!, password: 'brand-new-pass-1' }))).toBe(
        'INVALID_CREDENTIALS',
      );

      const done = await api.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'brand-new-pass-1' });
      expect(done).toEqual({ ok: true, sessionsRevoked: 2 });
      expect((await valid(token))?.session.id).toBe(actor.session.id);
      expect(await valid(phone.token)).toBeNull();
      expect(await valid(laptop.token)).toBeNull();

      expect(await codeOf(anon.auth.login({ mobile: user.mobile!, password: TEST_PASSWORD }))).toBe(
        'INVALID_CREDENTIALS',
      );
      expect(await codeOf(anon.auth.login({ mobile: user.mobile!, password: 'brand-new-pass-1' }))).toBe('RESOLVED');
      const audit = await deps.db.auditLog.findFirstOrThrow({
        where: { action: 'auth.password_changed', targetId: user.id },
      });
      expect(audit.after).toEqual({ sessionsRevoked: 2 });
    });

    it('works the same from a staff portal (merchant.changePassword)', async () => {
      testHash ??= hashPassword(TEST_PASSWORD);
      const merchant = await deps.db.user.create({
        data: {
          role: 'MERCHANT',
          mobile: newMobile(),
          passwordHash: await testHash,
          firstName: 'Mina',
          lastName: 'Shop',
        },
      });
      const here = await signIn(deps, merchant.id);
      const there = await signIn(deps, merchant.id);
      const api = callerFor(deps, here.actor);
      expect(
        await codeOf(api.merchant.changePassword({ currentPassword: 'nope-nope', newPassword: 'merchant-new-1' })),
      ).toBe('INVALID_CREDENTIALS');
      expect(
        await api.merchant.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'merchant-new-1' }),
      ).toEqual({ ok: true, sessionsRevoked: 1 });
      expect(await valid(here.token)).not.toBeNull();
      expect(await valid(there.token)).toBeNull();
      expect(await codeOf(anon.auth.merchant.login({ mobile: merchant.mobile!, password: 'merchant-new-1' }))).toBe(
        'RESOLVED',
      );
    });

    it('locks the change after repeated wrong current passwords', async () => {
      const { actor } = await makeCustomer(deps);
      const api = callerFor(deps, actor);
      const tries: string[] = [];
      for (let i = 0; i < 11; i++) {
        tries.push(
          await codeOf(api.auth.changePassword({ currentPassword: `guess-${i}`, newPassword: 'new-pass-123' })),
        );
      }
      expect(tries.slice(0, 10)).toEqual(Array(10).fill('INVALID_CREDENTIALS'));
      expect(tries[10]).toBe('RATE_LIMITED');
      // even the right password is refused while locked
      expect(
        await codeOf(api.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'new-pass-123' })),
      ).toBe('RATE_LIMITED');
    });
  });
});
