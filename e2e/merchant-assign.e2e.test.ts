/**
 * Card assignment in the merchant portal, end to end in real Chromium against the started server
 * (built SPA under /merchant/, real HTTP, HttpOnly cookie; seed 003 Plan 4 Phase 3): the merchant
 * signs in (password + SMS code), checks a customer who paid the card fee, types the UID of a card
 * from their stock, reads the customer's code from the outbox (as the customer reads the SMS out),
 * enters a wrong code first, then the right one; the success screen names the card and the
 * customer, the card inventory lists the card as assigned, and the dashboard counts it.
 */

import { describe, expect, it } from 'vitest';
import {
  MERCHANT_TEST_PASSWORD,
  makeMerchant,
  makePaidCardRequest,
  makeStockCards,
} from '../server/src/modules/merchant/merchant-fixtures.ts';
import { latestCode, makeCustomer } from '../server/test/harness.ts';
import { browserSuite, builtClients, e2eReady } from './browser.ts';
import { otherThan, signInPortal } from './sign-in.ts';

const ready = e2eReady(builtClients('merchant'), 'the merchant portal is not built (pnpm build)');

(ready ? describe : describe.skip)('merchant assigns an NFC card in Chromium', () => {
  const suite = browserSuite({ viewport: { width: 1200, height: 1000 } });

  it('checks the customer, assigns a stock card with the customer’s code and sees it in the inventory', async () => {
    // ── prepared in the database: a merchant with 2 stock cards, a customer whose card fee is paid ──
    const merchant = await makeMerchant(suite.deps, {
      firstName: 'Tarek',
      mobile: '+201077700001',
      businessName: 'Gate 2 Card Kiosk',
    });
    const [card, spare] = await makeStockCards(suite.deps, merchant.id, 2);
    const { user: customer } = await makeCustomer(suite.deps, { firstName: 'Mariam', mobile: '+201077700002' });
    const request = await makePaidCardRequest(suite.deps, customer.id);
    const unpaid = await makeCustomer(suite.deps, { firstName: 'Omar', mobile: '+201077700003' });

    // ── the merchant signs in (password, then the SMS code) ──
    const page = await suite.newPage();
    await signInPortal(page, suite.deps, suite.server.url, 'merchant', merchant.mobile!, MERCHANT_TEST_PASSWORD);
    await page.getByRole('link', { name: 'Assign card' }).click();
    await page.waitForURL((u) => u.pathname === '/merchant/assign');

    // ── step 1: a customer without a paid fee cannot go on; the paying customer can ──
    await page.getByLabel('Customer mobile number').fill(unpaid.user.mobile!);
    await page.getByRole('button', { name: 'Check customer' }).click();
    await expect.poll(() => page.getByTestId('customer-check').textContent()).toContain('Not paid');
    expect(await page.getByRole('button', { name: 'Continue' }).count()).toBe(0);

    await page.getByLabel('Customer mobile number').fill(customer.mobile!);
    await page.getByRole('button', { name: 'Check customer' }).click();
    await expect.poll(() => page.getByTestId('customer-check').textContent()).toContain('Paid');
    expect(await page.getByTestId('customer-check').textContent()).toContain('Mariam H.');
    await page.getByRole('button', { name: 'Continue' }).click();

    // ── step 2: the card's UID (no Web NFC in desktop Chromium: the page says so) ──
    await page.getByLabel('Card UID').waitFor();
    expect(await page.getByTestId('nfc-unavailable').textContent()).toContain('Type the UID');
    // the wrong card first: "Change card" withdraws that assignment, so the spare stays free
    await page.getByLabel('Card UID').fill(spare!.uid);
    await page.getByRole('button', { name: 'Assign card' }).click();
    await page.getByLabel('Code', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Change card' }).click();
    await page.getByLabel('Card UID').waitFor();
    await expect
      .poll(async () => (await suite.deps.db.cardAssignment.findFirstOrThrow({ where: { cardId: spare!.id } })).status)
      .toBe('CANCELLED');
    await page.getByLabel('Card UID').fill(card!.uid.toLowerCase());
    await page.getByRole('button', { name: 'Assign card' }).click();

    // ── step 3: the customer reads the code out; a wrong one first ──
    await page.getByLabel('Code', { exact: true }).waitFor();
    expect(await page.locator('form').textContent()).toContain(customer.mobile!.slice(-4));
    const code = await latestCode(suite.deps, customer.mobile!);
    await page.getByLabel('Code', { exact: true }).fill(otherThan(code));
    await page.getByRole('button', { name: 'Confirm assignment' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong code. 4 attempts left.');
    await page.getByLabel('Code', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Confirm assignment' }).click();

    const success = page.getByTestId('assign-success');
    await success.waitFor();
    expect(await success.textContent()).toContain(card!.uid);
    expect(await success.textContent()).toContain('Mariam Hassan');
    expect(await suite.deps.db.nfcCard.findUniqueOrThrow({ where: { id: card!.id } })).toMatchObject({
      customerId: customer.id,
      merchantId: merchant.id,
    });
    expect((await suite.deps.db.nfcCardRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
      'FULFILLED',
    );

    // ── the inventory shows the card as assigned, the spare one in stock ──
    await page.getByRole('link', { name: 'Card inventory' }).click();
    await page.waitForURL((u) => u.pathname === '/merchant/cards');
    const assignedRow = page.locator(`tr[data-uid="${card!.uid}"]`);
    await assignedRow.waitFor();
    expect(await assignedRow.textContent()).toContain('Mariam H.');
    expect(await page.locator(`tr[data-uid="${spare!.uid}"]`).textContent()).toContain('In stock');
    await page.getByLabel('Assignment').selectOption('assigned');
    await page.waitForURL((u) => u.searchParams.get('assignment') === 'assigned');
    await expect.poll(() => page.getByTestId('cards-total').textContent()).toBe('1 card');
    expect(await page.locator(`tr[data-uid="${spare!.uid}"]`).count()).toBe(0);

    // ── the dashboard counts it ──
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect.poll(() => page.getByTestId('stat-today').textContent()).toBe('1');
    expect(await page.getByTestId('stat-stock').textContent()).toBe('1');
    expect(await page.getByTestId('stat-customers').textContent()).toBe('1');
  });
});
