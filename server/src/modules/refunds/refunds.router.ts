/**
 * Refund procedures (issue 4 "Refunds"), mounted by trpc/router.ts into the role namespaces:
 *   customer.tickets.refundRequest, customer.refundRequests.*           (seed 003 Plan 1)
 *   organizer.refundPolicy.*, organizer.refundRequests.*, organizer.events.cancel (own events)
 *   admin.refunds.*, admin.events.cancel                                 (seed 000 "superuser")
 */
import {
  ZAdminCreateRefundInput,
  ZAdminRefundListInput,
  ZApproveRefundRequestInput,
  ZCancelEventInput,
  ZCancelEventResult,
  ZCreateRefundRequestInput,
  ZCustomerRefundRequestListInput,
  ZRefund,
  ZRefundIdInput,
  ZRefundPage,
  ZRefundPolicy,
  ZRefundPolicyInput,
  ZRefundQuote,
  ZRefundQuoteInput,
  ZRefundRequest,
  ZRefundRequestIdInput,
  ZRefundRequestListInput,
  ZRefundRequestPage,
  ZRejectRefundRequestInput,
  ZUpdateRefundPolicyInput,
} from '@admit/shared';
import { router } from '../../trpc/init.ts';
import { adminProcedure, customerProcedure, organizerProcedure } from '../../trpc/procedures.ts';
import { cancelEvent } from '../events/event-cancel.service.ts';
import { getRefundPolicy, quoteRefund, updateRefundPolicy } from './refund-policy.ts';
import {
  approveRefundRequest,
  createRefundRequest,
  listOwnRefundRequests,
  listRefundRequests,
  rejectRefundRequest,
  withdrawRefundRequest,
} from './refund-requests.service.ts';
import { adminCreateRefund, getRefund, listRefunds } from './refunds.service.ts';

const customerTags = ['customer: refunds'];
const organizerTags = ['organizer: refunds'];
const adminTags = ['admin: refunds'];

/** Merged into `customer.tickets`. */
export const customerTicketRefundsRouter = router({
  refundRequest: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/tickets/{id}/refund-request/',
        tags: customerTags,
        summary: 'Ask for a refund of this ticket (and others of its order)',
      },
    })
    .input(ZCreateRefundRequestInput)
    .output(ZRefundRequest)
    .mutation(({ ctx, input }) => createRefundRequest(ctx.deps, ctx.actor, input)),
});

export const customerRefundRequestsRouter = router({
  list: customerProcedure
    .meta({
      openapi: { method: 'GET', path: '/v1/users/refund-requests/', tags: customerTags, summary: 'My refund requests' },
    })
    .input(ZCustomerRefundRequestListInput)
    .output(ZRefundRequestPage)
    .query(({ ctx, input }) => listOwnRefundRequests(ctx.deps, ctx.actor, input)),
  withdraw: customerProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/v1/users/refund-requests/{id}/withdraw/',
        tags: customerTags,
        summary: 'Withdraw my pending refund request',
      },
    })
    .input(ZRefundRequestIdInput)
    .output(ZRefundRequest)
    .mutation(({ ctx, input }) => withdrawRefundRequest(ctx.deps, ctx.actor, input.id)),
  quote: customerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/users/tickets/{id}/refund-quote/',
        tags: customerTags,
        summary: 'What a refund of this ticket would return, or why it is not possible',
      },
    })
    .input(ZRefundQuoteInput)
    .output(ZRefundQuote)
    .query(({ ctx, input }) =>
      quoteRefund(ctx.deps, ctx.actor, {
        ticketIds: [input.id, ...(input.ticketIds ? input.ticketIds.split(',').map((s) => s.toLowerCase()) : [])],
      }),
    ),
});

export const organizerRefundsRouter = router({
  refundPolicy: router({
    get: organizerProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/organizer/events/{id}/refund-policy/',
          tags: organizerTags,
          summary: 'Refund policy of my event',
        },
      })
      .input(ZRefundPolicyInput)
      .output(ZRefundPolicy)
      .query(({ ctx, input }) => getRefundPolicy(ctx.deps, ctx.actor, input.id)),
    update: organizerProcedure
      .meta({
        openapi: {
          method: 'PUT',
          path: '/organizer/events/{id}/refund-policy/',
          tags: organizerTags,
          summary: 'Change the refund policy of my event',
        },
      })
      .input(ZUpdateRefundPolicyInput)
      .output(ZRefundPolicy)
      .mutation(({ ctx, input }) => updateRefundPolicy(ctx.deps, ctx.actor, input, ctx.meta)),
  }),
  refundRequests: router({
    list: organizerProcedure
      .meta({
        openapi: {
          method: 'GET',
          path: '/organizer/refund-requests/',
          tags: organizerTags,
          summary: 'Refund requests for my events',
        },
      })
      .input(ZRefundRequestListInput)
      .output(ZRefundRequestPage)
      .query(({ ctx, input }) => listRefundRequests(ctx.deps, ctx.actor, input)),
    approve: organizerProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/organizer/refund-requests/{id}/approve/',
          tags: organizerTags,
          summary: 'Approve a refund request (refunds at once)',
        },
      })
      .input(ZApproveRefundRequestInput)
      .output(ZRefundRequest)
      .mutation(({ ctx, input }) => approveRefundRequest(ctx.deps, ctx.actor, input, ctx.meta)),
    reject: organizerProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/organizer/refund-requests/{id}/reject/',
          tags: organizerTags,
          summary: 'Reject a refund request with a reason',
        },
      })
      .input(ZRejectRefundRequestInput)
      .output(ZRefundRequest)
      .mutation(({ ctx, input }) => rejectRefundRequest(ctx.deps, ctx.actor, input, ctx.meta)),
  }),
  events: router({
    cancel: organizerProcedure
      .meta({
        openapi: {
          method: 'POST',
          path: '/organizer/events/{id}/cancel/',
          tags: organizerTags,
          summary: 'Cancel my event (every paid order is refunded)',
        },
      })
      .input(ZCancelEventInput)
      .output(ZCancelEventResult)
      .mutation(({ ctx, input }) =>
        cancelEvent(ctx.deps, ctx.actor, { eventId: input.id, reason: input.reason }, ctx.meta),
      ),
  }),
});

export const adminRefundsRouter = router({
  list: adminProcedure('money.read')
    .meta({ openapi: { method: 'GET', path: '/refunds/', tags: adminTags, summary: 'Refunds with filters' } })
    .input(ZAdminRefundListInput)
    .output(ZRefundPage)
    .query(({ ctx, input }) => listRefunds(ctx.deps, input)),
  get: adminProcedure('money.read')
    .meta({ openapi: { method: 'GET', path: '/refunds/{id}/', tags: adminTags, summary: 'One refund' } })
    .input(ZRefundIdInput)
    .output(ZRefund)
    .query(({ ctx, input }) => getRefund(ctx.deps, input.id)),
  create: adminProcedure('money.write')
    .meta({
      openapi: {
        method: 'POST',
        path: '/refunds/',
        tags: adminTags,
        summary: 'Refund an order: all of it, some tickets, or an amount',
      },
    })
    .input(ZAdminCreateRefundInput)
    .output(ZRefund)
    .mutation(({ ctx, input }) => adminCreateRefund(ctx.deps, ctx.actor, input, ctx.meta)),
  requests: router({
    list: adminProcedure('money.read')
      .meta({ openapi: { method: 'GET', path: '/refund-requests/', tags: adminTags, summary: 'Refund requests' } })
      .input(ZRefundRequestListInput)
      .output(ZRefundRequestPage)
      .query(({ ctx, input }) => listRefundRequests(ctx.deps, ctx.actor, input)),
    approve: adminProcedure('money.write')
      .meta({
        openapi: {
          method: 'POST',
          path: '/refund-requests/{id}/approve/',
          tags: adminTags,
          summary: 'Approve a refund request (refunds at once)',
        },
      })
      .input(ZApproveRefundRequestInput)
      .output(ZRefundRequest)
      .mutation(({ ctx, input }) => approveRefundRequest(ctx.deps, ctx.actor, input, ctx.meta)),
    reject: adminProcedure('money.write')
      .meta({
        openapi: {
          method: 'POST',
          path: '/refund-requests/{id}/reject/',
          tags: adminTags,
          summary: 'Reject a refund request with a reason',
        },
      })
      .input(ZRejectRefundRequestInput)
      .output(ZRefundRequest)
      .mutation(({ ctx, input }) => rejectRefundRequest(ctx.deps, ctx.actor, input, ctx.meta)),
  }),
});

export const adminEventsRouter = router({
  cancel: adminProcedure('money.write')
    .meta({
      openapi: {
        method: 'POST',
        path: '/events/{id}/cancel/',
        tags: ['admin: events'],
        summary: 'Cancel an event (every paid order is refunded)',
      },
    })
    .input(ZCancelEventInput)
    .output(ZCancelEventResult)
    .mutation(({ ctx, input }) =>
      cancelEvent(ctx.deps, ctx.actor, { eventId: input.id, reason: input.reason }, ctx.meta),
    ),
});
