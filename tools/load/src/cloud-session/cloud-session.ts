import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { BatchGetTracesCommand, GetTraceSummariesCommand, XRayClient } from '@aws-sdk/client-xray';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { DynamoDBRecord } from 'aws-lambda';
import { parseSigningKey, signAccessToken } from '@traced-social/auth-tokens';
import { followKeys, postItemKey, userKeys } from '@traced-social/tables';
import { createEvent, encodeEvent, partitionKeyOf, type DomainEvent } from '@traced-social/events';
import {
  discoverApps,
  loadApp,
  startLocalCloud,
  type LoadedApp,
  type LocalCloud,
} from '@traced-social/local-cloud';
import { accessTokenSecretNames, type AppManifest } from '@traced-social/manifest';
import { apiTraceTree, type TraceNode } from '@traced-social/trace-model';
import { readStreamFromStart } from '@traced-social/aws-clients/testing';

/**
 * A local cloud started in-process on random ports with the apps asked for, and what a test or
 * the load script needs around it: tokens signed with the cloud's current key, a JSON API client
 * that returns the trace id of each answer, clients of the emulators, and seeding of the items
 * other apps own (profiles, posts, follow edges) when those apps are not part of the session.
 */
export interface CloudSession {
  cloud: LocalCloud;
  dynamodb: DynamoDBDocumentClient;
  kinesis: KinesisClient;
  tokenFor(user: SessionUser): Promise<string>;
  api<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown },
  ): Promise<ApiAnswer<T>>;
  /** A profile in the users table, as auth and profile would have written it. */
  seedUser(user: SessionUser): Promise<void>;
  /** A live post in the posts table, as the posts app would have written it. */
  seedPost(post: { postId?: string; authorId: string; text?: string }): Promise<string>;
  /** A follow edge, as the profile app writes it, and its USER_FOLLOWED event. */
  follow(followerId: string, followeeId: string): Promise<void>;
  /**
   * Ids of the traces matching an X-Ray filter expression (`annotation.cacheHit = false`), asked
   * of the collector with the real X-Ray client, as one would ask AWS X-Ray.
   */
  findTraces(filterExpression: string): Promise<string[]>;
  /** A trace read back with the real X-Ray client, as a tree (segments under their parents). */
  readTrace(traceId: string): Promise<TraceNode[]>;
  /** Puts a domain event (or raw bytes: a poison record) on the `events` stream. */
  publish(event: DomainEvent | Uint8Array, partitionKey?: string): Promise<void>;
  /**
   * Every record a table's DynamoDB stream holds so far, as Lambda receives them (the local cloud
   * keeps them in Kinesis): to deliver some once more to a stream handler (a replay).
   */
  tableStreamRecords(table: string): Promise<DynamoDBRecord[]>;
  stop(): Promise<void>;
}

export interface SessionUser {
  userId: string;
  username: string;
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
  traceId: string;
}

export interface CloudSessionOptions {
  /** App names under `apps/` (default: every app, as `npm start` serves them). */
  apps?: string[];
  /** Changes an app's manifest before the cloud starts (a test's own retry settings, say). */
  configure?: (manifest: AppManifest) => AppManifest;
  /** Default: as `npm start` finds it (REDIS_URL, 127.0.0.1:6379, else a redis-server). */
  redisUrl?: string;
  /** The sampling rules the cloud starts with (`npm start -- --sampling`; default `local`). */
  sampling?: 'local' | 'dev' | 'prod';
  log?: (line: string) => void;
}

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');

export async function startCloudSession(options: CloudSessionOptions = {}): Promise<CloudSession> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cloud-session-'));
  const cloud = await startLocalCloud({
    workspaceRoot: WORKSPACE_ROOT,
    dataDir,
    ports: 'random',
    // The code the session started with, whatever is edited meanwhile (decision 1431).
    reloadChangedSources: false,
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...(options.apps || options.configure
      ? { apps: selectApps(options.apps, options.configure) }
      : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.sampling ? { sampling: options.sampling } : {}),
  });
  const { env } = cloud;
  const credentials = {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
  };
  const dynamodb = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
      region: env.AWS_REGION,
      credentials,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const kinesis = new KinesisClient({
    endpoint: env.AWS_ENDPOINT_URL_KINESIS,
    region: env.AWS_REGION,
    credentials,
    requestHandler: new NodeHttpHandler(),
  });
  const xray = new XRayClient({
    endpoint: cloud.endpoints.collector,
    region: env.AWS_REGION,
    credentials,
  });
  const table = (name: string) => cloud.names.table(name);

  const publish: CloudSession['publish'] = async (event, partitionKey) => {
    const raw = event instanceof Uint8Array;
    await kinesis.send(
      new PutRecordCommand({
        StreamName: cloud.names.stream('events'),
        PartitionKey: partitionKey ?? (raw ? randomUUID() : partitionKeyOf(event)),
        Data: raw ? event : encodeEvent(event),
      }),
    );
  };

  return {
    cloud,
    dynamodb,
    kinesis,
    tokenFor: async (user) => (await signAccessToken(user, currentSigningKey(cloud))).token,
    api: async <T>(
      method: string,
      path: string,
      { token, body }: { token?: string; body?: unknown } = {},
    ): Promise<ApiAnswer<T>> => {
      const response = await fetch(`${cloud.apiUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const header = response.headers.get('x-amzn-trace-id') ?? '';
      return {
        status: response.status,
        body: (text ? JSON.parse(text) : undefined) as T,
        traceId: /Root=([^;]+)/.exec(header)?.[1] ?? '',
      };
    },
    seedUser: async (user) => {
      const now = new Date().toISOString();
      await dynamodb.send(
        new PutCommand({
          TableName: table('users'),
          Item: {
            ...userKeys.profile(user.userId),
            ...user,
            displayName: user.username,
            bio: '',
            followerCount: 0,
            followingCount: 0,
            createdAt: now,
            updatedAt: now,
          },
        }),
      );
    },
    seedPost: async ({ postId = randomUUID(), authorId, text = 'seeded post' }) => {
      const createdAt = new Date().toISOString();
      await dynamodb.send(
        new PutCommand({
          TableName: table('posts'),
          Item: { ...postItemKey(postId), postId, authorId, text, createdAt, status: 'active' },
        }),
      );
      return postId;
    },
    follow: async (followerId, followeeId) => {
      const followedAt = new Date().toISOString();
      await dynamodb.send(
        new PutCommand({
          TableName: table('follows'),
          Item: {
            ...followKeys.edge(followerId, followeeId),
            ...followKeys.followerIndex(followeeId, followerId),
            followerId,
            followeeId,
            createdAt: followedAt,
          },
        }),
      );
      await publish(createEvent('USER_FOLLOWED', { followerId, followeeId, followedAt }));
    },
    findTraces: async (filterExpression) => {
      const now = Date.now();
      const ids: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await xray.send(
          new GetTraceSummariesCommand({
            StartTime: new Date(now - 3600_000),
            EndTime: new Date(now + 60_000),
            FilterExpression: filterExpression,
            NextToken,
          }),
        );
        ids.push(...(page.TraceSummaries ?? []).map((t) => t.Id ?? ''));
        NextToken = page.NextToken;
      } while (NextToken);
      return ids;
    },
    readTrace: async (traceId) => {
      const { Traces } = await xray.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
      return apiTraceTree(Traces?.[0] ?? {});
    },
    publish,
    tableStreamRecords: async (tableName) => {
      const streamName = cloud.names.tableStream(tableName);
      return (await readStreamFromStart(kinesis, streamName)).map((record) => {
        const draft = JSON.parse(Buffer.from(record.Data ?? []).toString('utf8'));
        return {
          ...draft,
          dynamodb: { ...draft.dynamodb, SequenceNumber: record.SequenceNumber },
        } as DynamoDBRecord;
      });
    },
    stop: async () => {
      xray.destroy();
      dynamodb.destroy();
      kinesis.destroy();
      await cloud.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function selectApps(
  names: string[] | undefined,
  configure: (manifest: AppManifest) => AppManifest = (manifest) => manifest,
): LoadedApp[] {
  const apps = names
    ? names.map((app) => loadApp(join(WORKSPACE_ROOT, 'apps', app)))
    : discoverApps(WORKSPACE_ROOT);
  return apps.map((app) => ({ ...app, manifest: configure(app.manifest) }));
}

/** The key the cloud's auth functions sign with now (it changes when a test rotates the keys). */
function currentSigningKey(cloud: LocalCloud) {
  const stored = cloud.secrets.read(accessTokenSecretNames('local').signingKey);
  if (!stored) throw new Error('The local cloud has no access-token signing key');
  return parseSigningKey(stored);
}
