/**
 * One way to serve an admin back-office list and its CSV export (ADR 0022; seed 003 Plan 2
 * Phases 3–10 "CRUD with filters, sorting, pagination and CSV export"). Reuse it for every
 * back-office list (events, tickets, venues, customers, organizers, merchants, cards, …):
 *
 * ```ts
 * // shared/src/schemas/…: input = ZListInput(SORTS, 'createdAt').extend(filters.shape)
 * const where = whereOf(input);                              // the list's own filters → Prisma where
 * return listPage(
 *   { count: (a) => db.venue.count(a), findMany: (a) => db.venue.findMany({ ...a, select }) },
 *   where,
 *   sortBy(input, { name: 'name', createdAt: 'createdAt' }),  // stable: `id` breaks ties
 *   input,
 *   toRow,                                                   // optional row mapper
 * );
 * // CSV: the same `where` and order, at most CSV_MAX_ROWS rows, cells formula-safe
 * const rows = await db.venue.findMany({ where, orderBy, take: CSV_MAX_ROWS, select });
 * return toCsv(rows, [{ header: 'name', value: (v) => v.name }, …]);
 * ```
 *
 * The HTTP side (GET /api/<things>/export.csv calling the export procedure, so the session and
 * the permission are checked exactly like the list) is `registerCsvExport` in ./csv-http.ts.
 */
import type { TPage } from '@admit/shared';
import { stringify } from 'csv-stringify/sync';
import { csvSafe } from '../audit/audit.service.ts';
import { pageOf, pageWindow } from '../pagination.ts';

/** The most rows one CSV export returns (the audit and system-log exports use the same cap). */
export const CSV_MAX_ROWS = 50_000;

export type SortOrder = 'asc' | 'desc';

/**
 * Prisma `orderBy` for `input.sort` / `input.order`: `fields` maps each sort key to a column
 * path ('startsAt', or a relation path 'venue.name'); `id` asc is appended so that pages are
 * stable when values tie. A key missing from `fields` falls back to the first entry.
 */
export function sortBy<K extends string>(
  input: { sort: K; order: SortOrder },
  fields: Record<K, string>,
): Record<string, unknown>[] {
  const path = fields[input.sort] ?? Object.values<string>(fields)[0]!;
  const nested = path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), input.order);
  return [nested as Record<string, unknown>, { id: 'asc' }];
}

/** `{ contains, mode: 'insensitive' }` on each field (dotted paths for relations), OR-ed; `{}` without text. */
export function textSearch(q: string | undefined, fields: string[]): { OR?: Record<string, unknown>[] } {
  if (!q) return {};
  return {
    OR: fields.map((path) =>
      path
        .split('.')
        .reverse()
        .reduce<unknown>((inner, key) => ({ [key]: inner }), { contains: q, mode: 'insensitive' }),
    ) as Record<string, unknown>[],
  };
}

/** `{ [field]: { gte: from, lt: to } }` for a UTC range (`from` inclusive, `to` exclusive); `{}` when open. */
export function dateRange(field: string, from?: Date, to?: Date): Record<string, unknown> {
  if (!from && !to) return {};
  return { [field]: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } };
}

/**
 * One page of a list: `count` and `findMany` run with the same `where`; `findMany` gets
 * `orderBy`, `skip` and `take`. Returns the shared page envelope (`items`, `page`, `pageSize`,
 * `total`, `totalPages`).
 */
export async function listPage<W, R, T = R>(
  model: {
    count(args: { where: W }): Promise<number>;
    findMany(args: { where: W; orderBy: Record<string, unknown>[]; skip: number; take: number }): Promise<R[]>;
  },
  where: W,
  orderBy: Record<string, unknown>[],
  page: { page: number; pageSize: number },
  map: (row: R) => T = (r) => r as unknown as T,
): Promise<TPage<T>> {
  const [total, rows] = await Promise.all([
    model.count({ where }),
    model.findMany({ where, orderBy, ...pageWindow(page) }),
  ]);
  return pageOf(rows.map(map), total, page);
}

/** A CSV column: its header and how a row's cell is written (null/undefined → empty). */
export interface CsvColumn<R> {
  header: string;
  value(row: R): string | number | boolean | Date | null | undefined;
}

/**
 * RFC 4180 CSV with a header row. Dates are ISO 8601 UTC, booleans `true`/`false`, and every
 * cell is formula-safe (a leading = + - @ tab or CR is prefixed with ', OWASP "CSV Injection").
 */
export function toCsv<R>(rows: readonly R[], columns: readonly CsvColumn<R>[]): string {
  const cell = (v: ReturnType<CsvColumn<R>['value']>) =>
    csvSafe(v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v));
  return stringify(
    rows.map((r) => columns.map((c) => cell(c.value(r)))),
    { header: true, columns: columns.map((c) => c.header) },
  );
}
