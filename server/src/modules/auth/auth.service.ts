/**
 * Sign-in for every role (DESIGN.md "Roles and portals"; seed 003 auth phases of Plans 1–5):
 *
 * | role         | identifier | second step                        |
 * |--------------|------------|------------------------------------|
 * | customer     | mobile     | one-time code by SMS               |
 * | organizer    | mobile     | one-time code by SMS               |
 * | merchant     | mobile     | one-time code by SMS               |
 * | admin        | e-mail     | one-time code by e-mail            |
 * | practitioner | e-mail     | none                               |
 * | usher        | username   | none; the session is bound to one event the usher is assigned to |
 *
 * Wrong identifier and wrong password give the same INVALID_CREDENTIALS in the same time; both
 * count against the IP and the account (auth/rate-limits.ts) and are audited. Password reset,
 * change and sign-in codes share the one-time code machinery (auth/otp.ts).
 */
import type {
  TLoginInput,
  TOtpChallenge,
  TRegisterInput,
  TSessionResult,
  TUsherLoginInput,
  TVerifyOtpInput,
} from '@admit/shared';
import { issueOtp, maskMobile, OTP_TTL_MS, verifyOtp } from '../../auth/otp.ts';
import { dummyHash, hashPassword, verifyPassword } from '../../auth/password.ts';
import { assertNotBlocked, consume, reset } from '../../auth/rate-limits.ts';
import {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  type SessionUser,
  sessionUserSelect,
} from '../../auth/sessions.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notify } from '../notifications/notification.service.ts';

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

type Role = SessionUser['role'];
type IdentifierKind = 'mobile' | 'email' | 'username';
type CodePurpose = 'VERIFY_MOBILE' | 'LOGIN' | 'PASSWORD_RESET' | 'CHANGE_MOBILE';

/** The notification template of each code (notifications/templates.ts). */
const CODE_KIND = {
  VERIFY_MOBILE: 'otp.verify_mobile',
  LOGIN: 'otp.login',
  PASSWORD_RESET: 'otp.password_reset',
  CHANGE_MOBILE: 'otp.change_mobile',
} as const;

export const SIGN_IN_POLICY: Record<Role, { by: IdentifierKind; code: boolean }> = {
  CUSTOMER: { by: 'mobile', code: true },
  ORGANIZER: { by: 'mobile', code: true },
  MERCHANT: { by: 'mobile', code: true },
  ADMIN: { by: 'email', code: true },
  PRACTITIONER: { by: 'email', code: false },
  USHER: { by: 'username', code: false },
};

const normalise = (by: IdentifierKind, value: string) => (by === 'mobile' ? value.trim() : value.trim().toLowerCase());
const whereFor = (by: IdentifierKind, value: string) =>
  by === 'mobile' ? { mobile: value } : by === 'email' ? { email: value } : { username: value };
const ipKey = (meta: RequestMeta) => meta.ip ?? 'unknown';

export function maskIdentifier(by: IdentifierKind, value: string): string {
  if (by === 'mobile') return maskMobile(value);
  if (by === 'email') {
    const [name = '', domain = ''] = value.split('@');
    return `${name.slice(0, 1)}•••@${domain}`;
  }
  return value;
}

export function toSessionResult(
  token: string,
  expiresAt: Date,
  user: SessionUser,
  eventId: string | null,
): TSessionResult {
  return {
    token,
    expiresAt,
    eventId,
    user: {
      id: user.id,
      role: user.role,
      firstName: user.firstName,
      lastName: user.lastName,
      mobile: user.mobile,
      email: user.email,
      username: user.username,
    },
  };
}

async function startSession(
  deps: Deps,
  user: SessionUser,
  meta: RequestMeta,
  eventId?: string,
): Promise<TSessionResult> {
  const { token, session } = await createSession(deps.db, deps.clock, user.id, { ...meta, eventId });
  return toSessionResult(token, session.expiresAt, user, session.eventId);
}

/**
 * Sends a one-time code for `purpose` to `to` (the account's mobile or e-mail, or the new
 * mobile of a CHANGE_MOBILE). Errors: RATE_LIMITED (per account, per IP, and the 30 s cooldown).
 */
export async function sendCode(
  deps: Deps,
  user: { id: string },
  purpose: CodePurpose,
  to: { by: 'mobile' | 'email'; value: string },
  meta: RequestMeta,
  payload?: string,
): Promise<TOtpChallenge> {
  await consume(deps.limits.codeSendIp, ipKey(meta), 'codes requested from this network');
  return deliverCode(deps, user, purpose, to, payload);
}

/** `sendCode` after the network budget was taken: the account's budget, the cooldown, the message. */
async function deliverCode(
  deps: Deps,
  user: { id: string },
  purpose: CodePurpose,
  to: { by: 'mobile' | 'email'; value: string },
  payload?: string,
): Promise<TOtpChallenge> {
  await consume(deps.limits.codeSend, user.id, 'codes requested for this account');
  const { challengeId, code, expiresAt } = await issueOtp(deps.db, deps.clock, {
    userId: user.id,
    purpose,
    destination: to.value,
    payload,
  });
  // SMS to a mobile, e-mail to an address; one-time codes ignore notification preferences
  await notify(deps, deps.db, {
    userId: user.id,
    to: to.by === 'mobile' ? { mobile: to.value } : { email: to.value },
    kind: CODE_KIND[purpose],
    vars: { code, minutes: OTP_TTL_MS / 60_000 },
    channels: [to.by === 'mobile' ? 'SMS' : 'EMAIL'],
  });
  return { challengeId, sentTo: maskIdentifier(to.by, to.value), expiresAt };
}

/**
 * Consumes the user's code for `purpose`. Wrong codes count against the IP and the account;
 * an account with too many wrong codes is locked for 30 minutes (429 with Retry-After).
 * Returns the code's payload. Errors: INVALID_CODE, CODE_EXPIRED, TOO_MANY_ATTEMPTS, RATE_LIMITED.
 */
const genericResetCodeError = () =>
  new AppError('INVALID_CODE', 'Wrong or expired code. Ask for a new one if needed.', {
    code: ['Wrong or expired code'],
  });

export async function checkCode(
  deps: Deps,
  user: { id: string; role: Role },
  purpose: CodePurpose,
  code: string,
  meta: RequestMeta,
): Promise<string | null> {
  await consume(deps.limits.codeIp, ipKey(meta), 'code attempts from this network');
  await assertNotBlocked(deps.limits.codeAccount, user.id, 'wrong codes for this account');
  try {
    const payload = await verifyOtp(deps.db, deps.clock, { userId: user.id, purpose, code });
    await reset(deps.limits.codeAccount, user.id);
    return payload;
  } catch (err) {
    // A reset code can be requested for any identifier, so its answers must not tell a real
    // account (attempts left, expired, burnt) from an unknown one: one generic answer.
    if (purpose === 'PASSWORD_RESET' && err instanceof AppError && err.code !== 'RATE_LIMITED') {
      if (err.code === 'INVALID_CODE') await consume(deps.limits.codeAccount, user.id, 'wrong codes for this account');
      throw genericResetCodeError();
    }
    if (err instanceof AppError && err.code === 'INVALID_CODE') {
      await recordAudit(deps.db, {
        action: 'auth.code_failed',
        target: { type: 'user', id: user.id },
        after: { purpose },
        meta,
      });
      await consume(deps.limits.codeAccount, user.id, 'wrong codes for this account');
    }
    throw err;
  }
}

/**
 * The password step for `role`. Returns the account, or throws INVALID_CREDENTIALS (audited),
 * FORBIDDEN (disabled), RATE_LIMITED (IP budget spent or account locked).
 */
async function checkPassword(deps: Deps, role: Role, identifier: string, password: string, meta: RequestMeta) {
  const { by } = SIGN_IN_POLICY[role];
  const value = normalise(by, identifier);
  const accountKey = `${role}:${value}`;
  await consume(deps.limits.loginIp, ipKey(meta), 'sign-in attempts from this network');
  await assertNotBlocked(deps.limits.loginAccount, accountKey, 'failed sign-ins for this account');
  const user = await deps.db.user.findUnique({
    where: whereFor(by, value),
    select: { ...sessionUserSelect, passwordHash: true, deletedAt: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !ok || user.role !== role || user.deletedAt) {
    await recordAudit(deps.db, {
      action: 'auth.login_failed',
      target: user ? { type: 'user', id: user.id } : undefined,
      after: { role, identifier: maskIdentifier(by, value) },
      meta,
    });
    await consume(deps.limits.loginAccount, accountKey, 'failed sign-ins for this account');
    throw new AppError('INVALID_CREDENTIALS', 'Wrong credentials.');
  }
  if (user.status === 'DISABLED') throw new AppError('FORBIDDEN', 'This account is disabled.');
  await reset(deps.limits.loginAccount, accountKey);
  const { passwordHash: _h, deletedAt: _d, ...rest } = user;
  return { user: rest as SessionUser, by, value };
}

export type PasswordStepResult =
  | ({ next: 'code'; purpose: 'LOGIN' | 'VERIFY_MOBILE' } & TOtpChallenge)
  | { next: 'session'; session: TSessionResult };

/**
 * First sign-in step for any role but ushers. Roles with a code get one sent (an unverified
 * customer gets a VERIFY_MOBILE code); the others get a session.
 */
export async function passwordStep(
  deps: Deps,
  role: Exclude<Role, 'USHER'>,
  identifier: string,
  password: string,
  meta: RequestMeta,
): Promise<PasswordStepResult> {
  const { user, by, value } = await checkPassword(deps, role, identifier, password, meta);
  if (!SIGN_IN_POLICY[role].code) {
    return { next: 'session', session: await startSession(deps, user, meta) };
  }
  const purpose = user.status === 'PENDING_VERIFICATION' ? 'VERIFY_MOBILE' : 'LOGIN';
  const challenge = await sendCode(deps, user, purpose, { by: by as 'mobile' | 'email', value }, meta);
  return { next: 'code', purpose, ...challenge };
}

/**
 * Second sign-in step: the code sent by `passwordStep` → a new session.
 * Errors: INVALID_CODE (also for an unknown account, so numbers are not revealed),
 * CODE_EXPIRED, TOO_MANY_ATTEMPTS, RATE_LIMITED.
 */
export async function codeStep(
  deps: Deps,
  role: Exclude<Role, 'USHER' | 'PRACTITIONER'>,
  identifier: string,
  code: string,
  meta: RequestMeta,
): Promise<TSessionResult> {
  const { by } = SIGN_IN_POLICY[role];
  const user = await deps.db.user.findUnique({
    where: whereFor(by, normalise(by, identifier)),
    select: sessionUserSelect,
  });
  if (!user || user.role !== role || user.status !== 'ACTIVE') {
    await consume(deps.limits.codeIp, ipKey(meta), 'code attempts from this network');
    throw new AppError('INVALID_CODE', 'Wrong code.', { code: ['Wrong code'] });
  }
  await checkCode(deps, user, 'LOGIN', code, meta);
  await recordAudit(deps.db, { action: 'auth.login', actor: user, target: { type: 'user', id: user.id }, meta });
  return startSession(deps, user, meta);
}

// ───────────────────────────── customers ─────────────────────────────

/**
 * `POST /api/v1/users/register/`. Creates an unverified customer and sends a code to the mobile.
 * Registering again before verifying replaces the pending account's password and names.
 * Errors: CONFLICT when the mobile (or e-mail) already belongs to a verified account.
 */
export async function registerCustomer(
  deps: Deps,
  input: TRegisterInput,
  meta: RequestMeta = {},
): Promise<TOtpChallenge> {
  const existing = await deps.db.user.findUnique({
    where: { mobile: input.mobile },
    select: { id: true, status: true },
  });
  if (existing && existing.status !== 'PENDING_VERIFICATION') {
    throw new AppError('CONFLICT', 'An account with this mobile number already exists. Sign in instead.', {
      mobile: ['Already registered'],
    });
  }
  const email = input.email?.toLowerCase() ?? null;
  if (email) {
    const taken = await deps.db.user.findUnique({ where: { email }, select: { id: true } });
    if (taken && taken.id !== existing?.id) {
      throw new AppError('CONFLICT', 'This e-mail address is already in use.', { email: ['Already in use'] });
    }
  }
  const passwordHash = await hashPassword(input.password);
  const data = { passwordHash, firstName: input.firstName, lastName: input.lastName, email };
  const user = existing
    ? await deps.db.user.update({ where: { id: existing.id }, data, select: { id: true } })
    : await deps.db.user.create({
        data: { ...data, role: 'CUSTOMER', status: 'PENDING_VERIFICATION', mobile: input.mobile },
        select: { id: true },
      });
  return sendCode(deps, user, 'VERIFY_MOBILE', { by: 'mobile', value: input.mobile }, meta);
}

/**
 * `POST /api/v1/users/verify-otp/`. Marks the mobile verified and signs the customer in.
 * Errors: NOT_FOUND (no pending registration), INVALID_CODE, CODE_EXPIRED, TOO_MANY_ATTEMPTS.
 */
export async function verifyRegistration(
  deps: Deps,
  input: TVerifyOtpInput,
  meta: RequestMeta,
): Promise<TSessionResult> {
  const user = await deps.db.user.findUnique({ where: { mobile: input.mobile }, select: sessionUserSelect });
  if (user?.role !== 'CUSTOMER' || user.status !== 'PENDING_VERIFICATION') {
    throw new AppError('NOT_FOUND', 'No registration is waiting for this mobile number.', { mobile: ['Not pending'] });
  }
  await checkCode(deps, user, 'VERIFY_MOBILE', input.code, meta);
  const active = await deps.db.user.update({
    where: { id: user.id },
    data: { status: 'ACTIVE' },
    select: sessionUserSelect,
  });
  return startSession(deps, active, meta);
}

/** `POST /api/v1/users/login/`: password, then a code to the mobile. */
export async function loginCustomer(deps: Deps, input: TLoginInput, meta: RequestMeta = {}) {
  const r = await passwordStep(deps, 'CUSTOMER', input.mobile, input.password, meta);
  if (r.next !== 'code') throw new Error('customers always get a code');
  const { next: _n, ...challenge } = r;
  return challenge;
}

/** `POST /api/v1/users/verify-login-otp/`: the code → a new session. */
export function verifyLogin(deps: Deps, input: TVerifyOtpInput, meta: RequestMeta): Promise<TSessionResult> {
  return codeStep(deps, 'CUSTOMER', input.mobile, input.code, meta);
}

// ───────────────────────────── ushers ─────────────────────────────

/**
 * `POST /api/usher/login/` (seed 003 Plan 5 Phase 1): event id + username + password.
 * The session is bound to that event. Errors: INVALID_CREDENTIALS; NOT_ASSIGNED when the usher
 * is not assigned to the event; INVALID_STATE when the event is not published.
 */
export async function loginUsher(deps: Deps, input: TUsherLoginInput, meta: RequestMeta): Promise<TSessionResult> {
  const { user } = await checkPassword(deps, 'USHER', input.username, input.password, meta);
  const assignment = await deps.db.usherAssignment.findUnique({
    where: { usherId_eventId: { usherId: user.id, eventId: input.eventId } },
    select: { event: { select: { status: true } } },
  });
  if (!assignment) {
    throw new AppError('NOT_ASSIGNED', 'You are not assigned to this event.', { eventId: ['Not assigned'] });
  }
  if (assignment.event.status !== 'PUBLISHED') {
    throw new AppError('INVALID_STATE', 'This event is not open for check-in.');
  }
  return startSession(deps, user, meta, input.eventId);
}

// ───────────────────────────── passwords ─────────────────────────────

/**
 * Starts a password reset: if an account of `role` has this identifier, a code goes to it.
 * The answer is the same whether or not the account exists (no enumeration).
 */
export async function requestPasswordReset(
  deps: Deps,
  role: Exclude<Role, 'USHER'>,
  identifier: string,
  meta: RequestMeta,
) {
  const { by } = SIGN_IN_POLICY[role];
  const value = normalise(by, identifier);
  await consume(deps.limits.codeSendIp, ipKey(meta), 'codes requested from this network');
  const user = await deps.db.user.findUnique({
    where: whereFor(by, value),
    select: { id: true, role: true, status: true },
  });
  if (user && user.role === role && user.status === 'ACTIVE') {
    try {
      // the network budget was taken above, for known and unknown accounts alike
      await deliverCode(deps, user, 'PASSWORD_RESET', { by: by as 'mobile' | 'email', value });
    } catch (err) {
      // the account's budget and the resend cooldown would tell that the account exists: no code, same answer
      if (!(err instanceof AppError && err.code === 'RATE_LIMITED')) throw err;
    }
  }
  return { ok: true as const, message: 'If an account exists for this identifier, a code was sent to it.' };
}

/**
 * Completes a reset with the code; every session of the account is revoked.
 * Errors: INVALID_CODE (also for an unknown account), CODE_EXPIRED, TOO_MANY_ATTEMPTS, RATE_LIMITED.
 */
export async function resetPassword(
  deps: Deps,
  role: Exclude<Role, 'USHER'>,
  input: { identifier: string; code: string; newPassword: string },
  meta: RequestMeta,
) {
  const { by } = SIGN_IN_POLICY[role];
  const user = await deps.db.user.findUnique({
    where: whereFor(by, normalise(by, input.identifier)),
    select: { id: true, role: true, status: true },
  });
  if (!user || user.role !== role || user.status !== 'ACTIVE') {
    await consume(deps.limits.codeIp, ipKey(meta), 'code attempts from this network');
    throw genericResetCodeError();
  }
  await checkCode(deps, user, 'PASSWORD_RESET', input.code, meta);
  await deps.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.newPassword) } });
  const revoked = await invalidateUserSessions(deps.db, user.id);
  await recordAudit(deps.db, {
    action: 'auth.password_reset',
    actor: user,
    target: { type: 'user', id: user.id },
    after: { sessionsRevoked: revoked },
    meta,
  });
  return { ok: true as const };
}

/**
 * Any signed-in user changes their password; every other session is revoked.
 * Errors: INVALID_CREDENTIALS (wrong current password, rate-limited like a sign-in).
 */
export async function changePassword(
  deps: Deps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
) {
  const key = `change:${actor.user.id}`;
  await assertNotBlocked(deps.limits.loginAccount, key, 'wrong passwords');
  const row = await deps.db.user.findUniqueOrThrow({ where: { id: actor.user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
    await consume(deps.limits.loginAccount, key, 'wrong passwords');
    throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong.', {
      currentPassword: ['Wrong password'],
    });
  }
  await deps.db.user.update({
    where: { id: actor.user.id },
    data: { passwordHash: await hashPassword(input.newPassword) },
  });
  const revoked = await invalidateUserSessions(deps.db, actor.user.id, actor.session.id);
  await recordAudit(deps.db, {
    action: 'auth.password_changed',
    actor: actor.user,
    target: { type: 'user', id: actor.user.id },
    after: { sessionsRevoked: revoked },
    meta,
  });
  return { ok: true as const, sessionsRevoked: revoked };
}

// ───────────────────────────── sessions ─────────────────────────────

/**
 * Rotates the caller's session: a new token (same user, same event binding) replaces the old
 * one, which stops working at once (seeds 000/003/004 "token refresh").
 */
export async function refreshSession(deps: Deps, actor: Actor, meta: RequestMeta): Promise<TSessionResult> {
  const next = await startSession(deps, actor.user, meta, actor.session.eventId ?? undefined);
  await invalidateSession(deps.db, actor.session.id);
  return next;
}

/** The caller's sessions, newest use first; `current` marks this one. */
export async function listSessions(deps: Deps, actor: Actor) {
  const rows = await deps.db.session.findMany({
    where: { userId: actor.user.id, expiresAt: { gt: deps.clock.now() } },
    select: { id: true, createdAt: true, lastUsedAt: true, expiresAt: true, ip: true, userAgent: true, eventId: true },
    orderBy: { lastUsedAt: 'desc' },
  });
  return rows.map((r) => ({ ...r, current: r.id === actor.session.id }));
}

/** Revokes one of the caller's own sessions. Errors: NOT_FOUND (unknown or someone else's). */
export async function revokeSession(deps: Deps, actor: Actor, sessionId: string, meta: RequestMeta) {
  const { count } = await deps.db.session.deleteMany({ where: { id: sessionId, userId: actor.user.id } });
  if (count === 0) throw new AppError('NOT_FOUND', 'No such session.');
  await recordAudit(deps.db, {
    action: 'session.revoked',
    actor: actor.user,
    target: { type: 'user', id: actor.user.id },
    meta,
  });
  return { ok: true as const };
}

/** "Sign out other devices": revokes every session of the caller but this one. */
export async function revokeOtherSessions(deps: Deps, actor: Actor, meta: RequestMeta) {
  const revoked = await invalidateUserSessions(deps.db, actor.user.id, actor.session.id);
  await recordAudit(deps.db, {
    action: 'session.revoked_others',
    actor: actor.user,
    target: { type: 'user', id: actor.user.id },
    after: { sessionsRevoked: revoked },
    meta,
  });
  return { ok: true as const, sessionsRevoked: revoked };
}

// ───────────────────────────── API clients ─────────────────────────────

/**
 * OAuth 2.0 Resource Owner Password Credentials grant (RFC 6749 §4.3; the raffle seed's
 * `POST /token`), served from the same sessions. `username` is a mobile (+…), an e-mail, or a
 * username. Roles that sign in with a code must send `code` too: without it a code is sent and
 * the answer is CODE_REQUIRED. Ushers sign in through their event (`/api/usher/login/`).
 */
export async function passwordGrant(
  deps: Deps,
  input: { username: string; password: string; code?: string },
  meta: RequestMeta,
) {
  const by: IdentifierKind = input.username.startsWith('+')
    ? 'mobile'
    : input.username.includes('@')
      ? 'email'
      : 'username';
  const probe = await deps.db.user.findUnique({
    where: whereFor(by, normalise(by, input.username)),
    select: { role: true },
  });
  const role = probe?.role && probe.role !== 'USHER' && SIGN_IN_POLICY[probe.role].by === by ? probe.role : 'CUSTOMER';
  const { user, value } = await checkPassword(deps, role, input.username, input.password, meta);
  if (user.role === 'USHER') throw new AppError('FORBIDDEN', 'Ushers sign in for an event at /api/usher/login/.');
  if (SIGN_IN_POLICY[role].code) {
    if (!input.code) {
      await sendCode(deps, user, 'LOGIN', { by: by as 'mobile' | 'email', value }, meta);
      throw new AppError('CODE_REQUIRED', 'A one-time code was sent; repeat the request with `code`.');
    }
    await checkCode(deps, user, 'LOGIN', input.code, meta);
  }
  const s = await startSession(deps, user, meta);
  return {
    access_token: s.token,
    token_type: 'bearer' as const,
    expires_in: Math.floor((s.expiresAt.getTime() - deps.clock.now().getTime()) / 1000),
    role: user.role,
  };
}
