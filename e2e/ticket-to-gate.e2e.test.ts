/**
 * End to end in real Chromium against the started server (built SPAs, real HTTP, sockets):
 * a new customer registers (reading the one-time code from the outbox), buys 2 tickets and
 * opens one; the test decodes the QR code FROM A SCREENSHOT with jsQR and types it into the
 * usher app; the first scan shows VALID, the second ALREADY_SCANNED, and a second usher's page
 * on the same event sees the gate count change live.
 */
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type EventFixture, makeEvent, makeUsher } from '../server/test/harness.ts';
import { browserSuite, builtClients, e2eReady } from './browser.ts';
import { enterLatestCode, signInUsher } from './sign-in.ts';

const ready = e2eReady(builtClients('webapp', 'usher'), 'the portals are not built (pnpm build)');

/** Reads the QR code in a PNG screenshot. */
function decodeQr(png: Buffer): string | null {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data ?? null;
}

(ready ? describe : describe.skip)('ticket to gate in Chromium', () => {
  const suite = browserSuite();
  let ev: EventFixture;
  let ushers: { username: string }[];

  beforeAll(async () => {
    ev = await makeEvent(suite.deps, { quota: 50 });
    ushers = [];
    for (const gate of ev.gateIds)
      ushers.push({ username: (await makeUsher(suite.deps, ev.eventId, gate, ev.organizerId)).user.username! });
  });

  const usherPage = async (username: string): Promise<Page> => {
    const page = await suite.newPage();
    await signInUsher(page, suite.server.url, ev.eventId, username);
    return page;
  };

  it('registers, buys 2 tickets, and the screenshot QR scans VALID then ALREADY_SCANNED while another gate sees the count move', async () => {
    const customer = await suite.newPage({ viewport: { width: 1100, height: 1000 } });
    const mobile = '+201077700001';

    // register with the one-time code from the outbox
    await customer.goto(`${suite.server.url}/register`);
    await customer.getByLabel('First name').fill('Salma');
    await customer.getByLabel('Last name').fill('Fathy');
    await customer.getByLabel('Mobile number').fill(mobile);
    await customer.getByLabel('Password').fill('nile-nights-9');
    await customer.getByRole('button', { name: 'Create account' }).click();
    await enterLatestCode(customer, suite.deps, mobile);
    await customer.waitForURL((u) => !u.pathname.startsWith('/register'));

    // book 2 Standard tickets and pay in test mode
    const event = await suite.deps.db.event.findUniqueOrThrow({ where: { id: ev.eventId } });
    await customer.goto(`${suite.server.url}/events/${event.slug}`);
    await customer.getByLabel(/Standard/).check();
    await customer.getByLabel('Quantity').fill('2');
    await customer.getByRole('button', { name: 'Book tickets' }).click();
    await customer.waitForURL(/\/checkout\//);
    await customer.getByRole('button', { name: 'Pay (test mode)' }).click();
    await customer.waitForURL(/\/tickets$/);
    expect(await suite.deps.db.ticket.count({ where: { eventId: ev.eventId } })).toBe(2);

    // open a ticket and read its QR code from a screenshot
    await customer
      .getByTestId('ticket-row')
      .first()
      .getByRole('link', { name: /View ticket/ })
      .click();
    const qrImage = customer.getByTestId('ticket-qr');
    await qrImage.waitFor();
    await expect
      .poll(() => qrImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    const decoded = decodeQr(await qrImage.screenshot());
    expect(decoded).toMatch(/^A1\./);

    // two ushers at two gates; the second watches the live count
    const gateA = await usherPage(ushers[0]!.username);
    const gateB = await usherPage(ushers[1]!.username);
    const total = gateB.getByTestId('admitted-total');
    const before = Number(await total.textContent());

    const scan = async (code: string) => {
      await gateA.getByLabel('Ticket code or card UID').fill(code);
      await gateA.getByRole('button', { name: 'Check' }).click();
      const result = gateA.getByTestId('scan-result');
      await result.waitFor();
      const outcome = await result.getAttribute('data-result');
      await gateA.getByRole('button', { name: 'Next scan' }).click();
      await result.waitFor({ state: 'detached' });
      return outcome;
    };

    expect(await scan(decoded!)).toBe('VALID');
    await expect.poll(async () => Number(await total.textContent()), { timeout: 10_000 }).toBe(before + 1);
    expect(await scan(decoded!)).toBe('ALREADY_SCANNED');
    // the refused re-scan does not move the count
    await gateB.waitForTimeout(500);
    expect(Number(await total.textContent())).toBe(before + 1);
  });
});
