import { z } from 'zod';
import { ZId, ZMobile, ZOtpCode, ZPassword, ZPersonName } from './common.ts';

export const ZRegisterInput = z.object({
  mobile: ZMobile,
  password: ZPassword,
  firstName: ZPersonName,
  lastName: ZPersonName,
  email: z.email().max(254).optional(),
});
export type TRegisterInput = z.infer<typeof ZRegisterInput>;

/** What a sign-in step returns when a one-time code was sent (the code itself never is). */
export const ZOtpChallenge = z.object({
  challengeId: ZId,
  /** masked destination, e.g. +20•••••4567 */
  sentTo: z.string(),
  expiresAt: z.date(),
});
export type TOtpChallenge = z.infer<typeof ZOtpChallenge>;

export const ZVerifyOtpInput = z.object({ mobile: ZMobile, code: ZOtpCode });
export type TVerifyOtpInput = z.infer<typeof ZVerifyOtpInput>;

export const ZLoginInput = z.object({ mobile: ZMobile, password: z.string().min(1).max(128) });
export type TLoginInput = z.infer<typeof ZLoginInput>;

export const ZUsherLoginInput = z.object({
  eventId: ZId,
  username: z
    .string()
    .trim()
    .min(3)
    .max(40)
    .regex(/^[a-zA-Z0-9._-]+$/, 'Letters, digits, dot, dash and underscore'),
  password: z.string().min(1).max(128),
});
export type TUsherLoginInput = z.infer<typeof ZUsherLoginInput>;

export const ZSessionUser = z.object({
  id: ZId,
  role: z.enum(['CUSTOMER', 'ORGANIZER', 'MERCHANT', 'USHER', 'PRACTITIONER', 'ADMIN']),
  firstName: z.string(),
  lastName: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  username: z.string().nullable(),
});
export type TSessionUser = z.infer<typeof ZSessionUser>;

/** A signed-in session: `token` is for bearer use (REST, sockets); SPAs get it as an HttpOnly cookie too. */
export const ZSessionResult = z.object({
  token: z.string(),
  expiresAt: z.date(),
  user: ZSessionUser,
  /** usher sessions are bound to one event */
  eventId: ZId.nullable(),
});
export type TSessionResult = z.infer<typeof ZSessionResult>;

/** Staff e-mails are matched case-insensitively. */
export const ZEmail = z
  .email()
  .max(254)
  .transform((s) => s.toLowerCase());

export const ZMobileLoginInput = z.object({ mobile: ZMobile, password: z.string().min(1).max(128) });
export const ZEmailLoginInput = z.object({ email: ZEmail, password: z.string().min(1).max(128) });
export const ZVerifyEmailOtpInput = z.object({ email: ZEmail, code: ZOtpCode });

export const ZForgotPasswordMobileInput = z.object({ mobile: ZMobile });
export const ZForgotPasswordEmailInput = z.object({ email: ZEmail });
export const ZResetPasswordMobileInput = z.object({ mobile: ZMobile, code: ZOtpCode, newPassword: ZPassword });
export const ZResetPasswordEmailInput = z.object({ email: ZEmail, code: ZOtpCode, newPassword: ZPassword });
export const ZResetRequested = z.object({ ok: z.literal(true), message: z.string() });

export const ZChangePasswordInput = z
  .object({ currentPassword: z.string().min(1).max(128), newPassword: ZPassword })
  .refine((v) => v.currentPassword !== v.newPassword, {
    message: 'Choose a different password',
    path: ['newPassword'],
  });
export const ZChangePasswordResult = z.object({ ok: z.literal(true), sessionsRevoked: z.number().int() });

export const ZChangeMobileInput = z.object({ newMobile: ZMobile, password: z.string().min(1).max(128) });
export const ZVerifyMobileChangeInput = z.object({ code: ZOtpCode });

export const ZSessionListItem = z.object({
  id: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date(),
  expiresAt: z.date(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  eventId: ZId.nullable(),
  current: z.boolean(),
});
export const ZSessionIdInput = z.object({ sessionId: z.string().min(1).max(64) });
export const ZRevokedCount = z.object({ ok: z.literal(true), sessionsRevoked: z.number().int() });

/** OAuth 2.0 password grant (RFC 6749 §4.3), form-encoded or JSON. */
export const ZTokenGrantInput = z.object({
  grant_type: z.literal('password'),
  username: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(128),
  /** the one-time code, for roles that sign in with one */
  code: ZOtpCode.optional(),
});
export const ZTokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number().int(),
  role: z.enum(['CUSTOMER', 'ORGANIZER', 'MERCHANT', 'USHER', 'PRACTITIONER', 'ADMIN']),
});

export const ZCodeChallenge = ZOtpChallenge.extend({ purpose: z.enum(['LOGIN', 'VERIFY_MOBILE']) });
