/**
 * Sign-in procedures for organizers, merchants, admins and practitioners, generated from one
 * definition per role so every portal gets the same flow at its seed paths:
 *   organizer  /api/organizer/{login,verify-otp,forgot-password,reset-password}/   (seed 003 Plan 3)
 *   merchant   /api/merchant/{login,verify-otp,forgot-password,reset-password}/    (seed 003 Plan 4)
 *   admin      /api/auth/{login,verify-otp,forgot-password,reset-password}/        (seed 003 Plan 2)
 *   practitioner /api/practitioner/{login,forgot-password,reset-password}/         (e-mail + password)
 */
import {
  ZCodeChallenge,
  ZEmailLoginInput,
  ZForgotPasswordEmailInput,
  ZForgotPasswordMobileInput,
  ZMobileLoginInput,
  ZResetPasswordEmailInput,
  ZResetPasswordMobileInput,
  ZResetRequested,
  ZSessionResult,
  ZVerifyEmailOtpInput,
  ZVerifyOtpInput,
} from '@admit/shared';
import { z } from 'zod';
import { router } from '../../trpc/init.ts';
import { publicProcedure } from '../../trpc/procedures.ts';
import { codeStep, passwordStep, requestPasswordReset, resetPassword } from './auth.service.ts';

type OpenApiPath = `/${string}`;

/**
 * `forgotPassword` by mobile or by e-mail. Two functions rather than one with a conditional:
 * a `cond ? procA : procB` union would type the input as `{ mobile } & { email }`.
 */
function forgotByMobile(role: 'ORGANIZER' | 'MERCHANT', base: OpenApiPath, tags: string[]) {
  return publicProcedure
    .meta({
      openapi: { method: 'POST', path: `${base}/forgot-password/`, tags, summary: 'Send a password reset code' },
    })
    .input(ZForgotPasswordMobileInput)
    .output(ZResetRequested)
    .mutation(({ ctx, input }) => requestPasswordReset(ctx.deps, role, input.mobile, ctx.meta));
}

function forgotByEmail(role: 'ADMIN' | 'PRACTITIONER', base: OpenApiPath, tags: string[]) {
  return publicProcedure
    .meta({
      openapi: { method: 'POST', path: `${base}/forgot-password/`, tags, summary: 'Send a password reset code' },
    })
    .input(ZForgotPasswordEmailInput)
    .output(ZResetRequested)
    .mutation(({ ctx, input }) => requestPasswordReset(ctx.deps, role, input.email, ctx.meta));
}

function mobileCodeRouter(role: 'ORGANIZER' | 'MERCHANT', base: OpenApiPath) {
  const tags = [`${role.toLowerCase()}: auth`];
  return router({
    login: publicProcedure
      .meta({ openapi: { method: 'POST', path: `${base}/login/`, tags, summary: 'Password step; sends a code' } })
      .input(ZMobileLoginInput)
      .output(ZCodeChallenge)
      .mutation(async ({ ctx, input }) => {
        const r = await passwordStep(ctx.deps, role, input.mobile, input.password, ctx.meta);
        if (r.next !== 'code') throw new Error(`${role} always gets a code`);
        const { next: _n, ...challenge } = r;
        return challenge;
      }),
    verifyOtp: publicProcedure
      .meta({ openapi: { method: 'POST', path: `${base}/verify-otp/`, tags, summary: 'Code step; signs in' } })
      .input(ZVerifyOtpInput)
      .output(ZSessionResult)
      .mutation(async ({ ctx, input }) => {
        const s = await codeStep(ctx.deps, role, input.mobile, input.code, ctx.meta);
        ctx.cookies.set(s.token, s.expiresAt);
        return s;
      }),
    forgotPassword: forgotByMobile(role, base, tags),
    resetPassword: publicProcedure
      .meta({
        openapi: { method: 'POST', path: `${base}/reset-password/`, tags, summary: 'Set a new password with the code' },
      })
      .input(ZResetPasswordMobileInput)
      .output(z.object({ ok: z.literal(true) }))
      .mutation(({ ctx, input }) => resetPassword(ctx.deps, role, { identifier: input.mobile, ...input }, ctx.meta)),
  });
}

const adminTags = ['admin: auth'];
const practitionerTags = ['practitioner: auth'];

export const organizerAuthRouter = mobileCodeRouter('ORGANIZER', '/organizer');
export const merchantAuthRouter = mobileCodeRouter('MERCHANT', '/merchant');

export const adminAuthRouter = router({
  login: publicProcedure
    .meta({
      openapi: { method: 'POST', path: '/auth/login/', tags: adminTags, summary: 'Password step; e-mails a code' },
    })
    .input(ZEmailLoginInput)
    .output(ZCodeChallenge)
    .mutation(async ({ ctx, input }) => {
      const r = await passwordStep(ctx.deps, 'ADMIN', input.email, input.password, ctx.meta);
      if (r.next !== 'code') throw new Error('admins always get a code');
      const { next: _n, ...challenge } = r;
      return challenge;
    }),
  verifyOtp: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/verify-otp/', tags: adminTags, summary: 'Code step; signs in' } })
    .input(ZVerifyEmailOtpInput)
    .output(ZSessionResult)
    .mutation(async ({ ctx, input }) => {
      const s = await codeStep(ctx.deps, 'ADMIN', input.email, input.code, ctx.meta);
      ctx.cookies.set(s.token, s.expiresAt);
      return s;
    }),
  forgotPassword: forgotByEmail('ADMIN', '/auth', adminTags),
  resetPassword: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/reset-password/',
        tags: adminTags,
        summary: 'Set a new password with the code',
      },
    })
    .input(ZResetPasswordEmailInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) => resetPassword(ctx.deps, 'ADMIN', { identifier: input.email, ...input }, ctx.meta)),
});

export const practitionerAuthRouter = router({
  login: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/practitioner/login/',
        tags: practitionerTags,
        summary: 'E-mail + password; signs in',
      },
    })
    .input(ZEmailLoginInput)
    .output(ZSessionResult)
    .mutation(async ({ ctx, input }) => {
      const r = await passwordStep(ctx.deps, 'PRACTITIONER', input.email, input.password, ctx.meta);
      if (r.next !== 'session') throw new Error('practitioners sign in without a code');
      ctx.cookies.set(r.session.token, r.session.expiresAt);
      return r.session;
    }),
  forgotPassword: forgotByEmail('PRACTITIONER', '/practitioner', practitionerTags),
  resetPassword: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/practitioner/reset-password/',
        tags: practitionerTags,
        summary: 'Set a new password with the code',
      },
    })
    .input(ZResetPasswordEmailInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      resetPassword(ctx.deps, 'PRACTITIONER', { identifier: input.email, ...input }, ctx.meta),
    ),
});
