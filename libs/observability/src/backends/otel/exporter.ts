import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { parseDaemonAddress, XRayDaemonSpanExporter, type DaemonAddress } from './daemon-exporter';
import type { RequestSigner } from './sigv4-signer';

export type OtlpProtocol = 'http/json' | 'http/protobuf';

export interface OtelExportOptions {
  /**
   * Set (OBSERVABILITY_OTEL_EXPORT=xray-daemon): spans go as segment documents over UDP to the
   * X-Ray daemon at AWS_XRAY_DAEMON_ADDRESS, and the OTLP options below are not used.
   */
  xrayDaemon?: DaemonAddress;
  /** The OTLP/HTTP traces endpoint (`.../v1/traces`). */
  url: string;
  protocol: OtlpProtocol;
  /** Per export request (ms). */
  timeoutMs: number;
  /** The longest the flush ending an invocation waits for the export (ms). */
  flushTimeoutMs: number;
  /** Signs each request (SigV4), for an endpoint that requires it, such as X-Ray's. */
  signer?: RequestSigner;
}

/** The ADOT collector extension (and any local OpenTelemetry collector) listens here. */
export const DEFAULT_OTLP_TRACES_ENDPOINT = 'http://localhost:4318/v1/traces';
export const DEFAULT_FLUSH_TIMEOUT_MS = 2000;
/** Spans kept for the next export when one fails (the oldest go first past it). */
export const MAX_RETAINED_SPANS = 2048;

/**
 * Where and how spans go, from the standard OpenTelemetry variables:
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (as is), else OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`,
 * else the ADOT collector extension's local endpoint; OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL
 * `http/json` (default) or `http/protobuf`; OBSERVABILITY_OTEL_FLUSH_TIMEOUT_MS bounds the wait at
 * the end of an invocation (default 2000); OBSERVABILITY_OTLP_SIGV4_SERVICE (`xray` for X-Ray's
 * OTLP endpoint) signs each request with SigV4 in AWS_REGION with the function's credentials.
 */
export function readOtelExportOptions(env: NodeJS.ProcessEnv = process.env): OtelExportOptions {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (protocol && protocol !== 'http/json' && protocol !== 'http/protobuf') {
    throw new Error(
      `OTEL_EXPORTER_OTLP_PROTOCOL must be http/json or http/protobuf, not "${protocol}"`,
    );
  }
  return {
    url:
      env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
      (base ? `${base}/v1/traces` : DEFAULT_OTLP_TRACES_ENDPOINT),
    protocol: (protocol as OtlpProtocol | undefined) ?? 'http/json',
    timeoutMs: DEFAULT_FLUSH_TIMEOUT_MS,
    flushTimeoutMs: positiveInt(env.OBSERVABILITY_OTEL_FLUSH_TIMEOUT_MS, DEFAULT_FLUSH_TIMEOUT_MS),
    ...(env.OBSERVABILITY_OTLP_SIGV4_SERVICE
      ? { signer: sigV4Signer(env.OBSERVABILITY_OTLP_SIGV4_SERVICE, env) }
      : {}),
    ...(exportTo(env) === 'xray-daemon'
      ? { xrayDaemon: parseDaemonAddress(env.AWS_XRAY_DAEMON_ADDRESS) }
      : {}),
  };
}

/** OBSERVABILITY_OTEL_EXPORT: `otlp` (default) or `xray-daemon` (decision 1903). */
function exportTo(env: NodeJS.ProcessEnv): 'otlp' | 'xray-daemon' {
  const to = env.OBSERVABILITY_OTEL_EXPORT || 'otlp';
  if (to !== 'otlp' && to !== 'xray-daemon') {
    throw new Error(`OBSERVABILITY_OTEL_EXPORT must be otlp or xray-daemon, not "${to}"`);
  }
  return to;
}

/**
 * OTLP/HTTP export of finished spans: the request body is made by `@opentelemetry/otlp-transformer`
 * (the serializers the official exporters use) and posted with Node's own http client over a
 * keep-alive connection. (The official `exporter-trace-otlp-http` loads `http` with a dynamic
 * `import()`, which Jest's module sandbox cannot run, and retries in the background, which a
 * frozen Lambda instance cannot honour.) Spans of a failed export are kept (up to
 * MAX_RETAINED_SPANS) and sent again with the next export, so an unreachable collector during
 * one invocation loses nothing once it answers again.
 */
export class OtlpHttpSpanExporter implements SpanExporter {
  private readonly pending = new Set<Promise<void>>();
  private retained: ReadableSpan[] = [];
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly target: URL;
  private readonly serializer: TraceSerializer;

  constructor(private readonly options: OtelExportOptions) {
    this.target = new URL(options.url);
    this.serializer = traceSerializer(options.protocol);
    this.agent =
      this.target.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true })
        : new HttpAgent({ keepAlive: true });
  }

  export(fresh: ReadableSpan[], done: (result: ExportResult) => void): void {
    const spans = this.retained.length ? [...this.retained, ...fresh] : fresh;
    this.retained = [];
    const json = this.options.protocol === 'http/json';
    const body = this.serializer.serializeRequest(spans);
    if (!body) {
      done({ code: ExportResultCode.FAILED, error: new Error('spans could not be serialised') });
      return;
    }
    const sent = this.post(Buffer.from(body), json ? 'application/json' : 'application/x-protobuf')
      .then(
        () => done({ code: ExportResultCode.SUCCESS }),
        (error: Error) => {
          this.retained = [...spans, ...this.retained].slice(-MAX_RETAINED_SPANS);
          done({ code: ExportResultCode.FAILED, error });
        },
      )
      .finally(() => this.pending.delete(sent));
    this.pending.add(sent);
  }

  async forceFlush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    this.agent.destroy();
  }

  private async post(body: Buffer, contentType: string): Promise<void> {
    const send = this.target.protocol === 'https:' ? httpsRequest : httpRequest;
    const unsigned = { 'content-type': contentType, 'content-length': String(body.length) };
    const headers = this.options.signer
      ? await this.options.signer(this.target, unsigned, body)
      : unsigned;
    return new Promise((resolve, reject) => {
      const req = send(
        this.target,
        { method: 'POST', agent: this.agent, timeout: this.options.timeoutMs, headers },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode && res.statusCode < 300
              ? resolve()
              : reject(new Error(`OTLP export answered HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error('OTLP export timed out')));
      req.on('error', reject);
      req.end(body);
    });
  }
}

export function createSpanExporter(options: OtelExportOptions): SpanExporter {
  return options.xrayDaemon
    ? new XRayDaemonSpanExporter(options.xrayDaemon)
    : new OtlpHttpSpanExporter(options);
}

interface TraceSerializer {
  serializeRequest(spans: ReadableSpan[]): Uint8Array | undefined;
}

/**
 * The trace serializer of `@opentelemetry/otlp-transformer`, loaded only for an OTLP export: the
 * daemon export (as deployed, decision 1903) builds no OTLP request, and the transformer's module
 * graph would stay in its heap (decision 1931). Deep paths: the package index also loads the
 * metrics and logs SDKs, and the package has no `exports` map, so these paths are what it ships.
 */
function traceSerializer(protocol: OtlpProtocol): TraceSerializer {
  return protocol === 'http/json'
    ? (
        require('@opentelemetry/otlp-transformer/build/src/trace/json') as typeof import('@opentelemetry/otlp-transformer/build/src/trace/json')
      ).JsonTraceSerializer
    : (
        require('@opentelemetry/otlp-transformer/build/src/trace/protobuf') as typeof import('@opentelemetry/otlp-transformer/build/src/trace/protobuf')
      ).ProtobufTraceSerializer;
}

/** Loaded only when signing is asked for: the signer pulls in ~140 KB of the AWS SDK's core. */
function sigV4Signer(service: string, env: NodeJS.ProcessEnv): RequestSigner {
  const { createSigV4Signer, credentialsFromEnv } =
    require('./sigv4-signer') as typeof import('./sigv4-signer');
  return createSigV4Signer({
    service,
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: credentialsFromEnv(env),
  });
}

function positiveInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    throw new Error(`OBSERVABILITY_OTEL_FLUSH_TIMEOUT_MS must be a positive integer, got "${raw}"`);
  }
  return n;
}
