import type { IAspect } from 'aws-cdk-lib';
import { CfnAlarm, CfnCompositeAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IConstruct } from 'constructs';

/**
 * Gives every alarm of a stack the alerts topic as its alarm and OK actions: whoever adds an
 * alarm later (L2 or L1, any module) cannot forget to route it, and the OK notification
 * resolves the page the alarm opened.
 */
export class NotifyAlertsTopic implements IAspect {
  constructor(private readonly topicArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof CfnAlarm || node instanceof CfnCompositeAlarm) {
      node.alarmActions = [this.topicArn];
      node.okActions = [this.topicArn];
    }
  }
}
