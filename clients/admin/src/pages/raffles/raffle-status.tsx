/** Raffle statuses as the admin console names and colours them (mirrors Prisma's RaffleStatus). */
export const RAFFLE_STATUSES = [
  'DRAFT',
  'OPEN',
  'CLOSED',
  'COMMITTED',
  'DRAWN',
  'FULFILLED',
  'CANCELLED',
  'REFUNDING',
  'REFUNDED',
] as const;
export type RaffleStatus = (typeof RAFFLE_STATUSES)[number];

const STYLE: Record<RaffleStatus, { label: string; badge: string }> = {
  DRAFT: { label: 'Draft', badge: 'badge--muted' },
  OPEN: { label: 'Open', badge: 'badge--ok' },
  CLOSED: { label: 'Closed', badge: 'badge--warn' },
  COMMITTED: { label: 'Committed', badge: 'badge--warn' },
  DRAWN: { label: 'Drawn', badge: 'badge--ok' },
  FULFILLED: { label: 'Fulfilled', badge: 'badge--muted' },
  CANCELLED: { label: 'Cancelled', badge: 'badge--bad' },
  REFUNDING: { label: 'Refunding', badge: 'badge--bad' },
  REFUNDED: { label: 'Refunded', badge: 'badge--bad' },
};

export function raffleStatusLabel(status: string): string {
  return STYLE[status as RaffleStatus]?.label ?? status;
}

export function RaffleStatusBadge({ status }: { status: string }) {
  return (
    <span
      className={`ui-badge ${STYLE[status as RaffleStatus]?.badge ?? ''}`.trim()}
      data-status={status}
      data-testid="raffle-status"
    >
      {raffleStatusLabel(status)}
    </span>
  );
}
