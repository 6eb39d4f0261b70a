import { Duration } from 'aws-cdk-lib';
import {
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  type IMetric,
  type IWidget,
  type MetricOptions,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../config/names';
import { isStreamConsumer, type MonitoredFunction } from './monitored-function';

const PERIOD = Duration.minutes(1);

/**
 * The EMF metrics libs/observability emits per cache lookup (Powertools Metrics, namespace
 * POWERTOOLS_METRICS_NAMESPACE, dimension `service`).
 */
export const cacheMetricNames = { hit: 'CacheHit', miss: 'CacheMiss' } as const;

/** Cache hit rate in percent, from the EMF counters of a service. */
export const cacheHitRate = (service: string): MathExpression => {
  const counter = (metricName: string) =>
    new Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { service },
      statistic: 'Sum',
      period: PERIOD,
    });
  return new MathExpression({
    expression: 'IF(hits + misses > 0, 100 * hits / (hits + misses), 0)',
    usingMetrics: { hits: counter(cacheMetricNames.hit), misses: counter(cacheMetricNames.miss) },
    label: 'cache hit %',
    period: PERIOD,
  });
};

export interface AppDashboardProps {
  dashboardName: string;
  service: string;
  functions: MonitoredFunction[];
  api?: RestApi;
  /** The app's X-Ray group, named in the dashboard's header. */
  xrayGroupName: string;
  /** Whether any function uses Redis (the cache widget only means something then). */
  usesCache: boolean;
}

/** The per-function metrics of a Lambda function the dashboard graphs by name. */
type FunctionMetric = 'metricDuration' | 'metricErrors' | 'metricInvocations' | 'metricThrottles';

/** One line per function: its `metric` at `statistic`, labelled with the function's name. */
function perFunction(
  functions: MonitoredFunction[],
  metric: FunctionMetric | ((fn: IFunction, options: MetricOptions) => IMetric),
  statistic: string,
): IMetric[] {
  return functions.map((fn) => {
    const options = { statistic, period: PERIOD, label: fn.spec.name };
    return typeof metric === 'string' ? fn.function[metric](options) : metric(fn.function, options);
  });
}

/** A half-width graph. */
const graph = (title: string, left: IMetric[], right?: IMetric[]): GraphWidget =>
  new GraphWidget({ title, left, right, width: 12 });

/** One dashboard per app: latency, errors, cache, consumers, dead letters, API. */
export function createAppDashboard(scope: Construct, props: AppDashboardProps): Dashboard {
  const { functions } = props;
  const widgets: IWidget[] = [
    new TextWidget({
      markdown: `# ${props.dashboardName}\nTraces: X-Ray group \`${props.xrayGroupName}\` (service map, insights).`,
      width: 24,
      height: 2,
    }),
    graph('Duration p50 (ms)', perFunction(functions, 'metricDuration', 'p50')),
    graph('Duration p99 (ms)', perFunction(functions, 'metricDuration', 'p99')),
    graph('Errors', perFunction(functions, 'metricErrors', 'Sum')),
    graph(
      'Invocations and throttles',
      perFunction(functions, 'metricInvocations', 'Sum'),
      perFunction(functions, 'metricThrottles', 'Sum'),
    ),
  ];
  if (props.usesCache) {
    widgets.push(
      new GraphWidget({
        title: 'Cache hit rate (%)',
        left: [cacheHitRate(props.service)],
        leftYAxis: { min: 0, max: 100 },
        width: 12,
      }),
    );
  }
  const consumers = functions.filter(isStreamConsumer);
  if (consumers.length) {
    widgets.push(
      graph(
        'Consumer iterator age (ms)',
        perFunction(consumers, (fn, options) => fn.metric('IteratorAge', options), 'Maximum'),
      ),
      new GraphWidget({
        title: 'Dead-letter queue depth',
        left: consumers.flatMap((fn) =>
          fn.deadLetters
            ? [
                fn.deadLetters.metricApproximateNumberOfMessagesVisible({
                  statistic: 'Maximum',
                  period: PERIOD,
                  label: fn.spec.name,
                }),
              ]
            : [],
        ),
        width: 12,
      }),
    );
  }
  if (props.api) {
    widgets.push(
      new GraphWidget({
        title: 'API latency p50/p99 (ms) and 5XX',
        left: [
          props.api.metricLatency({ statistic: 'p50', period: PERIOD, label: 'p50' }),
          props.api.metricLatency({ statistic: 'p99', period: PERIOD, label: 'p99' }),
        ],
        right: [props.api.metricServerError({ statistic: 'Sum', period: PERIOD, label: '5XX' })],
        width: 12,
      }),
    );
  }
  const dashboard = new Dashboard(scope, 'Dashboard', { dashboardName: props.dashboardName });
  dashboard.addWidgets(...widgets);
  return dashboard;
}
