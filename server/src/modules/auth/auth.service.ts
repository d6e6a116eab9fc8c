/**
 * Sign-in flows of this slice (seed 003 Plan 1 Phases 1 and 3, Plan 5 Phase 1):
 * - customer: register (mobile + password) → code → verified and signed in;
 *   login (mobile + password) → code → signed in;
 * - usher: event id + username + password, refused unless assigned to that event.
 * Wrong mobile and wrong password give the same INVALID_CREDENTIALS error in the same time.
 */
import type {
  TLoginInput,
  TOtpChallenge,
  TRegisterInput,
  TSessionResult,
  TUsherLoginInput,
  TVerifyOtpInput,
} from '@admit/shared';
import { issueOtp, maskMobile, verifyOtp } from '../../auth/otp.ts';
import { dummyHash, hashPassword, verifyPassword } from '../../auth/password.ts';
import { createSession, type SessionUser, sessionUserSelect } from '../../auth/sessions.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { sendMessage } from '../notifications/outbox.ts';

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

function toSessionResult(token: string, expiresAt: Date, user: SessionUser, eventId: string | null): TSessionResult {
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

async function sendCode(
  deps: Deps,
  user: { id: string; mobile: string },
  purpose: 'VERIFY_MOBILE' | 'LOGIN',
): Promise<TOtpChallenge> {
  const { challengeId, code, expiresAt } = await issueOtp(deps.db, deps.clock, {
    userId: user.id,
    purpose,
    destination: user.mobile,
  });
  const what = purpose === 'LOGIN' ? 'sign-in' : 'verification';
  await sendMessage(deps, {
    channel: 'SMS',
    recipient: user.mobile,
    template: `otp.${purpose.toLowerCase()}`,
    body: `Your Admit ${what} code is ${code}. It expires in 10 minutes.`,
    userId: user.id,
  });
  return { challengeId, sentTo: maskMobile(user.mobile), expiresAt };
}

/**
 * `POST /api/v1/users/register/`. Creates an unverified customer and sends a code to the mobile.
 * Registering again before verifying replaces the pending account's password and names.
 * Errors: CONFLICT when the mobile (or e-mail) already belongs to a verified account.
 */
export async function registerCustomer(deps: Deps, input: TRegisterInput): Promise<TOtpChallenge> {
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
    ? await deps.db.user.update({ where: { id: existing.id }, data, select: { id: true, mobile: true } })
    : await deps.db.user.create({
        data: { ...data, role: 'CUSTOMER', status: 'PENDING_VERIFICATION', mobile: input.mobile },
        select: { id: true, mobile: true },
      });
  return sendCode(deps, { id: user.id, mobile: input.mobile }, 'VERIFY_MOBILE');
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
  await verifyOtp(deps.db, deps.clock, { userId: user.id, purpose: 'VERIFY_MOBILE', code: input.code });
  const active = await deps.db.user.update({
    where: { id: user.id },
    data: { status: 'ACTIVE' },
    select: sessionUserSelect,
  });
  const { token, session } = await createSession(deps.db, deps.clock, user.id, meta);
  return toSessionResult(token, session.expiresAt, active, null);
}

/** Checks mobile + password for `role`; throws INVALID_CREDENTIALS on any mismatch. */
async function checkPassword(
  deps: Deps,
  where: { mobile: string } | { username: string },
  password: string,
  role: SessionUser['role'],
) {
  const user = await deps.db.user.findUnique({ where, select: { ...sessionUserSelect, passwordHash: true } });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !ok || user.role !== role) {
    throw new AppError('INVALID_CREDENTIALS', 'Wrong credentials.');
  }
  if (user.status === 'DISABLED') throw new AppError('FORBIDDEN', 'This account is disabled.');
  const { passwordHash: _omit, ...rest } = user;
  return rest;
}

/**
 * `POST /api/v1/users/login/`: password first, then a code to the mobile.
 * Errors: INVALID_CREDENTIALS; FORBIDDEN (disabled); RATE_LIMITED (code just sent).
 * An unverified account gets a fresh VERIFY_MOBILE code instead (its challenge says so).
 */
export async function loginCustomer(
  deps: Deps,
  input: TLoginInput,
): Promise<TOtpChallenge & { purpose: 'LOGIN' | 'VERIFY_MOBILE' }> {
  const user = await checkPassword(deps, { mobile: input.mobile }, input.password, 'CUSTOMER');
  const purpose = user.status === 'PENDING_VERIFICATION' ? 'VERIFY_MOBILE' : 'LOGIN';
  const challenge = await sendCode(deps, { id: user.id, mobile: input.mobile }, purpose);
  return { ...challenge, purpose };
}

/**
 * `POST /api/v1/users/verify-login-otp/`: the code from `loginCustomer` → a new session.
 * Errors: INVALID_CODE, CODE_EXPIRED, TOO_MANY_ATTEMPTS.
 */
export async function verifyLogin(deps: Deps, input: TVerifyOtpInput, meta: RequestMeta): Promise<TSessionResult> {
  const user = await deps.db.user.findUnique({ where: { mobile: input.mobile }, select: sessionUserSelect });
  if (user?.role !== 'CUSTOMER' || user.status !== 'ACTIVE') {
    // Same answer as a wrong code: the endpoint must not reveal which numbers have accounts.
    throw new AppError('INVALID_CODE', 'Wrong code.', { code: ['Wrong code'] });
  }
  await verifyOtp(deps.db, deps.clock, { userId: user.id, purpose: 'LOGIN', code: input.code });
  const { token, session } = await createSession(deps.db, deps.clock, user.id, meta);
  return toSessionResult(token, session.expiresAt, user, null);
}

/**
 * `POST /api/usher/login/` (seed 003 Plan 5 Phase 1): event id + username + password.
 * The session is bound to that event. Errors: INVALID_CREDENTIALS; NOT_ASSIGNED when the usher
 * is not assigned to the event; INVALID_STATE when the event is not published.
 */
export async function loginUsher(deps: Deps, input: TUsherLoginInput, meta: RequestMeta): Promise<TSessionResult> {
  const user = await checkPassword(deps, { username: input.username.toLowerCase() }, input.password, 'USHER');
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
  const { token, session } = await createSession(deps.db, deps.clock, user.id, { ...meta, eventId: input.eventId });
  return toSessionResult(token, session.expiresAt, user, input.eventId);
}
