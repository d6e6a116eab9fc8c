/**
 * The admin console in real Chromium against the started server (built SPA under /admin/):
 * sign-in with the e-mailed code (read from the outbox), wrong and expired codes, and what each
 * admin sub-role may do — support reads only (no Disable button, and the server refuses), an
 * admin disables a customer (database status + audit row, shown on the Audit log page), and
 * only a super admin creates admins.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../server/src/auth/password.ts';
import { latestCode, makeCustomer } from '../server/test/harness.ts';
import { browserSuite, builtClients, e2eReady } from './browser.ts';
import { adminPasswordStep, enterCode, makeAdmin, signInAdmin } from './sign-in.ts';

const ready = e2eReady(builtClients('admin'), 'the admin portal is not built (pnpm build)');

const PASSWORD = 'back-office-2026';
type Level = 'SUPER_ADMIN' | 'ADMIN' | 'SUPPORT';

(ready ? describe : describe.skip)('admin console in Chromium', () => {
  const suite = browserSuite({ viewport: { width: 1200, height: 900 } });
  let passwordHash: string;
  let seq = 0;

  beforeAll(async () => {
    passwordHash = await hashPassword(PASSWORD);
  });

  /** A fresh admin per scenario, so the 30 s resend cooldown of one account never interferes. */
  const newAdmin = (level: Level, firstName: string) =>
    makeAdmin(suite.deps, {
      level,
      email: `${firstName.toLowerCase()}.${++seq}@admit.test`,
      passwordHash,
      firstName,
      lastName: 'Admin',
    });

  const passwordStep = (page: Page, email: string, password = PASSWORD) =>
    adminPasswordStep(page, suite.server.url, email, password);
  const verify = (page: Page, code: string) => enterCode(page, code);

  /** Signs in through the UI (password, then the e-mailed code) and lands on Users. */
  const signIn = async (email: string): Promise<Page> => {
    const page = await suite.newPage();
    await signInAdmin(page, suite.deps, suite.server.url, email, PASSWORD);
    return page;
  };

  it('refuses a wrong password, and shows the 429 once the account is locked', async () => {
    const admin = await newAdmin('ADMIN', 'Wrong');
    const page = await suite.newPage();
    await passwordStep(page, admin.email!, 'not-the-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong credentials.');
    expect(await page.getByLabel('Code').count()).toBe(0);
    expect(await suite.deps.db.outboxMessage.count({ where: { recipient: admin.email! } })).toBe(0);

    // 10 wrong passwords lock the account for 15 minutes (server/src/auth/rate-limits.ts)
    const submit = async () => {
      const answer = page.waitForResponse((r) => r.url().includes('auth.admin.login'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      return (await answer).status();
    };
    for (let i = 2; i <= 10; i++) expect(await submit()).toBe(401);
    expect(await submit()).toBe(429);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/Too many failed sign-ins for this account\. Try again in \d+ s\./);
  });

  it('signs in with the e-mailed code after a wrong one, and lists users', async () => {
    const admin = await newAdmin('SUPER_ADMIN', 'Root');
    const { user: customer } = await makeCustomer(suite.deps, { firstName: 'Mariam' });
    const page = await suite.newPage();
    await passwordStep(page, admin.email!);
    await page.getByLabel('Code').waitFor();
    const code = await latestCode(suite.deps, admin.email!);
    const wrong = code === '000000' ? '111111' : '000000';

    await verify(page, wrong);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong code. 4 attempts left.');
    await page.getByLabel('Code').fill('');
    await verify(page, code);
    await page.waitForURL(/\/admin\/dashboard$/);
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.waitForURL(/\/admin\/users$/);

    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe('Root Admin');
    expect(await page.getByTestId('admin-level').first().textContent()).toBe('Super admin');
    const table = page.getByTestId('users-table');
    await expect.poll(() => table.textContent()).toContain(`Mariam ${customer.lastName}`);
    expect(await table.textContent()).toContain(admin.email!);
    const audit = await suite.deps.db.auditLog.findMany({ where: { targetId: admin.id }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['auth.code_failed', 'auth.login']);
  });

  it('shows the expiry message for an expired code and signs in with a new one', async () => {
    const admin = await newAdmin('SUPPORT', 'Late');
    const page = await suite.newPage();
    await passwordStep(page, admin.email!);
    await page.getByLabel('Code').waitFor();
    const old = await latestCode(suite.deps, admin.email!);

    suite.deps.clock.advance(11 * 60_000);
    await verify(page, old);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('This code has expired. Ask for a new one.');
    const resend = page.getByRole('button', { name: 'Send a new code' });
    expect(await resend.isEnabled()).toBe(true);
    await resend.click();
    await page.getByText('We sent a new 6-digit code').waitFor();
    const fresh = await latestCode(suite.deps, admin.email!);
    expect(fresh).not.toBe(old);
    expect(await suite.deps.db.outboxMessage.count({ where: { recipient: admin.email! } })).toBe(2);

    await verify(page, fresh);
    await page.waitForURL(/\/admin\/dashboard$/);
    expect(await page.getByTestId('admin-level').first().textContent()).toBe('Support');
  });

  it('lets support read only, an admin disable a customer (audited), and only a super admin create admins', async () => {
    const support = await newAdmin('SUPPORT', 'Helen');
    const ops = await newAdmin('ADMIN', 'Omar');
    const chief = await newAdmin('SUPER_ADMIN', 'Chief');
    const { user: customer } = await makeCustomer(suite.deps, { firstName: 'Youssef' });

    // support: the user page has no account actions, and the server refuses one sent anyway
    const sp = await signIn(support.email!);
    await sp.goto(`${suite.server.url}/admin/users/${customer.id}`);
    await sp.getByTestId('read-only-note').waitFor();
    expect(await sp.getByRole('button', { name: 'Disable' }).count()).toBe(0);
    expect(await sp.getByRole('button', { name: 'Sign out everywhere' }).count()).toBe(0);
    const refused = await sp.evaluate(async (id) => {
      const res = await fetch('/trpc/admin.users.disable', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { id } }),
      });
      return { status: res.status, body: await res.text() };
    }, customer.id);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('Your admin role does not allow this.');
    await sp.getByRole('link', { name: 'Admins', exact: true }).click();
    await sp.getByTestId('manage-note').waitFor();
    expect(await sp.getByRole('button', { name: 'Create admin' }).count()).toBe(0);

    // admin: actions on admin accounts are shown but unavailable, with the reason
    const op = await signIn(ops.email!);
    await op.goto(`${suite.server.url}/admin/users/${support.id}`);
    const blocked = op.getByRole('button', { name: 'Disable' });
    await blocked.waitFor();
    expect(await blocked.getAttribute('aria-disabled')).toBe('true');
    expect(await op.getByRole('tooltip').first().textContent()).toBe('Only a super admin can act on admin accounts.');

    // admin: disables the customer after confirming
    await op.goto(`${suite.server.url}/admin/users/${customer.id}`);
    await op.getByRole('button', { name: 'Disable' }).click();
    const dialog = op.getByRole('dialog', { name: `Disable Youssef ${customer.lastName}?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Disable account' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => op.getByTestId('user-status').textContent()).toBe('Disabled');
    expect((await suite.deps.db.user.findUniqueOrThrow({ where: { id: customer.id } })).status).toBe('DISABLED');
    const row = await suite.deps.db.auditLog.findFirst({ where: { action: 'user.disabled', targetId: customer.id } });
    expect(row).toMatchObject({ actorId: ops.id, targetType: 'user', before: { status: 'ACTIVE' } });
    expect(await suite.deps.db.session.count({ where: { userId: customer.id } })).toBe(0);

    // …and the Audit log page shows it
    await op.getByRole('link', { name: 'Audit log', exact: true }).click();
    const entry = op.locator('[data-testid="audit-row"][data-action="user.disabled"]');
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Omar Admin');
    // filtered by action prefix, and exported as CSV with the same filter (cookie-authenticated download)
    await op.getByLabel('Action starts with').fill('user.');
    await op.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => op.getByTestId('audit-row').count()).toBe(1);
    const csvLink = op.getByRole('link', { name: 'Export CSV' });
    expect(await csvLink.getAttribute('href')).toBe('/api/logs/audit/export.csv?action=user.');
    const [download] = await Promise.all([op.waitForEvent('download'), csvLink.click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^at,action,actor_id/);
    expect(csv).toContain(`user.disabled,${ops.id},ADMIN,user,${customer.id}`);
    expect(csv).not.toContain('auth.login');
    await op.getByRole('link', { name: 'Admins', exact: true }).click();
    await op.getByTestId('manage-note').waitFor();
    expect(await op.getByRole('button', { name: 'Create admin' }).count()).toBe(0);

    // super admin: creates an admin
    const sa = await signIn(chief.email!);
    await sa.getByRole('link', { name: 'Admins', exact: true }).click();
    await sa.getByRole('button', { name: 'Create admin' }).click();
    await sa.getByLabel('E-mail').fill('Nadia.New@Admit.test');
    await sa.getByLabel('First name').fill('Nadia');
    await sa.getByLabel('Last name').fill('Fouad');
    await sa.getByLabel('Initial password').fill('first-day-2026');
    await sa.getByLabel('Level', { exact: true }).selectOption('ADMIN');
    await sa.getByRole('button', { name: 'Create admin' }).click();
    await sa.getByText('Nadia Fouad (nadia.new@admit.test) can now sign in as admin.').waitFor();
    const created = await suite.deps.db.user.findUniqueOrThrow({ where: { email: 'nadia.new@admit.test' } });
    expect(created).toMatchObject({ role: 'ADMIN', adminLevel: 'ADMIN', firstName: 'Nadia' });
    await expect.poll(() => sa.getByTestId('admins-table').textContent()).toContain('Nadia Fouad');
  });
});
