/**
 * The signed-in usher's world: who (auth.me), which event (usher.events.get), and the live
 * gate feed over socket.io (gates.subscribe on every connect, gate.counts, scan.recorded).
 */
import type { GateCountsPayload, ScanRecordedPayload, SubscribeAck } from '@admit/shared';
import { type AdmitSocket, type RouterOutputs, trpc, useSocket } from '@admit/ui';
import { createContext, useContext, useEffect, useState } from 'react';

export type Me = RouterOutputs['auth']['me'];
export type UsherEvent = RouterOutputs['usher']['events']['get'];
export type LiveState = 'connecting' | 'live' | 'offline' | 'refused';

export interface UsherSession {
  me: Me;
  event: UsherEvent;
  socket: AdmitSocket | null;
  live: LiveState;
  /** newest first, at most RECENT_MAX */
  recent: ScanRecordedPayload[];
  /** how many scans (any device) were announced since the page opened */
  scanSeq: number;
}

const RECENT_MAX = 8;
const SessionContext = createContext<UsherSession | null>(null);
export const SessionProvider = SessionContext.Provider;

export function useUsherSession(): UsherSession {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useUsherSession outside the signed-in shell');
  return s;
}

/** Opens the socket for `eventId`, joins its gate room on every (re)connect, and keeps the cache current. */
export function useGateFeed(eventId: string | null) {
  const utils = trpc.useUtils();
  const { socket, connected } = useSocket(eventId !== null);
  const [subscribed, setSubscribed] = useState<'pending' | 'ok' | 'refused'>('pending');
  const [recent, setRecent] = useState<ScanRecordedPayload[]>([]);
  const [scanSeq, setScanSeq] = useState(0);
  const [online, setOnline] = useState(() => navigator.onLine);
  /** the last connection attempt failed (server down, session refused) */
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);

  useEffect(() => {
    if (!socket || !eventId) return;
    let alive = true;
    // socket.io retries dropped connections itself, but not after the server closed the socket
    // (restart, deploy) or refused the handshake: retry those here, with backoff
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    const reconnectLater = () => {
      clearTimeout(retry);
      const delay = Math.min(15_000, 1000 * 2 ** attempts) * (0.6 + Math.random() * 0.4);
      attempts++;
      retry = setTimeout(() => {
        if (alive && !socket.connected) socket.connect();
      }, delay);
    };
    const subscribe = () => {
      attempts = 0;
      setFailed(false);
      setSubscribed('pending');
      socket.emit('gates.subscribe', eventId, (r: SubscribeAck) => {
        if (!alive) return;
        setSubscribed(r.ok ? 'ok' : 'refused');
        if (!r.ok) {
          console.warn('gates.subscribe refused:', r.error);
          return;
        }
        // now in the room: fetch once more so that scans between the last fetch and joining
        // (first load, or while disconnected) are counted
        void utils.usher.events.gateCounts.invalidate({ id: eventId });
      });
    };
    const onCounts = (p: GateCountsPayload) => {
      if (p.eventId !== eventId) return;
      const at = new Date(p.at);
      utils.usher.events.gateCounts.setData({ id: eventId }, (prev) =>
        prev && prev.at.getTime() > at.getTime()
          ? prev
          : { eventId: p.eventId, gates: p.gates, admitted: p.admitted, inside: p.inside, capacity: p.capacity, at },
      );
    };
    const onScan = (p: ScanRecordedPayload) => {
      if (p.eventId !== eventId) return;
      setRecent((list) => [p, ...list.filter((x) => x.checkInId !== p.checkInId)].slice(0, RECENT_MAX));
      setScanSeq((n) => n + 1);
    };
    const onConnectError = (err: Error) => {
      setFailed(true);
      if (socket.active) return; // socket.io will retry by itself
      // the session may have ended: let auth.me decide (the shell sends the usher to sign in)
      if (err.message === 'UNAUTHENTICATED') void utils.auth.me.invalidate();
      reconnectLater();
    };
    const onDisconnect = (reason: string) => {
      if (reason === 'io server disconnect') reconnectLater();
    };
    socket.on('connect', subscribe);
    socket.on('connect_error', onConnectError);
    socket.on('disconnect', onDisconnect);
    socket.on('gate.counts', onCounts);
    socket.on('scan.recorded', onScan);
    if (socket.connected) subscribe();
    return () => {
      alive = false;
      clearTimeout(retry);
      socket.off('connect', subscribe);
      socket.off('connect_error', onConnectError);
      socket.off('disconnect', onDisconnect);
      socket.off('gate.counts', onCounts);
      socket.off('scan.recorded', onScan);
    };
  }, [socket, eventId, utils]);

  let live: LiveState;
  if (!online) live = 'offline';
  else if (!socket || !connected) live = failed || subscribed !== 'pending' ? 'offline' : 'connecting';
  else if (subscribed === 'refused') live = 'refused';
  else live = subscribed === 'ok' ? 'live' : 'connecting';
  return { socket, live, recent, scanSeq };
}
