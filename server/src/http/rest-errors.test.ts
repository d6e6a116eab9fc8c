import { describe, expect, it } from 'vitest';
import { toSeedErrorBody } from './rest-errors.ts';

describe('REST error bodies in the seeds’ format', () => {
  it('keeps the app code, message and field details from the tRPC formatter', () => {
    const raw = JSON.stringify({
      message: 'Only 2 tickets left.',
      code: 'CONFLICT',
      data: { appCode: 'SOLD_OUT', fieldErrors: { quantity: ['2 available'] } },
    });
    expect(JSON.parse(toSeedErrorBody(raw, 409))).toEqual({
      error: { code: 'SOLD_OUT', message: 'Only 2 tickets left.', details: { quantity: ['2 available'] } },
    });
  });
  it('turns zod issues into field details', () => {
    const raw = JSON.stringify({
      message: 'Input validation failed',
      code: 'BAD_REQUEST',
      issues: [{ path: ['lines', 0, 'id'], message: 'Invalid UUID' }],
    });
    expect(JSON.parse(toSeedErrorBody(raw, 400))).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Input validation failed',
        details: { 'lines.0.id': ['Invalid UUID'] },
      },
    });
  });
  it('never passes a stack or internal message through', () => {
    const raw = JSON.stringify({
      message: 'relation "x" does not exist',
      code: 'INTERNAL_SERVER_ERROR',
      stack: 'Error: at /srv/x.ts:1',
    });
    const body = toSeedErrorBody(raw, 500);
    expect(JSON.parse(body)).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
  });
  it('survives a body that is not JSON', () => {
    expect(JSON.parse(toSeedErrorBody('<html>', 404))).toEqual({
      error: { code: 'BAD_REQUEST', message: 'Request failed' },
    });
  });
});
