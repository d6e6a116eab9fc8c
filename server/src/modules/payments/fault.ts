/**
 * Fault injection for crash tests (payments/crash.pg.test.ts), in one place and inert unless the
 * environment asks for it: `ADMIT_FAULT=<point>` makes the process kill itself with SIGKILL (no
 * cleanup, no response: a power cut) when it reaches that point. Points:
 *
 *   kill-after-provider-confirm   confirmPayment, right after the provider reported success and
 *                                 before anything was written
 */
export type FaultPoint = 'kill-after-provider-confirm';

export function faultPoint(point: FaultPoint): void {
  if (process.env.ADMIT_FAULT === point) process.kill(process.pid, 'SIGKILL');
}
