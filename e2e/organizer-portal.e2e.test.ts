/**
 * The organizer portal's main task in real Chromium (issue 7 "organizer sees a sale appear"): the
 * organizer signs in and opens the dashboard; a customer buys tickets of one of the organizer's
 * events through the REST API (as the webapp pays); the sale appears in the live feed and the
 * sold count goes up without a reload. Then the organizer asks for a change of the event, an
 * admin approves it (API), and the organizer sees it approved and the event renamed.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../server/src/auth/password.ts';
import { callerFor, type EventFixture, makeCustomer, makeEvent, signIn } from '../server/test/harness.ts';
import { browserSuite, builtClients, e2eReady } from './browser.ts';
import { signInPortal } from './sign-in.ts';

const ready = e2eReady(builtClients('organizer'), 'the organizer portal is not built (pnpm build)');
const PASSWORD = 'cairo-stage-2026';

(ready ? describe : describe.skip)('organizer portal in Chromium', () => {
  const suite = browserSuite({ viewport: { width: 1200, height: 900 } });
  let ev: EventFixture;
  const mobile = '+201005559901';

  beforeAll(async () => {
    // starts in a week: its date can still be changed
    ev = await makeEvent(suite.deps, { priceMinor: 45_000, startsInMinutes: 7 * 24 * 60 });
    await suite.deps.db.user.create({
      data: {
        role: 'ORGANIZER',
        status: 'ACTIVE',
        mobile,
        passwordHash: await hashPassword(PASSWORD),
        firstName: 'Salma',
        lastName: 'Fouad',
        organizerId: ev.organizerId,
      },
    });
  });

  /** A customer's paid order through the server's REST API (realtime publishes after commit). */
  async function buyOverHttp(quantity: number): Promise<string> {
    const customer = await makeCustomer(suite.deps);
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${suite.server.url}/api${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      return (await res.json()) as Record<string, string>;
    };
    const order = await post('/v1/tickets/book/', { eventId: ev.eventId, ticketCategoryId: ev.standardId, quantity });
    const intent = await post('/v1/payments/process/', { orderId: order.id });
    await post('/v1/payments/confirm/', { paymentId: intent.paymentId });
    return order.code!;
  }

  it('shows a sale live on the dashboard, then a change request approved by an admin', async () => {
    const page = await suite.newPage();
    try {
      await signInPortal(page, suite.deps, suite.server.url, 'organizer', mobile, PASSWORD);
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await page.waitForURL((u) => u.pathname === '/organizer/dashboard');
      const sold = page.getByTestId('stat-tickets-sold');
      await expect.poll(() => sold.textContent()).toContain('0');
      await expect.poll(() => page.getByTestId('live-status').textContent()).toBe('Live');
      await page.getByTestId('live-feed-empty').waitFor();
      const loads = page.url();

      // a customer pays for 2 tickets: the feed and the tiles follow, no reload
      const code = await buyOverHttp(2);
      const item = page.getByTestId('sale-item').filter({ hasText: code });
      await item.waitFor();
      expect(await item.textContent()).toContain('2 tickets');
      await expect.poll(() => sold.textContent()).toContain('2');
      await page.getByTestId('sales-chart').waitFor();
      const code2 = await buyOverHttp(1);
      await page.getByTestId('sale-item').filter({ hasText: code2 }).waitFor();
      await expect.poll(() => sold.textContent()).toContain('3');
      expect(await page.getByTestId('sale-item').count()).toBe(2);
      expect(page.url()).toBe(loads);

      // the event page: analytics, then "Request a change"
      await page.getByRole('link', { name: 'Events' }).click();
      const row = page.locator(`[data-testid="event-row"][data-event-id="${ev.eventId}"]`);
      await expect.poll(() => row.getByTestId('event-sold').textContent()).toBe('3 / 110');
      await row.getByRole('link').click();
      await page.waitForURL((u) => u.pathname === `/organizer/events/${ev.eventId}`);
      await expect.poll(() => page.getByTestId('event-tickets-sold').textContent()).toBe('3 / 110');
      const form = page.getByTestId('edit-request-form');
      // a reason is required (field error, nothing sent)
      await form.getByLabel('Title').fill('Cairo Jazz Night');
      await form.getByRole('button', { name: 'Send change request' }).click();
      await expect.poll(() => form.getByText('Tell the reviewer why').count()).toBe(1);
      expect(await suite.deps.db.eventEditRequest.count()).toBe(0);
      await form.getByLabel('Reason for the change').fill('The headliner renamed the show');
      await form.getByRole('button', { name: 'Send change request' }).click();
      await page.getByTestId('edit-pending').waitFor();
      const history = page.getByTestId('edit-request');
      await expect.poll(() => history.first().getAttribute('data-status')).toBe('PENDING');
      expect(await history.first().textContent()).toContain('Cairo Jazz Night');

      // an admin approves it (API)
      const adminUser = await suite.deps.db.user.create({
        data: {
          role: 'ADMIN',
          adminLevel: 'ADMIN',
          email: 'catalog@e2e.test',
          passwordHash: 'x',
          firstName: 'Dina',
          lastName: 'Admin',
        },
      });
      const admin = (await signIn(suite.deps, adminUser.id)).actor;
      const [pending] = (await callerFor(suite.deps, admin).admin.editRequests.list({ status: 'PENDING' })).items;
      expect(pending).toMatchObject({ eventId: ev.eventId, changes: { title: 'Cairo Jazz Night' } });
      await callerFor(suite.deps, admin).admin.editRequests.approve({ id: pending!.id, note: 'Approved, thanks' });

      // the organizer sees it approved and the event renamed
      await page.reload();
      await expect.poll(() => page.getByTestId('edit-request').first().getAttribute('data-status')).toBe('APPROVED');
      expect(await page.getByTestId('edit-review-note').first().textContent()).toContain('Approved, thanks');
      await expect.poll(() => page.getByTestId('event-title').textContent()).toBe('Cairo Jazz Night');
      await page.getByTestId('edit-request-form').waitFor();
    } finally {
      await page.context().close();
    }
  });
});
