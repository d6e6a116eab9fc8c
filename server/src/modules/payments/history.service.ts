/**
 * The customer's payment history (seed 003 Plan 1 `GET /api/v1/users/payment-history/`).
 */
import type { TPage, TPageInput, TPaymentHistoryItem } from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../trpc/context.ts';
import { pageOf, pageWindow } from '../pagination.ts';

/**
 * The customer's payments that moved (or tried to move) money — SUCCEEDED and FAILED; abandoned
 * checkouts (never confirmed, cancelled) are not payments — newest first, page by page, each
 * with its order code, what was bought, the card when it is a saved one, and its refunds
 * (newest first). Amounts in minor units.
 */
export async function paymentHistory(deps: Deps, actor: Actor, input: TPageInput): Promise<TPage<TPaymentHistoryItem>> {
  const where: Prisma.PaymentWhereInput = {
    order: { customerId: actor.user.id },
    status: { in: ['SUCCEEDED', 'FAILED'] },
  };
  const [rows, total] = await Promise.all([
    deps.db.payment.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...pageWindow(input),
      select: {
        id: true,
        orderId: true,
        status: true,
        provider: true,
        amountMinor: true,
        currency: true,
        refundedMinor: true,
        offSession: true,
        paymentMethodRef: true,
        failureReason: true,
        disputedAt: true,
        createdAt: true,
        succeededAt: true,
        order: { select: { code: true, lines: { select: { description: true }, orderBy: { id: 'asc' }, take: 1 } } },
        refunds: {
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          select: {
            id: true,
            status: true,
            amountMinor: true,
            feeMinor: true,
            currency: true,
            reason: true,
            createdAt: true,
            succeededAt: true,
          },
        },
      },
    }),
    deps.db.payment.count({ where }),
  ]);
  const refs = [...new Set(rows.map((r) => r.paymentMethodRef).filter((r): r is string => !!r))];
  const cards = refs.length
    ? await deps.db.savedPaymentMethod.findMany({
        where: { userId: actor.user.id, providerRef: { in: refs } },
        select: { providerRef: true, brand: true, last4: true },
      })
    : [];
  const cardOf = new Map(cards.map((c) => [c.providerRef, { brand: c.brand, last4: c.last4 }]));
  const items = rows.map(({ order, paymentMethodRef, disputedAt, ...p }) => ({
    ...p,
    orderCode: order.code,
    description: order.lines[0]?.description ?? '',
    card: (paymentMethodRef && cardOf.get(paymentMethodRef)) || null,
    disputed: disputedAt !== null,
  }));
  return pageOf(items, total, input);
}
