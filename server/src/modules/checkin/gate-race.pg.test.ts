/**
 * Gate races on real PostgreSQL (a 20-connection pool): two gates scanning one ticket at the same
 * moment admit it once (online, default list: conditional UPDATE; another list: row lock), a
 * device retrying an upload while the first is still running stores each scan once, and two
 * devices uploading admissions of the same tickets at once leave each ticket admitted once with
 * exactly one flagged conflict.
 */
import { randomUUID } from 'node:crypto';
import type { TSyncScanItem } from '@admit/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  buyTickets,
  callerFor,
  describeIf,
  type EventFixture,
  makeCustomer,
  makeEvent,
  makeUsher,
  openTestDatabase,
  postgresAvailable,
  testDeps,
} from '../../../test/harness.ts';

const ready = await postgresAvailable();
const TICKETS = 20;

describeIf(ready)('gate races (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;

  beforeAll(async () => {
    db = await openTestDatabase('postgres', { poolSize: 20 });
    deps = testDeps(db);
  });
  afterAll(() => db?.close());

  async function event(): Promise<{ ev: EventFixture; qrs: string[]; ids: string[] }> {
    const ev = await makeEvent(deps);
    const qrs: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < TICKETS / 10; i++) {
      const tickets = await buyTickets(deps, (await makeCustomer(deps)).actor, ev, 10);
      qrs.push(...tickets.map((t) => t.qrPayload));
      ids.push(...tickets.map((t) => t.id));
    }
    return { ev, qrs, ids };
  }

  it('two gates scanning each ticket at once admit it once (default list and a lounge list)', async () => {
    const { ev, qrs, ids } = await event();
    const a = callerFor(deps, (await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId)).actor);
    const b = callerFor(deps, (await makeUsher(deps, ev.eventId, ev.gateIds[1]!, ev.organizerId)).actor);
    const pairs = await Promise.all(
      qrs.map((qr) => Promise.all([a.usher.scan.result({ qr }), b.usher.scan.result({ qr })])),
    );
    for (const pair of pairs) expect(pair.map((s) => s.result).sort()).toEqual(['ALREADY_SCANNED', 'VALID']);
    expect(await deps.db.ticket.count({ where: { id: { in: ids }, entries: 1, inside: true } })).toBe(TICKETS);

    const lounge = await deps.db.checkInList.create({
      data: { eventId: ev.eventId, name: 'Lounge', entryPolicy: 'REENTRY_AFTER_EXIT' },
    });
    const hosts = await Promise.all([0, 1].map(() => makeUsher(deps, ev.eventId, null, ev.organizerId)));
    await deps.db.usherAssignment.updateMany({
      where: { usherId: { in: hosts.map((h) => h.user.id) } },
      data: { checkInListId: lounge.id },
    });
    const [h1, h2] = hosts.map((h) => callerFor(deps, h.actor));
    const loungePairs = await Promise.all(
      qrs.map((qr) => Promise.all([h1!.usher.scan.result({ qr }), h2!.usher.scan.result({ qr })])),
    );
    for (const pair of loungePairs) expect(pair.map((s) => s.result).sort()).toEqual(['ALREADY_SCANNED', 'VALID']);
    expect(
      await deps.db.checkIn.count({ where: { checkInListId: lounge.id, result: 'VALID', direction: 'ENTRY' } }),
    ).toBe(TICKETS);
  });

  it('an upload retried while the first is running stores each scan once', async () => {
    const { ev, qrs, ids } = await event();
    const gate = callerFor(deps, (await makeUsher(deps, ev.eventId, ev.gateIds[0]!, ev.organizerId)).actor);
    const scannedAt = new Date(deps.clock.now().getTime() - 60_000);
    const scans: TSyncScanItem[] = qrs.map((code) => ({
      nonce: randomUUID(),
      code,
      method: 'QR',
      direction: 'ENTRY',
      scannedAt,
      offlineResult: 'VALID',
    }));
    const runs = await Promise.all([1, 2, 3].map(() => gate.usher.sync.logs({ deviceId: 'retrying', scans })));
    // every run answers every nonce with the same check-in, whichever applied it
    const ids0 = runs[0]!.results.map((r) => r.checkInId);
    for (const run of runs) expect(run.results.map((r) => r.checkInId)).toEqual(ids0);
    expect(runs.flatMap((r) => r.results).filter((r) => r.status === 'APPLIED')).toHaveLength(TICKETS);
    expect(await deps.db.checkIn.count({ where: { eventId: ev.eventId } })).toBe(TICKETS);
    expect(await deps.db.ticket.count({ where: { id: { in: ids }, entries: 1 } })).toBe(TICKETS);
  });

  it('two devices uploading admissions of the same tickets at once: admitted once, one conflict each', async () => {
    const { ev, qrs, ids } = await event();
    const devices = await Promise.all(
      [0, 1].map(async (i) =>
        callerFor(deps, (await makeUsher(deps, ev.eventId, ev.gateIds[i]!, ev.organizerId)).actor),
      ),
    );
    const now = deps.clock.now().getTime();
    await Promise.all(
      devices.map((d, i) =>
        d.usher.sync.logs({
          deviceId: `device-${i}`,
          scans: qrs.map((code, k) => ({
            nonce: randomUUID(),
            code,
            method: 'QR' as const,
            direction: 'ENTRY' as const,
            // device 0 is earlier for even tickets, device 1 for odd ones
            scannedAt: new Date(now - 60_000 - ((k + i) % 2) * 30_000),
            offlineResult: 'VALID' as const,
          })),
        }),
      ),
    );
    expect(await deps.db.ticket.count({ where: { id: { in: ids }, entries: 1 } })).toBe(TICKETS);
    const rows = await deps.db.checkIn.findMany({
      where: { eventId: ev.eventId },
      select: { id: true, ticketId: true, conflict: true, conflictWithId: true, scannedAt: true },
    });
    expect(rows).toHaveLength(2 * TICKETS);
    for (const id of ids) {
      const both = rows.filter((r) => r.ticketId === id).sort((x, y) => x.scannedAt.getTime() - y.scannedAt.getTime());
      expect(both.map((r) => r.conflict)).toEqual([false, true]); // the later one is flagged
      expect(both[1]!.conflictWithId).toBe(both[0]!.id);
    }
  });
});
