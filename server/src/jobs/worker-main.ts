/** Entry point of a worker-only process (see worker-process.ts): `tsx server/src/jobs/worker-main.ts`. */
import { runWorkerProcess } from './worker-process.ts';

await runWorkerProcess();
