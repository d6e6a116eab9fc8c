/**
 * Public catalogue (seed 003 Plan 1 Phase 2): listing with filters, featured, categories,
 * detail with ticket categories and live availability. Only PUBLISHED events are visible.
 * Listing, featured and categories are served through the catalogue cache (catalogue-cache.ts:
 * availability always fresh; `invalidateCatalogue()` after changing events or categories).
 */
import type { TEventDetail, TEventSummary, TListEventsInput, TPage } from '@admit/shared';
import { EVENT_CATEGORIES, ZListEventsInput } from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { pageOf, pageWindow } from '../pagination.ts';
import { cachedCatalogue, freshSoldOut } from './catalogue-cache.ts';

const summarySelect = {
  id: true,
  slug: true,
  title: true,
  category: true,
  featured: true,
  imageUrl: true,
  startsAt: true,
  endsAt: true,
  venue: { select: { id: true, name: true, address: true, city: true, country: true, timeZone: true } },
  organizer: { select: { name: true } },
  ticketCategories: { select: { priceMinor: true, currency: true, quota: true, reserved: true } },
} satisfies Prisma.EventSelect;

type SummaryRow = Prisma.EventGetPayload<{ select: typeof summarySelect }>;

function toSummary(e: SummaryRow): TEventSummary {
  const cheapest = e.ticketCategories.reduce<SummaryRow['ticketCategories'][number] | null>(
    (min, c) => (min === null || c.priceMinor < min.priceMinor ? c : min),
    null,
  );
  return {
    id: e.id,
    slug: e.slug,
    title: e.title,
    category: e.category,
    featured: e.featured,
    imageUrl: e.imageUrl,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    venue: e.venue,
    organizerName: e.organizer.name,
    priceFromMinor: cheapest?.priceMinor ?? null,
    currency: cheapest?.currency ?? null,
    soldOut: e.ticketCategories.length > 0 && e.ticketCategories.every((c) => c.reserved >= c.quota),
  };
}

/**
 * `GET /api/v1/public/events/`. Filters: category, start-time window [from, to) in UTC, city
 * (case-insensitive), free text `q` over title/description/venue/organizer, featured.
 * Past events are left out unless `includePast`. Sort by date (default), title or lowest price.
 */
export async function listEvents(deps: Deps, raw: TListEventsInput): Promise<TPage<TEventSummary>> {
  const input = ZListEventsInput.parse(raw);
  return cachedCatalogue(
    deps,
    `list:${JSON.stringify(input)}`,
    () => loadEvents(deps, input),
    async (page) => ({ ...page, items: await freshSoldOut(deps, page.items) }),
  );
}

async function loadEvents(deps: Deps, input: ReturnType<typeof ZListEventsInput.parse>): Promise<TPage<TEventSummary>> {
  const now = deps.clock.now();
  const where: Prisma.EventWhereInput = {
    status: 'PUBLISHED',
    ...(input.includePast === 'true' ? {} : { endsAt: { gte: now } }),
    ...(input.category ? { category: input.category } : {}),
    ...(input.featured ? { featured: input.featured === 'true' } : {}),
    ...(input.city ? { venue: { city: { equals: input.city, mode: 'insensitive' } } } : {}),
    ...(input.from || input.to
      ? { startsAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lt: input.to } : {}) } }
      : {}),
    ...(input.q
      ? {
          OR: [
            { title: { contains: input.q, mode: 'insensitive' } },
            { description: { contains: input.q, mode: 'insensitive' } },
            { venue: { name: { contains: input.q, mode: 'insensitive' } } },
            { venue: { city: { contains: input.q, mode: 'insensitive' } } },
            { organizer: { name: { contains: input.q, mode: 'insensitive' } } },
          ],
        }
      : {}),
  };
  const total = await deps.db.event.count({ where });
  let items: TEventSummary[];
  if (input.sort === 'price') {
    // The price is derived (cheapest category) and Prisma cannot order by it: the filtered set is
    // sorted in memory. Fine for a catalogue of a few thousand upcoming events; move to SQL beyond.
    const rows = await deps.db.event.findMany({ where, select: summarySelect });
    const sorted = rows
      .map(toSummary)
      .sort(
        (a, b) =>
          ((a.priceFromMinor ?? Number.MAX_SAFE_INTEGER) - (b.priceFromMinor ?? Number.MAX_SAFE_INTEGER)) *
          (input.order === 'asc' ? 1 : -1),
      );
    const { skip, take } = pageWindow(input);
    items = sorted.slice(skip, skip + take);
  } else {
    const orderBy: Prisma.EventOrderByWithRelationInput[] =
      input.sort === 'title' ? [{ title: input.order }, { id: 'asc' }] : [{ startsAt: input.order }, { id: 'asc' }];
    const rows = await deps.db.event.findMany({
      where,
      select: summarySelect,
      orderBy,
      ...pageWindow(input),
    });
    items = rows.map(toSummary);
  }
  return pageOf(items, total, input);
}

/** `GET /api/v1/public/events/featured/`: up to `limit` featured upcoming events, soonest first. */
export async function featuredEvents(deps: Deps, limit = 8): Promise<TEventSummary[]> {
  const load = async () => {
    const rows = await deps.db.event.findMany({
      where: { status: 'PUBLISHED', featured: true, endsAt: { gte: deps.clock.now() } },
      select: summarySelect,
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map(toSummary);
  };
  return cachedCatalogue(deps, `featured:${limit}`, load, (events) => freshSoldOut(deps, events));
}

/** `GET /api/v1/public/events/categories/`: every category with its count of upcoming events. */
export async function eventCategories(deps: Deps) {
  const load = async () => {
    const groups = await deps.db.event.groupBy({
      by: ['category'],
      where: { status: 'PUBLISHED', endsAt: { gte: deps.clock.now() } },
      _count: { _all: true },
    });
    const counts = new Map(groups.map((g) => [g.category, g._count._all]));
    return EVENT_CATEGORIES.map((category) => ({ category, upcoming: counts.get(category) ?? 0 }));
  };
  return cachedCatalogue(deps, 'categories', load, async (categories) => categories);
}

/**
 * `GET /api/v1/public/events/{id}/` by id or slug. Availability = quota − (held + sold).
 * Errors: NOT_FOUND for unknown, draft and cancelled-and-unlisted events.
 */
export async function getEvent(deps: Deps, idOrSlug: string): Promise<TEventDetail> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
  const e = await deps.db.event.findFirst({
    where: { ...(isUuid ? { id: idOrSlug } : { slug: idOrSlug }), status: { in: ['PUBLISHED', 'CANCELLED'] } },
    select: {
      ...summarySelect,
      description: true,
      status: true,
      seatingMode: true,
      ticketCategories: {
        select: {
          id: true,
          name: true,
          tier: true,
          description: true,
          priceMinor: true,
          currency: true,
          maxPerOrder: true,
          quota: true,
          reserved: true,
        },
        orderBy: [{ sortOrder: 'asc' }, { priceMinor: 'asc' }],
      },
    },
  });
  if (!e) throw new AppError('NOT_FOUND', 'No such event.');
  return {
    ...toSummary(e),
    description: e.description,
    status: e.status,
    seatingMode: e.seatingMode,
    ticketCategories: e.ticketCategories.map(({ quota, reserved, ...c }) => ({
      ...c,
      available: Math.max(0, quota - reserved),
    })),
  };
}
