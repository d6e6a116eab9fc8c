/**
 * Session management: refresh rotates the token (the old one dies at once, an usher keeps the
 * event binding), the device list marks the current session, one device or all others can be
 * signed out, and logout ends the session — through createCaller and over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  describeIf,
  type EventFixture,
  integrationDbReady,
  makeCustomer,
  makeEvent,
  makeUsher,
  openTestDatabase,
  signIn,
  startTestServer,
  testDeps,
} from '../../../test/harness.ts';
import { validateSessionToken } from '../../auth/sessions.ts';
import { appErrorOf } from '../../errors.ts';

const ready = await integrationDbReady();

describeIf(ready)('sessions', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let ev: EventFixture;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    server = await startTestServer(deps);
    ev = await makeEvent(deps);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const valid = (token: string) => validateSessionToken(deps.db, deps.clock, token);
  const idOf = (token: string) => token.split('.')[0]!;
  const http = (method: string, path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api${path}`, {
      method,
      headers: method === 'GET' ? headers : { 'content-type': 'application/json', ...headers },
      body: method === 'GET' ? undefined : '{}',
    });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  describe('refresh', () => {
    it('returns a new token; the old one stops validating at once', async () => {
      const { user, actor, token } = await makeCustomer(deps);
      const next = await callerFor(deps, actor).auth.refresh({});
      expect(next.token).not.toBe(token);
      expect(next.user.id).toBe(user.id);
      expect(next.eventId).toBeNull();
      expect(await valid(token)).toBeNull();
      expect((await valid(next.token))?.user.id).toBe(user.id);
      expect(await deps.db.session.count({ where: { userId: user.id } })).toBe(1);
    });

    it('keeps an usher’s event binding, and the new session still acts for the event', async () => {
      const usher = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
      expect(usher.actor.session.eventId).toBe(ev.eventId);
      const next = await callerFor(deps, usher.actor).auth.refresh({});
      expect(next.eventId).toBe(ev.eventId);
      expect(await valid(usher.token)).toBeNull();
      const actor = await valid(next.token);
      expect(actor?.session.eventId).toBe(ev.eventId);
      const events = await callerFor(deps, actor).usher.events.list({});
      expect(events.map((e) => e.id)).toEqual([ev.eventId]);
    });

    it('over HTTP: bearer refresh answers a new token; a cookie refresh also replaces the cookie', async () => {
      const { token } = await makeCustomer(deps);
      const res = await http('POST', '/v1/auth/refresh/', bearer(token));
      expect(res.status).toBe(200);
      const { token: next } = (await res.json()) as { token: string };
      expect(next).not.toBe(token);
      expect((await http('GET', '/v1/auth/me/', bearer(token))).status).toBe(401);
      expect((await http('GET', '/v1/auth/me/', bearer(next))).status).toBe(200);

      const viaCookie = await http('POST', '/v1/auth/refresh/', { cookie: `admit_session=${next}` });
      expect(viaCookie.status).toBe(200);
      const { token: third } = (await viaCookie.json()) as { token: string };
      expect(viaCookie.headers.get('set-cookie')).toContain(`admit_session=${third}`);
      expect(await valid(next)).toBeNull();
    });
  });

  describe('list and revoke', () => {
    it('lists only my sessions and marks the current one', async () => {
      const { user, token: first } = await makeCustomer(deps);
      const second = await signIn(deps, user.id);
      const third = await signIn(deps, user.id);
      const stranger = await makeCustomer(deps);

      const list = await callerFor(deps, second.actor).auth.sessions.list({});
      expect(list.map((s) => s.id).sort()).toEqual([first, second.token, third.token].map(idOf).sort());
      expect(list.filter((s) => s.current).map((s) => s.id)).toEqual([second.actor.session.id]);
      expect(list.map((s) => s.id)).not.toContain(stranger.actor.session.id);
      expect(JSON.stringify(list)).not.toMatch(/secretHash|secret/);
      for (const t of [first, second.token, third.token]) expect(JSON.stringify(list)).not.toContain(t.split('.')[1]);
    });

    it('revokes one of my sessions; another user’s session answers NOT_FOUND and stays valid', async () => {
      const { user, actor, token } = await makeCustomer(deps);
      const other = await signIn(deps, user.id);
      const stranger = await makeCustomer(deps);
      const api = callerFor(deps, actor);

      expect(await api.auth.sessions.revoke({ sessionId: other.actor.session.id })).toEqual({ ok: true });
      expect(await valid(other.token)).toBeNull();
      expect(await valid(token)).not.toBeNull();

      const err = await api.auth.sessions.revoke({ sessionId: stranger.actor.session.id }).catch((e: unknown) => e);
      expect(appErrorOf(err)?.code).toBe('NOT_FOUND');
      expect((await valid(stranger.token))?.user.id).toBe(stranger.user.id);
      const audit = await deps.db.auditLog.findMany({ where: { action: 'session.revoked', actorId: user.id } });
      expect(audit).toHaveLength(1);
    });

    it('revokeOthers signs out every other device of mine and nobody else', async () => {
      const { user, actor, token } = await makeCustomer(deps);
      const others = [await signIn(deps, user.id), await signIn(deps, user.id), await signIn(deps, user.id)];
      const stranger = await makeCustomer(deps);

      expect(await callerFor(deps, actor).auth.sessions.revokeOthers({})).toEqual({ ok: true, sessionsRevoked: 3 });
      expect(await valid(token)).not.toBeNull();
      for (const o of others) expect(await valid(o.token)).toBeNull();
      expect(await valid(stranger.token)).not.toBeNull();
      const left = await callerFor(deps, actor).auth.sessions.list({});
      expect(left.map((s) => ({ id: s.id, current: s.current }))).toEqual([{ id: actor.session.id, current: true }]);
    });

    it('revokes over HTTP at the seed path', async () => {
      const { user, token } = await makeCustomer(deps);
      const other = await signIn(deps, user.id);
      const res = await http('POST', `/v1/auth/sessions/${other.actor.session.id}/revoke/`, bearer(token));
      expect(res.status).toBe(200);
      expect(await valid(other.token)).toBeNull();
      const again = await http('POST', `/v1/auth/sessions/${other.actor.session.id}/revoke/`, bearer(token));
      expect(again.status).toBe(404);
    });
  });

  describe('logout', () => {
    it('ends this session only', async () => {
      const { user, actor, token } = await makeCustomer(deps);
      const other = await signIn(deps, user.id);
      expect(await callerFor(deps, actor).auth.logout({})).toEqual({ ok: true });
      expect(await valid(token)).toBeNull();
      expect(await valid(other.token)).not.toBeNull();
    });

    it('over HTTP clears the cookie and the token no longer signs in', async () => {
      const { token } = await makeCustomer(deps);
      expect((await http('GET', '/v1/auth/me/', bearer(token))).status).toBe(200);
      const res = await http('POST', '/v1/users/logout/', { cookie: `admit_session=${token}` });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/admit_session=;/);
      const me = await http('GET', '/v1/auth/me/', bearer(token));
      expect(me.status).toBe(401);
      expect(await me.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Sign in first.' } });
    });
  });
});
