import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { objectivesOf, type AppManifest, type FunctionSpec } from '@traced-social/manifest';
import { canaryName, functionPhysicalName, METRICS_NAMESPACE, restApiName } from '../config/names';
import type { StageName } from '../config/stage';

/** A CloudWatch metric by namespace, name and its exact dimensions. */
export interface EmittedMetric {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

export const isApi = (fn: FunctionSpec): boolean => fn.trigger.type === 'api';
export const isConsumer = (fn: FunctionSpec): boolean =>
  fn.trigger.type === 'kinesis' || fn.trigger.type === 'dynamodb-stream';

/** The API Gateway dimensions of one route of an app (detailed metrics are on). */
export const routeDimensions = (stage: StageName, app: string, fn: FunctionSpec) => {
  if (fn.trigger.type !== 'api') throw new Error(`${fn.name} is not an API function`);
  return {
    ApiName: restApiName(stage, app),
    Stage: stage,
    Resource: fn.trigger.path,
    Method: fn.trigger.method,
  };
};

/** The error budget of a function's availability objective, as a fraction. */
export const availabilityBudget = (fn: FunctionSpec): number =>
  Number((1 - objectivesOf(fn).availability / 100).toFixed(6));

/**
 * Names of the EMF metrics the code emits through `addBusinessMetric` (libs/observability), read
 * from the sources of the libs and apps, and `ColdStart` when cold starts are captured.
 */
export function emfMetricNames(workspaceRoot: string): string[] {
  const names = new Set<string>();
  const scan = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '__tests__' && entry.name !== 'testing')
          scan(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        const source = readFileSync(path, 'utf8');
        for (const call of source.matchAll(/addBusinessMetric\(([^,]+),/g)) {
          for (const literal of call[1].matchAll(/'([A-Za-z]+)'/g)) names.add(literal[1]);
        }
        if (/\.captureColdStartMetric\(/.test(source)) names.add('ColdStart');
      }
    }
  };
  for (const top of ['libs', 'apps']) scan(join(workspaceRoot, top));
  return [...names].sort();
}

/**
 * Every metric the deployed stage publishes for these apps: Lambda's per function, API Gateway's
 * per API and route, the EMF metrics per service (and ColdStart per function), the dead-letter
 * queues', account concurrency and the canary's. What a dashboard panel may chart.
 */
export function emittedMetrics(
  stage: StageName,
  manifests: AppManifest[],
  emfNames: string[],
): EmittedMetric[] {
  const metrics: EmittedMetric[] = [
    { namespace: 'AWS/Lambda', metricName: 'ConcurrentExecutions', dimensions: {} },
    {
      namespace: 'CloudWatchSynthetics',
      metricName: 'SuccessPercent',
      dimensions: { CanaryName: canaryName(stage) },
    },
  ];
  for (const manifest of manifests) {
    const service = { service: manifest.service };
    for (const name of emfNames.filter((n) => n !== 'ColdStart')) {
      metrics.push({ namespace: METRICS_NAMESPACE, metricName: name, dimensions: service });
    }
    const apiDimensions = { ApiName: restApiName(stage, manifest.app), Stage: stage };
    for (const fn of manifest.functions) {
      const FunctionName = functionPhysicalName(stage, manifest.app, fn.name);
      const lambda = ['Duration', 'Errors', 'Invocations', 'Throttles'];
      if (isConsumer(fn)) lambda.push('IteratorAge');
      for (const metricName of lambda) {
        metrics.push({ namespace: 'AWS/Lambda', metricName, dimensions: { FunctionName } });
      }
      if (emfNames.includes('ColdStart')) {
        metrics.push({
          namespace: METRICS_NAMESPACE,
          metricName: 'ColdStart',
          dimensions: { ...service, function_name: FunctionName },
        });
      }
      if (isApi(fn)) {
        for (const metricName of ['Count', '5XXError', '4XXError', 'Latency']) {
          metrics.push({
            namespace: 'AWS/ApiGateway',
            metricName,
            dimensions: routeDimensions(stage, manifest.app, fn),
          });
        }
      }
    }
    if (manifest.functions.some(isApi)) {
      for (const metricName of ['Count', '5XXError', '4XXError', 'Latency']) {
        metrics.push({ namespace: 'AWS/ApiGateway', metricName, dimensions: apiDimensions });
      }
    }
    if (manifest.functions.some(isConsumer)) {
      // The dead-letter queues are named by CloudFormation after their stack: found by search.
      metrics.push({
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: '*' },
      });
    }
  }
  return metrics;
}
