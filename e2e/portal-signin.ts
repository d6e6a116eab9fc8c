/**
 * The identity pages every mobile-number portal (organizer, merchant) shares, as one suite run in
 * real Chromium against the started server (built SPA under /<portal>/, real HTTP, HttpOnly
 * cookie): wrong password; password + code sign-in with a wrong code first; an expired code and a
 * new one; password change signing out other devices (and per-device sign-out); password reset
 * back to sign-in. Sign-in lands on the portal's home (`landing`, the dashboard) and the account
 * page is one click away in the header. Codes are read from the outbox as a user reads an SMS; the harness clock
 * (shared with the server) makes codes expire. Each portal's file adds its own checks and tests.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../server/src/auth/password.ts';
import { validateSessionToken } from '../server/src/auth/sessions.ts';
import type { Prisma } from '../server/src/db/generated/client.ts';
import { latestCode, openTestDatabase, signIn, startTestServer, testDeps } from '../server/test/harness.ts';
import { builtClients, e2eReady, launchChromium } from './browser.ts';
import { enterCode, enterLatestCode, otherThan, portalPasswordStep, signInPortal } from './sign-in.ts';

export const PORTAL_PASSWORD = 'cairo-stage-2026';
const PASSWORD = PORTAL_PASSWORD;

type Deps = ReturnType<typeof testDeps>;

export interface PortalUser {
  id: string;
  mobile: string;
  name: string;
}

/** What a portal's own tests get from the suite (valid inside its `it` callbacks). */
export interface PortalSuiteContext {
  deps: Deps;
  server: Awaited<ReturnType<typeof startTestServer>>;
  newPage(): Promise<Page>;
  /** a new account of the portal's role with its own mobile number */
  makeUser(firstName: string): Promise<PortalUser>;
  /** password + SMS code through the portal's sign-in page, then the account page (header link) */
  signInWithUi(page: Page, mobile: string, password?: string): Promise<void>;
}

export interface PortalSignInOptions {
  portal: 'organizer' | 'merchant';
  role: 'ORGANIZER' | 'MERCHANT';
  /** the SPA's title suffix, e.g. "Admit Organizer" */
  title: string;
  /**
   * where `/` and sign-in land, under `/<portal>` (the portal's `<PortalApp home>`); default
   * `/dashboard`, which the organizer and merchant portals use
   */
  landing?: string;
  /** the landing page's document title before " · <title>"; default "Dashboard" */
  landingTitle?: string;
  lastName: string;
  /** 10 characters; two digits are appended per account */
  mobilePrefix: string;
  /** once before the tests: extra fields every new account gets (e.g. its organizer) */
  setup?: (deps: Deps) => Promise<Partial<Prisma.UserUncheckedCreateInput>>;
  /** the portal's own checks of the account page after signing in */
  checkProfile(page: Page, profileText: string): Promise<void>;
  /** the portal's own tests, registered inside the same suite */
  extraTests?(ctx: PortalSuiteContext): void;
}

export function describePortalSignIn(opts: PortalSignInOptions): void {
  const { portal } = opts;
  const landing = opts.landing ?? '/dashboard';
  const landingTitle = opts.landingTitle ?? 'Dashboard';
  const ready = e2eReady(builtClients(portal), `the ${portal} portal is not built (pnpm build)`);

  (ready ? describe : describe.skip)(`${portal} portal sign-in in Chromium`, () => {
    let db: Awaited<ReturnType<typeof openTestDatabase>>;
    let browser: Browser;
    let passwordHash: string;
    let extra: Partial<Prisma.UserUncheckedCreateInput> = {};
    let contexts: BrowserContext[] = [];
    let pageErrors: Error[] = [];
    let seq = 0;
    const ctx = {} as PortalSuiteContext;

    beforeAll(async () => {
      db = await openTestDatabase('pglite');
      ctx.deps = testDeps(db);
      ctx.server = await startTestServer(ctx.deps);
      passwordHash = await hashPassword(PASSWORD);
      extra = (await opts.setup?.(ctx.deps)) ?? {};
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
      await ctx.server?.close();
      await db?.close();
    });

    const makeUser = async (firstName: string): Promise<PortalUser> => {
      const mobile = `${opts.mobilePrefix}${String(seq++).padStart(2, '0')}`;
      const user = await ctx.deps.db.user.create({
        data: {
          role: opts.role,
          status: 'ACTIVE',
          mobile,
          passwordHash,
          firstName,
          lastName: opts.lastName,
          ...extra,
        },
      });
      return { id: user.id, mobile, name: `${firstName} ${opts.lastName}` };
    };
    ctx.makeUser = makeUser;

    const newPage = async (): Promise<Page> => {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err));
      return page;
    };
    ctx.newPage = newPage;

    /** The first step; the code step shows next (the code is in the outbox by then). */
    const passwordStep = (page: Page, mobile: string, password = PASSWORD) =>
      portalPasswordStep(page, ctx.server.url, portal, mobile, password);

    /** From any signed-in page: the header's `Account` link. */
    const openAccount = async (page: Page) => {
      await page.getByRole('link', { name: 'Account', exact: true }).click();
      await page.waitForURL((u) => u.pathname === `/${portal}/account`);
      await page.getByRole('heading', { name: 'Account' }).waitFor();
    };

    const signInWithUi = async (page: Page, mobile: string, password = PASSWORD) => {
      await signInPortal(page, ctx.deps, ctx.server.url, portal, mobile, password, landing);
      await openAccount(page);
    };
    ctx.signInWithUi = signInWithUi;

    it('refuses a wrong password with the server message', async () => {
      const user = await makeUser('Rania');
      const page = await newPage();
      await passwordStep(page, user.mobile, 'not-the-password');
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong credentials.');
      expect(new URL(page.url()).pathname).toBe(`/${portal}/login`);
      expect(await page.getByLabel('Code').count()).toBe(0);
      expect(await ctx.deps.db.outboxMessage.count({ where: { recipient: user.mobile } })).toBe(0);
    });

    it('signs in with the code after a wrong one, lands on the home page, shows the account, and signs out', async () => {
      const user = await makeUser('Nadia');
      const page = await newPage();
      // signed out, the home page sends to sign-in and comes back after
      await page.goto(`${ctx.server.url}/${portal}/`);
      await page.waitForURL((u) => u.pathname === `/${portal}/login`);
      await page.getByLabel('Mobile number').fill(user.mobile);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Code').waitFor();
      await expect.poll(() => page.getByText('printed in the server log').count()).toBe(1);

      const code = await latestCode(ctx.deps, user.mobile);
      await enterCode(page, otherThan(code));
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong code. 4 attempts left.');

      await enterCode(page, code);
      await page.waitForURL((u) => u.pathname === `/${portal}${landing}`);
      await expect.poll(() => page.title()).toBe(`${landingTitle} · ${opts.title}`);
      await openAccount(page);
      const profile = page.getByTestId('profile');
      await expect.poll(() => profile.textContent()).toContain(user.name);
      expect(await profile.textContent()).toContain(user.mobile);
      await opts.checkProfile(page, (await profile.textContent()) ?? '');
      expect(await page.getByTestId('signed-in-as').textContent()).toBe(user.name);
      expect(await page.title()).toBe(`Account · ${opts.title}`);

      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.waitForURL((u) => u.pathname === `/${portal}/login`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await ctx.deps.db.session.count({ where: { userId: user.id } })).toBe(0);
      await page.goto(`${ctx.server.url}/${portal}/account`);
      await page.waitForURL((u) => u.pathname === `/${portal}/login` && u.searchParams.get('next') === '/account');
    });

    it('says when the code has expired and signs in with a new one', async () => {
      const user = await makeUser('Hoda');
      const page = await newPage();
      await passwordStep(page, user.mobile);
      await page.getByLabel('Code').waitFor();
      const stale = await latestCode(ctx.deps, user.mobile);
      ctx.deps.clock.advance(11 * 60_000);

      await enterCode(page, stale);
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent()).toContain('This code has expired');
      await alert.getByRole('button', { name: 'Send a new code' }).click();
      await expect.poll(() => page.getByText('A new code was sent.').count()).toBe(1);
      const fresh = await latestCode(ctx.deps, user.mobile);
      expect(fresh).not.toBe(stale);

      await enterCode(page, fresh);
      await page.waitForURL((u) => u.pathname === `/${portal}${landing}`);
      await openAccount(page);
      await expect.poll(() => page.getByTestId('profile').textContent()).toContain(user.name);
    });

    it('changes the password, which signs out the other devices; one device can be signed out alone', async () => {
      const user = await makeUser('Mona');
      const tablet = await signIn(ctx.deps, user.id);
      const laptop = await signIn(ctx.deps, user.id);
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
        await validateSessionToken(ctx.deps.db, ctx.deps.clock, tablet.token),
        await validateSessionToken(ctx.deps.db, ctx.deps.clock, laptop.token),
      ];
      expect(left.filter(Boolean)).toHaveLength(1);

      // a wrong current password is refused and keeps this session
      await page.getByLabel('Current password').fill('wrong-password-1');
      await page.getByLabel('New password').fill('brand-new-pass-9');
      await page.getByRole('button', { name: 'Change password' }).click();
      await expect
        .poll(() => page.getByRole('alert').first().textContent())
        .toContain('The current password is wrong.');
      expect(new URL(page.url()).pathname).toBe(`/${portal}/account`);

      await page.getByLabel('Current password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
      await expect
        .poll(() => page.getByRole('status').filter({ hasText: 'Password changed.' }).textContent())
        .toContain('1 other device was signed out.');
      expect(await validateSessionToken(ctx.deps.db, ctx.deps.clock, tablet.token)).toBeNull();
      expect(await validateSessionToken(ctx.deps.db, ctx.deps.clock, laptop.token)).toBeNull();
      await expect.poll(() => devices.count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Sign out other devices' }).isDisabled()).toBe(true);

      // this device is still signed in, and the new password works (after the 30 s code cooldown)
      await page.reload();
      await expect.poll(() => page.getByTestId('profile').textContent()).toContain(user.name);
      ctx.deps.clock.advance(31_000);
      await signInWithUi(await newPage(), user.mobile, 'brand-new-pass-9');
    });

    it('resets a forgotten password and goes back to sign-in', async () => {
      const user = await makeUser('Salma');
      const page = await newPage();
      await page.goto(`${ctx.server.url}/${portal}/login`);
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.waitForURL((u) => u.pathname === `/${portal}/forgot-password`);
      await page.getByLabel('Mobile number').fill(user.mobile);
      await page.getByRole('button', { name: 'Send code' }).click();
      await page.getByLabel('Code').waitFor();
      await page.getByLabel('Code').fill(await latestCode(ctx.deps, user.mobile));
      await page.getByLabel('New password').fill('reset-pass-2026');
      await page.getByRole('button', { name: 'Reset password' }).click();

      await page.waitForURL((u) => u.pathname === `/${portal}/login`);
      await expect.poll(() => page.getByRole('status').textContent()).toContain('Your password was reset');
      expect(await page.getByLabel('Mobile number').inputValue()).toBe(user.mobile);
      await page.getByLabel('Password', { exact: true }).fill('reset-pass-2026');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await enterLatestCode(page, ctx.deps, user.mobile);
      await page.waitForURL((u) => u.pathname === `/${portal}${landing}`);
    });

    opts.extraTests?.(ctx);
  });
}
