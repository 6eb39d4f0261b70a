import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  DashboardBuilder,
  DatasourceVariableBuilder,
  type Dashboard,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import type { AppManifest } from '@traced-social/manifest';
import {
  canaryName,
  functionPhysicalName,
  METRICS_NAMESPACE,
  PRODUCT,
  restApiName,
} from '../config/names';
import type { StageName } from '../config/stage';
import { availabilityBudget, isApi, isConsumer, routeDimensions } from './emitted-metrics';
import {
  expressionQuery,
  metricQuery,
  NOT_SYNTHETIC,
  XrayQueryBuilder,
  type MetricTarget,
} from './grafana-queries';

const WIDTH = 12;
const HEIGHT = 8;

/** Query ids of a panel: A, B, ... (CloudWatch metric math refers to them). */
const refId = (index: number): string =>
  index < 26 ? String.fromCharCode(65 + index) : `Q${index}`;

/** A time series panel; `unit` in Grafana's names (ms, percent, short). */
function panel(
  title: string,
  unit: string,
  targets: cog.Builder<cog.Dataquery>[],
  description?: string,
): TimeseriesBuilder {
  const builder = new TimeseriesBuilder().title(title).unit(unit).targets(targets);
  return description ? builder.description(description) : builder;
}

/** Lays panels out two per row, in order. */
function layout(dashboard: DashboardBuilder, panels: TimeseriesBuilder[]): DashboardBuilder {
  panels.forEach((builder, index) =>
    dashboard.withPanel(
      builder.id(index + 1).gridPos({
        x: (index % 2) * WIDTH,
        y: Math.floor(index / 2) * HEIGHT,
        w: WIDTH,
        h: HEIGHT,
      }),
    ),
  );
  return dashboard;
}

function dashboardShell(
  uid: string,
  title: string,
  stage: StageName,
  tags: string[],
): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .tags([PRODUCT, stage, ...tags])
    .refresh('1m')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .withVariable(
      new DatasourceVariableBuilder('cloudwatch').label('CloudWatch').type('cloudwatch'),
    )
    .withVariable(
      new DatasourceVariableBuilder('xray').label('X-Ray').type('grafana-x-ray-datasource'),
    );
}

/**
 * One app's dashboard, from its manifest: requests and errors per route, p50/p99 per operation
 * type, cold starts, cache hit rate, consumers' iterator age and dead letters, the SLO burn rate
 * of each operation, and trace statistics per operation type without the canary's traces.
 */
export function appDashboard(stage: StageName, manifest: AppManifest): Dashboard {
  const fns = manifest.functions;
  const apiFns = fns.filter(isApi);
  const consumers = fns.filter(isConsumer);
  const lambda = (
    metricName: string,
    statistic: string,
    fn: (typeof fns)[number],
  ): MetricTarget => ({
    namespace: 'AWS/Lambda',
    metricName,
    dimensions: { FunctionName: functionPhysicalName(stage, manifest.app, fn.name) },
    statistic,
    label: fn.operationType,
  });
  const route = (
    metricName: string,
    statistic: string,
    fn: (typeof fns)[number],
  ): MetricTarget => ({
    namespace: 'AWS/ApiGateway',
    metricName,
    dimensions: routeDimensions(stage, manifest.app, fn),
    statistic,
    label: `${routeDimensions(stage, manifest.app, fn).Method} ${routeDimensions(stage, manifest.app, fn).Resource}`,
  });
  const panels: TimeseriesBuilder[] = [];
  if (apiFns.length) {
    panels.push(
      panel(
        'Requests per route',
        'short',
        apiFns.map((fn, i) => metricQuery(refId(i), route('Count', 'Sum', fn))),
      ),
      panel(
        '5XX per route',
        'short',
        apiFns.map((fn, i) => metricQuery(refId(i), route('5XXError', 'Sum', fn))),
      ),
    );
  }
  panels.push(
    panel(
      'Function errors',
      'short',
      fns.map((fn, i) => metricQuery(refId(i), lambda('Errors', 'Sum', fn))),
    ),
    panel(
      'Duration p50 / p99 by operationType',
      'ms',
      fns.flatMap((fn, i) => [
        metricQuery(refId(2 * i), {
          ...lambda('Duration', 'p50', fn),
          label: `${fn.operationType} p50`,
        }),
        metricQuery(refId(2 * i + 1), {
          ...lambda('Duration', 'p99', fn),
          label: `${fn.operationType} p99`,
        }),
      ]),
    ),
    panel(
      'Cold starts',
      'short',
      fns.map((fn, i) =>
        metricQuery(refId(i), {
          namespace: METRICS_NAMESPACE,
          metricName: 'ColdStart',
          dimensions: {
            service: manifest.service,
            function_name: functionPhysicalName(stage, manifest.app, fn.name),
          },
          statistic: 'Sum',
          label: fn.operationType,
        }),
      ),
      'EMF ColdStart (Powertools Metrics, first invocation of each instance)',
    ),
  );
  if (fns.some((fn) => fn.uses?.redis)) {
    const counter = (metricName: string): MetricTarget => ({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensions: { service: manifest.service },
      statistic: 'Sum',
      label: metricName,
    });
    panels.push(
      panel('Cache hit rate', 'percent', [
        metricQuery('A', counter('CacheHit')).hide(true),
        metricQuery('B', counter('CacheMiss')).hide(true),
        expressionQuery('C', 'IF(A + B > 0, 100 * A / (A + B), 0)', 'cache hit %'),
      ]),
    );
  }
  if (consumers.length) {
    panels.push(
      panel(
        'Consumer iterator age',
        'ms',
        consumers.map((fn, i) => metricQuery(refId(i), lambda('IteratorAge', 'Maximum', fn))),
      ),
      panel('Dead-letter queue depth', 'short', [
        expressionQuery(
          'A',
          `SEARCH('{AWS/SQS,QueueName} MetricName="ApproximateNumberOfMessagesVisible" "${PRODUCT}-${stage}-${manifest.app}"', 'Maximum', 300)`,
          "${PROP('Dim.QueueName')}",
        ),
      ]),
    );
  }
  panels.push(
    panel(
      'SLO burn rate (availability, ×)',
      'short',
      fns.flatMap((fn, i) => {
        const [bad, all] = isApi(fn)
          ? [route('5XXError', 'Sum', fn), route('Count', 'Sum', fn)]
          : [lambda('Errors', 'Sum', fn), lambda('Invocations', 'Sum', fn)];
        const [b, a, e] = [refId(3 * i), refId(3 * i + 1), refId(3 * i + 2)];
        return [
          metricQuery(b, bad).hide(true),
          metricQuery(a, all).hide(true),
          expressionQuery(
            e,
            `IF(${a} > 0, ${b} / ${a}, 0) / ${availabilityBudget(fn)}`,
            fn.operationType,
          ),
        ];
      }),
      '1× spends the 30-day error budget exactly; the pager fires above 14.4× over 1 h (decision 1604)',
    ),
    panel(
      'Traces by operationType (no canary)',
      'short',
      [...new Set(fns.map((fn) => fn.operationType))].map(
        (operationType, i) =>
          new XrayQueryBuilder(
            refId(i),
            `annotation.operationType = "${operationType}" AND ${NOT_SYNTHETIC}`,
            ['OkCount', 'ErrorStatistics.TotalCount', 'FaultStatistics.TotalCount'],
          ),
      ),
    ),
  );
  return layout(
    dashboardShell(
      `${PRODUCT}-${stage}-${manifest.app}`,
      `Traced Social ${stage}: ${manifest.app}`,
      stage,
      [manifest.app],
    ),
    panels,
  ).build();
}

/** The overview: every app's API traffic, 5XX and p99 side by side, concurrency, the canary. */
export function overviewDashboard(stage: StageName, manifests: AppManifest[]): Dashboard {
  const apis = manifests.filter((manifest) => manifest.functions.some(isApi));
  const api = (metricName: string, statistic: string, app: string): MetricTarget => ({
    namespace: 'AWS/ApiGateway',
    metricName,
    dimensions: { ApiName: restApiName(stage, app), Stage: stage },
    statistic,
    label: app,
  });
  const panels = [
    panel(
      'API requests per app',
      'short',
      apis.map((m, i) => metricQuery(refId(i), api('Count', 'Sum', m.app))),
    ),
    panel(
      'API 5XX per app',
      'short',
      apis.map((m, i) => metricQuery(refId(i), api('5XXError', 'Sum', m.app))),
    ),
    panel(
      'API p99 latency per app',
      'ms',
      apis.map((m, i) => metricQuery(refId(i), api('Latency', 'p99', m.app))),
    ),
    panel('Lambda concurrency (account)', 'short', [
      metricQuery('A', {
        namespace: 'AWS/Lambda',
        metricName: 'ConcurrentExecutions',
        dimensions: {},
        statistic: 'Maximum',
        label: 'concurrent executions',
      }),
    ]),
    panel('Canary success', 'percent', [
      metricQuery('A', {
        namespace: 'CloudWatchSynthetics',
        metricName: 'SuccessPercent',
        dimensions: { CanaryName: canaryName(stage) },
        statistic: 'Average',
        label: canaryName(stage),
      }),
    ]),
    panel(
      'Faults per app from traces (no canary)',
      'short',
      manifests.map(
        (manifest, i) =>
          new XrayQueryBuilder(
            refId(i),
            `annotation.Service = "${manifest.service}" AND ${NOT_SYNTHETIC}`,
            ['FaultStatistics.TotalCount'],
          ),
      ),
    ),
  ];
  return layout(
    dashboardShell(`${PRODUCT}-${stage}-overview`, `Traced Social ${stage}: overview`, stage, [
      'overview',
    ]),
    panels,
  ).build();
}
