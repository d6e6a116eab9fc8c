/**
 * NFC cards in Chromium (issue 7; ADR 0018): a customer requests a card and pays the fee through
 * the checkout, then (once a card is handed over) reloads it through the checkout and blocks it;
 * an admin registers a batch of cards (a bad row refused, nothing written) and exports the list.
 */

import { describe, expect, it } from 'vitest';

import { randomCardUid } from '../server/src/modules/merchant/merchant-fixtures.ts';
import { expectLedgerConsistent, makeCustomer } from '../server/test/harness.ts';
import { browserSuite, builtClients, e2eReady } from './browser.ts';
import { adminSignIn, signInCustomer } from './sign-in.ts';

const ready = e2eReady(builtClients('webapp', 'admin'), 'the webapp and admin clients are not built (pnpm build)');

(ready ? describe : describe.skip)('NFC cards in Chromium', () => {
  const suite = browserSuite();
  const signInAsAdmin = adminSignIn(suite, { password: 'admin-pass-77', emailPrefix: 'cards', firstName: 'Card' });

  it('customer: request a card and pay the fee, reload through the checkout, block the card', async () => {
    const { user } = await makeCustomer(suite.deps, { firstName: 'Salma', mobile: '+201077700001' });
    const page = await suite.newPage();
    await signInCustomer(page, suite.deps, user.mobile!, { url: `${suite.server.url}/login?next=/cards` });
    await page.goto(`${suite.server.url}/cards`);
    await page.getByText('No card yet').waitFor();

    await page.getByTestId('request-card').click();
    await page.waitForURL(/\/checkout\//);
    await page.getByRole('button', { name: 'Pay (test mode)' }).click();
    await page.waitForURL((u) => u.pathname === '/cards');
    await page.getByTestId('card-request-paid').waitFor();

    // a merchant hands the card over (the merchant portal's flow is tested in merchant-assign)
    const uid = randomCardUid();
    await suite.deps.db.nfcCard.create({ data: { uid, customerId: user.id, assignedAt: new Date() } });
    await suite.deps.db.nfcCardRequest.updateMany({ where: { customerId: user.id }, data: { status: 'FULFILLED' } });
    await page.reload();
    await page.getByRole('link', { name: 'Reload & history' }).click();
    await page.getByLabel(/^Amount/).fill('5');
    await page.getByTestId('reload-submit').click();
    await expect.poll(() => page.getByText(/Between/).count()).toBe(1); // under the minimum, nothing sent
    await page.getByLabel(/^Amount/).fill('150');
    await page.getByTestId('reload-submit').click();
    await page.waitForURL(/\/checkout\//);
    await page.getByRole('button', { name: 'Pay (test mode)' }).click();
    await page.waitForURL((u) => u.pathname === '/cards');
    await expect.poll(() => page.getByTestId('nfc-card-balance').textContent()).toContain('150.00');

    await page.getByRole('link', { name: 'Reload & history' }).click();
    await page.getByTestId('card-transactions').getByText('Reload').waitFor();
    await page.getByRole('button', { name: 'Block card' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Block card' }).click();
    await page.getByText(/This card is blocked/).waitFor();
    expect((await suite.deps.db.nfcCard.findUniqueOrThrow({ where: { uid } })).status).toBe('BLOCKED');
    await expectLedgerConsistent(suite.deps);
  });

  it('admin: a bulk batch with a bad row changes nothing; the fixed batch registers the cards; CSV link', async () => {
    const page = await signInAsAdmin('ADMIN');
    await page.getByRole('link', { name: 'NFC cards' }).click();
    await page.waitForURL(/\/admin\/nfc-cards$/);

    const good = [randomCardUid(), randomCardUid()];
    await page.getByRole('button', { name: 'Bulk batch' }).click();
    await page.getByLabel(/^UIDs/).fill([good[0], 'NOT-A-UID', good[1]].join('\n'));
    await page.getByRole('button', { name: /Apply to 3 cards/ }).click();
    await page.getByTestId('bulk-row-errors').getByText(/Row 2/).waitFor();
    expect(await suite.deps.db.nfcCard.count({ where: { uid: { in: good } } })).toBe(0);

    await page.getByLabel(/^UIDs/).fill(good.join('\n'));
    await page.getByRole('button', { name: /Apply to 2 cards/ }).click();
    await page.getByText('Done: 2 cards.').waitFor();
    expect(await suite.deps.db.nfcCard.count({ where: { uid: { in: good } } })).toBe(2);

    await page.getByLabel('UID', { exact: true }).fill(good[0]!);
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => page.getByTestId('nfc-card-row').count()).toBe(1);
    const href = await page.getByTestId('csv-export').getAttribute('href');
    expect(href).toContain('/api/nfc-cards/export.csv');
    expect(href).toContain(`uid=${good[0]}`);
    const csv = await page.evaluate(async (u) => (await fetch(u!)).text(), href);
    expect(csv).toContain(good[0]);
    expect(csv).not.toContain(good[1]);
  });
});
