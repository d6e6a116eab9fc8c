/**
 * The verifiable raffle draw, algorithm `admit-draw-v1` (issue 8; ADR 0017). Pure TypeScript with
 * no Node-only API: the server draws with it and the browser verifier page (/raffles/:slug/verify)
 * recomputes the commitment, checks the drand signature and replays the shuffle with the SAME code.
 *
 * Pipeline
 *   1. At commitment (sales closed): `canonicalEntryList` of the VALID entries, then
 *      `commitmentHash` over the algorithm version, the mode, the drand round (DRAND) or the
 *      SHA-256 of a secret server seed (COMMIT_REVEAL), and the list. All of it is published.
 *   2. At draw: the randomness is the drand quicknet beacon's `randomness` (= SHA-256 of its BLS
 *      signature, checked by `verifyQuicknetBeacon`) or `randomnessFromSeed(seed, commitment)`.
 *   3. `shuffle(entryCount, randomness)` permutes the list; winner k is position k−1
 *      (`pickWinners`); a forfeited prize goes to the next unused position whose user has not won.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export const DRAW_ALGORITHM_VERSION = 'admit-draw-v1';

export type DrawModeName = 'DRAND' | 'COMMIT_REVEAL';

/**
 * drand's League of Entropy "quicknet" chain (scheme bls-unchained-g1-rfc9380: signatures on G1,
 * public key on G2). Source: https://api.drand.sh/52db9ba7…/info, as quoted in drand's docs and
 * in public verifiers (e.g. stylus-bataille/stylus-drand-verify src/lib.rs); the beacons of
 * server/test/fixtures/drand-quicknet.json verify against this key.
 */
export const QUICKNET = {
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  publicKey:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  /** Unix seconds of round 1 */
  genesis: 1692803367,
  /** seconds between rounds */
  period: 3,
  scheme: 'bls-unchained-g1-rfc9380',
  /** RFC 9380 hash-to-curve domain separation tag of the G1 signatures */
  dst: 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_',
} as const;

const HEX = /^(?:[0-9a-f]{2})*$/;

/** Lower-case hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

// ───────────────────────────── commitment ─────────────────────────────

export interface DrawEntry {
  /** 1-based, dense per raffle (RaffleEntry.number) */
  number: number;
  /** RaffleEntry.id (a UUID) */
  id: string;
  /** the holder; needed only for redraws (one prize per user on a redraw) */
  userId?: string;
}

/**
 * The canonical entry list: entries sorted by `number` ascending, one line `<number>:<id>` each,
 * joined by "\n" (no trailing newline; an empty list is ""). Position i of the shuffle refers to
 * line i of this list. Throws on a repeated number (the list would be ambiguous).
 */
export function canonicalEntryList(entries: readonly Pick<DrawEntry, 'number' | 'id'>[]): string {
  const sorted = [...entries].sort((a, b) => a.number - b.number);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.number === sorted[i - 1]!.number) throw new Error(`entry number ${sorted[i]!.number} repeats`);
  }
  return sorted.map((e) => `${e.number}:${e.id}`).join('\n');
}

/** Parses a canonical entry list back into entries (in list order). Throws on a malformed line. */
export function parseEntryList(text: string): DrawEntry[] {
  if (text === '') return [];
  return text.split('\n').map((line) => {
    const m = /^(\d+):(.+)$/.exec(line);
    if (!m) throw new Error(`malformed entry line: ${line}`);
    return { number: Number(m[1]), id: m[2]! };
  });
}

/**
 * Hex SHA-256 of the UTF-8 text `<algorithmVersion>\n<mode>\n<roundOrSeedHash>\n<entryListText>`,
 * where `roundOrSeedHash` is the decimal drand round (DRAND) or the hex SHA-256 of the server
 * seed (COMMIT_REVEAL). Changing any entry, the round or the seed changes the commitment.
 */
export function commitmentHash(input: {
  algorithmVersion: string;
  mode: DrawModeName;
  roundOrSeedHash: string | number;
  entryListText: string;
}): string {
  return sha256Hex(`${input.algorithmVersion}\n${input.mode}\n${input.roundOrSeedHash}\n${input.entryListText}`);
}

// ───────────────────────────── drand quicknet ─────────────────────────────

/** The instant (UTC) quicknet `round` is published: genesis + (round − 1) × period. */
export function roundTime(round: number): Date {
  return new Date((QUICKNET.genesis + (round - 1) * QUICKNET.period) * 1000);
}

/** The latest quicknet round published at or before `date` (1 before genesis). */
export function quicknetRoundAt(date: Date): number {
  const elapsed = date.getTime() / 1000 - QUICKNET.genesis;
  if (elapsed < 0) return 1;
  return Math.floor(elapsed / QUICKNET.period) + 1;
}

/** The first quicknet round published strictly after `date`: its randomness cannot be known at `date`. */
export function firstRoundAfter(date: Date): number {
  if (date.getTime() / 1000 < QUICKNET.genesis) return 1;
  return quicknetRoundAt(date) + 1;
}

export interface QuicknetBeacon {
  round: number;
  /** hex, 48-byte compressed G1 point */
  signature: string;
  /** hex, SHA-256 of the signature bytes */
  randomness: string;
}

/** The signed message of an unchained round: SHA-256 of the round as an 8-byte big-endian integer. */
export function roundMessage(round: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(round));
  return sha256(bytes);
}

/**
 * Verifies a quicknet beacon (drand scheme bls-unchained-g1-rfc9380): `randomness` must equal
 * SHA-256(signature), and `signature` must be a valid BLS12-381 short signature (G1) of
 * `roundMessage(round)` hashed to G1 per RFC 9380 with DST `BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_`,
 * under the chain's G2 public key (pairing check e(sig, g2) = e(H(m), pk) in @noble/curves).
 * Returns false (never throws) on any malformed input.
 */
export function verifyQuicknetBeacon(beacon: QuicknetBeacon, chainPublicKeyHex: string = QUICKNET.publicKey): boolean {
  try {
    const sig = beacon.signature.toLowerCase();
    const rnd = beacon.randomness.toLowerCase();
    if (!Number.isSafeInteger(beacon.round) || beacon.round < 1) return false;
    if (sig.length !== 96 || !HEX.test(sig) || rnd.length !== 64 || !HEX.test(rnd)) return false;
    const sigBytes = hexToBytes(sig);
    if (bytesToHex(sha256(sigBytes)) !== rnd) return false;
    const bls = bls12_381.shortSignatures;
    const point = bls.hash(roundMessage(beacon.round), QUICKNET.dst);
    return bls.verify(sigBytes, point, hexToBytes(chainPublicKeyHex.toLowerCase()));
  } catch {
    return false;
  }
}

// ───────────────────────────── commit-reveal ─────────────────────────────

/**
 * COMMIT_REVEAL randomness: hex SHA-256 of the 32 seed bytes followed by the 32 commitment bytes
 * (both given as hex). The seed's SHA-256 (`sha256OfHex(seed)`) was published in the commitment.
 */
export function randomnessFromSeed(seedHex: string, commitment: string): string {
  const seed = hexToBytes(seedHex.toLowerCase());
  const c = hexToBytes(commitment.toLowerCase());
  const joined = new Uint8Array(seed.length + c.length);
  joined.set(seed, 0);
  joined.set(c, seed.length);
  return bytesToHex(sha256(joined));
}

/** Hex SHA-256 of the bytes a hex string encodes (the published hash of the server seed). */
export function sha256OfHex(hex: string): string {
  return bytesToHex(sha256(hexToBytes(hex.toLowerCase())));
}

// ───────────────────────────── the shuffle ─────────────────────────────

/**
 * A deterministic stream of unsigned 32-bit integers: block b (b = 0, 1, 2, …) is
 * SHA-256(randomness bytes ‖ b as 8-byte big-endian), read as eight big-endian uint32 words.
 */
export class DrawStream {
  private readonly seed: Uint8Array;
  private block = 0n;
  private words: number[] = [];

  constructor(randomnessHex: string) {
    const r = randomnessHex.toLowerCase();
    if (r.length !== 64 || !HEX.test(r)) throw new Error('randomness must be 32 bytes of hex');
    this.seed = hexToBytes(r);
  }

  nextUint32(): number {
    if (this.words.length === 0) {
      const input = new Uint8Array(this.seed.length + 8);
      input.set(this.seed, 0);
      new DataView(input.buffer).setBigUint64(this.seed.length, this.block);
      this.block += 1n;
      const out = sha256(input);
      const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      for (let i = 0; i < 8; i++) this.words.push(view.getUint32(i * 4));
    }
    return this.words.shift()!;
  }

  /**
   * Uniform integer in [0, n) for 1 ≤ n ≤ 2^32 without modulo bias: limit = 2^32 − (2^32 mod n);
   * take words until one is < limit, return it mod n.
   */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new Error('range must be 1..2^32');
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const w = this.nextUint32();
      if (w < limit) return w % n;
    }
  }
}

/**
 * The permutation of `entryCount` list indices drawn from `randomnessHex` (admit-draw-v1).
 * Step by step, so anyone can reimplement it:
 *   1. order = [0, 1, …, entryCount − 1] (indices into the canonical entry list);
 *   2. the stream: block b = SHA-256(randomness bytes ‖ b as 8-byte big-endian), b = 0, 1, …;
 *      each block is eight big-endian uint32 words, consumed in order;
 *   3. for i from entryCount − 1 down to 1: j = uniform(i + 1), swap order[i] and order[j],
 *      where uniform(n) takes the next word w, rejects it while w ≥ 2^32 − (2^32 mod n), and
 *      returns w mod n (rejection sampling: no modulo bias);
 *   4. position k of the result is order[k]; winner of rank k is position k − 1.
 * Returns the list of indices (a permutation of 0..entryCount−1).
 */
export function shuffle(entryCount: number, randomnessHex: string): number[] {
  if (!Number.isInteger(entryCount) || entryCount < 0) throw new Error('entryCount must be a natural number');
  const order = Array.from({ length: entryCount }, (_, i) => i);
  const stream = new DrawStream(randomnessHex);
  for (let i = entryCount - 1; i >= 1; i--) {
    const j = stream.below(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

export interface DrawnWinner {
  /** 1 = first prize */
  rank: number;
  /** 0-based position in the shuffle */
  position: number;
  entryNumber: number;
  entryId: string;
  userId?: string;
}

/**
 * The first `winnersCount` positions of the shuffle: winner of rank k is position k − 1
 * (`entries` in canonical order, i.e. sorted by number; fewer winners when there are fewer
 * entries). With `excludeUsers` (a redraw), positions whose entry belongs to one of those users
 * are skipped, and so are positions listed in `usedPositions`; each picked user is then excluded too.
 */
export function pickWinners(
  entries: readonly DrawEntry[],
  randomnessHex: string,
  winnersCount: number,
  opts: { excludeUsers?: Iterable<string>; usedPositions?: Iterable<number>; firstRank?: number } = {},
): DrawnWinner[] {
  const sorted = [...entries].sort((a, b) => a.number - b.number);
  const order = shuffle(sorted.length, randomnessHex);
  const excluded = opts.excludeUsers ? new Set(opts.excludeUsers) : null;
  const used = new Set(opts.usedPositions ?? []);
  const winners: DrawnWinner[] = [];
  let rank = opts.firstRank ?? 1;
  for (let position = 0; position < order.length && winners.length < winnersCount; position++) {
    if (used.has(position)) continue;
    const entry = sorted[order[position]!]!;
    if (excluded) {
      if (entry.userId === undefined) throw new Error('excludeUsers needs the entries’ userId');
      if (excluded.has(entry.userId)) continue;
      excluded.add(entry.userId);
    }
    winners.push({
      rank: rank++,
      position,
      entryNumber: entry.number,
      entryId: entry.id,
      ...(entry.userId !== undefined ? { userId: entry.userId } : {}),
    });
  }
  return winners;
}
