/** The job queue on PGlite and PostgreSQL: runs, retries with backoff, dead letters, dedupe, cron, leases. */
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeIf, integrationDbReady, openTestDatabase, testDeps } from '../../test/harness.ts';
import { backoffMs, enqueue, JobWorker, queueStats, retryDeadJob } from './queue.ts';

const ready = await integrationDbReady();

describeIf(ready)('job queue', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let deps: ReturnType<typeof testDeps>;
  const quiet = pino({ level: 'silent' });

  beforeAll(async () => {
    db = await openTestDatabase();
    deps = testDeps(db);
  });
  beforeEach(async () => {
    await deps.db.job.deleteMany({});
    deps.clock.reset();
  });
  afterAll(() => db?.close());

  const worker = (opts: ConstructorParameters<typeof JobWorker>[1] = {}) =>
    new JobWorker({ ...deps, log: quiet }, opts);

  it('runs due jobs once and marks them SUCCEEDED; future jobs wait for their time', async () => {
    const seen: unknown[] = [];
    const w = worker().register('test.echo', async (p) => {
      seen.push(p);
    });
    await enqueue(deps.db, 'test.echo', { n: 1 });
    await enqueue(deps.db, 'test.echo', { n: 2 }, { runAt: new Date(deps.clock.now().getTime() + 60_000) });
    expect(await w.tick()).toBe(1);
    expect(await w.tick()).toBe(0);
    expect(seen).toEqual([{ n: 1 }]);
    deps.clock.advance(61_000);
    expect(await w.tick()).toBe(1);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await queueStats(deps.db)).toMatchObject({ succeeded: 2, pending: 0 });
  });

  it('enqueues atomically with the transaction that causes the job', async () => {
    await expect(
      deps.db.$transaction(async (tx) => {
        await enqueue(tx, 'test.echo', {});
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await deps.db.job.count()).toBe(0);
  });

  it('ignores a second job with the same key', async () => {
    expect(await enqueue(deps.db, 'test.echo', {}, { key: 'once' })).toBe(true);
    expect(await enqueue(deps.db, 'test.echo', {}, { key: 'once' })).toBe(false);
    expect(await deps.db.job.count()).toBe(1);
  });

  it('retries a failing job with exponential backoff, then dead-letters it; an admin retry runs it again', async () => {
    let calls = 0;
    let fail = true;
    const w = worker().register('test.flaky', async () => {
      calls++;
      if (fail) throw new Error(`provider said 500 (#${calls})`);
    });
    await enqueue(deps.db, 'test.flaky', {}, { maxAttempts: 3 });
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(await w.tick()).toBe(1);
      const job = await deps.db.job.findFirstOrThrow();
      if (i < 2) {
        expect(job).toMatchObject({ status: 'PENDING', attempts: i + 1, lastError: `provider said 500 (#${i + 1})` });
        waits.push(job.runAt.getTime() - deps.clock.now().getTime());
        expect(await w.tick()).toBe(0); // not before its backoff
        deps.clock.advance(job.runAt.getTime() - deps.clock.now().getTime() + 1);
      }
    }
    expect(waits[0]).toBeGreaterThanOrEqual(500); // 1 s ± 20 %, minus the time the test took since
    expect(waits[1]).toBeGreaterThan(waits[0]!); // backoff grows
    const dead = await deps.db.job.findFirstOrThrow();
    expect(dead).toMatchObject({ status: 'DEAD', attempts: 3, lastError: 'provider said 500 (#3)' });
    expect(await queueStats(deps.db)).toMatchObject({ dead: 1 });

    fail = false;
    expect(await retryDeadJob(deps.db, dead.id, deps.clock.now())).toBe(true);
    expect(await w.tick()).toBe(1);
    expect(await deps.db.job.findFirstOrThrow()).toMatchObject({ status: 'SUCCEEDED' });
    expect(calls).toBe(4);
  });

  it('dead-letters a job whose type has no handler instead of losing it', async () => {
    await enqueue(deps.db, 'test.unknown', {}, { maxAttempts: 1 });
    await worker().tick();
    expect(await deps.db.job.findFirstOrThrow()).toMatchObject({
      status: 'DEAD',
      lastError: 'no handler for job type test.unknown',
    });
  });

  it('takes a job again when its worker died (lease expired), never before', async () => {
    await enqueue(deps.db, 'test.echo', {});
    // a worker claims it and dies: simulate by claiming with a handler that never returns
    const hung = worker({ workerId: 'dead-worker', leaseMs: 60_000 }).register(
      'test.echo',
      () => new Promise(() => {}),
    );
    void hung.tick();
    await expect.poll(() => deps.db.job.count({ where: { status: 'RUNNING' } })).toBe(1);
    let ran = 0;
    const rescuer = worker({ leaseMs: 60_000 }).register('test.echo', async () => {
      ran++;
    });
    expect(await rescuer.tick()).toBe(0); // lease still valid
    deps.clock.advance(61_000);
    expect(await rescuer.tick()).toBe(1);
    expect(ran).toBe(1);
    const job = await deps.db.job.findFirstOrThrow();
    expect(job).toMatchObject({ status: 'SUCCEEDED', attempts: 2, lockedBy: rescuer.workerId });
  });

  it('enqueues each cron tick once, however many workers tick', async () => {
    const cron = [{ name: 'sweep', everyMs: 30_000, type: 'test.echo' }];
    const a = worker({ cron }).register('test.echo', async () => {});
    const b = worker({ cron }).register('test.echo', async () => {});
    await a.tick();
    await b.tick();
    expect(await deps.db.job.count()).toBe(1);
    deps.clock.advance(30_000);
    await b.tick();
    await a.tick();
    expect(await deps.db.job.count()).toBe(2);
  });

  it('backs off 1 s, 2 s, 4 s … capped at an hour, with jitter', () => {
    for (const [attempt, base] of [
      [1, 1000],
      [2, 2000],
      [5, 16_000],
      [20, 3_600_000],
    ] as const) {
      const ms = backoffMs(attempt);
      expect(ms).toBeGreaterThanOrEqual(base * 0.8);
      expect(ms).toBeLessThanOrEqual(base * 1.2);
    }
  });
});
