/**
 * The refund flow end to end in real Chromium against the started server (built webapp and
 * organizer portal, real HTTP, sockets, the offline payment provider in TEST MODE; issue 4):
 * a customer buys 2 tickets, opens the order and requests a refund with a reason, seeing the
 * policy quote (ticket price, the event's fee per ticket, the amount back); the organizer signs
 * in to the organizer portal and approves the request; the customer's order page shows the
 * refund SUCCEEDED with its amount without a reload (the notification push refreshes it), and
 * the receipt PDF fetched in the page (session cookie) carries the order code and the refund.
 * Finally the ledger invariant holds (`checkLedger` finds no problem).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../server/src/modules/ledger/ledger.ts';
import { pdfText } from '../server/src/modules/receipts/pdf.ts';
import {
  buyTickets,
  callerFor,
  type EventFixture,
  makeCustomer,
  makeEvent,
  TEST_PASSWORD,
} from '../server/test/harness.ts';
import { browserSuite, builtClients, e2eReady } from './browser.ts';
import { signInCustomer, signInPortal } from './sign-in.ts';

const ready = e2eReady(builtClients('webapp', 'organizer'), 'the portals are not built (pnpm build)');

/** EGP 450.00 a ticket, EGP 25.00 kept per refunded ticket. */
const PRICE = 45_000;
const FEE = 2_500;
const money = (minor: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EGP' }).format(minor / 100);

(ready ? describe : describe.skip)('refund flow in Chromium', () => {
  const suite = browserSuite({ viewport: { width: 1200, height: 1000 } });
  let ev: EventFixture;

  beforeAll(async () => {
    // a week away: inside the default 48-hour refund window
    ev = await makeEvent(suite.deps, { quota: 50, priceMinor: PRICE, startsInMinutes: 7 * 24 * 60 });
    await suite.deps.db.event.update({ where: { id: ev.eventId }, data: { refundFeeMinor: FEE } });
  });

  /** Signs in through the portal pages: the organizer portal (mobile + password + code). */
  const organizerPage = async (mobile: string, passwordHash: string): Promise<Page> => {
    await suite.deps.db.user.create({
      data: {
        role: 'ORGANIZER',
        status: 'ACTIVE',
        mobile,
        passwordHash,
        firstName: 'Karim',
        lastName: 'Adel',
        organizerId: ev.organizerId,
      },
    });
    const page = await suite.newPage();
    await signInPortal(page, suite.deps, suite.server.url, 'organizer', mobile, TEST_PASSWORD);
    return page;
  };

  it('customer requests a refund, the organizer approves it, the customer sees it and its receipt; the books balance', async () => {
    // ── the customer signs in (password, then the code from the outbox) ──
    const { user } = await makeCustomer(suite.deps, { firstName: 'Mariam', mobile: '+201066600001' });
    const customer = await suite.newPage();
    await signInCustomer(customer, suite.deps, user.mobile!, { url: `${suite.server.url}/login` });

    // ── buys 2 Standard tickets with the offline provider (TEST MODE) ──
    const event = await suite.deps.db.event.findUniqueOrThrow({ where: { id: ev.eventId } });
    await customer.goto(`${suite.server.url}/events/${event.slug}`);
    await customer.getByLabel(/Standard/).check();
    await customer.getByLabel('Quantity').fill('2');
    await customer.getByRole('button', { name: 'Book tickets' }).click();
    await customer.waitForURL(/\/checkout\//);
    await customer.getByTestId('test-mode-banner').waitFor();
    expect(await customer.getByTestId('test-mode').textContent()).toBe('TEST MODE');
    await customer.getByTestId('hold-countdown').waitFor();
    await customer.getByRole('button', { name: 'Pay (test mode)' }).click();
    await customer.waitForURL(/\/tickets$/);
    const order = await suite.deps.db.order.findFirstOrThrow({ where: { customerId: user.id } });
    expect(order.status).toBe('PAID');

    // ── opens the order from "Orders & receipts" ──
    await customer.goto(`${suite.server.url}/orders`);
    await customer.getByRole('link', { name: `View order ${order.code}` }).click();
    await customer.waitForURL((u) => u.pathname === `/orders/${order.id}`);
    await expect.poll(() => customer.getByTestId('order-status').getAttribute('data-status')).toBe('PAID');

    // ── requests a refund: the quote follows the event's policy ──
    await customer.getByRole('button', { name: 'Request a refund' }).click();
    const dialog = customer.getByRole('dialog', { name: 'Request a refund' });
    await dialog.getByTestId('refund-quote').waitFor();
    expect(await dialog.getByTestId('refund-fee').textContent()).toBe(money(2 * FEE));
    expect(await dialog.getByTestId('refund-amount').textContent()).toBe(money(2 * (PRICE - FEE)));
    // the reason is required before anything is sent
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await expect.poll(() => dialog.getByText('Tell the organizer why').count()).toBe(1);
    expect(await suite.deps.db.refundRequest.count()).toBe(0);
    await dialog.getByLabel('Reason').fill('I cannot travel to Cairo that week.');
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await customer.getByText('Your refund request was sent to the organizer.').waitFor();
    const request = await suite.deps.db.refundRequest.findFirstOrThrow({ where: { orderId: order.id } });
    expect(request).toMatchObject({ status: 'PENDING', amountMinor: 2 * (PRICE - FEE), feeMinor: 2 * FEE });
    await expect.poll(() => customer.getByTestId('refund-request').getAttribute('data-status')).toBe('PENDING');

    // ── the organizer signs in to the organizer portal and approves it ──
    const organizer = await organizerPage('+201066600099', user.passwordHash!);
    await organizer.getByRole('link', { name: 'Refund requests' }).click();
    await organizer.waitForURL((u) => u.pathname === '/organizer/refund-requests');
    const row = organizer.locator(`[data-testid="refund-request-row"][data-order-code="${order.code}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('I cannot travel to Cairo that week.');
    await row.getByRole('button', { name: /^Approve/ }).click();
    const approve = organizer.getByRole('dialog', { name: 'Approve this refund?' });
    await approve.getByLabel('Note to the customer (optional)').fill('Sorry to miss you. Refund on its way.');
    await approve.getByRole('button', { name: 'Approve and refund' }).click();
    await expect
      .poll(() => organizer.getByTestId('decision-done').textContent())
      .toContain(`gets ${money(2 * (PRICE - FEE))} back for order ${order.code}`);
    // the pending list is empty now
    await organizer.getByText('No requests waiting for you').waitFor();

    // ── the customer's open order page shows the refund without a reload ──
    const refundRow = customer.getByTestId('refund-row');
    await expect.poll(() => refundRow.getAttribute('data-status'), { timeout: 15_000 }).toBe('SUCCEEDED');
    expect(await refundRow.getByTestId('refund-amount').textContent()).toBe(money(2 * (PRICE - FEE)));
    await expect.poll(() => customer.getByTestId('refund-request').getAttribute('data-status')).toBe('APPROVED');
    expect(await customer.getByTestId('decision-note').textContent()).toContain('Sorry to miss you.');

    // ── and downloads the receipt: a PDF with the order code and the refund ──
    const href = await customer.getByTestId('receipt-link').getAttribute('href');
    expect(href).toBe(`/api/v1/users/orders/${order.id}/receipt/`);
    const receipt = await customer.evaluate(async (path) => {
      const res = await fetch(path, { credentials: 'include' });
      const bytes = new Uint8Array(await res.arrayBuffer());
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return { status: res.status, type: res.headers.get('content-type'), base64: btoa(binary) };
    }, href!);
    expect(receipt.status).toBe(200);
    expect(receipt.type).toMatch(/^application\/pdf/);
    const pdf = Buffer.from(receipt.base64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain(order.code);
    expect(text).toContain('Refunds');
    expect(text).toContain('850.00');

    // ── the books: every transaction balances and every cached balance is right ──
    expect(await suite.deps.db.refund.count({ where: { orderId: order.id, status: 'SUCCEEDED' } })).toBe(1);
    expect(await checkLedger(suite.deps.db)).toEqual([]);
  });

  it('the organizer rejects a request only with a reason, the customer reads it, and withdraws another', async () => {
    const { user, actor } = await makeCustomer(suite.deps, { firstName: 'Youssef', mobile: '+201066600002' });
    const api = callerFor(suite.deps, actor);
    const [first] = await buyTickets(suite.deps, actor, ev, 1);
    const rejected = await api.customer.tickets.refundRequest({ id: first!.id, reason: 'Changed my plans.' });
    const [second] = (await buyTickets(suite.deps, actor, ev, 2)).filter((t) => t.id !== first!.id);
    const kept = await api.customer.tickets.refundRequest({ id: second!.id, reason: 'Maybe I cannot come.' });

    // the organizer: a rejection needs a reason
    const organizer = await organizerPage('+201066600098', user.passwordHash!);
    await organizer.goto(`${suite.server.url}/organizer/refund-requests`);
    const row = organizer.locator(`[data-testid="refund-request-row"][data-order-code="${rejected.orderCode}"]`);
    await row.getByRole('button', { name: /^Reject/ }).click();
    const dialog = organizer.getByRole('dialog', { name: 'Reject this refund request?' });
    await dialog.getByRole('button', { name: 'Reject request' }).click();
    await dialog.getByText('Give the customer a reason').waitFor();
    expect((await suite.deps.db.refundRequest.findUniqueOrThrow({ where: { id: rejected.id } })).status).toBe(
      'PENDING',
    );
    await dialog.getByLabel('Reason').fill('Tickets for this show are not refundable after the line-up was announced.');
    await dialog.getByRole('button', { name: 'Reject request' }).click();
    await expect.poll(() => organizer.getByTestId('decision-done').textContent()).toContain('Rejected');
    expect((await suite.deps.db.refundRequest.findUniqueOrThrow({ where: { id: rejected.id } })).status).toBe(
      'REJECTED',
    );

    // the customer signs in, reads why, and withdraws the other request
    const customer = await suite.newPage();
    await signInCustomer(customer, suite.deps, user.mobile!, { url: `${suite.server.url}/login?next=/refunds` });
    await customer.waitForURL((u) => u.pathname === '/refunds');
    const requests = customer.getByTestId('refund-request');
    await expect.poll(() => requests.count()).toBe(2);
    const declined = requests.filter({ has: customer.locator('[data-status="REJECTED"]') });
    expect(await declined.getByTestId('decision-note').textContent()).toContain('not refundable after the line-up');
    const waiting = customer.locator('[data-testid="refund-request"][data-status="PENDING"]');
    await waiting.getByRole('button', { name: 'Withdraw' }).click();
    await customer
      .getByRole('dialog', { name: 'Withdraw this refund request?' })
      .getByRole('button', { name: 'Withdraw request' })
      .click();
    await expect
      .poll(() => customer.locator('[data-testid="refund-request"][data-status="WITHDRAWN"]').count())
      .toBe(1);
    expect((await suite.deps.db.refundRequest.findUniqueOrThrow({ where: { id: kept.id } })).status).toBe('WITHDRAWN');
    // nothing was refunded, and the books still balance
    expect(await suite.deps.db.refund.count({ where: { order: { customerId: user.id } } })).toBe(0);
    expect(await checkLedger(suite.deps.db)).toEqual([]);
  });
});
