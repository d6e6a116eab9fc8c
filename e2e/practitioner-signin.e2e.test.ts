/**
 * The practitioner portal in real Chromium against the started server (built SPA under
 * /practitioner/): e-mail + password sign-in with no code step, the account page, a password
 * change that signs out another device (checked against the sessions table), sign-out, and the
 * forgot-password flow with the code read from the outbox.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../server/src/auth/password.ts';
import { validateSessionToken } from '../server/src/auth/sessions.ts';
import { latestCode, signIn } from '../server/test/harness.ts';
import { browserSuite, builtClients, e2eReady } from './browser.ts';

const ready = e2eReady(builtClients('practitioner'), 'the practitioner portal is not built (pnpm build)');

const PASSWORD = 'healing-hands-7';

(ready ? describe : describe.skip)('practitioner portal in Chromium', () => {
  const suite = browserSuite({ viewport: { width: 1100, height: 900 } });
  let passwordHash: string;

  beforeAll(async () => {
    passwordHash = await hashPassword(PASSWORD);
  });

  const makePractitioner = (firstName: string, email: string) =>
    suite.deps.db.user.create({
      data: { role: 'PRACTITIONER', email, passwordHash, firstName, lastName: 'Kamel', mobile: null },
    });

  const signInWith = async (page: Page, email: string, password: string) => {
    await page.goto(`${suite.server.url}/practitioner/login`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('refuses a wrong password, signs in without a code, and a password change signs out the other device', async () => {
    const doctor = await makePractitioner('Hana', 'hana.kamel@clinic.test');
    const page = await suite.newPage();

    await signInWith(page, doctor.email!, 'not-my-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong credentials.');
    expect(page.url()).toMatch(/\/practitioner\/login$/);

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/practitioner\/account$/);
    await expect.poll(() => page.getByTestId('profile').textContent()).toContain('hana.kamel@clinic.test');
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('Hana Kamel');
    expect(await suite.deps.db.outboxMessage.count({ where: { recipient: doctor.email! } })).toBe(0);

    // a second device (e.g. a phone) signs in; the devices list shows both
    const phone = await signIn(suite.deps, doctor.id);
    await page.reload();
    await expect.poll(() => page.getByTestId('device').count()).toBe(2);
    expect(await page.getByText('This device').count()).toBe(1);

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password').fill('fresh-start-2026');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. 1 other device was signed out.').waitFor();
    expect(await validateSessionToken(suite.deps.db, suite.deps.clock, phone.token)).toBeNull();
    await expect.poll(() => page.getByTestId('device').count()).toBe(1);

    // this device stays signed in; signing out returns to the sign-in page
    await page.reload();
    await page.getByTestId('profile').waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/practitioner\/login$/);
    await page.goto(`${suite.server.url}/practitioner/account`);
    await page.waitForURL(/\/practitioner\/login\?next=%2Faccount$/);

    // the new password works, the old one no longer does
    await signInWith(page, doctor.email!, PASSWORD);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong credentials.');
    await page.getByLabel('Password').fill('fresh-start-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/practitioner\/account$/);
  });

  it('resets a forgotten password with the e-mailed code', async () => {
    const doctor = await makePractitioner('Karim', 'karim.kamel@clinic.test');
    const page = await suite.newPage();
    await page.goto(`${suite.server.url}/practitioner/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(/\/practitioner\/forgot-password$/);
    await page.getByLabel('E-mail').fill('Karim.Kamel@clinic.test');
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('Code').waitFor();

    await page.getByLabel('Code').fill(await latestCode(suite.deps, doctor.email!));
    await page.getByLabel('New password').fill('new-chapter-2026');
    await page.getByRole('button', { name: 'Reset password' }).click();
    await page.getByText('Your password was changed').waitFor();

    await signInWith(page, doctor.email!, 'new-chapter-2026');
    await page.waitForURL(/\/practitioner\/account$/);
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('Karim Kamel');
  });
});
