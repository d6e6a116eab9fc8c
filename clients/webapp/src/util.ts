import { CATEGORY_LABELS } from '@admit/ui';
import { useEffect, useState } from 'react';

export function categoryLabel(category: string): string {
  return CATEGORY_LABELS[category] ?? category.charAt(0) + category.slice(1).toLowerCase();
}

export function tierLabel(tier: string): string {
  return tier === 'VIP' ? 'VIP' : 'Standard';
}

/** "Golden Circle · VIP", or just "Standard" when the category is named after its tier. */
export function categoryWithTier(category: { name: string; tier: string }): string {
  const tier = tierLabel(category.tier);
  return category.name.toLowerCase() === tier.toLowerCase() ? category.name : `${category.name} · ${tier}`;
}

/** The current time, re-read every `intervalMs` while mounted. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** 125_000 → "02:05"; an hour or more → "1:02:05". */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** A positive integer from a query-string value, or `fallback`. */
export function parsePage(raw: string | null, fallback = 1): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : fallback;
}

/** "2026-05-01" (a calendar day in the visitor's zone) → that day's local midnight. */
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
