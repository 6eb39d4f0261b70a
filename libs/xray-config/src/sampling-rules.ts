import type { ApiTrigger } from '@traced-social/manifest';
import { apiStageServiceName, xrayName } from './names';
import type { MatchableRule } from './rule-matcher';
import type { StageSampling } from './sampling-rates';

/**
 * A sampling rule in X-Ray API terms (`SamplingRule` of `@aws-sdk/client-xray`): the CDK stacks
 * turn it into a `CfnSamplingRule`, the local cloud sends it with CreateSamplingRule.
 */
export interface SamplingRuleDefinition extends MatchableRule {
  FixedRate: number;
  ReservoirSize: number;
  Version: 1;
}

/** An API Gateway path as a sampling rule pattern: parameters become `*`, any stage prefix too. */
export const urlPathPattern = (path: string): string => `*${path.replace(/\{[^}]+\}/g, '*')}`;

/**
 * The sampling rules of one app's REST API: one per overridden high-traffic route of the app
 * (highest priority), then reads (GET), then everything else (writes). X-Ray applies them where a
 * trace starts, the API Gateway stage (`<api name>/<stage>`); Lambda follows the upstream
 * decision. Functions triggered by streams or schedules sample at Lambda's fixed rate (1 per
 * second plus 5 %), which no rule changes.
 */
export function appSamplingRules(
  stage: string,
  app: string,
  routes: ApiTrigger[],
  sampling: StageSampling,
): SamplingRuleDefinition[] {
  const rule = (
    name: string,
    priority: number,
    HTTPMethod: string,
    URLPath: string,
    rate: { reservoirSize: number; fixedRate: number },
  ): SamplingRuleDefinition => ({
    RuleName: name,
    Priority: priority,
    FixedRate: rate.fixedRate,
    ReservoirSize: rate.reservoirSize,
    ServiceName: apiStageServiceName(stage, app),
    ServiceType: 'AWS::ApiGateway::Stage',
    Host: '*',
    HTTPMethod,
    URLPath,
    ResourceARN: '*',
    Version: 1,
    Attributes: {},
  });
  const rules: SamplingRuleDefinition[] = [];
  for (const route of routes) {
    const rate = sampling.routes[`${route.method} ${route.path}`];
    if (!rate) continue;
    const name = xrayName(stage, app, route.method, route.path.replace(/[{}]/g, ''));
    rules.push(rule(name, 100 + rules.length, route.method, urlPathPattern(route.path), rate));
  }
  if (routes.some((route) => route.method === 'GET')) {
    rules.push(rule(xrayName(stage, app, 'reads'), 1000, 'GET', '*', sampling.reads));
  }
  rules.push(rule(xrayName(stage, app, 'writes'), 1100, '*', '*', sampling.writes));
  return rules;
}

/**
 * The fixed rate a rule has in the definition (its base, to which a boost decays), found from the
 * rule's own method and path: reads (`GET *`), writes (`* *`) or a route override. Undefined for
 * a rule that is not one of these (the Default rule, one made by hand): the controller leaves it.
 */
export function baseFixedRate(
  rule: { HTTPMethod: string; URLPath: string },
  sampling: StageSampling,
): number | undefined {
  if (rule.HTTPMethod === 'GET' && rule.URLPath === '*') return sampling.reads.fixedRate;
  if (rule.HTTPMethod === '*' && rule.URLPath === '*') return sampling.writes.fixedRate;
  for (const [route, rate] of Object.entries(sampling.routes)) {
    const [method, path] = route.split(' ');
    if (method === rule.HTTPMethod && urlPathPattern(path) === rule.URLPath) return rate.fixedRate;
  }
  return undefined;
}
