/** What the catalog pages (events, tickets, venues) share: row types, enum lists, status badges. */

import type { RouterOutputs } from '@admit/ui';
import { enumLabel } from '@admit/ui/console-controls.tsx';

export type EventRow = RouterOutputs['admin']['catalog']['events']['list']['items'][number];
export type EventDetail = RouterOutputs['admin']['catalog']['events']['get'];
export type TicketRow = RouterOutputs['admin']['catalog']['tickets']['list']['items'][number];
export type TicketDetail = RouterOutputs['admin']['catalog']['tickets']['get'];
export type Venue = RouterOutputs['admin']['catalog']['venues']['get'];

export const EVENT_STATUSES = ['DRAFT', 'PUBLISHED', 'CANCELLED'] as const;
export const EVENT_CATEGORIES = [
  'MUSIC',
  'SPORTS',
  'THEATRE',
  'COMEDY',
  'CONFERENCE',
  'FESTIVAL',
  'FAMILY',
  'EXHIBITION',
] as const;
export const TICKET_STATUSES = ['VALID', 'VOID', 'REFUNDED'] as const;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const READ_ONLY = 'Your admin role (Support) can view the catalog but not change it.';

const BADGE: Record<string, string> = {
  PUBLISHED: 'badge--ok',
  DRAFT: 'badge--muted',
  CANCELLED: 'badge--bad',
  VALID: 'badge--ok',
  VOID: 'badge--bad',
  REFUNDED: 'badge--warn',
};

/** An event's or ticket's status as a coloured badge. */
export function EventStatusBadge({ status }: { status: string }) {
  return (
    <span className={`ui-badge ${BADGE[status] ?? ''}`} data-testid="status-badge">
      {enumLabel(status)}
    </span>
  );
}
export const TicketStatusBadge = EventStatusBadge;

/** Date → the value of a datetime-local input in the browser's zone. */
export function toLocalInput(d: Date | string): string {
  const x = new Date(d);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${x.getFullYear()}-${pad(x.getMonth() + 1)}-${pad(x.getDate())}T${pad(x.getHours())}:${pad(x.getMinutes())}`;
}
