import { spansToSegmentDocuments, type OtlpKeyValue, type OtlpSpan } from '../../../otlp';

/** The X-Ray mapping of OTLP spans, on hand-written requests (the shape OTLP/JSON carries). */
const TRACE = '6b0821069a1b2c3d4e5f60718293a4b5';
const str = (key: string, value: string): OtlpKeyValue => ({ key, value: { stringValue: value } });

function span(overrides: Partial<OtlpSpan>): OtlpSpan {
  return {
    traceId: TRACE,
    spanId: 'aaaaaaaaaaaaaaaa',
    parentSpanId: 'bbbbbbbbbbbbbbbb',
    name: 'CreatePost',
    kind: 1,
    startTimeUnixNano: '1795694854231000000',
    endTimeUnixNano: '1795694854569500000',
    ...overrides,
  };
}

const map = (...spans: OtlpSpan[]) =>
  spansToSegmentDocuments({
    resourceSpans: [
      { resource: { attributes: [str('service.name', 'posts')] }, scopeSpans: [{ spans }] },
    ],
  });

describe('spansToSegmentDocuments (X-Ray mapping of OTLP spans)', () => {
  it('makes an internal child span an independent subsegment with X-Ray ids and times', () => {
    const { documents, rejected } = map(span({}));
    expect(rejected).toEqual([]);
    expect(documents).toEqual([
      {
        id: 'aaaaaaaaaaaaaaaa',
        name: 'CreatePost',
        trace_id: '1-6b082106-9a1b2c3d4e5f60718293a4b5',
        parent_id: 'bbbbbbbbbbbbbbbb',
        type: 'subsegment',
        start_time: 1795694854.231,
        end_time: 1795694854.5695,
      },
    ]);
  });

  it('indexes only the attributes listed in aws.xray.annotations; the rest is metadata', () => {
    const [doc] = map(
      span({
        attributes: [
          str('userId', 'user-1'),
          { key: 'cacheHit', value: { boolValue: false } },
          { key: 'batchSize', value: { intValue: '3' } },
          str('notIndexed', 'x'),
          {
            key: 'aws.xray.annotations',
            value: {
              arrayValue: {
                values: ['userId', 'cacheHit', 'batchSize'].map((s) => ({ stringValue: s })),
              },
            },
          },
          str('aws.xray.metadata.posts', JSON.stringify({ dynamodb: { tableName: 'posts' } })),
        ],
      }),
    ).documents;
    expect(doc.annotations).toEqual({ userId: 'user-1', cacheHit: false, batchSize: 3 });
    expect(doc.metadata).toEqual({
      posts: { dynamodb: { tableName: 'posts' } },
      default: { notIndexed: 'x' },
    });
  });

  it('reads a long aws.xray.annotations list the same way (thousands of keys stay linear)', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `key${i}`);
    const [doc] = map(
      span({
        attributes: [
          ...keys.map((key) => str(key, 'v')),
          str('notIndexed', 'x'),
          {
            key: 'aws.xray.annotations',
            value: { arrayValue: { values: keys.map((s) => ({ stringValue: s })) } },
          },
        ],
      }),
    ).documents;
    expect(Object.keys(doc.annotations ?? {})).toEqual(keys);
    expect(doc.metadata).toEqual({ default: { notIndexed: 'x' } });
  });

  it('names AWS SDK spans after the service, in namespace aws, with the aws block', () => {
    const [doc] = map(
      span({
        name: 'DynamoDB',
        kind: 3,
        attributes: [
          str('rpc.system', 'aws-api'),
          str('rpc.service', 'DynamoDB'),
          str('rpc.method', 'PutItem'),
          str('aws.operation', 'PutItem'),
          str('aws.table_name', 'posts'),
          str('aws.region', 'us-east-1'),
        ],
      }),
    ).documents;
    expect(doc).toMatchObject({
      name: 'DynamoDB',
      namespace: 'aws',
      aws: { operation: 'PutItem', table_name: 'posts', region: 'us-east-1' },
    });
    expect(doc.metadata).toBeUndefined();
  });

  it('sets error (4xx), throttle (429) and fault (5xx or error status) with the exception', () => {
    const exception = {
      name: 'exception',
      attributes: [str('exception.type', 'NotFoundError'), str('exception.message', 'no post')],
    };
    const status = (code: number): OtlpKeyValue => ({
      key: 'http.response.status_code',
      value: { intValue: code },
    });
    const { documents } = map(
      span({
        spanId: '1000000000000001',
        attributes: [status(404)],
        events: [exception],
        status: { code: 2 },
      }),
      span({ spanId: '1000000000000002', attributes: [status(429)] }),
      span({ spanId: '1000000000000003', status: { code: 2, message: 'boom' } }),
    );
    expect(documents[0]).toMatchObject({
      error: true,
      http: { response: { status: 404 } },
      cause: { exceptions: [{ type: 'NotFoundError', message: 'no post' }] },
    });
    expect(documents[0].fault).toBeUndefined();
    expect(documents[1]).toMatchObject({ error: true, throttle: true });
    expect(documents[2]).toMatchObject({
      fault: true,
      cause: { exceptions: [{ message: 'boom' }] },
    });
  });

  it('makes server spans segments, named by aws.local.service, with resource metadata', () => {
    const [doc] = map(
      span({
        kind: 2,
        name: 'process',
        attributes: [str('aws.local.service', 'Kinesis Consumer')],
      }),
    ).documents;
    expect(doc.type).toBeUndefined();
    expect(doc.name).toBe('Kinesis Consumer');
    expect(doc.metadata?.default).toEqual({ 'otel.resource.service.name': 'posts' });
  });

  it('rejects spans with bad ids or no start time, and keeps the others', () => {
    const { documents, rejected } = map(
      span({ traceId: 'not-hex' }),
      span({ spanId: '123' }),
      span({ startTimeUnixNano: 0 }),
      span({ spanId: 'cccccccccccccccc' }),
    );
    expect(documents.map((d) => d.id)).toEqual(['cccccccccccccccc']);
    expect(rejected.map((r) => r.error)).toEqual([
      expect.stringContaining('traceId'),
      expect.stringContaining('spanId'),
      expect.stringContaining('startTimeUnixNano'),
    ]);
  });
});
