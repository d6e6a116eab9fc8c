/**
 * The verifiable raffle draw (issue 8; ADR 0017; contract R2). State machine part owned here:
 *
 *   OPEN ──closeSales──▶ CLOSED ──commitDraw──▶ COMMITTED ──drawWinners──▶ DRAWN ──(all claimed / finally
 *   forfeited)──▶ FULFILLED
 *
 * Every transition is ONE conditional UPDATE `WHERE status = <from>` inside the transaction that
 * writes its data, so a restarted job, the cron sweep, an admin's manual trigger and a second worker
 * can all run the same step and at most one of them changes anything (the others get
 * INVALID_STATE, which the jobs treat as "already done"). `RaffleWinner @@unique(raffleId, position)`
 * backs the draw and every redraw.
 *
 * Sales and pending holds: entries exist only for PAID orders (the checkout kind creates RaffleEntry
 * rows in `fulfil`, R1). A hold still unpaid at `closesAt` therefore has no entry; if it is paid
 * later it is the checkout's late-payment path (the entries were released by the hold expiry), so the
 * canonical list fixed at commitment never changes after the fact.
 *
 * Randomness: DRAND mode (DRAND_URL configured) commits to the first quicknet round strictly after
 * max(now, drawAt) and uses its verified beacon; COMMIT_REVEAL mode (offline default) commits to the
 * SHA-256 of a 32-byte server seed and reveals the seed at draw. The shuffle and winner rules are in
 * shared/src/raffle-draw (the same code the browser verifier runs).
 */
import { randomBytes } from 'node:crypto';
import { rooms } from '@admit/shared';
import {
  canonicalEntryList,
  commitmentHash,
  DRAW_ALGORITHM_VERSION,
  type DrawEntry,
  type DrawModeName,
  firstRoundAfter,
  parseEntryList,
  pickWinners,
  QUICKNET,
  type QuicknetBeacon,
  randomnessFromSeed,
  roundTime,
  sha256OfHex,
  verifyQuicknetBeacon,
} from '@admit/shared/raffle-draw/index';
import type { Prisma } from '../../../db/generated/client.ts';
import type { AppDeps } from '../../../deps.ts';
import { AppError } from '../../../errors.ts';
import { enqueue } from '../../../jobs/queue.ts';
import type { RealtimeMessage } from '../../../realtime/messages.ts';
import type { Actor } from '../../../trpc/context.ts';
import { notify } from '../../notifications/notification.service.ts';
import { type BeaconFetch, fetchQuicknetBeacon } from './drand.ts';

type Tx = Prisma.TransactionClient;

/** Services get AppDeps; a request's deps also carry `realtime` (published after the procedure). */
export type DrawDeps = AppDeps & {
  realtime?: RealtimeMessage[];
  /** replaces the HTTP fetch of beacons (tests); default: `fetchQuicknetBeacon` against DRAND_URL */
  fetchBeacon?: (round: number) => Promise<BeaconFetch>;
};

export const RAFFLE_JOBS = {
  close: 'raffles.close',
  commit: 'raffles.commit',
  draw: 'raffles.draw',
  claimDeadline: 'raffles.claim-deadline',
  /** cron safety net: every raffle past one of its times is moved on (restart-safe) */
  sweep: 'raffles.sweep',
} as const;

export const raffleJobKey = (raffleId: string, step: 'close' | 'commit' | 'draw') => `raffle:${raffleId}:${step}`;
export const claimDeadlineKey = (raffleId: string, winnerId: string) => `raffle:${raffleId}:claim-deadline:${winnerId}`;

/** Thrown by `drawWinners` while the committed drand round is not published yet; jobs retry. */
export class BeaconNotYetError extends AppError {
  constructor(round: number) {
    super('INVALID_STATE', `drand round ${round} is not published yet; the draw will retry`);
  }
}

/** Thrown by `drawWinners` when the relay's beacon fails verification; nothing is written. */
export class BeaconRejectedError extends AppError {
  constructor(round: number) {
    super('INVALID_STATE', `The drand beacon for round ${round} failed verification; draw refused`);
  }
}

const DAY_MS = 86_400_000;

function push(deps: DrawDeps, messages: RealtimeMessage[]): void {
  if (messages.length && deps.realtime) deps.realtime.push(...messages);
}

async function systemLog(
  db: AppDeps['db'] | Tx,
  level: 'INFO' | 'WARN' | 'ERROR',
  message: string,
  context: Prisma.InputJsonValue,
): Promise<void> {
  await db.systemLog.create({ data: { level, source: 'raffles', message, context } });
}

/** The draw mode new commitments use: DRAND when a relay is configured, else COMMIT_REVEAL. */
export function drawModeOf(deps: Pick<AppDeps, 'config'>): DrawModeName {
  return deps.config.drand.url ? 'DRAND' : 'COMMIT_REVEAL';
}

// ───────────────────────────── close ─────────────────────────────

/**
 * OPEN → CLOSED once `closesAt` has passed (sales end; see the file comment for pending holds), and
 * queues the commitment right away (`raffles.commit`, key `raffle:<id>:commit`). Errors:
 * NOT_FOUND; INVALID_STATE (not OPEN, or before `closesAt`).
 */
export async function closeSales(deps: DrawDeps, raffleId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.raffle.updateMany({
      where: { id: raffleId, status: 'OPEN', closesAt: { lte: now } },
      data: { status: 'CLOSED' },
    });
    if (count === 0) {
      const r = await tx.raffle.findUnique({ where: { id: raffleId }, select: { status: true, closesAt: true } });
      if (!r) throw new AppError('NOT_FOUND', 'Raffle not found');
      throw new AppError(
        'INVALID_STATE',
        r.status === 'OPEN' ? `Sales close at ${r.closesAt.toISOString()}` : `Raffle is ${r.status}, not OPEN`,
      );
    }
    await enqueue(tx, RAFFLE_JOBS.commit, { raffleId }, { key: raffleJobKey(raffleId, 'commit'), runAt: now });
  });
}

// ───────────────────────────── commit ─────────────────────────────

export interface CommitResult {
  mode: DrawModeName;
  commitmentHash: string;
  entryCount: number;
  drandRound: number | null;
  serverSeedHash: string | null;
}

/**
 * CLOSED → COMMITTED: fixes the canonical list of VALID entries, the algorithm version, the mode
 * and the drand round (first quicknet round strictly after max(now, drawAt)) or the server seed
 * (32 random bytes; only its SHA-256 is public until the draw), and the commitment hash over them.
 * Queues the draw (`raffles.draw` at drawAt — or the round's time, if later). Errors: NOT_FOUND;
 * INVALID_STATE (not CLOSED; or no valid entry: cancelling such a raffle is R1's path — logged).
 */
export async function commitDraw(deps: DrawDeps, raffleId: string): Promise<CommitResult> {
  const now = deps.clock.now();
  const mode = drawModeOf(deps);
  return deps.db.$transaction(async (tx) => {
    const raffle = await tx.raffle.findUnique({
      where: { id: raffleId },
      select: { id: true, status: true, drawAt: true },
    });
    if (!raffle) throw new AppError('NOT_FOUND', 'Raffle not found');
    if (raffle.status !== 'CLOSED') throw new AppError('INVALID_STATE', `Raffle is ${raffle.status}, not CLOSED`);
    const entries = await tx.raffleEntry.findMany({
      where: { raffleId, status: 'VALID' },
      select: { number: true, id: true },
      orderBy: { number: 'asc' },
    });
    if (entries.length === 0) {
      await systemLog(tx, 'WARN', 'Raffle has no valid entries; not committed (cancel it instead)', { raffleId });
      throw new AppError('INVALID_STATE', 'The raffle has no valid entries to draw from');
    }
    const entryListText = canonicalEntryList(entries);
    const drawFrom = new Date(Math.max(now.getTime(), raffle.drawAt.getTime()));
    let drandRound: number | null = null;
    let serverSeed: string | null = null;
    let serverSeedHash: string | null = null;
    if (mode === 'DRAND') drandRound = firstRoundAfter(drawFrom);
    else {
      serverSeed = randomBytes(32).toString('hex');
      serverSeedHash = sha256OfHex(serverSeed);
    }
    const commitment = commitmentHash({
      algorithmVersion: DRAW_ALGORITHM_VERSION,
      mode,
      roundOrSeedHash: mode === 'DRAND' ? drandRound! : serverSeedHash!,
      entryListText,
    });
    const { count } = await tx.raffle.updateMany({
      where: { id: raffleId, status: 'CLOSED' },
      data: {
        status: 'COMMITTED',
        drawMode: mode,
        algorithmVersion: DRAW_ALGORITHM_VERSION,
        entryListText,
        entryCount: entries.length,
        commitmentHash: commitment,
        committedAt: now,
        drandChainHash: mode === 'DRAND' ? QUICKNET.chainHash : null,
        drandRound,
        serverSeed,
        serverSeedHash,
      },
    });
    if (count === 0) throw new AppError('INVALID_STATE', 'The raffle was committed meanwhile');
    const runAt =
      drandRound !== null ? new Date(Math.max(drawFrom.getTime(), roundTime(drandRound).getTime())) : drawFrom;
    await enqueue(tx, RAFFLE_JOBS.draw, { raffleId }, { key: raffleJobKey(raffleId, 'draw'), runAt, maxAttempts: 20 });
    return { mode, commitmentHash: commitment, entryCount: entries.length, drandRound, serverSeedHash };
  });
}

// ───────────────────────────── draw ─────────────────────────────

export interface DrawResult {
  randomness: string;
  winners: { id: string; rank: number; position: number; entryNumber: number; entryId: string; userId: string }[];
}

/**
 * COMMITTED → DRAWN at/after drawAt. DRAND: fetches the committed round from DRAND_URL (timeout
 * DRAND_TIMEOUT_MS), verifies it (BLS signature + randomness = sha256(signature), shared
 * `verifyQuicknetBeacon`); a beacon that fails verification is refused: SystemLog ERROR, nothing
 * written, the raffle stays COMMITTED. COMMIT_REVEAL: randomness = sha256(seed ‖ commitment).
 * Winners = the first `winnersCount` positions of the shuffle of the COMMITTED list; claim deadline =
 * now + claimDays. One transaction with a conditional UPDATE from COMMITTED: a second drawer gets
 * INVALID_STATE and writes nothing. Notifies winners (`raffle.won`) and every participant
 * (`raffle.drawn`), realtime `raffle.drawn` to `raffle:<id>`.
 * Errors: NOT_FOUND; INVALID_STATE (not COMMITTED, before drawAt, round not yet published →
 * BeaconNotYetError, beacon rejected); the relay being down throws DrandUnavailableError.
 */
export async function drawWinners(deps: DrawDeps, raffleId: string): Promise<DrawResult> {
  const now = deps.clock.now();
  const raffle = await deps.db.raffle.findUnique({ where: { id: raffleId } });
  if (!raffle) throw new AppError('NOT_FOUND', 'Raffle not found');
  if (raffle.status !== 'COMMITTED') throw new AppError('INVALID_STATE', `Raffle is ${raffle.status}, not COMMITTED`);
  if (now < raffle.drawAt) throw new AppError('INVALID_STATE', `The draw is at ${raffle.drawAt.toISOString()}`);
  const commitment = raffle.commitmentHash!;

  let randomness: string;
  let beacon: QuicknetBeacon | null = null;
  if (raffle.drawMode === 'DRAND') {
    const round = raffle.drandRound!;
    if (now < roundTime(round)) throw new BeaconNotYetError(round);
    const url = deps.config.drand.url;
    const fetched = deps.fetchBeacon
      ? await deps.fetchBeacon(round)
      : url
        ? await fetchQuicknetBeacon(url, round, deps.config.drand.timeoutMs)
        : null;
    if (!fetched) throw new AppError('INVALID_STATE', 'This raffle draws from drand but DRAND_URL is not configured');
    if (fetched.status === 'not-yet') throw new BeaconNotYetError(round);
    beacon = fetched.beacon;
    if (beacon.round !== round || !verifyQuicknetBeacon(beacon)) {
      await systemLog(deps.db, 'ERROR', 'drand beacon failed verification; draw refused', {
        raffleId,
        round,
        beacon: { ...beacon },
      });
      throw new BeaconRejectedError(round);
    }
    randomness = beacon.randomness.toLowerCase();
  } else {
    const seed = raffle.serverSeed;
    if (!seed || sha256OfHex(seed) !== raffle.serverSeedHash) {
      await systemLog(deps.db, 'ERROR', 'server seed does not match its published hash; draw refused', { raffleId });
      throw new AppError('INVALID_STATE', 'The server seed does not match the commitment');
    }
    randomness = randomnessFromSeed(seed, commitment);
  }

  const listed = parseEntryList(raffle.entryListText ?? '');
  const owners = await deps.db.raffleEntry.findMany({
    where: { raffleId, id: { in: listed.map((e) => e.id) } },
    select: { id: true, userId: true },
  });
  const ownerOf = new Map(owners.map((o) => [o.id, o.userId]));
  const entries: DrawEntry[] = listed.map((e) => ({ ...e, userId: ownerOf.get(e.id)! }));
  const picked = pickWinners(entries, randomness, raffle.winnersCount);
  const claimDeadline = new Date(now.getTime() + raffle.claimDays * DAY_MS);

  const { result, realtime } = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.raffle.updateMany({
      where: { id: raffleId, status: 'COMMITTED' },
      data: {
        status: 'DRAWN',
        randomness,
        drawnAt: now,
        ...(beacon ? { beacon: { round: beacon.round, randomness, signature: beacon.signature.toLowerCase() } } : {}),
      },
    });
    if (count === 0) throw new AppError('INVALID_STATE', 'The raffle was drawn meanwhile');
    const winners: DrawResult['winners'] = [];
    const realtime: RealtimeMessage[] = [];
    for (const w of picked) {
      const row = await tx.raffleWinner.create({
        data: {
          raffleId,
          entryId: w.entryId,
          userId: w.userId!,
          rank: w.rank,
          position: w.position,
          claimDeadline,
          createdAt: now,
        },
        select: { id: true },
      });
      winners.push({
        id: row.id,
        rank: w.rank,
        position: w.position,
        entryNumber: w.entryNumber,
        entryId: w.entryId,
        userId: w.userId!,
      });
      await enqueue(
        tx,
        RAFFLE_JOBS.claimDeadline,
        { raffleId },
        { key: claimDeadlineKey(raffleId, row.id), runAt: claimDeadline },
      );
      const n = await notify(deps, tx, {
        userId: w.userId!,
        kind: 'raffle.won',
        vars: {
          raffleTitle: raffle.title,
          prizeTitle: raffle.prizeTitle,
          rank: w.rank,
          entryNumber: w.entryNumber,
          claimBy: claimDeadline.toISOString(),
        },
      });
      realtime.push(...n.realtime);
    }
    const participants = [...new Set(entries.map((e) => e.userId!))];
    const verifyUrl = `${deps.config.publicUrl}/raffles/${raffle.slug}/verify`;
    for (const userId of participants) {
      const n = await notify(deps, tx, {
        userId,
        kind: 'raffle.drawn',
        vars: { raffleTitle: raffle.title, verifyUrl },
      });
      realtime.push(...n.realtime);
    }
    realtime.push({
      room: rooms.raffle(raffleId),
      event: 'raffle.drawn',
      payload: {
        raffleId,
        commitmentHash: commitment,
        winners: winners.map((w) => ({ rank: w.rank, position: w.position, entryNumber: w.entryNumber })),
        at: now.toISOString(),
      },
    });
    return { result: { randomness, winners }, realtime };
  });
  push(deps, realtime);
  return result;
}

// ───────────────────────────── claim, forfeit, fulfil ─────────────────────────────

/** DRAWN → FULFILLED when no winner is still PENDING_CLAIM (conditional; no-op otherwise). */
async function fulfilIfDone(tx: Tx, raffleId: string): Promise<boolean> {
  const pending = await tx.raffleWinner.count({ where: { raffleId, status: 'PENDING_CLAIM' } });
  if (pending > 0) return false;
  const { count } = await tx.raffle.updateMany({
    where: { id: raffleId, status: 'DRAWN' },
    data: { status: 'FULFILLED' },
  });
  return count === 1;
}

/**
 * `customer.raffles.claim` { winnerId }: the winner claims the prize before its deadline
 * (PENDING_CLAIM → CLAIMED, conditional). The raffle becomes FULFILLED when no prize is pending.
 * Errors: NOT_FOUND (unknown or another user's win); INVALID_STATE (already claimed, forfeited, or
 * past the deadline).
 */
export async function claimPrize(
  deps: DrawDeps,
  actor: Actor,
  winnerId: string,
): Promise<{ winnerId: string; status: 'CLAIMED'; claimedAt: Date }> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const { count } = await tx.raffleWinner.updateMany({
      where: { id: winnerId, userId: actor.user.id, status: 'PENDING_CLAIM', claimDeadline: { gt: now } },
      data: { status: 'CLAIMED', claimedAt: now },
    });
    if (count === 0) {
      const w = await tx.raffleWinner.findFirst({
        where: { id: winnerId, userId: actor.user.id },
        select: { status: true },
      });
      if (!w) throw new AppError('NOT_FOUND', 'Prize not found');
      throw new AppError(
        'INVALID_STATE',
        w.status === 'PENDING_CLAIM' ? 'The claim deadline has passed' : `This prize is ${w.status}`,
      );
    }
    const w = await tx.raffleWinner.findUniqueOrThrow({ where: { id: winnerId }, select: { raffleId: true } });
    await fulfilIfDone(tx, w.raffleId);
    return { winnerId, status: 'CLAIMED' as const, claimedAt: now };
  });
}

/**
 * Claim deadline passed: each PENDING_CLAIM winner past `claimDeadline` becomes FORFEITED and the
 * same rank goes to the next position of the SAME shuffle (no new randomness) that is not used yet
 * and whose user has no win row in this raffle (shared `pickWinners` with usedPositions/excludeUsers).
 * No such position → the rank stays forfeited. FULFILLED once nothing is pending. Each forfeit is a
 * conditional UPDATE and the replacement's position is unique, so a re-run changes nothing.
 * Returns the replacements made.
 */
export async function forfeitAndRedraw(
  deps: DrawDeps,
  raffleId: string,
): Promise<{ forfeitedId: string; replacement: { id: string; rank: number; position: number } | null }[]> {
  const now = deps.clock.now();
  const raffle = await deps.db.raffle.findUnique({ where: { id: raffleId } });
  if (!raffle) throw new AppError('NOT_FOUND', 'Raffle not found');
  if (raffle.status !== 'DRAWN') return [];
  const listed = parseEntryList(raffle.entryListText ?? '');
  const owners = await deps.db.raffleEntry.findMany({
    where: { raffleId, id: { in: listed.map((e) => e.id) } },
    select: { id: true, userId: true },
  });
  const ownerOf = new Map(owners.map((o) => [o.id, o.userId]));
  const entries: DrawEntry[] = listed.map((e) => ({ ...e, userId: ownerOf.get(e.id)! }));

  const { out, realtime } = await deps.db.$transaction(async (tx) => {
    const out: { forfeitedId: string; replacement: { id: string; rank: number; position: number } | null }[] = [];
    const realtime: RealtimeMessage[] = [];
    const due = await tx.raffleWinner.findMany({
      where: { raffleId, status: 'PENDING_CLAIM', claimDeadline: { lte: now } },
      orderBy: { rank: 'asc' },
      select: { id: true, rank: true },
    });
    for (const f of due) {
      const { count } = await tx.raffleWinner.updateMany({
        where: { id: f.id, status: 'PENDING_CLAIM' },
        data: { status: 'FORFEITED' },
      });
      if (count === 0) continue;
      const all = await tx.raffleWinner.findMany({ where: { raffleId }, select: { position: true, userId: true } });
      const [next] = pickWinners(entries, raffle.randomness!, 1, {
        usedPositions: all.map((w) => w.position),
        excludeUsers: all.map((w) => w.userId),
        firstRank: f.rank,
      });
      if (!next) {
        out.push({ forfeitedId: f.id, replacement: null });
        continue;
      }
      const claimDeadline = new Date(now.getTime() + raffle.claimDays * DAY_MS);
      const row = await tx.raffleWinner.create({
        data: {
          raffleId,
          entryId: next.entryId,
          userId: next.userId!,
          rank: f.rank,
          position: next.position,
          claimDeadline,
          replacesId: f.id,
          createdAt: now,
        },
        select: { id: true },
      });
      await enqueue(
        tx,
        RAFFLE_JOBS.claimDeadline,
        { raffleId },
        { key: claimDeadlineKey(raffleId, row.id), runAt: claimDeadline },
      );
      const n = await notify(deps, tx, {
        userId: next.userId!,
        kind: 'raffle.won',
        vars: {
          raffleTitle: raffle.title,
          prizeTitle: raffle.prizeTitle,
          rank: f.rank,
          entryNumber: next.entryNumber,
          claimBy: claimDeadline.toISOString(),
        },
      });
      realtime.push(...n.realtime);
      out.push({ forfeitedId: f.id, replacement: { id: row.id, rank: f.rank, position: next.position } });
    }
    await fulfilIfDone(tx, raffleId);
    return { out, realtime };
  });
  push(deps, realtime);
  return out;
}

// ───────────────────────────── public verification ─────────────────────────────

export interface RaffleVerification {
  raffleId: string;
  status: string;
  mode: DrawModeName | null;
  algorithmVersion: string | null;
  commitmentHash: string | null;
  entryListText: string | null;
  entryCount: number | null;
  committedAt: Date | null;
  drandRound: number | null;
  drandChainHash: string | null;
  chainPublicKey: string | null;
  beacon: QuicknetBeacon | null;
  serverSeedHash: string | null;
  /** revealed only once DRAWN (null before) */
  serverSeed: string | null;
  randomness: string | null;
  drawnAt: Date | null;
  winners: {
    winnerId: string;
    rank: number;
    position: number;
    entryNumber: number;
    entryId: string;
    status: string;
    replacesPosition: number | null;
  }[];
}

const REVEALED = new Set(['DRAWN', 'FULFILLED']);

/**
 * `public.raffles.verification` { raffleId }: everything needed to recompute the commitment and the
 * winners (shared/src/raffle-draw), for anyone. The server seed is returned only after the draw;
 * before commitment most fields are null. Errors: NOT_FOUND (unknown raffle or a DRAFT).
 */
export async function raffleVerification(deps: Pick<AppDeps, 'db'>, raffleId: string): Promise<RaffleVerification> {
  const r = await deps.db.raffle.findUnique({
    where: { id: raffleId },
    include: {
      winners: {
        orderBy: [{ rank: 'asc' }, { position: 'asc' }],
        select: {
          id: true,
          rank: true,
          position: true,
          status: true,
          entryId: true,
          replacesId: true,
          entry: { select: { number: true } },
        },
      },
    },
  });
  if (!r || r.status === 'DRAFT') throw new AppError('NOT_FOUND', 'Raffle not found');
  const positionOf = new Map(r.winners.map((w) => [w.id, w.position]));
  const revealed = REVEALED.has(r.status) && r.drawnAt !== null;
  return {
    raffleId: r.id,
    status: r.status,
    mode: r.drawMode,
    algorithmVersion: r.algorithmVersion,
    commitmentHash: r.commitmentHash,
    entryListText: r.entryListText,
    entryCount: r.entryCount,
    committedAt: r.committedAt,
    drandRound: r.drandRound,
    drandChainHash: r.drandChainHash,
    chainPublicKey: r.drawMode === 'DRAND' ? QUICKNET.publicKey : null,
    beacon: revealed && r.beacon ? (r.beacon as unknown as QuicknetBeacon) : null,
    serverSeedHash: r.serverSeedHash,
    serverSeed: revealed ? r.serverSeed : null,
    randomness: revealed ? r.randomness : null,
    drawnAt: r.drawnAt,
    winners: r.winners.map((w) => ({
      winnerId: w.id,
      rank: w.rank,
      position: w.position,
      entryNumber: w.entry.number,
      entryId: w.entryId,
      status: w.status,
      replacesPosition: w.replacesId ? (positionOf.get(w.replacesId) ?? null) : null,
    })),
  };
}

/**
 * `admin.raffles.winners`: every winner of a raffle, current and forfeited, by rank then position,
 * with the entry number and the customer's name. Errors: NOT_FOUND (unknown raffle).
 */
export async function listWinners(deps: DrawDeps, raffleId: string) {
  const raffle = await deps.db.raffle.findUnique({ where: { id: raffleId }, select: { id: true } });
  if (!raffle) throw new AppError('NOT_FOUND', 'No such raffle.');
  const rows = await deps.db.raffleWinner.findMany({
    where: { raffleId },
    orderBy: [{ rank: 'asc' }, { position: 'asc' }],
    select: {
      id: true,
      rank: true,
      position: true,
      userId: true,
      status: true,
      claimDeadline: true,
      claimedAt: true,
      replacesId: true,
      entry: { select: { number: true } },
    },
  });
  const users = await deps.db.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.userId))] } },
    select: { id: true, firstName: true, lastName: true },
  });
  const names = new Map(users.map((u) => [u.id, `${u.firstName} ${u.lastName}`]));
  return rows.map(({ entry, ...w }) => ({ ...w, entryNumber: entry.number, customerName: names.get(w.userId) ?? '—' }));
}
