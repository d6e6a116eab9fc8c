import { describe, expect, it } from 'vitest';
import { newEventKeyPair, newTicketSecret, parseTicketQr, signTicketSecret } from './ticket-secret.ts';

const EVENT = '3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60';

describe('signed ticket secrets', () => {
  const keys = newEventKeyPair();
  const secret = newTicketSecret();
  const qr = signTicketSecret(keys.seed, EVENT, secret);

  it('round-trips the event id and secret and verifies under the event key only', () => {
    const parsed = parseTicketQr(qr);
    expect(parsed).toMatchObject({ eventId: EVENT, secret });
    expect(parsed!.verify(keys.publicKey)).toBe(true);
    expect(parsed!.verify(newEventKeyPair().publicKey)).toBe(false);
  });

  it('detects any change to the signed part', () => {
    const [v, e, s, sig] = qr.split('.');
    const otherSecret = s!.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'));
    expect(parseTicketQr([v, e, otherSecret, sig].join('.'))!.verify(keys.publicKey)).toBe(false);
    const flipped = sig!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(parseTicketQr([v, e, s, flipped].join('.'))!.verify(keys.publicKey)).toBe(false);
  });

  it('rejects text that is not an Admit code without throwing', () => {
    for (const text of [
      '',
      'hello',
      'A1.a.b.c',
      `A2${qr.slice(2)}`,
      `${qr}.extra`,
      qr.replace('A1.', 'A1..'),
      `A1.${'x'.repeat(600)}`,
    ]) {
      expect(parseTicketQr(text)).toBeNull();
    }
  });

  it('fits a QR code comfortably (under 150 characters)', () => {
    expect(qr.length).toBeLessThan(150);
  });
});
