import type { IAspect } from 'aws-cdk-lib';
import { CfnAlarm, CfnCompositeAlarm, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IConstruct } from 'constructs';

/** Alarms that only feed a composite alarm: the composite notifies, they do not. */
const compositeInputs = new WeakSet<IConstruct>();

/** Marks an alarm as an input of a composite alarm (it gets no actions of its own). */
export function routedThroughComposite(alarm: Alarm): void {
  compositeInputs.add(alarm.node.defaultChild as IConstruct);
}

/**
 * Gives every alarm of a stack (but a composite's inputs) the alerts topic as its alarm and OK
 * actions: whoever adds an alarm later (L2 or L1, any module) cannot forget to route it, and the
 * OK notification resolves the page the alarm opened.
 */
export class NotifyAlertsTopic implements IAspect {
  constructor(private readonly topicArn: string) {}

  visit(node: IConstruct): void {
    if (compositeInputs.has(node)) return;
    if (node instanceof CfnAlarm || node instanceof CfnCompositeAlarm) {
      node.alarmActions = [this.topicArn];
      node.okActions = [this.topicArn];
    }
  }
}
