/**
 * Kill the process while jobs are pending (issue 5 "Tests that must pass in CI"): after a restart
 * every job runs exactly once in effect. A worker-only process (server/test/effect-worker.ts on
 * jobs/worker-process.ts) works through 50 jobs whose handler records each start and applies an
 * idempotent effect; it is SIGKILLed mid-way, with jobs in hand. A second process with a short
 * lease (JOB_LEASE_MS) takes the abandoned RUNNING jobs again and finishes the queue; then it is
 * stopped with SIGTERM and must exit 0 after finishing what it holds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeIf, openTestDatabase, postgresAvailable } from '../../test/harness.ts';
import { enqueue } from '../jobs/queue.ts';

const ROOT = join(import.meta.dirname, '../../..');
const SCRIPT = join(ROOT, 'server/test/effect-worker.ts');
const JOBS = 50;

const ok = await postgresAvailable();

describeIf(ok)('jobs survive a killed worker process', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const children: ChildProcess[] = [];

  const startWorker = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: db.url!,
        LOG_LEVEL: 'warn',
        SEED_DEMO: 'false',
        JOB_LEASE_MS: '1500',
        JOB_POLL_MS: '50',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => {
      output += d;
    });
    child.stderr!.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal, output })),
    );
    children.push(child);
    return { child, exited };
  };

  const waitFor = async (what: string, test: () => Promise<boolean>, ms = 40_000) => {
    const until = Date.now() + ms;
    while (!(await test())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const count = async (sql: string) =>
    Number(((await db.prisma.$queryRawUnsafe(sql)) as { n: bigint | number }[])[0]!.n);

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    await db.prisma.$executeRawUnsafe(
      'CREATE TABLE test_job_runs (id bigserial PRIMARY KEY, job_id uuid NOT NULL, attempt int NOT NULL, pid int NOT NULL)',
    );
    await db.prisma.$executeRawUnsafe('CREATE TABLE test_job_effects (job_id uuid PRIMARY KEY)');
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await db?.close();
  });

  it('runs every job exactly once in effect after a SIGKILL and a restart', async () => {
    for (let i = 0; i < JOBS; i++) await enqueue(db.prisma, 'test.effect', { sleepMs: 300, n: i });
    const ids = (await db.prisma.job.findMany({ where: { type: 'test.effect' }, select: { id: true } })).map(
      (j) => j.id,
    );
    expect(ids).toHaveLength(JOBS);

    // first process: killed while its second batch is in hand
    const first = startWorker();
    await waitFor(
      'the first worker to be mid-way',
      async () => (await count('SELECT count(*) AS n FROM test_job_runs')) >= 15,
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const abandoned = await db.prisma.job.findMany({
      where: { type: 'test.effect', status: 'RUNNING' },
      select: { id: true },
    });
    expect(abandoned.length).toBeGreaterThan(0);
    expect(await db.prisma.job.count({ where: { type: 'test.effect', status: 'PENDING' } })).toBeGreaterThan(0);
    const doneBefore = await db.prisma.job.count({ where: { type: 'test.effect', status: 'SUCCEEDED' } });
    expect(doneBefore).toBeLessThan(JOBS);

    // second process: takes the pending jobs and, after the lease, the abandoned ones
    const second = startWorker();
    await waitFor(
      'every job to succeed',
      async () => (await db.prisma.job.count({ where: { type: 'test.effect', status: 'SUCCEEDED' } })) === JOBS,
    );
    second.child.kill('SIGTERM');
    const stopped = await second.exited;
    expect(stopped.code, stopped.output).toBe(0);

    // exactly once in effect: one effect per job, none missing, none extra
    const effects = (await db.prisma.$queryRawUnsafe('SELECT job_id::text AS id FROM test_job_effects')) as {
      id: string;
    }[];
    expect(effects.map((e) => e.id).sort()).toEqual([...ids].sort());

    // the jobs killed in hand really ran again, in the second process, as a new attempt
    const runs = (await db.prisma.$queryRawUnsafe(
      'SELECT job_id::text AS job, attempt, pid FROM test_job_runs ORDER BY test_job_runs.id',
    )) as { job: string; attempt: number; pid: number }[];
    const attempts = new Map(
      (await db.prisma.job.findMany({ where: { id: { in: abandoned.map((a) => a.id) } } })).map((j) => [j.id, j]),
    );
    let interrupted = 0;
    for (const { id } of abandoned) {
      const mine = runs.filter((r) => r.job === id);
      expect(mine.at(-1)!.pid, id).toBe(second.child.pid);
      expect(attempts.get(id)!.attempts, id).toBeGreaterThanOrEqual(2);
      // killed inside the handler (it had started, its effect was not applied yet)
      if (mine.some((r) => r.pid === first.child.pid)) interrupted++;
    }
    expect(interrupted).toBeGreaterThan(0);
    // and nothing that had finished ran twice
    const reran = new Set(runs.filter((r) => r.pid === second.child.pid).map((r) => r.job));
    const finishedFirst = runs.filter((r) => r.pid === first.child.pid && !abandoned.some((a) => a.id === r.job));
    for (const r of finishedFirst) expect(reran.has(r.job), r.job).toBe(false);
  });
});
