import { TRACE_ID_PATTERN, type SegmentDocument } from '@traced-social/trace-model';

/**
 * The other traces a trace's documents name: a Kinesis consumer's record processing sits in the
 * producer's trace with the consumer invocation's own trace as `consumerTrace` metadata (and that
 * invocation names the producer's as `producerTrace`), so the log lines of one request's work are
 * written under both trace ids.
 */
export function linkedTraceIds(documents: SegmentDocument[]): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      const named =
        key === 'consumerTrace'
          ? (inner as { root?: unknown } | null)?.root
          : key === 'producerTrace'
            ? (inner as { traceId?: unknown } | null)?.traceId
            : undefined;
      if (typeof named === 'string' && TRACE_ID_PATTERN.test(named)) found.add(named);
      else visit(inner);
    }
  };
  documents.forEach((document) => visit(document.metadata ?? {}));
  documents.forEach((document) => visit(document.subsegments ?? []));
  return [...found];
}
