/** Competing workers on PostgreSQL never run the same job twice (FOR UPDATE SKIP LOCKED). */
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeIf, openTestDatabase, postgresAvailable, testDeps } from '../../test/harness.ts';
import { enqueue, JobWorker } from './queue.ts';

const ready = await postgresAvailable();

describeIf(ready)('job queue under competing workers', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  beforeAll(async () => {
    db = await openTestDatabase('postgres', { poolSize: 12 });
    deps = testDeps(db);
  });
  afterAll(() => db?.close());

  it('four workers drain 200 jobs with every job run exactly once', async () => {
    await deps.db.job.createMany({
      data: Array.from({ length: 200 }, (_, i) => ({ type: 'test.count', payload: { i } })),
    });
    const runs = new Map<number, number>();
    const workers = Array.from({ length: 4 }, (_, k) =>
      new JobWorker({ ...deps, log: pino({ level: 'silent' }) }, { batch: 7, workerId: `w${k}` }).register(
        'test.count',
        async (p) => {
          const i = (p as { i: number }).i;
          runs.set(i, (runs.get(i) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 1));
        },
      ),
    );
    for (let round = 0; round < 100; round++) {
      const claimed = await Promise.all(workers.map((w) => w.tick()));
      if (claimed.every((n) => n === 0)) break;
    }
    expect(runs.size).toBe(200);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(await deps.db.job.count({ where: { status: 'SUCCEEDED' } })).toBe(200);
    const byWorker = await deps.db.job.groupBy({ by: ['lockedBy'], _count: { _all: true } });
    expect(byWorker.length).toBeGreaterThan(1); // the work was actually shared
  });

  it('enqueue in a transaction is visible to workers only after commit', async () => {
    const w = new JobWorker({ ...deps, log: pino({ level: 'silent' }) }).register('test.late', async () => {});
    let seenDuring = -1;
    await deps.db.$transaction(async (tx) => {
      await enqueue(tx, 'test.late', {});
      seenDuring = await w.tick();
    });
    expect(seenDuring).toBe(0);
    expect(await w.tick()).toBe(1);
  });
});
