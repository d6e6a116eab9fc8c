/**
 * Refund races on real PostgreSQL through a pool (issue 4 "exactly once"): two approvers of one
 * request, the webhook and the job applying one provider outcome, event-cancellation jobs
 * running concurrently, and concurrent refunds competing for the same tickets or money. Each
 * must end with money moved once and the ledger consistent.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buyTickets,
  describeIf,
  type EventFixture,
  expectLedgerConsistent,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  postgresAvailable,
  signIn,
  TEST_PASSWORD,
  testDeps,
} from '../../../test/harness.ts';
import { hashPassword } from '../../auth/password.ts';
import type { Deps } from '../../deps.ts';
import { cancelEvent, refundCancelledOrder } from '../events/event-cancel.service.ts';
import { createOfflineProvider } from '../payments/provider.ts';
import { approveRefundRequest, createRefundRequest } from './refund-requests.service.ts';
import { applyProviderRefundUpdate, createRefund } from './refunds.service.ts';

const ready = await postgresAvailable();

describeIf(ready)('refund races on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let admins: Awaited<ReturnType<typeof signIn>>['actor'][];
  const req = (): Deps => ({ ...deps, realtime: [] });
  const upcoming = () => makeEvent(deps, { startsInMinutes: 10 * 24 * 60 });
  const orderOf = async (ticketId: string) =>
    deps.db.order.findFirstOrThrow({ where: { tickets: { some: { id: ticketId } } } });

  beforeAll(async () => {
    db = await openTestDatabase('postgres', { poolSize: 12 });
    deps = testDeps(db);
    const hash = await hashPassword(TEST_PASSWORD);
    admins = [];
    for (let i = 0; i < 4; i++) {
      const u = await deps.db.user.create({
        data: {
          role: 'ADMIN',
          adminLevel: 'ADMIN',
          email: `race-admin-${i}@admit.test`,
          firstName: 'Race',
          lastName: `Admin ${i}`,
          passwordHash: hash,
        },
      });
      admins.push((await signIn(deps, u.id)).actor);
    }
  });
  afterAll(() => db?.close());

  it('approvers racing on one request produce exactly one refund', async () => {
    const ev = await upcoming();
    const cust = await makeCustomer(deps);
    const [ticket] = await buyTickets(deps, cust.actor, ev, 2);
    const request = await createRefundRequest(req(), cust.actor, { id: ticket!.id, reason: 'Cannot make it' });
    const results = await Promise.allSettled(
      admins.map((a) => approveRefundRequest(req(), a, { id: request.id, note: `by ${a.user.lastName}` })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code);
    expect(ok).toHaveLength(1);
    expect(refused).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT']);
    const order = await orderOf(ticket!.id);
    expect(await deps.db.refund.count({ where: { orderId: order.id } })).toBe(1);
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ refundedMinor: 45_000 });
    expect(await deps.db.ledgerTransaction.count({ where: { orderId: order.id, kind: 'REFUND' } })).toBe(1);
    await expectLedgerConsistent(deps);
  });

  it('the webhook and the job applying the same outcome concurrently apply it once', async () => {
    const ref = `re_race_${Date.now()}`;
    deps.payments = { ...createOfflineProvider(), refund: async () => ({ refundRef: ref, state: 'pending' }) };
    try {
      const ev = await upcoming();
      const cust = await makeCustomer(deps);
      const tickets = await buyTickets(deps, cust.actor, ev, 2);
      const order = await orderOf(tickets[0]!.id);
      const refund = await createRefund(req(), { orderId: order.id, reason: 'ADMIN', applyFee: false });
      expect(refund.status).toBe('PENDING');
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          applyProviderRefundUpdate(req(), { refundRef: ref, state: i % 3 === 0 ? 'pending' : 'succeeded' }),
        ),
      );
      expect(await deps.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).toMatchObject({
        status: 'SUCCEEDED',
      });
      expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
        status: 'REFUNDED',
        refundedMinor: 90_000,
      });
      expect(await deps.db.ticketRevocation.count({ where: { ticketId: { in: tickets.map((t) => t.id) } } })).toBe(2);
      expect((await deps.db.orderLine.findFirstOrThrow({ where: { orderId: order.id } })).refundedQuantity).toBe(2);
      expect((await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } })).reserved).toBe(0);
      expect(await deps.db.notification.count({ where: { userId: cust.user.id, kind: 'refund.issued' } })).toBe(1);
      await expectLedgerConsistent(deps);
    } finally {
      deps.payments = undefined;
    }
  });

  it('concurrent refunds of the same tickets or money: one wins, nothing is refunded twice', async () => {
    const ev = await upcoming();
    const cust = await makeCustomer(deps);
    const tickets = await buyTickets(deps, cust.actor, ev, 2);
    const order = await orderOf(tickets[0]!.id);
    const same = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        createRefund(req(), { orderId: order.id, ticketIds: [tickets[0]!.id], reason: 'ADMIN', applyFee: false }),
      ),
    );
    expect(same.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // 45 000 left: five refunds of 20 000 at once can take at most two
    const money = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        createRefund(req(), { orderId: order.id, amountMinor: 20_000, reason: 'ADMIN', applyFee: false }),
      ),
    );
    expect(money.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(await deps.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: 'PAID',
      refundedMinor: 85_000,
    });
    await expectLedgerConsistent(deps);
  });

  it('event-cancellation jobs running concurrently refund each paid order once', async () => {
    const ev: EventFixture = await upcoming();
    const orders: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await makeCustomer(deps);
      const [t] = await buyTickets(deps, c.actor, ev, 2);
      orders.push((await orderOf(t!.id)).id);
    }
    await cancelEvent(req(), admins[0]!, { eventId: ev.eventId, reason: 'Storm warning' });
    await Promise.all(
      orders.flatMap((orderId) =>
        Array.from({ length: 3 }, () => refundCancelledOrder(req(), { eventId: ev.eventId, orderId })),
      ),
    );
    for (const orderId of orders) {
      expect(await deps.db.refund.count({ where: { orderId } })).toBe(1);
      expect(await deps.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({
        status: 'REFUNDED',
        refundedMinor: 90_000,
      });
    }
    expect(
      await deps.db.notification.count({
        where: {
          kind: 'event.cancelled',
          userId: { in: (await deps.db.order.findMany({ where: { id: { in: orders } } })).map((o) => o.customerId) },
        },
      }),
    ).toBe(3);
    await expectLedgerConsistent(deps);
  });
});
