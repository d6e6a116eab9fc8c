/**
 * The merchant portal's identity pages in real Chromium (the shared portal suite, e2e/portal-signin.ts)
 * plus its own: no organizer on the profile, and a mobile change confirmed with the code sent to
 * the NEW number (the new number is then the one to sign in with).
 */
import { expect, it } from 'vitest';
import { latestCode } from '../server/test/harness.ts';
import { describePortalSignIn, PORTAL_PASSWORD } from './portal-signin.ts';
import { otherThan } from './sign-in.ts';

describePortalSignIn({
  portal: 'merchant',
  role: 'MERCHANT',
  title: 'Admit Merchant',
  lastName: 'Saad',
  mobilePrefix: '+2010066600',
  async checkProfile(page, profileText) {
    expect(profileText).not.toContain('Organizer');
    await page.getByRole('heading', { name: 'Change mobile' }).waitFor();
  },
  extraTests(ctx) {
    it('changes the mobile number with the code sent to the new number', async () => {
      const user = await ctx.makeUser('Karim');
      const newMobile = '+201066699901';
      const page = await ctx.newPage();
      await ctx.signInWithUi(page, user.mobile);
      const card = page.getByRole('region', { name: 'Change mobile' });

      // a wrong password sends nothing and keeps the session
      await card.getByLabel('New mobile number').fill(newMobile);
      await card.getByLabel('Password', { exact: true }).fill('not-my-password');
      await card.getByRole('button', { name: 'Send code' }).click();
      await expect.poll(() => card.getByRole('alert').textContent()).toContain('The password is wrong.');
      expect(await ctx.deps.db.outboxMessage.count({ where: { recipient: newMobile } })).toBe(0);

      await card.getByLabel('Password', { exact: true }).fill(PORTAL_PASSWORD);
      await card.getByRole('button', { name: 'Send code' }).click();
      await card.getByLabel('Code').waitFor();
      expect(await card.textContent()).toContain(newMobile.slice(-4));
      const code = await latestCode(ctx.deps, newMobile);
      await card.getByLabel('Code').fill(otherThan(code));
      await card.getByRole('button', { name: 'Confirm' }).click();
      await expect.poll(() => card.getByRole('alert').textContent()).toContain('Wrong code. 4 attempts left.');
      await card.getByLabel('Code').fill(code);
      await card.getByRole('button', { name: 'Confirm' }).click();

      await expect
        .poll(() => card.getByRole('status').textContent())
        .toContain(`Your mobile number is now ${newMobile}`);
      await expect.poll(() => page.getByTestId('profile').textContent()).toContain(newMobile);
      expect((await ctx.deps.db.user.findUniqueOrThrow({ where: { id: user.id } })).mobile).toBe(newMobile);

      // the new number is the one to sign in with
      ctx.deps.clock.advance(31_000);
      await ctx.signInWithUi(await ctx.newPage(), newMobile);
    });
  },
});
