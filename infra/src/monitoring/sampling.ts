import { CfnSamplingRule } from 'aws-cdk-lib/aws-xray';
import type { Construct } from 'constructs';
import type { ApiTrigger } from '@traced-social/manifest';
import { xrayName } from '../config/names';
import type { SamplingRate, StageConfig } from '../config/stage';

export interface SamplingRuleSpec {
  name: string;
  priority: number;
  httpMethod: string;
  urlPath: string;
  rate: SamplingRate;
}

/** An API Gateway path as a sampling rule pattern: parameters become `*`, any stage prefix too. */
export const urlPathPattern = (path: string): string => `*${path.replace(/\{[^}]+\}/g, '*')}`;

/**
 * The sampling rules of one app's REST API: one per overridden high-traffic route of the app
 * (highest priority), then reads (GET), then everything else (writes). X-Ray applies them where a
 * trace starts, the API Gateway stage; Lambda follows the upstream decision. Functions triggered by
 * streams or schedules sample at Lambda's fixed rate (1 per second plus 5%), which no rule changes.
 */
export function samplingRuleSpecs(
  stage: string,
  app: string,
  routes: ApiTrigger[],
  sampling: StageConfig['sampling'],
): SamplingRuleSpec[] {
  const specs: SamplingRuleSpec[] = [];
  routes.forEach((route) => {
    const key = `${route.method} ${route.path}`;
    const rate = sampling.routes[key];
    if (!rate) return;
    specs.push({
      name: xrayName(stage, app, route.method, route.path.replace(/[{}]/g, '')),
      priority: 100 + specs.length,
      httpMethod: route.method,
      urlPath: urlPathPattern(route.path),
      rate,
    });
  });
  if (routes.some((route) => route.method === 'GET')) {
    specs.push({
      name: xrayName(stage, app, 'reads'),
      priority: 1000,
      httpMethod: 'GET',
      urlPath: '*',
      rate: sampling.reads,
    });
  }
  specs.push({
    name: xrayName(stage, app, 'writes'),
    priority: 1100,
    httpMethod: '*',
    urlPath: '*',
    rate: sampling.writes,
  });
  return specs;
}

/** Creates the rules, matching only the app's API stage (`<api name>/<stage>`). */
export function createSamplingRules(
  scope: Construct,
  apiServiceName: string,
  specs: SamplingRuleSpec[],
): CfnSamplingRule[] {
  return specs.map(
    (spec) =>
      new CfnSamplingRule(scope, `Sampling:${spec.name}`, {
        samplingRule: {
          ruleName: spec.name,
          priority: spec.priority,
          fixedRate: spec.rate.fixedRate,
          reservoirSize: spec.rate.reservoirSize,
          serviceName: apiServiceName,
          serviceType: 'AWS::ApiGateway::Stage',
          host: '*',
          httpMethod: spec.httpMethod,
          urlPath: spec.urlPath,
          resourceArn: '*',
          version: 1,
        },
      }),
  );
}
