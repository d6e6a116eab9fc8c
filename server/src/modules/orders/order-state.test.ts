import { describe, expect, it } from 'vitest';
import { assertOrderTransition, canTransitionOrder, ORDER_TRANSITIONS } from './order-state.ts';

describe('order state machine', () => {
  it('lets a pending order become paid, expired or cancelled', () => {
    for (const to of ['PAID', 'EXPIRED', 'CANCELLED'] as const) expect(canTransitionOrder('PENDING', to)).toBe(true);
  });
  it('lets only a paid order become refunded', () => {
    expect(canTransitionOrder('PAID', 'REFUNDED')).toBe(true);
    for (const from of ['PENDING', 'EXPIRED', 'CANCELLED'] as const) {
      expect(canTransitionOrder(from, 'REFUNDED')).toBe(false);
    }
  });
  it('treats expired, cancelled and refunded as terminal', () => {
    for (const from of ['EXPIRED', 'CANCELLED', 'REFUNDED'] as const) {
      expect(ORDER_TRANSITIONS[from]).toEqual([]);
      expect(() => assertOrderTransition(from, 'PENDING')).toThrow(/cannot become pending/);
    }
    expect(() => assertOrderTransition('PAID', 'PENDING')).toThrow(/cannot become pending/);
  });
});
