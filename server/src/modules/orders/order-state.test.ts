import { describe, expect, it } from 'vitest';
import { assertOrderTransition, canTransitionOrder, ORDER_TRANSITIONS } from './order-state.ts';

describe('order state machine', () => {
  it('lets a pending order become paid, expired or cancelled', () => {
    for (const to of ['PAID', 'EXPIRED', 'CANCELLED'] as const) expect(canTransitionOrder('PENDING', to)).toBe(true);
  });
  it('treats paid, expired and cancelled as terminal for now', () => {
    for (const from of ['PAID', 'EXPIRED', 'CANCELLED'] as const) {
      expect(ORDER_TRANSITIONS[from]).toEqual([]);
      expect(() => assertOrderTransition(from, 'PENDING')).toThrow(/cannot become pending/);
    }
  });
});
