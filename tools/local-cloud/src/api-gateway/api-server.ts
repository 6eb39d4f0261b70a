import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { redactUrl } from '@traced-social/observability/conventions';
import {
  formatTraceHeader,
  newSegmentId,
  newTraceId,
  parseTraceHeader,
  TRACE_ID_PATTERN,
} from '@traced-social/trace-model';
import type { SamplingRequest } from '@traced-social/trace-collector';
import { closeServer, listen } from '../emulators/http-server';
import type { LocalFunction, SegmentSink } from '../lambda/local-function';
import { proxyEventOf } from './proxy-event';
import {
  answerFromProxyResult,
  INTERNAL_SERVER_ERROR,
  jsonAnswer,
  type HttpAnswer,
} from './proxy-response';
import type { RouteTable } from './routes';
import { buildStageSegment } from './stage-segment';

/** API Gateway's payload limit. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export interface ApiServerOptions {
  host: string;
  port: number;
  routes: RouteTable<LocalFunction>;
  /**
   * The REST API a request belongs to: one per app, as the CDK stacks deploy them (decision
   * 0600), so X-Ray names its segment `<api name>/<stage>` as in AWS. `app` is undefined for a
   * request that matches no route.
   */
  api: (app: string | undefined) => { name: string; id: string };
  stage: string;
  region: string;
  sink: SegmentSink;
  log: (line: string) => void;
  /** Where a trace can be seen (the viewer), for the request log line. */
  traceUrl: (traceId: string) => string;
  /**
   * The sampling decision for a request that arrives without one, from the X-Ray sampling rules
   * (as API Gateway asks X-Ray); default: every request is sampled.
   */
  sample?: (request: SamplingRequest) => boolean;
}

export interface ApiServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * The local API Gateway (REST API, Lambda proxy integrations): each request becomes a proxy
 * event for the function of its route, and the function's result becomes the response. Traced as
 * API Gateway traces: an incoming `X-Amzn-Trace-Id` is honoured (its `Sampled=0` records
 * nothing), a new trace is started otherwise, and the response carries the trace header. A
 * request without a decision (`Sampled=`) is sampled by the X-Ray rules matching its stage,
 * method, path and host; the decision goes down to the function, which records nothing when not
 * sampled (nor does its handler, which reads `Sampled=0` from its trace header).
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const server = createServer((req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      options.log(`API: ${String(error)}`);
      if (!res.headersSent) send(res, INTERNAL_SERVER_ERROR());
    });
  });
  const port = await listen(server, options.host, options.port);
  return { url: `http://${options.host}:${port}`, port, stop: () => closeServer(server) };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  o: ApiServerOptions,
): Promise<void> {
  const started = Date.now();
  const requestId = randomUUID();
  const incoming = parseTraceHeader(req.headers['x-amzn-trace-id'] as string | undefined);
  const traceId = incoming && TRACE_ID_PATTERN.test(incoming.root) ? incoming.root : newTraceId();
  const segmentId = newSegmentId();
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? `${o.host}`}`);
  const method = req.method ?? 'GET';
  const match = o.routes.match(method, url.pathname);
  const sampled =
    incoming?.sampled ??
    o.sample?.({
      serviceName: `${o.api(match.kind === 'found' ? match.route.target.config.app : undefined).name}/${o.stage}`,
      serviceType: 'AWS::ApiGateway::Stage',
      httpMethod: method,
      urlPath: url.pathname,
      host: req.headers.host,
    }) ??
    true;
  const common = {
    'x-amzn-RequestId': requestId,
    'X-Amzn-Trace-Id': formatTraceHeader({ root: traceId, sampled, extra: [] }),
  };

  const body = await readBody(req, MAX_REQUEST_BYTES);
  let answer: HttpAnswer;
  let lambda: Parameters<typeof buildStageSegment>[0]['lambda'];
  let resourcePath: string | undefined;
  let target = '';
  if (body === 'too-large') {
    answer = jsonAnswer(413, { message: 'Request Entity Too Large' });
  } else if (match.kind === 'not-found') {
    answer = jsonAnswer(404, { message: `No route for ${method} ${url.pathname}` });
  } else if (match.kind === 'method-not-allowed') {
    answer = jsonAnswer(
      405,
      { message: `Method ${method} not allowed on ${url.pathname}` },
      { Allow: match.allow.join(', ') },
    );
  } else {
    const fn = match.route.target;
    target = fn.config.functionName;
    resourcePath = match.route.path;
    const subsegmentId = newSegmentId();
    const event = proxyEventOf({
      req,
      url,
      body,
      resource: match.route.path,
      pathParameters: match.pathParameters,
      requestId,
      traceHeader: formatTraceHeader({ root: traceId, parent: subsegmentId, sampled, extra: [] }),
      api: { apiId: o.api(fn.config.app).id, stage: o.stage },
    });
    const invokedAt = Date.now();
    const outcome = await fn.invoke(event, { traceId, upstreamParentId: subsegmentId, sampled });
    lambda = {
      subsegmentId,
      functionName: target,
      startTime: invokedAt / 1000,
      endTime: Date.now() / 1000,
      failed: !outcome.ok,
    };
    if (outcome.ok) {
      const mapped = answerFromProxyResult(outcome.value);
      if ('malformed' in mapped) {
        o.log(`API: ${target} returned a malformed proxy response (${mapped.malformed})`);
        answer = INTERNAL_SERVER_ERROR();
      } else answer = mapped;
    } else answer = INTERNAL_SERVER_ERROR();
  }
  answer.headers = { ...answer.headers, ...common };
  send(res, answer);
  const ended = Date.now();
  o.log(
    `${method} ${redactUrl(`${url.pathname}${url.search}`)} → ${answer.status} ${ended - started} ms${target ? ` (${target})` : ''} ${sampled ? o.traceUrl(traceId) : 'not sampled'}`,
  );
  if (!sampled) return;
  const api = o.api(match.kind === 'found' ? match.route.target.config.app : undefined);
  o.sink(
    buildStageSegment({
      id: segmentId,
      traceId,
      parentId: incoming?.parent,
      apiName: api.name,
      apiId: api.id,
      stage: o.stage,
      region: o.region,
      requestId,
      resourcePath,
      method,
      url: url.toString(),
      clientIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      userAgent: req.headers['user-agent'],
      status: answer.status,
      contentLength: answer.body.length,
      startTime: started / 1000,
      endTime: ended / 1000,
      lambda,
    }),
  );
}

function send(res: ServerResponse, answer: HttpAnswer): void {
  res.writeHead(answer.status, { ...answer.headers, 'Content-Length': answer.body.length });
  res.end(answer.body);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
