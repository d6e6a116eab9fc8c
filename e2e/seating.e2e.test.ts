/**
 * Reserved seating in real Chromium (issue 7 "Tests that must pass in CI": two browsers pick the
 * same seat at the same moment: exactly one hold; the other sees it taken live). Two customers
 * in two browser contexts open the same event's seat map (built webapp, real HTTP and socket.io,
 * offline payments in TEST MODE):
 *
 * 1. a third customer holds a seat through the API: both maps show it held without a reload
 *    (the live path works, and both pages are subscribed);
 * 2. both click the same seat at the same moment: exactly one gets the hold (its seat shows
 *    "held for you", the database has one HELD row), the other sees it taken and a clear message;
 * 3. the winner checks out (Pay (test mode)); the seat turns sold in the other browser, still
 *    without a reload; the winner's ticket shows its seat; the ledger invariant holds.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { checkLedger } from '../server/src/modules/ledger/ledger.ts';
import { makeSeatingAdmin, seatEvent } from '../server/src/modules/seating/seating-fixtures.ts';
import { makeCustomer, makeEvent, signIn } from '../server/test/harness.ts';
import { browserSuite, builtClients, e2eReady } from './browser.ts';
import { signInCustomer } from './sign-in.ts';

const ready = e2eReady(builtClients('webapp'), 'the webapp is not built (pnpm build)');

(ready ? describe : describe.skip)('seat picking in two browsers', () => {
  const suite = browserSuite({ viewport: { width: 1280, height: 1000 } });

  const seatStatus = (page: Page, seatId: string) =>
    page.locator(`[data-seat-id="${seatId}"]`).getAttribute('data-status');

  it('exactly one of two simultaneous clicks holds the seat; the other sees it taken, then sold, live', async () => {
    const ev = await makeEvent(suite.deps, { startsInMinutes: 7 * 24 * 60 });
    const admin = (await signIn(suite.deps, await makeSeatingAdmin(suite.deps))).actor;
    const { seat } = await seatEvent(suite.deps, admin, ev, { rows: 4, perRow: 12 });
    const { slug } = await suite.deps.db.event.findUniqueOrThrow({ where: { id: ev.eventId }, select: { slug: true } });
    const contested = seat('Stalls B-6');
    const warmup = seat('Stalls A-1');

    const alice = await makeCustomer(suite.deps, { firstName: 'Alice', mobile: '+201088800001' });
    const bob = await makeCustomer(suite.deps, { firstName: 'Bob', mobile: '+201088800002' });
    const a = await suite.newPage();
    const b = await suite.newPage();
    await signInCustomer(a, suite.deps, alice.user.mobile!, { url: `${suite.server.url}/login?next=/events/${slug}` });
    await signInCustomer(b, suite.deps, bob.user.mobile!, { url: `${suite.server.url}/login?next=/events/${slug}` });
    for (const p of [a, b]) {
      await p.waitForURL((u) => u.pathname === `/events/${slug}`);
      await p.getByTestId('seat-map').waitFor();
      // a marker that a reload would wipe
      await p.evaluate(() => {
        (window as unknown as { __noReload: boolean }).__noReload = true;
      });
    }
    // the seats are buttons with labels
    await expect.poll(() => a.getByRole('button', { name: /^Stalls · Row B · Seat 6, Standard/ }).count()).toBe(1);

    // 1. both pages joined the seat room; a third customer's hold (real HTTP, so published through
    //    the server's socket.io) shows up in both browsers without a reload
    await a.locator('[data-testid="seat-map"][data-live="on"]').waitFor();
    await b.locator('[data-testid="seat-map"][data-live="on"]').waitFor();
    const carol = await makeCustomer(suite.deps, { firstName: 'Carol' });
    const carolToken = (await signIn(suite.deps, carol.user.id)).token;
    const heldOverHttp = await fetch(`${suite.server.url}/api/v1/events/${ev.eventId}/seats/hold/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${carolToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ seatIds: [warmup] }),
    });
    expect(heldOverHttp.status).toBe(200);
    await expect.poll(() => seatStatus(a, warmup), { timeout: 10_000 }).toBe('held');
    await expect.poll(() => seatStatus(b, warmup), { timeout: 10_000 }).toBe('held');

    // 2. both click the contested seat at the same moment
    expect(await seatStatus(a, contested)).toBe('available');
    expect(await seatStatus(b, contested)).toBe('available');
    await Promise.all([
      a.locator(`[data-seat-id="${contested}"]`).click(),
      b.locator(`[data-seat-id="${contested}"]`).click(),
    ]);
    await expect
      .poll(async () => [await seatStatus(a, contested), await seatStatus(b, contested)].sort().join(','), {
        timeout: 10_000,
      })
      .toBe('held,mine');
    const held = await suite.deps.db.eventSeat.findMany({ where: { eventId: ev.eventId, seatId: contested } });
    expect(held).toHaveLength(1);
    expect(held[0]!.status).toBe('HELD');
    const winner = held[0]!.holderId === alice.user.id ? a : b;
    const loser = winner === a ? b : a;
    expect([alice.user.id, bob.user.id]).toContain(held[0]!.holderId);
    // the loser is told clearly
    await expect
      .poll(() => loser.getByTestId('seat-notice').textContent(), { timeout: 10_000 })
      .toMatch(/Stalls · Row B · Seat 6 (was just taken by someone else|is held by someone else)/);
    await winner.getByTestId('hold-countdown').waitFor();
    expect(await winner.getByTestId('seat-selection').textContent()).toContain('Stalls · Row B · Seat 6');

    // 3. the winner checks out in test mode; the seat turns sold in the loser's browser live
    await winner.getByRole('button', { name: 'Continue to checkout' }).click();
    await winner.waitForURL(/\/checkout\//);
    await winner.getByTestId('test-mode-banner').waitFor();
    await winner.getByRole('button', { name: 'Pay (test mode)' }).click();
    await winner.waitForURL((u) => u.pathname === '/tickets');
    await expect.poll(() => seatStatus(loser, contested), { timeout: 10_000 }).toBe('sold');
    expect(await loser.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

    const ticket = await suite.deps.db.ticket.findFirstOrThrow({ where: { eventId: ev.eventId, seatId: contested } });
    await winner.goto(`${suite.server.url}/tickets/${ticket.id}`);
    expect(await winner.getByTestId('ticket-seat').textContent()).toBe('Stalls · Row B · Seat 6');
    expect(await checkLedger(suite.deps.db)).toEqual([]);
  });
});
