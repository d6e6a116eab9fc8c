/**
 * The browser verifier (verify.ts) against the shared draw module and the real quicknet beacons
 * of server/test/fixtures/drand-quicknet.json: a genuine draw verifies, any tampering is a MISMATCH.
 */
import { readFileSync } from 'node:fs';
import {
  canonicalEntryList,
  commitmentHash,
  pickWinners,
  randomnessFromSeed,
  sha256OfHex,
} from '@admit/shared/raffle-draw/index';
import { describe, expect, it } from 'vitest';
import { type PublishedDraw, verifyDraw } from './verify.ts';

const entries = Array.from({ length: 7 }, (_, i) => ({
  number: i + 1,
  id: `0000000${i}-aaaa-4bbb-8ccc-000000000000`,
}));
const text = canonicalEntryList(entries);
const fixture = JSON.parse(
  readFileSync(new URL('../../../../../server/test/fixtures/drand-quicknet.json', import.meta.url), 'utf8'),
) as { publicKey: string; chainHash: string; beacons: { round: number; signature: string; randomness: string }[] };

describe('commit-reveal draw verified in the browser', () => {
  const seed = 'ab'.repeat(32);
  const seedHash = sha256OfHex(seed);
  const commitment = commitmentHash({
    algorithmVersion: 'admit-draw-v1',
    mode: 'COMMIT_REVEAL',
    roundOrSeedHash: seedHash,
    entryListText: text,
  });
  const randomness = randomnessFromSeed(seed, commitment);
  const winners = pickWinners(entries, randomness, 2);
  const draw: PublishedDraw = {
    mode: 'COMMIT_REVEAL',
    algorithmVersion: 'admit-draw-v1',
    commitmentHash: commitment,
    entryListText: text,
    drandRound: null,
    drandChainHash: null,
    chainPublicKey: null,
    beacon: null,
    serverSeedHash: seedHash,
    serverSeed: seed,
    randomness,
    winners,
  };

  it('matches a genuine draw, including a redraw at the next position', () => {
    const v = verifyDraw(draw);
    expect(v.checks.filter((c) => !c.ok)).toEqual([]);
    expect(v.verdict).toBe('MATCH');
    const third = pickWinners(entries, randomness, 3)[2]!;
    expect(verifyDraw({ ...draw, winners: [...winners, { ...third, rank: 1 }] }).verdict).toBe('MATCH');
  });

  it('says MISMATCH for a changed entry, reordered winners or another seed; PENDING before the draw', () => {
    const changed = text.replace('2:00000001', '2:00000009');
    expect(changed).not.toBe(text);
    expect(verifyDraw({ ...draw, entryListText: changed }).verdict).toBe('MISMATCH');
    const swapped = [winners[1]!, winners[0]!].map((w, i) => ({ ...w, rank: i + 1 }));
    expect(verifyDraw({ ...draw, winners: swapped }).verdict).toBe('MISMATCH');
    expect(verifyDraw({ ...draw, serverSeed: 'cd'.repeat(32) }).verdict).toBe('MISMATCH');
    expect(verifyDraw({ ...draw, serverSeed: null, randomness: null, winners: [] }).verdict).toBe('PENDING');
  });
});

describe('drand draw verified in the browser', () => {
  const beacon = fixture.beacons[0]!;
  const few = entries.slice(0, 5);
  const list = canonicalEntryList(few);
  const draw: PublishedDraw = {
    mode: 'DRAND',
    algorithmVersion: 'admit-draw-v1',
    commitmentHash: commitmentHash({
      algorithmVersion: 'admit-draw-v1',
      mode: 'DRAND',
      roundOrSeedHash: beacon.round,
      entryListText: list,
    }),
    entryListText: list,
    drandRound: beacon.round,
    drandChainHash: fixture.chainHash,
    chainPublicKey: fixture.publicKey,
    beacon,
    serverSeedHash: null,
    serverSeed: null,
    randomness: beacon.randomness,
    winners: pickWinners(few, beacon.randomness, 1),
  };

  it('matches with a real quicknet beacon and refuses a corrupted signature', () => {
    expect(verifyDraw(draw).checks.filter((c) => !c.ok)).toEqual([]);
    expect(verifyDraw(draw).verdict).toBe('MATCH');
    const s = beacon.signature;
    const bad = s.slice(0, -2) + (s.endsWith('00') ? '01' : '00');
    expect(verifyDraw({ ...draw, beacon: { ...beacon, signature: bad } }).verdict).toBe('MISMATCH');
  });
});
