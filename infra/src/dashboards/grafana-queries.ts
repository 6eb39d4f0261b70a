import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  MetricEditorMode,
  MetricQueryType,
  MetricsQueryBuilder,
  QueryMode,
} from '@grafana/grafana-foundation-sdk/cloudwatch';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

/** The dashboards' data sources, chosen by dashboard variables (one Grafana, any account). */
export const CLOUDWATCH: DataSourceRef = { type: 'cloudwatch', uid: '${cloudwatch}' };
export const XRAY: DataSourceRef = { type: 'grafana-x-ray-datasource', uid: '${xray}' };

/** Traces of the canary (annotated `synthetic = true`) are left out of every trace panel. */
export const NOT_SYNTHETIC = '!annotation.synthetic';

/** One CloudWatch metric statistic, as a panel target. */
export interface MetricTarget {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  statistic: string;
  label: string;
}

export const metricQuery = (refId: string, target: MetricTarget): MetricsQueryBuilder =>
  new MetricsQueryBuilder()
    .datasource(CLOUDWATCH)
    .refId(refId)
    .queryMode(QueryMode.Metrics)
    .metricQueryType(MetricQueryType.Search)
    .metricEditorMode(MetricEditorMode.Builder)
    .region('default')
    .namespace(target.namespace)
    .metricName(target.metricName)
    .dimensions(target.dimensions)
    .matchExact(true)
    .statistic(target.statistic)
    .period('300')
    .label(target.label);

/** Metric math over the targets of the same panel (hidden), e.g. a ratio or a burn rate. */
export const expressionQuery = (
  refId: string,
  expression: string,
  label: string,
): MetricsQueryBuilder =>
  new MetricsQueryBuilder()
    .datasource(CLOUDWATCH)
    .refId(refId)
    .queryMode(QueryMode.Metrics)
    .metricQueryType(MetricQueryType.Search)
    .metricEditorMode(MetricEditorMode.Code)
    .region('default')
    .expression(expression)
    .period('300')
    .label(label);

/** An X-Ray data source query (the SDK has no X-Ray builder): time series of a filter's traces. */
export interface XrayQuery extends cog.Dataquery {
  refId: string;
  datasource: DataSourceRef;
  queryType: 'getTimeSeriesServiceStatistics';
  query: string;
  columns: string[];
  region: string;
}

export class XrayQueryBuilder implements cog.Builder<cog.Dataquery> {
  constructor(
    private readonly refId: string,
    private readonly filterExpression: string,
    private readonly columns: string[],
  ) {}

  build(): XrayQuery {
    return {
      refId: this.refId,
      datasource: XRAY,
      queryType: 'getTimeSeriesServiceStatistics',
      query: this.filterExpression,
      columns: this.columns,
      region: 'default',
      _implementsDataqueryVariant: () => undefined,
    };
  }
}
