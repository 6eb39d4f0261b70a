import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { sharedParameterName } from '../config/names';
import type { StageName } from '../config/stage';

/**
 * The keys of the values the shared stack hands to app stacks. One list, so a typo is a type
 * error rather than a deploy-time "parameter not found".
 */
export const sharedKeys = {
  tableName: (table: string) => `table/${table}/name`,
  tableStreamArn: (table: string) => `table/${table}/stream-arn`,
  streamName: (stream: string) => `stream/${stream}/name`,
  bucketName: (bucket: string) => `bucket/${bucket}/name`,
  accessTokenSigningKeyArn: 'access-token/signing-key/arn',
  accessTokenJwksArn: 'access-token/jwks/arn',
  redisUrl: 'redis/url',
  redisAuthTokenArn: 'redis/auth-token/arn',
  vpcId: 'vpc/id',
  privateSubnetId: (index: number) => `vpc/private-subnet-${index + 1}`,
  redisClientSecurityGroupId: 'redis/client-security-group-id',
  alertsTopicArn: 'alerts/topic-arn',
  webAclArn: 'waf/web-acl-arn',
} as const;

/** Writes a value of the shared stack as an SSM String parameter. */
export function publishShared(
  scope: Construct,
  stage: StageName,
  key: string,
  value: string,
): void {
  new StringParameter(scope, `Param:${key}`, {
    parameterName: sharedParameterName(stage, key),
    stringValue: value,
    description: `Traced Social ${stage}: ${key} (read by the app stacks at deploy time)`,
  });
}

/**
 * Reads a shared value in an app stack: a CloudFormation parameter of type
 * `AWS::SSM::Parameter::Value<String>`, resolved at deploy time. No lookup at synth (offline),
 * no cross-stack export (the shared stack can change without unlocking every app).
 */
export function readShared(scope: Construct, stage: StageName, key: string): string {
  return StringParameter.valueForStringParameter(scope, sharedParameterName(stage, key));
}
