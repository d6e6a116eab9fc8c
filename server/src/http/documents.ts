/**
 * Documents served as files rather than JSON (trpc-to-openapi only answers JSON):
 *
 *   GET /api/v1/users/orders/:id/receipt/        customer's PDF receipt   (customer.orders.receipt)
 *   GET /api/organizer/payouts/:id/invoice/       organizer's payout PDF   (organizer.payouts.invoice)
 *
 * Each route builds the request's context (session cookie or `Authorization: Bearer`) and calls
 * the procedure through a caller, so the role chain, ownership checks and errors are exactly the
 * tRPC ones; errors come back in the seeds' JSON format with their status (401, 403, 404, 409).
 */
import type { TDocumentFile } from '@admit/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { restError } from './rest-errors.ts';

/** The procedures these routes call (a caller of the app router satisfies it). */
export interface DocumentCaller {
  customer: { orders: { receipt(input: { orderId: string }): Promise<TDocumentFile> } };
  organizer: { payouts: { invoice(input: { id: string }): Promise<TDocumentFile> } };
}

type CallerFactory = (req: FastifyRequest, reply: FastifyReply) => Promise<DocumentCaller>;

async function sendDocument(reply: FastifyReply, produce: () => Promise<TDocumentFile>) {
  try {
    const doc = await produce();
    return reply
      .type(doc.contentType)
      .header('content-disposition', `attachment; filename="${doc.filename.replace(/["\\\r\n]/g, '')}"`)
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(doc.base64, 'base64'));
  } catch (err) {
    const { status, body } = restError(err);
    if (status === 401) reply.header('www-authenticate', 'Bearer');
    return reply.code(status).type('application/json').send(body);
  }
}

/** Registers the document routes (with and without the trailing slash). */
export function registerDocumentRoutes(app: FastifyInstance, callerFor: CallerFactory) {
  for (const slash of ['/', '']) {
    app.get<{ Params: { id: string } }>(`/api/v1/users/orders/:id/receipt${slash}`, async (req, reply) =>
      sendDocument(reply, async () =>
        (await callerFor(req, reply)).customer.orders.receipt({ orderId: req.params.id }),
      ),
    );
    app.get<{ Params: { id: string } }>(`/api/organizer/payouts/:id/invoice${slash}`, async (req, reply) =>
      sendDocument(reply, async () => (await callerFor(req, reply)).organizer.payouts.invoice({ id: req.params.id })),
    );
  }
}
