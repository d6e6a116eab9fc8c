/** Money and time formatting. Money arrives as integer minor units + ISO 4217 currency. */

/** 45000, 'EGP' → "EGP 450.00" (locale-formatted; minor-unit digits from Intl). */
export function formatMoney(amountMinor: number, currency: string, locale?: string): string {
  const fmt = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  return fmt.format(amountMinor / 10 ** digits);
}

/** An instant shown in the venue's own zone, e.g. "Sat 5 Dec 2026, 20:00 GMT+2". */
export function formatInZone(at: Date | string, timeZone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(at));
}

export function formatTime(at: Date | string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(
    new Date(at),
  );
}

export const CATEGORY_LABELS: Record<string, string> = {
  MUSIC: 'Music',
  SPORTS: 'Sports',
  THEATRE: 'Theatre',
  COMEDY: 'Comedy',
  CONFERENCE: 'Conference',
  FESTIVAL: 'Festival',
  FAMILY: 'Family',
  EXHIBITION: 'Exhibition',
};
