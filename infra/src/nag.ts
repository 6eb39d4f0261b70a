import { Stack, Validations, type IAspect } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';
import { VPC_ENI_ACTIONS } from './app-stack/grants';
import { XRAY_OTLP_ACTIONS } from './app-stack/tracing-backend';
import { SAMPLING_READ_ACTIONS } from './monitoring/sampling';

/**
 * Acknowledges a cdk-nag AwsSolutions finding on one construct, with the reason, next to the code
 * that causes it (cdk-nag 3 reads CDK's own `Validations` acknowledgments).
 */
export function acknowledgeNag(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${rule}`, reason });
}

interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/**
 * The wildcard resources a function's policy may hold, each with the reason it cannot be
 * narrower. Anything else with a `*` stays a finding and fails synthesis.
 */
/**
 * Actions that take no resource (or whose resources are unknown at deployment), by why: a
 * statement on `*` is explained when each of its actions is in one of these groups. Groups, not
 * whole statements: with `@aws-cdk/aws-iam:minimizePolicies` (cdk.json) CDK merges the `*`
 * statements of a role into one.
 */
const RESOURCELESS_ACTIONS: { actions: string[]; reason: string }[] = [
  {
    actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
    reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions',
  },
  {
    actions: SAMPLING_READ_ACTIONS,
    reason: "X-Ray's GetSamplingRules and GetTraceSummaries support no resource-level permissions",
  },
  {
    actions: XRAY_OTLP_ACTIONS,
    reason:
      "X-Ray's OTLP endpoint (PutSpans/PutSpansForIndexing) supports no resource-level permissions",
  },
  {
    actions: VPC_ENI_ACTIONS,
    reason:
      "Lambda manages a VPC function's network interfaces (created at deployment, ids unknown); the Describe actions take no resource",
  },
];

export function wildcardReason(resource: string, actions: string[]): string | undefined {
  if (resource === '*') {
    const groups = RESOURCELESS_ACTIONS.filter((group) =>
      actions.some((action) => group.actions.includes(action)),
    );
    const explained = actions.every((action) =>
      groups.some((group) => group.actions.includes(action)),
    );
    return explained ? groups.map((group) => group.reason).join('; ') : undefined;
  }
  if (/:xray:.*:sampling-rule\/[A-Za-z0-9_]+-\*$/.test(resource)) {
    return "The stage's own sampling rules (their names start with the stage), for the sampling controller";
  }
  if (/:dynamodb:.*:table\/[^*]+\/index\/\*$/.test(resource)) {
    return "The table's own global secondary indexes (index ARNs live under the table ARN)";
  }
  if (/:dynamodb:.*:table\/[^*]+\/stream\/\*$/.test(resource)) {
    return "ListStreams of the one table's streams (the stream label is set at deployment)";
  }
  if (/:s3:::[^*/]+\/\*$/.test(resource)) {
    return 'Objects of the one bucket the manifest names (keys are per user, not known in advance)';
  }
  if (/:logs:.*:log-group:[^*]+:\*$/.test(resource)) {
    return "Log streams of the function's own log group (Lambda creates one per instance)";
  }
  return undefined;
}

/**
 * Acknowledges the IAM5 (wildcard) findings of function policies that {@link wildcardReason}
 * explains. Runs as an aspect, so it sees every statement, including those CDK adds itself
 * (X-Ray for active tracing, SendMessage for the dead-letter queue).
 */
export class AcknowledgeExplainedWildcards implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof CfnPolicy)) return;
    const document = Stack.of(node).resolve(node.policyDocument) as {
      Statement?: PolicyStatementJson[];
    };
    for (const statement of document.Statement ?? []) {
      if (statement.Effect !== 'Allow') continue;
      const actions = asArray(statement.Action);
      for (const resource of asArray(statement.Resource).map(flattenCfnReference)) {
        if (!resource.includes('*')) continue;
        const reason = wildcardReason(resource, actions);
        if (reason) acknowledgeNag(node, `IAM5[Resource::${resource}]`, reason);
      }
    }
  }
}
