/**
 * The admin console's Finance section in real Chromium (issue 4 "Ledger and books"; seed 003
 * Plan 2 Phase 8): an admin records an expense (the form refuses missing fields and a zero
 * amount first) and sees it in the company overview (expenses by category, net profit) and the
 * books check; a support admin reads the same records without any write button; an admin pays
 * an organizer for an event that sold tickets (settlement → pending payout → marked paid).
 * Every test ends with the ledger invariant (`checkLedger` finds no problem).
 */

import { afterEach, describe, expect, it } from 'vitest';
import { checkLedger } from '../server/src/modules/ledger/ledger.ts';
import { buyTickets, makeCustomer, makeEvent } from '../server/test/harness.ts';
import { browserSuite, builtClients, e2eReady } from './browser.ts';
import { adminSignIn } from './sign-in.ts';

const ready = e2eReady(builtClients('admin'), 'the admin portal is not built (pnpm build)');

const PASSWORD = 'books-in-order-2026';
const money = (minor: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EGP' }).format(minor / 100);

(ready ? describe : describe.skip)('admin finance in Chromium', () => {
  const suite = browserSuite({ viewport: { width: 1280, height: 1000 } });

  afterEach(async () => {
    expect(await checkLedger(suite.deps.db)).toEqual([]);
  });

  const signIn = adminSignIn(suite, { password: PASSWORD, emailPrefix: 'books', firstName: 'Books' });

  it('records an expense and sees it in the company overview; support only reads', async () => {
    const page = await signIn('ADMIN');
    await page.getByRole('link', { name: 'Finance' }).click();
    await page.waitForURL(/\/admin\/finance$/);
    await page.getByText('No money has moved yet').waitFor();

    await page.getByRole('navigation', { name: 'Finance' }).getByRole('link', { name: 'Expenses' }).click();
    await page.waitForURL(/\/admin\/finance\/expenses$/);
    await page.getByRole('button', { name: 'Record an expense' }).click();
    const form = page.getByRole('region', { name: 'Record an expense' });

    // nothing filled in: every required field says so, nothing is sent
    await form.getByRole('button', { name: 'Record expense' }).click();
    await form.getByText('Enter the category.').waitFor();
    expect(await form.getByText('Describe what this is.').count()).toBe(1);
    expect(await form.getByText('Enter an amount.').count()).toBe(1);
    await form.getByLabel('Amount (EGP)').fill('0');
    await form.getByRole('button', { name: 'Record expense' }).click();
    await form.getByText('The amount must be more than zero.').waitFor();
    expect(await suite.deps.db.financeRecord.count()).toBe(0);

    await form.getByLabel('Category').fill('Marketing');
    await form.getByLabel('Amount (EGP)').fill('1,250.50');
    await form.getByLabel('Description').fill('Concert posters for the spring season');
    await form.getByRole('button', { name: 'Record expense' }).click();
    await expect
      .poll(() => page.getByTestId('record-done').textContent())
      .toBe(`Recorded expense of ${money(125_050)} (Marketing).`);
    const row = page.getByTestId('finance-record');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Concert posters for the spring season');
    expect(await suite.deps.db.financeRecord.findFirstOrThrow()).toMatchObject({
      kind: 'EXPENSE',
      category: 'Marketing',
      amountMinor: 125_050,
      currency: 'EGP',
    });

    // the overview reads it from the ledger
    await page.getByRole('navigation', { name: 'Finance' }).getByRole('link', { name: 'Overview' }).click();
    const egp = page.locator('[data-testid="company-currency"][data-currency="EGP"]');
    await egp.waitFor();
    expect(await egp.getByTestId('expenses-total').textContent()).toBe(money(125_050));
    expect(await egp.getByTestId('net-profit').textContent()).toBe(money(-125_050));
    expect(await egp.getByTestId('expense-category').textContent()).toContain('Marketing');

    // the books check agrees
    await page.getByRole('navigation', { name: 'Finance' }).getByRole('link', { name: 'Ledger' }).click();
    await page.getByTestId('check-books').click();
    await page.getByTestId('books-ok').waitFor();

    // support: the same records, no way to change them
    const support = await signIn('SUPPORT');
    await support.goto(`${suite.server.url}/admin/finance/expenses`);
    await support.getByTestId('read-only-note').waitFor();
    await expect.poll(() => support.getByTestId('finance-record').count()).toBe(1);
    expect(await support.getByRole('button', { name: 'Record an expense' }).count()).toBe(0);
  });

  it('creates a payout for an event that sold tickets and marks it paid', async () => {
    const ev = await makeEvent(suite.deps, { priceMinor: 45_000 });
    const { actor } = await makeCustomer(suite.deps);
    await buyTickets(suite.deps, actor, ev, 2);
    const event = await suite.deps.db.event.findUniqueOrThrow({ where: { id: ev.eventId } });

    const page = await signIn('ADMIN');
    await page.goto(`${suite.server.url}/admin/finance/payouts`);
    await page.getByRole('button', { name: 'New payout' }).click();
    const form = page.getByRole('region', { name: 'New payout' });
    await form.getByLabel('Find the event').fill(event.title);
    await form.getByRole('button', { name: 'Search' }).click();
    await form.getByLabel('Event', { exact: true }).selectOption(ev.eventId);
    const available = form.getByTestId('available');
    await available.waitFor();
    const availableText = await available.textContent();
    expect(availableText).not.toBe(money(0));
    await form.getByLabel('Note (optional)').fill('Spring concert settlement');
    await form.getByRole('button', { name: /^Create payout of/ }).click();
    await expect.poll(() => page.getByTestId('payout-done').textContent()).toContain('created');
    const row = page.getByTestId('payout-row');
    await expect.poll(() => row.getAttribute('data-status')).toBe('PENDING');

    await row.getByRole('button', { name: 'Mark paid' }).click();
    await page
      .getByRole('dialog', { name: 'Mark this payout paid?' })
      .getByRole('button', { name: 'Mark paid' })
      .click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('PAID');
    const payout = await suite.deps.db.payout.findFirstOrThrow({ where: { eventId: ev.eventId } });
    expect(payout.status).toBe('PAID');
    expect(money(payout.netMinor)).toBe(availableText);
  });
});
