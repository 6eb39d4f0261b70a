import { DAEMON_HEADER } from '@traced-social/trace-model';

/** Documents per generated trace: one segment, then four independent subsegments under it. */
export const DOCUMENTS_PER_TRACE = 5;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * The `index`-th datagram of a benchmark stream: valid, distinct, realistic in size (about
 * 450 bytes), built by string concatenation so that the sender is not the bottleneck.
 */
export function benchDatagram(index: number, epochSeconds: number, run = 0): Buffer {
  const trace = Math.floor(index / DOCUMENTS_PER_TRACE);
  const position = index % DOCUMENTS_PER_TRACE;
  const traceId = `1-${hex(epochSeconds, 8)}-${hex(run, 8)}${hex(trace, 16)}`;
  const id = hex(index + 1, 16);
  const start = epochSeconds + (index % 1000) / 1000;
  if (position === 0) {
    return Buffer.from(
      `${DAEMON_HEADER}\n{"trace_id":"${traceId}","id":"${id}","name":"bench-api/local","origin":"AWS::ApiGateway::Stage",` +
        `"start_time":${start},"end_time":${start + 0.05},"http":{"request":{"method":"POST","url":"http://127.0.0.1:3000/posts",` +
        `"user_agent":"bench","client_ip":"127.0.0.1"},"response":{"status":200}},"annotations":{"operationType":"CREATE_POST","userId":"user-${trace % 100}"}}`,
    );
  }
  const parent = hex(index - position + 1, 16);
  return Buffer.from(
    `${DAEMON_HEADER}\n{"type":"subsegment","trace_id":"${traceId}","parent_id":"${parent}","id":"${id}","name":"DynamoDB","namespace":"aws",` +
      `"start_time":${start + 0.01},"end_time":${start + 0.02},"aws":{"operation":"PutItem","table_name":"posts","region":"us-east-1",` +
      `"request_id":"${id}${id}"},"http":{"response":{"status":200}},"metadata":{"bench":{"position":${position}}}}`,
  );
}
