import type { SegmentDocument } from './segment-document';

/** A trace as X-Ray's BatchGetTraces returns it, plus the pieces whose parent never arrived. */
export interface AssembledTrace {
  id: string;
  /**
   * Top-level segments, each with the independent subsegments that belong to it merged into its
   * `subsegments`, ordered by start time.
   */
  segments: SegmentDocument[];
  /**
   * Independent subsegments whose parent was never received (in Lambda the function segment comes
   * from the Lambda service, so a capture without it sees the handler's subsegments here).
   */
  orphans: SegmentDocument[];
}

/**
 * Collects segment documents arriving in any order and more than once, and assembles them into
 * traces. A document with an id already held replaces the earlier copy, except that an
 * `in_progress` copy never replaces a completed one.
 */
export class TraceAssembler {
  private readonly traces = new Map<string, Map<string, SegmentDocument>>();

  /** Adds one valid top-level document; returns its trace id. */
  add(document: SegmentDocument): string {
    const traceId = document.trace_id;
    if (!traceId) throw new Error('a top-level segment document needs a trace_id');
    let documents = this.traces.get(traceId);
    if (!documents) {
      documents = new Map();
      this.traces.set(traceId, documents);
    }
    const previous = documents.get(document.id);
    if (!previous || !(document.in_progress && !previous.in_progress)) {
      documents.set(document.id, document);
    }
    return traceId;
  }

  has(traceId: string): boolean {
    return this.traces.has(traceId);
  }

  delete(traceId: string): boolean {
    return this.traces.delete(traceId);
  }

  get size(): number {
    return this.traces.size;
  }

  /** Trace ids, oldest first (in order of their first document's arrival). */
  traceIds(): IterableIterator<string> {
    return this.traces.keys();
  }

  /** The raw documents held for a trace, as received (latest copy of each id). */
  documents(traceId: string): SegmentDocument[] {
    return [...(this.traces.get(traceId)?.values() ?? [])];
  }

  assemble(traceId: string): AssembledTrace | undefined {
    const documents = this.traces.get(traceId);
    if (!documents) return undefined;
    return assembleDocuments(traceId, [...documents.values()]);
  }
}

/** Assembles one trace's documents (see {@link AssembledTrace}); the inputs are not modified. */
export function assembleDocuments(traceId: string, documents: SegmentDocument[]): AssembledTrace {
  const copies = documents.map((d) => structuredClone(d));
  const byId = new Map<string, SegmentDocument>();
  const index = (node: SegmentDocument): void => {
    const held = byId.get(node.id);
    if (!held || (held.in_progress && !node.in_progress)) byId.set(node.id, node);
    node.subsegments?.forEach(index);
  };
  copies.forEach(index);

  const orphans: SegmentDocument[] = [];
  for (const doc of copies) {
    if (doc.type !== 'subsegment') continue;
    const parent = doc.parent_id ? byId.get(doc.parent_id) : undefined;
    if (!parent || parent === doc) {
      orphans.push(doc);
      continue;
    }
    const siblings = (parent.subsegments ??= []);
    const same = siblings.findIndex((s) => s.id === doc.id);
    if (same < 0) siblings.push(doc);
    else if (!(doc.in_progress && !siblings[same].in_progress)) siblings[same] = doc;
  }
  const byStart = (a: SegmentDocument, b: SegmentDocument) => a.start_time - b.start_time;
  for (const node of byId.values()) node.subsegments?.sort(byStart);
  return {
    id: traceId,
    segments: copies.filter((d) => d.type !== 'subsegment').sort(byStart),
    orphans: orphans.sort(byStart),
  };
}
