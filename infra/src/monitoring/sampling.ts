import { Aws } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
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

/** What the sampling controller reads: these X-Ray APIs take no resource-level permissions. */
export const SAMPLING_READ_ACTIONS = ['xray:GetSamplingRules', 'xray:GetTraceSummaries'];

/**
 * The permissions of a function with `uses.xraySampling` (the ops sampling controller): read the
 * rules and trace summaries, and update only this stage's rules (named `<stage>-...` by
 * `@traced-social/xray-config`), never another stage's or the Default rule.
 */
export function samplingControlStatements(stage: string): PolicyStatement[] {
  return [
    new PolicyStatement({ actions: SAMPLING_READ_ACTIONS, resources: ['*'] }),
    new PolicyStatement({
      actions: ['xray:UpdateSamplingRule'],
      resources: [
        `arn:${Aws.PARTITION}:xray:${Aws.REGION}:${Aws.ACCOUNT_ID}:sampling-rule/${stage}-*`,
      ],
    }),
  ];
}
