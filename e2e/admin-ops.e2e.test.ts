/**
 * The admin console's operations pages in real Chromium (issue 5): System logs (filters, the CSV
 * link with the same filters, request-id links) and Jobs (the dead-letter view; an admin retries
 * a dead job, support sees why it cannot).
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { browserSuite, builtClients, e2eReady } from './browser.ts';
import { adminSignIn } from './sign-in.ts';

const ready = e2eReady(builtClients('admin'), 'the admin portal is not built (pnpm build)');

const PASSWORD = 'back-office-2026';

(ready ? describe : describe.skip)('admin console: system logs and jobs', () => {
  const suite = browserSuite({ viewport: { width: 1200, height: 900 } });

  beforeAll(async () => {
    const at = suite.deps.clock.now().getTime();
    await suite.deps.db.systemLog.createMany({
      data: [
        { at: new Date(at - 3000), level: 'INFO', source: 'server', message: 'Admit is up' },
        {
          at: new Date(at - 2000),
          level: 'WARN',
          source: 'job',
          message: 'job failed; will retry',
          requestId: 'req-1',
        },
        { at: new Date(at - 1000), level: 'ERROR', source: 'http', message: 'unexpected error', requestId: 'req-1' },
      ],
    });
    await suite.deps.db.job.create({
      data: {
        type: 'notifications.deliver',
        status: 'DEAD',
        attempts: 8,
        maxAttempts: 8,
        lastError: 'SMTP 550 mailbox unavailable',
      },
    });
  });

  const signIn = adminSignIn(suite, { password: PASSWORD, emailPrefix: 'ops', firstName: 'Ops' });

  it('shows the development mailbox with the codes that were kept instead of sent', async () => {
    const page = await signIn('SUPPORT');
    await page.goto(`${suite.server.url}/admin/mailbox?channel=EMAIL`);
    const rows = page.getByTestId('mailbox-row');
    await rows.first().waitFor();
    expect(await rows.first().textContent()).toMatch(/Your Admit sign-in code is \d{6}/);
  });

  it('reads the system log with filters, follows a request id, and exports what it shows', async () => {
    const page = await signIn('SUPPORT');
    await page.getByRole('link', { name: 'System logs' }).click();
    const rows = page.getByTestId('system-log-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(3);

    await page.getByLabel('Level').selectOption('WARN');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain('level=WARN');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe(
      '/api/logs/system/export.csv?level=WARN',
    );

    await rows.first().getByRole('button', { name: 'req-1' }).click();
    await expect.poll(() => page.url()).toContain('requestId=req-1');
    await expect.poll(() => page.getByLabel('Request ID').inputValue()).toBe('req-1');
    expect(await rows.count()).toBe(2);
  });

  it('shows dead jobs; support may not retry, an admin retries once', async () => {
    const support = await signIn('SUPPORT');
    await support.getByRole('link', { name: 'Jobs' }).click();
    const row = support.getByTestId('job-row').filter({ hasText: 'SMTP 550 mailbox unavailable' });
    await row.waitFor();
    expect(await row.textContent()).toContain('8 / 8');
    // visible but inert, with the reason (GuardedButton)
    expect(await row.getByRole('button', { name: 'Retry' }).getAttribute('aria-disabled')).toBe('true');
    expect(await row.getByRole('tooltip').textContent()).toContain('can view jobs but not retry them');
    expect((await suite.deps.db.job.findFirstOrThrow({ where: { lastError: { contains: 'SMTP 550' } } })).status).toBe(
      'DEAD',
    );

    const admin = await signIn('ADMIN');
    await admin.getByRole('link', { name: 'Jobs' }).click();
    const adminRow = admin.getByTestId('job-row').filter({ hasText: 'SMTP 550 mailbox unavailable' });
    await adminRow.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => admin.getByRole('status').textContent()).toContain('is queued again');
    await expect.poll(() => adminRow.count()).toBe(0);
    const job = await suite.deps.db.job.findFirstOrThrow({ where: { type: 'notifications.deliver' } });
    expect(job).toMatchObject({ status: 'PENDING', attempts: 0 });
  });
});
