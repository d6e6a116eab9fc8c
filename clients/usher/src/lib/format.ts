import type { TCheckInResult } from '@admit/shared';

/** Clock time in the venue's zone, e.g. "19:42:05". */
export function timeInZone(at: Date | string, timeZone: string, seconds = true): string {
  return new Intl.DateTimeFormat(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    timeZone,
  }).format(new Date(at));
}

/** Short date + time in the venue's zone, e.g. "5 Dec, 19:42:05". */
export function dateTimeInZone(at: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone,
  }).format(new Date(at));
}

/** "3 min ago", "2 h ago", "just now". */
export function ago(at: Date | string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - new Date(at).getTime()) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min ago`;
}

export const RESULT_LABELS: Record<TCheckInResult, string> = {
  VALID: 'Valid',
  ALREADY_SCANNED: 'Already scanned',
  INVALID: 'Invalid',
  NOT_FOUND: 'Not found',
};

export const RESULTS: TCheckInResult[] = ['VALID', 'ALREADY_SCANNED', 'INVALID', 'NOT_FOUND'];

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase() || '?';
}
