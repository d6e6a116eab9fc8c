/**
 * The one source of "now" for services. Outside production the `dev` namespace can move it
 * forward (to see holds expire without waiting); in production it is the system clock.
 */
export interface Clock {
  now(): Date;
}

export class AdjustableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): Date {
    this.offsetMs += ms;
    return this.now();
  }
  reset(): void {
    this.offsetMs = 0;
  }
}
