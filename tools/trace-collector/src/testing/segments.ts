import { createSocket } from 'node:dgram';
import {
  encodeDaemonDatagram,
  newSegmentId,
  newTraceId,
  type SegmentDocument,
} from '@traced-social/trace-model';

/** Builders of realistic segment documents and a UDP sender, for tests and the benchmark. */
export interface SampleTraceOptions {
  traceId?: string;
  /** Epoch seconds of the request's start (default: now). */
  start?: number;
  /** Seconds the API Gateway stage takes to answer (default 0.12). */
  responseTime?: number;
  status?: number;
  method?: string;
  url?: string;
  functionName?: string;
  annotations?: SegmentDocument['annotations'];
  /** The DynamoDB call faults (the handler still answers, as with a handled error). */
  dynamoFault?: boolean;
  user?: string;
}

export interface SampleTrace {
  traceId: string;
  /** API Gateway stage segment (root). */
  gateway: SegmentDocument;
  /** AWS::Lambda service segment. */
  lambda: SegmentDocument;
  /** AWS::Lambda::Function segment. */
  fn: SegmentDocument;
  /** `## handler` independent subsegment, parent = function segment. */
  handler: SegmentDocument;
  /** DynamoDB call, independent subsegment, parent = handler. */
  dynamo: SegmentDocument;
  /** Every document, in the order a daemon would usually receive them. */
  documents: SegmentDocument[];
}

/**
 * A request as AWS records it: API Gateway → AWS::Lambda → AWS::Lambda::Function → `## handler`
 * (independent subsegment) → DynamoDB (independent subsegment, namespace aws).
 */
export function sampleTrace(options: SampleTraceOptions = {}): SampleTrace {
  const start = options.start ?? Date.now() / 1000;
  const traceId = options.traceId ?? newTraceId(start * 1000);
  const responseTime = options.responseTime ?? 0.12;
  const end = start + responseTime;
  const status = options.status ?? 200;
  const functionName = options.functionName ?? 'posts-create';
  const faulted = status >= 500;
  const gateway: SegmentDocument = {
    id: newSegmentId(),
    trace_id: traceId,
    name: 'traced-social-api/local',
    origin: 'AWS::ApiGateway::Stage',
    start_time: start,
    end_time: end,
    http: {
      request: {
        method: options.method ?? 'POST',
        url: options.url ?? 'http://127.0.0.1:3000/posts',
        user_agent: 'jest',
        client_ip: '127.0.0.1',
      },
      response: { status },
    },
    ...(faulted ? { fault: true } : status >= 400 ? { error: true } : {}),
    ...(status === 429 ? { throttle: true } : {}),
    annotations: { stage: 'local' },
  };
  /** A document of this trace under `parent` (a segment, or an independent subsegment). */
  const under = (
    parent: SegmentDocument,
    fields: Omit<SegmentDocument, 'id' | 'trace_id' | 'parent_id'>,
  ): SegmentDocument => ({
    id: newSegmentId(),
    trace_id: traceId,
    parent_id: parent.id,
    ...fields,
  });
  const lambda = under(gateway, {
    name: functionName,
    origin: 'AWS::Lambda',
    start_time: start + 0.002,
    end_time: end - 0.002,
    http: { response: { status: 200 } },
  });
  const fn = under(lambda, {
    name: functionName,
    origin: 'AWS::Lambda::Function',
    start_time: start + 0.004,
    end_time: end - 0.004,
    ...(faulted ? { fault: true } : {}),
  });
  const handler = under(fn, {
    type: 'subsegment',
    name: '## index.handler',
    start_time: start + 0.005,
    end_time: end - 0.005,
    annotations: { ColdStart: false, Service: functionName, ...options.annotations },
    metadata: { [functionName]: { 'index.handler response': { statusCode: status } } },
    ...(options.user ? { user: options.user } : {}),
    ...(faulted ? { fault: true } : {}),
  });
  const dynamo = under(handler, {
    type: 'subsegment',
    name: 'DynamoDB',
    namespace: 'aws',
    start_time: start + 0.01,
    end_time: start + 0.03,
    aws: { operation: 'PutItem', table_name: 'posts' },
    http: { response: { status: options.dynamoFault ? 500 : 200 } },
    ...(options.dynamoFault ? { fault: true } : {}),
  });
  return {
    traceId,
    gateway,
    lambda,
    fn,
    handler,
    dynamo,
    documents: [dynamo, handler, fn, lambda, gateway],
  };
}

/** Sends each document as one X-Ray daemon datagram to `host:port`. */
export async function sendDatagrams(address: string, documents: Array<SegmentDocument | Buffer>) {
  const [host, port] = splitAddress(address);
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  try {
    for (const document of documents) {
      const datagram = Buffer.isBuffer(document) ? document : encodeDaemonDatagram(document);
      await new Promise<void>((resolve, reject) =>
        socket.send(datagram, port, host, (error) => (error ? reject(error) : resolve())),
      );
    }
  } finally {
    socket.close();
  }
}

export function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon).replace(/^\[|\]$/g, ''), Number(address.slice(colon + 1))];
}

/** Polls `condition` until it holds (or throws after `timeoutMs`): no fixed sleeps in tests. */
export async function eventually(
  condition: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
