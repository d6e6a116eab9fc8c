/**
 * The request id of the work in progress (issue 5 "a request id that follows a request through
 * tRPC, REST, jobs and socket.io"). An HTTP request runs inside `runWithRequestId(req.id, …)` (an
 * onRequest hook in http/app.ts), a socket.io event inside its connection's id, a job inside the
 * id it was enqueued under; `enqueue` (jobs/queue.ts) stamps the current id into the job's
 * payload, so the worker's log lines name the request that caused the job.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestScope {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** The id of the request (or socket connection, or job origin) being served, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Payload key under which a job carries the request id it was enqueued in (no column needed). */
export const JOB_REQUEST_ID_KEY = '_requestId';

/** `payload` with the current request id added, when there is one and the payload is an object. */
export function withRequestId<T>(payload: T): T {
  const requestId = currentRequestId();
  if (!requestId || payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  if (JOB_REQUEST_ID_KEY in (payload as object)) return payload;
  return { ...payload, [JOB_REQUEST_ID_KEY]: requestId };
}

/** The request id a job payload carries, if any. */
export function requestIdOfPayload(payload: unknown): string | undefined {
  if (payload === null || typeof payload !== 'object') return undefined;
  const v = (payload as Record<string, unknown>)[JOB_REQUEST_ID_KEY];
  return typeof v === 'string' ? v : undefined;
}
