import { randomBytes } from 'node:crypto';
import {
  canonicalEntryList,
  commitmentHash,
  DRAW_ALGORITHM_VERSION,
  type DrawEntry,
  pickWinners,
  QUICKNET,
  randomnessFromSeed,
  roundTime,
  sha256OfHex,
  shuffle,
} from '@admit/shared/raffle-draw/index';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DRAND_TEST_URL, FakeDrand, realQuicknetBeacons } from '../../../../test/drand-mock.ts';
import { makeCustomer, openTestDatabase, testDeps } from '../../../../test/harness.ts';
import type { AdjustableClock } from '../../../clock.ts';
import type { Database } from '../../../db/connection.ts';
import type { AppDeps } from '../../../deps.ts';
import { createWorker } from '../../../jobs/registry.ts';
import {
  claimPrize,
  closeSales,
  commitDraw,
  drawWinners,
  forfeitAndRedraw,
  raffleVerification,
} from './draw.service.ts';
import { scheduleRaffleJobs } from './schedule.ts';

const beacons = realQuicknetBeacons();
const REAL = beacons[0]!;
const OTHER = beacons[1]!;

let db: Database;
const fake = new FakeDrand();
const msw = setupServer(...fake.handlers);

beforeAll(async () => {
  db = await openTestDatabase();
  msw.listen({ onUnhandledRequest: 'error' });
});
afterAll(async () => {
  msw.close();
  await db.close();
});
beforeEach(() => {
  fake.beacons.clear();
  fake.requests = [];
});
afterEach(() => msw.resetHandlers());

type TestDeps = AppDeps & { clock: AdjustableClock };

/** Moves the adjustable clock so that now = `at`. */
const setNow = (deps: TestDeps, at: Date) => deps.clock.advance(at.getTime() - deps.clock.now().getTime());

interface RaffleFixture {
  raffleId: string;
  users: Awaited<ReturnType<typeof makeCustomer>>[];
  entries: DrawEntry[];
}

/** An OPEN raffle with `perUser` VALID entries for each of `userCount` customers, inserted directly. */
async function makeRaffle(
  deps: TestDeps,
  opts: {
    closesAt: Date;
    drawAt: Date;
    userCount?: number;
    perUser?: number;
    winnersCount?: number;
    claimDays?: number;
  },
): Promise<RaffleFixture> {
  const users = [];
  for (let i = 0; i < (opts.userCount ?? 4); i++) users.push(await makeCustomer(deps));
  const raffle = await deps.db.raffle.create({
    data: {
      slug: `draw-${randomBytes(4).toString('hex')}`,
      title: 'Sunset yacht day',
      description: 'A day on the Nile',
      prizeTitle: 'Yacht day for four',
      prizeDescription: 'Lunch included',
      entryPriceMinor: 5000,
      currency: 'EGP',
      totalEntries: 1000,
      maxEntriesPerUser: 50,
      winnersCount: opts.winnersCount ?? 2,
      claimDays: opts.claimDays ?? 14,
      opensAt: new Date(opts.closesAt.getTime() - 86_400_000),
      closesAt: opts.closesAt,
      drawAt: opts.drawAt,
      status: 'OPEN',
    },
  });
  const entries: DrawEntry[] = [];
  let number = 1;
  // interleave users so each user's entries are spread over the list
  for (let k = 0; k < (opts.perUser ?? 3); k++) {
    for (const u of users) {
      const e = await deps.db.raffleEntry.create({
        data: { raffleId: raffle.id, number: number++, userId: u.user.id, source: k === 0 ? 'FREE' : 'PAID' },
      });
      entries.push({ number: e.number, id: e.id, userId: u.user.id });
    }
  }
  await deps.db.raffle.update({ where: { id: raffle.id }, data: { entriesTaken: entries.length } });
  return { raffleId: raffle.id, users, entries };
}

/** A DRAND raffle committed so that its round is `beacon.round` (clock set before the round). */
async function committedDrandRaffle(deps: TestDeps, round: number, opts: { winnersCount?: number } = {}) {
  const t = roundTime(round);
  setNow(deps, new Date(t.getTime() - 60_000));
  const fx = await makeRaffle(deps, {
    closesAt: new Date(t.getTime() - 120_000),
    drawAt: new Date(t.getTime() - 1000),
    winnersCount: opts.winnersCount,
  });
  await closeSales(deps, fx.raffleId);
  const c = await commitDraw(deps, fx.raffleId);
  expect(c.mode).toBe('DRAND');
  expect(c.drandRound).toBe(round);
  return fx;
}

const winnersOf = (deps: AppDeps, raffleId: string) =>
  deps.db.raffleWinner.findMany({ where: { raffleId }, orderBy: [{ rank: 'asc' }, { createdAt: 'asc' }] });

describe('raffle draw with drand quicknet (real beacons served by a fake relay)', () => {
  it('commits to the first round after drawAt, verifies the real beacon and picks the winners anyone can recompute', async () => {
    const deps = testDeps(db, { DRAND_URL: DRAND_TEST_URL });
    fake.serve(REAL);
    const fx = await committedDrandRaffle(deps, REAL.round);

    const committed = await deps.db.raffle.findUniqueOrThrow({ where: { id: fx.raffleId } });
    expect(committed.status).toBe('COMMITTED');
    expect(committed.entryListText).toBe(canonicalEntryList(fx.entries));
    expect(committed.entryCount).toBe(fx.entries.length);
    expect(committed.drandChainHash).toBe(QUICKNET.chainHash);
    expect(committed.serverSeed).toBeNull();
    expect(committed.commitmentHash).toBe(
      commitmentHash({
        algorithmVersion: DRAW_ALGORITHM_VERSION,
        mode: 'DRAND',
        roundOrSeedHash: REAL.round,
        entryListText: canonicalEntryList(fx.entries),
      }),
    );

    // before the round is out, the draw refuses without calling the relay
    setNow(deps, new Date(roundTime(REAL.round).getTime() - 500));
    await expect(drawWinners(deps, fx.raffleId)).rejects.toThrow(/not published yet/);
    expect(fake.requests).toEqual([]);

    setNow(deps, new Date(roundTime(REAL.round).getTime() + 1000));
    const realtime: import('../../../realtime/messages.ts').RealtimeMessage[] = [];
    const drawn = await drawWinners({ ...deps, realtime }, fx.raffleId);
    expect(fake.requests).toEqual([REAL.round]);
    expect(drawn.randomness).toBe(REAL.randomness);

    // independent recomputation with the shared functions
    const expected = pickWinners(fx.entries, REAL.randomness, 2);
    const rows = await winnersOf(deps, fx.raffleId);
    expect(rows.map((w) => ({ rank: w.rank, position: w.position, entryId: w.entryId, userId: w.userId }))).toEqual(
      expected.map((w) => ({ rank: w.rank, position: w.position, entryId: w.entryId, userId: w.userId })),
    );
    const order = shuffle(fx.entries.length, REAL.randomness);
    expect(rows[0]!.entryId).toBe(fx.entries[order[0]!]!.id);

    const raffle = await deps.db.raffle.findUniqueOrThrow({ where: { id: fx.raffleId } });
    expect(raffle.status).toBe('DRAWN');
    expect(raffle.beacon).toEqual({ round: REAL.round, randomness: REAL.randomness, signature: REAL.signature });
    expect(realtime.some((m) => m.event === 'raffle.drawn' && m.room === `raffle:${fx.raffleId}`)).toBe(true);

    // winners told they won; every participant told the draw happened
    const won = await deps.db.notification.findMany({
      where: { kind: 'raffle.won', userId: { in: rows.map((r) => r.userId) } },
    });
    expect(won.length).toBe(rows.length);
    const drawnNotes = await deps.db.notification.count({
      where: { kind: 'raffle.drawn', userId: { in: fx.users.map((u) => u.user.id) } },
    });
    expect(drawnNotes).toBe(fx.users.length);

    const v = await raffleVerification(deps, fx.raffleId);
    expect(v.mode).toBe('DRAND');
    expect(v.chainPublicKey).toBe(QUICKNET.publicKey);
    expect(v.beacon).toEqual({ round: REAL.round, randomness: REAL.randomness, signature: REAL.signature });
    expect(v.winners.map((w) => [w.rank, w.position, w.entryNumber])).toEqual(
      expected.map((w) => [w.rank, w.position, w.entryNumber]),
    );
  });

  it.each([
    ['a signature of another round', { signature: OTHER.signature, randomness: OTHER.randomness }],
    ['a randomness that is not sha256(signature)', { randomness: OTHER.randomness }],
    ['another round number', { round: REAL.round + 1 }],
  ])('refuses a beacon with %s: stays COMMITTED, writes no winner, logs an error', async (_name, tamper) => {
    const deps = testDeps(db, { DRAND_URL: DRAND_TEST_URL });
    // what the relay answers when asked for REAL.round
    fake.beacons.set(REAL.round, { ...REAL, ...tamper });
    const fx = await committedDrandRaffle(deps, REAL.round);
    setNow(deps, new Date(roundTime(REAL.round).getTime() + 1000));
    await expect(drawWinners(deps, fx.raffleId)).rejects.toThrow(/failed verification/);
    const raffle = await deps.db.raffle.findUniqueOrThrow({ where: { id: fx.raffleId } });
    expect(raffle.status).toBe('COMMITTED');
    expect(raffle.randomness).toBeNull();
    expect(await deps.db.raffleWinner.count({ where: { raffleId: fx.raffleId } })).toBe(0);
    const log = await deps.db.systemLog.findFirst({
      where: { source: 'raffles', level: 'ERROR', message: { contains: 'failed verification' } },
      orderBy: { at: 'desc' },
    });
    expect((log?.context as { raffleId?: string } | null)?.raffleId).toBe(fx.raffleId);
  });

  it('waits while the relay does not have the round yet (the job retries)', async () => {
    const deps = testDeps(db, { DRAND_URL: DRAND_TEST_URL });
    const fx = await committedDrandRaffle(deps, OTHER.round);
    setNow(deps, new Date(roundTime(OTHER.round).getTime() + 1000));
    await expect(drawWinners(deps, fx.raffleId)).rejects.toThrow(/not published yet/);
    expect((await deps.db.raffle.findUniqueOrThrow({ where: { id: fx.raffleId } })).status).toBe('COMMITTED');
    fake.serve(OTHER);
    const drawn = await drawWinners(deps, fx.raffleId);
    expect(drawn.randomness).toBe(OTHER.randomness);
  });

  it('two concurrent draws (a restart, a second worker) draw exactly once', async () => {
    const deps = testDeps(db, { DRAND_URL: DRAND_TEST_URL });
    fake.serve(REAL);
    const fx = await committedDrandRaffle(deps, REAL.round, { winnersCount: 3 });
    setNow(deps, new Date(roundTime(REAL.round).getTime() + 1000));
    const results = await Promise.allSettled([drawWinners(deps, fx.raffleId), drawWinners(deps, fx.raffleId)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(rejected.reason)).toMatch(/drawn meanwhile|not COMMITTED/);
    expect(await deps.db.raffleWinner.count({ where: { raffleId: fx.raffleId } })).toBe(3);
    // a replayed job afterwards changes nothing
    await expect(drawWinners(deps, fx.raffleId)).rejects.toThrow(/not COMMITTED/);
    expect(await deps.db.raffleWinner.count({ where: { raffleId: fx.raffleId } })).toBe(3);
  });
});

describe('raffle draw in commit-reveal mode (no network)', () => {
  it('publishes only the seed hash at commitment and reveals a seed that matches it at the draw', async () => {
    const deps = testDeps(db); // DRAND_URL unset → COMMIT_REVEAL
    const now = deps.clock.now();
    const fx = await makeRaffle(deps, {
      closesAt: new Date(now.getTime() - 1000),
      drawAt: new Date(now.getTime() + 60_000),
      winnersCount: 2,
    });
    await closeSales(deps, fx.raffleId);
    const c = await commitDraw(deps, fx.raffleId);
    expect(c.mode).toBe('COMMIT_REVEAL');
    expect(c.drandRound).toBeNull();

    const before = await raffleVerification(deps, fx.raffleId);
    expect(before.serverSeed).toBeNull();
    expect(before.serverSeedHash).toBe(c.serverSeedHash);
    expect(before.commitmentHash).toBe(
      commitmentHash({
        algorithmVersion: DRAW_ALGORITHM_VERSION,
        mode: 'COMMIT_REVEAL',
        roundOrSeedHash: c.serverSeedHash!,
        entryListText: before.entryListText!,
      }),
    );
    await expect(drawWinners(deps, fx.raffleId)).rejects.toThrow(/The draw is at/);

    deps.clock.advance(61_000);
    await drawWinners(deps, fx.raffleId);
    const after = await raffleVerification(deps, fx.raffleId);
    expect(sha256OfHex(after.serverSeed!)).toBe(c.serverSeedHash);
    const randomness = randomnessFromSeed(after.serverSeed!, after.commitmentHash!);
    expect(after.randomness).toBe(randomness);
    expect(after.winners.map((w) => [w.rank, w.position, w.entryId])).toEqual(
      pickWinners(fx.entries, randomness, 2).map((w) => [w.rank, w.position, w.entryId]),
    );
  });

  it('a changed entry list changes the commitment; a raffle with no entries is not committed', async () => {
    const deps = testDeps(db);
    const now = deps.clock.now();
    const fx = await makeRaffle(deps, { closesAt: new Date(now.getTime() - 1000), drawAt: now, userCount: 0 });
    await closeSales(deps, fx.raffleId);
    await expect(commitDraw(deps, fx.raffleId)).rejects.toThrow(/no valid entries/);
    expect((await deps.db.raffle.findUniqueOrThrow({ where: { id: fx.raffleId } })).status).toBe('CLOSED');

    const a = canonicalEntryList([{ number: 1, id: 'x' }]);
    const b = canonicalEntryList([{ number: 1, id: 'y' }]);
    const h = (t: string) =>
      commitmentHash({ algorithmVersion: DRAW_ALGORITHM_VERSION, mode: 'DRAND', roundOrSeedHash: 1, entryListText: t });
    expect(h(a)).not.toBe(h(b));
  });

  it('forfeit → the next unused position of the same shuffle whose user has not won; FULFILLED when all are claimed', async () => {
    const deps = testDeps(db);
    const now = deps.clock.now();
    const fx = await makeRaffle(deps, {
      closesAt: new Date(now.getTime() - 1000),
      drawAt: now,
      winnersCount: 2,
      userCount: 5,
      perUser: 2,
      claimDays: 7,
    });
    await closeSales(deps, fx.raffleId);
    await commitDraw(deps, fx.raffleId);
    const { randomness, winners } = await drawWinners(deps, fx.raffleId);
    const [first, second] = winners as [(typeof winners)[0], (typeof winners)[0]];
    const actorOf = (userId: string) => fx.users.find((u) => u.user.id === userId)!.actor;

    // another user cannot claim it; the winner can
    const stranger = fx.users.find((u) => u.user.id !== first.userId)!;
    await expect(claimPrize(deps, stranger.actor, first.id)).rejects.toThrow(/not found/i);
    await claimPrize(deps, actorOf(first.userId), first.id);
    await expect(claimPrize(deps, actorOf(first.userId), first.id)).rejects.toThrow(/CLAIMED/);

    deps.clock.advance(7 * 86_400_000 + 1000);
    await expect(claimPrize(deps, actorOf(second.userId), second.id)).rejects.toThrow(/deadline/);
    const out = await forfeitAndRedraw(deps, fx.raffleId);
    expect(out).toHaveLength(1);
    expect(out[0]!.forfeitedId).toBe(second.id);

    // independent recomputation: walk the shuffle from the start, skip used positions and past winners
    const order = shuffle(fx.entries.length, randomness);
    const sorted = [...fx.entries].sort((x, y) => x.number - y.number);
    const pastWinners = new Set([first.userId, second.userId]);
    const expectedPos = order.findIndex(
      (idx, pos) => pos !== first.position && pos !== second.position && !pastWinners.has(sorted[idx]!.userId!),
    );
    expect(out[0]!.replacement).toMatchObject({ rank: 2, position: expectedPos });
    // re-running changes nothing
    expect(await forfeitAndRedraw(deps, fx.raffleId)).toEqual([]);

    const replacement = await deps.db.raffleWinner.findUniqueOrThrow({ where: { id: out[0]!.replacement!.id } });
    expect(replacement.replacesId).toBe(second.id);
    expect((await deps.db.raffle.findUniqueOrThrow({ where: { id: fx.raffleId } })).status).toBe('DRAWN');
    await claimPrize(deps, actorOf(replacement.userId), replacement.id);
    expect((await deps.db.raffle.findUniqueOrThrow({ where: { id: fx.raffleId } })).status).toBe('FULFILLED');
  });

  it('scheduled jobs close, commit and draw at their times as the clock moves', async () => {
    const deps = testDeps(db);
    const now = deps.clock.now();
    const fx = await makeRaffle(deps, {
      closesAt: new Date(now.getTime() + 3_600_000),
      drawAt: new Date(now.getTime() + 7_200_000),
    });
    const raffle = await deps.db.raffle.findUniqueOrThrow({ where: { id: fx.raffleId } });
    await deps.db.$transaction((tx) => scheduleRaffleJobs(tx, raffle));
    await deps.db.$transaction((tx) => scheduleRaffleJobs(tx, raffle)); // idempotent
    expect(await deps.db.job.count({ where: { key: { startsWith: `raffle:${fx.raffleId}:` } } })).toBe(2);
    const worker = createWorker(deps);
    const status = async () => (await deps.db.raffle.findUniqueOrThrow({ where: { id: fx.raffleId } })).status;
    const drain = async () => {
      for (let i = 0; i < 5; i++) await worker.tick();
    };

    await drain();
    expect(await status()).toBe('OPEN');
    deps.clock.advance(3_600_000 + 1000);
    await drain();
    expect(await status()).toBe('COMMITTED');
    deps.clock.advance(3_600_000);
    await drain();
    expect(await status()).toBe('DRAWN');
    expect(await deps.db.raffleWinner.count({ where: { raffleId: fx.raffleId } })).toBe(2);
    const dead = await deps.db.job.count({ where: { key: { startsWith: `raffle:${fx.raffleId}:` }, status: 'DEAD' } });
    expect(dead).toBe(0);
  });
});
