import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stage';
import type { MonitoredFunction } from './monitored-function';

const FIVE_MINUTES = Duration.minutes(5);

/** `rate(1 minute)`, `rate(2 hours)`...: how often a scheduled function must run; cron: daily. */
export function scheduleInterval(expression: string): Duration {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!match) return Duration.days(1);
  const amount = Number(match[1]);
  if (match[2].startsWith('minute')) return Duration.minutes(amount);
  if (match[2].startsWith('hour')) return Duration.hours(amount);
  return Duration.days(amount);
}

/**
 * What the per-function alarms (alarms.ts) do not see: throttles, a scheduled function that
 * stopped running (the outbox relay), and the API as clients see it (5XX and 4XX ratios and
 * p99 latency, API Gateway's own errors included).
 */
export function createCoverageAlarms(
  scope: Construct,
  functions: MonitoredFunction[],
  config: StageConfig,
  api?: RestApi,
): Alarm[] {
  const alarms: Alarm[] = [];
  for (const fn of functions) {
    const name = fn.spec.name;
    alarms.push(
      fn.function
        .metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES })
        .createAlarm(scope, `Alarm:${name}:Throttles`, {
          alarmDescription: `${name}: invocations throttled (concurrency exhausted)`,
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );
    if (fn.spec.trigger.type === 'schedule') {
      // A heartbeat: no data means the schedule stopped firing, which is the failure itself.
      const interval = scheduleInterval(fn.spec.trigger.expression);
      const period = Duration.seconds(Math.max(interval.toSeconds(), FIVE_MINUTES.toSeconds()));
      alarms.push(
        fn.function
          .metricInvocations({ statistic: 'Sum', period })
          .createAlarm(scope, `Alarm:${name}:Heartbeat`, {
            alarmDescription: `${name}: not invoked for ${period.toHumanString()} (schedule ${fn.spec.trigger.expression})`,
            threshold: 1,
            comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
            evaluationPeriods: 2,
            treatMissingData: TreatMissingData.BREACHING,
          }),
      );
    }
  }
  if (api) {
    const ratio = (metricName: '5XXError' | '4XXError', label: string) =>
      new MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: api.metric(metricName, { statistic: 'Sum', period: FIVE_MINUTES }),
          requests: api.metricCount({ statistic: 'SampleCount', period: FIVE_MINUTES }),
        },
        label,
        period: FIVE_MINUTES,
      });
    alarms.push(
      ratio('5XXError', 'API 5XX %').createAlarm(scope, 'Alarm:Api:5XX', {
        alarmDescription: `API: more than ${config.alarms.errorRatePercent}% of requests answered 5XX`,
        threshold: config.alarms.errorRatePercent,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      ratio('4XXError', 'API 4XX %').createAlarm(scope, 'Alarm:Api:4XX', {
        alarmDescription: `API: more than ${config.alarms.api4xxPercent}% of requests answered 4XX (broken client or abuse)`,
        threshold: config.alarms.api4xxPercent,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      api
        .metricLatency({ statistic: 'p99', period: FIVE_MINUTES })
        .createAlarm(scope, 'Alarm:Api:P99', {
          alarmDescription: `API: p99 latency above ${config.alarms.apiP99Ms} ms`,
          threshold: config.alarms.apiP99Ms,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );
  }
  return alarms;
}
