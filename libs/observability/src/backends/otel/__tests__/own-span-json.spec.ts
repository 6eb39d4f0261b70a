import { randomBytes } from 'node:crypto';
import { SpanKind, TraceFlags, type SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { parseDaemonDatagram } from '@traced-social/trace-model';
import { AWS_CALL_ATTRIBUTES as A, AWS_API_RPC_SYSTEM } from '../../../otlp/xray-attributes';
import { OtelSpan, type SpanSink } from '../otel-span';
import { ownSpanDatagrams } from '../own-span-json';
import { mappedSegmentDatagrams, segmentDatagrams } from '../segment-datagrams';

/**
 * The daemon export writes the backend's own spans straight to JSON (decision 1952): for every
 * batch, the datagrams must be byte for byte those of the generic mapping, whether the direct
 * writer takes the batch or leaves it to the mapping.
 */
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

function recorder(): { sink: SpanSink; ended: ReadableSpan[] } {
  const ended: ReadableSpan[] = [];
  const sink: SpanSink = {
    resource: resourceFromAttributes({ 'service.name': 'posts', 'cloud.provider': 'aws' }),
    scope: { name: 'test' },
    metadataNamespace: 'posts',
    onEnd: (span) => ended.push(span),
  };
  return { sink, ended };
}

/** A trace of spans under Lambda's function segment (a remote parent, as in Lambda). */
function trace() {
  const { sink, ended } = recorder();
  const traceId = hex(16);
  const lambda: SpanContext = {
    traceId,
    spanId: hex(8),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  };
  const start = (name: string, parent: OtelSpan | SpanContext, kind = SpanKind.INTERNAL) =>
    new OtelSpan(
      name,
      kind,
      { traceId, spanId: hex(8), traceFlags: TraceFlags.SAMPLED },
      parent instanceof OtelSpan ? parent.spanContext() : parent,
      sink,
    );
  return { lambda, start, ended };
}

function awsCall(span: OtelSpan, operation: string, extra: Record<string, string> = {}): void {
  span.setAttributes({
    [A.rpcSystem]: AWS_API_RPC_SYSTEM,
    [A.rpcService]: 'DynamoDB',
    [A.rpcMethod]: operation,
    [A.service]: 'DynamoDB',
    [A.operation]: operation,
    [A.region]: 'eu-west-1',
    [A.tableName]: 'posts',
    ...extra,
  });
  span.setAttribute(A.requestId, 'REQ123');
}

function expectSameAsMapping(spans: ReadableSpan[], direct: 'written' | 'left to the mapping') {
  const own = ownSpanDatagrams(spans);
  expect(own === undefined ? 'left to the mapping' : 'written').toBe(direct);
  const mapped = mappedSegmentDatagrams(spans);
  expect(segmentDatagrams(spans).map(String)).toEqual(mapped.map(String));
  if (own) expect(own.map(String)).toEqual(mapped.map(String));
  for (const datagram of mapped) expect(parseDaemonDatagram(datagram).ok).toBe(true);
}

describe('daemon datagrams written straight from the backend spans', () => {
  it('writes an invocation (annotations, HTTP status, operations, an AWS call) as the mapping does', () => {
    const { lambda, start, ended } = trace();
    const handler = start('## index.handler', lambda);
    handler.annotate('ColdStart', true);
    handler.annotate('Service', 'posts');
    handler.annotate('operationType', 'CREATE_POST');
    for (const name of ['JWT Verification', 'Request Validation']) start(name, handler).close();
    const create = start('CreatePost', handler);
    create.annotate('postId', 'p-1');
    create.annotate('attempt', 2);
    const call = start('DynamoDB', create, SpanKind.CLIENT);
    awsCall(call, 'PutItem');
    call.setHttpStatus(200);
    call.close();
    create.close();
    handler.setHttpStatus(201);
    handler.annotate('statusCode', 201);
    handler.close();
    expectSameAsMapping(ended, 'written');
  });

  it('copies metadata, unusual text and each AWS field as the mapping does', () => {
    const { lambda, start, ended } = trace();
    const handler = start('## h "quoted" \\ ünïcode ✓', lambda);
    handler.annotate('text', 'line\nbreak "quote" \u2028 \ud83d\ude00 \u0001');
    handler.annotate('ratio', -0.5);
    handler.addMetadata('request', { nested: { list: [1, 'two', null], 10: 'ten' }, empty: {} });
    handler.addMetadata('request', { replaced: true });
    handler.addMetadata('size', 3);
    const streams = start('Kinesis', handler, SpanKind.CLIENT);
    streams.setAttributes({
      [A.rpcSystem]: AWS_API_RPC_SYSTEM,
      [A.rpcService]: 'Kinesis',
      [A.rpcMethod]: 'PutRecord',
      [A.service]: 'AWS.SDK.Kinesis',
      [A.streamName]: 'events',
    });
    streams.close();
    const bucket = start('S3', handler, SpanKind.CLIENT);
    awsCall(bucket, 'GetObject', { [A.bucket]: 'media', [A.service]: 'S3' });
    bucket.close();
    handler.close();
    expectSameAsMapping(ended, 'written');
  });

  it.each([
    [404, 'error'],
    [429, 'throttle'],
  ])('flags an HTTP %s as the mapping does', (status) => {
    const { lambda, start, ended } = trace();
    const handler = start('## index.handler', lambda);
    const call = start('DynamoDB', handler, SpanKind.CLIENT);
    awsCall(call, 'GetItem');
    call.setHttpStatus(status);
    call.close();
    handler.setHttpStatus(status);
    handler.close();
    expectSameAsMapping(ended, 'written');
  });

  it('writes batches with several roots, and a span whose parent is not in the batch', () => {
    const { lambda, start, ended } = trace();
    const first = start('## first', lambda);
    start('child', first).close();
    first.close();
    const orphan = start('late child', start('never ended', lambda));
    orphan.close();
    expectSameAsMapping(ended, 'written');
  });

  const leftToTheMapping: Array<[string, (span: OtelSpan) => void]> = [
    ['a 5xx status (a fault)', (span) => span.setHttpStatus(503)],
    [
      'a recorded error',
      (span) => span.recordError({ type: 'TypeError', message: 'boom', kind: 'fault' }),
    ],
    ['an attribute only the mapping knows', (span) => span.setAttribute('enduser.id', 'user-1')],
    ['a number X-Ray cannot index', (span) => span.annotate('ratio', Number.NaN)],
    ['an annotation key the mapping cleans', (span) => span.annotate('odd-key', 'x')],
    [
      'a metadata namespace named default',
      (span) => span.setAttribute('aws.xray.metadata.default', '{}'),
    ],
  ];
  it.each(leftToTheMapping)('leaves a span with %s to the mapping', (_, write) => {
    const { lambda, start, ended } = trace();
    const handler = start('## index.handler', lambda);
    const step = start('Step', handler);
    write(step);
    step.close();
    handler.close();
    expectSameAsMapping(ended, 'left to the mapping');
  });

  it('leaves a server span (a segment of its own, named from the resource) to the mapping', () => {
    const { lambda, start, ended } = trace();
    const consumer = start('consumer', lambda, SpanKind.SERVER);
    start('Step', consumer).close();
    consumer.close();
    expectSameAsMapping(ended, 'left to the mapping');
  });

  it('leaves a tree too large for one datagram to the mapping (one document per span)', () => {
    const { lambda, start, ended } = trace();
    const handler = start('## index.handler', lambda);
    for (let i = 0; i < 20; i++) {
      const step = start(`Step ${i}`, handler);
      step.addMetadata('blob', 'x'.repeat(4000));
      step.close();
    }
    handler.close();
    expectSameAsMapping(ended, 'left to the mapping');
    expect(mappedSegmentDatagrams(ended)).toHaveLength(21);
  });
});
