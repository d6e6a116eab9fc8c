/**
 * A worker-only process (jobs/worker-process.ts) with one extra, test-only job type for
 * jobs-crash.pg.test.ts: `test.effect` records that it started (test_job_runs), works a while,
 * then applies its effect idempotently — one row per job id in test_job_effects, a second run
 * of the same job changes nothing ("exactly once in effect").
 */
import { runWorkerProcess } from '../src/jobs/worker-process.ts';

await runWorkerProcess({
  extend(worker, deps) {
    worker.register('test.effect', async (payload, job) => {
      const { sleepMs = 200 } = (payload ?? {}) as { sleepMs?: number };
      await deps.db
        .$executeRaw`INSERT INTO test_job_runs (job_id, attempt, pid) VALUES (${job.id}::uuid, ${job.attempt}, ${process.pid})`;
      await new Promise((resolve) => setTimeout(resolve, sleepMs));
      await deps.db
        .$executeRaw`INSERT INTO test_job_effects (job_id) VALUES (${job.id}::uuid) ON CONFLICT (job_id) DO NOTHING`;
    });
  },
});
