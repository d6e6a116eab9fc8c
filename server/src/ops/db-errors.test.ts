import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { restError } from '../http/rest-errors.ts';
import { isDatabaseUnavailable } from './db-errors.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('database unavailable', () => {
  it('recognises connection failures in every shape they surface in', () => {
    const unavailable = [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
      new Error('timeout exceeded when trying to connect'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('connection failure', '08006'),
      withCode("Can't reach database server at 127.0.0.1:5432", 'P1001'),
      withCode("Raw query failed. Code: `N/A`. Message: `Can't reach database server at db:5432`", 'P2010'),
      Object.assign(new Error('driver'), { cause: { kind: 'DatabaseNotReachable' } }),
      new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: new Error('Connection terminated unexpectedly') }),
    ];
    for (const err of unavailable) expect(isDatabaseUnavailable(err), String(err)).toBe(true);
  });

  it('does not mistake other failures for an outage', () => {
    const others = [
      new AppError('SOLD_OUT', 'Sold out.'),
      withCode('Unique constraint failed on the fields: (`mobile`)', 'P2002'),
      withCode('duplicate key value violates unique constraint', '23505'),
      new Error('Cannot read properties of undefined'),
      new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: new TypeError('x is not a function') }),
      null,
      'a string',
    ];
    for (const err of others) expect(isDatabaseUnavailable(err), String(err)).toBe(false);
  });

  it('answers REST callers 503 UNAVAILABLE without internals', () => {
    const { status, body } = restError(
      new TRPCError({
        code: 'INTERNAL_SERVER_ERROR',
        cause: withCode('connect ECONNREFUSED 10.0.0.5:5432', 'ECONNREFUSED'),
      }),
    );
    expect(status).toBe(503);
    expect(JSON.parse(body)).toEqual({
      error: { code: 'UNAVAILABLE', message: expect.stringMatching(/temporarily unavailable/) },
    });
    expect(body).not.toContain('10.0.0.5');
  });
});
