import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage';
import { isStreamConsumer, type MonitoredFunction } from './monitored-function';

const FIVE_MINUTES = Duration.minutes(5);

/** The p99 duration above which a function is alarmed: the API line, or 80% of a consumer's timeout. */
export const p99ThresholdMs = (fn: MonitoredFunction, config: StageConfig): number =>
  fn.spec.trigger.type === 'api'
    ? config.alarms.apiP99Ms
    : Math.round(fn.timeout.toMilliseconds() * 0.8);

/** Errors as a percentage of invocations (0 when idle). */
export const errorRate = (fn: MonitoredFunction): MathExpression =>
  new MathExpression({
    expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
    usingMetrics: {
      errors: fn.function.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }),
      invocations: fn.function.metricInvocations({ statistic: 'Sum', period: FIVE_MINUTES }),
    },
    label: `${fn.spec.name} error %`,
    period: FIVE_MINUTES,
  });

/**
 * Per function: error rate and p99 latency; per stream consumer: dead-letter depth (any message
 * is a lost event to look at) and iterator age (the consumer falls behind).
 */
export function createAlarms(
  scope: Construct,
  functions: MonitoredFunction[],
  config: StageConfig,
): Alarm[] {
  const alarms: Alarm[] = [];
  for (const fn of functions) {
    const name = fn.spec.name;
    alarms.push(
      errorRate(fn).createAlarm(scope, `Alarm:${name}:ErrorRate`, {
        alarmDescription: `${name}: more than ${config.alarms.errorRatePercent}% of invocations fail`,
        threshold: config.alarms.errorRatePercent,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    const p99 = p99ThresholdMs(fn, config);
    alarms.push(
      fn.function
        .metricDuration({ statistic: 'p99', period: FIVE_MINUTES })
        .createAlarm(scope, `Alarm:${name}:P99`, {
          alarmDescription: `${name}: p99 duration above ${p99} ms`,
          threshold: p99,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );
    if (fn.deadLetters) {
      alarms.push(
        fn.deadLetters
          .metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES })
          .createAlarm(scope, `Alarm:${name}:DeadLetters`, {
            alarmDescription: `${name}: records failed every retry and wait in the dead-letter queue`,
            threshold: 0,
            comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 1,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
      );
    }
    if (isStreamConsumer(fn)) {
      alarms.push(
        fn.function
          .metric('IteratorAge', { statistic: 'Maximum', period: FIVE_MINUTES })
          .createAlarm(scope, `Alarm:${name}:IteratorAge`, {
            alarmDescription: `${name}: the consumer is more than 5 minutes behind its stream`,
            threshold: Duration.minutes(5).toMilliseconds(),
            comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 3,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
      );
    }
  }
  return alarms;
}
