import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { PRODUCT } from '../config/names';
import type { StageConfig } from '../config/stage';

/** The public routes that do expensive work for anonymous callers (argon2 on sign-in). */
export const AUTH_PATH_PREFIX = '/auth/';

/** Whether a manifest route is one of them. */
export const isAuthPath = (path: string): boolean => path.startsWith(AUTH_PATH_PREFIX);

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/** An AWS managed rule group, its own actions kept (block what it matches). */
const managedRuleGroup = (name: string, priority: number): CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
  visibilityConfig: visibility(name),
});

/**
 * The stage's web ACL, associated with every app's API stage: first a per-IP rate limit on
 * `/auth/*` (the path as API Gateway's default endpoint sees it, `/<stage>/auth/...`, or
 * `/auth/...` behind a custom domain), then AWS's common rule set and known bad inputs.
 * Regional: REST API stages are regional resources.
 */
export function createWebAcl(scope: Construct, config: StageConfig): CfnWebACL {
  const authPath = (prefix: string): CfnWebACL.StatementProperty => ({
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      searchString: `${prefix}${AUTH_PATH_PREFIX}`,
      textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
    },
  });
  return new CfnWebACL(scope, 'WebAcl', {
    name: `${PRODUCT}-${config.stage}`,
    description: `Traced Social ${config.stage} - per-IP rate limit on ${AUTH_PATH_PREFIX}, AWS managed rules`,
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: visibility(`${PRODUCT}-${config.stage}`),
    rules: [
      {
        name: 'auth-rate-per-ip',
        priority: 0,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: config.shield.authRequestsPerIpPer5Min,
            evaluationWindowSec: 300,
            aggregateKeyType: 'IP',
            scopeDownStatement: {
              orStatement: { statements: [authPath(''), authPath(`/${config.stage}`)] },
            },
          },
        },
        visibilityConfig: visibility('auth-rate-per-ip'),
      },
      managedRuleGroup('AWSManagedRulesCommonRuleSet', 10),
      managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', 20),
    ],
  });
}
