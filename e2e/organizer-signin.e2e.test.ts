/**
 * The organizer portal's identity pages in real Chromium against the started server (built SPA
 * under /organizer/, real HTTP, HttpOnly cookie): wrong password; password + code sign-in with a
 * wrong code first; an expired code and a new one; password change signing out other devices
 * (and per-device sign-out); password reset back to sign-in. Codes are read from the outbox as
 * a user reads an SMS; the harness clock (shared with the server) makes codes expire.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../server/src/auth/password.ts';
import { validateSessionToken } from '../server/src/auth/sessions.ts';
import { latestCode, openTestDatabase, signIn, startTestServer, testDeps } from '../server/test/harness.ts';
import { builtClients, e2eReady, launchChromium } from './browser.ts';
import { enterCode, enterLatestCode, otherThan, portalPasswordStep, signInPortal } from './sign-in.ts';

const ready = e2eReady(builtClients('organizer'), 'the organizer portal is not built (pnpm build)');

const PASSWORD = 'cairo-stage-2026';

(ready ? describe : describe.skip)('organizer portal sign-in in Chromium', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let organizerId: string;
  let passwordHash: string;
  let contexts: BrowserContext[] = [];
  let pageErrors: Error[] = [];
  let seq = 0;

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    deps = testDeps(db);
    server = await startTestServer(deps);
    passwordHash = await hashPassword(PASSWORD);
    const organizer = await deps.db.organizer.create({
      data: {
        name: 'Nile Nights Live',
        slug: 'nile-nights-live',
        contactEmail: 'hello@nile.test',
        contactPhone: '+201000000099',
      },
    });
    organizerId = organizer.id;
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    contexts = [];
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
    pageErrors = [];
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  /** A new organizer account with its own mobile number. */
  const makeOrganizer = async (firstName: string) => {
    const mobile = `+2010055500${String(seq++).padStart(2, '0')}`;
    const user = await deps.db.user.create({
      data: { role: 'ORGANIZER', status: 'ACTIVE', mobile, passwordHash, firstName, lastName: 'Kamel', organizerId },
    });
    return { id: user.id, mobile, name: `${firstName} Kamel` };
  };

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err));
    return page;
  };

  /** The first step; the code step shows next (the code is in the outbox by then). */
  const passwordStep = (page: Page, mobile: string, password = PASSWORD) =>
    portalPasswordStep(page, server.url, 'organizer', mobile, password);

  const signInWithUi = (page: Page, mobile: string, password = PASSWORD) =>
    signInPortal(page, deps, server.url, 'organizer', mobile, password);

  it('refuses a wrong password with the server message', async () => {
    const user = await makeOrganizer('Rania');
    const page = await newPage();
    await passwordStep(page, user.mobile, 'not-the-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong credentials.');
    expect(new URL(page.url()).pathname).toBe('/organizer/login');
    expect(await page.getByLabel('Code').count()).toBe(0);
    expect(await deps.db.outboxMessage.count({ where: { recipient: user.mobile } })).toBe(0);
  });

  it('signs in with the code after a wrong one, shows the account, and signs out', async () => {
    const user = await makeOrganizer('Nadia');
    const page = await newPage();
    // signed out, the home page sends to sign-in and comes back after
    await page.goto(`${server.url}/organizer/`);
    await page.waitForURL((u) => u.pathname === '/organizer/login');
    await page.getByLabel('Mobile number').fill(user.mobile);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Code').waitFor();
    await expect.poll(() => page.getByText('printed in the server log').count()).toBe(1);

    const code = await latestCode(deps, user.mobile);
    await enterCode(page, otherThan(code));
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong code. 4 attempts left.');

    await enterCode(page, code);
    await page.waitForURL((u) => u.pathname === '/organizer/account');
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    const profile = page.getByTestId('profile');
    await expect.poll(() => profile.textContent()).toContain(user.name);
    expect(await profile.textContent()).toContain(user.mobile);
    expect(await profile.textContent()).toContain('Nile Nights Live');
    expect(await page.getByTestId('signed-in-as').textContent()).toBe(user.name);
    expect(await page.title()).toBe('Account · Admit Organizer');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/organizer/login');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await deps.db.session.count({ where: { userId: user.id } })).toBe(0);
    await page.goto(`${server.url}/organizer/account`);
    await page.waitForURL((u) => u.pathname === '/organizer/login' && u.searchParams.get('next') === '/account');
  });

  it('says when the code has expired and signs in with a new one', async () => {
    const user = await makeOrganizer('Hoda');
    const page = await newPage();
    await passwordStep(page, user.mobile);
    await page.getByLabel('Code').waitFor();
    const stale = await latestCode(deps, user.mobile);
    deps.clock.advance(11 * 60_000);

    await enterCode(page, stale);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('This code has expired');
    await alert.getByRole('button', { name: 'Send a new code' }).click();
    await expect.poll(() => page.getByText('A new code was sent.').count()).toBe(1);
    const fresh = await latestCode(deps, user.mobile);
    expect(fresh).not.toBe(stale);

    await enterCode(page, fresh);
    await page.waitForURL((u) => u.pathname === '/organizer/account');
    await expect.poll(() => page.getByTestId('profile').textContent()).toContain(user.name);
  });

  it('changes the password, which signs out the other devices; one device can be signed out alone', async () => {
    const user = await makeOrganizer('Mona');
    const tablet = await signIn(deps, user.id);
    const laptop = await signIn(deps, user.id);
    const page = await newPage();
    await signInWithUi(page, user.mobile);

    const devices = page.getByTestId('device');
    await expect.poll(() => devices.count()).toBe(3);
    expect(await page.getByTestId('device').filter({ hasText: 'This device' }).count()).toBe(1);

    // one device alone
    await devices
      .filter({ hasText: 'Unknown device' })
      .first()
      .getByRole('button', { name: /^Sign out Unknown device/ })
      .click();
    await expect.poll(() => devices.count()).toBe(2);
    const left = [
      await validateSessionToken(deps.db, deps.clock, tablet.token),
      await validateSessionToken(deps.db, deps.clock, laptop.token),
    ];
    expect(left.filter(Boolean)).toHaveLength(1);

    // a wrong current password is refused and keeps this session
    await page.getByLabel('Current password').fill('wrong-password-1');
    await page.getByLabel('New password').fill('brand-new-pass-9');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('The current password is wrong.');
    expect(new URL(page.url()).pathname).toBe('/organizer/account');

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Password changed.' }).textContent())
      .toContain('1 other device was signed out.');
    expect(await validateSessionToken(deps.db, deps.clock, tablet.token)).toBeNull();
    expect(await validateSessionToken(deps.db, deps.clock, laptop.token)).toBeNull();
    await expect.poll(() => devices.count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Sign out other devices' }).isDisabled()).toBe(true);

    // this device is still signed in, and the new password works (after the 30 s code cooldown)
    await page.reload();
    await expect.poll(() => page.getByTestId('profile').textContent()).toContain(user.name);
    deps.clock.advance(31_000);
    await signInWithUi(await newPage(), user.mobile, 'brand-new-pass-9');
  });

  it('resets a forgotten password and goes back to sign-in', async () => {
    const user = await makeOrganizer('Salma');
    const page = await newPage();
    await page.goto(`${server.url}/organizer/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL((u) => u.pathname === '/organizer/forgot-password');
    await page.getByLabel('Mobile number').fill(user.mobile);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('Code').waitFor();
    await page.getByLabel('Code').fill(await latestCode(deps, user.mobile));
    await page.getByLabel('New password').fill('reset-pass-2026');
    await page.getByRole('button', { name: 'Reset password' }).click();

    await page.waitForURL((u) => u.pathname === '/organizer/login');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Your password was reset');
    expect(await page.getByLabel('Mobile number').inputValue()).toBe(user.mobile);
    await page.getByLabel('Password', { exact: true }).fill('reset-pass-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await enterLatestCode(page, deps, user.mobile);
    await page.waitForURL((u) => u.pathname === '/organizer/account');
  });
});
