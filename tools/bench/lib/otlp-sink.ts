import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpSink {
  /** `http://127.0.0.1:<port>/v1/traces`: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  endpoint: string;
  /** Export requests received so far. */
  requests(): number;
  /** Body bytes received so far. */
  bytes(): number;
  close(): Promise<void>;
}

/**
 * A stand-in OTLP/HTTP collector that only counts what it receives, answering 200 at once, or
 * after `delayMs` (a simulated round trip to a regional endpoint).
 */
export async function startOtlpSink(options: { delayMs?: number } = {}): Promise<OtlpSink> {
  let requests = 0;
  let bytes = 0;
  const server: Server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      requests += 1;
      const answer = (): void =>
        void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/v1/traces`,
    requests: () => requests,
    bytes: () => bytes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
