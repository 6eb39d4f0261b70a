import { CfnGroup } from 'aws-cdk-lib/aws-xray';
import type { Construct } from 'constructs';
import { xrayName } from '../config/names';
import type { StageName } from '../config/stage';

/**
 * The seed's "Monitoring Queries" as X-Ray filter expressions, fixed where the seed is wrong:
 * `responsetime` is in seconds (the seed's `responseTime > 1000` meant one second) and the
 * cache annotation is `cacheHit` (`cache.hit` is not an indexable annotation key).
 * A per-user query (`annotation.userId = "..."`) is ad hoc, not a group: see the README.
 */
export const monitoringQueries = {
  'slow-requests': 'responsetime > 1',
  errors: 'error = true OR fault = true',
  'cache-misses': 'annotation.cacheHit = false',
} as const;

/** The group of one operation type (the `operationType` annotation every handler sets). */
export const operationTypeQuery = (operationType: string): string =>
  `annotation.operationType = "${operationType}"`;

/** The group of one app: Powertools annotates every trace with its `Service`. */
export const serviceQuery = (service: string): string => `annotation.Service = "${service}"`;

/**
 * Operation types with a group of their own: the product's critical and high-traffic flows.
 * Not every operation: an account has 25 groups per region (see xray-quotas.ts); any other
 * operation is one search away (`annotation.operationType = "..."`).
 */
export const KEY_OPERATION_TYPES: readonly string[] = [
  'CREATE_POST',
  'GET_FEED',
  'LIKE_POST',
  'LOGIN',
];

/**
 * An X-Ray group: a saved filter expression with its own service map and CloudWatch metrics.
 * Insights (anomaly detection and notifications) is on, so a spike of faults in a group is
 * reported without anyone looking.
 */
export function createXrayGroup(
  scope: Construct,
  stage: StageName,
  name: string,
  filterExpression: string,
): CfnGroup {
  return new CfnGroup(scope, `XrayGroup:${name}`, {
    groupName: xrayName(stage, name),
    filterExpression,
    insightsConfiguration: { insightsEnabled: true, notificationsEnabled: true },
  });
}
