/**
 * The organizer portal's identity pages in real Chromium (the shared portal suite,
 * e2e/portal-signin.ts); an organizer's account page names its organizer.
 */
import { expect } from 'vitest';
import { describePortalSignIn } from './portal-signin.ts';

describePortalSignIn({
  portal: 'organizer',
  role: 'ORGANIZER',
  title: 'Admit Organizer',
  lastName: 'Kamel',
  mobilePrefix: '+2010055500',
  async setup(deps) {
    const organizer = await deps.db.organizer.create({
      data: {
        name: 'Nile Nights Live',
        slug: 'nile-nights-live',
        contactEmail: 'hello@nile.test',
        contactPhone: '+201000000099',
      },
    });
    return { organizerId: organizer.id };
  },
  async checkProfile(_page, profileText) {
    expect(profileText).toContain('Nile Nights Live');
  },
});
