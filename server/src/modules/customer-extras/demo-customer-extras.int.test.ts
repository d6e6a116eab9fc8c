/**
 * The demo world's customer extras (db/seed.ts → demo-customer-extras.ts): the demo customer
 * (+201000000001) has a pending incoming gift she can accept, and three favourite events.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  callerFor,
  describeIf,
  integrationDbReady,
  openTestDatabase,
  signIn,
  testDeps,
} from '../../../test/harness.ts';
import { seedDemoWorld } from '../../db/seed.ts';

const ready = await integrationDbReady();

describeIf(ready)('demo customer extras', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
    await seedDemoWorld(db.prisma);
  });
  afterAll(() => db?.close());

  it('the demo customer has a pending gift to accept and three favourites', async () => {
    const me = await deps.db.user.findUniqueOrThrow({ where: { mobile: '+201000000001' } });
    const api = callerFor(deps, (await signIn(deps, me.id)).actor);
    const incoming = await api.customer.transfers.incoming({ page: 1, pageSize: 10, status: 'PENDING' });
    expect(incoming.total).toBe(1);
    const gift = incoming.items[0]!;
    expect(gift).toMatchObject({ kind: 'GIFT', status: 'PENDING', message: expect.any(String) });
    expect((await api.customer.favorites.list({ page: 1, pageSize: 10 })).total).toBe(3);
    const accepted = await api.customer.transfers.accept({ id: gift.id });
    expect((await api.customer.tickets.get({ id: accepted.ticketId })).attendeeName).toBe(
      `${me.firstName} ${me.lastName}`,
    );
  });
});
