/**
 * The usher gate app with the network gone (issue 6), in real Chromium against the started
 * server (built SPAs with their service worker, real HTTP, sockets):
 *
 * (a) an usher signs in online and the app downloads the event; a ticket is voided on the server
 *     and the app syncs the revocation; then the browser goes offline. Typed codes are answered
 *     on the device — a valid ticket VALID, the voided one INVALID, one already admitted online
 *     ALREADY_SCANNED, the valid one again ALREADY_SCANNED — each with the "Offline" badge. A
 *     reload while offline is served by the service worker and the queue survives it. Back
 *     online, every offline scan reaches the server exactly once (CheckIn rows by nonce).
 * (b) two ushers (two devices) go offline and both admit the same ticket; when both are back
 *     and synced the server holds one admission and one flagged conflict, and both apps show
 *     the live `checkin.conflict` alert.
 */
import { createHash } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { buyTickets, type EventFixture, makeCustomer, makeEvent, makeUsher } from '../server/test/harness.ts';
import { browserSuite, e2eReady } from './browser.ts';
import { signInUsher } from './sign-in.ts';

const ready = e2eReady(['clients/usher/dist/sw.js'], 'the usher app is not built (pnpm --filter @admit/usher build)');

/** Runs in the page: a count, or all keys, of one store of the app's IndexedDB (opened by the app already). */
async function readStore(page: Page, eventId: string, store: string, what: 'count' | 'keys'): Promise<unknown> {
  return page.evaluate(
    async ([name, storeName, op]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(name!);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      try {
        return await new Promise((resolve, reject) => {
          const os = db.transaction(storeName!).objectStore(storeName!);
          const q = op === 'count' ? os.count() : os.getAllKeys();
          q.onsuccess = () => resolve(q.result);
          q.onerror = () => reject(q.error);
        });
      } finally {
        db.close();
      }
    },
    [`admit-gate-v1-${eventId}`, store, what],
  );
}

(ready ? describe : describe.skip)('usher gate app offline in Chromium', () => {
  const suite = browserSuite({ viewport: { width: 1100, height: 1000 } });
  const contexts: BrowserContext[] = [];

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
  });

  /** A fresh device (browser context) with the usher signed in, the app offline-ready. */
  async function device(ev: EventFixture, username: string): Promise<{ page: Page; context: BrowserContext }> {
    const page = await suite.newPage();
    const context = page.context();
    contexts.push(context);
    await signInUsher(page, suite.server.url, ev.eventId, username);
    // the offline data is downloaded and the service worker controls the page
    await page.locator('[data-testid="sync-status"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 30_000 });
    return { page, context };
  }

  /** Types a code, returns what the answer screen shows, and closes it. */
  async function scan(page: Page, code: string) {
    await page.getByLabel('Ticket code or card UID').fill(code);
    await page.getByRole('button', { name: 'Check' }).click();
    const result = page.getByTestId('scan-result');
    await result.waitFor();
    const shown = {
      result: await result.getAttribute('data-result'),
      reason: await result.getAttribute('data-reason'),
      source: await result.getAttribute('data-source'),
      offlineBadge: await page.getByTestId('offline-badge').isVisible(),
      name: (await page.getByTestId('attendee-name').count())
        ? await page.getByTestId('attendee-name').textContent()
        : null,
    };
    await page.getByRole('button', { name: 'Next scan' }).click();
    await result.waitFor({ state: 'detached' });
    return shown;
  }

  const pending = (page: Page) => page.getByTestId('sync-status').getAttribute('data-pending').then(Number);

  it('scans valid, revoked and already-scanned tickets offline, survives a reload, and uploads each scan once', async () => {
    const ev = await makeEvent(suite.deps, { quota: 50 });
    const usher = await makeUsher(suite.deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    const customer = await makeCustomer(suite.deps, { firstName: 'Nadia' });
    const [early, valid, revoked] = await buyTickets(suite.deps, customer.actor, ev, 3);

    const { page, context } = await device(ev, usher.user.username!);

    // admitted online first: the server decides
    expect(await scan(page, early!.qrPayload)).toMatchObject({
      result: 'VALID',
      source: 'server',
      offlineBadge: false,
    });

    // voided on the server; the app learns of it with its next sync
    const row = await suite.deps.db.ticket.findUniqueOrThrow({ where: { id: revoked!.id } });
    await suite.deps.db.$transaction([
      suite.deps.db.ticket.update({ where: { id: row.id }, data: { status: 'VOID' } }),
      suite.deps.db.ticketRevocation.create({
        data: {
          eventId: ev.eventId,
          ticketId: row.id,
          secretHash: createHash('sha256').update(row.secret, 'utf8').digest('hex'),
          reason: 'VOIDED',
        },
      }),
    ]);
    await page.getByTestId('sync-status').click();
    await expect.poll(() => readStore(page, ev.eventId, 'revocations', 'count'), { timeout: 20_000 }).toBe(1);

    await context.setOffline(true);
    await page.locator('[data-testid="connection-status"][data-state="offline"]').waitFor();

    expect(await scan(page, valid!.qrPayload)).toMatchObject({
      result: 'VALID',
      source: 'device',
      offlineBadge: true,
      name: valid!.attendeeName,
    });
    expect(await scan(page, revoked!.qrPayload)).toMatchObject({
      result: 'INVALID',
      source: 'device',
      offlineBadge: true,
    });
    expect(await scan(page, early!.qrPayload)).toMatchObject({
      result: 'ALREADY_SCANNED',
      source: 'device',
      offlineBadge: true,
    });
    expect(await pending(page)).toBe(3);

    // the service worker serves the app shell with the network gone; the queue is in IndexedDB
    await page.reload();
    await page.getByTestId('event-title').waitFor();
    await expect.poll(() => pending(page)).toBe(3);
    expect(await page.locator('[data-offline-session="true"]').count()).toBe(1);
    expect(await scan(page, valid!.qrPayload)).toMatchObject({ result: 'ALREADY_SCANNED', source: 'device' });

    const nonces = (await readStore(page, ev.eventId, 'queue', 'keys')) as string[];
    expect(nonces).toHaveLength(4);
    expect(await suite.deps.db.checkIn.count({ where: { nonce: { in: nonces } } })).toBe(0);

    // back online: the queue is delivered, once
    await context.setOffline(false);
    await expect.poll(() => pending(page), { timeout: 30_000 }).toBe(0);
    const stored = await suite.deps.db.checkIn.findMany({
      where: { nonce: { in: nonces } },
      select: { nonce: true, result: true, offline: true, ticketId: true },
    });
    expect(stored).toHaveLength(4);
    expect(stored.every((c) => c.offline)).toBe(true);
    expect(
      stored
        .filter((c) => c.ticketId === valid!.id)
        .map((c) => c.result)
        .sort(),
    ).toEqual(['ALREADY_SCANNED', 'VALID']);
    expect(stored.find((c) => c.ticketId === revoked!.id)?.result).toBe('INVALID');
    // nothing was applied twice: 1 online + 4 offline scans by this usher
    expect(await suite.deps.db.checkIn.count({ where: { usherId: usher.user.id } })).toBe(5);
    const admitted = await suite.deps.db.ticket.findUniqueOrThrow({ where: { id: valid!.id } });
    expect(admitted.checkedInAt).not.toBeNull();

    // a later sync does not send anything again
    await page.getByTestId('sync-status').click();
    await page.locator('[data-testid="sync-status"][data-syncing="false"]').waitFor();
    expect(await suite.deps.db.checkIn.count({ where: { usherId: usher.user.id } })).toBe(5);
  });

  it('two devices admitting one ticket offline: one admission, one flagged conflict, both see the alert live', async () => {
    const ev = await makeEvent(suite.deps, { quota: 50 });
    const gateA = await makeUsher(suite.deps, ev.eventId, ev.gateIds[0]!, ev.organizerId);
    const gateB = await makeUsher(suite.deps, ev.eventId, ev.gateIds[1]!, ev.organizerId);
    const customer = await makeCustomer(suite.deps, { firstName: 'Samir' });
    const [ticket] = await buyTickets(suite.deps, customer.actor, ev, 1);

    const a = await device(ev, gateA.user.username!);
    const b = await device(ev, gateB.user.username!);

    await a.context.setOffline(true);
    await b.context.setOffline(true);
    for (const d of [a, b]) {
      await d.page.locator('[data-testid="connection-status"][data-state="offline"]').waitFor();
      expect(await scan(d.page, ticket!.qrPayload)).toMatchObject({
        result: 'VALID',
        source: 'device',
        offlineBadge: true,
      });
      expect(await pending(d.page)).toBe(1);
    }

    // A comes back first: its admission is the first one the server sees
    await a.context.setOffline(false);
    await expect.poll(() => pending(a.page), { timeout: 30_000 }).toBe(0);
    await a.page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 30_000 });
    expect(await a.page.getByTestId('conflict-alert').count()).toBe(0);

    // then B: the server keeps both scans, flags B's, and tells every device at the event
    await b.context.setOffline(false);
    await expect.poll(() => pending(b.page), { timeout: 30_000 }).toBe(0);

    const checkIns = await suite.deps.db.checkIn.findMany({
      where: { ticketId: ticket!.id },
      select: { id: true, result: true, conflict: true, conflictWithId: true, usherId: true },
    });
    expect(checkIns).toHaveLength(2);
    const flagged = checkIns.filter((c) => c.conflict);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]?.usherId).toBe(gateB.user.id);
    expect(flagged[0]?.conflictWithId).toBe(checkIns.find((c) => !c.conflict)?.id);
    expect((await suite.deps.db.ticket.findUniqueOrThrow({ where: { id: ticket!.id } })).entries).toBe(1);

    for (const d of [a, b]) {
      const alert = d.page.getByTestId('conflict-alert');
      await alert.waitFor({ timeout: 20_000 });
      await expect.poll(() => alert.getAttribute('data-sources'), { timeout: 20_000 }).toContain('live');
      expect(await alert.textContent()).toContain(ticket!.reference);
    }
  });
});
