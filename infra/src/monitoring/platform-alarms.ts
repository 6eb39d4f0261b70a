import { Duration, Fn } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import type { Stream } from 'aws-cdk-lib/aws-kinesis';
import type { Construct } from 'constructs';

const FIVE_MINUTES = Duration.minutes(5);

const notBreaching = {
  comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  treatMissingData: TreatMissingData.NOT_BREACHING,
} as const;

/**
 * The account's Lambda concurrency in use, as a percentage of its quota (CloudWatch's
 * SERVICE_QUOTA on the usage metric): near 100% every app starts throttling at once.
 */
export function accountConcurrencyAlarm(scope: Construct, thresholdPercent: number): Alarm {
  const usage = new Metric({
    namespace: 'AWS/Usage',
    metricName: 'ResourceCount',
    dimensionsMap: {
      Service: 'Lambda',
      Type: 'Resource',
      Resource: 'ConcurrentExecutions',
      Class: 'None',
    },
    statistic: 'Maximum',
    period: FIVE_MINUTES,
  });
  return new MathExpression({
    expression: '100 * usage / SERVICE_QUOTA(usage)',
    usingMetrics: { usage },
    label: 'Lambda concurrency, % of the account quota',
    period: FIVE_MINUTES,
  }).createAlarm(scope, 'Alarm:AccountConcurrency', {
    alarmDescription: `Lambda: more than ${thresholdPercent}% of the account's concurrency quota in use`,
    threshold: thresholdPercent,
    ...notBreaching,
  });
}

/** Per cache node: engine CPU, memory used, and evictions (the cache is too small). */
export function redisAlarms(scope: Construct, redis: CfnReplicationGroup, nodes: number): Alarm[] {
  const alarms: Alarm[] = [];
  for (let index = 1; index <= nodes; index++) {
    // ElastiCache names a replication group's clusters <group id>-001, -002...
    const cacheClusterId = Fn.join('-', [redis.ref, String(index).padStart(3, '0')]);
    const metric = (metricName: string, statistic: string) =>
      new Metric({
        namespace: 'AWS/ElastiCache',
        metricName,
        dimensionsMap: { CacheClusterId: cacheClusterId },
        statistic,
        period: FIVE_MINUTES,
      });
    const node = `node ${index}`;
    alarms.push(
      metric('EngineCPUUtilization', 'Average').createAlarm(scope, `Alarm:Redis:${index}:Cpu`, {
        alarmDescription: `Redis ${node}: engine CPU above 80%`,
        threshold: 80,
        ...notBreaching,
      }),
      metric('DatabaseMemoryUsagePercentage', 'Maximum').createAlarm(
        scope,
        `Alarm:Redis:${index}:Memory`,
        {
          alarmDescription: `Redis ${node}: memory above 85% of maxmemory`,
          threshold: 85,
          ...notBreaching,
        },
      ),
      metric('Evictions', 'Sum').createAlarm(scope, `Alarm:Redis:${index}:Evictions`, {
        alarmDescription: `Redis ${node}: keys evicted for memory (feeds fall back to DynamoDB)`,
        threshold: 100,
        ...notBreaching,
      }),
    );
  }
  return alarms;
}

/** Producers refused by Kinesis (the outbox republishes, but the stream needs more shards). */
export function streamWriteAlarm(scope: Construct, name: string, stream: Stream): Alarm {
  return stream
    .metricWriteProvisionedThroughputExceeded({ statistic: 'Sum', period: FIVE_MINUTES })
    .createAlarm(scope, `Alarm:Stream:${name}:WriteThrottled`, {
      alarmDescription: `Kinesis ${name}: writes refused over the shards' throughput`,
      threshold: 0,
      ...notBreaching,
    });
}
