import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { FunctionSpec, TableAccess } from '@traced-social/manifest';
import type { SharedRefs } from './shared-refs';

/**
 * IAM actions per access level, written out rather than taken from CDK's `grant*` helpers: those
 * add `dynamodb:ListStreams` on `*` and actions the handlers never call (no `Scan`: no handler
 * scans a table). Reviewers read this table.
 */
const tableRead = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
// Transactions (TransactWriteItems) are authorised by these per-item actions.
const tableWrite = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];
export const tableActions: Record<TableAccess, string[]> = {
  read: tableRead,
  write: tableWrite,
  readwrite: [...new Set([...tableRead, ...tableWrite])],
};

export const bucketActions: Record<'read' | 'write' | 'readwrite', string[]> = {
  read: ['s3:GetObject'],
  // Presigned PUT URLs carry the signing function's permissions.
  write: ['s3:PutObject'],
  readwrite: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
};

export const streamPublishActions = ['kinesis:PutRecord', 'kinesis:PutRecords'];

/** What Lambda's event source mapping needs to poll a Kinesis stream for the function. */
export const streamConsumeActions = [
  'kinesis:DescribeStream',
  'kinesis:DescribeStreamSummary',
  'kinesis:GetRecords',
  'kinesis:GetShardIterator',
  'kinesis:ListShards',
  'kinesis:ListStreams',
];

/** What Lambda's event source mapping needs to poll a DynamoDB stream for the function. */
export const tableStreamConsumeActions = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
];

/** What Lambda needs to attach a function to the VPC's subnets (its network interfaces). */
export const VPC_ENI_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

const allow = (actions: string[], resources: string[]): PolicyStatement =>
  new PolicyStatement({ effect: Effect.ALLOW, actions, resources });

/**
 * The statements a function needs for what its manifest says it uses and for its trigger; nothing
 * else (logs and X-Ray are added with the function, see handler-function.ts).
 */
export function accessStatements(fn: FunctionSpec, shared: SharedRefs): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const uses = fn.uses ?? {};
  for (const [table, access] of Object.entries(uses.tables ?? {})) {
    if (!access) continue;
    const arn = shared.tableArn(table);
    statements.push(allow(tableActions[access], [arn, `${arn}/index/*`]));
  }
  for (const stream of uses.publishes ?? []) {
    statements.push(allow(streamPublishActions, [shared.streamArn(stream)]));
  }
  for (const [bucket, access] of Object.entries(uses.buckets ?? {})) {
    if (!access) continue;
    statements.push(allow(bucketActions[access], [`${shared.bucketArn(bucket)}/*`]));
  }
  // Verifiers read the public keys; only the functions that sign tokens read the private key.
  if (uses.jwtSecret) {
    statements.push(allow(['secretsmanager:GetSecretValue'], [shared.accessTokenJwksArn()]));
  }
  if (uses.signsTokens) {
    statements.push(allow(['secretsmanager:GetSecretValue'], [shared.accessTokenSigningKeyArn()]));
  }
  if (uses.redis) {
    statements.push(allow(['secretsmanager:GetSecretValue'], [shared.redisAuthTokenArn()]));
  }
  const trigger = fn.trigger;
  if (trigger.type === 'kinesis') {
    statements.push(allow(streamConsumeActions, [shared.streamArn(trigger.stream)]));
  }
  if (trigger.type === 'dynamodb-stream') {
    statements.push(allow(tableStreamConsumeActions, [shared.tableStreamArn(trigger.table)]));
    statements.push(
      allow(['dynamodb:ListStreams'], [`${shared.tableArn(trigger.table)}/stream/*`]),
    );
  }
  return statements;
}
