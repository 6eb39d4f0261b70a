import type { LocalFunction } from '../lambda/local-function';
import { ScheduledRule } from './scheduler';

describe('ScheduledRule', () => {
  afterEach(() => jest.useRealTimers());

  it('invokes its function with a Scheduled Event at each time of the expression, each in a new trace', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:30Z') });
    const calls: Array<{ event: Record<string, unknown>; traceId: string }> = [];
    const fn = {
      config: { functionName: 'posts-relay-outbox' },
      invoke: async (event: Record<string, unknown>, trace: { traceId: string }) => {
        calls.push({ event, traceId: trace.traceId });
        return { ok: true, value: null };
      },
    } as unknown as LocalFunction;
    const rule = new ScheduledRule(fn, 'cron(* * * * ? *)', 'us-east-1');
    rule.start();
    await jest.advanceTimersByTimeAsync(30_000);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(60_000);
    rule.stop();
    await jest.advanceTimersByTimeAsync(600_000);
    expect(calls).toHaveLength(2);
    expect(calls[0].event).toMatchObject({
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: '2026-01-01T00:01:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:000000000000:rule/posts-relay-outbox-schedule'],
      detail: {},
    });
    expect(calls[1].event.time).toBe('2026-01-01T00:02:00Z');
    expect(calls[0].traceId).not.toBe(calls[1].traceId);
  });
});
