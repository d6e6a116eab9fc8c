/**
 * Issue 6 "The usher gate app works with the network gone", server side (ADR 0014): entry
 * policies of check-in lists, refusals (not on the list, refunded, void, revoked), the result
 * screen's data, the offline sync downloads (attendees full / delta / paged, cards, revocations),
 * the idempotent upload of device-decided scans and its conflict rule, part-time leave, incident
 * reports, and the session's binding to one event.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { TCheckInResult, TSyncAttendees, TSyncScanItem } from '@admit/shared';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buyOrder,
  buyTickets,
  callerFor,
  describeIf,
  type EventFixture,
  integrationDbReady,
  makeCustomer,
  makeEvent,
  makeUsher,
  openTestDatabase,
  testDeps,
} from '../../../test/harness.ts';
import { requestDeps } from '../../deps.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import type { Actor } from '../../trpc/context.ts';
import { setScanningEnabled } from './checkin.service.ts';

const ready = await integrationDbReady();
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const secretOf = (qr: string) => qr.split('.')[2]!;

describeIf(ready)('offline check-in (issue 6)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
  });
  afterAll(() => db?.close());

  const setPolicy = (eventId: string, entryPolicy: 'SINGLE' | 'MULTIPLE' | 'REENTRY_AFTER_EXIT') =>
    deps.db.checkInList.updateMany({ where: { eventId, isDefault: true }, data: { entryPolicy } });

  async function buyVip(customer: Actor, ev: EventFixture, quantity = 1) {
    const api = callerFor(deps, customer);
    const { order } = await buyOrder(deps, customer, ev, quantity, ev.vipId);
    const tickets = await deps.db.ticket.findMany({ where: { orderId: order.id }, select: { id: true } });
    return Promise.all(tickets.map((t) => api.customer.tickets.get({ id: t.id })));
  }

  /** A fresh event with `n` Standard tickets (one customer) and a scanning usher at Gate A. */
  async function setup(n = 2, opts: { policy?: 'SINGLE' | 'MULTIPLE' | 'REENTRY_AFTER_EXIT' } = {}) {
    const ev = await makeEvent(deps);
    if (opts.policy) await setPolicy(ev.eventId, opts.policy);
    const customer = await makeCustomer(deps, { firstName: 'Salma' });
    const tickets = n > 0 ? await buyTickets(deps, customer.actor, ev, n) : [];
    const usher = await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    const published: RealtimeMessage[] = [];
    return { ev, customer, tickets, usher, published, gate: callerFor(deps, usher.actor, published) };
  }

  const ticketRow = (id: string) =>
    deps.db.ticket.findUniqueOrThrow({ where: { id }, select: { checkedInAt: true, entries: true, inside: true } });

  it('SINGLE: admits once, exit only when inside, no re-entry; the row follows the scans', async () => {
    const { tickets, gate } = await setup(1);
    const qr = tickets[0]!.qrPayload;
    expect(await gate.usher.scan.result({ qr, direction: 'EXIT' })).toMatchObject({
      result: 'INVALID',
      reason: 'NOT_INSIDE',
    });
    const first = await gate.usher.scan.result({ qr });
    expect(first).toMatchObject({
      result: 'VALID',
      direction: 'ENTRY',
      checkInList: { name: 'Main entrance', entryPolicy: 'SINGLE' },
      attendee: { scanStatus: 'NOT_SCANNED', entries: 1, inside: true },
    });
    expect(await gate.usher.scan.result({ qr })).toMatchObject({
      result: 'ALREADY_SCANNED',
      attendee: { scanStatus: 'PREVIOUSLY_SCANNED' },
    });
    expect(await gate.usher.scan.result({ qr, direction: 'EXIT' })).toMatchObject({
      result: 'VALID',
      attendee: { inside: false },
    });
    expect((await gate.usher.scan.result({ qr })).result).toBe('ALREADY_SCANNED');
    expect(await ticketRow(tickets[0]!.id)).toEqual({ checkedInAt: first.scannedAt, entries: 1, inside: false });
  });

  it('MULTIPLE admits every time; REENTRY_AFTER_EXIT admits again only after an exit', async () => {
    const multi = await setup(1, { policy: 'MULTIPLE' });
    const m = multi.tickets[0]!.qrPayload;
    const a = await multi.gate.usher.scan.result({ qr: m });
    expect((await multi.gate.usher.scan.result({ qr: m })).result).toBe('VALID');
    expect(await ticketRow(multi.tickets[0]!.id)).toEqual({ checkedInAt: a.scannedAt, entries: 2, inside: true });

    const re = await setup(1, { policy: 'REENTRY_AFTER_EXIT' });
    const r = re.tickets[0]!.qrPayload;
    const first = await re.gate.usher.scan.result({ qr: r });
    expect(first.result).toBe('VALID');
    expect(await re.gate.usher.scan.result({ qr: r })).toMatchObject({
      result: 'ALREADY_SCANNED',
      reason: 'ALREADY_INSIDE',
    });
    expect((await re.gate.usher.scan.result({ qr: r, direction: 'EXIT' })).result).toBe('VALID');
    expect((await re.gate.usher.scan.result({ qr: r, direction: 'EXIT' })).reason).toBe('NOT_INSIDE');
    expect((await re.gate.usher.scan.result({ qr: r })).result).toBe('VALID');
    // first admission time stays; two entries; inside
    expect(await ticketRow(re.tickets[0]!.id)).toEqual({ checkedInAt: first.scannedAt, entries: 2, inside: true });

    // gate counts: admissions per gate, exits subtracted for inside; totals are distinct tickets
    const counts = re.published.filter((x) => x.event === 'gate.counts').at(-1)!.payload as {
      total: { admitted: number; inside: number };
      gates: { name: string; admitted: number; inside: number }[];
    };
    expect(counts.total).toEqual({ admitted: 1, inside: 1 });
    expect(counts.gates.find((g) => g.name === 'Gate A')).toMatchObject({ admitted: 2, inside: 1 });
  });

  it('a VIP lounge list admits only its categories, with its own re-entry state', async () => {
    const { ev, customer, tickets, gate } = await setup(1);
    const [vip] = await buyVip(customer.actor, ev);
    const lounge = await deps.db.checkInList.create({
      data: {
        eventId: ev.eventId,
        name: 'VIP lounge',
        entryPolicy: 'REENTRY_AFTER_EXIT',
        ticketCategoryIds: [ev.vipId],
      },
    });
    const host = await makeUsher(deps, ev.eventId, null, ev.organizerId);
    await deps.db.usherAssignment.updateMany({ where: { usherId: host.user.id }, data: { checkInListId: lounge.id } });
    const loungeGate = callerFor(deps, host.actor);

    // through the main entrance first (single entry there)
    expect((await gate.usher.scan.result({ qr: vip!.qrPayload })).result).toBe('VALID');
    expect(await loungeGate.usher.scan.result({ qr: tickets[0]!.qrPayload })).toMatchObject({
      result: 'INVALID',
      reason: 'NOT_ON_LIST',
      checkInList: { name: 'VIP lounge' },
    });
    expect((await loungeGate.usher.scan.result({ qr: vip!.qrPayload })).result).toBe('VALID');
    expect((await loungeGate.usher.scan.result({ qr: vip!.qrPayload })).reason).toBe('ALREADY_INSIDE');
    expect((await loungeGate.usher.scan.result({ qr: vip!.qrPayload, direction: 'EXIT' })).result).toBe('VALID');
    const back = await loungeGate.usher.scan.result({ qr: vip!.qrPayload });
    expect(back).toMatchObject({ result: 'VALID', attendee: { tier: 'VIP', entries: 2, inside: true } });
    // the venue's state (default list) is untouched by the lounge
    expect(await ticketRow(vip!.id)).toMatchObject({ entries: 1, inside: true });
    // the lounge device syncs the list and the lounge state
    const sync = await loungeGate.usher.sync.attendees({});
    expect(sync.checkInList).toMatchObject({ name: 'VIP lounge', ticketCategoryIds: [ev.vipId] });
    expect(sync.attendees.find((a) => a.ticketId === vip!.id)).toMatchObject({ entries: 2, inside: true });
  });

  it('refuses refunded, void and revoked tickets with their reason', async () => {
    const { tickets, gate } = await setup(3);
    const [refunded, voided, moved] = tickets;
    const now = deps.clock.now();
    await deps.db.ticket.update({ where: { id: refunded!.id }, data: { status: 'REFUNDED' } });
    await deps.db.ticketRevocation.create({
      data: {
        eventId: refunded!.event.id,
        ticketId: refunded!.id,
        secretHash: sha256(secretOf(refunded!.qrPayload)),
        reason: 'REFUNDED',
        revokedAt: now,
      },
    });
    await deps.db.ticket.update({ where: { id: voided!.id }, data: { status: 'VOID' } });
    // a transfer: the secret is re-issued and the old one revoked
    await deps.db.ticket.update({ where: { id: moved!.id }, data: { secret: 'abcdefghijklmnopqrstuvwy' } });
    await deps.db.ticketRevocation.create({
      data: {
        eventId: moved!.event.id,
        ticketId: moved!.id,
        secretHash: sha256(secretOf(moved!.qrPayload)),
        reason: 'TRANSFERRED',
        revokedAt: now,
      },
    });
    expect(await gate.usher.scan.result({ qr: refunded!.qrPayload })).toMatchObject({
      result: 'INVALID',
      reason: 'REFUNDED',
      message: 'This ticket was refunded.',
    });
    expect(await gate.usher.scan.result({ qr: voided!.qrPayload })).toMatchObject({
      result: 'INVALID',
      reason: 'VOID',
    });
    expect(await gate.usher.scan.result({ qr: moved!.qrPayload })).toMatchObject({
      result: 'INVALID',
      reason: 'REVOKED',
      attendee: { ticketReference: moved!.reference },
    });
    // the same verdicts when a device uploads them (offline the device refused them too)
    const up = await gate.usher.sync.logs({
      deviceId: 'gate-a-1',
      scans: tickets.map((t) => item(t.qrPayload, 'INVALID')),
    });
    expect(up.results.map((r) => [r.status, r.result, r.reason])).toEqual([
      ['APPLIED', 'INVALID', 'REFUNDED'],
      ['APPLIED', 'INVALID', 'VOID'],
      ['APPLIED', 'INVALID', 'REVOKED'],
    ]);
    expect(await deps.db.ticket.count({ where: { id: { in: tickets.map((t) => t.id) }, entries: { gt: 0 } } })).toBe(0);
  });

  it('shows the result screen: photo, card, tier, labels, dependents, emergency contact, blood type', async () => {
    const { customer, tickets, gate } = await setup(1);
    await deps.db.user.update({ where: { id: customer.user.id }, data: { photoUrl: '/img/salma.jpg' } });
    await deps.db.ticket.update({ where: { id: tickets[0]!.id }, data: { labels: ['Wheelchair access'] } });
    await deps.db.dependent.create({
      data: { customerId: customer.user.id, firstName: 'Yassin', lastName: 'Hassan', relationship: 'Son' },
    });
    await deps.db.nfcCard.create({ data: { uid: '04A1B2C3D4E5F6', customerId: customer.user.id } });
    const scan = await gate.usher.scan.result({ qr: tickets[0]!.qrPayload });
    expect(scan.attendee).toEqual({
      name: 'Salma Hassan',
      photoUrl: '/img/salma.jpg',
      ticketReference: tickets[0]!.reference,
      cardUid: '04A1B2C3D4E5F6',
      tier: 'STANDARD',
      categoryName: 'Standard',
      emergencyContact: '+201112223334',
      bloodType: 'O+',
      labels: ['Wheelchair access'],
      dependents: [{ name: 'Yassin Hassan', relationship: 'Son' }],
      ticketStatus: 'VALID',
      scanStatus: 'NOT_SCANNED',
      entries: 1,
      inside: true,
    });
    // the same through the card lookups of seed 003 Plan 5 Phase 2
    const byCard = await gate.usher.scan.attendee({ cardId: '04:a1:b2:c3:d4:e5:f6' });
    expect(byCard).toMatchObject({ wouldBe: 'ALREADY_SCANNED', attendee: { scanStatus: 'PREVIOUSLY_SCANNED' } });
    expect(await gate.usher.scan.validateCard({ cardId: '04A1B2C3D4E5F6' })).toEqual(byCard);
  });

  it('a retried online scan with the same nonce is answered, not applied twice', async () => {
    const { tickets, gate, published } = await setup(1);
    const nonce = randomUUID();
    const first = await gate.usher.scan.result({ qr: tickets[0]!.qrPayload, nonce });
    const again = await gate.usher.scan.result({ qr: tickets[0]!.qrPayload, nonce });
    expect(first).toMatchObject({ result: 'VALID', duplicate: false });
    expect(again).toMatchObject({ result: 'VALID', duplicate: true, checkInId: first.checkInId });
    expect(await deps.db.checkIn.count({ where: { ticketId: tickets[0]!.id } })).toBe(1);
    expect(published.filter((m) => m.event === 'gate.counts')).toHaveLength(1);
  });

  // ───────────── sync downloads ─────────────

  it('syncs attendees: a full snapshot in pages, then only what changed', async () => {
    const { ev, tickets, gate } = await setup(5);
    deps.clock.advance(5 * 60_000); // later than the overlap window after the tickets were written
    try {
      const pages: TSyncAttendees[] = [];
      let cursor: string | undefined;
      do {
        const page = await gate.usher.sync.attendees({ limit: 2, cursor });
        pages.push(page);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && pages.length < 10);
      expect(pages.map((p) => p.attendees.length)).toEqual([2, 2, 1]);
      expect(pages.every((p) => p.full && p.serverTime.getTime() === pages[0]!.serverTime.getTime())).toBe(true);
      const all = pages.flatMap((p) => p.attendees);
      expect(new Set(all.map((a) => a.ticketId))).toEqual(new Set(tickets.map((t) => t.id)));
      const first = pages[0]!;
      expect(first.eventId).toBe(ev.eventId);
      const key = await deps.db.event.findUniqueOrThrow({
        where: { id: ev.eventId },
        select: { signingPublicKey: true },
      });
      expect(first.publicKey).toBe(Buffer.from(key.signingPublicKey).toString('base64url'));
      expect(first.checkInList).toMatchObject({ entryPolicy: 'SINGLE', ticketCategoryIds: [] });
      for (const t of tickets) {
        const a = all.find((x) => x.ticketId === t.id)!;
        expect(a).toMatchObject({
          reference: t.reference,
          status: 'VALID',
          tier: 'STANDARD',
          secretHash: sha256(secretOf(t.qrPayload)),
        });
      }
      expect(JSON.stringify(pages)).not.toContain(secretOf(tickets[0]!.qrPayload)); // never the secret

      // a scan later: the delta since the snapshot has that ticket only
      deps.clock.advance(2 * 60_000);
      await gate.usher.scan.result({ qr: tickets[3]!.qrPayload });
      const delta = await gate.usher.sync.attendees({ since: first.serverTime });
      expect(delta.full).toBe(false);
      expect(delta.attendees.map((a) => [a.ticketId, a.entries, a.inside])).toEqual([[tickets[3]!.id, 1, true]]);
      await expect(gate.usher.sync.attendees({ cursor: 'forged' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    } finally {
      deps.clock.reset();
    }
  });

  it('syncs revocations and cards, and their deltas', async () => {
    const { ev, customer, tickets, gate } = await setup(2);
    await deps.db.nfcCard.create({ data: { uid: '04B1B2C3D4E5F6', customerId: customer.user.id } });
    const t0 = deps.clock.now();
    await deps.db.ticketRevocation.create({
      data: {
        eventId: ev.eventId,
        ticketId: tickets[0]!.id,
        secretHash: 'a'.repeat(64),
        reason: 'TRANSFERRED',
        revokedAt: t0,
      },
    });
    const full = await gate.usher.sync.revocations({});
    expect(full.revocations).toEqual([
      { secretHash: 'a'.repeat(64), ticketId: tickets[0]!.id, reason: 'TRANSFERRED', revokedAt: t0 },
    ]);
    deps.clock.advance(5 * 60_000);
    try {
      const later = deps.clock.now();
      await deps.db.ticketRevocation.create({
        data: {
          eventId: ev.eventId,
          ticketId: tickets[1]!.id,
          secretHash: 'b'.repeat(64),
          reason: 'REFUNDED',
          revokedAt: later,
        },
      });
      const delta = await gate.usher.sync.revocations({ since: new Date(t0.getTime() + 2 * 60_000) });
      expect(delta.revocations.map((r) => r.secretHash)).toEqual(['b'.repeat(64)]);
      const cards = await gate.usher.sync.cards({});
      expect(cards.cards).toEqual([
        {
          uid: '04B1B2C3D4E5F6',
          status: 'ACTIVE',
          holderName: 'Salma Hassan',
          ticketIds: expect.arrayContaining(tickets.map((t) => t.id)),
          updatedAt: expect.any(Date),
        },
      ]);
      expect((await gate.usher.sync.cards({ since: deps.clock.now() })).cards).toEqual([]);
      const status = await gate.usher.sync.status({ deviceId: 'nobody' });
      expect(status).toMatchObject({
        eventId: ev.eventId,
        attendees: 2,
        revocations: 2,
        deviceUploads: 0,
        lastUploadAt: null,
      });
    } finally {
      deps.clock.reset();
    }
  });

  // ───────────── upload ─────────────

  function item(code: string, offlineResult: TCheckInResult, over: Partial<TSyncScanItem> = {}): TSyncScanItem {
    return {
      nonce: randomUUID(),
      code,
      method: 'QR',
      direction: 'ENTRY',
      scannedAt: new Date(deps.clock.now().getTime() - 60_000),
      offlineResult,
      ...over,
    };
  }

  it('applies an upload once; replaying it (same nonces) changes nothing', async () => {
    const { ev, tickets, gate, published } = await setup(4);
    const scans = [
      item(tickets[0]!.qrPayload, 'VALID'),
      item(tickets[1]!.qrPayload, 'VALID'),
      item(tickets[1]!.qrPayload, 'ALREADY_SCANNED', { scannedAt: new Date(deps.clock.now().getTime() - 30_000) }),
      item('04CCCCCCCCCCCC', 'NOT_FOUND', { method: 'NFC' }),
      item(tickets[2]!.qrPayload, 'VALID', { scannedAt: new Date(deps.clock.now().getTime() + 3_600_000) }),
    ];
    const first = await gate.usher.sync.logs({ deviceId: 'gate-a-2', scans });
    expect(first.results.map((r) => [r.status, r.result, r.conflict])).toEqual([
      ['APPLIED', 'VALID', false],
      ['APPLIED', 'VALID', false],
      ['APPLIED', 'ALREADY_SCANNED', false],
      ['APPLIED', 'NOT_FOUND', false],
      ['APPLIED', 'VALID', false],
    ]);
    // one gate.counts for the batch
    expect(published.filter((m) => m.event === 'gate.counts')).toHaveLength(1);
    expect(published.at(-1)!.payload).toMatchObject({ total: { admitted: 3, inside: 3 } });
    const stored = await deps.db.checkIn.findMany({ where: { eventId: ev.eventId }, orderBy: { id: 'asc' } });
    expect(stored).toHaveLength(5);
    expect(stored.every((c) => c.offline && c.deviceId === 'gate-a-2')).toBe(true);
    // the device's scan time is kept, a clock far ahead is clamped to server time + 5 min
    const byNonce = new Map(stored.map((c) => [c.nonce, c]));
    expect(byNonce.get(scans[0]!.nonce)!.scannedAt).toEqual(scans[0]!.scannedAt);
    expect(byNonce.get(scans[4]!.nonce)!.scannedAt.getTime()).toBeLessThanOrEqual(
      first.serverTime.getTime() + 5 * 60_000,
    );
    const ticketsBefore = await deps.db.ticket.findMany({ where: { eventId: ev.eventId }, orderBy: { id: 'asc' } });

    const replay = await gate.usher.sync.logs({ deviceId: 'gate-a-2', scans });
    expect(replay.results.map((r) => r.status)).toEqual(Array(5).fill('DUPLICATE'));
    expect(replay.results.map((r) => [r.checkInId, r.result])).toEqual(
      first.results.map((r) => [r.checkInId, r.result]),
    );
    expect(await deps.db.checkIn.findMany({ where: { eventId: ev.eventId }, orderBy: { id: 'asc' } })).toEqual(stored);
    expect(await deps.db.ticket.findMany({ where: { eventId: ev.eventId }, orderBy: { id: 'asc' } })).toEqual(
      ticketsBefore,
    );
    expect(published.filter((m) => m.event === 'gate.counts')).toHaveLength(1);

    // a nonce twice in one batch is applied once; the single-scan endpoint is idempotent too
    const twice = item(tickets[3]!.qrPayload, 'VALID');
    const dup = await gate.usher.sync.logs({ deviceId: 'gate-a-2', scans: [twice, twice] });
    expect(dup.results.map((r) => r.status)).toEqual(['APPLIED', 'DUPLICATE']);
    expect(await gate.usher.scan.record({ ...twice, deviceId: 'gate-a-2' })).toMatchObject({
      status: 'DUPLICATE',
      checkInId: dup.results[0]!.checkInId,
    });
    expect(await gate.usher.sync.status({ deviceId: 'gate-a-2' })).toMatchObject({ deviceUploads: 6, conflicts: 0 });
  });

  it('two devices admitted one ticket offline: both kept, the later flagged, admitted once, alerted', async () => {
    const { ev, tickets, usher, published } = await setup(2);
    const other = await makeUsher(deps, ev.eventId, ev.gateIds[1]!, ev.organizerId);
    // what reaches the system log (WARN and above are stored as SystemLog rows)
    const lines: { level: number; msg: string; source?: string; ticketReference?: string }[] = [];
    const logged = { ...deps, log: pino({ level: 'warn' }, { write: (l: string) => lines.push(JSON.parse(l)) }) };
    const a = callerFor(logged, usher.actor, published);
    const b = callerFor(logged, other.actor, published);
    const now = deps.clock.now().getTime();
    const [t1, t2] = tickets;

    // ticket 1: A (10 min ago) uploads first; B (5 min ago) uploads later → B is the later one
    const upA = await a.usher.sync.logs({
      deviceId: 'dev-A',
      scans: [item(t1!.qrPayload, 'VALID', { scannedAt: new Date(now - 10 * 60_000) })],
    });
    const upB = await b.usher.sync.logs({
      deviceId: 'dev-B',
      scans: [item(t1!.qrPayload, 'VALID', { scannedAt: new Date(now - 5 * 60_000) })],
    });
    expect(upB.results[0]).toMatchObject({ status: 'APPLIED', result: 'VALID', conflict: true });
    const later = await deps.db.checkIn.findUniqueOrThrow({ where: { id: upB.results[0]!.checkInId } });
    expect(later).toMatchObject({ conflict: true, conflictWithId: upA.results[0]!.checkInId, result: 'VALID' });
    expect(await ticketRow(t1!.id)).toEqual({ checkedInAt: new Date(now - 10 * 60_000), entries: 1, inside: true });

    // ticket 2: A uploads the later admission first; B's earlier one arrives after → A's is flagged
    const lateA = await a.usher.sync.logs({
      deviceId: 'dev-A',
      scans: [item(t2!.qrPayload, 'VALID', { scannedAt: new Date(now - 2 * 60_000) })],
    });
    const earlyB = await b.usher.sync.logs({
      deviceId: 'dev-B',
      scans: [item(t2!.qrPayload, 'VALID', { scannedAt: new Date(now - 8 * 60_000) })],
    });
    expect(earlyB.results[0]).toMatchObject({ result: 'VALID', conflict: false });
    expect(await deps.db.checkIn.findUniqueOrThrow({ where: { id: lateA.results[0]!.checkInId } })).toMatchObject({
      conflict: true,
      conflictWithId: earlyB.results[0]!.checkInId,
    });
    expect(await ticketRow(t2!.id)).toEqual({ checkedInAt: new Date(now - 8 * 60_000), entries: 1, inside: true });
    expect(await deps.db.checkIn.count({ where: { eventId: ev.eventId } })).toBe(4); // both of each kept

    const alerts = published.filter((m) => m.event === 'checkin.conflict');
    expect(alerts.map((m) => m.room).sort()).toEqual(
      ['admins', 'admins', `event:${ev.eventId}:gates`, `event:${ev.eventId}:gates`].sort(),
    );
    expect(alerts.map((m) => m.payload)).toContainEqual({
      eventId: ev.eventId,
      ticketReference: t1!.reference,
      attendeeName: 'Salma Hassan',
      checkInId: upB.results[0]!.checkInId,
      conflictWithId: upA.results[0]!.checkInId,
      devices: ['dev-A', 'dev-B'],
      at: expect.any(String),
    });
    expect(alerts.map((m) => m.payload)).toContainEqual(
      expect.objectContaining({
        checkInId: lateA.results[0]!.checkInId,
        conflictWithId: earlyB.results[0]!.checkInId,
        devices: ['dev-B', 'dev-A'],
      }),
    );
    // counts: two tickets admitted once each, conflicts not counted at their gate
    const counts = published.filter((m) => m.event === 'gate.counts').at(-1)!.payload as {
      total: { admitted: number };
      gates: { name: string; admitted: number }[];
    };
    expect(counts.total.admitted).toBe(2);
    expect(counts.gates.reduce((n, g) => n + g.admitted, 0)).toBe(2);
    expect(await a.usher.sync.status({})).toMatchObject({ conflicts: 2 });
    const log = await a.usher.scan.log({ id: upB.results[0]!.checkInId });
    expect(log).toMatchObject({ offline: true, conflict: true, conflictWithId: upA.results[0]!.checkInId });
    expect(lines.filter((l) => l.source === 'checkin').map((l) => [l.level, l.ticketReference])).toEqual([
      [40, t1!.reference],
      [40, t2!.reference],
    ]);
  });

  it('an offline admission the list allows (MULTIPLE) is no conflict; an online scan cannot be a conflict', async () => {
    const { tickets, gate, published } = await setup(1, { policy: 'MULTIPLE' });
    await gate.usher.scan.result({ qr: tickets[0]!.qrPayload });
    const up = await gate.usher.sync.logs({ deviceId: 'dev-M', scans: [item(tickets[0]!.qrPayload, 'VALID')] });
    expect(up.results[0]).toMatchObject({ result: 'VALID', conflict: false });
    expect(await ticketRow(tickets[0]!.id)).toMatchObject({ entries: 2 });
    expect(published.filter((m) => m.event === 'checkin.conflict')).toEqual([]);
  });

  it('refuses a batch over 500 scans with a field error, writing nothing', async () => {
    const { ev, tickets, gate } = await setup(1);
    const scans = Array.from({ length: 501 }, () => item(tickets[0]!.qrPayload, 'VALID'));
    const err = await gate.usher.sync.logs({ deviceId: 'dev-X', scans }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_REQUEST' });
    const zodIssues = JSON.stringify((err as { cause?: unknown }).cause);
    expect(zodIssues).toContain('scans');
    expect(await deps.db.checkIn.count({ where: { eventId: ev.eventId } })).toBe(0);
  });

  it('binds the session to its event: another event’s usher sees none of this event', async () => {
    const mine = await setup(1);
    const theirs = await setup(1);
    const sync = await theirs.gate.usher.sync.attendees({});
    expect(sync.eventId).toBe(theirs.ev.eventId);
    expect(sync.attendees.map((a) => a.ticketId)).toEqual([theirs.tickets[0]!.id]);
    await expect(
      theirs.gate.usher.scan.attendeeForEvent({ cardId: '04AABBCCDDEEF0', eventId: mine.ev.eventId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // a code of this event uploaded at the other event is refused and changes nothing here
    const up = await theirs.gate.usher.sync.logs({
      deviceId: 'dev-T',
      scans: [item(mine.tickets[0]!.qrPayload, 'INVALID')],
    });
    expect(up.results[0]).toMatchObject({ result: 'INVALID', reason: 'WRONG_EVENT' });
    expect(await ticketRow(mine.tickets[0]!.id)).toMatchObject({ entries: 0 });
    // a nonce stored for this event cannot be replayed into the other one
    const scan = item(mine.tickets[0]!.qrPayload, 'VALID');
    await mine.gate.usher.sync.logs({ deviceId: 'dev-M2', scans: [scan] });
    await expect(theirs.gate.usher.sync.logs({ deviceId: 'dev-T', scans: [scan] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await theirs.gate.usher.scan.logs({})).items.every((l) => l.eventId === theirs.ev.eventId)).toBe(true);
  });

  // ───────────── leave, incidents, NFC, event status ─────────────

  it('part-time leave: one open at a time, end needs an open one, listed newest first', async () => {
    const { gate } = await setup(0);
    await expect(gate.usher.scan.partTimeLeave({ action: 'END' })).rejects.toMatchObject({
      cause: expect.objectContaining({ code: 'INVALID_STATE' }),
    });
    const started = await gate.usher.scan.partTimeLeave({ action: 'START', reason: 'Prayer' });
    expect(started).toMatchObject({ reason: 'Prayer', endedAt: null });
    await expect(gate.usher.scan.partTimeLeave({ action: 'START' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'You are already on leave: end it first.',
      cause: expect.objectContaining({ code: 'CONFLICT' }),
    });
    deps.clock.advance(10 * 60_000);
    try {
      const ended = await gate.usher.scan.partTimeLeave({ action: 'END' });
      expect(ended).toMatchObject({ id: started.id, durationSeconds: 600 });
      const second = await gate.usher.scan.partTimeLeave({ action: 'START' });
      const history = await gate.usher.scan.partTimeLeaveHistory({});
      expect(history.map((l) => [l.id, l.reason])).toEqual([
        [second.id, 'Break'],
        [started.id, 'Prayer'],
      ]);
    } finally {
      deps.clock.reset();
    }
  });

  it('incident reports: HIGH alerts every admin live and in the inbox; LOW does not', async () => {
    const { ev, gate, published } = await setup(0);
    const admin = await deps.db.user.create({
      data: {
        role: 'ADMIN',
        adminLevel: 'ADMIN',
        email: `ops-${randomUUID().slice(0, 8)}@admit.test`,
        firstName: 'Ops',
        lastName: 'Desk',
        passwordHash: 'x',
      },
    });
    const low = await gate.usher.scan.report({
      category: 'EQUIPMENT',
      severity: 'LOW',
      description: 'Scanner 2 is slow',
    });
    expect(low).toMatchObject({ eventId: ev.eventId, severity: 'LOW', gateId: ev.gateIds[0] });
    expect(published.filter((m) => m.room === 'admins')).toEqual([]);
    const high = await gate.usher.scan.report({
      category: 'SECURITY',
      severity: 'HIGH',
      description: 'Someone climbed the fence near Gate A',
      subjectRef: 'T-XXXX',
    });
    const live = published.filter((m) => m.event === 'incident.reported');
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({
      room: 'admins',
      payload: { reportId: high.id, severity: 'HIGH', category: 'SECURITY' },
    });
    const inbox = await deps.db.notification.findMany({ where: { userId: admin.id, kind: 'incident.reported' } });
    expect(inbox).toHaveLength(1);
    expect(published.some((m) => m.event === 'notify' && m.room === `user:${admin.id}`)).toBe(true);
    expect((await gate.usher.scan.reports({})).map((r) => r.id)).toEqual([high.id, low.id]);
    await expect(
      gate.usher.scan.report({
        category: 'OTHER',
        severity: 'LOW',
        description: 'x',
        occurredAt: new Date(deps.clock.now().getTime() + 3_600_000),
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('signs the usher out of this device', async () => {
    const { gate, usher } = await setup(0);
    expect(await gate.usher.logout({})).toEqual({ ok: true });
    expect(await deps.db.session.count({ where: { id: usher.actor.session.id } })).toBe(0);
  });

  it('serves the NFC status and test, and pushes event.status when scanning is switched', async () => {
    const { ev, customer, gate } = await setup(1);
    await deps.db.nfcCard.create({ data: { uid: '04D1D2D3D4D5D6', customerId: customer.user.id } });
    await gate.usher.scan.result({ cardUid: '04D1D2D3D4D5D6' });
    const nfc = await gate.usher.nfc.status({});
    expect(nfc).toMatchObject({ supported: true, cardsForEvent: 1, lastNfcScanAt: expect.any(Date) });
    expect((await gate.usher.nfc.test({})).ok).toBe(true);

    const d = requestDeps(deps);
    expect(await setScanningEnabled(d, ev.eventId, false)).toBe(true);
    expect(await setScanningEnabled(d, ev.eventId, false)).toBe(false); // no change, no push
    expect(d.realtime).toEqual([
      {
        room: `event:${ev.eventId}:gates`,
        event: 'event.status',
        payload: { eventId: ev.eventId, scanningEnabled: false, active: true, at: expect.any(String) },
      },
    ]);
    expect((await gate.usher.sync.status({})).scanningEnabled).toBe(false);
    expect((await gate.usher.events.status({ id: ev.eventId })).scanningEnabled).toBe(false);
  });
});
