/**
 * Sign-in through the portals' own pages, as a person does it: the password step, then the
 * one-time code read from the outbox (as a user reads the SMS or e-mail). Shared by the e2e files.
 */
import type { BrowserContextOptions, Page } from 'playwright-core';
import { hashPassword } from '../server/src/auth/password.ts';
import type { AppDeps } from '../server/src/deps.ts';
import { latestCode, TEST_PASSWORD } from '../server/test/harness.ts';
import type { BrowserSuite } from './browser.ts';

type AdminLevel = 'SUPER_ADMIN' | 'ADMIN' | 'SUPPORT';

/** A six-digit code that is not `code`. */
export const otherThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** Types `code` into the code field and presses `button`. */
export async function enterCode(page: Page, code: string, button = 'Verify'): Promise<void> {
  await page.getByLabel('Code').fill(code);
  await page.getByRole('button', { name: button }).click();
}

/** Waits for the code step, then enters the latest code sent to `recipient` (mobile or e-mail). */
export async function enterLatestCode(page: Page, deps: AppDeps, recipient: string): Promise<void> {
  await page.getByLabel('Code').waitFor();
  await enterCode(page, await latestCode(deps, recipient));
}

/** The webapp's password step, on the sign-in form the page shows now. */
export async function customerPasswordStep(page: Page, mobile: string, password = TEST_PASSWORD): Promise<void> {
  await page.getByLabel('Mobile number').fill(mobile);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Signs a customer in to the webapp: opens `url` when given (else uses the form on the page),
 * mobile + password, then the SMS code; resolves once the page has left /login.
 */
export async function signInCustomer(
  page: Page,
  deps: AppDeps,
  mobile: string,
  { url, password = TEST_PASSWORD }: { url?: string; password?: string } = {},
): Promise<void> {
  if (url) await page.goto(url);
  await customerPasswordStep(page, mobile, password);
  await enterLatestCode(page, deps, mobile);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** The organizer or merchant portal's first step (mobile + password) on `/<portal>/login`. */
export async function portalPasswordStep(
  page: Page,
  baseUrl: string,
  portal: 'organizer' | 'merchant',
  mobile: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/${portal}/login`);
  await page.getByLabel('Mobile number').fill(mobile);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Signs in to the organizer or merchant portal with the SMS code; resolves on the landing page
 * `/<portal><landing>` (both portals' home is their dashboard).
 */
export async function signInPortal(
  page: Page,
  deps: AppDeps,
  baseUrl: string,
  portal: 'organizer' | 'merchant',
  mobile: string,
  password: string,
  landing = '/dashboard',
): Promise<void> {
  await portalPasswordStep(page, baseUrl, portal, mobile, password);
  await enterLatestCode(page, deps, mobile);
  await page.waitForURL((u) => u.pathname === `/${portal}${landing}`);
}

/** A verified admin account of `level` (e-mail sign-in). */
export function makeAdmin(
  deps: AppDeps,
  data: { level: AdminLevel; email: string; passwordHash: string; firstName: string; lastName: string },
) {
  return deps.db.user.create({
    data: {
      role: 'ADMIN',
      adminLevel: data.level,
      email: data.email,
      emailVerifiedAt: deps.clock.now(),
      passwordHash: data.passwordHash,
      firstName: data.firstName,
      lastName: data.lastName,
    },
  });
}

/** The admin console's first step (e-mail + password) on /admin/login. */
export async function adminPasswordStep(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in to the admin console with the e-mailed code; resolves on the landing page (the dashboard). */
export async function signInAdmin(
  page: Page,
  deps: AppDeps,
  baseUrl: string,
  email: string,
  password: string,
): Promise<void> {
  await adminPasswordStep(page, baseUrl, email, password);
  await enterLatestCode(page, deps, email);
  await page.waitForURL(/\/admin\/dashboard$/);
}

/** Signs an usher in to the gate app for `eventId`; resolves once the gate screen shows its count. */
export async function signInUsher(page: Page, baseUrl: string, eventId: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/usher/login?event=${eventId}`);
  await page.getByLabel('Event ID').fill(eventId);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('admitted-total').waitFor();
}

/**
 * For the admin console's e2e files: returns `signIn(level)`, which makes a fresh verified admin
 * of `level` (e-mail `<emailPrefix>.<n>@admit.test`, first name `firstName`, last name the level,
 * password `password`), opens a page of `suite` (with `context` options, e.g. `acceptDownloads`)
 * and signs in with the e-mailed code; it resolves on the dashboard. A fresh account each time,
 * so one account's code-resend cooldown never interferes with the next test.
 */
export function adminSignIn(
  suite: BrowserSuite,
  opts: { password: string; emailPrefix: string; firstName: string; context?: BrowserContextOptions },
): (level: AdminLevel) => Promise<Page> {
  let seq = 0;
  return async (level) => {
    const email = `${opts.emailPrefix}.${++seq}@admit.test`;
    await makeAdmin(suite.deps, {
      level,
      email,
      passwordHash: await hashPassword(opts.password),
      firstName: opts.firstName,
      lastName: level,
    });
    const page = await suite.newPage(opts.context);
    await signInAdmin(page, suite.deps, suite.server.url, email, opts.password);
    return page;
  };
}
