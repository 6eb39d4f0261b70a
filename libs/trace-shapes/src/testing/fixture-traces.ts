import { randomBytes } from 'node:crypto';
import {
  documentTree,
  newTraceId,
  type AnnotationValue,
  type SegmentDocument,
  type TraceNode,
} from '@traced-social/trace-model';

/**
 * Traces shaped as the local cloud sends them (API Gateway stage → Lambda → function → handler
 * subsegment → operations → AWS calls; a Kinesis consumer's segment under `PublishEvent`), with
 * fresh ids and times on every call, so tests show that shapes do not depend on either.
 */
export interface FixtureNode {
  name: string;
  annotations?: Record<string, AnnotationValue>;
  /** An AWS call: `{ operation: 'GetItem', table_name: 'local-users' }`. */
  aws?: Record<string, unknown>;
  /** Sent as a segment of another invocation (a Kinesis consumer), with its own trace id link. */
  segment?: boolean;
  children?: FixtureNode[];
}

const id = (): string => randomBytes(8).toString('hex');

export function fixtureTrace(handler: FixtureNode): TraceNode[] {
  const traceId = newTraceId();
  let clock = 1_700_000_000 + Math.random() * 1000;
  const tick = () => (clock += Math.random() / 100);
  const documents: SegmentDocument[] = [];

  const toDocument = (node: FixtureNode, parentId: string): SegmentDocument => {
    const doc: SegmentDocument = {
      id: id(),
      name: node.name,
      start_time: tick(),
      trace_id: traceId,
      parent_id: parentId,
      ...(node.segment ? {} : { type: 'subsegment' as const }),
      ...(node.aws ? { namespace: 'aws', aws: { region: 'us-east-1', ...node.aws } } : {}),
      ...(node.annotations ? { annotations: node.annotations } : {}),
    };
    documents.push(doc);
    // Shuffled: siblings arrive in any order, as concurrent calls do.
    const children = [...(node.children ?? [])].sort(() => Math.random() - 0.5);
    for (const child of children) toDocument(child, doc.id);
    doc.end_time = tick();
    return doc;
  };

  const stage: SegmentDocument = {
    id: id(),
    name: 'traced-social-local-posts/local',
    trace_id: traceId,
    start_time: tick(),
    origin: 'AWS::ApiGateway::Stage',
  };
  const fn: SegmentDocument = {
    id: id(),
    name: 'posts-create-post',
    trace_id: traceId,
    parent_id: stage.id,
    start_time: tick(),
    origin: 'AWS::Lambda::Function',
    subsegments: [{ id: id(), name: 'Initialization', start_time: tick(), end_time: tick() }],
  };
  documents.push(stage, fn);
  toDocument(handler, fn.id);
  fn.end_time = stage.end_time = tick();
  return documentTree(documents.sort(() => Math.random() - 0.5));
}

const call = (operation: string, resource: Record<string, unknown>): FixtureNode => ({
  name: operation === 'PutRecord' ? 'Kinesis' : 'DynamoDB',
  aws: { operation, ...resource },
});

/**
 * CREATE_POST as the seed draws it, for an author with `followers` followers. With `n1`, the
 * fan-out reads each follower's profile with its own `GetItem`: the N+1 a refactor brings in.
 */
export function createPostTrace(followers: number, options: { n1?: boolean } = {}): TraceNode[] {
  const perFollower = options.n1
    ? Array.from({ length: followers }, () => call('GetItem', { table_name: 'local-users' }))
    : [];
  return fixtureTrace({
    name: '## index.handler',
    annotations: {
      ColdStart: false,
      Service: 'posts',
      operationType: 'CREATE_POST',
      userId: id(),
      postId: id(),
    },
    children: [
      { name: 'JWT Verification' },
      { name: 'Request Validation' },
      {
        name: 'GetUserProfile',
        children: [call('GetItem', { table_name: 'local-users' })],
      },
      { name: 'CreatePost', children: [call('PutItem', { table_name: 'local-posts' })] },
      {
        name: 'PublishEvent',
        annotations: { eventType: 'POST_CREATED', eventId: id() },
        children: [
          call('PutRecord', {}),
          {
            name: 'Kinesis Consumer',
            segment: true,
            children: [
              {
                name: 'ReadFollowers',
                children: [
                  call('Query', { table_name: 'local-follows', index_name: 'gsi1' }),
                  ...perFollower,
                ],
              },
              { name: 'WriteFeedBatch' },
            ],
          },
        ],
      },
    ],
  });
}

/** GET_FEED on a cache miss; without `cacheHitAnnotation`, the rename that loses `cacheHit`. */
export function getFeedTrace(
  posts: number,
  options: { cacheHitAnnotation?: boolean } = {},
): TraceNode[] {
  return fixtureTrace({
    name: '## index.handler',
    annotations: { ColdStart: true, Service: 'feed', operationType: 'GET_FEED', userId: id() },
    children: [
      { name: 'JWT Verification' },
      {
        name: 'Redis Cache Read',
        ...(options.cacheHitAnnotation === false ? {} : { annotations: { cacheHit: false } }),
      },
      {
        name: 'LoadFeed',
        children: [call('Query', { table_name: 'local-feeds', limit: posts })],
      },
      { name: 'Redis Cache Write' },
    ],
  });
}

/** An operation with `count` custom subsegments; with `untracedCall`, one GetItem under the handler. */
export function wideTrace(count: number, options: { untracedCall?: boolean } = {}): TraceNode[] {
  return fixtureTrace({
    name: '## index.handler',
    annotations: { Service: 'likes', operationType: 'LIST_LIKES' },
    children: [
      ...Array.from({ length: count }, (_, i) => ({ name: `Step ${i}` })),
      ...(options.untracedCall ? [call('GetItem', { table_name: 'local-likes' })] : []),
    ],
  });
}
