/**
 * One-time codes (DESIGN.md "Sessions"): 6 digits, valid 10 minutes, single use, at most
 * 5 wrong attempts per code; a new code replaces older unused ones of the same purpose; a new
 * code is refused within 30 s of the previous one. Only SHA-256(`<id>:<code>`) is stored.
 */
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { constantTimeEqual, randomOtpCode, sha256Bytes } from './tokens.ts';

export const OTP_TTL_MS = 10 * 60 * 1000;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_RESEND_COOLDOWN_MS = 30 * 1000;
type Purpose = 'VERIFY_MOBILE' | 'LOGIN' | 'PASSWORD_RESET' | 'CHANGE_MOBILE' | 'CARD_ASSIGNMENT';

/**
 * Creates a code. Returns the plain code (to send) and the challenge id.
 * Throws RATE_LIMITED when asked again within the cooldown.
 */
export async function issueOtp(
  db: Db,
  clock: Clock,
  args: { userId: string; purpose: Purpose; destination: string; payload?: string },
): Promise<{ challengeId: string; code: string; expiresAt: Date }> {
  const now = clock.now();
  const last = await db.oneTimeCode.findFirst({
    where: { userId: args.userId, purpose: args.purpose },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  if (last && now.getTime() - last.createdAt.getTime() < OTP_RESEND_COOLDOWN_MS) {
    const retryAfter = Math.ceil((OTP_RESEND_COOLDOWN_MS - (now.getTime() - last.createdAt.getTime())) / 1000);
    throw new AppError('RATE_LIMITED', `A code was just sent. Try again in ${retryAfter} s.`);
  }
  const code = randomOtpCode();
  const id = crypto.randomUUID();
  const expiresAt = new Date(now.getTime() + OTP_TTL_MS);
  await db.$transaction([
    db.oneTimeCode.updateMany({
      where: { userId: args.userId, purpose: args.purpose, consumedAt: null },
      data: { consumedAt: now },
    }),
    db.oneTimeCode.create({
      data: {
        id,
        userId: args.userId,
        purpose: args.purpose,
        destination: args.destination,
        payload: args.payload ?? null,
        codeHash: sha256Bytes(`${id}:${code}`),
        expiresAt,
        createdAt: now,
      },
    }),
  ]);
  return { challengeId: id, code, expiresAt };
}

/**
 * Consumes the user's current code for `purpose` if `code` matches; returns the code's payload.
 * Errors: INVALID_CODE (wrong or no code; details say attempts left), CODE_EXPIRED,
 * TOO_MANY_ATTEMPTS (the code is burnt; ask for a new one).
 */
export async function verifyOtp(
  db: Db,
  clock: Clock,
  /** `challengeId`: only that code (e.g. the one a card assignment was sent with) */
  args: { userId: string; purpose: Purpose; code: string; challengeId?: string },
): Promise<string | null> {
  const now = clock.now();
  const row = await db.oneTimeCode.findFirst({
    where: {
      userId: args.userId,
      purpose: args.purpose,
      consumedAt: null,
      ...(args.challengeId ? { id: args.challengeId } : {}),
    },
    orderBy: { createdAt: 'desc' },
  });
  if (!row) throw new AppError('INVALID_CODE', 'No active code. Ask for a new one.', { code: ['No active code'] });
  if (row.expiresAt.getTime() <= now.getTime()) {
    throw new AppError('CODE_EXPIRED', 'This code has expired. Ask for a new one.', { code: ['Expired'] });
  }
  if (row.attempts >= OTP_MAX_ATTEMPTS) {
    throw new AppError('TOO_MANY_ATTEMPTS', 'Too many wrong codes. Ask for a new one.');
  }
  const ok = constantTimeEqual(sha256Bytes(`${row.id}:${args.code}`), new Uint8Array(row.codeHash));
  if (!ok) {
    // Conditional increment: concurrent guesses cannot exceed the limit.
    const { count } = await db.oneTimeCode.updateMany({
      where: { id: row.id, attempts: { lt: OTP_MAX_ATTEMPTS } },
      data: { attempts: { increment: 1 } },
    });
    if (count === 0) throw new AppError('TOO_MANY_ATTEMPTS', 'Too many wrong codes. Ask for a new one.');
    const left = OTP_MAX_ATTEMPTS - row.attempts - 1;
    if (left <= 0) throw new AppError('TOO_MANY_ATTEMPTS', 'Too many wrong codes. Ask for a new one.');
    throw new AppError('INVALID_CODE', `Wrong code. ${left} attempt${left === 1 ? '' : 's'} left.`, {
      code: ['Wrong code'],
    });
  }
  const { count } = await db.oneTimeCode.updateMany({
    where: { id: row.id, consumedAt: null },
    data: { consumedAt: now },
  });
  if (count === 0) throw new AppError('INVALID_CODE', 'This code was already used.', { code: ['Already used'] });
  return row.payload;
}

/** `+201001234567` → `+20•••••••4567`. */
export function maskMobile(mobile: string): string {
  return `${mobile.slice(0, 3)}${'•'.repeat(Math.max(0, mobile.length - 7))}${mobile.slice(-4)}`;
}
