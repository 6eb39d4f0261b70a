import { createSocket, type Socket } from 'node:dgram';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
// The JSON mapping of an export request, without serialising it (deep paths: the package index
// also loads the metrics and logs SDKs; it has no `exports` map).
import { JSON_ENCODER } from '@opentelemetry/otlp-transformer/build/src/common/utils';
import { createExportTraceServiceRequest } from '@opentelemetry/otlp-transformer/build/src/trace/internal';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { encodeDaemonDatagram } from '@traced-social/trace-model';
import type { OtlpTraceRequest } from '../../otlp/otlp-types';
import { spansToSegmentDocuments } from '../../otlp/spans-to-segments';

export interface DaemonAddress {
  host: string;
  port: number;
}

/** Lambda's (and the X-Ray SDK's) default daemon address. */
export const DEFAULT_DAEMON_ADDRESS: DaemonAddress = { host: '127.0.0.1', port: 2000 };

/**
 * AWS_XRAY_DAEMON_ADDRESS as the X-Ray SDK reads it: `host:port`, or `udp:host:port tcp:host:port`
 * (the UDP one is used).
 */
export function parseDaemonAddress(raw: string | undefined): DaemonAddress {
  if (!raw) return DEFAULT_DAEMON_ADDRESS;
  const udp = raw.split(/\s+/).find((part) => part.startsWith('udp:')) ?? raw.split(/\s+/)[0];
  const match = /^(?:udp:)?([^:\s]+):(\d+)$/.exec(udp);
  if (!match) throw new Error(`AWS_XRAY_DAEMON_ADDRESS "${raw}" is not host:port`);
  return { host: match[1], port: Number(match[2]) };
}

/**
 * Spans to the X-Ray daemon Lambda runs beside every actively traced function (decision 1903):
 * each span mapped to an X-Ray segment document as X-Ray maps OTLP (`spansToSegmentDocuments`:
 * the handler span a subsegment of Lambda's function segment) and sent as one UDP datagram, as
 * the X-Ray SDK sends its own. Nothing waits for an answer: the daemon forwards to X-Ray in the
 * background, so the export costs the invocation no round trip, no TLS and no signing.
 */
export class XRayDaemonSpanExporter implements SpanExporter {
  private readonly socket: Socket;

  constructor(private readonly address: DaemonAddress) {
    this.socket = createSocket('udp4');
    // A send the kernel refuses is reported here; tracing never fails the invocation.
    this.socket.on('error', () => undefined);
    this.socket.unref();
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const request = createExportTraceServiceRequest(spans, JSON_ENCODER) as OtlpTraceRequest;
    for (const document of spansToSegmentDocuments(request).documents) {
      this.socket.send(encodeDaemonDatagram(document), this.address.port, this.address.host);
    }
    done({ code: ExportResultCode.SUCCESS });
  }

  async forceFlush(): Promise<void> {
    // Datagrams are handed to the kernel as they are exported: nothing is pending.
  }

  async shutdown(): Promise<void> {
    this.socket.close();
  }
}
