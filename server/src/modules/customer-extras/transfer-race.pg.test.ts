/**
 * Transfer races on real PostgreSQL through a pool (ADR 0020 "exactly one outcome"): the
 * recipient accepting twice at once, and the sender cancelling while the recipient accepts. Each
 * ends with one outcome: the ticket moved once with one revocation, or not at all. A negative
 * control shows the harness catches two outcomes when the decision is read-then-write.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buyTickets,
  describeIf,
  makeCustomer,
  makeEvent,
  openTestDatabase,
  postgresAvailable,
  testDeps,
} from '../../../test/harness.ts';
import type { Deps } from '../../deps.ts';
import { acceptTransfer, cancelTransfer, offerTicket } from './transfers.service.ts';

const ready = await postgresAvailable();

describeIf(ready)('transfer races on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  const req = (): Deps => ({ ...deps, realtime: [] });

  beforeAll(async () => {
    db = await openTestDatabase('postgres', { poolSize: 12 });
    deps = testDeps(db);
  });
  afterAll(() => db?.close());

  async function offered() {
    const ev = await makeEvent(deps, { startsInMinutes: 5 * 24 * 60 });
    const alice = await makeCustomer(deps, { firstName: 'Alice' });
    const bob = await makeCustomer(deps, { firstName: 'Bob' });
    const [ticket] = await buyTickets(deps, alice.actor, ev, 1);
    const offer = await offerTicket(req(), alice.actor, { id: ticket!.id, mobile: bob.user.mobile! }, 'GIFT');
    return { alice, bob, ticketId: ticket!.id, offer };
  }

  const settle = (ps: Promise<unknown>[]) =>
    Promise.allSettled(ps).then((rs) =>
      rs.map((r) => (r.status === 'fulfilled' ? 'OK' : ((r.reason as { code?: string }).code ?? String(r.reason)))),
    );

  it('the recipient accepting many times at once moves the ticket exactly once', async () => {
    for (let round = 0; round < 5; round++) {
      const { bob, ticketId, offer } = await offered();
      const outcomes = await settle(Array.from({ length: 6 }, () => acceptTransfer(req(), bob.actor, offer.id)));
      expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
      expect(outcomes.filter((o) => o !== 'OK').every((o) => o === 'INVALID_STATE')).toBe(true);
      expect(await deps.db.ticketRevocation.count({ where: { ticketId } })).toBe(1);
      expect(await deps.db.ticket.findUniqueOrThrow({ where: { id: ticketId } })).toMatchObject({
        holderId: bob.user.id,
        status: 'VALID',
      });
      expect(await deps.db.auditLog.count({ where: { action: 'ticket.transferred', targetId: ticketId } })).toBe(1);
    }
  });

  it('the sender cancelling while the recipient accepts: exactly one of them wins', async () => {
    const seen = new Set<string>();
    for (let round = 0; round < 8; round++) {
      const { alice, bob, ticketId, offer } = await offered();
      const before = await deps.db.ticket.findUniqueOrThrow({ where: { id: ticketId } });
      const [accept, cancel] = await settle([
        acceptTransfer(req(), bob.actor, offer.id),
        cancelTransfer(req(), alice.actor, offer.id),
      ]);
      expect([accept, cancel].filter((o) => o === 'OK')).toHaveLength(1);
      const transfer = await deps.db.ticketTransfer.findUniqueOrThrow({ where: { id: offer.id } });
      const ticket = await deps.db.ticket.findUniqueOrThrow({ where: { id: ticketId } });
      const revocations = await deps.db.ticketRevocation.count({ where: { ticketId } });
      if (accept === 'OK') {
        seen.add('accepted');
        expect(transfer.status).toBe('ACCEPTED');
        expect(ticket.holderId).toBe(bob.user.id);
        expect(ticket.secret).not.toBe(before.secret);
        expect(revocations).toBe(1);
      } else {
        seen.add('cancelled');
        expect(transfer.status).toBe('CANCELLED');
        expect(ticket).toMatchObject({ holderId: alice.user.id, secret: before.secret });
        expect(revocations).toBe(0);
      }
    }
    expect(seen.size).toBeGreaterThan(0);
  });

  it('negative control: a read-then-write decision lets both the cancel and the accept "win"', async () => {
    const { offer } = await offered();
    // both sides read PENDING before either writes (a barrier), then write unconditionally
    let arrived = 0;
    let release!: () => void;
    const barrier = new Promise<void>((r) => {
      release = r;
    });
    const naive = async (status: 'ACCEPTED' | 'CANCELLED') => {
      const row = await deps.db.ticketTransfer.findUniqueOrThrow({ where: { id: offer.id } });
      if (++arrived === 2) release();
      await barrier;
      if (row.status !== 'PENDING') throw new Error('INVALID_STATE');
      await deps.db.ticketTransfer.update({ where: { id: offer.id }, data: { status } });
      return status;
    };
    const outcomes = await settle([naive('ACCEPTED'), naive('CANCELLED')]);
    // the harness detects the double outcome the conditional UPDATE prevents
    expect(outcomes).toEqual(['OK', 'OK']);
  });
});
