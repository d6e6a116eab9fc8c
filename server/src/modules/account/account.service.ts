/**
 * The signed-in user's own account: profile, mobile change (merchants, seed 003 Plan 4 Phase 5:
 * a code goes to the NEW number), and a customer's data rights (GDPR Art. 15/20 export,
 * Art. 17 erasure — orders, payments and tickets stay for the books, anonymised).
 */
import { verifyPassword } from '../../auth/password.ts';
import { assertNotBlocked, consume } from '../../auth/rate-limits.ts';
import { invalidateUserSessions } from '../../auth/sessions.ts';
import { randomSecret } from '../../auth/tokens.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { checkCode, type RequestMeta, sendCode } from '../auth/auth.service.ts';

export async function profileOf(deps: Pick<Deps, 'db'>, actor: Actor) {
  return deps.db.user.findUniqueOrThrow({
    where: { id: actor.user.id },
    select: {
      id: true,
      role: true,
      adminLevel: true,
      firstName: true,
      lastName: true,
      mobile: true,
      email: true,
      username: true,
      photoUrl: true,
      createdAt: true,
      organizer: { select: { id: true, name: true, slug: true } },
    },
  });
}

/**
 * The password check that guards account changes. Wrong passwords count against the same
 * per-account budget as `changePassword` (a stolen session must not become a password oracle).
 * Errors: INVALID_CREDENTIALS, RATE_LIMITED.
 */
async function confirmPassword(deps: Deps, actor: Actor, password: string) {
  const key = `change:${actor.user.id}`;
  await assertNotBlocked(deps.limits.loginAccount, key, 'wrong passwords');
  const row = await deps.db.user.findUniqueOrThrow({
    where: { id: actor.user.id },
    select: { passwordHash: true, mobile: true },
  });
  if (!(await verifyPassword(row.passwordHash, password))) {
    await consume(deps.limits.loginAccount, key, 'wrong passwords');
    throw new AppError('INVALID_CREDENTIALS', 'The password is wrong.', { password: ['Wrong password'] });
  }
  return row;
}

/** Step 1: password check, then a code to the new number. Errors: INVALID_CREDENTIALS, CONFLICT, RATE_LIMITED. */
export async function requestMobileChange(
  deps: Deps,
  actor: Actor,
  input: { newMobile: string; password: string },
  meta: RequestMeta,
) {
  const row = await confirmPassword(deps, actor, input.password);
  if (input.newMobile === row.mobile)
    throw new AppError('VALIDATION_FAILED', 'That is already your number.', { newMobile: ['Unchanged'] });
  const taken = await deps.db.user.findUnique({ where: { mobile: input.newMobile }, select: { id: true } });
  if (taken) throw new AppError('CONFLICT', 'This number belongs to another account.', { newMobile: ['In use'] });
  return sendCode(deps, actor.user, 'CHANGE_MOBILE', { by: 'mobile', value: input.newMobile }, meta, input.newMobile);
}

/** Step 2: the code from the new number switches it. Errors: INVALID_CODE, CODE_EXPIRED, CONFLICT. */
export async function confirmMobileChange(deps: Deps, actor: Actor, code: string, meta: RequestMeta) {
  const newMobile = await checkCode(deps, actor.user, 'CHANGE_MOBILE', code, meta);
  if (!newMobile) throw new AppError('INVALID_CODE', 'Wrong code.', { code: ['Wrong code'] });
  try {
    await deps.db.user.update({ where: { id: actor.user.id }, data: { mobile: newMobile } });
  } catch {
    throw new AppError('CONFLICT', 'This number now belongs to another account.', { code: ['Number taken'] });
  }
  await recordAudit(deps.db, {
    action: 'user.mobile_changed',
    actor: actor.user,
    target: { type: 'user', id: actor.user.id },
    before: { mobile: actor.user.mobile },
    after: { mobile: newMobile },
    meta,
  });
  return { ok: true as const, mobile: newMobile };
}

/** Everything Admit holds about the customer, as one JSON document (no secrets, no hashes). */
export async function exportCustomerData(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor) {
  const userId = actor.user.id;
  const [profile, orders, tickets, cards, sessions, audit] = await Promise.all([
    deps.db.user.findUniqueOrThrow({
      where: { id: userId },
      select: {
        id: true,
        role: true,
        firstName: true,
        lastName: true,
        mobile: true,
        email: true,
        photoUrl: true,
        emergencyContact: true,
        bloodType: true,
        createdAt: true,
        googleSub: true,
      },
    }),
    deps.db.order.findMany({
      where: { customerId: userId },
      select: {
        code: true,
        status: true,
        totalMinor: true,
        currency: true,
        createdAt: true,
        paidAt: true,
        lines: { select: { kind: true, description: true, quantity: true, unitPriceMinor: true, totalMinor: true } },
        payments: { select: { provider: true, status: true, amountMinor: true, currency: true, createdAt: true } },
      },
    }),
    deps.db.ticket.findMany({
      where: { holderId: userId },
      select: {
        reference: true,
        status: true,
        attendeeName: true,
        checkedInAt: true,
        event: { select: { title: true, startsAt: true } },
        checkIns: { select: { result: true, scannedAt: true } },
      },
    }),
    deps.db.nfcCard.findMany({ where: { customerId: userId }, select: { uid: true, status: true, assignedAt: true } }),
    deps.db.session.findMany({
      where: { userId },
      select: { createdAt: true, lastUsedAt: true, ip: true, userAgent: true },
    }),
    deps.db.auditLog.findMany({
      where: { OR: [{ actorId: userId }, { targetId: userId }] },
      select: { at: true, action: true, ip: true },
    }),
  ]);
  return { exportedAt: deps.clock.now(), profile, orders, tickets, nfcCards: cards, sessions, activity: audit };
}

/**
 * Erases the customer's personal data after a password check: names, contacts and health data
 * are removed, sign-in becomes impossible, sessions end. Orders, payments and tickets remain
 * (tax and accounting law) but no longer point to a person. Errors: INVALID_CREDENTIALS, RATE_LIMITED.
 */
export async function eraseCustomer(deps: Deps, actor: Actor, password: string, meta: RequestMeta) {
  await confirmPassword(deps, actor, password);
  const now = deps.clock.now();
  await deps.db.$transaction([
    deps.db.user.update({
      where: { id: actor.user.id },
      data: {
        firstName: 'Deleted',
        lastName: 'customer',
        mobile: null,
        email: null,
        googleSub: null,
        photoUrl: null,
        emergencyContact: null,
        bloodType: null,
        passwordHash: `erased:${randomSecret()}`,
        status: 'DISABLED',
        deletedAt: now,
      },
    }),
    deps.db.ticket.updateMany({ where: { holderId: actor.user.id }, data: { attendeeName: 'Deleted customer' } }),
    deps.db.oneTimeCode.deleteMany({ where: { userId: actor.user.id } }),
    deps.db.outboxMessage.deleteMany({ where: { userId: actor.user.id } }),
  ]);
  await invalidateUserSessions(deps.db, actor.user.id);
  await recordAudit(deps.db, {
    action: 'user.erased',
    actor: actor.user,
    target: { type: 'user', id: actor.user.id },
    meta,
  });
  return { ok: true as const, erasedAt: now };
}
