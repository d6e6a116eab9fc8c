/**
 * Each role's own account procedures at the seeds' paths (seed 003 Plans 1–4): profile,
 * password change, logout; merchants' mobile change; customers' data export and erasure.
 */
import {
  ZChangeMobileInput,
  ZChangePasswordInput,
  ZChangePasswordResult,
  ZCodeChallenge,
  ZConfirmPasswordInput,
  ZMerchantBusinessProfile,
  ZOk,
  ZProfile,
  ZVerifyMobileChangeInput,
} from '@admit/shared';
import { z } from 'zod';
import { invalidateSession } from '../../auth/sessions.ts';
import { router } from '../../trpc/init.ts';
import {
  adminProcedure,
  customerProcedure,
  merchantProcedure,
  organizerProcedure,
  practitionerProcedure,
} from '../../trpc/procedures.ts';
import { changePassword } from '../auth/auth.service.ts';
import { businessProfile } from '../merchant/merchant.service.ts';
import {
  confirmMobileChange,
  eraseCustomer,
  exportCustomerData,
  profileOf,
  requestMobileChange,
} from './account.service.ts';

const organizerTags = ['organizer: profile'];
const merchantTags = ['merchant: settings'];

export const organizerAccountRouter = router({
  me: organizerProcedure
    .meta({ openapi: { method: 'GET', path: '/organizer/me/', tags: organizerTags, summary: 'My profile' } })
    .input(z.object({}))
    .output(ZProfile)
    .query(({ ctx }) => profileOf(ctx.deps, ctx.actor)),
  // GET /organizer/profile/ (with the organizer's logo, description, website) and its PUT:
  // `organizer.profile.get` / `.update` in modules/organizer/organizer.router.ts
  changePassword: organizerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/organizer/profile/change-password/',
        tags: organizerTags,
        summary: 'Change password',
      },
    })
    .input(ZChangePasswordInput)
    .output(ZChangePasswordResult)
    .mutation(({ ctx, input }) => changePassword(ctx.deps, ctx.actor, input, ctx.meta)),
});

export const merchantAccountRouter = router({
  settings: merchantProcedure
    .meta({ openapi: { method: 'GET', path: '/merchant/settings/', tags: merchantTags, summary: 'My settings' } })
    .input(z.object({}))
    // the profile plus the business profile (null until first saved with PUT /merchant/settings/)
    .output(ZProfile.extend({ business: ZMerchantBusinessProfile.nullable() }))
    .query(async ({ ctx }) => ({
      ...(await profileOf(ctx.deps, ctx.actor)),
      business: await businessProfile(ctx.deps, ctx.actor),
    })),
  logout: merchantProcedure
    .meta({ openapi: { method: 'POST', path: '/merchant/logout/', tags: merchantTags, summary: 'Sign out' } })
    .input(z.object({}))
    .output(ZOk)
    .mutation(async ({ ctx }) => {
      await invalidateSession(ctx.deps.db, ctx.actor.session.id);
      ctx.cookies.clear();
      return { ok: true as const };
    }),
  changePassword: merchantProcedure
    .meta({
      openapi: { method: 'POST', path: '/merchant/change-password/', tags: merchantTags, summary: 'Change password' },
    })
    .input(ZChangePasswordInput)
    .output(ZChangePasswordResult)
    .mutation(({ ctx, input }) => changePassword(ctx.deps, ctx.actor, input, ctx.meta)),
  changeMobile: merchantProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/merchant/change-mobile/',
        tags: merchantTags,
        summary: 'Send a code to a new mobile',
      },
    })
    .input(ZChangeMobileInput)
    .output(ZCodeChallenge.omit({ purpose: true }))
    .mutation(({ ctx, input }) => requestMobileChange(ctx.deps, ctx.actor, input, ctx.meta)),
  verifyMobileChange: merchantProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/merchant/verify-mobile-change/',
        tags: merchantTags,
        summary: 'Confirm the new mobile',
      },
    })
    .input(ZVerifyMobileChangeInput)
    .output(z.object({ ok: z.literal(true), mobile: z.string() }))
    .mutation(({ ctx, input }) => confirmMobileChange(ctx.deps, ctx.actor, input.code, ctx.meta)),
});

export const practitionerAccountRouter = router({
  me: practitionerProcedure
    .meta({
      openapi: { method: 'GET', path: '/practitioner/me/', tags: ['practitioner: profile'], summary: 'My profile' },
    })
    .input(z.object({}))
    .output(ZProfile)
    .query(({ ctx }) => profileOf(ctx.deps, ctx.actor)),
});

export const adminAccountRouter = router({
  me: adminProcedure('users.read')
    .meta({ openapi: { method: 'GET', path: '/auth/me/', tags: ['admin: auth'], summary: 'My admin profile' } })
    .input(z.object({}))
    .output(ZProfile)
    .query(({ ctx }) => profileOf(ctx.deps, ctx.actor)),
});

export const customerPrivacyRouter = router({
  export: customerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/users/me/export/',
        tags: ['customer: privacy'],
        summary: 'Download all my data (JSON)',
      },
    })
    .input(z.object({}))
    .output(z.record(z.string(), z.unknown()))
    .query(({ ctx }) => exportCustomerData(ctx.deps, ctx.actor)),
  erase: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/me/delete/',
        tags: ['customer: privacy'],
        summary: 'Erase my personal data',
      },
    })
    .input(ZConfirmPasswordInput)
    .output(z.object({ ok: z.literal(true), erasedAt: z.date() }))
    .mutation(async ({ ctx, input }) => {
      const r = await eraseCustomer(ctx.deps, ctx.actor, input.password, ctx.meta);
      ctx.cookies.clear();
      return r;
    }),
});
