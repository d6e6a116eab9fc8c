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
