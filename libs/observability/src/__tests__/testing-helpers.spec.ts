import { createSocket } from 'node:dgram';
import {
  assembleDocuments,
  buildTraceTree,
  encodeDaemonDatagram,
  newSegmentId,
  newTraceId,
  type SegmentDocument,
} from '@traced-social/trace-model';
import {
  expectTrace,
  startSegmentCapture,
  TraceAssertionError,
  useSegmentCapture,
} from '../testing';

function sampleTree() {
  const traceId = newTraceId();
  const handlerId = newSegmentId();
  const docs: SegmentDocument[] = [
    {
      id: newSegmentId(),
      trace_id: traceId,
      name: 'fn',
      start_time: 1,
      end_time: 2,
      origin: 'AWS::Lambda::Function',
    },
    {
      id: handlerId,
      trace_id: traceId,
      type: 'subsegment',
      parent_id: 'ffffffffffffffff',
      name: '## index.handler',
      start_time: 1.1,
      end_time: 1.9,
      annotations: { operationType: 'CREATE_POST' },
      metadata: { posts: { request: { id: 1 } } },
      fault: true,
      cause: { exceptions: [{ type: 'StorageError', message: 'disk full' }] },
      subsegments: [{ id: newSegmentId(), name: 'CreatePost', start_time: 1.2, in_progress: true }],
    },
  ];
  return buildTraceTree(assembleDocuments(traceId, docs));
}

describe('expectTrace', () => {
  it('passes on what the tree holds', () => {
    const trace = expectTrace(sampleTree()).toHavePath('## index.handler', 'CreatePost');
    const handler = trace
      .node('## index.handler')
      .toHaveAnnotation('operationType', 'CREATE_POST')
      .toHaveMetadata('request', 'posts')
      .toBeFault()
      .toHaveException('StorageError', 'disk')
      .toBeClosed();
    expect(handler.metadata('request')).toEqual({ id: 1 });
    expect(handler.childNames()).toEqual(['CreatePost']);
    expect(trace.paths()).toContain('## index.handler > CreatePost');
  });

  it('fails with the rendered tree in the message', () => {
    const trace = expectTrace(sampleTree());
    const failure = (fn: () => unknown): TraceAssertionError => {
      try {
        fn();
      } catch (error) {
        return error as TraceAssertionError;
      }
      throw new Error('expected an assertion failure');
    };
    const missing = failure(() => trace.toHavePath('## index.handler', 'DeletePost'));
    expect(missing).toBeInstanceOf(TraceAssertionError);
    expect(missing.message).toMatch(/expected a path ending with "## index.handler > DeletePost"/);
    expect(missing.message).toContain('└─ CreatePost');
    expect(failure(() => trace.toBeComplete()).message).toMatch(
      /"CreatePost" is still in progress/,
    );
    expect(failure(() => trace.node('Nope')).message).toMatch(
      /exactly one node named "Nope", found 0/,
    );
    expect(failure(() => trace.node('## index.handler').toBeOk()).message).toMatch(/no fault/);
    expect(
      failure(() => trace.node('## index.handler').toHaveAnnotation('operationType', 'X')).message,
    ).toMatch(/got "CREATE_POST"/);
  });
});

describe('startSegmentCapture', () => {
  it('assembles valid datagrams, keeps the raw bytes, reports the malformed ones', async () => {
    const capture = await startSegmentCapture();
    const sender = createSocket('udp4');
    try {
      const traceId = newTraceId();
      const doc: SegmentDocument = {
        id: newSegmentId(),
        trace_id: traceId,
        name: 'svc',
        start_time: 1,
        end_time: 2,
      };
      const send = (payload: Buffer) =>
        new Promise<void>((resolve, reject) =>
          sender.send(payload, capture.port, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
        );
      await send(Buffer.from('not a datagram'));
      await send(encodeDaemonDatagram(doc));

      const tree = await capture.waitForTrace(traceId, { quietMs: 50 });
      expect(tree.map((n) => n.document.name)).toEqual(['svc']);
      expect(capture.traceIds()).toContain(traceId);
      expect(capture.rawBytes().toString()).toContain('not a datagram');
      expect(capture.rejected()).toEqual(['missing newline after the header']);
      await expect(capture.waitForTrace(newTraceId(), { timeoutMs: 100 })).rejects.toThrow(
        /0 document\(s\) after 100 ms, expected at least 1/,
      );
    } finally {
      sender.close();
      await capture.close();
    }
  });
});

describe('useSegmentCapture', () => {
  const capture = useSegmentCapture();

  it('is a started capture in the tests of its describe', async () => {
    const traceId = newTraceId();
    const doc = encodeDaemonDatagram({
      id: newSegmentId(),
      trace_id: traceId,
      name: 'svc',
      start_time: 1,
      end_time: 2,
    });
    const sender = createSocket('udp4');
    try {
      await new Promise<void>((resolve, reject) =>
        sender.send(doc, capture.port, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
      );
    } finally {
      sender.close();
    }
    const tree = await capture.waitForTrace(traceId, { quietMs: 50 });
    expect(tree.map((n) => n.document.name)).toEqual(['svc']);
    expect(capture.address).toBe(`127.0.0.1:${capture.port}`);
  });
});
