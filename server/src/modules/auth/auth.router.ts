import {
  ZLoginInput,
  ZOk,
  ZOtpChallenge,
  ZRegisterInput,
  ZSessionResult,
  ZSessionUser,
  ZUsherLoginInput,
  ZVerifyOtpInput,
} from '@admit/shared';
import { z } from 'zod';
import { invalidateSession } from '../../auth/sessions.ts';
import { router } from '../../trpc/init.ts';
import { authedProcedure, publicProcedure } from '../../trpc/procedures.ts';
import { loginCustomer, loginUsher, registerCustomer, verifyLogin, verifyRegistration } from './auth.service.ts';

const customerTags = ['customer: auth'];

/** Sign-in for every role. Procedures that start a session also set the HttpOnly cookie. */
export const authRouter = router({
  register: publicProcedure
    .meta({
      openapi: { method: 'POST', path: '/v1/users/register/', tags: customerTags, summary: 'Register; sends a code' },
    })
    .input(ZRegisterInput)
    .output(ZOtpChallenge)
    .mutation(({ ctx, input }) => registerCustomer(ctx.deps, input)),
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
    .output(ZOtpChallenge.extend({ purpose: z.enum(['LOGIN', 'VERIFY_MOBILE']) }))
    .mutation(({ ctx, input }) => loginCustomer(ctx.deps, input)),
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
});
