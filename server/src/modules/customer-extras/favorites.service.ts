/**
 * Favourite events (seed 003 Plan 1 Phase 6 `…/users/favorites/`). The (user, event) primary key
 * makes adding idempotent; only PUBLISHED events can be added (a draft's id answers NOT_FOUND like
 * an unknown one). Removing is idempotent too.
 */
import type { TFavorite, TPage, TPageInput } from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { pageOf, pageWindow } from '../pagination.ts';

const favoriteSelect = {
  createdAt: true,
  event: {
    select: {
      id: true,
      slug: true,
      title: true,
      category: true,
      status: true,
      startsAt: true,
      endsAt: true,
      imageUrl: true,
      venue: { select: { name: true, city: true, timeZone: true } },
    },
  },
} satisfies Prisma.FavoriteSelect;
type FavoriteRow = Prisma.FavoriteGetPayload<{ select: typeof favoriteSelect }>;

function toFavorite(f: FavoriteRow): TFavorite {
  const { venue, ...event } = f.event;
  return {
    favoritedAt: f.createdAt,
    event: { ...event, venueName: venue.name, city: venue.city, timeZone: venue.timeZone },
  };
}

/** `GET /api/v1/users/favorites/`: newest first; events later cancelled stay listed with their status. */
export async function listFavorites(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  input: TPageInput,
): Promise<TPage<TFavorite>> {
  const where = { userId: actor.user.id };
  const [total, rows] = await Promise.all([
    deps.db.favorite.count({ where }),
    deps.db.favorite.findMany({
      where,
      select: favoriteSelect,
      orderBy: [{ createdAt: 'desc' }, { eventId: 'asc' }],
      ...pageWindow(input),
    }),
  ]);
  return pageOf(rows.map(toFavorite), total, input);
}

/** `GET /api/v1/users/favorites/{eventId}/`: whether the event is one of the caller's favourites. */
export async function favoriteState(deps: Pick<Deps, 'db'>, actor: Actor, eventId: string) {
  const row = await deps.db.favorite.findUnique({
    where: { userId_eventId: { userId: actor.user.id, eventId } },
    select: { eventId: true },
  });
  return { eventId, favorite: row !== null };
}

/**
 * `POST /api/v1/users/favorites/` `{ eventId }`: adds the event (a second add changes nothing).
 * Errors: NOT_FOUND `{ eventId }` (unknown or not published).
 */
export async function addFavorite(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  eventId: string,
): Promise<{ eventId: string; favorite: true }> {
  const event = await deps.db.event.findFirst({ where: { id: eventId, status: 'PUBLISHED' }, select: { id: true } });
  if (!event) throw new AppError('NOT_FOUND', 'No such event.', { eventId: ['No published event with this id'] });
  await deps.db.favorite.createMany({
    data: [{ userId: actor.user.id, eventId, createdAt: deps.clock.now() }],
    skipDuplicates: true,
  });
  return { eventId, favorite: true };
}

/** `DELETE /api/v1/users/favorites/{eventId}/`: removes it (removing a non-favourite is a no-op). */
export async function removeFavorite(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  eventId: string,
): Promise<{ eventId: string; favorite: false }> {
  await deps.db.favorite.deleteMany({ where: { userId: actor.user.id, eventId } });
  return { eventId, favorite: false };
}
