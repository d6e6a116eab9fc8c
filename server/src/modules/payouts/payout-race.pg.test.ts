/**
 * Payout races on real PostgreSQL (issue 4): several admins create a payout for the same event at
 * once through a 20-connection pool. With the row lock on the event's payable account exactly one
 * is created; the negative control skips the lock (keeping the window a real request has) and
 * must see duplicates, proving the test can catch the race. Marking paid twice at once posts once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  callerFor,
  describeIf,
  expectLedgerConsistent,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  postgresAvailable,
  testDeps,
} from '../../../test/harness.ts';
import type { Actor } from '../../trpc/context.ts';
import { makeAdmin, payOrder } from './books-fixtures.ts';
import { createPayout, type PayableLock } from './payouts.service.ts';

const ready = await postgresAvailable();
const ADMINS = 8;

/**
 * The bug we guard against: check for a pending payout without holding the lock. A barrier lines
 * the racers up so that they all check at the same moment (at most 1 s wait).
 */
function noLock(racers: number): PayableLock {
  let arrived = 0;
  let release = () => {};
  const all = new Promise<void>((r) => {
    release = r;
  });
  return async () => {
    if (++arrived === racers) release();
    await Promise.race([all, new Promise((r) => setTimeout(r, 1000))]);
  };
}

describeIf(ready)('payout race on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  const admins: Actor[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('postgres', { poolSize: 20 });
    deps = testDeps(db);
    for (let i = 0; i < ADMINS; i++) admins.push((await makeAdmin(deps, 'ADMIN', `race${i}@books.test`)).actor);
  });
  afterAll(() => db?.close());

  const rush = async (lock?: PayableLock) => {
    const ev = await makeEvent(deps);
    await payOrder(deps, (await makeCustomer(deps)).actor, ev, 2);
    const results = await Promise.allSettled(
      admins.map((a) => createPayout({ ...deps, realtime: [] }, a, { eventId: ev.eventId }, {}, lock)),
    );
    return {
      eventId: ev.eventId,
      created: results.filter((r) => r.status === 'fulfilled').map((r) => r.value),
      refused: results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code),
      pending: await deps.db.payout.count({ where: { eventId: ev.eventId, status: 'PENDING' } }),
    };
  };

  it('creates exactly one payout when admins race, and refuses the others as INVALID_STATE', async () => {
    const r = await rush();
    expect(r.created).toHaveLength(1);
    expect(r.pending).toBe(1);
    expect(r.refused).toEqual(Array(ADMINS - 1).fill('INVALID_STATE'));
    expect(r.created[0]!.netMinor).toBe(85_500);
    await expectLedgerConsistent(deps);
  });

  it('negative control: without the lock the race creates duplicates', async () => {
    const r = await rush(noLock(ADMINS));
    expect(r.pending).toBeGreaterThan(1);
  });

  it('posts a payout once when two admins mark it paid at the same time', async () => {
    const r = await rush();
    const id = r.created[0]!.id;
    const outcomes = await Promise.allSettled(
      admins.slice(0, 4).map((a) => callerFor(deps, a).admin.payouts.markPaid({ id })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(await deps.db.ledgerTransaction.count({ where: { payoutId: id } })).toBe(1);
    expect(await deps.db.payout.findUniqueOrThrow({ where: { id }, select: { status: true } })).toEqual({
      status: 'PAID',
    });
    await expectLedgerConsistent(deps);
  });
});
