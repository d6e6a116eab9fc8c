/**
 * Small pieces the raffle pages share: status labels and badges, the entries-left bar, and the
 * live entries-left hook (socket.io room `raffle:<id>`, with polling as the fallback).
 */
import type { RaffleDrawnPayload, RaffleEntriesPayload } from '@admit/shared';
import { useSocket } from '@admit/ui';
import { useEffect, useRef, useState } from 'react';

const STATUS: Record<string, { label: string; badge: string }> = {
  DRAFT: { label: 'Draft', badge: 'badge--muted' },
  OPEN: { label: 'Open', badge: 'badge--ok' },
  CLOSED: { label: 'Sales closed', badge: 'badge--warn' },
  COMMITTED: { label: 'Draw pending', badge: 'badge--warn' },
  DRAWN: { label: 'Drawn', badge: '' },
  FULFILLED: { label: 'Completed', badge: 'badge--muted' },
  CANCELLED: { label: 'Cancelled', badge: 'badge--bad' },
  REFUNDING: { label: 'Cancelled · refunding', badge: 'badge--bad' },
  REFUNDED: { label: 'Cancelled · refunded', badge: 'badge--bad' },
};

export function raffleStatusLabel(status: string): string {
  return STATUS[status]?.label ?? status;
}

export function RaffleStatusBadge({ status }: { status: string }) {
  return (
    <span className={`ui-badge ${STATUS[status]?.badge ?? ''}`.trim()} data-status={status} data-testid="raffle-status">
      {raffleStatusLabel(status)}
    </span>
  );
}

/** "412 of 1,000 entries left" with a bar showing how many are taken. */
export function EntriesBar({ entriesLeft, totalEntries }: { entriesLeft: number; totalEntries: number }) {
  const taken = Math.max(0, totalEntries - entriesLeft);
  const pct = totalEntries > 0 ? Math.min(100, Math.round((taken / totalEntries) * 100)) : 0;
  return (
    <div className="stack" style={{ gap: '0.25rem' }}>
      <div
        className="entries-bar"
        role="progressbar"
        aria-label="Entries taken"
        aria-valuemin={0}
        aria-valuemax={totalEntries}
        aria-valuenow={taken}
      >
        <div className="entries-bar__fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="muted small">
        <strong data-testid="entries-left">{entriesLeft.toLocaleString()}</strong> of {totalEntries.toLocaleString()}{' '}
        entries left
      </span>
    </div>
  );
}

/**
 * The latest `raffle.entries` count pushed to room `raffle:<id>` (null until one arrives); joins
 * the room with `raffles.subscribe` (server/src/realtime/socket.ts; anonymous sockets may join
 * public raffle rooms, so signed-out visitors get live counts too). `onDrawn` runs when the
 * winners are drawn (`raffle.drawn`), so the page can show the results without a reload.
 */
export function useLiveEntriesLeft(raffleId: string, enabled: boolean, onDrawn?: () => void): number | null {
  const { socket, connected } = useSocket(enabled);
  const [left, setLeft] = useState<number | null>(null);
  const drawnRef = useRef(onDrawn);
  drawnRef.current = onDrawn;
  useEffect(() => {
    if (!socket || !connected) return;
    const onEntries = (p: RaffleEntriesPayload) => {
      if (p.raffleId === raffleId) setLeft(p.entriesLeft);
    };
    const onDrawnMsg = (p: RaffleDrawnPayload) => {
      if (p.raffleId === raffleId) drawnRef.current?.();
    };
    socket.on('raffle.entries', onEntries);
    socket.on('raffle.drawn', onDrawnMsg);
    socket.emit('raffles.subscribe', raffleId, () => {});
    return () => {
      socket.off('raffle.entries', onEntries);
      socket.off('raffle.drawn', onDrawnMsg);
    };
  }, [socket, connected, raffleId]);
  return left;
}
