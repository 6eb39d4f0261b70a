import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SegmentDocument } from '@traced-social/trace-model';
import { spansToSegmentDocuments, type OtlpTraceRequest } from '../otlp';

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>/v1/traces`: the value for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  readonly endpoint: string;
  close(): Promise<void>;
}

export interface OtlpReceiverHandlers {
  /** Every request body as received (for "no secret anywhere" checks). */
  onBody(body: Buffer): void;
  /** The segment documents X-Ray's mapping makes of the request's spans. */
  onDocuments(documents: SegmentDocument[]): void;
  onRejected(reason: string): void;
}

/**
 * OTLP/HTTP JSON on a random loopback port, for tests of the OpenTelemetry backend: spans are
 * mapped to segment documents as X-Ray maps them, before the export request is answered, so an
 * invocation that flushed has its spans in the capture when it returns.
 */
export async function startOtlpReceiver(handlers: OtlpReceiverHandlers): Promise<OtlpReceiver> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      handlers.onBody(body);
      const type = req.headers['content-type'] ?? '';
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !type.includes('json')) {
        handlers.onRejected(`unexpected ${req.method} ${req.url} (${type})`);
        res.writeHead(req.url === '/v1/traces' ? 415 : 404).end();
        return;
      }
      let request: OtlpTraceRequest;
      try {
        request = JSON.parse(body.toString('utf8')) as OtlpTraceRequest;
      } catch {
        handlers.onRejected('OTLP body is not JSON');
        res.writeHead(400).end();
        return;
      }
      const { documents, rejected } = spansToSegmentDocuments(request);
      rejected.forEach((r) => handlers.onRejected(`span ${r.spanId}: ${r.error}`));
      handlers.onDocuments(documents);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/v1/traces`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
