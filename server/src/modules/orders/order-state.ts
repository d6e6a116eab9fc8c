/**
 * Allowed order transitions, in one place (DESIGN.md "Data rules"). Transitions are applied by
 * conditional UPDATEs (`WHERE status = <from>`) so that two racing actors cannot both move an
 * order; `assertOrderTransition` gives the error for a transition that is not allowed at all.
 *
 *   PENDING → PAID | EXPIRED | CANCELLED        (terminal: EXPIRED, CANCELLED, REFUNDED)
 *   PAID → REFUNDED                              (every line refunded; partial refunds stay PAID)
 */
import type { TOrderStatus } from '@admit/shared';
import { AppError } from '../../errors.ts';

export const ORDER_TRANSITIONS: Record<TOrderStatus, readonly TOrderStatus[]> = {
  PENDING: ['PAID', 'EXPIRED', 'CANCELLED'],
  PAID: ['REFUNDED'],
  REFUNDED: [],
  EXPIRED: [],
  CANCELLED: [],
};

export function canTransitionOrder(from: TOrderStatus, to: TOrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** Throws INVALID_STATE naming both states. */
export function assertOrderTransition(from: TOrderStatus, to: TOrderStatus): void {
  if (!canTransitionOrder(from, to)) {
    throw new AppError('INVALID_STATE', `An order that is ${from.toLowerCase()} cannot become ${to.toLowerCase()}.`);
  }
}
