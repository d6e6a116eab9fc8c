/**
 * Brute-force protection (issue 3 "Protection"), with rate-limiter-flexible: in memory by
 * default, in Redis when `REDIS_URL` is set so that all instances share the counters.
 *
 * | limiter        | key              | budget                     | on exhaustion           |
 * |----------------|------------------|----------------------------|-------------------------|
 * | loginIp        | IP               | 30 password tries / 15 min | 429 until the window    |
 * | loginAccount   | role:identifier  | 10 wrong passwords / 15 min| account locked 15 min   |
 * | codeIp         | IP               | 30 code tries / 10 min     | 429                     |
 * | codeAccount    | user id          | 10 wrong codes / 30 min    | account locked 30 min   |
 * | codeSend       | user id          | 5 codes sent / hour        | 429                     |
 * | codeSendIp     | IP               | 20 codes sent / hour       | 429                     |
 * | raffleFreeIp   | IP               | 20 free raffle entries / h | 429 (modules/raffles)   |
 * | merchantLookup | merchant id      | 60 customer look-ups / 10 min | 429 (modules/merchant) |
 *
 * A code itself allows 5 attempts (auth/otp.ts). Successful sign-ins reset the account budget.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors.ts';

type Limiter = RateLimiterMemory | RateLimiterRedis;

export interface RateLimits {
  loginIp: Limiter;
  loginAccount: Limiter;
  codeIp: Limiter;
  codeAccount: Limiter;
  codeSend: Limiter;
  codeSendIp: Limiter;
  raffleFreeIp: Limiter;
  merchantLookup: Limiter;
}

const SPECS: Record<keyof RateLimits, { points: number; duration: number; blockDuration?: number }> = {
  loginIp: { points: 30, duration: 15 * 60 },
  loginAccount: { points: 10, duration: 15 * 60, blockDuration: 15 * 60 },
  codeIp: { points: 30, duration: 10 * 60 },
  codeAccount: { points: 10, duration: 30 * 60, blockDuration: 30 * 60 },
  codeSend: { points: 5, duration: 60 * 60 },
  codeSendIp: { points: 20, duration: 60 * 60 },
  raffleFreeIp: { points: 20, duration: 60 * 60 },
  merchantLookup: { points: 60, duration: 10 * 60 },
};

/**
 * `redis`: a connected node-redis client (v4+), or undefined for in-memory counters.
 * `namespace` separates deployments (or test runs) sharing one Redis.
 */
export function createRateLimits(redis?: unknown, namespace = 'admit'): RateLimits {
  const make = (name: keyof RateLimits): Limiter => {
    const spec = { keyPrefix: `rl:${namespace}:${name}`, ...SPECS[name] };
    return redis
      ? new RateLimiterRedis({ ...spec, storeClient: redis, useRedisPackage: true })
      : new RateLimiterMemory(spec);
  };
  return Object.fromEntries(Object.keys(SPECS).map((k) => [k, make(k as keyof RateLimits)])) as unknown as RateLimits;
}

function limited(res: RateLimiterRes, what: string): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new AppError('RATE_LIMITED', `Too many ${what}. Try again in ${retryAfterSeconds} s.`, undefined, {
    retryAfterSeconds,
  });
}

/** Takes one point; throws RATE_LIMITED (429 + Retry-After) when the budget is spent. */
export async function consume(limiter: Limiter, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (err) {
    if (err instanceof RateLimiterRes) throw limited(err, what);
    throw err;
  }
}

/** Throws RATE_LIMITED if `key` is currently blocked, without taking a point. */
export async function assertNotBlocked(limiter: Limiter, key: string, what: string): Promise<void> {
  const res = await limiter.get(key);
  if (res && res.remainingPoints <= 0 && res.msBeforeNext > 0) throw limited(res, what);
}

export async function reset(limiter: Limiter, key: string): Promise<void> {
  await limiter.delete(key);
}
