import { parseTraceHeader, TRACE_ID_PATTERN, SEGMENT_ID_PATTERN } from '@traced-social/trace-model';
import type { RemoteParent } from './backends/tracing-backend';
import { runtime } from './runtime';
import { runAndClose, writeMetadata } from './span-writer';
import { tracedOperation } from './tracing';

/**
 * Trace context through Kinesis. Kinesis does not carry X-Ray context to the consumer's Lambda,
 * so the producer puts its trace header into the event (`traceContext`) and the consumer records
 * each record's processing as a segment of the producer's trace, under the publish subsegment.
 * The field holds an X-Ray trace header whatever the backend, so backends can be mixed.
 */
export const TRACE_CONTEXT_FIELD = 'traceContext';

export interface TraceCarrier {
  traceContext?: string;
}

/**
 * A copy of `event` with the current trace header (`Root=...;Parent=<current subsegment>;Sampled=1`)
 * in `traceContext`. Call it inside the publishing subsegment ("PublishEvent"), so the consumer's
 * work hangs under it. Untraced, the copy carries no `traceContext`.
 */
export function withTraceContext<T extends object>(event: T): T & TraceCarrier {
  const header = runtime().backend.currentTraceHeader();
  return header ? { ...event, [TRACE_CONTEXT_FIELD]: header } : { ...event };
}

/**
 * Consumer side: runs `fn` for one record. In the producer's trace it is a segment named `name`
 * whose parent is the publish subsegment, holding every subsegment `fn` opens; in the consumer
 * invocation's own trace it is a subsegment `name` under the batch's handler, with the producer's
 * trace id as metadata. A record without (valid) context is traced in the consumer's trace only;
 * a record whose producer was not sampled (`Sampled=0`) is not traced at all: the request it came
 * from records nothing, so neither does its processing.
 */
export function processInProducerTrace<T>(
  event: TraceCarrier,
  name: string,
  fn: () => Promise<T>,
): Promise<T> {
  const { backend } = runtime();
  if (!backend.enabled) return fn();
  const producer = producerParent(event.traceContext);
  if (producer && !producer.sampled) {
    // Not sampled upstream: run in the producer's trace, marked not traced (nothing is sent).
    return backend.runInRemoteTrace(name, producer, (segment) =>
      segment ? runAndClose(segment, fn) : fn(),
    );
  }
  return tracedOperation(name, () => {
    if (!producer) return fn();
    const consumerSpan = backend.currentSpan();
    const consumerHeader = backend.currentTraceHeader();
    if (consumerSpan) writeMetadata(consumerSpan, 'producerTrace', producer);
    return backend.runInRemoteTrace(name, producer, (segment) => {
      if (!segment) return fn();
      if (consumerHeader) writeMetadata(segment, 'consumerTrace', parseTraceHeader(consumerHeader));
      return runAndClose(segment, fn);
    });
  });
}

function producerParent(traceContext: string | undefined): RemoteParent | undefined {
  const header = parseTraceHeader(traceContext);
  if (!header?.parent) return undefined;
  if (!TRACE_ID_PATTERN.test(header.root) || !SEGMENT_ID_PATTERN.test(header.parent))
    return undefined;
  return { traceId: header.root, parentId: header.parent, sampled: header.sampled !== false };
}
