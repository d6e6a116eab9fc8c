import type { ServerToClientEvents } from '@admit/shared';

/** A typed socket.io emission addressed to a room (DESIGN.md "Realtime"). */
export type RealtimeMessage = {
  [K in keyof ServerToClientEvents]: { room: string; event: K; payload: Parameters<ServerToClientEvents[K]>[0] };
}[keyof ServerToClientEvents];
