import { CfnSamplingRule } from 'aws-cdk-lib/aws-xray';
import type { Construct } from 'constructs';
import type { SamplingRuleDefinition } from '@traced-social/xray-config';

export { appSamplingRules as samplingRuleSpecs, urlPathPattern } from '@traced-social/xray-config';

/**
 * Creates an app's sampling rules as defined in `@traced-social/xray-config` (the definition the
 * local cloud loads too), matching only the app's API stage (`<api name>/<stage>`).
 */
export function createSamplingRules(
  scope: Construct,
  apiServiceName: string,
  rules: SamplingRuleDefinition[],
): CfnSamplingRule[] {
  return rules.map(
    (rule) =>
      new CfnSamplingRule(scope, `Sampling:${rule.RuleName}`, {
        samplingRule: {
          ruleName: rule.RuleName,
          priority: rule.Priority,
          fixedRate: rule.FixedRate,
          reservoirSize: rule.ReservoirSize,
          serviceName: apiServiceName,
          serviceType: rule.ServiceType,
          host: rule.Host,
          httpMethod: rule.HTTPMethod,
          urlPath: rule.URLPath,
          resourceArn: rule.ResourceARN,
          version: rule.Version,
        },
      }),
  );
}
