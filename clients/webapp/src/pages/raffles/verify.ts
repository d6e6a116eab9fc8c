/**
 * The browser side of a verifiable raffle draw (issue 8; contract "R2 — draw"): recomputes, from
 * the published data only, everything the server claims, with the SAME code the server draws with
 * (shared/src/raffle-draw, algorithm admit-draw-v1):
 *   1. the commitment: SHA-256 over version, mode, drand round or seed hash, and the entry list;
 *   2. the randomness: DRAND — the quicknet beacon's BLS signature is checked against the chain's
 *      public key (pinned here, not taken from the server) and randomness = SHA-256(signature);
 *      COMMIT_REVEAL — SHA-256(revealed seed) equals the hash published at commitment, and
 *      randomness = SHA-256(seed ‖ commitment);
 *   3. the winners: the shuffle of the entry list replayed from that randomness; every published
 *      winner must sit at its published position (first draw: positions 0, 1, …; a redraw after a
 *      forfeit: a later position of the same shuffle).
 * Pure: no network, no React; throws nothing (malformed data is a failed check).
 */
import {
  commitmentHash,
  DRAW_ALGORITHM_VERSION,
  type DrawEntry,
  parseEntryList,
  pickWinners,
  QUICKNET,
  randomnessFromSeed,
  sha256OfHex,
  shuffle,
  verifyQuicknetBeacon,
} from '@admit/shared/raffle-draw/index';

export interface PublishedDraw {
  mode: 'DRAND' | 'COMMIT_REVEAL' | null;
  algorithmVersion: string | null;
  commitmentHash: string | null;
  entryListText: string | null;
  drandRound: number | null;
  drandChainHash: string | null;
  chainPublicKey: string | null;
  beacon: { round: number; signature: string; randomness: string } | null;
  serverSeedHash: string | null;
  serverSeed: string | null;
  randomness: string | null;
  /** entries in the committed list, as published (optional) */
  entryCount?: number | null;
  winners: { rank: number; position: number; entryNumber: number; entryId: string }[];
}

export interface Check {
  id: string;
  label: string;
  ok: boolean;
  /** what was compared, in plain words */
  detail: string;
}

export interface ComputedValue {
  label: string;
  value: string;
  testId: string;
}

export interface Verification {
  /** null: not committed yet (nothing to verify) */
  verdict: 'MATCH' | 'MISMATCH' | 'PENDING' | null;
  mode: 'DRAND' | 'COMMIT_REVEAL' | null;
  checks: Check[];
  values: ComputedValue[];
  expectedWinners: { rank: number; position: number; entryNumber: number; entryId: string }[];
}

export function verifyDraw(d: PublishedDraw): Verification {
  const checks: Check[] = [];
  const values: ComputedValue[] = [];
  const out = (label: string, value: string | number | null | undefined, testId: string) =>
    values.push({ label, value: value === null || value === undefined ? '—' : String(value), testId });
  if (!d.mode || !d.commitmentHash || d.entryListText === null) {
    return { verdict: null, mode: d.mode, checks, values, expectedWinners: [] };
  }

  // ── 1. the entry list and the commitment ──
  let entries: DrawEntry[] = [];
  let listOk = true;
  try {
    entries = parseEntryList(d.entryListText);
    const numbers = entries.map((e) => e.number);
    listOk = numbers.every((n, i) => i === 0 || n > (numbers[i - 1] ?? 0));
  } catch {
    listOk = false;
  }
  checks.push({
    id: 'entry-list',
    label: 'Entry list is well formed',
    ok: listOk,
    detail: `${entries.length} lines "<number>:<entry id>", sorted by number, no repeats.`,
  });
  if (d.entryCount !== undefined && d.entryCount !== null) {
    checks.push({
      id: 'entry-count',
      label: 'Entry count matches the list',
      ok: d.entryCount === entries.length,
      detail: `Published count ${d.entryCount}; lines in the list ${entries.length}.`,
    });
  }
  const roundOrSeedHash = d.mode === 'DRAND' ? (d.drandRound ?? '') : (d.serverSeedHash ?? '');
  const version = d.algorithmVersion ?? DRAW_ALGORITHM_VERSION;
  const recomputed = commitmentHash({
    algorithmVersion: version,
    mode: d.mode,
    roundOrSeedHash,
    entryListText: d.entryListText,
  });
  checks.push({
    id: 'commitment',
    label: 'Commitment matches the entry list',
    ok: recomputed === d.commitmentHash.toLowerCase(),
    detail: `SHA-256 of version, mode, ${d.mode === 'DRAND' ? 'drand round' : 'seed hash'} and the entry list.`,
  });
  checks.push({
    id: 'algorithm',
    label: 'Known algorithm version',
    ok: version === DRAW_ALGORITHM_VERSION,
    detail: `This page implements ${DRAW_ALGORITHM_VERSION}.`,
  });
  out('Algorithm version', version, 'value-algorithm');
  out('Mode', d.mode, 'value-mode');
  out('Entries in the list', entries.length, 'value-entry-count');
  out('Published commitment', d.commitmentHash, 'value-commitment');
  out('Recomputed commitment', recomputed, 'value-commitment-recomputed');

  // ── 2. the randomness ──
  if (!d.randomness) {
    if (d.mode === 'DRAND') out('drand round', d.drandRound, 'value-round');
    else out('Published seed hash', d.serverSeedHash, 'value-seed-hash');
    const ok = checks.every((c) => c.ok);
    return { verdict: ok ? 'PENDING' : 'MISMATCH', mode: d.mode, checks, values, expectedWinners: [] };
  }
  let randomness = '';
  if (d.mode === 'DRAND') {
    const beacon = d.beacon;
    out('drand chain', d.drandChainHash, 'value-chain');
    out('drand round (fixed at commitment)', d.drandRound, 'value-round');
    out('Beacon signature', beacon?.signature, 'value-signature');
    out('Beacon randomness', beacon?.randomness, 'value-beacon-randomness');
    checks.push({
      id: 'chain',
      label: 'The drand quicknet chain was used',
      ok: d.drandChainHash === QUICKNET.chainHash,
      detail: `Chain hash ${QUICKNET.chainHash.slice(0, 12)}… (League of Entropy quicknet).`,
    });
    checks.push({
      id: 'chain-key',
      label: 'Published chain key is the real quicknet key',
      ok: !d.chainPublicKey || d.chainPublicKey.toLowerCase() === QUICKNET.publicKey,
      detail: 'The signature is checked against the key built into this page, not the one the server sent.',
    });
    checks.push({
      id: 'round',
      label: 'Beacon is the committed round',
      ok: !!beacon && beacon.round === d.drandRound,
      detail: 'The round was published before its randomness existed.',
    });
    const sigOk = !!beacon && verifyQuicknetBeacon(beacon, QUICKNET.publicKey);
    checks.push({
      id: 'signature',
      label: 'drand BLS signature verified in this browser',
      ok: sigOk,
      detail: 'BLS12-381 pairing check (bls-unchained-g1-rfc9380); randomness = SHA-256(signature).',
    });
    randomness = beacon?.randomness.toLowerCase() ?? '';
  } else {
    out('Published seed hash (at commitment)', d.serverSeedHash, 'value-seed-hash');
    out('Revealed server seed', d.serverSeed, 'value-seed');
    let seedHash = '';
    let fromSeed = '';
    try {
      seedHash = d.serverSeed ? sha256OfHex(d.serverSeed) : '';
      fromSeed = d.serverSeed ? randomnessFromSeed(d.serverSeed, d.commitmentHash) : '';
    } catch {
      // malformed hex: the checks below fail
    }
    out('SHA-256 of the revealed seed', seedHash, 'value-seed-hash-recomputed');
    checks.push({
      id: 'seed',
      label: 'Revealed seed matches the hash published at commitment',
      ok: !!seedHash && seedHash === d.serverSeedHash?.toLowerCase(),
      detail: 'The seed was fixed before the draw: SHA-256(seed) = published hash.',
    });
    randomness = fromSeed;
  }
  out('Published randomness', d.randomness, 'value-randomness');
  out('Recomputed randomness', randomness, 'value-randomness-recomputed');
  checks.push({
    id: 'randomness',
    label: 'Randomness recomputed',
    ok: !!randomness && randomness === d.randomness.toLowerCase(),
    detail:
      d.mode === 'DRAND'
        ? 'SHA-256 of the beacon signature.'
        : 'SHA-256 of the seed bytes followed by the commitment bytes.',
  });

  // ── 3. the winners ──
  let expected: Verification['expectedWinners'] = [];
  let winnersOk = false;
  try {
    const ranks = new Set(d.winners.map((w) => w.rank));
    expected = pickWinners(entries, randomness || d.randomness, ranks.size).map(
      ({ rank, position, entryNumber, entryId }) => ({
        rank,
        position,
        entryNumber,
        entryId,
      }),
    );
    const order = shuffle(entries.length, randomness || d.randomness);
    winnersOk = d.winners.length > 0 || entries.length === 0;
    for (const rank of ranks) {
      const ofRank = d.winners.filter((w) => w.rank === rank).sort((a, b) => a.position - b.position);
      const first = expected.find((e) => e.rank === rank);
      ofRank.forEach((w, i) => {
        const at = entries[order[w.position] ?? -1];
        const placed = !!at && at.number === w.entryNumber && at.id === w.entryId;
        const firstDraw = i > 0 || (first?.position === w.position && first.entryId === w.entryId);
        const redrawLater = i === 0 || w.position >= expected.length;
        if (!placed || !firstDraw || !redrawLater) winnersOk = false;
      });
    }
  } catch {
    winnersOk = false;
  }
  checks.push({
    id: 'winners',
    label: 'Winners follow from the shuffle',
    ok: winnersOk,
    detail: 'Winner k is position k−1 of the shuffled list; a redraw takes a later position of the same shuffle.',
  });
  out(
    'Winners recomputed (rank: entry #)',
    expected.map((w) => `${w.rank}: #${w.entryNumber} (position ${w.position})`).join(', '),
    'value-winners-recomputed',
  );
  const ok = checks.every((c) => c.ok);
  return { verdict: ok ? 'MATCH' : 'MISMATCH', mode: d.mode, checks, values, expectedWinners: expected };
}
