import { ArnFormat, Stack } from 'aws-cdk-lib';
import { CfnResourcePolicy } from 'aws-cdk-lib/aws-logs';
import { CfnTransactionSearchConfig } from 'aws-cdk-lib/aws-xray';
import type { Construct } from 'constructs';

/** Where X-Ray writes the spans it receives over OTLP once Transaction Search is on. */
export const SPANS_LOG_GROUP = 'aws/spans';

/**
 * CloudWatch Transaction Search, which the `otel` backend needs: X-Ray's OTLP endpoint accepts
 * spans only when it is enabled, stores them in the `aws/spans` log group and indexes a share of
 * them as trace summaries. X-Ray may write there only through this logs resource policy, scoped
 * to the account's X-Ray. One per account and region: the stage's shared stack owns it.
 */
export function enableTransactionSearch(scope: Construct, indexingPercentage: number): void {
  const stack = Stack.of(scope);
  const logGroupArn = (name: string) =>
    stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${name}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  const policy = new CfnResourcePolicy(scope, 'TransactionSearchLogsPolicy', {
    policyName: 'traced-social-transaction-search',
    policyDocument: stack.toJsonString({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'XRayWritesSpans',
          Effect: 'Allow',
          Principal: { Service: 'xray.amazonaws.com' },
          Action: 'logs:PutLogEvents',
          Resource: [logGroupArn(SPANS_LOG_GROUP), logGroupArn('/aws/application-signals/data')],
          Condition: {
            ArnLike: {
              'aws:SourceArn': `arn:${stack.partition}:xray:${stack.region}:${stack.account}:*`,
            },
            StringEquals: { 'aws:SourceAccount': stack.account },
          },
        },
      ],
    }),
  });
  const config = new CfnTransactionSearchConfig(scope, 'TransactionSearch', { indexingPercentage });
  config.node.addDependency(policy);
}
