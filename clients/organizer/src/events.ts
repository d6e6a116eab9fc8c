/**
 * The organizer's events, as far as the portal can see them. There is no `organizer.events.list`
 * procedure yet, so the list joins what is known: the public catalogue searched by the
 * organizer's name (published events, past ones included, matched exactly on `organizerName`)
 * plus the events named by the organizer's payouts and refund requests (which also covers
 * cancelled events). Every per-event procedure checks ownership on the server.
 */
import { trpc } from '@admit/ui';
import { useMemo } from 'react';

export interface OrganizerEvent {
  id: string;
  title: string;
  startsAt: Date | null;
}

export function useOrganizerEvents(): { events: OrganizerEvent[]; isPending: boolean; error: unknown } {
  const me = trpc.organizer.me.useQuery({}, { staleTime: 60_000 });
  const name = me.data?.organizer?.name;
  const catalogue = trpc.public.events.list.useQuery(
    { q: name ?? '', includePast: 'true', pageSize: 100, sort: 'date', order: 'desc' },
    { enabled: !!name, staleTime: 60_000 },
  );
  const payouts = trpc.organizer.payouts.list.useQuery({ page: 1, pageSize: 100 }, { staleTime: 60_000 });
  const requests = trpc.organizer.refundRequests.list.useQuery({ page: 1, pageSize: 100 }, { staleTime: 30_000 });
  const events = useMemo(() => {
    const byId = new Map<string, OrganizerEvent>();
    for (const e of catalogue.data?.items ?? []) {
      if (e.organizerName === name) byId.set(e.id, { id: e.id, title: e.title, startsAt: new Date(e.startsAt) });
    }
    for (const p of payouts.data?.items ?? []) {
      if (p.eventId && !byId.has(p.eventId))
        byId.set(p.eventId, { id: p.eventId, title: p.eventTitle ?? 'Event', startsAt: null });
    }
    for (const r of requests.data?.items ?? []) {
      if (r.eventId && !byId.has(r.eventId))
        byId.set(r.eventId, { id: r.eventId, title: r.eventTitle ?? 'Event', startsAt: null });
    }
    return [...byId.values()].sort((a, b) => (b.startsAt?.getTime() ?? 0) - (a.startsAt?.getTime() ?? 0));
  }, [catalogue.data, payouts.data, requests.data, name]);
  return {
    events,
    isPending: me.isPending || (!!name && catalogue.isPending),
    error: me.error ?? catalogue.error ?? null,
  };
}
