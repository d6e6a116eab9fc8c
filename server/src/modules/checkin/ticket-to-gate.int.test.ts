/**
 * The foundation flow through `appRouter.createCaller`: a customer registers with a one-time
 * code, books and pays, and ushers scan the tickets; every scan is recorded and gate counts
 * are published after commit.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buyTickets,
  callerFor,
  describeIf,
  type EventFixture,
  integrationDbReady,
  latestCode,
  makeCustomer,
  makeEvent,
  makeUsher,
  openTestDatabase,
  signIn,
  TEST_PASSWORD,
  testDeps,
} from '../../../test/harness.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import { newEventKeyPair, signTicketSecret } from '../tickets/ticket-secret.ts';

const ready = await integrationDbReady();

describeIf(ready)('ticket to gate', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let ev: EventFixture;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    ev = await makeEvent(deps);
  });
  afterAll(() => db?.close());

  it('registers with a code, books, pays and gets signed tickets', async () => {
    const anon = callerFor(deps, null);
    const mobile = '+201055500001';
    const challenge = await anon.auth.register({
      mobile,
      password: 'sunset-2026',
      firstName: 'Mona',
      lastName: 'Adel',
    });
    expect(challenge.sentTo).toBe('+20••••••0001');
    await expect(anon.auth.verifyOtp({ mobile, code: '000000' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const session = await anon.auth.verifyOtp({ mobile, code: await latestCode(deps, mobile) });
    expect(session.user).toMatchObject({ role: 'CUSTOMER', firstName: 'Mona' });
    expect(session.token).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{24}$/);

    // the same code cannot be used twice, and sign-in needs password + a new code
    await expect(anon.auth.login({ mobile, password: 'wrong-password' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    const login = await anon.auth.login({ mobile, password: 'sunset-2026' });
    expect(login.purpose).toBe('LOGIN');
    const again = await anon.auth.verifyLoginOtp({ mobile, code: await latestCode(deps, mobile) });
    expect(again.token).not.toBe(session.token);

    const { actor } = await signIn(deps, session.user.id);
    const me = callerFor(deps, actor);
    const order = await me.customer.tickets.book({ eventId: ev.eventId, ticketCategoryId: ev.standardId, quantity: 2 });
    expect(order).toMatchObject({ status: 'PENDING', totalMinor: 90_000, currency: 'EGP' });
    expect(order.expiresAt.getTime() - deps.clock.now().getTime()).toBeGreaterThan(14 * 60_000);

    const published: RealtimeMessage[] = [];
    const payer = callerFor(deps, actor, published);
    const intent = await payer.customer.payments.process({ orderId: order.id });
    expect(intent).toMatchObject({ provider: 'OFFLINE', testMode: true, amountMinor: 90_000 });
    // processing twice reuses the same payment (double click)
    expect((await payer.customer.payments.process({ orderId: order.id })).paymentId).toBe(intent.paymentId);
    const paid = await payer.customer.payments.confirm({ paymentId: intent.paymentId });
    expect(paid.status).toBe('PAID');
    // confirming again settles nothing twice
    await payer.customer.payments.confirm({ paymentId: intent.paymentId });
    expect(await deps.db.ticket.count({ where: { orderId: order.id } })).toBe(2);
    expect(published.filter((m) => m.event === 'notify')).toHaveLength(1);

    const tickets = await me.customer.tickets.list({ page: 1, pageSize: 10 });
    expect(tickets.total).toBe(2);
    const detail = await me.customer.tickets.get({ id: tickets.items[0]!.id });
    expect(detail.qrPayload).toMatch(/^A1\.[A-Za-z0-9_-]{22}\.[a-z2-7]+\.[A-Za-z0-9_-]{86}$/);
    const qr = await me.customer.tickets.qrCode({ id: detail.id, format: 'svg' });
    expect(qr.data).toContain('<svg');
  });

  it('admits a ticket once, then answers ALREADY_SCANNED, and publishes gate counts after commit', async () => {
    const customer = await makeCustomer(deps, { firstName: 'Karim' });
    const [t1] = await buyTickets(deps, customer.actor, ev, 1);
    const usher = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    const published: RealtimeMessage[] = [];
    const gate = callerFor(deps, usher.actor, published);

    const first = await gate.usher.scan.result({ qr: t1!.qrPayload, deviceId: 'dev-1' });
    expect(first).toMatchObject({
      result: 'VALID',
      attendee: { name: 'Karim Hassan', tier: 'STANDARD', bloodType: 'O+' },
    });
    const second = await gate.usher.scan.result({ qr: t1!.qrPayload });
    expect(second.result).toBe('ALREADY_SCANNED');
    expect(second.firstCheckedInAt).toEqual(first.firstCheckedInAt);

    const counts = published.filter((m) => m.event === 'gate.counts');
    expect(counts).toHaveLength(2);
    expect(counts[0]!.room).toBe(`event:${ev.eventId}:gates`);
    expect(counts.at(-1)!.payload).toMatchObject({ admitted: 1, gate: 'Gate A' });

    const logs = await gate.usher.scan.logs({ page: 1, pageSize: 10 });
    expect(logs.items.map((l) => l.result)).toEqual(['ALREADY_SCANNED', 'VALID']);
    expect(logs.items[0]!.codeRef).toBe(t1!.reference);
    expect(JSON.stringify(logs)).not.toContain(t1!.qrPayload.split('.')[2]); // secrets never logged
  });

  it('refuses wrong-event, forged, revoked, void and unknown codes', async () => {
    const other = await makeEvent(deps);
    const customer = await makeCustomer(deps);
    const [elsewhere] = await buyTickets(deps, customer.actor, other, 1);
    const [here, voided] = await buyTickets(deps, customer.actor, ev, 2);
    await deps.db.ticket.update({ where: { id: voided!.id }, data: { status: 'VOID' } });
    const usher = await makeUsher(deps, ev.eventId, null, ev.organizerId);
    const gate = callerFor(deps, usher.actor);

    expect(await gate.usher.scan.result({ qr: elsewhere!.qrPayload })).toMatchObject({
      result: 'INVALID',
      reason: 'WRONG_EVENT',
    });
    expect(await gate.usher.scan.result({ qr: voided!.qrPayload })).toMatchObject({
      result: 'INVALID',
      reason: 'VOID',
    });
    expect(await gate.usher.scan.result({ qr: 'hello world' })).toMatchObject({ result: 'NOT_FOUND', attendee: null });

    const [, eventB64, secret] = here!.qrPayload.split('.');
    const forged = signTicketSecret(newEventKeyPair().seed, ev.eventId, secret!);
    expect(forged.split('.')[1]).toBe(eventB64);
    expect(await gate.usher.scan.result({ qr: forged })).toMatchObject({ result: 'INVALID', reason: 'BAD_SIGNATURE' });

    await deps.db.ticket.update({ where: { id: here!.id }, data: { secret: 'abcdefghijklmnopqrstuvwx' } });
    expect(await gate.usher.scan.result({ qr: here!.qrPayload })).toMatchObject({
      result: 'INVALID',
      reason: 'REVOKED',
    });
    expect(
      await deps.db.ticket.count({
        where: { eventId: ev.eventId, checkedInAt: { not: null }, id: { in: [here!.id, voided!.id] } },
      }),
    ).toBe(0);
  });

  it('scans NFC cards: holder with a ticket is admitted once; blocked and unknown cards are refused', async () => {
    const customer = await makeCustomer(deps, { firstName: 'Nour' });
    await buyTickets(deps, customer.actor, ev, 1);
    await deps.db.nfcCard.createMany({
      data: [
        { uid: '04AABBCCDDEE01', customerId: customer.user.id },
        { uid: '04AABBCCDDEE02', customerId: customer.user.id, status: 'BLOCKED' },
      ],
    });
    const usher = await makeUsher(deps, ev.eventId, ev.gateIds[1]!, ev.organizerId);
    const gate = callerFor(deps, usher.actor);
    expect(await gate.usher.scan.verifyCard({ cardUid: '04:aa:bb:cc:dd:ee:01' })).toMatchObject({
      wouldBe: 'VALID',
      found: true,
    });
    expect(await gate.usher.scan.result({ cardUid: '04:aa:bb:cc:dd:ee:01' })).toMatchObject({
      result: 'VALID',
      attendee: { name: 'Nour Hassan', cardUid: '04AABBCCDDEE01' },
    });
    expect((await gate.usher.scan.result({ cardUid: '04AABBCCDDEE01' })).result).toBe('ALREADY_SCANNED');
    expect(await gate.usher.scan.result({ cardUid: '04AABBCCDDEE02' })).toMatchObject({
      result: 'INVALID',
      reason: 'CARD_BLOCKED',
    });
    expect(await gate.usher.scan.result({ cardUid: '04FFFFFFFFFFFF' })).toMatchObject({ result: 'NOT_FOUND' });
    const logs = await gate.usher.scan.searchLogs({ page: 1, pageSize: 10, cardId: '04AABBCCDDEE01' });
    expect(logs.total).toBe(2);
  });

  it('holds seats until they expire; expired holds return to the quota and cannot be paid', async () => {
    const small = await makeEvent(deps, { quota: 3 });
    const a = callerFor(deps, (await makeCustomer(deps)).actor);
    const b = callerFor(deps, (await makeCustomer(deps)).actor);
    const held = await a.customer.tickets.book({
      eventId: small.eventId,
      ticketCategoryId: small.standardId,
      quantity: 3,
    });
    await expect(
      b.customer.tickets.book({ eventId: small.eventId, ticketCategoryId: small.standardId, quantity: 1 }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Sold out.',
    });
    const detail = await callerFor(deps, null).public.events.get({ id: small.eventId });
    expect(detail.ticketCategories[0]).toMatchObject({ available: 0 });
    expect(detail.soldOut).toBe(false); // VIP still available

    deps.clock.advance(16 * 60_000);
    // the next booking releases the lapsed hold and gets the seat
    const order = await b.customer.tickets.book({
      eventId: small.eventId,
      ticketCategoryId: small.standardId,
      quantity: 1,
    });
    expect(order.status).toBe('PENDING');
    expect((await a.customer.orders.get({ orderId: held.id })).status).toBe('EXPIRED');
    await expect(a.customer.payments.process({ orderId: held.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    const cat = await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: small.standardId } });
    expect(cat.reserved).toBe(1);
    await b.customer.orders.cancel({ orderId: order.id });
    expect((await deps.db.ticketCategory.findUniqueOrThrow({ where: { id: small.standardId } })).reserved).toBe(0);
    deps.clock.reset();
  });

  it('keeps every role to its own procedures and its own data', async () => {
    const alice = await makeCustomer(deps);
    const bob = await makeCustomer(deps);
    const [aliceTicket] = await buyTickets(deps, alice.actor, ev, 1);
    const usher = await makeUsher(deps, ev.eventId, null, ev.organizerId);
    await expect(callerFor(deps, null).customer.tickets.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(callerFor(deps, usher.actor).customer.tickets.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(deps, alice.actor).usher.scan.result({ qr: aliceTicket!.qrPayload })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(callerFor(deps, bob.actor).customer.tickets.get({ id: aliceTicket!.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const otherEvent = await makeEvent(deps);
    await expect(callerFor(deps, usher.actor).usher.events.get({ id: otherEvent.eventId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // removing the assignment takes effect on the next call
    await deps.db.usherAssignment.deleteMany({ where: { usherId: usher.user.id } });
    await expect(callerFor(deps, usher.actor).usher.scan.logs({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('signs ushers in only for events they are assigned to', async () => {
    const usher = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    const anon = callerFor(deps, null);
    const ok = await anon.auth.usherLogin({
      eventId: ev.eventId,
      username: usher.user.username!,
      password: TEST_PASSWORD,
    });
    expect(ok.eventId).toBe(ev.eventId);
    const other = await makeEvent(deps);
    await expect(
      anon.auth.usherLogin({ eventId: other.eventId, username: usher.user.username!, password: TEST_PASSWORD }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      anon.auth.usherLogin({ eventId: ev.eventId, username: usher.user.username!, password: 'nope-nope' }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});
