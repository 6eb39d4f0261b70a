import type { SegmentDocument } from '@traced-social/trace-model';

/** One execution of an operation, as its traced handler recorded it. */
export interface OperationSample {
  operationType: string;
  durationMs: number;
  /** A fault (5xx, crash, timeout): what an availability objective counts against. */
  failed: boolean;
}

/** The annotation canary traffic carries on its trace (dashboards and SLOs leave it out). */
export const SYNTHETIC_ANNOTATION = 'synthetic';

function* walk(nodes: SegmentDocument[]): Generator<SegmentDocument> {
  for (const node of nodes) {
    yield node;
    yield* walk(node.subsegments ?? []);
  }
}

/**
 * The operation samples of one trace: every segment or subsegment annotated with an
 * `operationType` (the handler's; a Kinesis consumer in the producer's trace is a sample of its
 * own operation). A trace annotated `synthetic = true` anywhere yields none unless asked.
 */
export function operationSamples(
  documents: SegmentDocument[],
  options: { includeSynthetic?: boolean } = {},
): OperationSample[] {
  const nodes = [...walk(documents)];
  const synthetic = nodes.some((node) => node.annotations?.[SYNTHETIC_ANNOTATION] === true);
  if (synthetic && !options.includeSynthetic) return [];
  return nodes.flatMap((node) => {
    const operationType = node.annotations?.operationType;
    if (typeof operationType !== 'string' || node.end_time === undefined) return [];
    return [
      {
        operationType,
        durationMs: Math.round((node.end_time - node.start_time) * 1000),
        failed: node.fault === true,
      },
    ];
  });
}
