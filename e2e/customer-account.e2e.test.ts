/**
 * The customer's account in Chromium: forgotten password by SMS code, devices list with
 * "sign out other devices", data download, and erasure of personal data.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../server/src/auth/password.ts';
import { validateSessionToken } from '../server/src/auth/sessions.ts';
import {
  latestCode,
  makeCustomer,
  openTestDatabase,
  signIn,
  startTestServer,
  testDeps,
} from '../server/test/harness.ts';
import { builtClients, e2eReady, launchChromium } from './browser.ts';
import { customerPasswordStep, enterCode, signInCustomer } from './sign-in.ts';

const ready = e2eReady(builtClients('webapp'), 'the webapp is not built (pnpm build)');

(ready ? describe : describe.skip)('customer account in Chromium', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    deps = testDeps(db);
    server = await startTestServer(deps);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  it('refuses a wrong code and an expired one at the customer sign-in, then signs in with a fresh code', async () => {
    const { user } = await makeCustomer(deps, { firstName: 'Omar', mobile: '+201088800002' });
    await deps.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword('gate-pass-22') } });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/login`);
    await customerPasswordStep(page, user.mobile!, 'gate-pass-22');
    await page.getByLabel('Code').waitFor();
    const code = await latestCode(deps, user.mobile!);
    await enterCode(page, code === '000000' ? '111111' : '000000');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Wrong code. 4 attempts left.');

    deps.clock.advance(11 * 60_000);
    await enterCode(page, code);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('expired');
    deps.clock.reset();

    // a fresh code works
    await page.getByRole('button', { name: /new code/i }).click();
    await expect.poll(async () => (await latestCode(deps, user.mobile!)) !== code).toBe(true);
    await enterCode(page, await latestCode(deps, user.mobile!));
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.getByTestId('signed-in-as').waitFor();
  });

  it('resets a forgotten password, signs out other devices, downloads data and erases it', async () => {
    const { user } = await makeCustomer(deps, { firstName: 'Rana', mobile: '+201088800001' });
    const other = await signIn(deps, user.id);
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();

    // forgotten password → code from the outbox → new password
    await page.goto(`${server.url}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Mobile number').fill(user.mobile!);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('Code').waitFor();
    await page.getByLabel('Code').fill(await latestCode(deps, user.mobile!));
    await page.getByLabel('New password').fill('brand-new-pass-1');
    await page.getByRole('button', { name: 'Reset password' }).click();
    await page.waitForURL(/\/login/);
    expect(await validateSessionToken(deps.db, deps.clock, other.token)).toBeNull(); // a reset signs out everywhere

    // sign in with the new password and the SMS code
    await signInCustomer(page, deps, user.mobile!, { password: 'brand-new-pass-1' });

    // devices: another session appears and can be signed out
    const second = await signIn(deps, user.id);
    await page.goto(`${server.url}/account`);
    await page.getByRole('button', { name: 'Sign out other devices' }).click();
    await expect.poll(() => validateSessionToken(deps.db, deps.clock, second.token)).toBeNull();

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
    const erased = await deps.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(erased).toMatchObject({ mobile: null, firstName: 'Deleted', status: 'DISABLED' });
    expect(erased.deletedAt).toBeInstanceOf(Date);
  });
});
