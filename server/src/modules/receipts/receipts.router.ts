/**
 * Customers' order history and receipts (seed 002 "Receipt Storage"). Spread into
 * `customer.orders` (orders/customer.router.ts), next to `get` and `cancel`.
 */
import { ZDocumentFile, ZMyOrdersInput, ZOrderDetailPage, ZOrderIdInput } from '@admit/shared';
import { customerProcedure } from '../../trpc/procedures.ts';
import { listOwnOrders, ownOrderReceipt } from './receipts.service.ts';

export const customerOrderBooksProcedures = {
  list: customerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/users/orders/',
        tags: ['customer: booking'],
        summary: 'My orders with payments, refunds and receipt links',
      },
    })
    .input(ZMyOrdersInput)
    .output(ZOrderDetailPage)
    .query(({ ctx, input }) => listOwnOrders(ctx.deps, ctx.actor, input)),
  /** served as application/pdf at GET /api/v1/users/orders/:id/receipt/ (http/documents.ts) */
  receipt: customerProcedure
    .input(ZOrderIdInput)
    .output(ZDocumentFile)
    .query(({ ctx, input }) => ownOrderReceipt(ctx.deps, ctx.actor, input.orderId)),
};
