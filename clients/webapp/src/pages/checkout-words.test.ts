/**
 * The checkout's wording by what the order buys (checkout-words.ts): "held" only where something
 * is held (event tickets, raffle entries); a card fee or a reload only has a window to pay.
 */
import { describe, expect, it } from 'vitest';
import { checkoutWords, type LineKind, purposeOf } from './checkout-words.ts';

const lines = (...kinds: LineKind[]) => kinds.map((kind) => ({ kind }));

describe('checkout wording', () => {
  it('tells the purpose from the order lines', () => {
    expect(purposeOf(lines('EVENT_TICKET', 'EVENT_TICKET'))).toBe('tickets');
    expect(purposeOf(lines('RAFFLE_ENTRY'))).toBe('raffle');
    expect(purposeOf(lines('NFC_CARD_FEE'))).toBe('cardFee');
    expect(purposeOf(lines('NFC_RELOAD'))).toBe('reload');
    expect(purposeOf([])).toBe('tickets');
  });

  it('says "Tickets held for" only for event tickets', () => {
    expect(checkoutWords('tickets').countdown).toBe('Tickets held for');
    expect(checkoutWords('raffle').countdown).toBe('Entries held for');
    for (const p of ['cardFee', 'reload'] as const) {
      const w = checkoutWords(p);
      // nothing is held or goes back on sale for a card fee or a reload
      const all = [w.countdown, w.expired.lead, w.expired.text, w.cancelled, w.paid.text, w.back, w.backAgain].join(
        ' ',
      );
      expect(all).not.toMatch(/ticket|held|hold|on sale|event|entries/i);
      expect(w.expired.text).toMatch(/Nothing was charged/);
      expect(w.back).toBe('Back to my cards');
    }
    expect(checkoutWords('cardFee').countdown).toBe('Pay the card fee within');
    expect(checkoutWords('reload').countdown).toBe('Complete the reload within');
  });

  it('keeps the event and raffle notices', () => {
    expect(checkoutWords('tickets')).toMatchObject({
      cancelled: 'The tickets went back on sale.',
      paid: { text: 'Your tickets are ready.', link: 'Go to my tickets' },
      backAgain: 'Back to the event to book again',
    });
    expect(checkoutWords('raffle')).toMatchObject({
      paid: { text: 'Your entries are numbered and in the draw.', link: 'See my entries' },
      back: 'Back to the raffle',
    });
  });
});
