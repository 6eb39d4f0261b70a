import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { EventSourceSettings, ScheduleTrigger } from '@traced-social/manifest';
import { acknowledgeNag } from '../nag';

/** Applied where the manifest says nothing. */
export const streamSourceDefaults = {
  batchSize: 100,
  startingPosition: 'TRIM_HORIZON',
  maxRetries: 3,
  bisectBatchOnError: true,
} as const satisfies Required<EventSourceSettings>;

/**
 * Polls a Kinesis or DynamoDB stream for a function: partial batch failures reported by the
 * handler (`reportBatchItemFailures`), a failing batch split to isolate the poison record, and
 * after the retries (or past half the stream's retention) the failed records' coordinates go to
 * an SQS dead-letter queue, so nothing is lost silently. Returns that queue (its depth is alarmed on).
 */
export function addStreamSource(
  scope: Construct,
  handler: IFunction,
  eventSourceArn: string,
  settings: EventSourceSettings,
  streamRetention: Duration,
): Queue {
  const deadLetters = new Queue(scope, 'DeadLetters', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledgeNag(deadLetters, 'SQS3', 'This queue is itself the dead-letter destination');
  handler.addEventSourceMapping('StreamSource', {
    eventSourceArn,
    batchSize: settings.batchSize ?? streamSourceDefaults.batchSize,
    startingPosition:
      StartingPosition[settings.startingPosition ?? streamSourceDefaults.startingPosition],
    retryAttempts: settings.maxRetries ?? streamSourceDefaults.maxRetries,
    bisectBatchOnError: settings.bisectBatchOnError ?? streamSourceDefaults.bisectBatchOnError,
    reportBatchItemFailures: true,
    maxBatchingWindow: Duration.seconds(1),
    onFailure: new SqsDlq(deadLetters),
    // Half the stream's retention: a record the consumer cannot get through is dead-lettered
    // while still in the stream, never expired unseen behind a stuck batch.
    maxRecordAge: Duration.seconds(Math.floor(streamRetention.toSeconds() / 2)),
  });
  return deadLetters;
}

/** Runs a function on an EventBridge schedule (`rate(...)` or `cron(...)`). */
export function addScheduleSource(
  scope: Construct,
  handler: IFunction,
  trigger: ScheduleTrigger,
): Rule {
  return new Rule(scope, 'Schedule', {
    schedule: Schedule.expression(trigger.expression),
    targets: [new LambdaFunction(handler, { retryAttempts: 2 })],
  });
}
