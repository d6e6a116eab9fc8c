/**
 * Raffles (issue 8; seeds 000/001 LuxeWin "raffle platform"; ADR 0016): admin management, the
 * public catalogue, buying entries through the shared checkout and the free alternative entry.
 *
 * Buying is booking: a PENDING order with one RAFFLE_ENTRY line, paid with
 * customer.payments.process/confirm like tickets. The booking transaction takes the entries by
 * conditional UPDATEs (raffle-checkout.ts `reserveEntries`): the raffle's total and the user's
 * cap can never be exceeded, whatever the concurrency. Entries are numbered when paid.
 *
 * Money: integer minor units + ISO 4217; instants UTC (`deps.clock`).
 */
import { randomBytes } from 'node:crypto';
import type {
  TOrder,
  TPage,
  TPublicRaffle,
  TRaffle,
  TRaffleBuyInput,
  TRaffleCreateInput,
  TRaffleStats,
  TRaffleStatus,
  TRaffleUpdateInput,
  ZAdminRaffleListInput,
  ZPublicRaffleListInput,
  ZRaffleHistoryInput,
  ZRaffleHistoryItem,
} from '@admit/shared';
import { raffleRuleIssues } from '@admit/shared';
import type { z } from 'zod';
import { consume } from '../../auth/rate-limits.ts';
import { randomReference } from '../../auth/tokens.ts';
import type { Prisma } from '../../db/generated/client.ts';
import type { AppDeps, Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { countOrders } from '../../ops/metrics.ts';
import type { RealtimeMessage } from '../../realtime/messages.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { expireHolds, orderSelect, toOrder } from '../orders/orders.service.ts';
import { pageOf, pageWindow } from '../pagination.ts';
import { type AuditMeta, auditActor } from '../refunds/scope.ts';
import { scheduleRaffleJobs } from './draw/schedule.ts';
import { issueEntries, reserveEntries } from './raffle-checkout.ts';
import { PUBLIC_RAFFLE_STATUSES } from './raffle-state.ts';

/** One free entry per user per raffle per this window (seed 001: free alternative method of entry). */
export const FREE_ENTRY_WINDOW_MS = 24 * 60 * 60 * 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const raffleSelect = {
  id: true,
  slug: true,
  title: true,
  description: true,
  imageUrls: true,
  prizeTitle: true,
  prizeDescription: true,
  prizeValueMinor: true,
  entryPriceMinor: true,
  currency: true,
  totalEntries: true,
  entriesTaken: true,
  maxEntriesPerUser: true,
  winnersCount: true,
  opensAt: true,
  closesAt: true,
  drawAt: true,
  claimDays: true,
  status: true,
  drawMode: true,
  commitmentHash: true,
  cancelledAt: true,
  cancelReason: true,
  drawnAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.RaffleSelect;
type RaffleRow = Prisma.RaffleGetPayload<{ select: typeof raffleSelect }>;

export function toRaffle(r: RaffleRow): TRaffle {
  return { ...r, entriesLeft: Math.max(0, r.totalEntries - r.entriesTaken) };
}

/** The `raffle.entries` message for the raffle's public room. */
export function entriesMessage(raffleId: string, entriesLeft: number, at: Date): RealtimeMessage {
  return {
    room: `raffle:${raffleId}`,
    event: 'raffle.entries',
    payload: { raffleId, entriesLeft: Math.max(0, entriesLeft), at: at.toISOString() },
  };
}

/** Pushes the current entries-left of `raffleId` (after the caller's transaction committed). */
export async function pushEntriesLeft(deps: Deps, raffleId: string): Promise<void> {
  const r = await deps.db.raffle.findUnique({
    where: { id: raffleId },
    select: { totalEntries: true, entriesTaken: true },
  });
  if (r) deps.realtime.push(entriesMessage(raffleId, r.totalEntries - r.entriesTaken, deps.clock.now()));
}

const SORTS: Record<string, Prisma.RaffleOrderByWithRelationInput> = {
  closesAt: { closesAt: 'asc' },
  '-closesAt': { closesAt: 'desc' },
  createdAt: { createdAt: 'asc' },
  '-createdAt': { createdAt: 'desc' },
  entryPrice: { entryPriceMinor: 'asc' },
  '-entryPrice': { entryPriceMinor: 'desc' },
};

// ───────────────────────────── admins ─────────────────────────────

/** `GET /api/raffles/` (admins, raffles.read): filter by status and title/slug text; paginated. */
export async function listRaffles(
  deps: Pick<AppDeps, 'db'>,
  input: z.infer<typeof ZAdminRaffleListInput>,
): Promise<TPage<TRaffle>> {
  const where: Prisma.RaffleWhereInput = {
    ...(input.status ? { status: input.status } : {}),
    ...(input.q
      ? {
          OR: [{ title: { contains: input.q, mode: 'insensitive' } }, { slug: { contains: input.q.toLowerCase() } }],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    deps.db.raffle.count({ where }),
    deps.db.raffle.findMany({
      where,
      select: raffleSelect,
      orderBy: [SORTS[input.sort]!, { id: 'asc' }],
      ...pageWindow(input),
    }),
  ]);
  return pageOf(rows.map(toRaffle), total, input);
}

/** One raffle (admins). Errors: NOT_FOUND. */
export async function getRaffle(deps: Pick<AppDeps, 'db'>, id: string): Promise<TRaffle> {
  const row = await deps.db.raffle.findUnique({ where: { id }, select: raffleSelect });
  if (!row) throw new AppError('NOT_FOUND', 'No such raffle.');
  return toRaffle(row);
}

function slugify(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'raffle'
  );
}

/**
 * `POST /api/raffles/` (admins, raffles.write): a DRAFT raffle. The slug is the given one or
 * the title's, with a random suffix when taken. Audited `raffle.created`.
 * Errors: VALIDATION_FAILED (zod rules; a given slug that is taken → CONFLICT).
 */
export async function createRaffle(
  deps: Deps,
  actor: Actor,
  input: TRaffleCreateInput,
  meta?: AuditMeta,
): Promise<TRaffle> {
  const base = input.slug ?? slugify(input.title);
  let slug = base;
  if (await deps.db.raffle.findUnique({ where: { slug }, select: { id: true } })) {
    if (input.slug) throw new AppError('CONFLICT', 'This slug is taken.', { slug: ['Taken'] });
    slug = `${base}-${randomBytes(3).toString('hex')}`;
  }
  const row = await deps.db.$transaction(async (tx) => {
    const created = await tx.raffle.create({
      data: {
        slug,
        title: input.title,
        description: input.description,
        prizeTitle: input.prizeTitle,
        prizeDescription: input.prizeDescription,
        prizeValueMinor: input.prizeValueMinor ?? null,
        entryPriceMinor: input.entryPriceMinor,
        currency: input.currency,
        totalEntries: input.totalEntries,
        maxEntriesPerUser: input.maxEntriesPerUser,
        winnersCount: input.winnersCount,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        drawAt: input.drawAt,
        claimDays: input.claimDays,
        createdById: actor.user.id,
      },
      select: raffleSelect,
    });
    await recordAudit(tx, {
      action: 'raffle.created',
      actor: auditActor(actor),
      target: { type: 'Raffle', id: created.id },
      after: { slug, title: input.title, entryPriceMinor: input.entryPriceMinor, currency: input.currency },
      meta,
    });
    return created;
  });
  return toRaffle(row);
}

const TEXT_FIELDS = ['title', 'description', 'prizeTitle', 'prizeDescription', 'prizeValueMinor', 'imageUrls'] as const;

/**
 * `PATCH /api/raffles/{id}/` (admins, raffles.write): partial update. A DRAFT may change
 * anything (cross-field rules re-checked on the result); an OPEN raffle only its text and images
 * and may move closesAt/drawAt LATER; any other status is frozen. The write is conditional on
 * the status read, so a concurrent publish cannot slip a DRAFT-only change into an OPEN raffle.
 * Errors: NOT_FOUND, INVALID_STATE (with the refused fields), VALIDATION_FAILED.
 */
export async function updateRaffle(
  deps: Deps,
  actor: Actor,
  input: TRaffleUpdateInput,
  meta?: AuditMeta,
): Promise<TRaffle> {
  const { id, ...patch } = input;
  const current = await deps.db.raffle.findUnique({ where: { id }, select: raffleSelect });
  if (!current) throw new AppError('NOT_FOUND', 'No such raffle.');
  const changed = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<
    Omit<TRaffleUpdateInput, 'id'>
  >;
  if (current.status === 'OPEN') {
    const refused = Object.keys(changed).filter(
      (k) => !(TEXT_FIELDS as readonly string[]).includes(k) && k !== 'closesAt' && k !== 'drawAt',
    );
    if (refused.length > 0) {
      throw new AppError(
        'INVALID_STATE',
        `An open raffle only changes its text and images, and may extend closesAt/drawAt; not: ${refused.join(', ')}.`,
        Object.fromEntries(refused.map((k) => [k, ['Not while the raffle is open']])),
      );
    }
    if (changed.closesAt && changed.closesAt < current.closesAt) {
      throw new AppError('INVALID_STATE', 'An open raffle may only close later, not earlier.', {
        closesAt: ['Only later'],
      });
    }
    if (changed.drawAt && changed.drawAt < current.drawAt) {
      throw new AppError('INVALID_STATE', 'An open raffle may only be drawn later, not earlier.', {
        drawAt: ['Only later'],
      });
    }
  } else if (current.status !== 'DRAFT') {
    throw new AppError('INVALID_STATE', `A raffle that is ${current.status.toLowerCase()} cannot be edited.`);
  }
  const next = { ...current, ...changed };
  const issues = raffleRuleIssues(next);
  if (issues.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      Object.fromEntries(issues.map((i) => [i.path, [i.message]])),
    );
  }
  const row = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.raffle.updateMany({ where: { id, status: current.status }, data: changed });
    if (count === 0) throw new AppError('CONFLICT', 'The raffle changed meanwhile; reload and try again.');
    await recordAudit(tx, {
      action: 'raffle.updated',
      actor: auditActor(actor),
      target: { type: 'Raffle', id },
      before: Object.fromEntries(Object.keys(changed).map((k) => [k, current[k as keyof RaffleRow] as never])),
      after: changed as Prisma.InputJsonObject,
      meta,
    });
    return tx.raffle.findUniqueOrThrow({ where: { id }, select: raffleSelect });
  });
  return toRaffle(row);
}

/**
 * `POST /api/raffles/{id}/publish/` (admins, raffles.write): DRAFT → OPEN by a conditional
 * UPDATE, and the close/commit/draw jobs scheduled in the same transaction (draw/schedule.ts).
 * Errors: NOT_FOUND; INVALID_STATE (not a draft, or closesAt already past).
 */
export async function publishRaffle(deps: Deps, actor: Actor, id: string, meta?: AuditMeta): Promise<TRaffle> {
  const current = await getRaffle(deps, id);
  const now = deps.clock.now();
  if (current.status !== 'DRAFT') {
    throw new AppError('INVALID_STATE', `A raffle that is ${current.status.toLowerCase()} cannot be published.`);
  }
  if (current.closesAt <= now) {
    throw new AppError('INVALID_STATE', 'Its sales would already be over: move closesAt into the future first.', {
      closesAt: ['In the past'],
    });
  }
  const row = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.raffle.updateMany({ where: { id, status: 'DRAFT' }, data: { status: 'OPEN' } });
    if (count === 0) throw new AppError('INVALID_STATE', 'This raffle is no longer a draft.');
    const raffle = await tx.raffle.findUniqueOrThrow({ where: { id }, select: raffleSelect });
    // R2 (draw/schedule.ts): raffles.close and raffles.commit at closesAt, raffles.draw at drawAt
    await scheduleRaffleJobs(tx, raffle);
    await recordAudit(tx, {
      action: 'raffle.published',
      actor: auditActor(actor),
      target: { type: 'Raffle', id },
      before: { status: 'DRAFT' },
      after: { status: 'OPEN' },
      meta,
    });
    return raffle;
  });
  deps.realtime.push(entriesMessage(id, row.totalEntries - row.entriesTaken, now));
  return toRaffle(row);
}

// ───────────────────────────── public ─────────────────────────────

async function publicWinners(db: AppDeps['db'], raffleIds: string[]) {
  const rows = await db.raffleWinner.findMany({
    where: { raffleId: { in: raffleIds } },
    select: { raffleId: true, rank: true, status: true, entry: { select: { number: true } } },
    orderBy: [{ rank: 'asc' }, { createdAt: 'asc' }],
  });
  const by = new Map<string, TPublicRaffle['winners']>();
  for (const w of rows) {
    const list = by.get(w.raffleId) ?? [];
    list.push({ rank: w.rank, entryNumber: w.entry.number, status: w.status });
    by.set(w.raffleId, list);
  }
  return by;
}

function toPublic(r: RaffleRow, winners: TPublicRaffle['winners']): TPublicRaffle {
  const { cancelReason: _c, updatedAt: _u, ...rest } = toRaffle(r);
  return { ...rest, winners };
}

/**
 * `GET /api/v1/raffles/` (public): published raffles; `active` = OPEN, `inactive` = every other
 * published status (closed, drawn, cancelled, …), `all` = both. Never a DRAFT.
 */
export async function listPublicRaffles(
  deps: Pick<AppDeps, 'db'>,
  input: z.infer<typeof ZPublicRaffleListInput>,
): Promise<TPage<TPublicRaffle>> {
  const statuses: TRaffleStatus[] =
    input.status === 'active'
      ? ['OPEN']
      : input.status === 'inactive'
        ? PUBLIC_RAFFLE_STATUSES.filter((s) => s !== 'OPEN')
        : PUBLIC_RAFFLE_STATUSES;
  const where: Prisma.RaffleWhereInput = { status: { in: statuses } };
  const [total, rows] = await Promise.all([
    deps.db.raffle.count({ where }),
    deps.db.raffle.findMany({
      where,
      select: raffleSelect,
      orderBy: [SORTS[input.sort]!, { id: 'asc' }],
      ...pageWindow(input),
    }),
  ]);
  const winners = await publicWinners(
    deps.db,
    rows.map((r) => r.id),
  );
  return pageOf(
    rows.map((r) => toPublic(r, winners.get(r.id) ?? [])),
    total,
    input,
  );
}

/** `GET /api/v1/raffles/{id}/` (public) by id or slug, with live entries-left. Errors: NOT_FOUND (also a DRAFT). */
export async function getPublicRaffle(deps: Pick<AppDeps, 'db'>, idOrSlug: string): Promise<TPublicRaffle> {
  const row = await deps.db.raffle.findFirst({
    where: {
      ...(UUID.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug.toLowerCase() }),
      status: { in: PUBLIC_RAFFLE_STATUSES },
    },
    select: raffleSelect,
  });
  if (!row) throw new AppError('NOT_FOUND', 'No such raffle.');
  const winners = await publicWinners(deps.db, [row.id]);
  return toPublic(row, winners.get(row.id) ?? []);
}

// ───────────────────────────── customers ─────────────────────────────

async function openRaffleFor(deps: Deps, raffleId: string) {
  const raffle = await deps.db.raffle.findUnique({
    where: { id: raffleId },
    select: {
      id: true,
      title: true,
      status: true,
      entryPriceMinor: true,
      currency: true,
      opensAt: true,
      closesAt: true,
      maxEntriesPerUser: true,
    },
  });
  if (!raffle || raffle.status === 'DRAFT') throw new AppError('NOT_FOUND', 'No such raffle.');
  const now = deps.clock.now();
  if (raffle.status !== 'OPEN') throw new AppError('INVALID_STATE', `This raffle is ${raffle.status.toLowerCase()}.`);
  if (raffle.opensAt > now) throw new AppError('INVALID_STATE', 'Entries are not on sale yet.');
  if (raffle.closesAt <= now) throw new AppError('INVALID_STATE', 'Entries are no longer on sale.');
  return raffle;
}

/** What is left for `userId` in the raffle: entries on sale and their own allowance. */
async function leftFor(deps: Pick<AppDeps, 'db'>, raffleId: string, userId: string) {
  const [raffle, p] = await Promise.all([
    deps.db.raffle.findUniqueOrThrow({
      where: { id: raffleId },
      select: { totalEntries: true, entriesTaken: true, maxEntriesPerUser: true },
    }),
    deps.db.raffleParticipant.findUnique({
      where: { raffleId_userId: { raffleId, userId } },
      select: { entries: true },
    }),
  ]);
  return {
    entriesLeft: Math.max(0, raffle.totalEntries - raffle.entriesTaken),
    allowance: Math.max(0, raffle.maxEntriesPerUser - (p?.entries ?? 0)),
  };
}

function refusal(outcome: 'sold_out' | 'cap', left: { entriesLeft: number; allowance: number }): AppError {
  if (outcome === 'cap' || left.allowance < left.entriesLeft) {
    if (left.allowance === 0) {
      return new AppError('VALIDATION_FAILED', 'You already hold the most entries allowed per person.', {
        quantity: ['0 more allowed'],
        remainingAllowance: [String(left.allowance)],
        entriesLeft: [String(left.entriesLeft)],
      });
    }
    if (outcome === 'cap') {
      return new AppError(
        'VALIDATION_FAILED',
        `You may take ${left.allowance} more entr${left.allowance === 1 ? 'y' : 'ies'} in this raffle.`,
        {
          quantity: [`At most ${left.allowance}`],
          remainingAllowance: [String(left.allowance)],
          entriesLeft: [String(left.entriesLeft)],
        },
      );
    }
  }
  return new AppError(
    'SOLD_OUT',
    left.entriesLeft === 0 ? 'Sold out.' : `Only ${left.entriesLeft} entr${left.entriesLeft === 1 ? 'y' : 'ies'} left.`,
    {
      quantity: [`${left.entriesLeft} available`],
      entriesLeft: [String(left.entriesLeft)],
      remainingAllowance: [String(left.allowance)],
    },
  );
}

/**
 * `POST /api/v1/raffles/{raffleId}/buy/` (customers): holds `quantity` entries in a PENDING
 * order (RAFFLE_ENTRY line), to pay like tickets before `expiresAt`. The raffle's total and the
 * per-user cap (held + bought + free entries) are taken by conditional UPDATEs in the booking
 * transaction: both or nothing. Lapsed holds of the raffle are released and the booking retried
 * once before refusing. Errors: NOT_FOUND (unknown/draft), INVALID_STATE (not open now),
 * SOLD_OUT (details: entriesLeft, remainingAllowance), VALIDATION_FAILED (over the per-user cap).
 */
export async function buyEntries(deps: Deps, actor: Actor, input: TRaffleBuyInput): Promise<TOrder> {
  const raffle = await openRaffleFor(deps, input.raffleId);
  const now = deps.clock.now();
  const refused = Symbol('refused');
  const why: { outcome: 'sold_out' | 'cap' } = { outcome: 'sold_out' };
  const attempt = () =>
    deps.db
      .$transaction(async (tx) => {
        const created = await tx.order.create({
          data: {
            code: randomReference('ADM', 6),
            customerId: actor.user.id,
            status: 'PENDING',
            currency: raffle.currency,
            totalMinor: raffle.entryPriceMinor * input.quantity,
            expiresAt: new Date(now.getTime() + deps.config.holdMinutes * 60_000),
            createdAt: now,
            lines: {
              create: {
                kind: 'RAFFLE_ENTRY',
                description: `${raffle.title} — ${input.quantity} entr${input.quantity === 1 ? 'y' : 'ies'}`,
                raffleId: raffle.id,
                quantity: input.quantity,
                unitPriceMinor: raffle.entryPriceMinor,
                totalMinor: raffle.entryPriceMinor * input.quantity,
              },
            },
          },
          select: orderSelect,
        });
        const taken = await reserveEntries(tx, raffle.id, actor.user.id, input.quantity, now);
        if (taken !== 'ok') {
          why.outcome = taken;
          throw refused; // rolls the order and the raffle UPDATE back
        }
        return created;
      })
      .catch((err: unknown) => {
        if (err === refused) return null;
        throw err;
      });
  let order = await attempt();
  if (!order && (await expireHolds(deps, { raffleId: raffle.id })) > 0) order = await attempt();
  if (!order) throw refusal(why.outcome, await leftFor(deps, raffle.id, actor.user.id));
  countOrders('created');
  await pushEntriesLeft(deps, raffle.id);
  return toOrder(order);
}

/**
 * `POST /api/v1/raffles/{raffleId}/free-entry/` (customers): the free alternative method of
 * entry (seed 001). Same weight as a paid entry (one RaffleEntry, source FREE, numbered in the
 * same sequence), counts toward the same per-user cap, at most one per user per raffle per 24 h
 * and rate-limited per IP (`limits.raffleFreeIp`). Errors: NOT_FOUND, INVALID_STATE, SOLD_OUT,
 * VALIDATION_FAILED (cap reached), RATE_LIMITED (24 h rule: details.nextFreeEntryAt; or the IP).
 */
export async function freeEntry(
  deps: Deps,
  actor: Actor,
  input: { raffleId: string },
  meta?: { ip?: string },
): Promise<{ entry: { id: string; number: number }; entriesLeft: number }> {
  const raffle = await openRaffleFor(deps, input.raffleId);
  await consume(deps.limits.raffleFreeIp, meta?.ip ?? 'unknown', 'free entries from this address');
  const now = deps.clock.now();
  const refused = Symbol('refused');
  // set inside the transaction callback (hence the explicit types: TS cannot see the writes)
  const why: { outcome: 'sold_out' | 'cap' | 'window'; lastFreeAt: Date | null } = {
    outcome: 'sold_out',
    lastFreeAt: null,
  };
  const made = await deps.db
    .$transaction(async (tx) => {
      // the raffle row lock (UPDATE) serialises free entries and numbering of this raffle
      const taken = await reserveEntries(tx, raffle.id, actor.user.id, 1, now);
      if (taken !== 'ok') {
        why.outcome = taken;
        throw refused;
      }
      const last = await tx.raffleEntry.findFirst({
        where: { raffleId: raffle.id, userId: actor.user.id, source: 'FREE' },
        orderBy: { createdAt: 'desc' },
        select: { createdAt: true },
      });
      if (last && now.getTime() - last.createdAt.getTime() < FREE_ENTRY_WINDOW_MS) {
        why.outcome = 'window';
        why.lastFreeAt = last.createdAt;
        throw refused;
      }
      await tx.raffleParticipant.update({
        where: { raffleId_userId: { raffleId: raffle.id, userId: actor.user.id } },
        data: { freeEntries: { increment: 1 } },
      });
      const number = await issueEntries(tx, {
        raffleId: raffle.id,
        userId: actor.user.id,
        count: 1,
        source: 'FREE',
        status: 'VALID',
        now,
      });
      return tx.raffleEntry.findUniqueOrThrow({
        where: { raffleId_number: { raffleId: raffle.id, number } },
        select: { id: true, number: true },
      });
    })
    .catch((err: unknown) => {
      if (err === refused) return null;
      throw err;
    });
  if (!made) {
    if (why.outcome === 'window' && why.lastFreeAt) {
      const next = new Date(why.lastFreeAt.getTime() + FREE_ENTRY_WINDOW_MS);
      throw new AppError('RATE_LIMITED', 'One free entry per raffle every 24 hours.', {
        nextFreeEntryAt: [next.toISOString()],
      });
    }
    throw refusal(why.outcome === 'cap' ? 'cap' : 'sold_out', await leftFor(deps, raffle.id, actor.user.id));
  }
  const left = await leftFor(deps, raffle.id, actor.user.id);
  deps.realtime.push(entriesMessage(raffle.id, left.entriesLeft, now));
  return { entry: made, entriesLeft: left.entriesLeft };
}

/**
 * `GET /api/v1/users/raffles/entries/` (customers): my entries (optionally of one raffle), with
 * what counts against the cap and when my next free entry is allowed.
 */
export async function myEntries(deps: Deps, actor: Actor, input: { raffleId?: string }) {
  const userId = actor.user.id;
  const entries = await deps.db.raffleEntry.findMany({
    where: { userId, ...(input.raffleId ? { raffleId: input.raffleId } : {}) },
    select: { id: true, raffleId: true, number: true, source: true, status: true, orderId: true, createdAt: true },
    orderBy: [{ createdAt: 'desc' }, { number: 'desc' }],
    take: 1000,
  });
  if (!input.raffleId) return { counted: entries.length, remainingAllowance: null, nextFreeEntryAt: null, entries };
  const [raffle, p] = await Promise.all([
    deps.db.raffle.findUnique({ where: { id: input.raffleId }, select: { maxEntriesPerUser: true } }),
    deps.db.raffleParticipant.findUnique({
      where: { raffleId_userId: { raffleId: input.raffleId, userId } },
      select: { entries: true },
    }),
  ]);
  const lastFree = entries.find((e) => e.source === 'FREE');
  const nextFree = lastFree ? new Date(lastFree.createdAt.getTime() + FREE_ENTRY_WINDOW_MS) : null;
  return {
    counted: p?.entries ?? 0,
    remainingAllowance: raffle ? Math.max(0, raffle.maxEntriesPerUser - (p?.entries ?? 0)) : 0,
    nextFreeEntryAt: nextFree && nextFree > deps.clock.now() ? nextFree : null,
    entries,
  };
}

type HistoryItem = z.infer<typeof ZRaffleHistoryItem>;

/**
 * `GET /api/v1/users/raffles/` (customers): the raffles I hold entries in, with counts (valid
 * entries), status and whether I won; filter by raffle status, sort by last entry date or entries.
 */
export async function raffleHistory(
  deps: Deps,
  actor: Actor,
  input: z.infer<typeof ZRaffleHistoryInput>,
): Promise<TPage<HistoryItem>> {
  const userId = actor.user.id;
  const groups = await deps.db.raffleEntry.groupBy({
    by: ['raffleId', 'source'],
    where: { userId, ...(input.status ? { raffle: { status: input.status } } : {}) },
    _count: { _all: true },
    _max: { createdAt: true },
  });
  const valid = await deps.db.raffleEntry.groupBy({
    by: ['raffleId'],
    where: { userId, status: 'VALID' },
    _count: { _all: true },
  });
  const ids = [...new Set(groups.map((g) => g.raffleId))];
  const [raffles, wins] = await Promise.all([
    deps.db.raffle.findMany({
      where: { id: { in: ids } },
      select: { id: true, slug: true, title: true, prizeTitle: true, status: true, drawAt: true },
    }),
    deps.db.raffleWinner.findMany({
      where: { userId, raffleId: { in: ids }, status: { not: 'FORFEITED' } },
      select: { raffleId: true },
    }),
  ]);
  const won = new Set(wins.map((w) => w.raffleId));
  const validBy = new Map(valid.map((v) => [v.raffleId, v._count._all]));
  const items: HistoryItem[] = raffles.map((r) => {
    const mine = groups.filter((g) => g.raffleId === r.id);
    const count = (s: 'PAID' | 'FREE') => mine.find((g) => g.source === s)?._count._all ?? 0;
    const last = mine.reduce((t, g) => Math.max(t, g._max.createdAt?.getTime() ?? 0), 0);
    return {
      raffleId: r.id,
      slug: r.slug,
      title: r.title,
      prizeTitle: r.prizeTitle,
      status: r.status,
      entries: validBy.get(r.id) ?? 0,
      paidEntries: count('PAID'),
      freeEntries: count('FREE'),
      drawAt: r.drawAt,
      lastEntryAt: new Date(last),
      won: won.has(r.id),
    };
  });
  const dir = input.sort.startsWith('-') ? -1 : 1;
  const key = input.sort.replace('-', '') as 'date' | 'entries';
  items.sort((a, b) => {
    const d = key === 'date' ? a.lastEntryAt.getTime() - b.lastEntryAt.getTime() : a.entries - b.entries;
    return d !== 0 ? dir * d : a.raffleId.localeCompare(b.raffleId);
  });
  const { skip, take } = pageWindow(input);
  return pageOf(items.slice(skip, skip + take), items.length, input);
}

/**
 * `GET /api/v1/users/raffles/stats/` (customers): raffles entered, entries paid/free (valid),
 * money spent per currency (paid raffle lines minus refunded units, minor units) and wins
 * (not forfeited).
 */
export async function raffleStats(deps: Deps, actor: Actor): Promise<TRaffleStats> {
  const userId = actor.user.id;
  const [bySource, raffles, lines, wins] = await Promise.all([
    deps.db.raffleEntry.groupBy({ by: ['source'], where: { userId, status: 'VALID' }, _count: { _all: true } }),
    deps.db.raffleEntry.findMany({ where: { userId }, distinct: ['raffleId'], select: { raffleId: true } }),
    deps.db.orderLine.findMany({
      where: { kind: 'RAFFLE_ENTRY', order: { customerId: userId, status: { in: ['PAID', 'REFUNDED'] } } },
      select: { quantity: true, refundedQuantity: true, unitPriceMinor: true, order: { select: { currency: true } } },
    }),
    deps.db.raffleWinner.count({ where: { userId, status: { not: 'FORFEITED' } } }),
  ]);
  const spent = new Map<string, number>();
  for (const l of lines) {
    const c = l.order.currency;
    spent.set(c, (spent.get(c) ?? 0) + l.unitPriceMinor * (l.quantity - l.refundedQuantity));
  }
  return {
    rafflesEntered: raffles.length,
    entriesPaid: bySource.find((s) => s.source === 'PAID')?._count._all ?? 0,
    entriesFree: bySource.find((s) => s.source === 'FREE')?._count._all ?? 0,
    spent: [...spent].map(([currency, amountMinor]) => ({ currency, amountMinor })),
    wins,
  };
}

// ───────────────────────────── images ─────────────────────────────

/** At most this many images per raffle, each at most MAX_IMAGE_BYTES (http/uploads.ts enforces the size while streaming). */
export const MAX_RAFFLE_IMAGES = 8;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/**
 * `POST /api/admin/raffles/{id}/images` (admins, raffles.write; multipart field `file`): stores a
 * JPEG/PNG/WebP recognised by its magic bytes under a server-made name and appends its URL to
 * the raffle (conditional UPDATE: never more than MAX_RAFFLE_IMAGES, only DRAFT/OPEN raffles).
 * Audited `raffle.image_added`. Errors: NOT_FOUND, VALIDATION_FAILED (not an image),
 * PAYLOAD_TOO_LARGE, INVALID_STATE (too many images, raffle past sales).
 */
export async function addRaffleImage(
  deps: AppDeps,
  actor: Actor,
  input: { raffleId: string; bytes: Buffer },
  storage: import('./storage.ts').Storage,
  meta?: AuditMeta,
): Promise<{ url: string; imageUrls: string[] }> {
  const { imageKey, sniffImage } = await import('./storage.ts');
  if (!UUID.test(input.raffleId)) throw new AppError('NOT_FOUND', 'No such raffle.');
  const raffle = await deps.db.raffle.findUnique({
    where: { id: input.raffleId },
    select: { id: true, status: true, imageUrls: true },
  });
  if (!raffle) throw new AppError('NOT_FOUND', 'No such raffle.');
  if (input.bytes.length > MAX_IMAGE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'Images are at most 5 MB.');
  const kind = sniffImage(input.bytes);
  if (!kind) {
    throw new AppError('VALIDATION_FAILED', 'Only JPEG, PNG or WebP images.', { file: ['Not a JPEG, PNG or WebP'] });
  }
  if (raffle.status !== 'DRAFT' && raffle.status !== 'OPEN') {
    throw new AppError('INVALID_STATE', `A raffle that is ${raffle.status.toLowerCase()} cannot change its images.`);
  }
  if (raffle.imageUrls.length >= MAX_RAFFLE_IMAGES) {
    throw new AppError('INVALID_STATE', `At most ${MAX_RAFFLE_IMAGES} images per raffle.`);
  }
  const url = await storage.put(imageKey(raffle.id, kind.ext), input.bytes, kind.contentType);
  return deps.db.$transaction(async (tx) => {
    const changed = await tx.$executeRaw`
      UPDATE "Raffle" SET "imageUrls" = array_append("imageUrls", ${url}), "updatedAt" = now()
      WHERE "id" = ${raffle.id}::uuid AND "status" IN ('DRAFT', 'OPEN')
        AND COALESCE(array_length("imageUrls", 1), 0) < ${MAX_RAFFLE_IMAGES}`;
    if (changed !== 1) throw new AppError('INVALID_STATE', `At most ${MAX_RAFFLE_IMAGES} images per raffle.`);
    await recordAudit(tx, {
      action: 'raffle.image_added',
      actor: auditActor(actor),
      target: { type: 'Raffle', id: raffle.id },
      after: { url, contentType: kind.contentType, bytes: input.bytes.length },
      meta,
    });
    const row = await tx.raffle.findUniqueOrThrow({ where: { id: raffle.id }, select: { imageUrls: true } });
    return { url, imageUrls: row.imageUrls };
  });
}
