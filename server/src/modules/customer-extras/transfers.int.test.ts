/**
 * Ticket transfer and gift (ADR 0020; seed 003 Plan 1 Phase 4) through `appRouter.createCaller`:
 * the accepted ticket's old QR code is refused at the gate and on the offline revocation list, the
 * new one admits; refusals for tickets that may not change hands; field errors; the lifecycle of
 * an offer (decline, cancel, expiry, one pending per ticket).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buyTickets,
  callerFor,
  describeIf,
  expectLedgerConsistent,
  integrationDbReady,
  makeCustomer,
  makeEvent,
  makeUsher,
  openTestDatabase,
  signIn,
  testDeps,
} from '../../../test/harness.ts';
import { appErrorOf } from '../../errors.ts';
import { secretHash } from '../refunds/refunds.service.ts';

const ready = await integrationDbReady();

/** The field-level details of a rejected call (AppError details), or the tRPC code. */
async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    const app = appErrorOf(err);
    return { code: (err as { code?: string }).code, appCode: app?.code, details: app?.details };
  }
  throw new Error('expected a failure');
}

describeIf(ready)('ticket transfer and gift', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
  });
  afterAll(() => db?.close());

  /** Alice holds one ticket for an event starting tomorrow (transfers are open until the start). */
  async function pair() {
    const ev = await makeEvent(deps, { startsInMinutes: 24 * 60 });
    const alice = await makeCustomer(deps, { firstName: 'Alice' });
    const bob = await makeCustomer(deps, { firstName: 'Bob' });
    const [ticket] = await buyTickets(deps, alice.actor, ev, 1);
    return { ev, alice, bob, ticket: ticket!, a: callerFor(deps, alice.actor), b: callerFor(deps, bob.actor) };
  }

  it('accepted gift: the old QR is refused at the gate and revoked offline, the new one admits', async () => {
    const { ev, alice, bob, ticket, a, b } = await pair();
    const oldQr = ticket.qrPayload;
    const oldSecret = (await deps.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).secret;

    const offer = await a.customer.tickets.gift({ id: ticket.id, mobile: bob.user.mobile!, message: 'Enjoy!' });
    expect(offer).toMatchObject({
      kind: 'GIFT',
      status: 'PENDING',
      message: 'Enjoy!',
      to: { name: 'Bob Hassan', mobile: bob.user.mobile },
    });
    // 72 h or the start, whichever is sooner: the event starts in 24 h
    expect(offer.expiresAt).toEqual((await deps.db.event.findUniqueOrThrow({ where: { id: ev.eventId } })).startsAt);
    // the recipient was notified; he sees the offer and the sender's name (his own number is not echoed)
    expect(await deps.db.notification.count({ where: { userId: bob.user.id, kind: 'ticket.transfer_offered' } })).toBe(
      1,
    );
    const incoming = await b.customer.transfers.incoming({ page: 1, pageSize: 20 });
    expect(incoming.items).toEqual([
      expect.objectContaining({
        id: offer.id,
        status: 'PENDING',
        from: { name: 'Alice Hassan' },
        to: expect.objectContaining({ mobile: null }),
      }),
    ]);
    expect((await a.customer.transfers.outgoing({ page: 1, pageSize: 20 })).items[0]?.id).toBe(offer.id);

    const before = (await deps.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).updatedAt;
    deps.clock.advance(60_000);
    const accepted = await b.customer.transfers.accept({ id: offer.id });
    expect(accepted).toMatchObject({ ticketId: ticket.id, transfer: { status: 'ACCEPTED' } });

    const row = await deps.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row).toMatchObject({ holderId: bob.user.id, attendeeName: 'Bob Hassan', status: 'VALID' });
    expect(row.secret).not.toBe(oldSecret);
    expect(row.updatedAt.getTime()).toBeGreaterThan(before.getTime());
    expect(
      await deps.db.ticketRevocation.findUniqueOrThrow({ where: { secretHash: secretHash(oldSecret) } }),
    ).toMatchObject({ ticketId: ticket.id, eventId: ev.eventId, reason: 'TRANSFERRED' });
    // Alice no longer sees it; Bob does, with a new QR
    await expect(a.customer.tickets.get({ id: ticket.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const mine = await b.customer.tickets.get({ id: ticket.id });
    expect(mine.qrPayload).not.toBe(oldQr);
    expect(mine.attendeeName).toBe('Bob Hassan');
    expect(await deps.db.notification.count({ where: { userId: alice.user.id, kind: 'ticket.transferred' } })).toBe(1);

    // the gate: the old code is refused as revoked, the new one admitted
    const usher = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    const gate = callerFor(deps, usher.actor);
    expect(await gate.usher.scan.result({ qr: oldQr })).toMatchObject({ result: 'INVALID', reason: 'REVOKED' });
    expect(await gate.usher.scan.result({ qr: mine.qrPayload })).toMatchObject({ result: 'VALID' });
    expect(await gate.usher.scan.result({ qr: oldQr })).toMatchObject({ result: 'INVALID', reason: 'REVOKED' });

    // offline: the revocation list carries the old secret's hash (never the secret)
    const { revocations } = await gate.usher.sync.revocations({});
    expect(revocations).toContainEqual(
      expect.objectContaining({ secretHash: secretHash(oldSecret), ticketId: ticket.id, reason: 'TRANSFERRED' }),
    );
    expect(JSON.stringify(revocations)).not.toContain(oldSecret);
    await expectLedgerConsistent(deps);
  });

  it('a plain transfer works the same way and carries no message', async () => {
    const { bob, ticket, a, b } = await pair();
    const offer = await a.customer.tickets.transfer({ id: ticket.id, mobile: bob.user.mobile! });
    expect(offer).toMatchObject({ kind: 'TRANSFER', message: null, status: 'PENDING' });
    await b.customer.transfers.accept({ id: offer.id });
    expect((await deps.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).holderId).toBe(bob.user.id);
  });

  it('field errors: unknown, non-customer, disabled and own numbers; nothing is written', async () => {
    const { ev, alice, ticket, a } = await pair();
    const disabled = await makeCustomer(deps, { firstName: 'Dora' });
    await deps.db.user.update({ where: { id: disabled.user.id }, data: { status: 'DISABLED' } });
    const usher = await makeUsher(deps, ev.eventId, null, ev.organizerId);
    await deps.db.user.update({ where: { id: usher.user.id }, data: { mobile: '+201009998877' } });
    for (const mobile of ['+201009990000', '+201009998877', disabled.user.mobile!]) {
      expect(await failure(a.customer.tickets.transfer({ id: ticket.id, mobile }))).toMatchObject({
        code: 'BAD_REQUEST',
        details: { mobile: ['No active Admit customer has this number'] },
      });
    }
    expect(await failure(a.customer.tickets.gift({ id: ticket.id, mobile: alice.user.mobile! }))).toMatchObject({
      code: 'BAD_REQUEST',
      details: { mobile: ['This is your own number'] },
    });
    // zod: not E.164, message too long
    expect(await failure(a.customer.tickets.transfer({ id: ticket.id, mobile: '01001234567' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(
      await failure(a.customer.tickets.gift({ id: ticket.id, mobile: '+201009990000', message: 'x'.repeat(501) })),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await deps.db.ticketTransfer.count({ where: { ticketId: ticket.id } })).toBe(0);
  });

  it('one pending offer per ticket (CONFLICT); cancel frees it; decline keeps the ticket', async () => {
    const { alice, bob, ticket, a, b } = await pair();
    const carol = await makeCustomer(deps, { firstName: 'Carol' });
    const first = await a.customer.tickets.transfer({ id: ticket.id, mobile: bob.user.mobile! });
    expect(await failure(a.customer.tickets.gift({ id: ticket.id, mobile: carol.user.mobile! }))).toMatchObject({
      code: 'CONFLICT',
    });
    // only the recipient can answer, only the sender can cancel
    await expect(a.customer.transfers.accept({ id: first.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(b.customer.transfers.cancel({ id: first.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await a.customer.transfers.cancel({ id: first.id })).status).toBe('CANCELLED');
    await expect(b.customer.transfers.accept({ id: first.id })).rejects.toMatchObject({ code: 'CONFLICT' });

    const second = await a.customer.tickets.gift({ id: ticket.id, mobile: carol.user.mobile! });
    const c = callerFor(deps, carol.actor);
    expect((await c.customer.transfers.decline({ id: second.id })).status).toBe('DECLINED');
    expect(
      await deps.db.notification.count({ where: { userId: alice.user.id, kind: 'ticket.transfer_declined' } }),
    ).toBe(1);
    const row = await deps.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row.holderId).toBe(alice.user.id);
    expect(await deps.db.ticketRevocation.count({ where: { ticketId: ticket.id } })).toBe(0);
  });

  it('an offer lapses after 72 h (or at the start) and a new one can be made', async () => {
    const later = await makeEvent(deps, { startsInMinutes: 10 * 24 * 60 });
    const alice = await makeCustomer(deps);
    const bob = await makeCustomer(deps);
    const [ticket] = await buyTickets(deps, alice.actor, later, 1);
    const a = callerFor(deps, alice.actor);
    const b = callerFor(deps, bob.actor);
    const offer = await a.customer.tickets.transfer({ id: ticket!.id, mobile: bob.user.mobile! });
    expect(Math.abs(offer.expiresAt.getTime() - deps.clock.now().getTime() - 72 * 3600_000)).toBeLessThan(5_000);
    deps.clock.advance(72 * 3600_000 + 1);
    expect((await b.customer.transfers.incoming({ page: 1, pageSize: 5, status: 'EXPIRED' })).items[0]).toMatchObject({
      id: offer.id,
      status: 'EXPIRED',
    });
    expect(await failure(b.customer.transfers.accept({ id: offer.id }))).toMatchObject({ code: 'CONFLICT' });
    const again = await a.customer.tickets.transfer({ id: ticket!.id, mobile: bob.user.mobile! });
    expect(await deps.db.ticketTransfer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({
      status: 'EXPIRED',
    });
    await b.customer.transfers.accept({ id: again.id });
    expect((await deps.db.ticket.findUniqueOrThrow({ where: { id: ticket!.id } })).holderId).toBe(bob.user.id);
  });

  describe('tickets that may not change hands', () => {
    it('refuses scanned, refunded and void tickets, pending refunds and started events', async () => {
      const { bob, ticket, a } = await pair();
      const transfer = () => a.customer.tickets.transfer({ id: ticket.id, mobile: bob.user.mobile! });

      await deps.db.ticket.update({ where: { id: ticket.id }, data: { checkedInAt: deps.clock.now(), entries: 1 } });
      expect(await failure(transfer())).toMatchObject({ code: 'CONFLICT', appCode: 'INVALID_STATE' });
      await deps.db.ticket.update({ where: { id: ticket.id }, data: { checkedInAt: null, entries: 0 } });

      for (const status of ['REFUNDED', 'VOID'] as const) {
        await deps.db.ticket.update({ where: { id: ticket.id }, data: { status } });
        expect(await failure(transfer())).toMatchObject({ appCode: 'INVALID_STATE' });
      }
      await deps.db.ticket.update({ where: { id: ticket.id }, data: { status: 'VALID' } });

      const row = await deps.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
      const request = await deps.db.refundRequest.create({
        data: {
          orderId: row.orderId,
          customerId: row.holderId,
          ticketIds: [ticket.id],
          eventId: row.eventId,
          reason: 'Cannot come',
          amountMinor: 45_000,
          currency: 'EGP',
        },
      });
      expect(await failure(transfer())).toMatchObject({ appCode: 'INVALID_STATE' });
      await a.customer.refundRequests.withdraw({ id: request.id });

      // a pending offer whose ticket was scanned meanwhile cannot be accepted
      const offer = await transfer();
      await deps.db.ticket.update({ where: { id: ticket.id }, data: { checkedInAt: deps.clock.now(), entries: 1 } });
      const b = callerFor(deps, bob.actor);
      expect(await failure(b.customer.transfers.accept({ id: offer.id }))).toMatchObject({ appCode: 'INVALID_STATE' });
      expect(await deps.db.ticketTransfer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({
        status: 'PENDING',
      });
      expect((await deps.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).holderId).not.toBe(bob.user.id);
      await a.customer.transfers.cancel({ id: offer.id });

      const started = await makeEvent(deps); // started an hour ago
      const [old] = await buyTickets(deps, bob.actor, started, 1);
      expect(
        await failure(b.customer.tickets.transfer({ id: old!.id, mobile: (await makeCustomer(deps)).user.mobile! })),
      ).toMatchObject({ appCode: 'INVALID_STATE' });
    });

    it('a refund request cannot refund a ticket given away since it was made', async () => {
      // the race ADR 0020 names: the request and an accepted transfer commit side by side (the
      // accept did not see the request yet) — approving must not refund the buyer and revoke the
      // recipient's ticket
      const { ev, alice, bob, ticket, a } = await pair();
      await deps.db.event.update({ where: { id: ev.eventId }, data: { refundCutoffHours: 0 } });
      const request = await a.customer.tickets.refundRequest({ id: ticket.id, reason: 'Cannot come' });
      await deps.db.ticket.update({ where: { id: ticket.id }, data: { holderId: bob.user.id } });
      const staff = await deps.db.user.create({
        data: {
          role: 'ADMIN',
          email: `transfer-refund-${ticket.id.slice(0, 8)}@admit.test`,
          adminLevel: 'ADMIN',
          firstName: 'Ada',
          lastName: 'Min',
          passwordHash: 'x',
        },
      });
      const admin = callerFor(deps, (await signIn(deps, staff.id)).actor);
      expect(await failure(admin.admin.refunds.requests.approve({ id: request.id }))).toMatchObject({
        appCode: 'INVALID_STATE',
        details: { ticketIds: [ticket.id] },
      });
      expect(await deps.db.refundRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
        status: 'PENDING',
        refundId: null,
      });
      expect(await deps.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).toMatchObject({
        status: 'VALID',
        holderId: bob.user.id,
      });
      expect(await deps.db.refund.count({ where: { order: { customerId: alice.user.id } } })).toBe(0);
      await expectLedgerConsistent(deps);
    });

    it("another customer's ticket is NOT_FOUND", async () => {
      const { bob, ticket } = await pair();
      const b = callerFor(deps, bob.actor);
      await expect(
        b.customer.tickets.transfer({ id: ticket.id, mobile: (await makeCustomer(deps)).user.mobile! }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
