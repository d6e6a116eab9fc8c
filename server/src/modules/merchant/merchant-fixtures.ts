/**
 * Test fixtures for the merchant portal (int, pg, e2e tests and the access matrix): a merchant
 * account, stock cards in its name and a customer with a PAID card request. They write rows
 * directly, as the NFC module's card stock import and card-fee checkout would.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../auth/password.ts';
import type { AppDeps } from '../../deps.ts';

let merchantHash: Promise<string> | undefined;
export const MERCHANT_TEST_PASSWORD = 'merchant-stand-1';

const uniqueMobile = () => `+2018${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** A random 7-byte UID (NTAG21x) in the stored form: upper-case hex. */
export const randomCardUid = () => `04${randomBytes(6).toString('hex').toUpperCase()}`;

/** An ACTIVE merchant account (password `MERCHANT_TEST_PASSWORD`), with a business profile if named. */
export async function makeMerchant(
  deps: AppDeps,
  data: { firstName?: string; mobile?: string; businessName?: string } = {},
) {
  merchantHash ??= hashPassword(MERCHANT_TEST_PASSWORD);
  const user = await deps.db.user.create({
    data: {
      role: 'MERCHANT',
      status: 'ACTIVE',
      mobile: data.mobile ?? uniqueMobile(),
      passwordHash: await merchantHash,
      firstName: data.firstName ?? 'Omar',
      lastName: 'Stand',
      ...(data.businessName ? { merchantProfile: { create: { businessName: data.businessName } } } : {}),
    },
  });
  return user;
}

/** `count` ACTIVE cards in `merchantId`'s stock (no holder). */
export async function makeStockCards(deps: AppDeps, merchantId: string, count = 1) {
  const cards = [];
  for (let i = 0; i < count; i++) {
    cards.push(await deps.db.nfcCard.create({ data: { uid: randomCardUid(), merchantId, currency: 'EGP' } }));
  }
  return cards;
}

/** A PAID card request (fee EGP 50.00) for `customerId`, as after the card-fee checkout. */
export function makePaidCardRequest(deps: AppDeps, customerId: string) {
  return deps.db.nfcCardRequest.create({
    data: { customerId, status: 'PAID', feeMinor: 5_000, currency: 'EGP', paidAt: deps.clock.now() },
  });
}
