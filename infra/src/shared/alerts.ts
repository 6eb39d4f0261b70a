import type { RemovalPolicy } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, UrlSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { PRODUCT } from '../config/names';
import type { StageConfig } from '../config/stage';

/** Where an operator stores the PagerDuty integration URL of a stage (a String parameter). */
export const pagerDutyUrlParameter = (stage: string): string =>
  `/${PRODUCT}/${stage}/alerts/pagerduty-url`;

/** The services that publish to the topic: CloudWatch alarms and EventBridge rules. */
const PUBLISHERS = ['cloudwatch.amazonaws.com', 'events.amazonaws.com'];

/**
 * The stage's alerts topic: every alarm's alarm and OK actions, and X-Ray insight events. SSE
 * with a customer-managed key: the AWS-managed SNS key cannot be granted to CloudWatch, whose
 * alarms would then fail to publish silently. Subscribers come from the stage configuration.
 */
export function createAlertsTopic(
  scope: Construct,
  config: StageConfig,
  alerts: StageConfig['alerts'],
  removalPolicy: RemovalPolicy,
): Topic {
  const key = new Key(scope, 'AlertsKey', {
    description: `Traced Social ${config.stage}: encrypts the alerts topic`,
    enableKeyRotation: true,
    removalPolicy,
  });
  for (const service of PUBLISHERS) {
    key.grant(new ServicePrincipal(service), 'kms:Decrypt', 'kms:GenerateDataKey*');
  }
  const topic = new Topic(scope, 'Alerts', {
    topicName: `${PRODUCT}-${config.stage}-alerts`,
    displayName: `Traced Social ${config.stage} alerts`,
    masterKey: key,
    enforceSSL: true,
  });
  for (const email of alerts.emails) topic.addSubscription(new EmailSubscription(email));
  if (alerts.pagerDuty) {
    // PagerDuty's CloudWatch integration reads the raw SNS message (alarm and OK transitions
    // trigger and resolve one incident per alarm): no forwarder is needed (decision 1600).
    const url = StringParameter.valueForStringParameter(scope, pagerDutyUrlParameter(config.stage));
    topic.addSubscription(new UrlSubscription(url, { protocol: SubscriptionProtocol.HTTPS }));
  }
  return topic;
}
