/**
 * The admin back office for people in real Chromium (issue 7; seed 003 Plan 2 Phases 2, 5, 7):
 * an admin signs in to the dashboard (stat tiles from the server, the charts render as SVG),
 * creates a merchant through the form, disables a customer; SUPPORT sees no write buttons.
 */

import { describe, expect, it } from 'vitest';
import { buyTickets, makeCustomer, makeEvent } from '../server/test/harness.ts';
import { browserSuite, builtClients, e2eReady } from './browser.ts';
import { adminSignIn } from './sign-in.ts';

const ready = e2eReady(builtClients('admin'), 'the admin portal is not built (pnpm build)');

const PASSWORD = 'back-office-2026';

(ready ? describe : describe.skip)('admin console: dashboard, customers, merchants', () => {
  const suite = browserSuite({ viewport: { width: 1280, height: 1000 } });

  const signIn = adminSignIn(suite, { password: PASSWORD, emailPrefix: 'people', firstName: 'Back' });

  it('shows the dashboard, creates a merchant and disables a customer', async () => {
    const ev = await makeEvent(suite.deps);
    const { actor, user: customer } = await makeCustomer(suite.deps, { firstName: 'Salma' });
    await buyTickets(suite.deps, actor, ev, 2);

    const page = await signIn('ADMIN');
    // the dashboard is the landing page: tiles from the server, four charts drawn as SVG
    await expect.poll(() => page.getByTestId('stat-tickets').textContent()).toBe('2');
    expect(await page.getByTestId('stat-customers').textContent()).toBe('1');
    expect(await page.getByTestId('stat-revenue').textContent()).toMatch(/900/);
    for (const chart of ['chart-revenue', 'chart-users', 'chart-categories']) {
      await page.getByTestId(chart).locator('svg.recharts-surface').first().waitFor();
    }
    expect(await page.getByTestId('chart-cards').textContent()).toContain('No NFC cards yet');

    // a merchant through the form: a taken mobile is refused on its field, then created
    await page.getByRole('link', { name: 'Merchants' }).click();
    await page.waitForURL(/\/admin\/merchants$/);
    await page.getByTestId('new-account').click();
    const form = page.getByTestId('create-account-form');
    await form.getByLabel('First name').fill('Mona');
    await form.getByLabel('Last name').fill('Said');
    await form.getByLabel('Mobile').fill(customer.mobile!);
    await form.getByLabel('Initial password').fill('merchant-pass-1');
    await form.getByLabel('Business name').fill('Mona Kiosk');
    await form.getByRole('button', { name: 'Create merchant' }).click();
    await expect.poll(() => form.textContent()).toContain('Already in use');
    await form.getByLabel('Mobile').fill('+201055512345');
    await form.getByRole('button', { name: 'Create merchant' }).click();
    await expect.poll(() => page.getByTestId('merchants-table').textContent()).toContain('Mona Kiosk');
    expect(await suite.deps.db.merchantProfile.count({ where: { businessName: 'Mona Kiosk' } })).toBe(1);

    // a customer disabled from their page: signed out everywhere
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('link', { name: `Salma ${customer.lastName}` }).click();
    await page.waitForURL(new RegExp(`/admin/customers/${customer.id}$`));
    await expect.poll(() => page.getByTestId('customer-orders').textContent()).toMatch(/2 × /);
    await page.getByTestId('customer-status-button').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
    await expect
      .poll(async () => (await suite.deps.db.user.findUniqueOrThrow({ where: { id: customer.id } })).status)
      .toBe('DISABLED');
    expect(await suite.deps.db.session.count({ where: { userId: customer.id } })).toBe(0);
    await expect.poll(() => page.getByTestId('customer-status-button').textContent()).toBe('Enable account');
  });

  it('shows SUPPORT the same data without write buttons', async () => {
    const { user: customer } = await makeCustomer(suite.deps, { firstName: 'Hana' });
    const page = await signIn('SUPPORT');
    await page.getByTestId('stat-customers').waitFor();
    await page.goto(`${suite.server.url}/admin/merchants`);
    await page.getByTestId('merchants-table').waitFor();
    expect(await page.getByTestId('new-account').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await page.getByText('can view these accounts but not change them').count()).toBe(1);
    await page.goto(`${suite.server.url}/admin/customers/${customer.id}`);
    await page.getByText('can view customers but not change them').waitFor();
    expect(await page.getByTestId('customer-status-button').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save profile' }).count()).toBe(0);
  });
});
