import { CfnGroup } from 'aws-cdk-lib/aws-xray';
import type { Construct } from 'constructs';
import type { GroupDefinition } from '@traced-social/xray-config';

export {
  KEY_OPERATION_TYPES,
  monitoringQueries,
  operationTypeQuery,
  serviceQuery,
} from '@traced-social/xray-config';

/**
 * X-Ray groups as defined in `@traced-social/xray-config` (the local cloud creates the same):
 * saved filter expressions with their own service map and CloudWatch metrics. Insights (anomaly
 * detection and notifications) is on, so a spike of faults in a group is reported without anyone
 * looking. The construct id is the stage-less key, so ids stay as they were.
 */
export function createXrayGroups(scope: Construct, groups: GroupDefinition[]): CfnGroup[] {
  return groups.map(
    (group) =>
      new CfnGroup(scope, `XrayGroup:${group.key}`, {
        groupName: group.GroupName,
        filterExpression: group.FilterExpression,
        insightsConfiguration: { insightsEnabled: true, notificationsEnabled: true },
      }),
  );
}
