import { randomUUID } from 'node:crypto';
import { newTraceId } from '@traced-social/trace-model';
import type { LocalFunction } from '../lambda/local-function';
import { ACCOUNT_ID } from '../resources/physical-names';
import { parseSchedule, type Schedule } from './schedule-expression';

/**
 * EventBridge scheduled rules: each `schedule` trigger invokes its function at the times its
 * expression names, with a Scheduled Event, each invocation a trace of its own.
 */
export class ScheduledRule {
  private timer?: NodeJS.Timeout;
  private readonly schedule: Schedule;

  constructor(
    private readonly fn: LocalFunction,
    readonly expression: string,
    private readonly region: string,
  ) {
    this.schedule = parseSchedule(expression);
  }

  start(): void {
    this.arm(new Date());
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** The event EventBridge sends for a scheduled rule. */
  event(time: Date): object {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: ACCOUNT_ID,
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.region,
      resources: [
        `arn:aws:events:${this.region}:${ACCOUNT_ID}:rule/${this.fn.config.functionName}-schedule`,
      ],
      detail: {},
    };
  }

  private arm(after: Date): void {
    const at = this.schedule.next(after);
    // setTimeout holds at most ~24.8 days; longer waits re-arm on the way.
    const wait = Math.min(at.getTime() - Date.now(), 2 ** 31 - 1);
    this.timer = setTimeout(
      () => {
        if (Date.now() < at.getTime()) return this.arm(after);
        void this.fn.invoke(this.event(at), { traceId: newTraceId(), sampled: true });
        this.arm(at);
      },
      Math.max(0, wait),
    );
    this.timer.unref();
  }
}
