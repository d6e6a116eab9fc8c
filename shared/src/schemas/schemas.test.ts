import { describe, expect, it } from 'vitest';
import { ZCardUid, ZListEventsInput, ZMobile, ZScanInput } from '../index.ts';

describe('shared input schemas', () => {
  it('normalises NFC UIDs and accepts only 4, 7 or 10 byte UIDs', () => {
    expect(ZCardUid.parse('04:a1:b2:c3:d4:e5:f6')).toBe('04A1B2C3D4E5F6');
    expect(ZCardUid.parse('deadbeef')).toBe('DEADBEEF');
    for (const bad of ['04A1B2', 'zz', '04A1B2C3D4E5F6AA']) expect(ZCardUid.safeParse(bad).success).toBe(false);
  });
  it('wants exactly one of qr or cardUid in a scan', () => {
    expect(ZScanInput.safeParse({ qr: 'x' }).success).toBe(true);
    expect(ZScanInput.safeParse({ cardUid: '04A1B2C3D4E5F6' }).success).toBe(true);
    expect(ZScanInput.safeParse({}).success).toBe(false);
    expect(ZScanInput.safeParse({ qr: 'x', cardUid: '04A1B2C3D4E5F6' }).success).toBe(false);
  });
  it('accepts E.164 mobiles only', () => {
    expect(ZMobile.safeParse('+201001234567').success).toBe(true);
    for (const bad of ['01001234567', '+0123456789', '+20 100 123', '+1234567890123456'])
      expect(ZMobile.safeParse(bad).success).toBe(false);
  });
  it('coerces query strings and refuses an inverted date window', () => {
    expect(ZListEventsInput.parse({ page: '2', pageSize: '5' })).toMatchObject({ page: 2, pageSize: 5, sort: 'date' });
    expect(ZListEventsInput.safeParse({ from: '2026-12-01', to: '2026-11-01' }).success).toBe(false);
  });
});
