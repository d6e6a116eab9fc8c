/**
 * `POST /webhooks/stripe` (registered by app.ts only when Stripe is configured). Stripe signs the
 * exact bytes it sends (https://docs.stripe.com/webhooks#verify-events), so this route reads the
 * body as a raw Buffer — its own content-type parser, scoped to this plugin, so the rest of the
 * server keeps parsing JSON — and verifies `Stripe-Signature` with the endpoint secret before
 * anything else. Answers:
 *
 *   200 {"received":true,"outcome":"applied"|"duplicate"|"ignored"}
 *   400 {"error":{"code":"BAD_REQUEST",…}}   missing or bad signature (nothing is written)
 *   500/503 {"error":{…}}                    could not apply now: Stripe retries with backoff
 *
 * Responses carry no secret and no stack. The work is one database transaction per event
 * (modules/payments/webhooks.service.ts); provider calls it causes (a late payment's refund) run
 * in jobs, so the answer is fast.
 */
import type { FastifyInstance } from 'fastify';
import { type AppDeps, requestDeps } from '../deps.ts';
import { paymentProvider } from '../modules/payments/provider.ts';
import type { StripeProvider } from '../modules/payments/stripe-provider.ts';
import { applyStripeEvent } from '../modules/payments/webhooks.service.ts';
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from '../ops/db-errors.ts';
import type { RealtimeMessage } from '../realtime/messages.ts';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

const isStripeProvider = (p: unknown): p is StripeProvider =>
  typeof (p as StripeProvider | undefined)?.constructEvent === 'function';

const error = (code: string, message: string) => ({ error: { code, message } });

export async function registerStripeWebhook(
  app: FastifyInstance,
  deps: AppDeps,
  publish: (messages: RealtimeMessage[]) => void,
): Promise<void> {
  const provider = paymentProvider(deps);
  if (!isStripeProvider(provider)) {
    throw new Error('Stripe is configured but deps.payments is not the Stripe provider (see main.ts).');
  }
  await app.register(async (scope) => {
    // the raw bytes, whatever the content type says (Stripe sends application/json)
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(STRIPE_WEBHOOK_PATH, async (req, reply) => {
      const signature = req.headers['stripe-signature'];
      const raw = req.body;
      if (typeof signature !== 'string' || !Buffer.isBuffer(raw) || raw.length === 0) {
        return reply.code(400).send(error('BAD_REQUEST', 'A signed Stripe event is required.'));
      }
      let event: ReturnType<StripeProvider['constructEvent']>;
      try {
        event = provider.constructEvent(raw, signature);
      } catch {
        req.log.warn({ source: 'payments' }, 'stripe webhook with a bad signature refused');
        return reply.code(400).send(error('BAD_REQUEST', 'The Stripe signature does not match.'));
      }
      const d = requestDeps(deps, req.id);
      try {
        const outcome = await applyStripeEvent(d, provider, event);
        publish(d.realtime.splice(0));
        return reply.code(200).send({ received: true, outcome });
      } catch (err) {
        if (isDatabaseUnavailable(err)) {
          return reply.code(503).header('retry-after', '5').send(error('UNAVAILABLE', UNAVAILABLE_MESSAGE));
        }
        req.log.error({ err, source: 'payments', eventId: event.id, type: event.type }, 'stripe webhook failed');
        return reply.code(500).send(error('INTERNAL', 'The event could not be applied now; it will be retried.'));
      }
    });
  });
}
