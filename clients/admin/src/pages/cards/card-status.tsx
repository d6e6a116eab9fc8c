/** NFC card and card-request statuses as coloured pills (ADR 0018). */
export const CARD_STATUSES = ['ACTIVE', 'BLOCKED', 'LOST', 'REPLACED'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

const CARD: Record<CardStatus, { label: string; badge: string }> = {
  ACTIVE: { label: 'Active', badge: 'badge--ok' },
  BLOCKED: { label: 'Blocked', badge: 'badge--bad' },
  LOST: { label: 'Lost', badge: 'badge--warn' },
  REPLACED: { label: 'Replaced', badge: 'badge--muted' },
};

export function CardStatusBadge({ status }: { status: CardStatus }) {
  const s = CARD[status];
  return (
    <span className={`ui-badge ${s.badge}`} data-status={status}>
      {s.label}
    </span>
  );
}

const REQUEST: Record<string, { label: string; badge: string }> = {
  PENDING_PAYMENT: { label: 'Awaiting fee', badge: 'badge--warn' },
  PAID: { label: 'Fee paid', badge: 'badge--ok' },
  FULFILLED: { label: 'Card assigned', badge: 'badge--muted' },
  CANCELLED: { label: 'Cancelled', badge: 'badge--muted' },
};

export function RequestStatusBadge({ status }: { status: string }) {
  const s = REQUEST[status] ?? { label: status, badge: '' };
  return (
    <span className={`ui-badge ${s.badge}`.trim()} data-status={status}>
      {s.label}
    </span>
  );
}
