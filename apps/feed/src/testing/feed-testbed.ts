import { randomUUID } from 'node:crypto';
import type { KinesisStreamEvent } from 'aws-lambda';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { closeRedisClients } from '@traced-social/aws-clients';
import { startTestRedis } from '@traced-social/local-redis';
import { feedPartition, followEdgeItem, followKeys } from '@traced-social/tables';
import { kinesisEventOf } from '@traced-social/aws-clients/testing';
import { createEvent, type DomainEvent, type EventOf } from '@traced-social/events';
import { newSegmentId, newTraceId } from '@traced-social/trace-model';
import { startApiTestbed, type ApiTestbed } from '@traced-social/http/testing';
import { invokeAsLambda, type LambdaInvocation } from '@traced-social/observability/testing';
import Redis from 'ioredis';
import { join } from 'node:path';

/** The feed's handler modules, as the tests invoke them. */
export const feedHandlers = {
  fanOut: join(__dirname, '../handlers/fan-out-events.ts'),
  getFeed: join(__dirname, '../handlers/get-feed.ts'),
  resume: join(__dirname, '../handlers/resume-fan-out.ts'),
};

/** The body of `GET /feed`. */
export interface FeedBody {
  posts: Array<{ postId: string; authorId: string; text: string }>;
  nextCursor?: string;
}

/** A POST_CREATED as the posts app publishes it, stamped with a producer's trace context. */
export function tracedPostCreated(
  text: string,
  authorId: string,
  createdAt: number,
): EventOf<'POST_CREATED'> {
  return {
    ...createEvent('POST_CREATED', {
      postId: randomUUID(),
      authorId,
      createdAt: new Date(createdAt).toISOString(),
      text,
    }),
    traceContext: `Root=${newTraceId()};Parent=${newSegmentId()};Sampled=1`,
  };
}

/** A USER_FOLLOWED or USER_UNFOLLOWED as the profile app publishes it, dated now. */
export function followChange(
  type: 'USER_FOLLOWED' | 'USER_UNFOLLOWED',
  followerId: string,
  followeeId: string,
): DomainEvent {
  const at = new Date().toISOString();
  return type === 'USER_FOLLOWED'
    ? createEvent('USER_FOLLOWED', { followerId, followeeId, followedAt: at })
    : createEvent('USER_UNFOLLOWED', { followerId, followeeId, unfollowedAt: at });
}

/** The trace id of an event's producer (its `traceContext` root). */
export function producerRootOf(event: { traceContext?: string }): string {
  return /Root=([^;]+)/.exec(event.traceContext ?? '')?.[1] ?? '';
}

/**
 * The feed's test kit: the API testbed (dynalite, kinesalite, segment capture) plus a real Redis
 * (127.0.0.1:6379, else one started for the test file: startTestRedis) under a key prefix of this
 * run, follow edges, and Kinesis batches delivered to the fan-out consumer as Lambda would.
 */
export interface FeedTestbed extends ApiTestbed {
  redis: Redis;
  redisPrefix: string;
  redisEnv: Record<string, string>;
  follow(followerIds: string[], followeeId: string, options?: { pending?: boolean }): Promise<void>;
  /** Removes follow edges straight from the table (as the profile app's unfollow settles). */
  unfollow(followerIds: string[], followeeId: string): Promise<void>;
  /** Invokes a scheduled handler as EventBridge would (an empty event). */
  schedule<T>(
    handlerPath: string,
    env?: Record<string, string | undefined>,
  ): Promise<LambdaInvocation<T>>;
  consume(
    handlerPath: string,
    items: Array<DomainEvent | Uint8Array>,
    env?: Record<string, string | undefined>,
  ): Promise<LambdaInvocation<{ batchItemFailures: Array<{ itemIdentifier: string }> }>>;
  feedItems(userId: string): Promise<Array<Record<string, unknown>>>;
}

export async function startFeedTestbed(): Promise<FeedTestbed> {
  const testbed = await startApiTestbed('feed');
  const redisPrefix = `feed-test:${randomUUID()}:`;
  const redisServer = await startTestRedis();
  const redis = new Redis(redisServer.url, { keyPrefix: redisPrefix });
  const redisEnv = { REDIS_URL: redisServer.url, REDIS_KEY_PREFIX: redisPrefix };
  const { aws } = testbed;
  return {
    ...testbed,
    redis,
    redisPrefix,
    redisEnv,
    invoke: (path, event, env) => testbed.invoke(path, event, { ...redisEnv, ...env }),
    request: (path, request, env) => testbed.request(path, request, { ...redisEnv, ...env }),
    follow: async (followerIds, followeeId, options = {}) => {
      for (let i = 0; i < followerIds.length; i += 25) {
        const chunk = followerIds.slice(i, i + 25);
        await aws.dynamodb.send(
          new BatchWriteCommand({
            RequestItems: {
              [aws.tableName('follows')]: chunk.map((followerId) => ({
                PutRequest: {
                  Item: {
                    ...followEdgeItem(followerId, followeeId, new Date().toISOString()),
                    ...(options.pending ? { pending: 'create' } : {}),
                  },
                },
              })),
            },
          }),
        );
      }
    },
    unfollow: async (followerIds, followeeId) => {
      for (let i = 0; i < followerIds.length; i += 25) {
        await aws.dynamodb.send(
          new BatchWriteCommand({
            RequestItems: {
              [aws.tableName('follows')]: followerIds.slice(i, i + 25).map((followerId) => ({
                DeleteRequest: { Key: followKeys.edge(followerId, followeeId) },
              })),
            },
          }),
        );
      }
    },
    schedule: (handlerPath, env) =>
      invokeAsLambda({
        capture: testbed.capture,
        handler: handlerPath,
        serviceName: 'feed',
        functionName: `feed-${handlerPath.replace(/^.*\/|\.ts$/g, '')}`,
        env: { ...testbed.env, ...redisEnv, ...env },
        event: {},
      }),
    consume: (handlerPath, items, env) =>
      invokeAsLambda<KinesisStreamEvent, { batchItemFailures: Array<{ itemIdentifier: string }> }>({
        capture: testbed.capture,
        handler: handlerPath,
        serviceName: 'feed',
        functionName: 'feed-fan-out-events',
        env: { ...testbed.env, ...redisEnv, ...env },
        event: kinesisEventOf(items),
      }),
    feedItems: async (userId) =>
      (
        await aws.dynamodb.send(
          new QueryCommand({
            TableName: aws.tableName('feeds'),
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': feedPartition(userId) },
            ScanIndexForward: false,
          }),
        )
      ).Items ?? [],
    stop: async () => {
      const plain = new Redis(redisServer.url);
      const keys = await plain.keys(`${redisPrefix}*`);
      if (keys.length) await plain.del(...keys);
      await plain.quit();
      await redis.quit();
      await closeRedisClients();
      await redisServer.stop();
      await testbed.stop();
    },
  };
}
