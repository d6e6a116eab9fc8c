/**
 * The admin catalog in real Chromium (issue 7 "admin edits an event and exports CSV"; seed 003
 * Plan 2 Phase 3; ADR 0022): an admin signs in, edits an event's title and a ticket category's
 * price, saves, sees the change in the events list, exports the list as CSV and the downloaded
 * file carries the new title; SUPPORT sees the same list read-only.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { makeEvent } from '../server/test/harness.ts';
import { browserSuite, builtClients, e2eReady } from './browser.ts';
import { adminSignIn } from './sign-in.ts';

const ready = e2eReady(builtClients('admin'), 'the admin portal is not built (pnpm build)');
const PASSWORD = 'catalog-admin-2026';

(ready ? describe : describe.skip)('admin console: catalog', () => {
  const suite = browserSuite({ viewport: { width: 1280, height: 1000 } });

  const signIn = adminSignIn(suite, {
    password: PASSWORD,
    emailPrefix: 'catalog',
    firstName: 'Cat',
    context: { acceptDownloads: true },
  });

  it('edits an event (title and a category price), sees it in the list, exports it as CSV', async () => {
    const ev = await makeEvent(suite.deps, { startsInMinutes: 7 * 24 * 60 });
    const newTitle = `Edited in Chromium ${Date.now().toString(36)}`;
    const page = await signIn('ADMIN');

    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.waitForURL(/\/admin\/catalog\/events$/);
    await page.getByTestId('events-table').waitFor();
    await page.locator(`[data-testid="event-row"][data-id="${ev.eventId}"]`).getByTestId('event-link').click();
    await page.waitForURL(new RegExp(`/admin/catalog/events/${ev.eventId}$`));

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = page.getByRole('form', { name: 'Edit event' });
    await form.getByLabel('Title').fill(newTitle);
    const standard = form.getByTestId('category-row').first();
    expect(await standard.getByLabel('Name').inputValue()).toBe('Standard');
    await standard.getByLabel('Price (EGP)').fill('525.50');
    await form.getByRole('button', { name: 'Save changes' }).click();

    await expect.poll(() => page.getByTestId('event-done').textContent()).toBe('Changes saved.');
    await expect.poll(() => page.getByTestId('event-title').textContent()).toBe(newTitle);
    await expect.poll(() => page.getByTestId('category-price').first().textContent()).toMatch(/525\.50/);
    const stored = await suite.deps.db.ticketCategory.findUniqueOrThrow({ where: { id: ev.standardId } });
    expect(stored.priceMinor).toBe(52_550);

    // the list shows the new title
    await page.getByRole('link', { name: '← Events' }).click();
    await page.waitForURL(/\/admin\/catalog\/events$/);
    await expect
      .poll(() => page.locator(`[data-testid="event-row"][data-id="${ev.eventId}"]`).textContent())
      .toContain(newTitle);

    // CSV export of the list: the downloaded file carries the edited title
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^events-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toContain('title');
    expect(csv).toContain(newTitle);
  });

  it('shows SUPPORT the events list read-only', async () => {
    const ev = await makeEvent(suite.deps);
    const title = (await suite.deps.db.event.findUniqueOrThrow({ where: { id: ev.eventId } })).title;
    const page = await signIn('SUPPORT');
    await page.goto(`${suite.server.url}/admin/catalog/events`);
    await expect.poll(() => page.getByTestId('events-table').textContent()).toContain(title);
    expect(await page.getByRole('link', { name: 'New event' }).count()).toBe(0);
    expect(await page.getByTestId('read-only').textContent()).toContain('can view the catalog but not change it');
    // the export is a read: SUPPORT may download it
    expect(await page.getByTestId('csv-export').count()).toBe(1);

    await page.locator(`[data-testid="event-row"][data-id="${ev.eventId}"]`).getByTestId('event-link').click();
    await page.getByTestId('event-title').waitFor();
    const edit = page.getByRole('button', { name: 'Edit', exact: true });
    expect(await edit.getAttribute('aria-disabled')).toBe('true');
    await edit.click({ force: true });
    expect(await page.getByRole('form', { name: 'Edit event' }).count()).toBe(0);
  });
});
