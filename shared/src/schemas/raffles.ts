/**
 * Raffles (issue 8; seeds 000/001 LuxeWin): admin management, the public catalogue, buying
 * entries through the shared checkout, the free alternative entry and the customer's history.
 * Money in integer minor units + ISO 4217 currency; instants UTC.
 */
import { z } from 'zod';
import { ZDrawMode, ZRaffleEntrySource, ZRaffleEntryStatus, ZRaffleStatus, ZRaffleWinnerStatus } from '../enums.ts';
import { ZCurrency } from './books.ts';
import { ZId, ZPage, ZPageInput } from './common.ts';

const minor = z.number().int();

/** A raffle as admins see it. */
export const ZRaffle = z.object({
  id: ZId,
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  imageUrls: z.array(z.string()),
  prizeTitle: z.string(),
  prizeDescription: z.string(),
  prizeValueMinor: minor.nullable(),
  entryPriceMinor: minor,
  currency: z.string(),
  totalEntries: z.number().int(),
  entriesTaken: z.number().int(),
  entriesLeft: z.number().int(),
  maxEntriesPerUser: z.number().int(),
  winnersCount: z.number().int(),
  opensAt: z.date(),
  closesAt: z.date(),
  drawAt: z.date(),
  claimDays: z.number().int(),
  status: ZRaffleStatus,
  drawMode: ZDrawMode.nullable(),
  commitmentHash: z.string().nullable(),
  cancelledAt: z.date().nullable(),
  cancelReason: z.string().nullable(),
  drawnAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TRaffle = z.infer<typeof ZRaffle>;

/** A raffle as the public sees it (no admin-only fields). */
export const ZPublicRaffle = ZRaffle.omit({ cancelReason: true, updatedAt: true }).extend({
  winners: z.array(z.object({ rank: z.number().int(), entryNumber: z.number().int(), status: ZRaffleWinnerStatus })),
});
export type TPublicRaffle = z.infer<typeof ZPublicRaffle>;

const ZRaffleText = {
  title: z.string().trim().min(3).max(120),
  description: z.string().trim().min(1).max(5000),
  prizeTitle: z.string().trim().min(1).max(120),
  prizeDescription: z.string().trim().max(5000).default(''),
  prizeValueMinor: minor.min(0).nullable().optional(),
};

const ZRaffleNumbers = {
  entryPriceMinor: minor.min(0).max(100_000_000),
  currency: ZCurrency,
  totalEntries: z.number().int().min(1).max(1_000_000),
  maxEntriesPerUser: z.number().int().min(1).max(1_000_000),
  winnersCount: z.number().int().min(1).max(1000).default(1),
  opensAt: z.coerce.date(),
  closesAt: z.coerce.date(),
  drawAt: z.coerce.date(),
  claimDays: z.number().int().min(1).max(365).default(14),
};

/** Cross-field rules of a raffle's numbers and schedule (also re-checked after a partial update). */
export function raffleRuleIssues(r: {
  totalEntries: number;
  maxEntriesPerUser: number;
  winnersCount: number;
  opensAt: Date;
  closesAt: Date;
  drawAt: Date;
}): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (r.winnersCount > r.totalEntries) issues.push({ path: 'winnersCount', message: 'At most the number of entries' });
  if (r.maxEntriesPerUser > r.totalEntries)
    issues.push({ path: 'maxEntriesPerUser', message: 'At most the number of entries' });
  if (!(r.opensAt < r.closesAt)) issues.push({ path: 'closesAt', message: 'Must be after opensAt' });
  if (!(r.closesAt <= r.drawAt)) issues.push({ path: 'drawAt', message: 'Must not be before closesAt' });
  return issues;
}

export const ZRaffleCreateInput = z
  .object({
    ...ZRaffleText,
    /** URL slug; generated from the title when omitted */
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Lower-case letters, digits and dashes')
      .max(80)
      .optional(),
    ...ZRaffleNumbers,
  })
  .superRefine((r, ctx) => {
    for (const i of raffleRuleIssues(r)) ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
  });
export type TRaffleCreateInput = z.infer<typeof ZRaffleCreateInput>;

/** Partial update: DRAFT may change anything; OPEN only text/images and later closesAt/drawAt. */
export const ZRaffleUpdateInput = z.object({
  id: ZId,
  title: ZRaffleText.title.optional(),
  description: ZRaffleText.description.optional(),
  prizeTitle: ZRaffleText.prizeTitle.optional(),
  prizeDescription: z.string().trim().max(5000).optional(),
  prizeValueMinor: minor.min(0).nullable().optional(),
  imageUrls: z.array(z.string().max(500)).max(8).optional(),
  entryPriceMinor: ZRaffleNumbers.entryPriceMinor.optional(),
  currency: ZCurrency.optional(),
  totalEntries: ZRaffleNumbers.totalEntries.optional(),
  maxEntriesPerUser: ZRaffleNumbers.maxEntriesPerUser.optional(),
  winnersCount: z.number().int().min(1).max(1000).optional(),
  opensAt: z.coerce.date().optional(),
  closesAt: z.coerce.date().optional(),
  drawAt: z.coerce.date().optional(),
  claimDays: z.number().int().min(1).max(365).optional(),
});
export type TRaffleUpdateInput = z.infer<typeof ZRaffleUpdateInput>;

export const ZRaffleIdInput = z.object({ id: ZId });
export const ZRaffleCancelInput = z.object({ id: ZId, reason: z.string().trim().min(3).max(500) });

export const ZRaffleSort = z.enum(['closesAt', '-closesAt', 'createdAt', '-createdAt', 'entryPrice', '-entryPrice']);

export const ZAdminRaffleListInput = ZPageInput.extend({
  status: ZRaffleStatus.optional(),
  q: z.string().trim().max(100).optional(),
  sort: ZRaffleSort.default('-createdAt'),
});
export const ZRafflePage = ZPage(ZRaffle);

/** active = OPEN; inactive = anything published that is not open (closed, drawn, cancelled, …). */
export const ZPublicRaffleListInput = ZPageInput.extend({
  status: z.enum(['active', 'inactive', 'all']).default('active'),
  sort: ZRaffleSort.default('closesAt'),
});
export const ZPublicRafflePage = ZPage(ZPublicRaffle);

/** By id or by slug. */
export const ZPublicRaffleGetInput = z.object({ id: z.string().trim().min(1).max(80) });

export const ZRaffleCancelResult = z.object({
  raffleId: ZId,
  status: ZRaffleStatus,
  paidOrders: z.number().int(),
  pendingOrdersCancelled: z.number().int(),
});
export type TRaffleCancelResult = z.infer<typeof ZRaffleCancelResult>;

export const ZRaffleBuyInput = z.object({ raffleId: ZId, quantity: z.number().int().min(1).max(1000) });
export type TRaffleBuyInput = z.infer<typeof ZRaffleBuyInput>;
export const ZRaffleFreeEntryInput = z.object({ raffleId: ZId });

export const ZRaffleEntry = z.object({
  id: ZId,
  raffleId: ZId,
  number: z.number().int(),
  source: ZRaffleEntrySource,
  status: ZRaffleEntryStatus,
  orderId: ZId.nullable(),
  createdAt: z.date(),
});
export type TRaffleEntry = z.infer<typeof ZRaffleEntry>;

export const ZMyRaffleEntriesInput = z.object({ raffleId: ZId.optional() });
export const ZMyRaffleEntries = z.object({
  /** entries counted against the cap (held in unpaid orders + bought + free) */
  counted: z.number().int(),
  /** how many more this user may take in the raffle (null without a raffleId) */
  remainingAllowance: z.number().int().nullable(),
  /** when the next free entry is allowed (null: now) */
  nextFreeEntryAt: z.date().nullable(),
  entries: z.array(ZRaffleEntry),
});

export const ZRaffleHistoryInput = ZPageInput.extend({
  status: ZRaffleStatus.optional(),
  sort: z.enum(['date', '-date', 'entries', '-entries']).default('-date'),
});
export const ZRaffleHistoryItem = z.object({
  raffleId: ZId,
  slug: z.string(),
  title: z.string(),
  prizeTitle: z.string(),
  status: ZRaffleStatus,
  entries: z.number().int(),
  paidEntries: z.number().int(),
  freeEntries: z.number().int(),
  drawAt: z.date(),
  lastEntryAt: z.date(),
  won: z.boolean(),
});
export const ZRaffleHistoryPage = ZPage(ZRaffleHistoryItem);

export const ZRaffleStats = z.object({
  rafflesEntered: z.number().int(),
  entriesPaid: z.number().int(),
  entriesFree: z.number().int(),
  spent: z.array(z.object({ currency: z.string(), amountMinor: minor })),
  wins: z.number().int(),
});
export type TRaffleStats = z.infer<typeof ZRaffleStats>;

/** `POST /api/admin/raffles/:id/images` answer. */
export const ZRaffleImageUpload = z.object({ url: z.string(), imageUrls: z.array(z.string()) });
