import {
  ZBookTicketsInput,
  ZConfirmPaymentInput,
  ZListTicketsInput,
  ZOrder,
  ZOrderDetail,
  ZOrderIdInput,
  ZPaymentIntent,
  ZSessionUser,
  ZTicketDetail,
  ZTicketIdInput,
  ZTicketPage,
  ZTicketQr,
  ZTicketQrInput,
} from '@admit/shared';
import { z } from 'zod';
import { router } from '../../trpc/init.ts';
import { customerProcedure } from '../../trpc/procedures.ts';
import { confirmPayment, processPayment } from '../payments/payments.service.ts';
import { getOwnOrderDetail } from '../receipts/receipts.service.ts';
import { getOwnTicket, listOwnTickets, ownTicketQr } from '../tickets/tickets.service.ts';
import { bookTickets, cancelOrder } from './orders.service.ts';

export const customerRouter = router({
  me: customerProcedure
    .meta({ openapi: { method: 'GET', path: '/v1/users/me/', tags: ['customer: profile'], summary: 'My profile' } })
    .input(z.object({}))
    .output(ZSessionUser)
    .query(({ ctx }) => {
      const { id, role, firstName, lastName, mobile, email, username } = ctx.actor.user;
      return { id, role, firstName, lastName, mobile, email, username };
    }),
  tickets: router({
    book: customerProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/v1/tickets/book/',
          tags: ['customer: booking'],
          summary: 'Hold tickets (pending order)',
        },
      })
      .input(ZBookTicketsInput)
      .output(ZOrder)
      .mutation(({ ctx, input }) => bookTickets(ctx.deps, ctx.actor, input)),
    list: customerProcedure
      .meta({
        openapi: { method: 'GET', path: '/v1/users/tickets/', tags: ['customer: tickets'], summary: 'My tickets' },
      })
      .input(ZListTicketsInput)
      .output(ZTicketPage)
      .query(({ ctx, input }) => listOwnTickets(ctx.deps, ctx.actor, input)),
    get: customerProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/v1/users/tickets/{id}/',
          tags: ['customer: tickets'],
          summary: 'One of my tickets',
        },
      })
      .input(ZTicketIdInput)
      .output(ZTicketDetail)
      .query(({ ctx, input }) => getOwnTicket(ctx.deps, ctx.actor, input.id)),
    qrCode: customerProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/v1/users/tickets/{id}/qr-code/',
          tags: ['customer: tickets'],
          summary: 'QR image (SVG or base64 PNG)',
        },
      })
      .input(ZTicketQrInput)
      .output(ZTicketQr)
      .query(({ ctx, input }) => ownTicketQr(ctx.deps, ctx.actor, input)),
  }),
  orders: router({
    get: customerProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/v1/orders/{orderId}/',
          tags: ['customer: booking'],
          summary: 'One of my orders, with payments, refunds and receipt link',
        },
      })
      .input(ZOrderIdInput)
      .output(ZOrderDetail)
      .query(({ ctx, input }) => getOwnOrderDetail(ctx.deps, ctx.actor, input.orderId)),
    cancel: customerProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/v1/orders/{orderId}/cancel/',
          tags: ['customer: booking'],
          summary: 'Cancel my unpaid order',
        },
      })
      .input(ZOrderIdInput)
      .output(ZOrder)
      .mutation(({ ctx, input }) => cancelOrder(ctx.deps, ctx.actor, input.orderId)),
  }),
  payments: router({
    process: customerProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/v1/payments/process/',
          tags: ['customer: payments'],
          summary: 'Start paying an order',
        },
      })
      .input(ZOrderIdInput)
      .output(ZPaymentIntent)
      .mutation(({ ctx, input }) => processPayment(ctx.deps, ctx.actor, input.orderId)),
    confirm: customerProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/v1/payments/confirm/',
          tags: ['customer: payments'],
          summary: 'Confirm a payment (test mode)',
        },
      })
      .input(ZConfirmPaymentInput)
      .output(ZOrder)
      .mutation(({ ctx, input }) => confirmPayment(ctx.deps, ctx.actor, input.paymentId)),
  }),
});
