import { createHash } from 'node:crypto';
import type { TSyncAttendee, TSyncCard } from '@admit/shared';
import { describe, expect, it } from 'vitest';
import {
  newEventKeyPair,
  newTicketSecret,
  signTicketSecret,
} from '../../../../server/src/modules/tickets/ticket-secret.ts';
import {
  admission,
  applyScan,
  type CardLookup,
  decideCard,
  decideQr,
  effectiveState,
  FRESH_TICKET,
  type ListRule,
  parseTicketQr,
  type QrLookup,
  sha256Hex,
  uuidFromBase64Url,
  verifyQrSignature,
} from './verify.ts';

const EVENT = '3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60';
const OTHER_EVENT = '0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a00';
const keys = newEventKeyPair();
const STANDARD = '11111111-1111-4111-8111-111111111111';
const VIP = '22222222-2222-4222-8222-222222222222';
const T0 = new Date('2025-06-01T18:00:00Z');

const single: ListRule = { entryPolicy: 'SINGLE', ticketCategoryIds: [] };

function attendee(over: Partial<TSyncAttendee> = {}): TSyncAttendee {
  return {
    ticketId: '33333333-3333-4333-8333-333333333333',
    reference: 'T-4F7K2M9Q',
    secretHash: 'x',
    status: 'VALID',
    categoryId: STANDARD,
    categoryName: 'Standard',
    tier: 'STANDARD',
    attendeeName: 'Layla Hassan',
    photoUrl: null,
    emergencyContact: '+201112223334',
    bloodType: 'O+',
    labels: [],
    dependents: [],
    cardUids: [],
    checkedInAt: null,
    inside: false,
    entries: 0,
    updatedAt: T0,
    ...over,
  };
}

/** A signed QR for EVENT, its parsed form and its secret's hash. */
async function ticketCode(eventId = EVENT, seed = keys.seed) {
  const secret = newTicketSecret();
  const qr = signTicketSecret(seed, eventId, secret);
  return { qr, secret, parsed: parseTicketQr(qr), secretHash: await sha256Hex(secret) };
}

function lookup(over: Partial<QrLookup>): QrLookup {
  return {
    eventId: EVENT,
    publicKey: keys.publicKey,
    list: single,
    direction: 'ENTRY',
    scanningEnabled: true,
    parsed: null,
    secretHash: null,
    attendee: undefined,
    revocation: undefined,
    state: FRESH_TICKET,
    ...over,
  };
}

describe('reading a ticket QR on the device', () => {
  it('parses what the server signs and verifies it with @noble/curves under the event key only', async () => {
    const { qr, secret, parsed } = await ticketCode();
    expect(parsed).toMatchObject({ eventId: EVENT, secret });
    expect(parsed!.message).toBe(qr.slice(0, qr.lastIndexOf('.')));
    expect(verifyQrSignature(parsed!, keys.publicKey)).toBe(true);
    expect(verifyQrSignature(parsed!, newEventKeyPair().publicKey)).toBe(false);
  });

  it('detects a changed secret or signature', async () => {
    const { qr } = await ticketCode();
    const [v, e, s, sig] = qr.split('.') as [string, string, string, string];
    const otherSecret = s.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'));
    expect(verifyQrSignature(parseTicketQr([v, e, otherSecret, sig].join('.'))!, keys.publicKey)).toBe(false);
    const flipped = sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(verifyQrSignature(parseTicketQr([v, e, s, flipped].join('.'))!, keys.publicKey)).toBe(false);
  });

  it('returns null for text that is not an Admit code, never throwing', () => {
    for (const text of ['', 'hello', 'A1.a.b.c', 'A2.AAAAAAAAAAAAAAAAAAAAAA.abcdefghijklmnop.x', '04A3F21B6C5E80']) {
      expect(parseTicketQr(text)).toBeNull();
    }
    expect(uuidFromBase64Url('AAAA')).toBeNull();
  });

  it('hashes the secret as lowercase hex SHA-256 of its UTF-8 text (the server’s secretHash)', async () => {
    const secret = newTicketSecret();
    expect(await sha256Hex(secret)).toBe(createHash('sha256').update(secret, 'utf8').digest('hex'));
  });
});

describe('entry policy', () => {
  const inside = { checkedInAt: T0, inside: true, entries: 1 };
  const outAgain = { checkedInAt: T0, inside: false, entries: 1 };

  it('SINGLE admits once, ever', () => {
    expect(admission(FRESH_TICKET, 'SINGLE', 'ENTRY').result).toBe('VALID');
    expect(admission(outAgain, 'SINGLE', 'ENTRY').result).toBe('ALREADY_SCANNED');
  });
  it('REENTRY_AFTER_EXIT admits again only after an exit', () => {
    expect(admission(inside, 'REENTRY_AFTER_EXIT', 'ENTRY')).toEqual({
      result: 'ALREADY_SCANNED',
      reason: 'ALREADY_INSIDE',
    });
    expect(admission(outAgain, 'REENTRY_AFTER_EXIT', 'ENTRY').result).toBe('VALID');
  });
  it('MULTIPLE always admits', () => {
    expect(admission(inside, 'MULTIPLE', 'ENTRY').result).toBe('VALID');
  });
  it('EXIT is accepted only for a ticket inside', () => {
    expect(admission(inside, 'SINGLE', 'EXIT').result).toBe('VALID');
    expect(admission(FRESH_TICKET, 'SINGLE', 'EXIT')).toEqual({ result: 'INVALID', reason: 'NOT_INSIDE' });
  });
  it('an accepted entry sets the first admission once, counts entries and marks inside; an exit marks outside', () => {
    const t1 = new Date(T0.getTime() + 60_000);
    const once = applyScan(FRESH_TICKET, 'ENTRY', T0);
    expect(once).toEqual({ checkedInAt: T0, inside: true, entries: 1 });
    const out = applyScan(once, 'EXIT', t1);
    expect(out).toEqual({ checkedInAt: T0, inside: false, entries: 1 });
    expect(applyScan(out, 'ENTRY', t1)).toEqual({ checkedInAt: T0, inside: true, entries: 2 });
  });
  it("adds this device's unconfirmed accepted scans to the synced state, in scan order, ignoring refused ones", () => {
    const t1 = new Date(T0.getTime() + 60_000);
    const t2 = new Date(T0.getTime() + 120_000);
    const s = effectiveState(undefined, [
      { direction: 'EXIT', scannedAt: t1, offlineResult: 'VALID' },
      { direction: 'ENTRY', scannedAt: T0, offlineResult: 'VALID' },
      { direction: 'ENTRY', scannedAt: t2, offlineResult: 'ALREADY_SCANNED' },
    ]);
    expect(s).toEqual({ checkedInAt: T0, inside: false, entries: 1 });
  });
});

describe('deciding a QR scan offline', () => {
  it('VALID for a cached, unscanned ticket, with the attendee', async () => {
    const c = await ticketCode();
    const a = attendee({ secretHash: c.secretHash });
    const d = decideQr(lookup({ parsed: c.parsed, secretHash: c.secretHash, attendee: a }));
    expect(d).toMatchObject({ result: 'VALID', reason: null, ticketId: a.ticketId, ticketKey: a.ticketId });
    expect(d.attendee?.attendeeName).toBe('Layla Hassan');
  });

  it('ALREADY_SCANNED once admitted (synced or by this device), with the first admission time', async () => {
    const c = await ticketCode();
    const a = attendee({ secretHash: c.secretHash });
    const state = effectiveState(a, [{ direction: 'ENTRY', scannedAt: T0, offlineResult: 'VALID' }]);
    const d = decideQr(lookup({ parsed: c.parsed, secretHash: c.secretHash, attendee: a, state }));
    expect(d).toMatchObject({ result: 'ALREADY_SCANNED', firstCheckedInAt: T0 });
  });

  it('VALID with no name for a genuine ticket bought after the last sync, keyed by its secret', async () => {
    const c = await ticketCode();
    const d = decideQr(lookup({ parsed: c.parsed, secretHash: c.secretHash }));
    expect(d).toMatchObject({
      result: 'VALID',
      unknownAttendee: true,
      attendee: null,
      ticketKey: `secret:${c.secretHash}`,
    });
  });

  it('INVALID for a forged signature, another event, a revoked secret, a void or refunded ticket', async () => {
    const c = await ticketCode();
    const forged = await ticketCode(EVENT, newEventKeyPair().seed);
    expect(decideQr(lookup({ parsed: forged.parsed, secretHash: forged.secretHash })).reason).toBe('BAD_SIGNATURE');
    const other = await ticketCode(OTHER_EVENT);
    expect(decideQr(lookup({ parsed: other.parsed, secretHash: other.secretHash })).reason).toBe('WRONG_EVENT');
    for (const [reason, shown] of [
      ['TRANSFERRED', 'REVOKED'],
      ['VOIDED', 'VOID'],
      ['REFUNDED', 'REFUNDED'],
    ] as const) {
      const known = decideQr(
        lookup({
          parsed: c.parsed,
          secretHash: c.secretHash,
          attendee: attendee({ secretHash: c.secretHash }),
          revocation: { reason },
        }),
      );
      expect(known).toMatchObject({ result: 'INVALID', reason: shown });
      // a revoked secret of a ticket the device never saw is refused too
      expect(decideQr(lookup({ parsed: c.parsed, secretHash: c.secretHash, revocation: { reason } })).result).toBe(
        'INVALID',
      );
    }
    const voided = attendee({ secretHash: c.secretHash, status: 'VOID' });
    expect(decideQr(lookup({ parsed: c.parsed, secretHash: c.secretHash, attendee: voided })).reason).toBe('VOID');
    const refunded = attendee({ secretHash: c.secretHash, status: 'REFUNDED' });
    expect(decideQr(lookup({ parsed: c.parsed, secretHash: c.secretHash, attendee: refunded })).reason).toBe(
      'REFUNDED',
    );
  });

  it('NOT_FOUND for text that is not a ticket', () => {
    expect(decideQr(lookup({ parsed: parseTicketQr('hello') }))).toMatchObject({
      result: 'NOT_FOUND',
      reason: 'UNKNOWN_CODE',
    });
  });

  it('INVALID NOT_ON_LIST for a category the gate’s list excludes', async () => {
    const c = await ticketCode();
    const d = decideQr(
      lookup({
        parsed: c.parsed,
        secretHash: c.secretHash,
        attendee: attendee({ secretHash: c.secretHash }),
        list: { entryPolicy: 'SINGLE', ticketCategoryIds: [VIP] },
      }),
    );
    expect(d).toMatchObject({ result: 'INVALID', reason: 'NOT_ON_LIST' });
  });

  it('INVALID SCANNING_DISABLED instead of admitting while scanning is paused', async () => {
    const c = await ticketCode();
    const a = attendee({ secretHash: c.secretHash });
    expect(
      decideQr(lookup({ parsed: c.parsed, secretHash: c.secretHash, attendee: a, scanningEnabled: false })).reason,
    ).toBe('SCANNING_DISABLED');
  });
});

describe('deciding an NFC card offline', () => {
  const uid = '04A3F21B6C5E80';
  const card = (over: Partial<TSyncCard> = {}): TSyncCard => ({
    uid,
    status: 'ACTIVE',
    holderName: 'Layla Hassan',
    ticketIds: [],
    updatedAt: T0,
    ...over,
  });
  const base = (over: Partial<CardLookup>): CardLookup => ({
    uid,
    list: single,
    direction: 'ENTRY',
    scanningEnabled: true,
    card: undefined,
    attendees: [],
    stateOf: () => FRESH_TICKET,
    ...over,
  });

  it('NOT_FOUND for an unknown card; INVALID for a blocked or lost one and for a holder without a ticket', () => {
    expect(decideCard(base({}))).toMatchObject({ result: 'NOT_FOUND', reason: 'UNKNOWN_CARD' });
    expect(decideCard(base({ card: card({ status: 'BLOCKED' }) })).reason).toBe('CARD_BLOCKED');
    expect(decideCard(base({ card: card({ status: 'LOST' }) })).reason).toBe('CARD_LOST');
    expect(decideCard(base({ card: card() }))).toMatchObject({ reason: 'NO_TICKET', holderName: 'Layla Hassan' });
  });

  it("admits the holder's ticket not yet used, then answers ALREADY_SCANNED when all are used", () => {
    const used = attendee({ ticketId: 'a0000000-0000-4000-8000-000000000001', reference: 'T-USED', cardUids: [uid] });
    const fresh = attendee({ ticketId: 'a0000000-0000-4000-8000-000000000002', reference: 'T-FRESH', cardUids: [uid] });
    const states: Record<string, { checkedInAt: Date | null; inside: boolean; entries: number }> = {
      [used.ticketId]: { checkedInAt: T0, inside: true, entries: 1 },
      [fresh.ticketId]: FRESH_TICKET,
    };
    const d = decideCard(base({ card: card(), attendees: [used, fresh], stateOf: (id) => states[id]! }));
    expect(d).toMatchObject({ result: 'VALID', ticketId: fresh.ticketId, cardUid: uid });
    states[fresh.ticketId] = { checkedInAt: T0, inside: true, entries: 1 };
    expect(decideCard(base({ card: card(), attendees: [used, fresh], stateOf: (id) => states[id]! })).result).toBe(
      'ALREADY_SCANNED',
    );
  });
});
