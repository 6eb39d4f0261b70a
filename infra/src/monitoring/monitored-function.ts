import type { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { FunctionSpec } from '@traced-social/manifest';

/** What monitoring needs to know about a deployed handler. */
export interface MonitoredFunction {
  spec: FunctionSpec;
  function: IFunction;
  timeout: Duration;
  logGroup: ILogGroup;
  /** The on-failure destination of a stream consumer. */
  deadLetters?: IQueue;
}

export const isStreamConsumer = (fn: MonitoredFunction): boolean =>
  fn.spec.trigger.type === 'kinesis' || fn.spec.trigger.type === 'dynamodb-stream';
