/**
 * Building blocks of every admin back-office list (ADR 0022; seed 003 Plan 2 "CRUD with
 * filters, sorting, pagination and CSV export"). A list procedure's input is
 *
 *   ZListInput(SORTS, defaultSort).extend(filters.shape)  →  { page, pageSize, sort, order, …filters }
 *
 * and its CSV export takes the same object without `page`/`pageSize` (`ZExportInput`), so the
 * list screen can hand its applied filters to `GET /api/<things>/export.csv` unchanged.
 * Every field is query-string friendly (coerced numbers and dates, 'true'/'false' flags), as
 * trpc-to-openapi passes GET inputs as query parameters.
 */
import { z } from 'zod';
import { ZDateRange } from './books.ts';
import { ZPageInput } from './common.ts';

export const ZSortOrder = z.enum(['asc', 'desc']);
export type TSortOrder = z.infer<typeof ZSortOrder>;

/** A query-string flag: 'true' / 'false' (kept as text so the REST query and tRPC agree). */
export const ZQueryFlag = z.enum(['true', 'false']);

/** Free-text search: trimmed, 1–100 characters (an empty value is dropped by the client). */
export const ZSearchText = z.string().trim().min(1, 'Type at least one character').max(100, 'At most 100 characters');

/** `sort` (one of `sorts`, default `defaultSort`) and `order` (default `defaultOrder`). */
export function ZSortInput<const S extends readonly [string, ...string[]]>(
  sorts: S,
  defaultSort: S[number],
  defaultOrder: TSortOrder = 'desc',
) {
  return z.object({
    sort: z.enum(sorts).default(defaultSort as never),
    order: ZSortOrder.default(defaultOrder),
  });
}

/** Page (1-based), page size (≤ 100), sort and order. Extend it with the list's filters. */
export function ZListInput<const S extends readonly [string, ...string[]]>(
  sorts: S,
  defaultSort: S[number],
  defaultOrder: TSortOrder = 'desc',
) {
  return ZPageInput.extend(ZSortInput(sorts, defaultSort, defaultOrder).shape);
}

/**
 * UTC instant range filter `{ from?, to? }` (coerced dates; `from` inclusive, `to` exclusive by
 * convention of the lists). The same binding as books.ts's, re-exported here for the lists.
 * Add `.refine(...dateRangeRefinement)` after `.extend`.
 */
export { ZDateRange };

/** `.refine(...dateRangeRefinement)`: `to` must be after `from` (field error on `to`). */
export const dateRangeRefinement: [
  (v: { from?: Date | undefined; to?: Date | undefined }) => boolean,
  { message: string; path: PropertyKey[] },
] = [(v) => !v.from || !v.to || v.from < v.to, { message: '`to` must be after `from`', path: ['to'] }];

/** A CSV export's answer through tRPC (the HTTP route serves `csv` as text/csv). */
export const ZCsvExport = z.object({ csv: z.string(), rows: z.number().int() });
export type TCsvExport = z.infer<typeof ZCsvExport>;
