import { ZRaffleStatus } from '@admit/shared';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { assertRaffleTransition, canTransitionRaffle, RAFFLE_TRANSITIONS, rafflePredecessors } from './raffle-state.ts';

describe('raffle state machine', () => {
  it('follows the contract: sale → commitment → draw → fulfilment, or cancellation → refunds', () => {
    const path = ['DRAFT', 'OPEN', 'CLOSED', 'COMMITTED', 'DRAWN', 'FULFILLED'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransitionRaffle(path[i - 1]!, path[i]!)).toBe(true);
    for (const from of ['DRAFT', 'OPEN', 'CLOSED', 'COMMITTED'] as const) {
      expect(canTransitionRaffle(from, 'CANCELLED')).toBe(true);
    }
    expect(canTransitionRaffle('CANCELLED', 'REFUNDING')).toBe(true);
    expect(canTransitionRaffle('REFUNDING', 'REFUNDED')).toBe(true);
  });

  it('refuses skipping states, going back, cancelling after the draw and leaving a final state', () => {
    expect(canTransitionRaffle('DRAFT', 'CLOSED')).toBe(false);
    expect(canTransitionRaffle('OPEN', 'DRAFT')).toBe(false);
    expect(canTransitionRaffle('DRAWN', 'CANCELLED')).toBe(false);
    expect(canTransitionRaffle('CANCELLED', 'REFUNDED')).toBe(false);
    for (const final of ['FULFILLED', 'REFUNDED'] as const) expect(RAFFLE_TRANSITIONS[final]).toEqual([]);
    expect(() => assertRaffleTransition('DRAWN', 'CANCELLED')).toThrow(AppError);
    expect(() => assertRaffleTransition('DRAWN', 'CANCELLED')).toThrow(/drawn cannot become cancelled/);
  });

  it('covers every status and lists predecessors for conditional updates', () => {
    expect(Object.keys(RAFFLE_TRANSITIONS).sort()).toEqual([...ZRaffleStatus.options].sort());
    expect(rafflePredecessors('CANCELLED').sort()).toEqual(['CLOSED', 'COMMITTED', 'DRAFT', 'OPEN']);
  });
});
