import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  expectLedgerConsistent,
  integrationDbReady,
  makeCustomer,
  openTestDatabase,
  signIn,
  TEST_PASSWORD,
  testDeps,
} from '../../../test/harness.ts';
import { hashPassword } from '../../auth/password.ts';
import { createWorker } from '../../jobs/registry.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import type { Actor } from '../../trpc/context.ts';
import { accounts, balanceOf } from '../ledger/ledger.ts';
import { expireHolds } from '../orders/orders.service.ts';
import { raffleRefundOrderJob } from './raffle-cancel.service.ts';
import { RAFFLE_REFUND_ORDER_JOB } from './raffle-checkout.ts';

const ready = await integrationDbReady();
const describeIf = (cond: boolean) => (cond ? describe : describe.skip);
const HOUR = 3_600_000;

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: unknown) => (e instanceof TRPCError ? e.code : `THROWN:${(e as Error).message}`),
  );
const appCodeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: unknown) => ((e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message) as string,
  );

async function drain(worker: ReturnType<typeof createWorker>) {
  while ((await worker.tick()) > 0) {}
}

describeIf(ready)('raffles', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let admin: Actor;
  let support: Actor;
  let n = 0;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    const hash = await hashPassword(TEST_PASSWORD);
    const mk = async (level: 'ADMIN' | 'SUPPORT') => {
      const u = await deps.db.user.create({
        data: {
          role: 'ADMIN',
          email: `raffle-${level.toLowerCase()}@admit.test`,
          adminLevel: level,
          firstName: 'Ada',
          lastName: 'Min',
          passwordHash: hash,
        },
      });
      return (await signIn(deps, u.id)).actor;
    };
    admin = await mk('ADMIN');
    support = await mk('SUPPORT');
  });
  afterAll(() => db?.close());

  /** An OPEN raffle: sales from an hour ago to a day from now. */
  async function openRaffle(
    over: Partial<{ totalEntries: number; maxEntriesPerUser: number; price: number; hours: number }> = {},
  ) {
    const now = deps.clock.now().getTime();
    const api = callerFor(deps, admin);
    const r = await api.admin.raffles.create({
      title: `Rolex Submariner ${n++}`,
      description: 'A steel Submariner, boxed with papers.',
      prizeTitle: 'Rolex Submariner Date',
      prizeDescription: '',
      entryPriceMinor: over.price ?? 5_000,
      currency: 'egp',
      totalEntries: over.totalEntries ?? 100,
      maxEntriesPerUser: over.maxEntriesPerUser ?? 10,
      winnersCount: 1,
      opensAt: new Date(now - HOUR),
      closesAt: new Date(now + (over.hours ?? 24) * HOUR),
      drawAt: new Date(now + ((over.hours ?? 24) + 1) * HOUR),
      claimDays: 14,
    });
    return api.admin.raffles.publish({ id: r.id });
  }

  async function pay(actor: Actor, orderId: string) {
    const api = callerFor(deps, actor);
    const intent = await api.customer.payments.process({ orderId });
    await api.customer.payments.confirm({ paymentId: intent.paymentId });
  }

  it('create validates the schedule and caps; update: a draft changes anything, an open raffle only text and later times', async () => {
    const api = callerFor(deps, admin);
    const now = deps.clock.now().getTime();
    const base = {
      title: 'Porsche 911 Carrera',
      description: 'A new 911.',
      prizeTitle: 'Porsche 911',
      entryPriceMinor: 50_000,
      currency: 'EGP',
      totalEntries: 1000,
      maxEntriesPerUser: 50,
      opensAt: new Date(now),
      closesAt: new Date(now + 48 * HOUR),
      drawAt: new Date(now + 49 * HOUR),
    };
    expect(await codeOf(api.admin.raffles.create({ ...base, closesAt: new Date(now - HOUR) }))).toBe('BAD_REQUEST');
    expect(await codeOf(api.admin.raffles.create({ ...base, drawAt: new Date(now + HOUR) }))).toBe('BAD_REQUEST');
    expect(await codeOf(api.admin.raffles.create({ ...base, winnersCount: 1001 }))).toBe('BAD_REQUEST');
    expect(await codeOf(api.admin.raffles.create({ ...base, entryPriceMinor: -1 }))).toBe('BAD_REQUEST');
    expect(await codeOf(api.admin.raffles.create({ ...base, totalEntries: 0 }))).toBe('BAD_REQUEST');

    const draft = await api.admin.raffles.create(base);
    expect(draft).toMatchObject({ status: 'DRAFT', slug: 'porsche-911-carrera', entriesLeft: 1000, currency: 'EGP' });
    const edited = await api.admin.raffles.update({ id: draft.id, entryPriceMinor: 40_000, totalEntries: 500 });
    expect(edited).toMatchObject({ entryPriceMinor: 40_000, totalEntries: 500, title: 'Porsche 911 Carrera' });
    // the result is re-checked: a cap above the total is refused
    expect(await appCodeOf(api.admin.raffles.update({ id: draft.id, maxEntriesPerUser: 501 }))).toBe(
      'VALIDATION_FAILED',
    );

    await api.admin.raffles.publish({ id: draft.id });
    expect(await appCodeOf(api.admin.raffles.publish({ id: draft.id }))).toBe('INVALID_STATE');
    expect(await appCodeOf(api.admin.raffles.update({ id: draft.id, entryPriceMinor: 1 }))).toBe('INVALID_STATE');
    expect(await appCodeOf(api.admin.raffles.update({ id: draft.id, closesAt: new Date(now + 24 * HOUR) }))).toBe(
      'INVALID_STATE',
    );
    const later = await api.admin.raffles.update({
      id: draft.id,
      title: 'Porsche 911 Carrera S',
      closesAt: new Date(now + 72 * HOUR),
      drawAt: new Date(now + 73 * HOUR),
    });
    expect(later).toMatchObject({ status: 'OPEN', title: 'Porsche 911 Carrera S', entryPriceMinor: 40_000 });
    // audit trail of every admin write
    const audits = await deps.db.auditLog.findMany({ where: { targetId: draft.id }, select: { action: true } });
    expect(audits.map((a) => a.action).sort()).toEqual(
      ['raffle.created', 'raffle.published', 'raffle.updated', 'raffle.updated'].sort(),
    );
    // the publish scheduled the draw's jobs
    expect(await deps.db.job.count({ where: { key: `raffle:${draft.id}:close` } })).toBe(1);
    // public sees it; a draft is never public
    const pub = callerFor(deps, null);
    expect((await pub.public.raffles.get({ id: draft.slug })).id).toBe(draft.id);
    const other = await api.admin.raffles.create({ ...base, title: 'Draft only' });
    expect(await codeOf(pub.public.raffles.get({ id: other.id }))).toBe('NOT_FOUND');
  });

  it('buy → pay numbers entries 1..n densely, credits the raffle proceeds with no fee, and pushes entries left', async () => {
    const r = await openRaffle({ totalEntries: 20, maxEntriesPerUser: 10 });
    const alice = await makeCustomer(deps);
    const bob = await makeCustomer(deps);
    const published: RealtimeMessage[] = [];
    const a = callerFor(deps, alice.actor, published);
    const o1 = await a.customer.raffles.buy({ raffleId: r.id, quantity: 3 });
    expect(o1).toMatchObject({ status: 'PENDING', totalMinor: 15_000, currency: 'EGP' });
    expect(o1.lines[0]).toMatchObject({ kind: 'RAFFLE_ENTRY', quantity: 3 });
    expect(published).toContainEqual(
      expect.objectContaining({
        room: `raffle:${r.id}`,
        event: 'raffle.entries',
        payload: expect.objectContaining({ entriesLeft: 17 }),
      }),
    );
    const o2 = await callerFor(deps, bob.actor).customer.raffles.buy({ raffleId: r.id, quantity: 2 });
    await pay(bob.actor, o2.id);
    await pay(alice.actor, o1.id);
    const entries = await deps.db.raffleEntry.findMany({ where: { raffleId: r.id }, orderBy: { number: 'asc' } });
    expect(entries.map((e) => e.number)).toEqual([1, 2, 3, 4, 5]);
    expect(entries.slice(0, 2).every((e) => e.userId === bob.user.id && e.source === 'PAID')).toBe(true);
    expect(entries.slice(2).every((e) => e.userId === alice.user.id)).toBe(true);
    const order = await deps.db.order.findUniqueOrThrow({ where: { id: o1.id } });
    expect(order).toMatchObject({ status: 'PAID', feeMinor: 0 });
    expect(await balanceOf(deps.db, accounts.raffleProceeds(r.id, 'EGP').code)).toBe(-25_000);
    const mine = await a.customer.raffles.myEntries({ raffleId: r.id });
    expect(mine).toMatchObject({ counted: 3, remainingAllowance: 7 });
    expect(mine.entries.map((e) => e.number).sort()).toEqual([3, 4, 5]);
    const stats = await a.customer.raffles.stats({});
    expect(stats).toMatchObject({ rafflesEntered: 1, entriesPaid: 3, entriesFree: 0, wins: 0 });
    expect(stats.spent).toEqual([{ currency: 'EGP', amountMinor: 15_000 }]);
    const hist = await a.customer.raffles.history({ page: 1, pageSize: 10, sort: '-entries' });
    expect(hist.items[0]).toMatchObject({ raffleId: r.id, entries: 3, paidEntries: 3, won: false });
    expect((await callerFor(deps, null).public.raffles.get({ id: r.id })).entriesLeft).toBe(15);
    await expectLedgerConsistent(deps);
  });

  it('refuses over the per-user cap (VALIDATION_FAILED with the allowance) and over the total (SOLD_OUT with what is left)', async () => {
    const r = await openRaffle({ totalEntries: 6, maxEntriesPerUser: 4 });
    const alice = await makeCustomer(deps);
    const a = callerFor(deps, alice.actor);
    await a.customer.raffles.buy({ raffleId: r.id, quantity: 3 });
    const over = await a.customer.raffles.buy({ raffleId: r.id, quantity: 2 }).catch((e: TRPCError) => e);
    expect((over as TRPCError).cause).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { remainingAllowance: ['1'] },
    });
    const bob = callerFor(deps, (await makeCustomer(deps)).actor);
    const sold = await bob.customer.raffles.buy({ raffleId: r.id, quantity: 4 }).catch((e: TRPCError) => e);
    expect((sold as TRPCError).cause).toMatchObject({ code: 'SOLD_OUT', details: { entriesLeft: ['3'] } });
    await bob.customer.raffles.buy({ raffleId: r.id, quantity: 3 });
    const row = await deps.db.raffle.findUniqueOrThrow({ where: { id: r.id } });
    expect(row.entriesTaken).toBe(6);
  });

  it('free entry: same sequence and cap, once per 24 h per raffle', async () => {
    const r = await openRaffle({ totalEntries: 50, maxEntriesPerUser: 4, hours: 72 });
    const alice = await makeCustomer(deps);
    const a = callerFor(deps, alice.actor);
    const o = await a.customer.raffles.buy({ raffleId: r.id, quantity: 2 });
    await pay(alice.actor, o.id);
    const free = await a.customer.raffles.freeEntry({ raffleId: r.id });
    expect(free.entry.number).toBe(3);
    expect(await appCodeOf(a.customer.raffles.freeEntry({ raffleId: r.id }))).toBe('RATE_LIMITED');
    deps.clock.advance(12 * HOUR);
    expect(await appCodeOf(a.customer.raffles.freeEntry({ raffleId: r.id }))).toBe('RATE_LIMITED');
    deps.clock.advance(12 * HOUR + 1000);
    expect((await a.customer.raffles.freeEntry({ raffleId: r.id })).entry.number).toBe(4);
    // the cap (2 paid + 2 free = 4) refuses both kinds of entry
    expect(await appCodeOf(a.customer.raffles.freeEntry({ raffleId: r.id }))).toBe('VALIDATION_FAILED');
    expect(await appCodeOf(a.customer.raffles.buy({ raffleId: r.id, quantity: 1 }))).toBe('VALIDATION_FAILED');
    const p = await deps.db.raffleParticipant.findUniqueOrThrow({
      where: { raffleId_userId: { raffleId: r.id, userId: alice.user.id } },
    });
    expect(p).toMatchObject({ entries: 4, freeEntries: 2 });
    const stats = await a.customer.raffles.stats({});
    expect(stats).toMatchObject({ entriesPaid: 2, entriesFree: 2 });
    deps.clock.advance(-(24 * HOUR + 1000));
  });

  it('a lapsed hold gives the entries back to the raffle and to the buyer’s allowance', async () => {
    const r = await openRaffle({ totalEntries: 5, maxEntriesPerUser: 5 });
    const alice = await makeCustomer(deps);
    const a = callerFor(deps, alice.actor);
    await a.customer.raffles.buy({ raffleId: r.id, quantity: 5 });
    expect((await deps.db.raffle.findUniqueOrThrow({ where: { id: r.id } })).entriesTaken).toBe(5);
    deps.clock.advance((deps.config.holdMinutes + 1) * 60_000);
    expect(await expireHolds(deps, { raffleId: r.id })).toBe(1);
    expect((await deps.db.raffle.findUniqueOrThrow({ where: { id: r.id } })).entriesTaken).toBe(0);
    expect(
      (
        await deps.db.raffleParticipant.findUniqueOrThrow({
          where: { raffleId_userId: { raffleId: r.id, userId: alice.user.id } },
        })
      ).entries,
    ).toBe(0);
    // and a buyer whose order lapsed unnoticed is served: buy releases lapsed holds and retries
    await a.customer.raffles.buy({ raffleId: r.id, quantity: 5 });
    deps.clock.advance((deps.config.holdMinutes + 1) * 60_000);
    const bob = callerFor(deps, (await makeCustomer(deps)).actor);
    expect((await bob.customer.raffles.buy({ raffleId: r.id, quantity: 4 })).status).toBe('PENDING');
  });

  it('cancel with paid entries: every entry refunded exactly once (jobs run twice), raffle REFUNDED, ledger consistent', async () => {
    const r = await openRaffle({ totalEntries: 30, maxEntriesPerUser: 10 });
    const buyers = await Promise.all([makeCustomer(deps), makeCustomer(deps), makeCustomer(deps)]);
    for (const [i, b] of buyers.entries()) {
      const o = await callerFor(deps, b.actor).customer.raffles.buy({ raffleId: r.id, quantity: i + 1 });
      await pay(b.actor, o.id);
    }
    const held = await makeCustomer(deps);
    await callerFor(deps, held.actor).customer.raffles.buy({ raffleId: r.id, quantity: 2 });
    const freeUser = await makeCustomer(deps);
    await callerFor(deps, freeUser.actor).customer.raffles.freeEntry({ raffleId: r.id });

    expect(await codeOf(callerFor(deps, support).admin.raffles.cancel({ id: r.id, reason: 'Prize unavailable' }))).toBe(
      'FORBIDDEN',
    );
    const res = await callerFor(deps, admin).admin.raffles.cancel({ id: r.id, reason: 'Prize unavailable' });
    expect(res).toMatchObject({ status: 'REFUNDING', paidOrders: 3, pendingOrdersCancelled: 1 });
    expect(await appCodeOf(callerFor(deps, admin).admin.raffles.cancel({ id: r.id, reason: 'again' }))).toBe(
      'INVALID_STATE',
    );
    const jobs = await deps.db.job.findMany({
      where: { type: RAFFLE_REFUND_ORDER_JOB, key: { startsWith: `raffle-cancel:${r.id}:` } },
    });
    expect(jobs).toHaveLength(3);
    await drain(createWorker(deps));
    // run every job's work again: nothing more is refunded
    for (const j of jobs) await raffleRefundOrderJob(deps, j.payload);

    const refunds = await deps.db.refund.findMany({ where: { key: { startsWith: `raffle-cancel:${r.id}:` } } });
    expect(refunds).toHaveLength(3);
    expect(refunds.every((x) => x.status === 'SUCCEEDED' && x.reason === 'RAFFLE_CANCELLED')).toBe(true);
    expect(refunds.reduce((s, x) => s + x.amountMinor, 0)).toBe(6 * 5_000);
    const raffle = await deps.db.raffle.findUniqueOrThrow({ where: { id: r.id } });
    expect(raffle.status).toBe('REFUNDED');
    expect(await deps.db.raffleEntry.count({ where: { raffleId: r.id, status: 'VALID' } })).toBe(0);
    expect(await deps.db.raffleEntry.count({ where: { raffleId: r.id } })).toBe(7);
    const orders = await deps.db.order.findMany({ where: { lines: { some: { raffleId: r.id } } } });
    expect(orders.map((o) => o.status).sort()).toEqual(['CANCELLED', 'REFUNDED', 'REFUNDED', 'REFUNDED']);
    expect(await balanceOf(deps.db, accounts.raffleProceeds(r.id, 'EGP').code)).toBe(0);
    const notes = await deps.db.notification.count({ where: { kind: 'raffle.cancelled' } });
    expect(notes).toBeGreaterThanOrEqual(5);
    await expectLedgerConsistent(deps);
  });

  it('access: customers and anonymous callers cannot use admin procedures; support only reads', async () => {
    const c = await makeCustomer(deps);
    const r = await openRaffle();
    expect(await codeOf(callerFor(deps, c.actor).admin.raffles.list({ page: 1, pageSize: 10 }))).toBe('FORBIDDEN');
    expect(await codeOf(callerFor(deps, null).admin.raffles.get({ id: r.id }))).toBe('UNAUTHORIZED');
    expect((await callerFor(deps, support).admin.raffles.get({ id: r.id })).id).toBe(r.id);
    expect(await codeOf(callerFor(deps, support).admin.raffles.update({ id: r.id, title: 'Nope nope' }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(callerFor(deps, null).customer.raffles.buy({ raffleId: r.id, quantity: 1 }))).toBe(
      'UNAUTHORIZED',
    );
    const list = await callerFor(deps, null).public.raffles.list({ page: 1, pageSize: 100, status: 'active' });
    expect(list.items.every((x) => x.status === 'OPEN')).toBe(true);
    expect(list.items.map((x) => x.id)).toContain(r.id);
  });
});
