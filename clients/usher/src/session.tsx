/**
 * The signed-in usher's world: who (auth.me, or the cached session when the app opened
 * offline), which event (usher.events.get, or cached), and the live gate feed over socket.io
 * (gates.subscribe on every connect; gate.counts, scan.recorded, checkin.conflict, event.status).
 */
import type {
  GateCountsPayload,
  ScanRecordedPayload,
  SubscribeAck,
  TCheckInConflictPayload,
  TEventStatusPayload,
} from '@admit/shared';
import { type AdmitSocket, type RouterOutputs, trpc, useSocket } from '@admit/ui';
import { createContext, useContext, useEffect, useRef, useState } from 'react';

export type UsherEvent = RouterOutputs['usher']['events']['get'];
export type LiveState = 'connecting' | 'live' | 'offline' | 'refused';

/** The signed-in usher (auth.me, or the copy kept for offline start). */
export interface UsherIdentity {
  id: string;
  username: string | null;
  firstName: string;
  eventId: string;
}

export interface UsherSession {
  me: UsherIdentity;
  event: UsherEvent;
  /** true while the session comes from the offline cache (the server was not reachable) */
  offline: boolean;
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

/** `navigator.onLine`, following the online/offline events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
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
  return online;
}

export interface GateFeedHandlers {
  /** joined the gate room (first time and after every reconnect) */
  onSubscribed?: () => void;
  onConflict?: (p: TCheckInConflictPayload) => void;
  onEventStatus?: (p: TEventStatusPayload) => void;
}

/** Opens the socket for `eventId`, joins its gate room on every (re)connect, and keeps the cache current. */
export function useGateFeed(eventId: string | null, handlers: GateFeedHandlers = {}) {
  const utils = trpc.useUtils();
  const { socket, connected } = useSocket(eventId !== null);
  const [subscribed, setSubscribed] = useState<'pending' | 'ok' | 'refused'>('pending');
  const [recent, setRecent] = useState<ScanRecordedPayload[]>([]);
  const [scanSeq, setScanSeq] = useState(0);
  const online = useOnline();
  /** the last connection attempt failed (server down, session refused) */
  const [failed, setFailed] = useState(false);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

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
        handlersRef.current.onSubscribed?.();
      });
    };
    const onCounts = (p: GateCountsPayload) => {
      if (p.eventId !== eventId) return;
      const at = new Date(p.at);
      utils.usher.events.gateCounts.setData({ id: eventId }, (prev) =>
        prev && prev.at.getTime() > at.getTime()
          ? prev
          : {
              eventId: p.eventId,
              gates: p.gates,
              total: p.total,
              admitted: p.admitted,
              inside: p.inside,
              capacity: p.capacity,
              at,
            },
      );
    };
    const onScan = (p: ScanRecordedPayload) => {
      if (p.eventId !== eventId) return;
      setRecent((list) => [p, ...list.filter((x) => x.checkInId !== p.checkInId)].slice(0, RECENT_MAX));
      setScanSeq((n) => n + 1);
    };
    const onConflict = (p: TCheckInConflictPayload) => {
      if (p.eventId === eventId) handlersRef.current.onConflict?.(p);
    };
    const onStatus = (p: TEventStatusPayload) => {
      if (p.eventId !== eventId) return;
      handlersRef.current.onEventStatus?.(p);
      void utils.usher.events.status.invalidate({ id: eventId });
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
    // back online: reconnect now instead of waiting for socket.io's backoff timer
    const onOnline = () => {
      if (!socket.connected) socket.disconnect().connect();
    };
    socket.on('connect', subscribe);
    socket.on('connect_error', onConnectError);
    socket.on('disconnect', onDisconnect);
    socket.on('gate.counts', onCounts);
    socket.on('scan.recorded', onScan);
    socket.on('checkin.conflict', onConflict);
    socket.on('event.status', onStatus);
    window.addEventListener('online', onOnline);
    if (socket.connected) subscribe();
    return () => {
      alive = false;
      clearTimeout(retry);
      window.removeEventListener('online', onOnline);
      socket.off('connect', subscribe);
      socket.off('connect_error', onConnectError);
      socket.off('disconnect', onDisconnect);
      socket.off('gate.counts', onCounts);
      socket.off('scan.recorded', onScan);
      socket.off('checkin.conflict', onConflict);
      socket.off('event.status', onStatus);
    };
  }, [socket, eventId, utils]);

  let live: LiveState;
  if (!online) live = 'offline';
  else if (!socket || !connected) live = failed || subscribed !== 'pending' ? 'offline' : 'connecting';
  else if (subscribed === 'refused') live = 'refused';
  else live = subscribed === 'ok' ? 'live' : 'connecting';
  return { socket, live, recent, scanSeq };
}
