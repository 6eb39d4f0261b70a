import { Rule } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { StageName } from '../config/stage';

/**
 * X-Ray insights (anomalies in a group's fault rate) notify through EventBridge: this rule sends
 * the stage's insight events — its groups are all named `<stage>-...` — to the alerts topic, so
 * an insight that opens or closes reaches whoever the alarms reach.
 */
export function routeInsightNotifications(scope: Construct, stage: StageName, topic: ITopic): Rule {
  return new Rule(scope, 'XrayInsights', {
    description: `X-Ray insights of the ${stage} groups to the alerts topic`,
    eventPattern: {
      source: ['aws.xray'],
      detailType: ['AWS X-Ray Insight Update'],
      detail: { GroupName: [{ prefix: `${stage}-` }] },
    },
    targets: [new SnsTopic(topic)],
  });
}
