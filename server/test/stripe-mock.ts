/**
 * A fake Stripe API for tests: the endpoints Admit's Stripe provider calls
 * (modules/payments/stripe-provider.ts), backed by in-memory PaymentIntents, Charges, Refunds,
 * Customers, SetupIntents and PaymentMethods, strict where it matters to us:
 *
 * - `Authorization: Bearer <secret key>` or 401;
 * - form-encoded bodies exactly as the SDK sends them (`metadata[orderId]=…`, `expand[0]=…`);
 * - `Idempotency-Key` honoured: the same key answers the same response (status and body), so a
 *   retried create never makes a second object (https://docs.stripe.com/api/idempotent_requests);
 * - Stripe's error bodies: 404 `resource_missing`, 400 `payment_intent_unexpected_state`, 402
 *   `card_error` (with the PaymentIntent) for an off-session decline.
 *
 * Use it with MSW (`setupServer(...fake.handlers)`: requests to https://api.stripe.com), or over
 * real HTTP for a child process (`serveFakeStripe(fake)` → `STRIPE_API_BASE=<url>`).
 *
 * Test helpers play the customer's browser and Stripe's side: `succeedIntent` (the Payment Element
 * confirmed a card), `failIntent` (a decline), `completeSetup` (a card saved), and build signed
 * webhook deliveries (`signedDelivery`, with the SDK's `generateTestHeaderString`).
 *
 * Test cards: a card whose last 4 digits are 0002 is declined (Stripe's 4000 0000 0000 0002).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { HttpResponse, http } from 'msw';
import Stripe from 'stripe';

export const STRIPE_TEST_ENV = {
  STRIPE_SECRET_KEY: 'sk_test_admit_fake_0000000000',
  STRIPE_WEBHOOK_SECRET: 'whsec_admit_fake_0000000000',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_admit_fake_0000000000',
} as const;

const rid = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
const nowS = () => Math.floor(Date.now() / 1000);

export interface FakeCard {
  brand: string;
  last4: string;
  exp_month?: number;
  exp_year?: number;
}

type Json = Record<string, unknown>;

interface Intent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: string;
  client_secret: string;
  customer: string | null;
  payment_method: string | null;
  metadata: Record<string, string>;
  description: string | null;
  last_payment_error: Json | null;
  latest_charge: string | null;
  cancellation_reason: string | null;
  automatic_payment_methods: { enabled: boolean } | null;
  off_session?: boolean;
  created: number;
  livemode: false;
}

interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  charge: string | null;
  payment_intent: string;
  status: string;
  failure_reason: string | null;
  metadata: Record<string, string>;
  created: number;
}

interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_refunded: number;
  currency: string;
  payment_intent: string;
  payment_method: string | null;
  refunded: boolean;
  status: 'succeeded';
  created: number;
}

interface PaymentMethod {
  id: string;
  object: 'payment_method';
  type: 'card';
  card: { brand: string; last4: string; exp_month: number; exp_year: number };
  customer: string | null;
  created: number;
}

interface SetupIntent {
  id: string;
  object: 'setup_intent';
  client_secret: string;
  customer: string | null;
  payment_method: string | null;
  status: string;
  usage: string;
  created: number;
}

/** Parses the SDK's form encoding (`a[b]=1&c[0]=x`) into nested objects; arrays stay index-keyed objects. */
function parseForm(text: string): Json {
  const out: Json = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const parts = rawKey.split(/\[|\]\[|\]/).filter((p) => p !== '');
    let node = out;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value;
      else {
        if (node[part] === undefined) node[part] = {};
        node = node[part] as Json;
      }
    });
  }
  return out;
}

const values = (v: unknown): string[] =>
  v == null ? [] : typeof v === 'string' ? [v] : Object.values(v as Record<string, string>);

const stripeError = (status: number, error: Json) => ({ status, body: { error } });
const missing = (kind: string, id: string) =>
  stripeError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
    param: 'id',
  });

export class FakeStripe {
  readonly intents = new Map<string, Intent>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly customers = new Map<string, Json>();
  readonly methods = new Map<string, PaymentMethod>();
  readonly setups = new Map<string, SetupIntent>();
  /** every API call, for assertions (method, path, idempotency key) */
  readonly calls: { method: string; path: string; idempotencyKey: string | null }[] = [];
  /** status new refunds get */
  refundStatus: 'succeeded' | 'pending' = 'succeeded';
  private readonly replies = new Map<string, { status: number; body: unknown }>();
  private readonly sdk = new Stripe('sk_test_signing_only');

  constructor(
    readonly env: { STRIPE_SECRET_KEY: string; STRIPE_WEBHOOK_SECRET: string } = STRIPE_TEST_ENV,
    readonly base = 'https://api.stripe.com',
  ) {}

  /** MSW handlers for `base`. */
  get handlers() {
    return [http.all(`${this.base}/v1/*`, async ({ request }) => this.handle(request))];
  }

  /** Answers one API request (MSW handler or the HTTP stand-in). */
  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const key = request.headers.get('idempotency-key');
    this.calls.push({ method: request.method, path: url.pathname, idempotencyKey: key });
    if (request.headers.get('authorization') !== `Bearer ${this.env.STRIPE_SECRET_KEY}`) {
      return HttpResponse.json(
        { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } },
        { status: 401 },
      );
    }
    const params = request.method === 'GET' ? parseForm(url.search.slice(1)) : parseForm(await request.text());
    const replayKey = key ? `${request.method} ${url.pathname} ${key}` : null;
    const reply = (replayKey && this.replies.get(replayKey)) || this.route(request.method, url.pathname, params);
    if (replayKey) this.replies.set(replayKey, reply);
    return HttpResponse.json(reply.body as Json, {
      status: reply.status,
      headers: { 'request-id': rid('req'), ...(key ? { 'idempotency-key': key } : {}) },
    });
  }

  private route(method: string, path: string, p: Json): { status: number; body: unknown } {
    const seg = path.split('/').filter(Boolean).slice(1); // drop "v1"
    const ok = (body: unknown) => ({ status: 200, body });
    const [resource, id, action] = seg;
    if (resource === 'payment_intents') {
      if (method === 'POST' && !id) return this.createIntent(p);
      const pi = id ? this.intents.get(id) : undefined;
      if (!pi) return missing('payment_intent', id ?? '');
      if (method === 'GET' && !action) return ok(this.expandIntent(pi, p));
      if (method === 'POST' && action === 'cancel') {
        if (['succeeded', 'canceled', 'processing'].includes(pi.status)) {
          return stripeError(400, {
            type: 'invalid_request_error',
            code: 'payment_intent_unexpected_state',
            message: `You cannot cancel this PaymentIntent because it has a status of ${pi.status}.`,
            payment_intent: pi,
          });
        }
        pi.status = 'canceled';
        pi.cancellation_reason = (p.cancellation_reason as string) ?? 'requested_by_customer';
        return ok(pi);
      }
    }
    if (resource === 'refunds') {
      if (method === 'POST' && !id) return this.createRefund(p);
      if (method === 'GET' && !id) {
        const data = [...this.refunds.values()].filter(
          (r) => (!p.charge || r.charge === p.charge) && (!p.payment_intent || r.payment_intent === p.payment_intent),
        );
        return ok({ object: 'list', data, has_more: false, url: '/v1/refunds' });
      }
      const re = id ? this.refunds.get(id) : undefined;
      return re ? ok(re) : missing('refund', id ?? '');
    }
    if (resource === 'customers' && method === 'POST' && !id) {
      const customer = {
        id: rid('cus'),
        object: 'customer',
        name: p.name ?? null,
        email: p.email ?? null,
        metadata: p.metadata ?? {},
        created: nowS(),
      };
      this.customers.set(customer.id, customer);
      return ok(customer);
    }
    if (resource === 'setup_intents') {
      if (method === 'POST' && !id) {
        const customer = p.customer as string | undefined;
        if (customer && !this.customers.has(customer)) return missing('customer', customer);
        const si: SetupIntent = {
          id: rid('seti'),
          object: 'setup_intent',
          client_secret: '',
          customer: customer ?? null,
          payment_method: null,
          status: 'requires_payment_method',
          usage: (p.usage as string) ?? 'off_session',
          created: nowS(),
        };
        si.client_secret = `${si.id}_secret_${randomBytes(8).toString('hex')}`;
        this.setups.set(si.id, si);
        return ok(si);
      }
      const si = id ? this.setups.get(id) : undefined;
      if (!si) return missing('setup_intent', id ?? '');
      if (method === 'GET') {
        const expand = values(p.expand);
        return ok(
          expand.includes('payment_method') && si.payment_method
            ? { ...si, payment_method: this.methods.get(si.payment_method) }
            : si,
        );
      }
    }
    if (resource === 'payment_methods') {
      const pm = id ? this.methods.get(id) : undefined;
      if (!pm) return missing('payment_method', id ?? '');
      if (method === 'GET' && !action) return ok(pm);
      if (method === 'POST' && action === 'detach') {
        if (!pm.customer) {
          return stripeError(400, {
            type: 'invalid_request_error',
            message: 'The payment method you provided is not attached to a customer so detachment is impossible.',
          });
        }
        pm.customer = null;
        return ok(pm);
      }
    }
    return stripeError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path})`,
    });
  }

  private expandIntent(pi: Intent, p: Json) {
    const expand = values(p.expand);
    return expand.includes('payment_method') && pi.payment_method
      ? { ...pi, payment_method: this.methods.get(pi.payment_method) }
      : pi;
  }

  private createIntent(p: Json) {
    const amount = Number(p.amount);
    if (!Number.isInteger(amount) || amount < 1 || typeof p.currency !== 'string') {
      return stripeError(400, { type: 'invalid_request_error', message: 'Missing required param: amount.' });
    }
    const pi: Intent = {
      id: rid('pi'),
      object: 'payment_intent',
      amount,
      amount_received: 0,
      currency: p.currency,
      status: 'requires_payment_method',
      client_secret: '',
      customer: (p.customer as string) ?? null,
      payment_method: (p.payment_method as string) ?? null,
      metadata: (p.metadata as Record<string, string>) ?? {},
      description: (p.description as string) ?? null,
      last_payment_error: null,
      latest_charge: null,
      cancellation_reason: null,
      automatic_payment_methods: (p.automatic_payment_methods as Json)?.enabled === 'true' ? { enabled: true } : null,
      created: nowS(),
      livemode: false,
    };
    pi.client_secret = `${pi.id}_secret_${randomBytes(8).toString('hex')}`;
    this.intents.set(pi.id, pi);
    if (p.confirm === 'true') {
      pi.off_session = p.off_session === 'true';
      const pm = pi.payment_method ? this.methods.get(pi.payment_method) : undefined;
      if (!pm) return missing('payment_method', pi.payment_method ?? '');
      if (pm.card.last4 === '0002') {
        this.failIntent(pi.id, 'Your card was declined.');
        return stripeError(402, {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'generic_decline',
          message: 'Your card was declined.',
          charge: rid('ch'),
          payment_intent: pi,
          payment_method: pm,
        });
      }
      this.succeedIntent(pi.id);
    }
    return { status: 200, body: pi };
  }

  private createRefund(p: Json) {
    const piId = p.payment_intent as string;
    const pi = this.intents.get(piId);
    if (!pi) return missing('payment_intent', piId);
    if (pi.status !== 'succeeded' || !pi.latest_charge) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'charge_not_refundable',
        message: `PaymentIntent ${piId} does not have a successful charge to refund.`,
      });
    }
    const charge = this.charges.get(pi.latest_charge)!;
    const amount = p.amount ? Number(p.amount) : charge.amount - charge.amount_refunded;
    if (amount > charge.amount - charge.amount_refunded) {
      return stripeError(400, {
        type: 'invalid_request_error',
        code: 'amount_too_large',
        message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${charge.amount - charge.amount_refunded})`,
      });
    }
    const re: Refund = {
      id: rid('re'),
      object: 'refund',
      amount,
      currency: pi.currency,
      charge: charge.id,
      payment_intent: pi.id,
      status: this.refundStatus,
      failure_reason: null,
      metadata: (p.metadata as Record<string, string>) ?? {},
      created: nowS(),
    };
    this.refunds.set(re.id, re);
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    return { status: 200, body: re };
  }

  // ───────────────────────────── the customer's browser / Stripe's side ─────────────────────────────

  private newMethod(card: FakeCard, customer: string | null): PaymentMethod {
    const pm: PaymentMethod = {
      id: rid('pm'),
      object: 'payment_method',
      type: 'card',
      card: { brand: card.brand, last4: card.last4, exp_month: card.exp_month ?? 12, exp_year: card.exp_year ?? 2034 },
      customer,
      created: nowS(),
    };
    this.methods.set(pm.id, pm);
    return pm;
  }

  intent(id: string): Intent {
    const pi = this.intents.get(id);
    if (!pi) throw new Error(`fake Stripe: no PaymentIntent ${id}`);
    return pi;
  }

  /** The Payment Element confirmed with a card and the charge went through. */
  succeedIntent(id: string, card: FakeCard = { brand: 'visa', last4: '4242' }): Intent {
    const pi = this.intent(id);
    if (!pi.payment_method) pi.payment_method = this.newMethod(card, pi.customer).id;
    const charge: Charge = {
      id: rid('ch'),
      object: 'charge',
      amount: pi.amount,
      amount_refunded: 0,
      currency: pi.currency,
      payment_intent: pi.id,
      payment_method: pi.payment_method,
      refunded: false,
      status: 'succeeded',
      created: nowS(),
    };
    this.charges.set(charge.id, charge);
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
    pi.latest_charge = charge.id;
    pi.last_payment_error = null;
    return pi;
  }

  /** A decline: back to requires_payment_method with `last_payment_error`. */
  failIntent(id: string, message = 'Your card was declined.'): Intent {
    const pi = this.intent(id);
    pi.status = 'requires_payment_method';
    pi.last_payment_error = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message };
    return pi;
  }

  /** The bank is still processing (e.g. a debit, or 3-D Secure in progress). */
  processIntent(id: string): Intent {
    const pi = this.intent(id);
    pi.status = 'processing';
    return pi;
  }

  /** The Payment Element saved a card on the SetupIntent. */
  completeSetup(setupId: string, card: FakeCard = { brand: 'visa', last4: '4242' }): PaymentMethod {
    const si = this.setups.get(setupId);
    if (!si) throw new Error(`fake Stripe: no SetupIntent ${setupId}`);
    const pm = this.newMethod(card, si.customer);
    si.payment_method = pm.id;
    si.status = 'succeeded';
    return pm;
  }

  // ───────────────────────────── webhook events ─────────────────────────────

  /** An Event as Stripe sends it, with `object` snapshotted now. */
  event(type: string, object: unknown, id = rid('evt')): Stripe.Event {
    return {
      id,
      object: 'event',
      api_version: '2026-10-28.endive',
      created: nowS(),
      type,
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    } as unknown as Stripe.Event;
  }

  /** `payment_intent.<what>` for the intent as it is now. */
  intentEvent(what: 'succeeded' | 'payment_failed' | 'canceled' | 'processing', intentId: string): Stripe.Event {
    return this.event(`payment_intent.${what}`, this.intent(intentId));
  }

  /** `charge.refunded` for the intent's charge, with its refunds embedded (as older API versions did). */
  chargeRefundedEvent(intentId: string, opts: { embed?: boolean } = {}): Stripe.Event {
    const pi = this.intent(intentId);
    const charge = this.charges.get(pi.latest_charge ?? '');
    if (!charge) throw new Error(`fake Stripe: ${intentId} has no charge`);
    const refunds = [...this.refunds.values()].filter((r) => r.charge === charge.id);
    return this.event(
      'charge.refunded',
      opts.embed === false
        ? charge
        : { ...charge, refunds: { object: 'list', data: refunds, has_more: false, url: '/v1/refunds' } },
    );
  }

  /** `charge.dispute.created` on the intent's charge. */
  disputeEvent(intentId: string, opts: { amount?: number; reason?: string } = {}): Stripe.Event {
    const pi = this.intent(intentId);
    return this.event('charge.dispute.created', {
      id: rid('dp'),
      object: 'dispute',
      amount: opts.amount ?? pi.amount,
      currency: pi.currency,
      charge: pi.latest_charge,
      payment_intent: pi.id,
      reason: opts.reason ?? 'fraudulent',
      status: 'needs_response',
      created: nowS(),
    });
  }

  /** Sets a refund's status (e.g. pending → succeeded) for the next events. */
  settleRefund(refundId: string, status: 'succeeded' | 'failed' = 'succeeded') {
    const re = this.refunds.get(refundId);
    if (!re) throw new Error(`fake Stripe: no refund ${refundId}`);
    re.status = status;
    if (status === 'failed') re.failure_reason = 'expired_or_canceled_card';
    return re;
  }

  /** The body and headers of a webhook delivery, signed with the endpoint secret. */
  signedDelivery(event: Stripe.Event, secret = this.env.STRIPE_WEBHOOK_SECRET) {
    const payload = JSON.stringify(event, null, 2);
    const signature = this.sdk.webhooks.generateTestHeaderString({ payload, secret });
    return { payload, headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature } };
  }

  /** POSTs the event to `<serverUrl>/webhooks/stripe`; returns status and JSON body. */
  async deliver(serverUrl: string, event: Stripe.Event, secret?: string) {
    const { payload, headers } = this.signedDelivery(event, secret);
    const res = await fetch(`${serverUrl}/webhooks/stripe`, { method: 'POST', headers, body: payload });
    return { status: res.status, body: (await res.json()) as Json };
  }
}

/**
 * Serves `fake` over real HTTP on 127.0.0.1 (for a child process: `STRIPE_API_BASE=<url>`).
 */
export async function serveFakeStripe(fake: FakeStripe): Promise<{ url: string; close(): Promise<void> }> {
  const read = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  const server = createServer(async (req, res) => {
    const body = await read(req);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const request = new Request(`${fake.base}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body),
    });
    const response = await fake.handle(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
