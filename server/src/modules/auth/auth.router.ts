import {
  ZChangePasswordInput,
  ZChangePasswordResult,
  ZCodeChallenge,
  ZForgotPasswordMobileInput,
  ZLoginInput,
  ZOk,
  ZOtpChallenge,
  ZRegisterInput,
  ZResetPasswordMobileInput,
  ZResetRequested,
  ZRevokedCount,
  ZSessionIdInput,
  ZSessionListItem,
  ZSessionResult,
  ZSessionUser,
  ZTokenGrantInput,
  ZTokenResponse,
  ZUsherLoginInput,
  ZVerifyOtpInput,
} from '@admit/shared';
import { z } from 'zod';
import { invalidateSession } from '../../auth/sessions.ts';
import { router } from '../../trpc/init.ts';
import { authedProcedure, publicProcedure } from '../../trpc/procedures.ts';
import {
  changePassword,
  listSessions,
  loginCustomer,
  loginUsher,
  passwordGrant,
  refreshSession,
  registerCustomer,
  requestPasswordReset,
  resetPassword,
  revokeOtherSessions,
  revokeSession,
  verifyLogin,
  verifyRegistration,
} from './auth.service.ts';
import {
  adminAuthRouter,
  merchantAuthRouter,
  organizerAuthRouter,
  practitionerAuthRouter,
} from './staff-auth.router.ts';

const customerTags = ['customer: auth'];

/** Sign-in for every role. Procedures that start a session also set the HttpOnly cookie. */
export const authRouter = router({
  register: publicProcedure
    .meta({
      openapi: { method: 'POST', path: '/v1/users/register/', tags: customerTags, summary: 'Register; sends a code' },
    })
    .input(ZRegisterInput)
    .output(ZOtpChallenge)
    .mutation(({ ctx, input }) => registerCustomer(ctx.deps, input, ctx.meta)),
  verifyOtp: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/verify-otp/',
        tags: customerTags,
        summary: 'Verify mobile; signs in',
      },
    })
    .input(ZVerifyOtpInput)
    .output(ZSessionResult)
    .mutation(async ({ ctx, input }) => {
      const s = await verifyRegistration(ctx.deps, input, ctx.meta);
      ctx.cookies.set(s.token, s.expiresAt);
      return s;
    }),
  login: publicProcedure
    .meta({
      openapi: { method: 'POST', path: '/v1/users/login/', tags: customerTags, summary: 'Password step; sends a code' },
    })
    .input(ZLoginInput)
    .output(ZCodeChallenge)
    .mutation(({ ctx, input }) => loginCustomer(ctx.deps, input, ctx.meta)),
  verifyLoginOtp: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/verify-login-otp/',
        tags: customerTags,
        summary: 'Code step; signs in',
      },
    })
    .input(ZVerifyOtpInput)
    .output(ZSessionResult)
    .mutation(async ({ ctx, input }) => {
      const s = await verifyLogin(ctx.deps, input, ctx.meta);
      ctx.cookies.set(s.token, s.expiresAt);
      return s;
    }),
  usherLogin: publicProcedure
    .meta({
      openapi: { method: 'POST', path: '/usher/login/', tags: ['usher: auth'], summary: 'Usher sign-in for one event' },
    })
    .input(ZUsherLoginInput)
    .output(ZSessionResult)
    .mutation(async ({ ctx, input }) => {
      const s = await loginUsher(ctx.deps, input, ctx.meta);
      ctx.cookies.set(s.token, s.expiresAt);
      return s;
    }),
  forgotPassword: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/forgot-password/request-otp/',
        tags: customerTags,
        summary: 'Send a password reset code',
      },
    })
    .input(ZForgotPasswordMobileInput)
    .output(ZResetRequested)
    .mutation(({ ctx, input }) => requestPasswordReset(ctx.deps, 'CUSTOMER', input.mobile, ctx.meta)),
  resetPassword: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/reset-password/',
        tags: customerTags,
        summary: 'Set a new password with the code',
      },
    })
    .input(ZResetPasswordMobileInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      resetPassword(ctx.deps, 'CUSTOMER', { identifier: input.mobile, ...input }, ctx.meta),
    ),
  token: publicProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/token',
        tags: ['auth'],
        summary: 'OAuth 2.0 password grant for API clients (RFC 6749 §4.3)',
        contentTypes: ['application/x-www-form-urlencoded', 'application/json'],
      },
    })
    .input(ZTokenGrantInput)
    .output(ZTokenResponse)
    .mutation(({ ctx, input }) => passwordGrant(ctx.deps, input, ctx.meta)),
  organizer: organizerAuthRouter,
  merchant: merchantAuthRouter,
  admin: adminAuthRouter,
  practitioner: practitionerAuthRouter,
  me: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/v1/auth/me/', tags: ['auth'], summary: 'The signed-in user, any role' } })
    .input(z.object({}))
    .output(ZSessionUser.extend({ eventId: z.uuid().nullable() }))
    .query(({ ctx }) => {
      const { id, role, firstName, lastName, mobile, email, username } = ctx.actor.user;
      return { id, role, firstName, lastName, mobile, email, username, eventId: ctx.actor.session.eventId };
    }),
  logout: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/v1/users/logout/', tags: ['auth'], summary: 'End this session' } })
    .input(z.object({}))
    .output(ZOk)
    .mutation(async ({ ctx }) => {
      await invalidateSession(ctx.deps.db, ctx.actor.session.id);
      ctx.cookies.clear();
      return { ok: true as const };
    }),
  refresh: authedProcedure
    .meta({
      openapi: { method: 'POST', path: '/v1/auth/refresh/', tags: ['auth'], summary: 'Rotate the session token' },
    })
    .input(z.object({}))
    .output(ZSessionResult)
    .mutation(async ({ ctx }) => {
      const s = await refreshSession(ctx.deps, ctx.actor, ctx.meta);
      if (ctx.authVia === 'cookie') ctx.cookies.set(s.token, s.expiresAt);
      return s;
    }),
  changePassword: authedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/auth/change-password/',
        tags: ['auth'],
        summary: 'Change password; signs out other devices',
      },
    })
    .input(ZChangePasswordInput)
    .output(ZChangePasswordResult)
    .mutation(({ ctx, input }) => changePassword(ctx.deps, ctx.actor, input, ctx.meta)),
  sessions: router({
    list: authedProcedure
      .meta({ openapi: { method: 'GET', path: '/v1/auth/sessions/', tags: ['auth'], summary: 'My signed-in devices' } })
      .input(z.object({}))
      .output(z.array(ZSessionListItem))
      .query(({ ctx }) => listSessions(ctx.deps, ctx.actor)),
    revoke: authedProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/v1/auth/sessions/{sessionId}/revoke/',
          tags: ['auth'],
          summary: 'Sign one device out',
        },
      })
      .input(ZSessionIdInput)
      .output(z.object({ ok: z.literal(true) }))
      .mutation(({ ctx, input }) => revokeSession(ctx.deps, ctx.actor, input.sessionId, ctx.meta)),
    revokeOthers: authedProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/v1/auth/sessions/revoke-others/',
          tags: ['auth'],
          summary: 'Sign out other devices',
        },
      })
      .input(z.object({}))
      .output(ZRevokedCount)
      .mutation(({ ctx }) => revokeOtherSessions(ctx.deps, ctx.actor, ctx.meta)),
  }),
});
