/**
 * Every usher endpoint of seed 003 Plan 5 ("EVS App Integration") and Plan 6 ("EVS App Mobile
 * Integration") is served at its seed path with the seed's method (REST under /api, listed in
 * /api/openapi.json), and answers over HTTP with the seeds' error body when unauthenticated.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeIf, integrationDbReady, openTestDatabase, startTestServer, testDeps } from '../../../test/harness.ts';
import { missingEndpoints, seedEndpoints, servedEndpoints } from '../../../test/seed-endpoints.ts';

/** Seed 003 Plans 5 and 6, every `METHOD /api/usher/...` line (union of both plans). */
const SEED_USHER_ENDPOINTS = [
  'POST /api/usher/login/',
  'GET /api/usher/events/',
  'GET /api/usher/events/:id/',
  'POST /api/usher/events/:id/validate-assignment/',
  'GET /api/usher/events/:id/status/',
  'POST /api/usher/scan/verify-card/',
  'GET /api/usher/scan/card/:card_id/',
  'POST /api/usher/scan/card/:card_id/validate/',
  'GET /api/usher/scan/attendee/:card_id/',
  'GET /api/usher/scan/attendee/:card_id/event/:event_id/',
  'POST /api/usher/scan/result/',
  'POST /api/usher/scan/part-time-leave/',
  'GET /api/usher/scan/part-time-leave/',
  'POST /api/usher/scan/report/',
  'POST /api/usher/scan/log/',
  'GET /api/usher/scan/logs/',
  'GET /api/usher/scan/logs/:id/',
  'GET /api/usher/scan/logs/search/',
  'GET /api/usher/sync/attendees/',
  'GET /api/usher/sync/cards/',
  'POST /api/usher/sync/logs/',
  'GET /api/usher/sync/status/',
  'GET /api/usher/nfc/status/',
  'GET /api/usher/nfc/test/',
];

const ready = await integrationDbReady();

describeIf(ready)('usher endpoints of seed 003 Plans 5 and 6', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    db = await openTestDatabase();
    server = await startTestServer(testDeps(db));
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('lists exactly the seed’s endpoints (checked against the seed file when present)', () => {
    const fromSeed = seedEndpoints(5, 7, '/api/usher/');
    if (fromSeed) expect([...fromSeed].sort()).toEqual([...SEED_USHER_ENDPOINTS].sort());
    expect(SEED_USHER_ENDPOINTS.length).toBe(24);
  });

  it('serves each at its seed path and method in /api/openapi.json', async () => {
    expect(missingEndpoints(SEED_USHER_ENDPOINTS, await servedEndpoints(server.url))).toEqual([]);
  });

  it('answers each (but login) 401 with the seeds’ error body when signed out', async () => {
    const wrong: string[] = [];
    for (const e of SEED_USHER_ENDPOINTS.filter((x) => !x.includes('/login/'))) {
      const [method, path] = e.split(' ') as [string, string];
      const url = `${server.url}${path
        .replace(':card_id', '04A1B2C3D4E5F6')
        .replace(/:id|:event_id/g, '00000000-0000-4000-8000-000000000000')}`;
      const res = await fetch(url, {
        method,
        headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
        body: method === 'POST' ? '{}' : undefined,
      });
      const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
      if (res.status !== 401 || body?.error?.code !== 'UNAUTHENTICATED') wrong.push(`${e}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
