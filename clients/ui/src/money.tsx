/**
 * Money on screen and in forms, for every portal. Amounts travel as integer minor units plus an
 * ISO 4217 currency (DESIGN.md "Data rules"); the number of minor-unit digits comes from Intl
 * (EGP 2, JPY 0, KWD 3), never from a float. Also the status badges of payments, refunds,
 * refund requests and payouts, so every portal names and colours them alike.
 */
import { formatMoney } from './format.ts';

/** Minor-unit digits of `currency` per Intl (2 when Intl does not know it). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * What the user typed in a money field ("450", "450.5", "1,250.00") → integer minor units, or
 * null when it is not an amount with at most the currency's digits. Parsed as text, no floats:
 * "0.1" + "0.2" problems cannot arise.
 */
export function parseMoneyInput(text: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const clean = text.trim().replace(/[\s,]/g, '');
  const m = /^(\d{1,12})(?:\.(\d*))?$/.exec(clean);
  if (!m) return null;
  const fraction = m[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(m[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** 45000, 'EGP' → "450.00": the major-unit text a money field starts with. */
export function minorToInput(amountMinor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  if (digits === 0) return `${sign}${abs}`;
  const s = String(abs).padStart(digits + 1, '0');
  return `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/**
 * The client-side check of a money field before it is sent: a message, or null when the text is
 * a positive amount (the server checks again and its field errors are shown too).
 */
export function moneyInputError(text: string, currency: string, { allowZero = false } = {}): string | null {
  if (text.trim() === '') return 'Enter an amount.';
  const minor = parseMoneyInput(text, currency);
  if (minor === null) {
    const digits = currencyDigits(currency);
    return digits === 0
      ? 'Enter a whole amount, e.g. 450.'
      : `Enter an amount like 450 or 450.${'5'.padEnd(digits, '0')}.`;
  }
  if (minor === 0 && !allowZero) return 'The amount must be more than zero.';
  return null;
}

/** An amount, right-aligned figures; negative amounts in red. */
export function Money({
  amountMinor,
  currency,
  className,
  testId,
}: {
  amountMinor: number | bigint;
  currency: string;
  className?: string;
  testId?: string;
}) {
  // `|| 0` turns -0 (e.g. a negated zero fee) into 0, so it does not show as "-EGP 0.00"
  const n = Number(amountMinor) || 0;
  return (
    <span className={`money${n < 0 ? ' money--negative' : ''}${className ? ` ${className}` : ''}`} data-testid={testId}>
      {formatMoney(n, currency)}
    </span>
  );
}

const STATUS_STYLE: Record<string, { label: string; badge: string }> = {
  // payments
  REQUIRES_CONFIRMATION: { label: 'Awaiting payment', badge: 'badge--warn' },
  SUCCEEDED: { label: 'Succeeded', badge: 'badge--ok' },
  FAILED: { label: 'Failed', badge: 'badge--bad' },
  CANCELED: { label: 'Cancelled', badge: 'badge--muted' },
  // refunds and refund requests
  PENDING: { label: 'Pending', badge: 'badge--warn' },
  APPROVED: { label: 'Approved', badge: 'badge--ok' },
  REJECTED: { label: 'Rejected', badge: 'badge--bad' },
  WITHDRAWN: { label: 'Withdrawn', badge: 'badge--muted' },
  // payouts and orders
  PAID: { label: 'Paid', badge: 'badge--ok' },
  CANCELLED: { label: 'Cancelled', badge: 'badge--muted' },
  EXPIRED: { label: 'Expired', badge: 'badge--muted' },
  REFUNDED: { label: 'Refunded', badge: 'badge--muted' },
  PARTIALLY_REFUNDED: { label: 'Partly refunded', badge: 'badge--warn' },
  PROCESSING: { label: 'Processing', badge: 'badge--warn' },
};

/** "SUCCEEDED" → "Succeeded"; unknown statuses are shown as they come, in sentence case. */
export function statusLabel(status: string): string {
  return STATUS_STYLE[status]?.label ?? status.charAt(0) + status.slice(1).toLowerCase().replaceAll('_', ' ');
}

/**
 * The status of a payment, refund, refund request, payout or order as a coloured pill;
 * `data-status` carries the raw value for tests and styling.
 */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`ui-badge ${STATUS_STYLE[status]?.badge ?? ''}`.trim()} data-status={status} data-testid={testId}>
      {statusLabel(status)}
    </span>
  );
}
