/**
 * Test harness: databases (in-memory PGlite, or a throwaway PostgreSQL database), app deps with
 * an adjustable clock, callers for any role, and small fixtures. Integration tests pick the
 * database from ADMIT_TEST_DB (`pglite` default; the `int-pg` project sets `postgres`).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { describe } from 'vitest';
import { hashPassword } from '../src/auth/password.ts';
import { createRateLimits } from '../src/auth/rate-limits.ts';
import { createSession, validateSessionToken } from '../src/auth/sessions.ts';
import { AdjustableClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { type Database, openDatabase } from '../src/db/connection.ts';
import type { AppDeps } from '../src/deps.ts';
import { invalidateCatalogue } from '../src/modules/events/catalogue-cache.ts';
import { newEventKeyPair } from '../src/modules/tickets/ticket-secret.ts';
import type { RealtimeMessage } from '../src/realtime/messages.ts';
import type { Actor } from '../src/trpc/context.ts';
import { createInnerContext } from '../src/trpc/context.ts';
import { createCallerFactory } from '../src/trpc/init.ts';
import { appRouter } from '../src/trpc/router.ts';

export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const inCi = process.env.CI === 'true';

async function reachable(check: () => Promise<void>, what: string): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (err) {
    if (inCi) throw new Error(`${what} is required in CI but unreachable: ${(err as Error).message}`);
    console.warn(`[skip] ${what} unreachable; its tests are skipped (they are required in CI)`);
    return false;
  }
}

export const postgresAvailable = () =>
  reachable(async () => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
    await c.connect();
    await c.end();
  }, `PostgreSQL at ${PG_ADMIN_URL}`);

export const redisAvailable = () =>
  reachable(async () => {
    const { createClient } = await import('redis');
    const c = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
    await c.connect();
    await c.quit();
  }, `Redis at ${REDIS_URL}`);

/** `describe` when the service is reachable, `describe.skip` otherwise (never skips in CI). */
export const describeIf = (ok: boolean) => (ok ? describe : describe.skip);

export type TestDbKind = 'pglite' | 'postgres';
export const testDbKind = (): TestDbKind => (process.env.ADMIT_TEST_DB === 'postgres' ? 'postgres' : 'pglite');

/** A fresh, migrated database; `close()` also drops a PostgreSQL one. */
export async function openTestDatabase(
  kind: TestDbKind = testDbKind(),
  opts: { poolSize?: number } = {},
): Promise<Database & { url?: string }> {
  if (kind === 'pglite') return openDatabase({ dataDir: 'memory://' });
  const name = `admit_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const db = await openDatabase({ url, poolSize: opts.poolSize });
  return {
    ...db,
    url,
    async close() {
      await db.close();
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export function testDeps(db: Database, env: Record<string, string> = {}): AppDeps & { clock: AdjustableClock } {
  return {
    db: db.prisma,
    clock: new AdjustableClock(),
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }),
    log: pino({ level: 'silent' }),
    limits: createRateLimits(),
  };
}

const createCaller = createCallerFactory(appRouter);

/** A caller for `actor` (null: signed out); realtime messages published go to `published`. */
export function callerFor(deps: AppDeps, actor: Actor | null, published: RealtimeMessage[] = []) {
  return createCaller(createInnerContext(deps, actor, { publish: (m) => published.push(...m) }));
}

let passwordHash: Promise<string> | undefined;
export const TEST_PASSWORD = 'correct horse 1';
const testHash = () => {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return passwordHash;
};

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`;
const uniqueMobile = () => `+2019${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

export async function signIn(
  deps: AppDeps,
  userId: string,
  eventId?: string,
): Promise<{ actor: Actor; token: string }> {
  const { token } = await createSession(deps.db, deps.clock, userId, { eventId });
  const actor = await validateSessionToken(deps.db, deps.clock, token);
  if (!actor) throw new Error('session did not validate');
  return { actor, token };
}

export async function makeCustomer(deps: AppDeps, data: { firstName?: string; mobile?: string } = {}) {
  const user = await deps.db.user.create({
    data: {
      role: 'CUSTOMER',
      status: 'ACTIVE',
      mobile: data.mobile ?? uniqueMobile(),
      passwordHash: await testHash(),
      firstName: data.firstName ?? 'Layla',
      lastName: 'Hassan',
      emergencyContact: '+201112223334',
      bloodType: 'O+',
    },
  });
  return { user, ...(await signIn(deps, user.id)) };
}

export interface EventFixture {
  organizerId: string;
  venueId: string;
  eventId: string;
  gateIds: string[];
  standardId: string;
  vipId: string;
}

/** A published event happening now at a venue with two gates, Standard and VIP categories. */
export async function makeEvent(
  deps: AppDeps,
  opts: { quota?: number; vipQuota?: number; priceMinor?: number; startsInMinutes?: number; capacity?: number } = {},
): Promise<EventFixture> {
  const u = unique();
  const organizer = await deps.db.organizer.create({
    data: { name: `Org ${u}`, slug: `org-${u}`, contactEmail: `o${u}@admit.test`, contactPhone: '+201000000099' },
  });
  const venue = await deps.db.venue.create({
    data: {
      name: `Hall ${u}`,
      address: '1 Corniche',
      city: 'Cairo',
      country: 'EG',
      timeZone: 'Africa/Cairo',
      capacity: 500,
      gates: { create: [{ name: 'Gate A' }, { name: 'Gate B' }] },
    },
    include: { gates: { orderBy: { name: 'asc' } } },
  });
  const now = deps.clock.now().getTime();
  const startsAt = new Date(now + (opts.startsInMinutes ?? -60) * 60_000);
  const { seed, publicKey } = newEventKeyPair();
  const event = await deps.db.event.create({
    data: {
      organizerId: organizer.id,
      venueId: venue.id,
      slug: `event-${u}`,
      title: `Concert ${u}`,
      description: 'An evening of music.',
      category: 'MUSIC',
      status: 'PUBLISHED',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 6 * 3600_000),
      capacity: opts.capacity ?? 400,
      signingSeed: seed,
      signingPublicKey: publicKey,
      ticketCategories: {
        create: [
          {
            name: 'Standard',
            tier: 'STANDARD',
            priceMinor: opts.priceMinor ?? 45_000,
            currency: 'EGP',
            quota: opts.quota ?? 100,
            sortOrder: 0,
          },
          {
            name: 'VIP',
            tier: 'VIP',
            priceMinor: 150_000,
            currency: 'EGP',
            quota: opts.vipQuota ?? 10,
            maxPerOrder: 4,
            sortOrder: 1,
          },
        ],
      },
    },
    include: { ticketCategories: { orderBy: { sortOrder: 'asc' } } },
  });
  // the catalogue changed: what the organizer event editor will do on save
  invalidateCatalogue();
  return {
    organizerId: organizer.id,
    venueId: venue.id,
    eventId: event.id,
    gateIds: venue.gates.map((g) => g.id),
    standardId: event.ticketCategories[0]!.id,
    vipId: event.ticketCategories[1]!.id,
  };
}

export async function makeUsher(deps: AppDeps, eventId: string, gateId: string | null, organizerId: string) {
  const user = await deps.db.user.create({
    data: {
      role: 'USHER',
      username: `usher.${unique()}`,
      passwordHash: await testHash(),
      firstName: 'Omar',
      lastName: 'Nabil',
      organizerId,
      usherAssignments: { create: { eventId, gateId } },
    },
  });
  return { user, ...(await signIn(deps, user.id, eventId)) };
}

/**
 * Books `quantity` tickets of one category (Standard unless `ticketCategoryId`) for the customer
 * through `customer.tickets.book`: a PENDING order holding the seats, not paid.
 */
export function bookOrder(
  deps: AppDeps,
  customer: Actor,
  ev: EventFixture,
  quantity = 2,
  ticketCategoryId = ev.standardId,
) {
  return callerFor(deps, customer).customer.tickets.book({ eventId: ev.eventId, ticketCategoryId, quantity });
}

/**
 * Books and pays an order the way the checkout does (`customer.payments.process`, then `confirm`,
 * with the deps' payment provider, offline unless set): returns the PAID order and its payment id.
 */
export async function buyOrder(
  deps: AppDeps,
  customer: Actor,
  ev: EventFixture,
  quantity = 2,
  ticketCategoryId = ev.standardId,
) {
  const api = callerFor(deps, customer);
  const order = await bookOrder(deps, customer, ev, quantity, ticketCategoryId);
  const intent = await api.customer.payments.process({ orderId: order.id });
  await api.customer.payments.confirm({ paymentId: intent.paymentId });
  return { order, paymentId: intent.paymentId };
}

/** Books and pays `quantity` Standard tickets for the customer; returns the tickets with QR text. */
export async function buyTickets(deps: AppDeps, customer: Actor, ev: EventFixture, quantity = 2) {
  const api = callerFor(deps, customer);
  await buyOrder(deps, customer, ev, quantity);
  const page = await api.customer.tickets.list({ page: 1, pageSize: 50 });
  const mine = page.items.filter((t) => t.event.id === ev.eventId);
  return Promise.all(mine.map((t) => api.customer.tickets.get({ id: t.id })));
}

/** For `*.int.test.ts`: true when the selected database is usable (PGlite always is). */
export async function integrationDbReady(): Promise<boolean> {
  return testDbKind() === 'pglite' || postgresAvailable();
}

/** The latest one-time code sent to `mobile`, read from the outbox as a user reads an SMS. */
export async function latestCode(deps: AppDeps, mobile: string): Promise<string> {
  const msg = await deps.db.outboxMessage.findFirst({ where: { recipient: mobile }, orderBy: { createdAt: 'desc' } });
  const code = msg?.body.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code sent to ${mobile}`);
  return code;
}

/** A started server on a random port with the test deps. */
export async function startTestServer(deps: AppDeps, env: Record<string, string> = {}) {
  const { buildServer } = await import('../src/http/app.ts');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  // with STRIPE_* in `env`, payments go to Stripe (the URL MSW or a stand-in answers) unless the test wired its own
  const { createStripeProvider } = await import('../src/modules/payments/stripe-provider.ts');
  const payments = deps.payments ?? (config.stripe ? createStripeProvider(config.stripe) : undefined);
  const server = await buildServer({ ...deps, config, payments, log: pino({ level: 'silent' }) });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { ...server, port, url: `http://127.0.0.1:${port}` };
}

/**
 * The ledger invariant (issue 4), asserted after every money test: every transaction balances,
 * every cached balance equals the sum of its entries, and the organizer payables and card
 * balances equal their entries (the same check as `pnpm ledger:check`).
 */
export async function expectLedgerConsistent(deps: AppDeps): Promise<void> {
  const { checkLedger } = await import('../src/modules/ledger/ledger.ts');
  const problems = await checkLedger(deps.db);
  if (problems.length > 0) throw new Error(`ledger inconsistent:\n${JSON.stringify(problems, null, 2)}`);
}
