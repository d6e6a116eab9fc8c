import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientToServerEvents, RaffleEntriesPayload, ServerToClientEvents } from '@admit/shared';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeIf,
  integrationDbReady,
  makeCustomer,
  openTestDatabase,
  signIn,
  startTestServer,
  TEST_PASSWORD,
  testDeps,
} from '../../test/harness.ts';
import { hashPassword } from '../auth/password.ts';

const ready = await integrationDbReady();
/** the smallest valid PNG: 1×1 transparent pixel */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describeIf(ready)('raffle image uploads over HTTP', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let adminToken: string;
  let supportToken: string;
  let customerToken: string;
  let raffleId: string;
  let dir: string;
  const previous = process.env.UPLOADS_DIR;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'admit-uploads-'));
    process.env.UPLOADS_DIR = dir;
    db = await openTestDatabase();
    deps = testDeps(db);
    server = await startTestServer(deps);
    const hash = await hashPassword(TEST_PASSWORD);
    const mk = async (level: 'ADMIN' | 'SUPPORT') =>
      (
        await signIn(
          deps,
          (
            await deps.db.user.create({
              data: {
                role: 'ADMIN',
                email: `up-${level.toLowerCase()}@admit.test`,
                adminLevel: level,
                firstName: 'A',
                lastName: 'B',
                passwordHash: hash,
              },
            })
          ).id,
        )
      ).token;
    adminToken = await mk('ADMIN');
    supportToken = await mk('SUPPORT');
    customerToken = (await makeCustomer(deps)).token;
    const now = Date.now();
    raffleId = (
      await deps.db.raffle.create({
        data: {
          slug: 'upload-test',
          title: 'Upload',
          description: 'x',
          prizeTitle: 'Watch',
          prizeDescription: '',
          entryPriceMinor: 100,
          currency: 'EGP',
          totalEntries: 10,
          maxEntriesPerUser: 2,
          opensAt: new Date(now),
          closesAt: new Date(now + 3_600_000),
          drawAt: new Date(now + 7_200_000),
        },
      })
    ).id;
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
    process.env.UPLOADS_DIR = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (bytes: Buffer, name: string, token?: string, type = 'image/png') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
    return fetch(`${server.url}/api/admin/raffles/${raffleId}/images`, {
      method: 'POST',
      body: form,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  };

  it('stores a PNG under a generated name and serves it read-only with nosniff', async () => {
    const res = await upload(PNG, '../../etc/passwd.png', adminToken);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { url: string; imageUrls: string[] };
    expect(body.url).toMatch(/^\/uploads\/raffles\/[0-9a-f-]+\/[0-9a-f]{24}\.png$/);
    expect(body.url).not.toContain('passwd');
    expect(body.imageUrls).toEqual([body.url]);
    const got = await fetch(`${server.url}${body.url}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
    // no directory listing
    expect([403, 404]).toContain((await fetch(`${server.url}/uploads/raffles/`)).status);
    const audit = await deps.db.auditLog.count({ where: { action: 'raffle.image_added', targetId: raffleId } });
    expect(audit).toBe(1);
  });

  it('refuses a text file renamed .png, an oversize file, and callers without raffles.write', async () => {
    const fake = await upload(Buffer.from('hello, I am text'), 'photo.png', adminToken);
    expect(fake.status).toBe(400);
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    expect((await upload(big, 'big.png', adminToken)).status).toBe(413);
    expect((await upload(PNG, 'a.png')).status).toBe(401);
    expect((await upload(PNG, 'a.png', customerToken)).status).toBe(403);
    expect((await upload(PNG, 'a.png', supportToken)).status).toBe(403);
    const row = await deps.db.raffle.findUniqueOrThrow({ where: { id: raffleId } });
    expect(row.imageUrls).toHaveLength(1);
  });

  it('keeps at most 8 images per raffle', async () => {
    for (let i = 0; i < 7; i++) expect((await upload(PNG, 'x.png', adminToken)).status).toBe(201);
    expect((await upload(PNG, 'x.png', adminToken)).status).toBe(409);
  });

  it('an anonymous socket watches a published raffle and hears entries left after a REST free entry', async () => {
    const connect = (auth: Record<string, string>): Promise<Socket<ServerToClientEvents, ClientToServerEvents>> =>
      new Promise((resolve, reject) => {
        const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, {
          auth,
          transports: ['websocket'],
          forceNew: true,
        });
        s.on('connect', () => resolve(s));
        s.on('connect_error', reject);
      });
    await expect(connect({ token: 'bogus.token' })).rejects.toThrow('UNAUTHENTICATED');
    const anon = await connect({});
    // a draft is not public
    expect(await anon.emitWithAck('raffles.subscribe', raffleId)).toEqual({ ok: false, error: 'NOT_FOUND' });
    await deps.db.raffle.update({ where: { id: raffleId }, data: { status: 'OPEN' } });
    expect(await anon.emitWithAck('raffles.subscribe', raffleId)).toEqual({ ok: true });
    const heard = new Promise<RaffleEntriesPayload>((resolve) => anon.once('raffle.entries', resolve));
    const res = await fetch(`${server.url}/api/v1/raffles/${raffleId}/free-entry/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${customerToken}` },
      body: JSON.stringify({}),
    });
    expect(res.status).toBe(200);
    expect(await heard).toMatchObject({ raffleId, entriesLeft: 9 });
    anon.disconnect();
  });
});
