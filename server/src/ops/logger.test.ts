import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { enqueue } from '../jobs/queue.ts';
import { CENSOR, createLogger, redactUrl } from './logger.ts';
import { currentRequestId, JOB_REQUEST_ID_KEY, runWithRequestId, withRequestId } from './request-context.ts';
import { SystemLogSink, toSystemLogEntry } from './system-log.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

const SECRETS = {
  authorization: 'Bearer sess-0123456789abcdef',
  cookie: 'admit_session=cookie-secret-42',
  password: 'hunter2-password',
  newPassword: 'new-pass-7788',
  currentPassword: 'current-pass-9911',
  code: '493817',
  token: 'tok-ABCDEF123456',
  access_token: 'acc-ZYXWVU987654',
  secret: 'shh-client-secret',
};

describe('the configured logger', () => {
  it('never writes passwords, codes, tokens, secrets or auth headers, at any depth the app logs', () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'info', destination: stream });
    const logged = {
      req: { headers: { authorization: SECRETS.authorization, cookie: SECRETS.cookie } },
      headers: { authorization: SECRETS.authorization, cookie: SECRETS.cookie },
      password: SECRETS.password,
      input: {
        newPassword: SECRETS.newPassword,
        currentPassword: SECRETS.currentPassword,
        code: SECRETS.code,
      },
      token: SECRETS.token,
      body: { grant: { access_token: SECRETS.access_token, secret: SECRETS.secret } },
      deep: { a: { b: { token: SECRETS.token, code: SECRETS.code } } },
      deeper: { a: { b: { c: { d: { e: { Secret: SECRETS.secret, Authorization: SECRETS.authorization } } } } } },
      list: [{ password: SECRETS.password }, { grants: [{ access_token: SECRETS.access_token }] }],
    };
    log.info(logged, 'sign-in attempt');
    log.child({ requestId: 'r-1' }).warn({ access_token: SECRETS.access_token, secret: SECRETS.secret }, 'child');
    const out = lines.join('');
    expect(out).toContain('sign-in attempt');
    expect(out).toContain(CENSOR);
    expect(out).toContain('"requestId":"r-1"');
    for (const [key, value] of Object.entries(SECRETS)) {
      expect(out, `${key} leaked`).not.toContain(value);
    }
    expect(out).not.toContain('cookie-secret-42');
    // the caller's object is left as it was
    expect(logged.input.code).toBe(SECRETS.code);
    expect(logged.list[0]).toEqual({ password: SECRETS.password });
  });

  it('keeps error codes (as errorCode) and censors secret query parameters in request URLs', () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'info', destination: stream });
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    log.error({ err, req: { method: 'GET', url: '/auth/google/callback?code=4/0AbCd&state=xyz123&x=1' } }, 'boom');
    const line = JSON.parse(lines[0]!) as { err: { errorCode: string }; req: { url: string } };
    expect(line.err.errorCode).toBe('ECONNREFUSED');
    expect(line.req.url).not.toContain('4/0AbCd');
    expect(line.req.url).not.toContain('xyz123');
    expect(line.req.url).toContain('x=1');
    expect(redactUrl('/a?token=t1&page=2')).toBe(`/a?token=${encodeURIComponent(CENSOR)}&page=2`);
  });

  it('hands warnings and notable events, already redacted, to the system-log sink', () => {
    const sink = new SystemLogSink();
    const written: unknown[] = [];
    sink.write = (line: string) => {
      const entry = toSystemLogEntry(line);
      if (entry) written.push(entry);
    };
    const { stream } = capture();
    const log = createLogger({ level: 'warn', destination: stream, systemLog: sink });
    log.info('plain info: not stored');
    log.info({ notable: true, source: 'server' }, 'server started');
    log.child({ requestId: 'req-9' }).error({ password: SECRETS.password }, 'it failed');
    expect(written).toHaveLength(2);
    expect(written[0]).toMatchObject({ level: 'INFO', source: 'server', message: 'server started' });
    expect(written[1]).toMatchObject({ level: 'ERROR', source: 'http', message: 'it failed', requestId: 'req-9' });
    expect(JSON.stringify(written)).not.toContain(SECRETS.password);
  });
});

describe('request ids', () => {
  it('are stamped into jobs enqueued within a request', async () => {
    const created: { payload: unknown }[] = [];
    const db = {
      job: {
        createMany: async ({ data }: { data: { payload: unknown }[] }) => {
          created.push(...data);
          return { count: data.length };
        },
      },
    };
    await runWithRequestId('req-abc', async () => {
      expect(currentRequestId()).toBe('req-abc');
      await enqueue(db as never, 'test.noop', { n: 1 });
    });
    await enqueue(db as never, 'test.noop', { n: 2 });
    expect(created[0]!.payload).toEqual({ n: 1, [JOB_REQUEST_ID_KEY]: 'req-abc' });
    expect(created[1]!.payload).toEqual({ n: 2 });
    // non-object payloads are left alone
    expect(runWithRequestId('r', () => withRequestId([1, 2]))).toEqual([1, 2]);
  });
});
