/**
 * socket.io on the same HTTP server (DESIGN.md "Realtime"). The handshake is authenticated with
 * the same session token as HTTP (`auth.token`, or the session cookie); every socket joins its
 * `user:<id>` room, admins also `admins`; ushers may join `event:<id>:gates` of events they are
 * assigned to. A socket WITHOUT a token is accepted as anonymous and may only join public raffle
 * rooms (`raffles.subscribe` → `raffle:<id>`, entries left and draw results) and public seat maps
 * (`seats.subscribe` → `event:<id>:seats`, `seats.changed`); a token that does
 * not validate is still refused (UNAUTHENTICATED). With `REDIS_URL` the redis adapter joins instances so a scan on one reaches
 * clients of another.
 */
import type { Server as HttpServer } from 'node:http';
import type { ClientToServerEvents, ServerToClientEvents, SubscribeAck } from '@admit/shared';
import { rooms } from '@admit/shared';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { SESSION_COOKIE, validateSessionToken } from '../auth/sessions.ts';
import type { AppDeps } from '../deps.ts';
import { isDatabaseUnavailable } from '../ops/db-errors.ts';
import { runWithRequestId } from '../ops/request-context.ts';
import type { Actor } from '../trpc/context.ts';
import type { RealtimeMessage } from './messages.ts';

export interface SocketData {
  /** null: an anonymous socket (public raffle rooms only) */
  actor: Actor | null;
}

export type AdmitIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface Realtime {
  io: AdmitIo;
  publish(messages: RealtimeMessage[]): void;
  /** Redis PING for readiness (only when REDIS_URL is set) */
  ping?: () => Promise<unknown>;
  close(): Promise<void>;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function attachRealtime(
  server: HttpServer,
  app: AppDeps,
  opts: { redisUrl?: string; corsOrigins: string[] },
): Promise<Realtime> {
  const io: AdmitIo = new Server(server, {
    path: '/socket.io',
    cors: { origin: opts.corsOrigins, credentials: true },
    serveClient: false,
  });

  const redisClients: { quit(): Promise<unknown>; ping(): Promise<unknown> }[] = [];
  if (opts.redisUrl) {
    const pub = createClient({ url: opts.redisUrl });
    const sub = pub.duplicate();
    pub.on('error', (err) => app.log.error({ err }, 'redis pub error'));
    sub.on('error', (err) => app.log.error({ err }, 'redis sub error'));
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
    redisClients.push(pub, sub);
  }

  io.use(async (socket, next) => {
    try {
      const fromAuth = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
      const token = fromAuth ?? cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
      if (!token) {
        socket.data.actor = null;
        return next();
      }
      const actor = await validateSessionToken(app.db, app.clock, token);
      if (!actor) return next(new Error('UNAUTHENTICATED'));
      socket.data.actor = actor;
      next();
    } catch (err) {
      if (isDatabaseUnavailable(err)) return next(new Error('UNAVAILABLE'));
      app.log.error({ err, source: 'socket' }, 'socket auth failed');
      next(new Error('INTERNAL'));
    }
  });

  io.on('connection', (socket) => {
    // the connection's id plays the request id for everything its handlers do (ops/request-context.ts)
    const requestId = `ws:${socket.id}`;
    const actor = socket.data.actor;
    const log = app.log.child({ source: 'socket', requestId, userId: actor?.user.id ?? null });
    log.debug('socket connected');
    socket.on('disconnect', (reason) => log.debug({ reason }, 'socket disconnected'));
    // public raffle rooms: anyone may watch a published raffle (an unknown or draft id is refused)
    socket.on('raffles.subscribe', async (raffleId, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      try {
        if (typeof raffleId !== 'string' || !UUID.test(raffleId)) return reply({ ok: false, error: 'BAD_REQUEST' });
        const raffle = await runWithRequestId(requestId, () =>
          app.db.raffle.findUnique({ where: { id: raffleId }, select: { status: true } }),
        );
        if (!raffle || raffle.status === 'DRAFT') return reply({ ok: false, error: 'NOT_FOUND' });
        await socket.join(rooms.raffle(raffleId));
        reply({ ok: true });
      } catch (err) {
        const unavailable = isDatabaseUnavailable(err);
        if (!unavailable) log.error({ err }, 'raffles.subscribe failed');
        reply({ ok: false, error: unavailable ? 'UNAVAILABLE' : 'INTERNAL' });
      }
    });
    // public seat maps (issue 7 "Seating"): anyone may watch a published reserved-seating event's seats
    socket.on('seats.subscribe', async (eventId, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      try {
        if (typeof eventId !== 'string' || !UUID.test(eventId)) return reply({ ok: false, error: 'BAD_REQUEST' });
        const event = await runWithRequestId(requestId, () =>
          app.db.event.findUnique({ where: { id: eventId }, select: { status: true, seatingMode: true } }),
        );
        if (!event || event.status === 'DRAFT' || event.seatingMode !== 'RESERVED') {
          return reply({ ok: false, error: 'NOT_FOUND' });
        }
        await socket.join(rooms.seats(eventId));
        reply({ ok: true });
      } catch (err) {
        const unavailable = isDatabaseUnavailable(err);
        if (!unavailable) log.error({ err }, 'seats.subscribe failed');
        reply({ ok: false, error: unavailable ? 'UNAVAILABLE' : 'INTERNAL' });
      }
    });
    if (!actor) {
      // anonymous: the staff rooms answer at once instead of leaving the ack hanging
      socket.on('gates.subscribe', (_eventId, ack) => {
        if (typeof ack === 'function') ack({ ok: false, error: 'UNAUTHENTICATED' });
      });
      return;
    }
    const { user } = actor;
    void socket.join(rooms.user(user.id));
    // admins hear platform-wide alerts (offline check-in conflicts, urgent incident reports)
    if (user.role === 'ADMIN') void socket.join(rooms.admins());
    // organizer staff hear their organizer's live sales (`sale.recorded`, modules/organizer/live-sales.ts)
    if (user.role === 'ORGANIZER' && user.organizerId) void socket.join(rooms.organizer(user.organizerId));
    socket.on('gates.subscribe', async (eventId, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      try {
        await runWithRequestId(requestId, () => subscribeGates(eventId, reply));
      } catch (err) {
        const unavailable = isDatabaseUnavailable(err);
        if (!unavailable) log.error({ err }, 'gates.subscribe failed');
        reply({ ok: false, error: unavailable ? 'UNAVAILABLE' : 'INTERNAL' });
      }
    });
    const subscribeGates = async (eventId: unknown, reply: (r: SubscribeAck) => void) => {
      if (typeof eventId !== 'string' || !UUID.test(eventId)) return reply({ ok: false, error: 'BAD_REQUEST' });
      const allowed =
        user.role === 'ADMIN' ||
        (user.role === 'USHER' &&
          (await app.db.usherAssignment.findUnique({
            where: { usherId_eventId: { usherId: user.id, eventId } },
            select: { id: true },
          })) !== null);
      if (!allowed) return reply({ ok: false, error: 'FORBIDDEN' });
      await socket.join(rooms.gates(eventId));
      reply({ ok: true });
    };
  });

  const pub = redisClients[0];
  return {
    io,
    ping: pub ? () => pub.ping() : undefined,
    publish(messages) {
      // One message per event-loop turn, starting after the current I/O callbacks: the caller's
      // HTTP response is written first (a scanner is not kept waiting while its gate.counts goes
      // out to 1,000 watchers), and each room's first message (gate.counts) reaches every socket
      // before the next one (scan.recorded) starts (bench/README.md "gate").
      const queue = [...messages];
      const next = () => {
        const m = queue.shift();
        if (!m) return;
        io.to(m.room).emit(m.event, m.payload as never);
        if (queue.length) setImmediate(next);
      };
      if (queue.length) setImmediate(next);
    },
    async close() {
      // Not io.close(): that would also close the HTTP server, which Fastify owns.
      io.disconnectSockets(true);
      io.engine.close();
      await Promise.all(redisClients.map((c) => c.quit().catch(() => {})));
    },
  };
}
