/**
 * A raffle end to end in real Chromium against the started server (built webapp and admin
 * console, real HTTP, the offline payment provider in TEST MODE, the offline COMMIT_REVEAL draw;
 * issue 8): a customer buys 3 entries on the raffle page (quantity selector → the shared checkout
 * page → Pay (test mode)) and sees them numbered #1–#3; the admin closes sales, publishes the
 * commitment and draws from the raffle's admin page (confirmation dialogs); the winner gets a
 * `raffle.won` notification; the public verification page recomputes the commitment, the seed
 * hash, the randomness and the winners in the browser and says MATCH; with one entry of the
 * published list altered on the way (page.route) the same page says MISMATCH. Finally the ledger
 * invariant holds (`checkLedger` finds no problem).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../server/src/auth/password.ts';
import { checkLedger } from '../server/src/modules/ledger/ledger.ts';
import { callerFor, makeCustomer, TEST_PASSWORD } from '../server/test/harness.ts';
import { browserSuite, builtClients, e2eReady } from './browser.ts';
import { enterLatestCode, makeAdmin, signInCustomer } from './sign-in.ts';

const ready = e2eReady(builtClients('webapp', 'admin'), 'the portals are not built (pnpm build)');

/** EGP 50.00 an entry. */
const PRICE = 5_000;
const HOUR = 3_600_000;
const money = (minor: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EGP' }).format(minor / 100);

(ready ? describe : describe.skip)('raffle draw in Chromium', () => {
  const suite = browserSuite({ viewport: { width: 1200, height: 1000 } });

  it('a customer buys numbered entries, the admin draws, the winner is notified, and the browser verifies the draw', async () => {
    const now = suite.deps.clock.now().getTime();
    const raffle = await suite.deps.db.raffle.create({
      data: {
        slug: 'desert-cruiser',
        title: 'Win a desert cruiser',
        description: 'A weekend in the Sinai with a brand-new 4x4.',
        prizeTitle: 'Desert cruiser 4x4',
        prizeDescription: 'Full tank, full insurance, yours.',
        prizeValueMinor: 150_000_000,
        entryPriceMinor: PRICE,
        currency: 'EGP',
        totalEntries: 100,
        maxEntriesPerUser: 5,
        winnersCount: 1,
        opensAt: new Date(now - HOUR),
        closesAt: new Date(now + HOUR),
        drawAt: new Date(now + 2 * HOUR),
        status: 'OPEN',
      },
    });

    // ── the customer signs in and buys 3 entries (TEST MODE) ──
    const { user } = await makeCustomer(suite.deps, { firstName: 'Nour', mobile: '+201077700001' });
    const customer = await suite.newPage();
    await signInCustomer(customer, suite.deps, user.mobile!, { url: `${suite.server.url}/login?next=/raffles` });
    await customer.waitForURL((u) => u.pathname === '/raffles');
    await customer.getByTestId('raffle-card').filter({ hasText: 'Win a desert cruiser' }).click();
    await customer.waitForURL((u) => u.pathname === '/raffles/desert-cruiser');
    expect(await customer.getByTestId('entries-left').first().textContent()).toBe('100');
    await customer.getByRole('button', { name: 'One more' }).click();
    await customer.getByRole('button', { name: 'One more' }).click();
    expect(await customer.getByTestId('raffle-total').textContent()).toBe(money(3 * PRICE));
    await customer.getByRole('button', { name: 'Buy entries' }).click();
    await customer.waitForURL(/\/checkout\//);
    await customer.getByTestId('test-mode-banner').waitFor();
    expect(await customer.getByTestId('order-total').textContent()).toBe(money(3 * PRICE));
    await customer.getByRole('button', { name: 'Pay (test mode)' }).click();
    // a raffle order goes back to the raffle page, where the numbers are
    await customer.waitForURL((u) => u.pathname === '/raffles/desert-cruiser');
    const numbers = customer.getByTestId('entry-number');
    await expect.poll(() => numbers.allTextContents()).toEqual(['#1', '#2', '#3']);
    await expect.poll(() => customer.getByTestId('entries-left').first().textContent()).toBe('97');

    // a second customer holds entries too, so the draw has something to choose from
    const other = await makeCustomer(suite.deps, { firstName: 'Ali' });
    const api = callerFor(suite.deps, other.actor);
    const order = await api.customer.raffles.buy({ raffleId: raffle.id, quantity: 2 });
    const intent = await api.customer.payments.process({ orderId: order.id });
    await api.customer.payments.confirm({ paymentId: intent.paymentId });

    // ── the admin closes sales, commits and draws in the console ──
    suite.deps.clock.advance(3 * HOUR);
    const console_ = await adminPage('ADMIN', 'raffles@admit.test', `/raffles/${raffle.id}`);
    const step = async (button: string, dialog: string, confirm: string, status: string) => {
      await console_.getByRole('button', { name: button, exact: true }).click();
      await console_.getByRole('dialog', { name: dialog }).getByRole('button', { name: confirm }).click();
      await expect.poll(() => console_.getByTestId('raffle-status').getAttribute('data-status')).toBe(status);
    };
    await step('Close sales', 'Close sales now?', 'Close sales', 'CLOSED');
    await step('Commit', 'Publish the commitment?', 'Commit', 'COMMITTED');
    await step('Draw winners', 'Draw the winners?', 'Draw winners', 'DRAWN');
    const winnerRow = console_.getByTestId('winner-row');
    await expect.poll(() => winnerRow.count()).toBe(1);
    expect(await winnerRow.getAttribute('data-status')).toBe('PENDING_CLAIM');

    // ── the winner is notified ──
    const winner = await suite.deps.db.raffleWinner.findFirstOrThrow({ where: { raffleId: raffle.id } });
    expect(await suite.deps.db.notification.count({ where: { userId: winner.userId, kind: 'raffle.won' } })).toBe(1);
    expect(await winnerRow.textContent()).toContain(winner.userId === user.id ? 'Nour' : 'Ali');

    // ── the public verification page recomputes everything in the browser: MATCH ──
    const visitor = await suite.newPage();
    await visitor.goto(`${suite.server.url}/raffles/desert-cruiser/verify`);
    const verdict = visitor.getByTestId('verify-verdict');
    await expect.poll(() => verdict.getAttribute('data-verdict'), { timeout: 15_000 }).toBe('MATCH');
    expect(await visitor.getByTestId('verify-mode').textContent()).toContain('Commit-reveal');
    const stored = await suite.deps.db.raffle.findUniqueOrThrow({ where: { id: raffle.id } });
    expect(await visitor.getByTestId('value-commitment-recomputed').textContent()).toBe(stored.commitmentHash);
    expect(await visitor.getByTestId('value-randomness-recomputed').textContent()).toBe(stored.randomness);
    expect(await visitor.getByTestId('value-winners-recomputed').textContent()).toContain(
      `1: #${(await suite.deps.db.raffleEntry.findUniqueOrThrow({ where: { id: winner.entryId } })).number}`,
    );

    // ── tampering: one entry of the published list altered on the way → MISMATCH ──
    const tampered = await suite.newPage();
    await tampered.route(
      (u) => u.pathname.includes('public.raffles.verification'),
      async (route) => {
        const res = await route.fetch();
        const text = await res.text();
        // swap the entry id on line "2:<id>" (after a JSON-escaped newline) for another one
        const altered = text.replace(/\\n2:[0-9a-f]{8}-/, '\\n2:00000000-');
        expect(altered).not.toBe(text);
        await route.fulfill({ response: res, body: altered });
      },
    );
    await tampered.goto(`${suite.server.url}/raffles/desert-cruiser/verify`);
    const bad = tampered.getByTestId('verify-verdict');
    await expect.poll(() => bad.getAttribute('data-verdict'), { timeout: 15_000 }).toBe('MISMATCH');
    expect(await tampered.getByTestId('check-commitment').getAttribute('data-ok')).toBe('false');

    // ── the books balance ──
    expect(await checkLedger(suite.deps.db)).toEqual([]);
  });

  /** Signs a new admin of `level` in to the console (password + e-mailed code) and opens `next`. */
  const adminPage = async (level: 'ADMIN' | 'SUPPORT', email: string, next: string): Promise<Page> => {
    await makeAdmin(suite.deps, {
      level,
      email,
      passwordHash: await hashPassword(TEST_PASSWORD),
      firstName: 'Admin',
      lastName: level,
    });
    const page = await suite.newPage();
    await page.goto(`${suite.server.url}/admin/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await enterLatestCode(page, suite.deps, email);
    await page.waitForURL((u) => u.pathname === `/admin${next}`);
    return page;
  };

  it('an admin creates a raffle (validated form, money in major units), uploads an image, edits one field, publishes and cancels behind a typed confirmation; support only reads', async () => {
    const page = await adminPage('ADMIN', 'maker@admit.test', '/raffles/new');
    // nothing filled in: the form explains, and nothing is created
    await page.getByLabel('Title').fill('');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByText('Please check the highlighted fields.').waitFor();
    expect(await suite.deps.db.raffle.count({ where: { title: 'Golden ticket weekend' } })).toBe(0);

    await page.getByLabel('Title').fill('Golden ticket weekend');
    await page.getByLabel('Description').fill('Two nights at the Nile with a private cruise.');
    await page.getByLabel('Prize', { exact: true }).fill('Nile weekend for two');
    await page.getByLabel('Prize details').fill('Hotel, cruise and dinner.');
    await page.getByLabel('Entry price (EGP)').fill('49.50');
    await page.getByLabel('Total entries').fill('500');
    await page.getByLabel('Max entries per person').fill('20');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByTestId('raffle-done').waitFor();
    const created = await suite.deps.db.raffle.findFirstOrThrow({ where: { title: 'Golden ticket weekend' } });
    expect(created).toMatchObject({
      status: 'DRAFT',
      entryPriceMinor: 4_950,
      totalEntries: 500,
      maxEntriesPerUser: 20,
    });
    expect(await page.getByTestId('raffle-price').textContent()).toContain('49.50');

    // an image: a 1×1 PNG, uploaded with the admin session, shown as a preview
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    await page.getByLabel(/Add an image/).setInputFiles({ name: 'prize.png', mimeType: 'image/png', buffer: png });
    await expect
      .poll(async () => (await suite.deps.db.raffle.findUniqueOrThrow({ where: { id: created.id } })).imageUrls.length)
      .toBe(1);
    await expect.poll(() => page.getByTestId('raffle-images').locator('img[alt=""]').count()).toBe(1);
    const withImage = await suite.deps.db.raffle.findUniqueOrThrow({ where: { id: created.id } });
    expect(withImage.imageUrls).toHaveLength(1);
    const img = await page.evaluate(async (u) => (await fetch(u)).status, withImage.imageUrls[0]!);
    expect(img).toBe(200);

    // edit one field: only it changes
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByLabel('Max entries per person').fill('25');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByTestId('raffle-done').textContent()).toBe('Changes saved.');
    const edited = await suite.deps.db.raffle.findUniqueOrThrow({ where: { id: created.id } });
    expect(edited).toMatchObject({ maxEntriesPerUser: 25, entryPriceMinor: 4_950, title: 'Golden ticket weekend' });
    expect(edited.imageUrls).toEqual(withImage.imageUrls);

    // publish behind a confirmation
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('dialog', { name: 'Publish this raffle?' }).getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => page.getByTestId('raffle-status').getAttribute('data-status')).toBe('OPEN');

    // a support admin reads the raffle but every action explains why it is unavailable
    const support = await adminPage('SUPPORT', 'helper@admit.test', `/raffles/${created.id}`);
    const cancel = support.getByRole('button', { name: 'Cancel raffle' });
    await cancel.waitFor();
    expect(await cancel.getAttribute('aria-disabled')).toBe('true');
    expect(await support.getByLabel(/Add an image/).count()).toBe(0);
    await support.goto(`${suite.server.url}/admin/raffles`);
    await support.getByTestId('raffle-row').first().waitFor();
    expect(await support.getByRole('link', { name: 'New raffle' }).count()).toBe(0);

    // cancelling needs a reason and the raffle's slug typed out; nothing was paid, so nothing is refunded
    await page.getByRole('button', { name: 'Cancel raffle' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this raffle?' });
    expect(await dialog.textContent()).toContain('Every paid entry will be refunded');
    const confirm = dialog.getByRole('button', { name: 'Cancel raffle and refund' });
    await dialog.getByLabel(/Reason/).fill('The hotel closed for renovation.');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(/to confirm/).fill(created.slug);
    await confirm.click();
    await expect
      .poll(() => page.getByTestId('raffle-status').getAttribute('data-status'))
      .toMatch(/^(CANCELLED|REFUNDING|REFUNDED)$/);
    expect(await checkLedger(suite.deps.db)).toEqual([]);
  });
});
