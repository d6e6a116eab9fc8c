/**
 * The organizer's events for pickers (the "Event" filter of payouts and refund requests): the
 * first 100 of `organizer.events.list` (GET /api/organizer/events/), newest start first. Every
 * per-event procedure checks ownership on the server.
 */
import { trpc } from '@admit/ui';
import { useMemo } from 'react';

export interface OrganizerEvent {
  id: string;
  title: string;
  startsAt: Date | null;
}

export function useOrganizerEvents(): { events: OrganizerEvent[]; isPending: boolean; error: unknown } {
  const list = trpc.organizer.events.list.useQuery(
    { page: 1, pageSize: 100, sort: 'startsAt', order: 'desc' },
    { staleTime: 60_000 },
  );
  const events = useMemo(
    () => (list.data?.items ?? []).map((e) => ({ id: e.id, title: e.title, startsAt: new Date(e.startsAt) })),
    [list.data],
  );
  return { events, isPending: list.isPending, error: list.error ?? null };
}
