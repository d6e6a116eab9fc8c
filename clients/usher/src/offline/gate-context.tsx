/**
 * The offline gate for React: opens the event's IndexedDB cache, runs the sync cycles
 * (at start, every 60 s while online, when the browser comes back online, when the live feed
 * reconnects) and gives the pages `useGate()` (scan, sync, status).
 */
import type { TScanDirection } from '@admit/shared';
import { trpc } from '@admit/ui';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { getDeviceId } from '../lib/device.ts';
import { type GateStore, openGateStore, type SessionRecord } from './db.ts';
import { type GateAnswer, type GateScanRequest, scanAtGate } from './scan.ts';
import { type GateApi, GateSync, type GateSyncStatus, SYNC_INTERVAL_MS } from './sync.ts';

export interface Gate {
  store: GateStore;
  sync: GateSync;
  deviceId: string;
  scan(
    req: GateScanRequest,
    direction: TScanDirection,
    opts: { gateId?: string | undefined; signal?: AbortSignal; onRetry?: (n: number) => void },
  ): Promise<GateAnswer>;
}

const GateCtx = createContext<Gate | null>(null);

/** The offline gate of the signed-in shell; null while the cache opens or where IndexedDB is unavailable. */
export function useGate(): Gate | null {
  return useContext(GateCtx);
}

const NO_STATUS: GateSyncStatus = {
  ready: false,
  syncing: false,
  pending: 0,
  attendees: 0,
  cards: 0,
  revocations: 0,
  lastSyncAt: null,
  lastUploadAt: null,
  lastError: null,
  stale: true,
  scanningEnabled: true,
  conflicts: [],
};
const noop = () => () => {};

/** The sync status (pending count, last sync, conflicts…), re-rendering on change. */
export function useGateStatus(): GateSyncStatus {
  const gate = useGate();
  return useSyncExternalStore(gate?.sync.subscribe ?? noop, gate?.sync.getStatus ?? (() => NO_STATUS), () => NO_STATUS);
}

// one connection per event database for the page's lifetime (the shell and the pages share it)
const stores = new Map<string, Promise<GateStore>>();
export function gateStore(eventId: string): Promise<GateStore> {
  let p = stores.get(eventId);
  if (!p) {
    p = openGateStore(eventId);
    p.catch(() => stores.delete(eventId));
    stores.set(eventId, p);
  }
  return p;
}

const POINTER = 'admit.usher.offlineSession';

/** Which event's cache holds the last session (to open the app with the network gone). */
export function lastSessionPointer(): { eventId: string; usherId: string } | null {
  try {
    const v = JSON.parse(localStorage.getItem(POINTER) ?? 'null') as { eventId?: unknown; usherId?: unknown } | null;
    return v && typeof v.eventId === 'string' && typeof v.usherId === 'string'
      ? { eventId: v.eventId, usherId: v.usherId }
      : null;
  } catch {
    return null;
  }
}

/** Saves the session for offline start (IndexedDB) and points at it (localStorage). */
export async function rememberSession(session: SessionRecord): Promise<void> {
  const store = await gateStore(session.event.id);
  await store.saveSession(session);
  try {
    localStorage.setItem(POINTER, JSON.stringify({ eventId: session.event.id, usherId: session.usher.id }));
  } catch {
    // no localStorage: the app then needs the network to open
  }
}

/** The cached session for offline start, if any (undefined while reading). */
export function useCachedSession(): SessionRecord | null | undefined {
  const [s, setS] = useState<SessionRecord | null | undefined>(undefined);
  useEffect(() => {
    const ptr = lastSessionPointer();
    if (!ptr) {
      setS(null);
      return;
    }
    let alive = true;
    gateStore(ptr.eventId)
      .then((store) => store.session())
      .then((rec) => alive && setS(rec && rec.usher.id === ptr.usherId ? rec : null))
      .catch(() => alive && setS(null));
    return () => {
      alive = false;
    };
  }, []);
  return s;
}

/**
 * Sign-out: forgets the offline session and the personal data of the cache; queued scans stay
 * (they upload at the next sign-in of the same usher).
 */
export async function forgetSession(eventId: string): Promise<void> {
  try {
    localStorage.removeItem(POINTER);
  } catch {
    // nothing stored
  }
  const store = await gateStore(eventId).catch(() => null);
  await store?.forgetPersonalData();
}

function useGateApi(): GateApi {
  const { client } = trpc.useUtils();
  return useMemo<GateApi>(
    () => ({
      attendees: (input, signal) => client.usher.sync.attendees.query(input, { signal }),
      cards: (input, signal) => client.usher.sync.cards.query(input, { signal }),
      revocations: (input, signal) => client.usher.sync.revocations.query(input, { signal }),
      upload: (input, signal) => client.usher.sync.logs.mutate(input, { signal }),
      status: (input, signal) => client.usher.sync.status.query(input, { signal }),
      scan: (input, signal) => client.usher.scan.result.mutate(input, { signal }),
    }),
    [client],
  );
}

/** Opens the event's cache and keeps it in sync while the shell is mounted. */
export function GateProvider({
  eventId,
  usherId,
  children,
  fallback,
}: {
  eventId: string;
  usherId: string;
  children: ReactNode;
  fallback: ReactNode;
}) {
  const api = useGateApi();
  const [gate, setGate] = useState<Gate | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setInterval> | undefined;
    gateStore(eventId)
      .then(async (store) => {
        if (!alive) return;
        const deviceId = getDeviceId();
        const sync = new GateSync(store, api, { deviceId, usherId });
        const g: Gate = {
          store,
          sync,
          deviceId,
          scan: (req, direction, opts) =>
            scanAtGate(
              { store, sync, api, deviceId, usherId, gateId: opts.gateId, isOnline: () => navigator.onLine },
              req,
              direction,
              opts,
            ).then((answer) => {
              // an offline answer while the browser thinks it is online: try to deliver it now
              if (answer.source === 'device' && navigator.onLine) void sync.sync();
              return answer;
            }),
        };
        await sync.refreshStatus();
        if (!alive) return;
        setGate(g);
        if (navigator.onLine) void sync.sync();
        // coming back online syncs from the live feed's reconnect (session.tsx), so that this
        // device is in the gate room when its upload raises a conflict
        timer = setInterval(() => {
          if (navigator.onLine) void sync.sync();
        }, SYNC_INTERVAL_MS);
      })
      .catch(() => alive && setFailed(true));
    return () => {
      alive = false;
      clearInterval(timer);
      setGate(null);
    };
  }, [eventId, usherId, api]);

  if (!gate && !failed) return <>{fallback}</>;
  return <GateCtx.Provider value={gate}>{children}</GateCtx.Provider>;
}
