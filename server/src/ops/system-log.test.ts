import { describe, expect, it } from 'vitest';
import { registry } from './metrics.ts';
import { SystemLogSink } from './system-log.ts';

const line = (level: number, msg: string, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ level, time: Date.now(), pid: 1, hostname: 'h', ...extra, msg })}\n`;

const dropped = async () =>
  (await registry.getSingleMetric('admit_system_log_dropped_total')!.get()).values[0]?.value ?? 0;

describe('the system-log sink', () => {
  it('keeps warnings and notable events, in batches, and ignores the rest', async () => {
    const batches: unknown[][] = [];
    const sink = new SystemLogSink({ batchSize: 2, flushMs: 60_000 });
    sink.attach({
      systemLog: { createMany: async ({ data }: { data: unknown[] }) => void batches.push(data) },
    } as never);
    sink.write(line(30, 'ordinary'));
    sink.write(line(20, 'debug'));
    sink.write(line(40, 'slow query', { source: 'db', requestId: 'r1', ms: 900 }));
    sink.write(line(30, 'started', { notable: true }));
    sink.write(line(60, 'fatal', { jobId: 'j1' }));
    await sink.close();
    expect(batches.map((b) => b.length)).toEqual([2, 1]);
    expect(batches.flat()).toMatchObject([
      { level: 'WARN', source: 'db', message: 'slow query', requestId: 'r1', context: { ms: 900, hostname: 'h' } },
      { level: 'INFO', source: 'server', message: 'started' },
      { level: 'FATAL', source: 'job', message: 'fatal' },
    ]);
  });

  it('drops and counts when the database refuses or the queue is full, without logging or blocking', async () => {
    const before = await dropped();
    const sink = new SystemLogSink({ maxQueue: 3, flushMs: 60_000 });
    for (let i = 0; i < 5; i++) sink.write(line(50, `error ${i}`)); // not attached yet: 3 wait, 2 dropped
    expect(sink.dropped).toBe(2);
    let calls = 0;
    sink.attach({
      systemLog: {
        createMany: async () => {
          calls++;
          throw new Error('Connection terminated unexpectedly');
        },
      },
    } as never);
    await sink.flush();
    expect(calls).toBe(1);
    expect(sink.dropped).toBe(5);
    expect((await dropped()) - before).toBe(5);
    // still accepts entries afterwards (the next flush tries again)
    sink.write(line(40, 'later'));
    await sink.close();
    expect(calls).toBe(2);
  });
});
