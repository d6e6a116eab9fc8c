/**
 * The customer's account in Chromium: forgotten password by SMS code, devices list with
 * "sign out other devices", data download, and erasure of personal data.
 */

import { describe, expect, it } from 'vitest';
import { hashPassword } from '../server/src/auth/password.ts';
import { validateSessionToken } from '../server/src/auth/sessions.ts';
import { latestCode, makeCustomer, signIn } from '../server/test/harness.ts';
import { browserSuite, builtClients, e2eReady } from './browser.ts';
import { customerPasswordStep, enterCode, signInCustomer } from './sign-in.ts';

const ready = e2eReady(builtClients('webapp'), 'the webapp is not built (pnpm build)');

(ready ? describe : describe.skip)('customer account in Chromium', () => {
  const suite = browserSuite();

  it('refuses a wrong code and an expired one at the customer sign-in, then signs in with a fresh code', async () => {
    const { user } = await makeCustomer(suite.deps, { firstName: 'Omar', mobile: '+201088800002' });
    await suite.deps.db.user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword('gate-pass-22') },
    });
    const page = await suite.newPage();
    await page.goto(`${suite.server.url}/login`);
    await customerPasswordStep(page, user.mobile!, 'gate-pass-22');
    await page.getByLabel('Code').waitFor();
    const code = await latestCode(suite.deps, user.mobile!);
    await enterCode(page, code === '000000' ? '111111' : '000000');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Wrong code. 4 attempts left.');

    suite.deps.clock.advance(11 * 60_000);
    await enterCode(page, code);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('expired');
    suite.deps.clock.reset();

    // a fresh code works
    await page.getByRole('button', { name: /new code/i }).click();
    await expect.poll(async () => (await latestCode(suite.deps, user.mobile!)) !== code).toBe(true);
    await enterCode(page, await latestCode(suite.deps, user.mobile!));
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.getByTestId('signed-in-as').waitFor();
  });

  it('resets a forgotten password, signs out other devices, downloads data and erases it', async () => {
    const { user } = await makeCustomer(suite.deps, { firstName: 'Rana', mobile: '+201088800001' });
    const other = await signIn(suite.deps, user.id);
    const page = await suite.newPage({ acceptDownloads: true });

    // forgotten password → code from the outbox → new password
    await page.goto(`${suite.server.url}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Mobile number').fill(user.mobile!);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('Code').waitFor();
    await page.getByLabel('Code').fill(await latestCode(suite.deps, user.mobile!));
    await page.getByLabel('New password').fill('brand-new-pass-1');
    await page.getByRole('button', { name: 'Reset password' }).click();
    await page.waitForURL(/\/login/);
    expect(await validateSessionToken(suite.deps.db, suite.deps.clock, other.token)).toBeNull(); // a reset signs out everywhere

    // sign in with the new password and the SMS code
    await signInCustomer(page, suite.deps, user.mobile!, { password: 'brand-new-pass-1' });

    // devices: another session appears and can be signed out
    const second = await signIn(suite.deps, user.id);
    await page.goto(`${suite.server.url}/account`);
    await page.getByRole('button', { name: 'Sign out other devices' }).click();
    await expect.poll(() => validateSessionToken(suite.deps.db, suite.deps.clock, second.token)).toBeNull();

    // download my data
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download my data' }).click(),
    ]);
    const body = await (await download.createReadStream()).toArray();
    const data = JSON.parse(Buffer.concat(body).toString('utf8')) as { profile: { mobile: string } };
    expect(data.profile.mobile).toBe(user.mobile);
    expect(JSON.stringify(data)).not.toMatch(/passwordHash|secretHash|codeHash/);

    // erase personal data
    await page.getByRole('button', { name: 'Delete my personal data' }).click();
    await page.getByLabel('Password', { exact: true }).fill('brand-new-pass-1');
    await page.getByRole('button', { name: 'Delete permanently' }).click();
    await page.waitForURL(/erased=1/);
    const erased = await suite.deps.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(erased).toMatchObject({ mobile: null, firstName: 'Deleted', status: 'DISABLED' });
    expect(erased.deletedAt).toBeInstanceOf(Date);
  });
});
