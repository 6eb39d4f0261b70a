import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy in front of the DynamoDB emulator that counts calls by operation
 * (the `X-Amz-Target` header): what a handler really sent, retries and pages included.
 */
export interface DynamoDbCallCounter {
  endpoint: string;
  /** Calls since the last reset, by operation (`Query`, `BatchGetItem`, …). */
  take(): Record<string, number>;
  stop(): Promise<void>;
}

export async function startDynamoDbCallCounter(target: string): Promise<DynamoDbCallCounter> {
  const upstream = new URL(target);
  let counts: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const target = String(req.headers['x-amz-target'] ?? 'unknown');
    const operation = target.slice(target.lastIndexOf('.') + 1);
    counts[operation] = (counts[operation] ?? 0) + 1;
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => res.destroy(error));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    take: () => {
      const taken = counts;
      counts = {};
      return taken;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
