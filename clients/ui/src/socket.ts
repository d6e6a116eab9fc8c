/**
 * The typed socket.io client (events in @admit/shared/realtime). It authenticates with the
 * session cookie, so open it after sign-in.
 */
import type { ClientToServerEvents, ServerToClientEvents } from '@admit/shared';
import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';

export type AdmitSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectSocket(): AdmitSocket {
  return io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
}

/** One socket for the component's lifetime; `connected` follows the connection state. */
export function useSocket(enabled = true): { socket: AdmitSocket | null; connected: boolean } {
  const [socket, setSocket] = useState<AdmitSocket | null>(null);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    const s = connectSocket();
    setSocket(s);
    const on = () => setConnected(true);
    const off = () => setConnected(false);
    s.on('connect', on);
    s.on('disconnect', off);
    return () => {
      s.off('connect', on);
      s.off('disconnect', off);
      s.disconnect();
      setSocket(null);
      setConnected(false);
    };
  }, [enabled]);
  return { socket, connected };
}
