/**
 * Crash safety of a payment (issue 4 "Money that is never lost or double-counted"): the real
 * server (server/src/main.ts as a child process, PostgreSQL, Stripe pointed at a local stand-in)
 * dies with SIGKILL right after Stripe reported the payment succeeded and before it wrote
 * anything (`ADMIT_FAULT=kill-after-provider-confirm`, payments/fault.ts). Reconciliation, run by
 * two "instances" at once against the same database, then finishes the order, and the restarted
 * server answers the customer's retry: the order is PAID exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeIf,
  expectLedgerConsistent,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  postgresAvailable,
  testDeps,
} from '../../../test/harness.ts';
import { FakeStripe, STRIPE_TEST_ENV, serveFakeStripe } from '../../../test/stripe-mock.ts';
import { openDatabase } from '../../db/connection.ts';
import { requestDeps } from '../../deps.ts';
import { reconcilePayments } from './reconcile.ts';
import { createStripeProvider } from './stripe-provider.ts';

const ROOT = join(import.meta.dirname, '../../../..');
const ok = await postgresAvailable();

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describeIf(ok)('a payment survives the server dying mid-confirm', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let stripe: Awaited<ReturnType<typeof serveFakeStripe>>;
  const fake = new FakeStripe();
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    stripe = await serveFakeStripe(fake);
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await stripe?.close();
    await db?.close();
  });

  /** Starts main.ts on a free port; resolves once /readyz answers 200. */
  async function startServer(extraEnv: Record<string, string> = {}) {
    const port = await freePort();
    const { REDIS_URL: _r, ADMIT_FAULT: _f, ...env } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/src/main.ts')], {
      cwd: ROOT,
      env: {
        ...env,
        ...STRIPE_TEST_ENV,
        STRIPE_API_BASE: stripe.url,
        NODE_ENV: 'test',
        DATABASE_URL: db.url!,
        PORT: String(port),
        HOST: '127.0.0.1',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (d) => {
      output += d;
    });
    child.stderr!.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    const url = `http://127.0.0.1:${port}`;
    const until = Date.now() + 30_000;
    for (;;) {
      const res = await fetch(`${url}/readyz`).catch(() => null);
      if (res?.status === 200) break;
      if (Date.now() > until || child.exitCode !== null) throw new Error(`server did not become ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return { url, child, exited, output: () => output };
  }

  it('SIGKILL after Stripe said "succeeded" writes nothing; reconciliation (twice at once) and the retry pay it once', async () => {
    const setupDeps = testDeps(db);
    const ev = await makeEvent(setupDeps, { priceMinor: 25_000, quota: 10 });
    const customer = await makeCustomer(setupDeps);
    const faulty = await startServer({ ADMIT_FAULT: 'kill-after-provider-confirm' });
    const rest = async (base: string, path: string, body: unknown) => {
      const res = await fetch(`${base}/api${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      // biome-ignore lint/suspicious/noExplicitAny: asserted field by field
      return { status: res.status, body: (await res.json()) as any };
    };

    const order = await rest(faulty.url, '/v1/tickets/book/', {
      eventId: ev.eventId,
      ticketCategoryId: ev.standardId,
      quantity: 3,
    });
    expect(order.status, faulty.output()).toBe(200);
    const intent = await rest(faulty.url, '/v1/payments/process/', { orderId: order.body.id });
    expect(intent.body).toMatchObject({ provider: 'STRIPE', clientSecret: expect.stringMatching(/^pi_/) });
    const { providerRef } = await db.prisma.payment.findUniqueOrThrow({ where: { id: intent.body.paymentId } });
    fake.succeedIntent(providerRef); // the customer's card went through in the browser

    // the confirm never gets an answer: the process is gone
    await expect(rest(faulty.url, '/v1/payments/confirm/', { paymentId: intent.body.paymentId })).rejects.toThrow();
    expect(await faulty.exited).toBe('SIGKILL');
    expect(await db.prisma.payment.findUniqueOrThrow({ where: { id: intent.body.paymentId } })).toMatchObject({
      status: 'REQUIRES_CONFIRMATION',
    });
    expect((await db.prisma.order.findUniqueOrThrow({ where: { id: order.body.id } })).status).toBe('PENDING');
    expect(await db.prisma.ticket.count({ where: { orderId: order.body.id } })).toBe(0);
    expect(await db.prisma.ledgerTransaction.count({ where: { orderId: order.body.id } })).toBe(0);

    // two instances reconcile at the same moment (two connection pools), 3 minutes later
    const second = await openDatabase({ url: db.url!, poolSize: 5 });
    try {
      const env = { ...STRIPE_TEST_ENV, STRIPE_API_BASE: stripe.url };
      const instances = [testDeps(db, env), testDeps(second, env)].map((d) => {
        d.payments = createStripeProvider(d.config.stripe!);
        d.clock.advance(3 * 60_000);
        return d;
      });
      const reports = await Promise.all(instances.map((d) => reconcilePayments(requestDeps(d))));
      expect(reports.reduce((n, r) => n + r.settled, 0)).toBeGreaterThanOrEqual(1);
      expect(reports.reduce((n, r) => n + r.errors, 0)).toBe(0);
    } finally {
      await second.close();
    }

    // the customer retries against the restarted server: the order is already paid
    const restarted = await startServer();
    const retry = await rest(restarted.url, '/v1/payments/confirm/', { paymentId: intent.body.paymentId });
    expect(retry.status, restarted.output()).toBe(200);
    expect(retry.body.status).toBe('PAID');
    // and Stripe's webhook, arriving last, changes nothing
    const delivered = await fake.deliver(restarted.url, fake.intentEvent('succeeded', providerRef));
    expect(delivered).toMatchObject({ status: 200, body: { received: true } });

    expect(await db.prisma.payment.findMany({ where: { orderId: order.body.id }, select: { status: true } })).toEqual([
      { status: 'SUCCEEDED' },
    ]);
    expect(await db.prisma.ticket.count({ where: { orderId: order.body.id } })).toBe(3);
    expect(await db.prisma.ledgerTransaction.count({ where: { orderId: order.body.id, kind: 'PAYMENT' } })).toBe(1);
    expect(await db.prisma.notification.count({ where: { userId: customer.user.id, kind: 'order.paid' } })).toBe(1);
    expect((await db.prisma.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } })).reserved).toBe(3);
    await expectLedgerConsistent(setupDeps);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
  });
});
