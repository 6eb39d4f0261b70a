import { Duration } from 'aws-cdk-lib';
import {
  AlarmRule,
  AlarmState,
  ComparisonOperator,
  CompositeAlarm,
  MathExpression,
  Metric,
  Stats,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { objectivesOf, type Objectives } from '@traced-social/manifest';
import { routedThroughComposite } from './alarm-actions';
import type { MonitoredFunction } from './monitored-function';

/**
 * Google's SRE workbook, "alerting on SLOs" (multiwindow, multi-burn-rate): page when the
 * error budget burns 14.4× too fast over 1 h and still over the last 5 min (2% of a 30-day
 * budget gone in an hour), and when it burns 6× over 6 h and the last 30 min (5% in 6 h). The
 * short window makes the alert stop soon after the burn does.
 */
export const BURN_RATE_WINDOWS = [
  { name: 'fast', long: Duration.hours(1), short: Duration.minutes(5), factor: 14.4 },
  { name: 'slow', long: Duration.hours(6), short: Duration.minutes(30), factor: 6 },
] as const;

/** The two indicators of an operation, each as "fraction of bad events" over a period. */
interface Indicators {
  availability: (period: Duration) => { bad: IMetric; label: string };
  latency: (period: Duration) => { bad: IMetric; label: string };
}

/**
 * What clients see of an API operation: API Gateway's per-method metrics (detailed metrics are
 * on), so its own 502s (a crashed or timed-out function) count as failures. Consumers and
 * schedules: the function's Lambda metrics.
 */
function indicators(
  fn: MonitoredFunction,
  apiName: string | undefined,
  stage: string,
  objectives: Objectives,
): Indicators {
  const trigger = fn.spec.trigger;
  const threshold = objectives.latency.thresholdMs;
  const source =
    trigger.type === 'api' && apiName
      ? (metricName: string, statistic: string, period: Duration) =>
          new Metric({
            namespace: 'AWS/ApiGateway',
            metricName,
            dimensionsMap: {
              ApiName: apiName,
              Stage: stage,
              Resource: trigger.path,
              Method: trigger.method,
            },
            statistic,
            period,
          })
      : (metricName: string, statistic: string, period: Duration) =>
          fn.function.metric(metricName, { statistic, period });
  const [errors, requests, latency] =
    trigger.type === 'api' && apiName
      ? ['5XXError', 'Count', 'Latency']
      : ['Errors', 'Invocations', 'Duration'];
  return {
    availability: (period) => ({
      bad: new MathExpression({
        expression: 'IF(requests > 0, errors / requests, 0)',
        usingMetrics: {
          errors: source(errors, Stats.SUM, period),
          requests: source(requests, Stats.SUM, period),
        },
        period,
      }),
      label: 'availability',
    }),
    latency: (period) => ({
      // Percentile rank: the percentage of requests at or under the threshold.
      bad: new MathExpression({
        expression: '(100 - fast) / 100',
        usingMetrics: { fast: source(latency, Stats.percentileRank(threshold), period) },
        period,
      }),
      label: `latency ≤ ${threshold} ms`,
    }),
  };
}

/**
 * Per operation and indicator, one composite alarm per burn-rate window pair: ALARM when both the
 * long and the short window burn faster than the factor. Only the composite notifies; its two
 * inputs are marked as such (they would page twice, and alone they mean nothing).
 */
export function createSloAlarms(
  scope: Construct,
  functions: MonitoredFunction[],
  stage: string,
  apiName: string | undefined,
): CompositeAlarm[] {
  const composites: CompositeAlarm[] = [];
  for (const fn of functions) {
    const objectives = objectivesOf(fn.spec);
    const sli = indicators(fn, apiName, stage, objectives);
    for (const kind of ['availability', 'latency'] as const) {
      const objective =
        kind === 'availability' ? objectives.availability : objectives.latency.percent;
      // The error budget as a fraction, rounded off float noise (1 - 0.999 = 0.0010000000000000009).
      const budget = Number((1 - objective / 100).toFixed(6));
      for (const window of BURN_RATE_WINDOWS) {
        const [long, short] = [window.long, window.short].map((period) => {
          const { bad, label } = sli[kind](period);
          const burn = new MathExpression({
            expression: `bad / ${budget}`,
            usingMetrics: { bad },
            label: `${fn.spec.name} ${label} burn rate over ${period.toHumanString()}`,
            period,
          });
          const alarm = burn.createAlarm(
            scope,
            `Slo:${fn.spec.name}:${kind}:${window.name}:${period.toMinutes()}m`,
            {
              alarmDescription: `${fn.spec.name}: ${label} error budget burning over ${window.factor}× over ${period.toHumanString()} (input of the SLO alert)`,
              threshold: window.factor,
              comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
              evaluationPeriods: 1,
              treatMissingData: TreatMissingData.NOT_BREACHING,
            },
          );
          routedThroughComposite(alarm);
          return alarm;
        });
        const target =
          kind === 'availability'
            ? `${objectives.availability}% available`
            : `${objectives.latency.percent}% within ${objectives.latency.thresholdMs} ms`;
        composites.push(
          new CompositeAlarm(scope, `Slo:${fn.spec.name}:${kind}:${window.name}`, {
            alarmDescription:
              `SLO ${fn.spec.operationType} (${fn.spec.name}) ${target}: error budget burning ` +
              `${window.factor}× too fast over ${window.long.toHumanString()} and ${window.short.toHumanString()} ` +
              `(${window.name} burn: at this rate the 30-day budget is gone in ${Math.round((30 * 24) / window.factor)} h)`,
            alarmRule: AlarmRule.allOf(
              AlarmRule.fromAlarm(long, AlarmState.ALARM),
              AlarmRule.fromAlarm(short, AlarmState.ALARM),
            ),
          }),
        );
      }
    }
  }
  return composites;
}
