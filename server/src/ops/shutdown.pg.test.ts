/**
 * Graceful shutdown of the real entry point (server/src/main.ts as a child process): SIGTERM
 * disconnects sockets, drains HTTP, stops the worker, flushes the system log, closes the database
 * and exits 0; the start and the shutdown are in the system log (notable events).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeIf,
  makeCustomer,
  openTestDatabase,
  postgresAvailable,
  REDIS_URL,
  redisAvailable,
  testDeps,
} from '../../test/harness.ts';

const ROOT = join(import.meta.dirname, '../../..');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const ok = await postgresAvailable();
const withRedis = ok && (await redisAvailable());

describeIf(ok)('graceful shutdown', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase('postgres');
  });
  afterAll(() => db?.close());

  it('on SIGTERM disconnects sockets, answers requests in flight, flushes the system log and exits 0', async () => {
    const port = await freePort();
    const { REDIS_URL: _ignored, ...env } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/src/main.ts')], {
      cwd: ROOT,
      env: {
        ...env,
        ...(withRedis ? { REDIS_URL } : {}),
        NODE_ENV: 'test',
        DATABASE_URL: db.url!,
        PORT: String(port),
        HOST: '127.0.0.1',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = `http://127.0.0.1:${port}`;
      const until = Date.now() + 30_000;
      for (;;) {
        const res = await fetch(`${url}/readyz`).catch(() => null);
        if (res?.status === 200) {
          const { checks } = (await res.json()) as { checks: Record<string, { status: string }> };
          expect(Object.keys(checks).sort()).toEqual(
            withRedis ? ['database', 'queue', 'redis'] : ['database', 'queue'],
          );
          break;
        }
        if (Date.now() > until || child.exitCode !== null) throw new Error(`server did not become ready:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const customer = await makeCustomer(testDeps(db));
      const socket = io(url, {
        auth: { token: customer.token },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', resolve);
        socket.on('connect_error', reject);
      });
      const disconnected = new Promise<string>((resolve) => socket.on('disconnect', resolve));

      // a request in flight when the signal arrives (a sign-in: password hashing takes a while) is answered
      const inFlight = fetch(`${url}/api/v1/users/login/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mobile: customer.user.mobile, password: 'not-the-password-1' }),
      });
      await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGTERM');
      expect((await inFlight).status).toBe(401);
      // either way the client learns at once (and, on 'transport close', reconnects to another instance)
      expect(['io server disconnect', 'transport close']).toContain(await disconnected);
      expect(await exited, output).toBe(0);

      const notable = await db.prisma.systemLog.findMany({ orderBy: { at: 'asc' }, select: { message: true } });
      const messages = notable.map((n) => n.message);
      expect(messages.some((m) => m.startsWith('Admit is up'))).toBe(true);
      expect(messages).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
