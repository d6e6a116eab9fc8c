/**
 * Saved payment methods (seed 004 "payment information storage"): Admit keeps the provider's
 * Customer id on the user (`User.stripeCustomerId`) and, per saved card, the PaymentMethod id with
 * brand, last 4 digits and expiry for display. Card numbers never reach Admit: the card is
 * collected by Stripe's Payment Element against a SetupIntent (`usage: off_session`,
 * https://docs.stripe.com/payments/save-and-reuse) and read back here by id.
 *
 * Per user, one method is the default (charged off-session, e.g. NFC auto-reload): the first one
 * saved, or the one chosen. Changes to a user's methods lock the user row, so concurrent calls
 * cannot leave two defaults or none.
 */
import { randomUUID } from 'node:crypto';
import type { TPaymentMethodSetup, TSavedPaymentMethod } from '@admit/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import type { Tx } from '../orders/capacity.ts';
import { paymentProvider } from './provider.ts';

const methodSelect = {
  id: true,
  provider: true,
  brand: true,
  last4: true,
  expMonth: true,
  expYear: true,
  isDefault: true,
  createdAt: true,
} as const;

const notFound = () => new AppError('NOT_FOUND', 'No such payment method.');

/** Serialises changes to one user's methods (row lock on the user until commit). */
async function lockUser(tx: Tx, userId: string) {
  await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${userId}::uuid FOR UPDATE`;
}

/** Makes the newest method the default when the user has methods but no default. */
async function ensureDefault(tx: Tx, userId: string) {
  const hasDefault = await tx.savedPaymentMethod.count({ where: { userId, isDefault: true } });
  if (hasDefault > 0) return;
  const newest = await tx.savedPaymentMethod.findFirst({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true },
  });
  if (newest) await tx.savedPaymentMethod.update({ where: { id: newest.id }, data: { isDefault: true } });
}

/** `GET /api/v1/users/payment-methods/`: the customer's saved cards, the default first, then newest. */
export async function listPaymentMethods(deps: Deps, actor: Actor): Promise<{ items: TSavedPaymentMethod[] }> {
  const items = await deps.db.savedPaymentMethod.findMany({
    where: { userId: actor.user.id },
    orderBy: [{ isDefault: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
    select: methodSelect,
  });
  return { items };
}

/**
 * `POST /api/v1/users/payment-methods/setup/`: starts saving a card. Creates the provider
 * Customer on first use (stored in `User.stripeCustomerId`) and a SetupIntent for off-session use;
 * returns its id and client secret for the Payment Element (offline: no card form, `testMode`).
 */
export async function setupPaymentMethod(deps: Deps, actor: Actor): Promise<TPaymentMethodSetup> {
  const provider = paymentProvider(deps);
  const user = await deps.db.user.findUniqueOrThrow({
    where: { id: actor.user.id },
    select: { id: true, email: true, firstName: true, lastName: true, stripeCustomerId: true },
  });
  const customerRef = await provider.ensureCustomer({
    userId: user.id,
    email: user.email,
    name: `${user.firstName} ${user.lastName}`.trim(),
    existingRef: user.stripeCustomerId,
  });
  if (!user.stripeCustomerId) {
    await deps.db.user.updateMany({
      where: { id: user.id, stripeCustomerId: null },
      data: { stripeCustomerId: customerRef },
    });
  }
  const setup = await provider.createSetupIntent({ customerRef, idempotencyKey: `setup:${user.id}:${randomUUID()}` });
  return {
    setupRef: setup.setupRef,
    clientSecret: setup.clientSecret,
    publishableKey: provider.publishableKey,
    testMode: provider.testMode,
  };
}

/**
 * `POST /api/v1/users/payment-methods/confirm/`: stores the card a completed SetupIntent saved.
 * Idempotent (the same setup twice stores one method). The first method becomes the default.
 * Errors: NOT_FOUND when the setup is unknown, not completed, or belongs to another customer.
 */
export async function confirmPaymentMethodSetup(
  deps: Deps,
  actor: Actor,
  setupRef: string,
): Promise<TSavedPaymentMethod> {
  const provider = paymentProvider(deps);
  const user = await deps.db.user.findUniqueOrThrow({
    where: { id: actor.user.id },
    select: { stripeCustomerId: true },
  });
  const info = user.stripeCustomerId ? await provider.retrieveSetupMethod(setupRef) : null;
  if (!info || (info.customerRef && info.customerRef !== user.stripeCustomerId)) {
    throw new AppError('NOT_FOUND', 'No completed card setup with this reference.');
  }
  return deps.db.$transaction(async (tx) => {
    await lockUser(tx, actor.user.id);
    const existing = await tx.savedPaymentMethod.findUnique({
      where: { providerRef: info.providerRef },
      select: { ...methodSelect, userId: true },
    });
    if (existing) {
      if (existing.userId !== actor.user.id)
        throw new AppError('NOT_FOUND', 'No completed card setup with this reference.');
      const { userId: _u, ...method } = existing;
      return method;
    }
    const first = (await tx.savedPaymentMethod.count({ where: { userId: actor.user.id } })) === 0;
    return tx.savedPaymentMethod.create({
      data: {
        userId: actor.user.id,
        provider: provider.name,
        providerRef: info.providerRef,
        brand: info.brand,
        last4: info.last4.slice(-4).padStart(4, '0'),
        expMonth: info.expMonth,
        expYear: info.expYear,
        isDefault: first,
        createdAt: deps.clock.now(),
      },
      select: methodSelect,
    });
  });
}

/**
 * `DELETE /api/v1/users/payment-methods/{id}/`: detaches the card at the provider and forgets
 * it; if it was the default, the newest remaining one becomes the default.
 * Errors: NOT_FOUND (also another customer's method).
 */
export async function removePaymentMethod(deps: Deps, actor: Actor, id: string): Promise<{ ok: true }> {
  const method = await deps.db.savedPaymentMethod.findFirst({
    where: { id, userId: actor.user.id },
    select: { id: true, provider: true, providerRef: true },
  });
  if (!method) throw notFound();
  const provider = paymentProvider(deps);
  if (provider.name === method.provider) await provider.detachMethod(method.providerRef);
  await deps.db.$transaction(async (tx) => {
    await lockUser(tx, actor.user.id);
    await tx.savedPaymentMethod.deleteMany({ where: { id: method.id, userId: actor.user.id } });
    await ensureDefault(tx, actor.user.id);
  });
  return { ok: true };
}

/**
 * `POST /api/v1/users/payment-methods/{id}/default/`: makes this card the one charged
 * off-session. Returns the updated list. Errors: NOT_FOUND (also another customer's method).
 */
export async function setDefaultPaymentMethod(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<{ items: TSavedPaymentMethod[] }> {
  await deps.db.$transaction(async (tx) => {
    await lockUser(tx, actor.user.id);
    const method = await tx.savedPaymentMethod.findFirst({
      where: { id, userId: actor.user.id },
      select: { id: true },
    });
    if (!method) throw notFound();
    await tx.savedPaymentMethod.updateMany({
      where: { userId: actor.user.id, isDefault: true, id: { not: id } },
      data: { isDefault: false },
    });
    await tx.savedPaymentMethod.update({ where: { id }, data: { isDefault: true } });
  });
  return listPaymentMethods(deps, actor);
}
