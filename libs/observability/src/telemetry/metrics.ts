import { Metrics, MetricUnit as PowertoolsMetricUnit } from '@aws-lambda-powertools/metrics';
import { runtime } from '../runtime';

/** CloudWatch units: `MetricUnit.Count`, `MetricUnit.Milliseconds`, ... */
export const MetricUnit = PowertoolsMetricUnit;
export type MetricUnit = (typeof MetricUnit)[keyof typeof MetricUnit];

let metrics: Metrics | undefined;
/**
 * Whether a business metric was added since the last flush. Asking Powertools instead
 * (`hasStoredMetrics`) reads the environment several times per invocation (its invoke-store
 * check), a few µs of every traced invocation for the common case of no metric at all.
 */
let stored = false;

/** Powertools Metrics (EMF to stdout), namespace and service dimension from the configuration. */
function instance(): Metrics {
  if (!metrics) {
    const { metricsNamespace, serviceName } = runtime().config;
    metrics = new Metrics({ namespace: metricsNamespace, serviceName });
  }
  return metrics;
}

/** A business metric, published when the invocation ends (`withTracing` flushes). */
export function addBusinessMetric(name: string, unit: MetricUnit, value: number): void {
  instance().addMetric(name, unit, value);
  stored = true;
}

/** Emits the `ColdStart` metric on the first invocation of this instance (once). */
export function captureColdStartMetric(functionName?: string): void {
  instance().captureColdStartMetric(functionName);
}

/** Publishes what the invocation stored; nothing (and no warning) when there is nothing. */
export function flushMetrics(): void {
  if (!stored) return;
  stored = false;
  const m = instance();
  if (m.hasStoredMetrics()) m.publishStoredMetrics();
}
