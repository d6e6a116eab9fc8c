/**
 * The merchant portal's procedures (seed 003 Plan 4), merged into the `merchant` namespace by
 * trpc/router.ts next to the account procedures (settings, password, mobile, logout in
 * account/account.router.ts). `cards` is a sub-router: this module owns `cards.list`; the NFC
 * module adds `cards.charge`.
 */
import {
  ZAssignCardInput,
  ZAssignCardResult,
  ZCancelAssignmentInput,
  ZCancelAssignmentResult,
  ZMerchantBusinessProfile,
  ZMerchantCardListInput,
  ZMerchantCardPage,
  ZMerchantDashboardStats,
  ZMerchantMobileInput,
  ZSendCustomerOtpResult,
  ZUpdateMerchantSettingsInput,
  ZVerifyCustomerInput,
  ZVerifyCustomerOtpInput,
  ZVerifyCustomerOtpResult,
  ZVerifyCustomerResult,
} from '@admit/shared';
import { z } from 'zod';
import { router } from '../../trpc/init.ts';
import { merchantProcedure } from '../../trpc/procedures.ts';
import {
  assignCard,
  cancelAssignment,
  dashboardStats,
  listCards,
  sendCustomerOtp,
  updateSettings,
  verifyCustomer,
  verifyCustomerOtp,
} from './merchant.service.ts';

const dashboardTags = ['merchant: dashboard'];
const assignTags = ['merchant: card assignment'];
const cardTags = ['merchant: cards'];
const settingsTags = ['merchant: settings'];

export const merchantRouter = router({
  dashboardStats: merchantProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/merchant/dashboard-stats/',
        tags: dashboardTags,
        summary: 'Stock, assignments, customers served and card spend',
      },
    })
    .input(z.object({}))
    .output(ZMerchantDashboardStats)
    .query(({ ctx }) => dashboardStats(ctx.deps, ctx.actor)),
  verifyCustomer: merchantProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/merchant/verify-customer/{mobile}/',
        tags: assignTags,
        summary: 'Is this mobile a registered customer with a paid card fee?',
      },
    })
    .input(ZVerifyCustomerInput)
    .output(ZVerifyCustomerResult)
    .query(({ ctx, input }) => verifyCustomer(ctx.deps, ctx.actor, input.mobile)),
  sendCustomerOtp: merchantProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/merchant/send-customer-otp/',
        tags: assignTags,
        summary: 'Send the customer a card assignment code',
      },
    })
    .input(ZMerchantMobileInput)
    .output(ZSendCustomerOtpResult)
    .mutation(({ ctx, input }) => sendCustomerOtp(ctx.deps, ctx.actor, input.mobile)),
  assignCard: merchantProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/merchant/assign-card/',
        tags: assignTags,
        summary: 'Step 1: assign a card from my stock; the customer gets a code',
      },
    })
    .input(ZAssignCardInput)
    .output(ZAssignCardResult)
    .mutation(({ ctx, input }) => assignCard(ctx.deps, ctx.actor, input, ctx.meta)),
  verifyCustomerOtp: merchantProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/merchant/verify-customer-otp/',
        tags: assignTags,
        summary: "Step 2: confirm the assignment with the customer's code",
      },
    })
    .input(ZVerifyCustomerOtpInput)
    .output(ZVerifyCustomerOtpResult)
    .mutation(({ ctx, input }) => verifyCustomerOtp(ctx.deps, ctx.actor, input, ctx.meta)),
  cancelAssignment: merchantProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/merchant/assignments/{id}/cancel/',
        tags: assignTags,
        summary: 'Withdraw a pending assignment (the card is free again; the code no longer confirms it)',
      },
    })
    .input(ZCancelAssignmentInput)
    .output(ZCancelAssignmentResult)
    .mutation(({ ctx, input }) => cancelAssignment(ctx.deps, ctx.actor, input.id, ctx.meta)),
  cards: router({
    list: merchantProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/merchant/cards/',
          tags: cardTags,
          summary: 'My card inventory: stock and assigned cards',
        },
      })
      .input(ZMerchantCardListInput)
      .output(ZMerchantCardPage)
      .query(({ ctx, input }) => listCards(ctx.deps, ctx.actor, input)),
  }),
  updateSettings: merchantProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/merchant/settings/',
        tags: settingsTags,
        summary: 'Update my business profile',
      },
    })
    .input(ZUpdateMerchantSettingsInput)
    .output(ZMerchantBusinessProfile)
    .mutation(({ ctx, input }) => updateSettings(ctx.deps, ctx.actor, input, ctx.meta)),
});
