/**
 * A ticket gift end to end in real Chromium against the started server (built webapp; ADR 0020):
 * customer A opens her ticket, chooses "Transfer or gift", enters B's mobile number and a message
 * and sends it; B signs in, finds the gift under Transfers with the message, accepts it and lands
 * on the ticket — now in his name, with a QR code; A's ticket page no longer shows it. The server
 * state agrees (holder, new secret, old one on the revocation list).
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { secretHash } from '../server/src/modules/refunds/refunds.service.ts';
import { buyTickets, type EventFixture, makeCustomer, makeEvent } from '../server/test/harness.ts';
import { browserSuite, builtClients, e2eReady } from './browser.ts';
import { signInCustomer } from './sign-in.ts';

const ready = e2eReady(builtClients('webapp'), 'the webapp is not built (pnpm --filter ./clients/webapp build)');

(ready ? describe : describe.skip)('ticket gift in Chromium', () => {
  const suite = browserSuite({ viewport: { width: 1200, height: 1000 } });
  let ev: EventFixture;

  beforeAll(async () => {
    ev = await makeEvent(suite.deps, { startsInMinutes: 5 * 24 * 60 });
  });

  it('A gifts a ticket to B; B signs in, accepts and sees it with a new QR code', async () => {
    const a = await makeCustomer(suite.deps, { firstName: 'Amira', mobile: '+201077700001' });
    const b = await makeCustomer(suite.deps, { firstName: 'Badr', mobile: '+201077700002' });
    const [ticket] = await buyTickets(suite.deps, a.actor, ev, 1);
    const oldSecret = (await suite.deps.db.ticket.findUniqueOrThrow({ where: { id: ticket!.id } })).secret;

    // ── A sends the gift from the ticket page ──
    const pageA = await suite.newPage();
    await signInCustomer(pageA, suite.deps, a.user.mobile!, {
      url: `${suite.server.url}/login?next=/tickets/${ticket!.id}`,
    });
    await pageA.goto(`${suite.server.url}/tickets/${ticket!.id}`);
    await pageA.getByTestId('transfer-open').click();
    const dialog = pageA.getByRole('dialog', { name: 'Send this ticket to someone' });
    // an unknown number is refused inline
    await dialog.getByLabel("Recipient's mobile number").fill('+201077709999');
    await dialog.getByRole('button', { name: 'Send gift' }).click();
    await dialog.getByText('No active Admit customer has this number').waitFor();
    expect(await suite.deps.db.ticketTransfer.count()).toBe(0);
    await dialog.getByLabel("Recipient's mobile number").fill(b.user.mobile!);
    await dialog.getByLabel('Message (optional)').fill('Happy birthday, Badr!');
    await dialog.getByRole('button', { name: 'Send gift' }).click();
    await pageA.getByTestId('transfer-sent').waitFor();
    expect(await pageA.getByTestId('transfer-sent').textContent()).toContain('Badr Hassan');
    expect(await suite.deps.db.ticketTransfer.findFirstOrThrow({ where: { ticketId: ticket!.id } })).toMatchObject({
      status: 'PENDING',
      kind: 'GIFT',
      toUserId: b.user.id,
    });

    // ── B signs in, sees the gift with its message, accepts ──
    const pageB = await suite.newPage();
    await signInCustomer(pageB, suite.deps, b.user.mobile!, { url: `${suite.server.url}/login?next=/transfers` });
    await pageB.waitForURL((u) => u.pathname === '/transfers');
    const offer = pageB.getByTestId('transfer-in').first();
    await offer.waitFor();
    expect(await offer.getAttribute('data-status')).toBe('PENDING');
    expect(await offer.getByTestId('transfer-message').textContent()).toContain('Happy birthday, Badr!');
    expect(await offer.textContent()).toContain('from Amira Hassan');
    await offer.getByRole('button', { name: 'Accept' }).click();
    await pageB.waitForURL((u) => u.pathname === `/tickets/${ticket!.id}`);
    await expect.poll(() => pageB.getByTestId('ticket-attendee').textContent()).toBe('Badr Hassan');
    await pageB.getByTestId('ticket-qr').waitFor();

    // ── A no longer has it; the server moved it and revoked the old secret ──
    await pageA.goto(`${suite.server.url}/tickets/${ticket!.id}`);
    await pageA.getByText('Ticket not found').waitFor();
    const row = await suite.deps.db.ticket.findUniqueOrThrow({ where: { id: ticket!.id } });
    expect(row.holderId).toBe(b.user.id);
    expect(row.secret).not.toBe(oldSecret);
    expect(
      await suite.deps.db.ticketRevocation.findUnique({ where: { secretHash: secretHash(oldSecret) } }),
    ).toMatchObject({
      reason: 'TRANSFERRED',
    });

    // ── B's other account pages: profile, dependents, favourites (from the event page), stats ──
    await pageB.goto(`${suite.server.url}/profile`);
    await pageB.getByLabel('Upload a photo (optional)').setInputFiles({
      name: 'me.png',
      mimeType: 'image/png',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    });
    await pageB.getByTestId('profile-photo').waitFor();
    await pageB.getByLabel('Blood type').selectOption('A+');
    await pageB.getByLabel('E-mail').fill('not-an-email');
    await pageB.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => pageB.locator('.ui-field__error').count()).toBeGreaterThan(0);
    await pageB.getByLabel('E-mail').fill('badr@example.com');
    await pageB.getByRole('button', { name: 'Save changes' }).click();
    await pageB.getByText('Your profile was saved.').waitFor();
    expect(await suite.deps.db.user.findUniqueOrThrow({ where: { id: b.user.id } })).toMatchObject({
      bloodType: 'A+',
      email: 'badr@example.com',
    });

    await pageB.goto(`${suite.server.url}/dependents`);
    await pageB.getByRole('button', { name: 'Add a dependent' }).click();
    await pageB.getByLabel('First name').fill('Sara');
    await pageB.getByLabel('Last name').fill('Hassan');
    await pageB.getByLabel('Relationship').fill('Daughter');
    await pageB.getByRole('button', { name: 'Add dependent' }).click();
    await pageB.getByTestId('dependent').first().waitFor();
    await pageB.getByRole('button', { name: 'Remove' }).click();
    await pageB.getByRole('dialog', { name: 'Remove Sara?' }).getByRole('button', { name: 'Remove' }).click();
    await pageB.getByText('No dependents yet').waitFor();
    expect(await suite.deps.db.dependent.count({ where: { customerId: b.user.id } })).toBe(0);

    const event = await suite.deps.db.event.findUniqueOrThrow({ where: { id: ev.eventId } });
    await pageB.goto(`${suite.server.url}/events/${event.slug}`);
    await pageB.getByTestId('favorite-toggle').click();
    await expect.poll(() => pageB.getByTestId('favorite-toggle').getAttribute('aria-pressed')).toBe('true');
    await pageB.goto(`${suite.server.url}/favorites`);
    expect(await pageB.getByTestId('favorite').textContent()).toContain(event.title);

    await pageA.goto(`${suite.server.url}/stats`);
    await pageA.getByTestId('my-stat-orders').waitFor();
    expect(await pageA.getByTestId('my-stat-orders').textContent()).toContain('1');
    await pageA.getByTestId('spend-chart').waitFor();
  });
});
