/** The gate's pure rules (scan-core.ts): entry policies, exits, revocation reasons, card UIDs. */
import { ZSyncUploadInput } from '@admit/shared';
import { describe, expect, it } from 'vitest';
import { entryRefusal, exitRefusal, normalizeUid, pickCardTicket, revocationReason } from './scan-core.ts';

const never = { checkedInAt: null, entries: 0, inside: false };
const inside = { checkedInAt: new Date(0), entries: 1, inside: true };
const left = { checkedInAt: new Date(0), entries: 1, inside: false };

describe('entry policies (pretix check-in list options)', () => {
  it.each([
    ['SINGLE', never, null],
    ['SINGLE', inside, 'ALREADY_SCANNED'],
    ['SINGLE', left, 'ALREADY_SCANNED'],
    ['MULTIPLE', never, null],
    ['MULTIPLE', inside, null],
    ['MULTIPLE', left, null],
    ['REENTRY_AFTER_EXIT', never, null],
    ['REENTRY_AFTER_EXIT', inside, 'ALREADY_SCANNED'],
    ['REENTRY_AFTER_EXIT', left, null],
  ] as const)('%s with %o → %s', (policy, state, refusal) => {
    expect(entryRefusal(policy, state)?.result ?? null).toBe(refusal);
  });

  it('says why a re-entry is refused, and refuses exits of tickets not inside', () => {
    expect(entryRefusal('REENTRY_AFTER_EXIT', inside)).toEqual({ result: 'ALREADY_SCANNED', reason: 'ALREADY_INSIDE' });
    expect(exitRefusal(inside)).toBeNull();
    expect(exitRefusal(left)).toEqual({ result: 'INVALID', reason: 'NOT_INSIDE' });
    expect(exitRefusal(never)).toEqual({ result: 'INVALID', reason: 'NOT_INSIDE' });
  });
});

describe('codes', () => {
  it('maps revocation reasons to what the gate shows', () => {
    expect(revocationReason('REFUNDED')).toBe('REFUNDED');
    expect(revocationReason('EVENT_CANCELLED')).toBe('REFUNDED');
    expect(revocationReason('VOIDED')).toBe('VOID');
    expect(revocationReason('TRANSFERRED')).toBe('REVOKED');
  });

  it('normalizes card UIDs of 4, 7 and 10 bytes and rejects the rest', () => {
    expect(normalizeUid('04:a1:b2:c3:d4:e5:f6')).toBe('04A1B2C3D4E5F6');
    expect(normalizeUid('deadbeef')).toBe('DEADBEEF');
    expect(normalizeUid('A1.abc.def')).toBeNull();
    expect(normalizeUid('04A1B2C3D4E5')).toBeNull();
  });

  it('picks the card holder’s ticket the direction needs', () => {
    const t = (status: string, checkedInAt: Date | null, inside: boolean) => ({ status, checkedInAt, inside });
    const admitted = t('VALID', new Date(0), true);
    const fresh = t('VALID', null, false);
    const refunded = t('REFUNDED', null, false);
    expect(pickCardTicket([refunded, admitted, fresh], 'ENTRY')).toBe(fresh);
    expect(pickCardTicket([refunded, fresh, admitted], 'EXIT')).toBe(admitted);
    expect(pickCardTicket([refunded], 'ENTRY')).toBe(refunded);
    expect(pickCardTicket([], 'ENTRY')).toBeUndefined();
  });
});

describe('upload schema', () => {
  const scan = {
    nonce: '6f1c2d9e-5a4b-4c3d-8e2f-1a2b3c4d5e6f',
    code: 'A1.x',
    method: 'QR',
    scannedAt: '2026-11-21T18:00:00Z',
    offlineResult: 'VALID',
  };
  it('takes up to 500 scans, ENTRY by default, device time as a Date', () => {
    const ok = ZSyncUploadInput.parse({ deviceId: 'gate-a', scans: [scan] });
    expect(ok.scans[0]).toMatchObject({ direction: 'ENTRY', scannedAt: new Date('2026-11-21T18:00:00Z') });
    const big = ZSyncUploadInput.safeParse({ deviceId: 'gate-a', scans: Array(501).fill(scan) });
    expect(big.success).toBe(false);
    expect(big.error?.issues[0]?.path).toEqual(['scans']);
    expect(ZSyncUploadInput.safeParse({ deviceId: 'gate-a', scans: [{ ...scan, nonce: 'n-1' }] }).success).toBe(false);
  });
});
