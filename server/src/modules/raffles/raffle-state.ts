/**
 * Allowed raffle transitions, in one place (issue 8 contract "State machine"; like
 * orders/order-state.ts). Transitions are applied by conditional UPDATEs (`WHERE status = <from>`)
 * so that two racing actors (a job and an admin) cannot both move a raffle;
 * `assertRaffleTransition` gives the error for a transition that is not allowed at all.
 *
 *   DRAFT → OPEN (published) → CLOSED (sales over) → COMMITTED (commitment published)
 *         → DRAWN (winners chosen) → FULFILLED (every prize claimed or finally forfeited)
 *   DRAFT | OPEN | CLOSED | COMMITTED → CANCELLED → REFUNDING → REFUNDED
 */
import type { TRaffleStatus } from '@admit/shared';
import { AppError } from '../../errors.ts';

export const RAFFLE_TRANSITIONS: Record<TRaffleStatus, readonly TRaffleStatus[]> = {
  DRAFT: ['OPEN', 'CANCELLED'],
  OPEN: ['CLOSED', 'CANCELLED'],
  CLOSED: ['COMMITTED', 'CANCELLED'],
  COMMITTED: ['DRAWN', 'CANCELLED'],
  DRAWN: ['FULFILLED'],
  FULFILLED: [],
  CANCELLED: ['REFUNDING'],
  REFUNDING: ['REFUNDED'],
  REFUNDED: [],
};

/** The statuses a raffle may leave for `to` (the WHERE of the conditional UPDATE). */
export function rafflePredecessors(to: TRaffleStatus): TRaffleStatus[] {
  return (Object.keys(RAFFLE_TRANSITIONS) as TRaffleStatus[]).filter((from) => RAFFLE_TRANSITIONS[from].includes(to));
}

export function canTransitionRaffle(from: TRaffleStatus, to: TRaffleStatus): boolean {
  return RAFFLE_TRANSITIONS[from].includes(to);
}

/** Throws INVALID_STATE naming both states. */
export function assertRaffleTransition(from: TRaffleStatus, to: TRaffleStatus): void {
  if (!canTransitionRaffle(from, to)) {
    throw new AppError('INVALID_STATE', `A raffle that is ${from.toLowerCase()} cannot become ${to.toLowerCase()}.`);
  }
}

/** Statuses shown to the public (a DRAFT is never public). */
export const PUBLIC_RAFFLE_STATUSES: TRaffleStatus[] = [
  'OPEN',
  'CLOSED',
  'COMMITTED',
  'DRAWN',
  'FULFILLED',
  'CANCELLED',
  'REFUNDING',
  'REFUNDED',
];
