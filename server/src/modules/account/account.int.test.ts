/**
 * The signed-in user's own account: a merchant's mobile change (the code goes to the NEW
 * number), and a customer's data rights — the export holds their orders and tickets and no
 * secret, erasure anonymises the person but keeps the books, and frees the mobile number.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buyTickets,
  callerFor,
  describeIf,
  type EventFixture,
  integrationDbReady,
  latestCode,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  signIn,
  startTestServer,
  TEST_PASSWORD,
  testDeps,
} from '../../../test/harness.ts';
import { hashPassword, verifyPassword } from '../../auth/password.ts';
import { validateSessionToken } from '../../auth/sessions.ts';
import { appErrorOf } from '../../errors.ts';

const ready = await integrationDbReady();

type Deps = ReturnType<typeof testDeps>;
const newMobile = () => `+2015${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
let testHash: Promise<string> | undefined;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'RESOLVED';
  } catch (err) {
    return appErrorOf(err)?.code ?? (err as { code?: string }).code ?? 'UNKNOWN';
  }
}

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

describeIf(ready)('account', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: Deps;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let ev: EventFixture;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    server = await startTestServer(deps);
    ev = await makeEvent(deps, { quota: 50 });
  });
  beforeEach(() => {
    // fresh budgets for in-process callers (they all share one unknown IP); same clock and db
    deps.limits = testDeps(db).limits;
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const valid = (token: string) => validateSessionToken(deps.db, deps.clock, token);
  const outboxTo = (recipient: string) => deps.db.outboxMessage.findMany({ where: { recipient } });

  async function makeMerchant() {
    testHash ??= hashPassword(TEST_PASSWORD);
    const user = await deps.db.user.create({
      data: {
        role: 'MERCHANT',
        mobile: newMobile(),
        passwordHash: await testHash,
        firstName: 'Tarek',
        lastName: 'Shop',
      },
    });
    return { user, ...(await signIn(deps, user.id)) };
  }

  describe('merchant mobile change', () => {
    it('sends the code to the NEW number; after confirming, the merchant signs in with it', async () => {
      const m = await makeMerchant();
      const oldMobile = m.user.mobile!;
      const target = newMobile();
      const api = callerFor(deps, m.actor);

      const challenge = await api.merchant.changeMobile({ newMobile: target, password: TEST_PASSWORD });
      expect(challenge.sentTo.slice(-4)).toBe(target.slice(-4));
      const sent = await outboxTo(target);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ channel: 'SMS', template: 'otp.change_mobile', userId: m.user.id });
      expect(await outboxTo(oldMobile)).toHaveLength(0);
      expect((await deps.db.user.findUniqueOrThrow({ where: { id: m.user.id } })).mobile).toBe(oldMobile);

      const code = await latestCode(deps, target);
      expect(await codeOf(api.merchant.verifyMobileChange({ code: code === '000000' ? '999999' : '000000' }))).toBe(
        'INVALID_CODE',
      );
      expect((await deps.db.user.findUniqueOrThrow({ where: { id: m.user.id } })).mobile).toBe(oldMobile);

      expect(await api.merchant.verifyMobileChange({ code })).toEqual({ ok: true, mobile: target });
      expect((await deps.db.user.findUniqueOrThrow({ where: { id: m.user.id } })).mobile).toBe(target);
      expect(await codeOf(api.merchant.verifyMobileChange({ code }))).toBe('INVALID_CODE'); // single use
      const audit = await deps.db.auditLog.findFirstOrThrow({
        where: { action: 'user.mobile_changed', targetId: m.user.id },
      });
      expect(audit).toMatchObject({ before: { mobile: oldMobile }, after: { mobile: target } });

      const anon = callerFor(deps, null);
      expect(await codeOf(anon.auth.merchant.login({ mobile: oldMobile, password: TEST_PASSWORD }))).toBe(
        'INVALID_CREDENTIALS',
      );
      await anon.auth.merchant.login({ mobile: target, password: TEST_PASSWORD });
      const session = await anon.auth.merchant.verifyOtp({ mobile: target, code: await latestCode(deps, target) });
      expect(session.user).toMatchObject({ id: m.user.id, role: 'MERCHANT', mobile: target });
    });

    it('refuses a taken number (CONFLICT), a wrong password (INVALID_CREDENTIALS) and the same number, sending nothing', async () => {
      const m = await makeMerchant();
      const someone = await makeCustomer(deps);
      const free = newMobile();
      const api = callerFor(deps, m.actor);

      expect(
        await codeOf(api.merchant.changeMobile({ newMobile: someone.user.mobile!, password: TEST_PASSWORD })),
      ).toBe('CONFLICT');
      expect(await codeOf(api.merchant.changeMobile({ newMobile: free, password: 'not-my-password' }))).toBe(
        'INVALID_CREDENTIALS',
      );
      expect(await codeOf(api.merchant.changeMobile({ newMobile: m.user.mobile!, password: TEST_PASSWORD }))).toBe(
        'VALIDATION_FAILED',
      );
      expect(await outboxTo(someone.user.mobile!)).toHaveLength(0);
      expect(await outboxTo(free)).toHaveLength(0);
      expect(await deps.db.oneTimeCode.count({ where: { userId: m.user.id } })).toBe(0);
    });

    it('refuses the switch when the number was taken between request and confirmation', async () => {
      const m = await makeMerchant();
      const target = newMobile();
      const api = callerFor(deps, m.actor);
      await api.merchant.changeMobile({ newMobile: target, password: TEST_PASSWORD });
      const code = await latestCode(deps, target);
      await makeCustomer(deps, { mobile: target });
      expect(await codeOf(api.merchant.verifyMobileChange({ code }))).toBe('CONFLICT');
      expect((await deps.db.user.findUniqueOrThrow({ where: { id: m.user.id } })).mobile).toBe(m.user.mobile);
    });

    it('throttles password guessing through the mobile change', async () => {
      const m = await makeMerchant();
      const api = callerFor(deps, m.actor);
      const answers: string[] = [];
      for (let i = 0; i < 11; i++) {
        answers.push(await codeOf(api.merchant.changeMobile({ newMobile: newMobile(), password: `guess-${i}` })));
      }
      expect(answers.slice(0, 10)).toEqual(Array(10).fill('INVALID_CREDENTIALS'));
      expect(answers[10]).toBe('RATE_LIMITED');
      expect(await codeOf(api.merchant.changeMobile({ newMobile: newMobile(), password: TEST_PASSWORD }))).toBe(
        'RATE_LIMITED',
      );
      expect(await deps.db.oneTimeCode.count({ where: { userId: m.user.id } })).toBe(0);
    });

    it('is for merchants only', async () => {
      const c = await makeCustomer(deps);
      expect(
        await codeOf(
          callerFor(deps, c.actor).merchant.changeMobile({ newMobile: newMobile(), password: TEST_PASSWORD }),
        ),
      ).toBe('FORBIDDEN');
    });
  });

  describe('customer data export (GDPR Art. 15/20)', () => {
    it('contains my orders and tickets, nobody else’s, and no secret or hash anywhere', async () => {
      const me = await makeCustomer(deps);
      const tickets = await buyTickets(deps, me.actor, ev, 2);
      const other = await makeCustomer(deps);
      await buyTickets(deps, other.actor, ev, 1);
      // a pending code in the account's history
      await callerFor(deps, null).auth.forgotPassword({ mobile: me.user.mobile! });

      const data = await callerFor(deps, me.actor).customer.privacy.export({});
      const orders = await deps.db.order.findMany({ where: { customerId: me.user.id } });
      const otherOrders = await deps.db.order.findMany({ where: { customerId: other.user.id } });
      expect(data).toMatchObject({
        profile: { id: me.user.id, mobile: me.user.mobile, firstName: 'Layla', bloodType: 'O+' },
        orders: [{ code: orders[0]!.code, status: 'PAID', totalMinor: 90_000 }],
      });
      expect((data.orders as { payments: unknown[] }[])[0]!.payments).toHaveLength(1);
      expect((data.tickets as { reference: string }[]).map((t) => t.reference).sort()).toEqual(
        tickets.map((t) => t.reference).sort(),
      );

      const json = JSON.stringify(data);
      expect(json).not.toContain(otherOrders[0]!.code);
      const keys = keysOf(JSON.parse(json));
      for (const k of ['passwordHash', 'secret', 'codeHash', 'secretHash', 'signingSeed'])
        expect(keys).not.toContain(k);
      expect(json).not.toMatch(/passwordHash|codeHash|secretHash|"secret"/);
      // and no secret value under another name
      const row = await deps.db.user.findUniqueOrThrow({ where: { id: me.user.id } });
      expect(json).not.toContain(row.passwordHash);
      const secrets = await deps.db.ticket.findMany({ where: { holderId: me.user.id }, select: { secret: true } });
      expect(secrets).toHaveLength(2);
      for (const { secret } of secrets) expect(json).not.toContain(secret);
      expect(json).not.toContain(me.token.split('.')[0]);
      expect(json).not.toContain(me.token.split('.')[1]);
      expect(json).not.toContain(await latestCode(deps, me.user.mobile!));

      // the same document over HTTP
      const res = await fetch(`${server.url}/api/v1/users/me/export/`, {
        headers: { authorization: `Bearer ${me.token}` },
      });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(JSON.parse(text).orders[0].code).toBe(orders[0]!.code);
      expect(text).not.toMatch(/passwordHash|codeHash|secretHash|"secret"/);
      for (const { secret } of secrets) expect(text).not.toContain(secret);
    });
  });

  describe('customer erasure (GDPR Art. 17)', () => {
    it('needs the password', async () => {
      const me = await makeCustomer(deps);
      expect(await codeOf(callerFor(deps, me.actor).customer.privacy.erase({ password: 'wrong-password' }))).toBe(
        'INVALID_CREDENTIALS',
      );
      const row = await deps.db.user.findUniqueOrThrow({ where: { id: me.user.id } });
      expect(row).toMatchObject({ firstName: 'Layla', mobile: me.user.mobile, status: 'ACTIVE', deletedAt: null });
      expect(await valid(me.token)).not.toBeNull();
    });

    it('throttles password guessing through erasure (shared with the password change budget)', async () => {
      const me = await makeCustomer(deps);
      const api = callerFor(deps, me.actor);
      const answers: string[] = [];
      for (let i = 0; i < 5; i++) answers.push(await codeOf(api.customer.privacy.erase({ password: `guess-${i}` })));
      for (let i = 0; i < 5; i++) {
        answers.push(
          await codeOf(api.auth.changePassword({ currentPassword: `guess-${i}`, newPassword: 'new-pass-99' })),
        );
      }
      expect(answers).toEqual(Array(10).fill('INVALID_CREDENTIALS'));
      expect(await codeOf(api.customer.privacy.erase({ password: TEST_PASSWORD }))).toBe('RATE_LIMITED');
      const row = await deps.db.user.findUniqueOrThrow({ where: { id: me.user.id } });
      expect(row).toMatchObject({ status: 'ACTIVE', deletedAt: null, mobile: me.user.mobile });
    });

    it('anonymises the person, keeps orders and tickets, ends sessions, and frees the mobile', async () => {
      const me = await makeCustomer(deps, { firstName: 'Yasmin' });
      const mobile = me.user.mobile!;
      const second = await signIn(deps, me.user.id);
      await buyTickets(deps, me.actor, ev, 2);
      const before = await deps.db.ticket.findMany({ where: { holderId: me.user.id }, orderBy: { id: 'asc' } });
      expect(before.map((t) => t.attendeeName)).toEqual(['Yasmin Hassan', 'Yasmin Hassan']);

      const r = await callerFor(deps, me.actor).customer.privacy.erase({ password: TEST_PASSWORD });
      expect(r.ok).toBe(true);

      const row = await deps.db.user.findUniqueOrThrow({ where: { id: me.user.id } });
      expect(row).toMatchObject({
        firstName: 'Deleted',
        mobile: null,
        email: null,
        emergencyContact: null,
        bloodType: null,
        photoUrl: null,
        status: 'DISABLED',
      });
      expect(row.lastName).not.toBe('Hassan');
      expect(row.deletedAt).not.toBeNull();
      expect(await verifyPassword(row.passwordHash, TEST_PASSWORD)).toBe(false);

      // the books stay, no longer naming the person
      expect(await deps.db.order.count({ where: { customerId: me.user.id, status: 'PAID' } })).toBe(1);
      const after = await deps.db.ticket.findMany({ where: { holderId: me.user.id }, orderBy: { id: 'asc' } });
      expect(after.map((t) => t.id)).toEqual(before.map((t) => t.id));
      expect(after.map((t) => t.status)).toEqual(before.map((t) => t.status));
      for (const t of after) expect(t.attendeeName).not.toMatch(/Yasmin|Hassan/);

      // signed out everywhere; cannot sign in
      expect(await valid(me.token)).toBeNull();
      expect(await valid(second.token)).toBeNull();
      expect(await deps.db.session.count({ where: { userId: me.user.id } })).toBe(0);
      const anon = callerFor(deps, null);
      expect(await codeOf(anon.auth.login({ mobile, password: TEST_PASSWORD }))).toBe('INVALID_CREDENTIALS');
      expect(await deps.db.auditLog.count({ where: { action: 'user.erased', targetId: me.user.id } })).toBe(1);

      // the number can register a new, separate account
      await anon.auth.register({ mobile, password: 'new-life-2026', firstName: 'Yasmin', lastName: 'Again' });
      const fresh = await anon.auth.verifyOtp({ mobile, code: await latestCode(deps, mobile) });
      expect(fresh.user.id).not.toBe(me.user.id);
      const actor = await valid(fresh.token);
      const data = await callerFor(deps, actor).customer.privacy.export({});
      expect(data.orders).toEqual([]);
      expect(data.tickets).toEqual([]);
    });

    it('over HTTP clears the session cookie', async () => {
      const me = await makeCustomer(deps);
      const res = await fetch(`${server.url}/api/v1/users/me/delete/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `admit_session=${me.token}` },
        body: JSON.stringify({ password: TEST_PASSWORD }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/admit_session=;/);
      expect(await valid(me.token)).toBeNull();
    });
  });
});
