/**
 * Admin sub-roles (permissions.ts): SUPPORT reads, ADMIN also disables/enables and signs out
 * non-admin accounts, SUPER_ADMIN manages admins; nobody changes their own status or level;
 * every change is audited with before/after; a disabled account's token stops working.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  describeIf,
  integrationDbReady,
  latestCode,
  makeCustomer,
  openTestDatabase,
  signIn,
  startTestServer,
  TEST_PASSWORD,
  testDeps,
} from '../../../test/harness.ts';
import { hashPassword } from '../../auth/password.ts';
import { createSession, validateSessionToken } from '../../auth/sessions.ts';
import { appErrorOf } from '../../errors.ts';
import type { AdminLevel } from './permissions.ts';

const ready = await integrationDbReady();

type Deps = ReturnType<typeof testDeps>;
let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`;
let testHash: Promise<string> | undefined;

async function makeAdmin(deps: Deps, level: AdminLevel) {
  testHash ??= hashPassword(TEST_PASSWORD);
  const user = await deps.db.user.create({
    data: {
      role: 'ADMIN',
      adminLevel: level,
      email: `${level.toLowerCase().replace('_', '-')}.${unique()}@admit.test`,
      passwordHash: await testHash,
      firstName: 'Admin',
      lastName: level,
    },
  });
  return { user, ...(await signIn(deps, user.id)) };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'RESOLVED';
  } catch (err) {
    return appErrorOf(err)?.code ?? (err as { code?: string }).code ?? 'UNKNOWN';
  }
}

describeIf(ready)('admin RBAC', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: Deps;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let superAdmin: Awaited<ReturnType<typeof makeAdmin>>;
  let admin: Awaited<ReturnType<typeof makeAdmin>>;
  let support: Awaited<ReturnType<typeof makeAdmin>>;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    server = await startTestServer(deps);
    superAdmin = await makeAdmin(deps, 'SUPER_ADMIN');
    admin = await makeAdmin(deps, 'ADMIN');
    support = await makeAdmin(deps, 'SUPPORT');
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const valid = (token: string) => validateSessionToken(deps.db, deps.clock, token);
  const statusOf = async (id: string) => (await deps.db.user.findUniqueOrThrow({ where: { id } })).status;
  const levelOf = async (id: string) => (await deps.db.user.findUniqueOrThrow({ where: { id } })).adminLevel;
  const rest = (method: 'GET' | 'POST', path: string, token: string) =>
    fetch(`${server.url}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      },
      body: method === 'POST' ? '{}' : undefined,
    });

  describe('SUPPORT', () => {
    it('lists users and the audit log but cannot disable, enable, sign out or create admins', async () => {
      const customer = await makeCustomer(deps, { firstName: `Sup${unique()}` });
      const api = callerFor(deps, support.actor);

      const page = await api.admin.users.list({ page: 1, pageSize: 10, q: customer.user.firstName });
      expect(page.items.map((u) => u.id)).toEqual([customer.user.id]);
      expect(page.items[0]).toMatchObject({ role: 'CUSTOMER', status: 'ACTIVE', activeSessions: 1 });
      expect(JSON.stringify(page)).not.toMatch(/passwordHash|secretHash/);
      expect((await api.admin.users.get({ id: customer.user.id })).mobile).toBe(customer.user.mobile);
      const admins = await api.admin.users.list({ page: 1, pageSize: 50, role: 'ADMIN' });
      expect(admins.items.map((u) => u.id)).toEqual(
        expect.arrayContaining([superAdmin.user.id, admin.user.id, support.user.id]),
      );
      await callerFor(deps, null)
        .auth.login({ mobile: customer.user.mobile!, password: 'wrong-wrong' })
        .catch(() => {});
      const audit = await api.admin.audit.list({ page: 1, pageSize: 10, action: 'auth.login_failed' });
      expect(audit.items.map((a) => a.targetId)).toContain(customer.user.id);

      expect(await codeOf(api.admin.users.disable({ id: customer.user.id }))).toBe('FORBIDDEN');
      expect(await codeOf(api.admin.users.enable({ id: customer.user.id }))).toBe('FORBIDDEN');
      expect(await codeOf(api.admin.users.revokeSessions({ id: customer.user.id }))).toBe('FORBIDDEN');
      expect(
        await codeOf(
          api.admin.admins.create({
            email: `x.${unique()}@admit.test`,
            firstName: 'X',
            lastName: 'Y',
            password: 'long-enough-1',
            level: 'SUPPORT',
          }),
        ),
      ).toBe('FORBIDDEN');
      expect(await codeOf(api.admin.admins.setLevel({ id: support.user.id, level: 'SUPER_ADMIN' }))).toBe('FORBIDDEN');
      expect(await statusOf(customer.user.id)).toBe('ACTIVE');
      expect(await valid(customer.token)).not.toBeNull();
      expect(await levelOf(support.user.id)).toBe('SUPPORT');
    });

    it('over HTTP: 200 on the user list, 403 on disable', async () => {
      const customer = await makeCustomer(deps);
      expect((await rest('GET', '/users/?page=1&pageSize=5', support.token)).status).toBe(200);
      expect((await rest('GET', '/logs/audit/?page=1&pageSize=5', support.token)).status).toBe(200);
      const res = await rest('POST', `/users/${customer.user.id}/disable/`, support.token);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
      expect(await statusOf(customer.user.id)).toBe('ACTIVE');
    });
  });

  describe('non-admins', () => {
    it('are refused: a customer gets FORBIDDEN, nobody gets UNAUTHORIZED', async () => {
      const customer = await makeCustomer(deps);
      expect(await codeOf(callerFor(deps, customer.actor).admin.users.list({ page: 1, pageSize: 5 }))).toBe(
        'FORBIDDEN',
      );
      expect(await codeOf(callerFor(deps, null).admin.users.list({ page: 1, pageSize: 5 }))).toBe('UNAUTHORIZED');
      expect((await rest('GET', '/users/', customer.token)).status).toBe(403);
    });
  });

  describe('ADMIN', () => {
    it('disables a customer (signed out everywhere, audited before/after) and enables them again', async () => {
      const customer = await makeCustomer(deps);
      const second = await signIn(deps, customer.user.id);
      const api = callerFor(deps, admin.actor);

      const disabled = await api.admin.users.disable({ id: customer.user.id });
      expect(disabled).toMatchObject({ id: customer.user.id, status: 'DISABLED', activeSessions: 0 });
      expect(await valid(customer.token)).toBeNull();
      expect(await valid(second.token)).toBeNull();
      const entry = await deps.db.auditLog.findFirstOrThrow({
        where: { action: 'user.disabled', targetId: customer.user.id },
      });
      expect(entry).toMatchObject({
        actorId: admin.user.id,
        actorRole: 'ADMIN',
        targetType: 'user',
        before: { status: 'ACTIVE' },
        after: { status: 'DISABLED', sessionsRevoked: 2 },
      });

      const anon = callerFor(deps, null);
      expect(await codeOf(anon.auth.login({ mobile: customer.user.mobile!, password: TEST_PASSWORD }))).toBe(
        'FORBIDDEN',
      );

      const enabled = await api.admin.users.enable({ id: customer.user.id });
      expect(enabled.status).toBe('ACTIVE');
      const log = await api.admin.audit.list({ page: 1, pageSize: 10, action: 'user.', targetId: customer.user.id });
      expect(log.items.map((a) => a.action)).toEqual(['user.enabled', 'user.disabled']);
      expect(log.items[0]).toMatchObject({ before: { status: 'DISABLED' }, after: { status: 'ACTIVE' } });
      expect(log.items[0]!.actorLogin).toBe(admin.user.email);
      expect(await codeOf(anon.auth.login({ mobile: customer.user.mobile!, password: TEST_PASSWORD }))).toBe(
        'RESOLVED',
      );
    });

    it('cannot disable or sign out an admin, create admins or change levels', async () => {
      const api = callerFor(deps, admin.actor);
      for (const target of [support, superAdmin]) {
        expect(await codeOf(api.admin.users.disable({ id: target.user.id }))).toBe('FORBIDDEN');
        expect(await codeOf(api.admin.users.revokeSessions({ id: target.user.id }))).toBe('FORBIDDEN');
        expect(await statusOf(target.user.id)).toBe('ACTIVE');
        expect(await valid(target.token)).not.toBeNull();
      }
      expect(
        await codeOf(
          api.admin.admins.create({
            email: `y.${unique()}@admit.test`,
            firstName: 'Y',
            lastName: 'Z',
            password: 'long-enough-1',
            level: 'ADMIN',
          }),
        ),
      ).toBe('FORBIDDEN');
      expect(await codeOf(api.admin.admins.setLevel({ id: admin.user.id, level: 'SUPER_ADMIN' }))).toBe('FORBIDDEN');
      expect(await codeOf(api.admin.admins.setLevel({ id: support.user.id, level: 'ADMIN' }))).toBe('FORBIDDEN');
      expect(await levelOf(admin.user.id)).toBe('ADMIN');
      expect(await levelOf(support.user.id)).toBe('SUPPORT');
      expect(await codeOf(api.admin.users.disable({ id: admin.user.id }))).toBe('INVALID_STATE'); // itself
    });

    it('signs a user out everywhere with revokeSessions, leaving the account active', async () => {
      const customer = await makeCustomer(deps);
      const second = await signIn(deps, customer.user.id);
      const bystander = await makeCustomer(deps);
      const r = await callerFor(deps, admin.actor).admin.users.revokeSessions({ id: customer.user.id });
      expect(r).toEqual({ ok: true, sessionsRevoked: 2 });
      expect(await valid(customer.token)).toBeNull();
      expect(await valid(second.token)).toBeNull();
      expect(await valid(bystander.token)).not.toBeNull();
      expect(await statusOf(customer.user.id)).toBe('ACTIVE');
      const entry = await deps.db.auditLog.findFirstOrThrow({
        where: { action: 'session.revoked_by_admin', targetId: customer.user.id },
      });
      expect(entry).toMatchObject({ actorId: admin.user.id, after: { sessionsRevoked: 2 } });
    });

    it('a disabled user’s existing token stops working over HTTP', async () => {
      const customer = await makeCustomer(deps);
      expect((await rest('GET', '/v1/users/me/', customer.token)).status).toBe(200);
      const res = await rest('POST', `/users/${customer.user.id}/disable/`, admin.token);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { status: string }).status).toBe('DISABLED');
      const me = await rest('GET', '/v1/users/me/', customer.token);
      expect(me.status).toBe(401);
      // even a session that escaped revocation does not validate for a disabled account
      const { token } = await createSession(deps.db, deps.clock, customer.user.id);
      expect(await valid(token)).toBeNull();
      expect((await rest('GET', '/v1/users/me/', token)).status).toBe(401);
    });
  });

  describe('SUPER_ADMIN', () => {
    it('creates an ADMIN and a SUPPORT who can sign in; a taken e-mail is a CONFLICT', async () => {
      const api = callerFor(deps, superAdmin.actor);
      const email = `New.Admin.${unique()}@Admit.Test`;
      const password = `pw-${unique()}`;
      const created = await api.admin.admins.create({
        email,
        firstName: 'Nadia',
        lastName: 'Ops',
        password,
        level: 'ADMIN',
      });
      expect(created).toMatchObject({
        role: 'ADMIN',
        adminLevel: 'ADMIN',
        email: email.toLowerCase(),
        status: 'ACTIVE',
      });
      const helpdesk = await api.admin.admins.create({
        email: `help.${unique()}@admit.test`,
        firstName: 'Help',
        lastName: 'Desk',
        password,
        level: 'SUPPORT',
      });
      expect(helpdesk.adminLevel).toBe('SUPPORT');

      const audit = await deps.db.auditLog.findFirstOrThrow({
        where: { action: 'admin.created', targetId: created.id },
      });
      expect(audit).toMatchObject({
        actorId: superAdmin.user.id,
        after: { level: 'ADMIN', email: email.toLowerCase() },
      });
      expect(JSON.stringify(audit)).not.toContain(password);

      expect(
        await codeOf(api.admin.admins.create({ email, firstName: 'Dup', lastName: 'Dup', password, level: 'SUPPORT' })),
      ).toBe('CONFLICT');

      // the new admin signs in with e-mail, password and the e-mailed code, and has ADMIN rights
      const anon = callerFor(deps, null);
      await anon.auth.admin.login({ email, password });
      const session = await anon.auth.admin.verifyOtp({ email, code: await latestCode(deps, email.toLowerCase()) });
      const actor = await valid(session.token);
      expect(actor?.user).toMatchObject({ id: created.id, adminLevel: 'ADMIN' });
      const customer = await makeCustomer(deps);
      expect((await callerFor(deps, actor).admin.users.disable({ id: customer.user.id })).status).toBe('DISABLED');
    });

    it('changes a level (audited, effective at once) but not their own, and cannot disable themselves', async () => {
      const api = callerFor(deps, superAdmin.actor);
      const target = await makeAdmin(deps, 'SUPPORT');
      const customer = await makeCustomer(deps);
      expect(await codeOf(callerFor(deps, target.actor).admin.users.disable({ id: customer.user.id }))).toBe(
        'FORBIDDEN',
      );

      const promoted = await api.admin.admins.setLevel({ id: target.user.id, level: 'ADMIN' });
      expect(promoted.adminLevel).toBe('ADMIN');
      const entry = await deps.db.auditLog.findFirstOrThrow({
        where: { action: 'admin.level_changed', targetId: target.user.id },
      });
      expect(entry).toMatchObject({ before: { level: 'SUPPORT' }, after: { level: 'ADMIN' } });
      // the same token now carries the new level
      const fresh = await valid(target.token);
      expect((await callerFor(deps, fresh).admin.users.disable({ id: customer.user.id })).status).toBe('DISABLED');

      expect(await codeOf(api.admin.admins.setLevel({ id: superAdmin.user.id, level: 'ADMIN' }))).toBe('INVALID_STATE');
      expect(await codeOf(api.admin.users.disable({ id: superAdmin.user.id }))).toBe('INVALID_STATE');
      expect(await levelOf(superAdmin.user.id)).toBe('SUPER_ADMIN');
      expect(await statusOf(superAdmin.user.id)).toBe('ACTIVE');
      expect(await valid(superAdmin.token)).not.toBeNull();
      // a non-admin has no level to change
      expect(await codeOf(api.admin.admins.setLevel({ id: customer.user.id, level: 'ADMIN' }))).toBe('INVALID_STATE');
      expect((await deps.db.user.findUniqueOrThrow({ where: { id: customer.user.id } })).adminLevel).toBeNull();
    });

    it('can disable another admin, whose token stops working', async () => {
      const victim = await makeAdmin(deps, 'ADMIN');
      const r = await callerFor(deps, superAdmin.actor).admin.users.disable({ id: victim.user.id });
      expect(r).toMatchObject({ status: 'DISABLED', activeSessions: 0 });
      expect(await valid(victim.token)).toBeNull();
      expect((await rest('GET', '/users/', victim.token)).status).toBe(401);
    });
  });
});
