import type { TraceNode } from '@traced-social/trace-model';
import {
  annotationKeysOf,
  annotationReaders,
  checkBudgets,
  deriveShapes,
  diffShapes,
  growthOf,
  observeTrace,
  readersOf,
  shapeFromJson,
  shapeToJson,
  unwrittenReads,
  type Observation,
  type OperationShape,
} from './index';
import { createPostTrace, fixtureTrace, getFeedTrace, wideTrace } from './testing/fixture-traces';

const logical = (physical: string) => physical.replace(/^local-/, '');

/** Shapes of traces recorded at each data size (`traces(size)` gives that size's requests). */
function shapesOf(
  traces: (size: number) => TraceNode[][],
  sizeUnit = 'follower',
): Map<string, OperationShape> {
  const observations: Observation[] = [];
  for (const size of [2, 5]) {
    for (const trace of traces(size)) {
      const seen = observeTrace(trace, { size, resourceName: logical });
      if (seen) observations.push(seen);
    }
  }
  return deriveShapes(observations, { sizeUnit });
}

describe('deriving a shape from traces', () => {
  it('keeps the operation tree, each AWS call with its growth, annotation keys and subsegments', () => {
    const shape = shapesOf((followers) => [createPostTrace(followers)]).get('CREATE_POST')!;

    expect(shape.app).toBe('posts');
    expect(shape.sizes).toEqual([2, 5]);
    expect(shape.annotations).toEqual([
      'ColdStart',
      'Service',
      'eventId',
      'eventType',
      'operationType',
      'postId',
      'userId',
    ]);
    expect(
      shape.calls.map((c) => [c.service, c.operation, c.resource, c.growth, c.counts, c.within]),
    ).toEqual([
      ['DynamoDB', 'GetItem', 'users', 'constant', [1, 1], ['GetUserProfile']],
      ['DynamoDB', 'PutItem', 'posts', 'constant', [1, 1], ['CreatePost']],
      [
        'DynamoDB',
        'Query',
        'follows/gsi1',
        'constant',
        [1, 1],
        ['PublishEvent > Kinesis Consumer > ReadFollowers'],
      ],
      ['Kinesis', 'PutRecord', '', 'constant', [1, 1], ['PublishEvent']],
    ]);
    // Initialization (cold starts only) and AWS calls are not operations.
    expect(shape.tree).toEqual({
      name: '## index.handler',
      children: [
        { name: 'CreatePost', children: [] },
        { name: 'GetUserProfile', children: [] },
        { name: 'JWT Verification', children: [] },
        {
          name: 'PublishEvent',
          children: [
            {
              name: 'Kinesis Consumer',
              children: [
                { name: 'ReadFollowers', children: [] },
                { name: 'WriteFeedBatch', children: [] },
              ],
            },
          ],
        },
        { name: 'Request Validation', children: [] },
      ],
    });
    // The handler's own invocation: the consumer's subsegments belong to the consumer's.
    expect(shape.subsegments).toEqual({ growth: 'constant', counts: [5, 5] });
  });

  it('writes the same bytes for the same behaviour whatever the ids, times and arrival order', () => {
    const once = shapeToJson(shapesOf((n) => [createPostTrace(n)]).get('CREATE_POST')!);
    const again = shapeToJson(shapesOf((n) => [createPostTrace(n)]).get('CREATE_POST')!);
    expect(again).toBe(once);
    expect(shapeToJson(shapeFromJson(once))).toBe(once);
  });

  it('takes the most calls any request of a size made (a cache miss and a hit of one size)', () => {
    const shape = shapesOf((posts) => [getFeedTrace(posts), getFeedTrace(posts)], 'post').get(
      'GET_FEED',
    )!;
    expect(shape.calls.map((c) => [c.operation, c.resource, c.counts])).toEqual([
      ['Query', 'feeds', [1, 1]],
    ]);
  });

  it('ignores a trace without a traced operation', () => {
    const untraced = fixtureTrace({ name: '## index.handler', children: [{ name: 'Work' }] });
    expect(observeTrace(untraced, { size: 2 })).toBeUndefined();
  });
});

describe('growth across data sizes', () => {
  it('tells one call per request from one per item and from one per batch', () => {
    expect(growthOf([2, 5], [1, 1])).toBe('constant');
    expect(growthOf([2, 5], [3, 6])).toBe('per-item');
    expect(growthOf([2, 50], [1, 2])).toBe('sublinear');
    expect(growthOf([2, 5], [3, 1])).toBe('irregular');
  });
});

describe('diffing recorded shapes with current ones', () => {
  it('names an N+1 call: one GetItem per follower instead of one per request', () => {
    const recorded = shapesOf((n) => [createPostTrace(n)]);
    const current = shapesOf((n) => [createPostTrace(n, { n1: true })]);

    expect(diffShapes(recorded, current).map((c) => c.message)).toEqual([
      'CREATE_POST: DynamoDB GetItem users now per follower (was once per request)',
    ]);
  });

  it('names a lost annotation and everything that reads it', () => {
    const readers = annotationReaders([
      { name: 'X-Ray group feed-cache-misses', filterExpression: 'annotation.cacheHit = false' },
      { name: "the dashboard's cache-hit widget", keys: ['cacheHit'] },
      { name: 'X-Ray group errors', filterExpression: 'error = true OR fault = true' },
    ]);
    const recorded = shapesOf((n) => [getFeedTrace(n)], 'post');
    const current = shapesOf((n) => [getFeedTrace(n, { cacheHitAnnotation: false })], 'post');

    const changes = diffShapes(recorded, current, readers);
    expect(changes).toEqual([
      {
        operation: 'GET_FEED',
        message:
          "GET_FEED: annotation cacheHit no longer written; used by X-Ray group feed-cache-misses and the dashboard's cache-hit widget",
        breaks: ['X-Ray group feed-cache-misses', "the dashboard's cache-hit widget"],
      },
    ]);
  });

  it('names new and removed subsegments, calls and operations, and nothing when unchanged', () => {
    const recorded = shapesOf((n) => [createPostTrace(n)]);
    expect(
      diffShapes(
        recorded,
        shapesOf((n) => [createPostTrace(n)]),
      ),
    ).toEqual([]);

    const wider = shapesOf((n) => [createPostTrace(n), wideTrace(3)]);
    const messages = diffShapes(recorded, wider).map((c) => c.message);
    expect(messages).toEqual(['LIST_LIKES: new operation, no recorded shape']);

    const feedOnly = shapesOf((n) => [getFeedTrace(n)], 'post');
    expect(diffShapes(feedOnly, recorded).map((c) => c.message)).toEqual([
      'CREATE_POST: new operation, no recorded shape',
      'GET_FEED: no longer recorded (recorded shape kept)',
    ]);

    const fewer = shapesOf(() => [wideTrace(3)]);
    const more = shapesOf(() => [wideTrace(4, { untracedCall: true })]);
    expect(diffShapes(fewer, more).map((c) => c.message)).toEqual([
      'LIST_LIKES: new call DynamoDB GetItem likes once per request outside any traced operation',
      'LIST_LIKES: new subsegment Step 3',
      'LIST_LIKES: subsegments 4 per request (was 3 per request)',
    ]);
  });
});

describe('budgets', () => {
  const budgetOf = (count: number, untracedCall = false) =>
    checkBudgets(shapesOf(() => [wideTrace(count, { untracedCall })]).get('LIST_LIKES')!);

  it('passes under 40 subsegments, warns from 40, fails past the budget of 49', () => {
    expect(budgetOf(39)).toEqual([]);
    expect(budgetOf(40)).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: 'LIST_LIKES: 40 subsegments, close to the budget of 49 (warning from 40)',
      }),
    ]);
    expect(budgetOf(50)).toEqual([
      expect.objectContaining({
        level: 'error',
        message:
          'LIST_LIKES: 50 subsegments, over the budget of 49 (operations past it run untraced)',
      }),
    ]);
  });

  it('reports an AWS call outside any traced operation', () => {
    expect(budgetOf(2, true)).toEqual([
      {
        level: 'warning',
        operation: 'LIST_LIKES',
        message: 'LIST_LIKES: DynamoDB GetItem likes called outside any traced operation',
      },
    ]);
  });
});

describe('annotation readers', () => {
  it('reads the annotation keys of an X-Ray filter expression', () => {
    expect(
      annotationKeysOf(
        'annotation.operationType = "GET_FEED" AND (annotation.cacheHit = false OR fault = true)',
      ),
    ).toEqual(['operationType', 'cacheHit']);
    expect(annotationKeysOf('responsetime > 1')).toEqual([]);
    // Wanted absent: traces without the key still match, so losing it breaks nothing.
    expect(annotationKeysOf('annotation.Service = "feed" AND !annotation.synthetic')).toEqual([
      'Service',
    ]);
  });

  it("blames only the readers of the operation's or app's traces", () => {
    const readers = annotationReaders([
      {
        name: 'X-Ray group op-GET_FEED',
        filterExpression: 'annotation.operationType = "GET_FEED"',
      },
      { name: 'X-Ray group op-LOGIN', filterExpression: 'annotation.operationType = "LOGIN"' },
      { name: 'X-Ray group app-posts', filterExpression: 'annotation.Service = "posts"' },
      { name: 'Logs Insights query errors', keys: ['operationType'] },
      // One panel, one query per operation it charts.
      { name: 'Grafana panel traces', filterExpression: 'annotation.operationType = "GET_FEED"' },
      { name: 'Grafana panel traces', filterExpression: 'annotation.operationType = "GET_POST"' },
    ]);
    expect(readersOf(readers, 'operationType', { operation: 'GET_FEED', app: 'feed' })).toEqual([
      'Grafana panel traces',
      'Logs Insights query errors',
      'X-Ray group op-GET_FEED',
    ]);
    expect(readersOf(readers, 'operationType', { operation: 'GET_POST', app: 'posts' })).toEqual([
      'Grafana panel traces',
      'Logs Insights query errors',
    ]);
    expect(readersOf(readers, 'Service', { operation: 'GET_FEED', app: 'feed' })).toEqual([]);
    expect(readersOf(readers, 'Service', { operation: 'GET_POST', app: 'posts' })).toEqual([
      'X-Ray group app-posts',
    ]);
  });

  it('finds readers that no recorded operation writes for any more', () => {
    const readers = annotationReaders([
      { name: 'X-Ray group cache-misses', filterExpression: 'annotation.cacheHit = false' },
      { name: 'X-Ray group op-LOGIN', filterExpression: 'annotation.operationType = "LOGIN"' },
    ]);
    const withCache = [...shapesOf((n) => [getFeedTrace(n)], 'post').values()];
    const without = [
      ...shapesOf((n) => [getFeedTrace(n, { cacheHitAnnotation: false })], 'post').values(),
    ];
    expect(unwrittenReads(readers, withCache)).toEqual([]);
    // LOGIN has no recorded shape here: its group is not judged.
    expect(unwrittenReads(readers, without)).toEqual([
      'annotation cacheHit is read by X-Ray group cache-misses but no recorded operation writes it',
    ]);
  });
});
