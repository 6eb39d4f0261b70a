import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { ApiTrigger } from '@traced-social/manifest';

/** Standard deviations of the expected band: wider for error counts, which are spikier. */
export const ANOMALY_BANDS = { latencyP99: 3, errors: 4 } as const;

/**
 * Per API route, CloudWatch anomaly detection on API Gateway's per-method metrics: p99 latency
 * and 5XX count above the band the model learned from the route's own history (its daily and
 * weekly pattern), which a fixed threshold cannot follow. The model trains itself from the alarm;
 * the first alerts come after about two weeks of data. L1: the L2 Alarm has no anomaly bands.
 */
export function createAnomalyAlarms(
  scope: Construct,
  apiName: string,
  stage: string,
  routes: ApiTrigger[],
): CfnAlarm[] {
  return routes.flatMap((route) => {
    const dimensions = [
      { name: 'ApiName', value: apiName },
      { name: 'Stage', value: stage },
      { name: 'Resource', value: route.path },
      { name: 'Method', value: route.method },
    ];
    const alarm = (
      kind: string,
      metricName: string,
      stat: string,
      band: number,
      what: string,
    ): CfnAlarm =>
      new CfnAlarm(scope, `Anomaly:${route.method} ${route.path}:${kind}`, {
        alarmDescription: `${route.method} ${route.path}: ${what} above its expected band (anomaly detection, ${band} standard deviations)`,
        comparisonOperator: 'GreaterThanUpperThreshold',
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        thresholdMetricId: 'band',
        treatMissingData: 'notBreaching',
        metrics: [
          {
            id: 'metric',
            returnData: true,
            metricStat: {
              metric: { namespace: 'AWS/ApiGateway', metricName, dimensions },
              period: 300,
              stat,
            },
          },
          {
            id: 'band',
            expression: `ANOMALY_DETECTION_BAND(metric, ${band})`,
            label: `${metricName} (expected)`,
            returnData: true,
          },
        ],
      });
    return [
      alarm('LatencyP99', 'Latency', 'p99', ANOMALY_BANDS.latencyP99, 'p99 latency'),
      alarm('Errors', '5XXError', 'Sum', ANOMALY_BANDS.errors, '5XX count'),
    ];
  });
}
