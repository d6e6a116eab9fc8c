/** "2026-05-01" (a calendar day in the viewer's zone) → that day's local midnight. */
export function startOfLocalDay(day: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The midnight after `day` (end of the day, exclusive). */
export function endOfLocalDay(day: string): Date | undefined {
  const d = startOfLocalDay(day);
  if (!d) return undefined;
  d.setDate(d.getDate() + 1);
  return d;
}

/**
 * "2026-05-01" (a calendar day in UTC) → that day's 00:00 UTC, for filters whose days are UTC
 * days (check-in log, customers' registration). Not validated: a bad value reaches the server,
 * whose field error is shown under the filter.
 */
export const startOfUtcDay = (day: string): Date => new Date(`${day}T00:00:00Z`);

/** The UTC midnight after `day` (end of the UTC day, exclusive). */
export const endOfUtcDay = (day: string): Date => new Date(startOfUtcDay(day).getTime() + 86_400_000);

/** Pretty JSON for an audit entry's before/after, or null when there is nothing to show. */
export function prettyJson(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return JSON.stringify(value, null, 2);
}
