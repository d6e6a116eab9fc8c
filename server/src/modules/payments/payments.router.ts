/**
 * Customer procedures for saved payment methods and payment history (mounted under `customer`
 * in trpc/router.ts). Paying itself (`customer.payments.process/confirm`) lives with booking in
 * orders/customer.router.ts.
 */
import {
  ZConfirmSetupInput,
  ZOk,
  ZPaymentHistoryInput,
  ZPaymentHistoryPage,
  ZPaymentMethodIdInput,
  ZPaymentMethodSetup,
  ZSavedPaymentMethod,
  ZSavedPaymentMethodList,
} from '@admit/shared';
import { z } from 'zod';
import { router } from '../../trpc/init.ts';
import { customerProcedure } from '../../trpc/procedures.ts';
import { paymentHistory } from './history.service.ts';
import {
  confirmPaymentMethodSetup,
  listPaymentMethods,
  removePaymentMethod,
  setDefaultPaymentMethod,
  setupPaymentMethod,
} from './methods.service.ts';

const tags = ['customer: payments'];

export const customerPaymentMethodsRouter = router({
  list: customerProcedure
    .meta({ openapi: { method: 'GET', path: '/v1/users/payment-methods/', tags, summary: 'My saved cards' } })
    .input(z.object({}))
    .output(ZSavedPaymentMethodList)
    .query(({ ctx }) => listPaymentMethods(ctx.deps, ctx.actor)),
  setup: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/payment-methods/setup/',
        tags,
        summary: 'Start saving a card (SetupIntent client secret)',
      },
    })
    .input(z.object({}))
    .output(ZPaymentMethodSetup)
    .mutation(({ ctx }) => setupPaymentMethod(ctx.deps, ctx.actor)),
  confirmSetup: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/payment-methods/confirm/',
        tags,
        summary: 'Store the card a completed setup saved',
      },
    })
    .input(ZConfirmSetupInput)
    .output(ZSavedPaymentMethod)
    .mutation(({ ctx, input }) => confirmPaymentMethodSetup(ctx.deps, ctx.actor, input.setupRef)),
  remove: customerProcedure
    .meta({
      openapi: { method: 'DELETE', path: '/v1/users/payment-methods/{id}/', tags, summary: 'Remove a saved card' },
    })
    .input(ZPaymentMethodIdInput)
    .output(ZOk)
    .mutation(({ ctx, input }) => removePaymentMethod(ctx.deps, ctx.actor, input.id)),
  setDefault: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/payment-methods/{id}/default/',
        tags,
        summary: 'Charge this card by default',
      },
    })
    .input(ZPaymentMethodIdInput)
    .output(ZSavedPaymentMethodList)
    .mutation(({ ctx, input }) => setDefaultPaymentMethod(ctx.deps, ctx.actor, input.id)),
});

export const customerPaymentHistoryProcedure = customerProcedure
  .meta({
    openapi: { method: 'GET', path: '/v1/users/payment-history/', tags, summary: 'My payments and refunds' },
  })
  .input(ZPaymentHistoryInput)
  .output(ZPaymentHistoryPage)
  .query(({ ctx, input }) => paymentHistory(ctx.deps, ctx.actor, input));
