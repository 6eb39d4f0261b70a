import { sampleTrace, eventually } from '../testing';
import { documentTree } from '@traced-social/trace-model';
import { TraceStore } from './trace-store';

describe('TraceStore', () => {
  it('computes trace facts once ingestion pauses, so the next query finds them ready', async () => {
    const store = new TraceStore(100);
    try {
      for (let i = 0; i < 20; i++) sampleTrace().documents.forEach((d) => store.add(d));
      expect(store.pendingFacts).toBe(20);
      await eventually(() => store.pendingFacts === 0, 'facts precomputed');
      // A change makes the trace's facts stale again.
      const late = sampleTrace();
      store.add(late.gateway);
      expect(store.pendingFacts).toBe(1);
      expect(store.facts(late.traceId)?.http.status).toBe(200);
    } finally {
      store.dispose();
    }
  });

  it('answers summaries for a filter given as text or parsed, newest first', () => {
    const store = new TraceStore(10);
    const now = Date.now() / 1000;
    const older = sampleTrace({ start: now - 10, status: 500 });
    const newer = sampleTrace({ start: now - 5, status: 503 });
    const fine = sampleTrace({ start: now });
    [older, newer, fine].forEach((t) => t.documents.forEach((d) => store.add(d)));
    expect(store.summaries({ filter: 'fault' }).map((f) => f.id)).toEqual([
      newer.traceId,
      older.traceId,
    ]);
    expect(
      store.summaries({ filter: 'http.status = 503', startTime: now - 7 }).map((f) => f.id),
    ).toEqual([newer.traceId]);
    expect(() => store.summaries({ filter: 'fault =' })).toThrow(
      'Invalid filter expression at position 8',
    );
    store.dispose();
  });

  it('resolves waitForTrace when the predicate holds and the trace is quiet', async () => {
    const store = new TraceStore(10);
    const trace = sampleTrace();
    const waiting = store.waitForTrace(trace.traceId, {
      quietMs: 20,
      predicate: (t) => t.segments.length === 3,
    });
    trace.documents.forEach((d) => store.add(d));
    const assembled = await waiting;
    expect(assembled.segments.map((s) => s.name)).toEqual([
      'traced-social-api/local',
      'posts-create',
      'posts-create',
    ]);
    store.dispose();
  });
});

describe('documentTree', () => {
  it('nests independent pieces under their parents without copying, and breaks cycles', () => {
    const trace = sampleTrace();
    const roots = documentTree(trace.documents);
    expect(roots).toHaveLength(1);
    expect(roots[0].document).toBe(trace.gateway);
    const names: string[] = [];
    const walk = (node: (typeof roots)[0], depth: number) => {
      names.push(`${depth} ${node.document.name}`);
      node.children.forEach((c) => walk(c, depth + 1));
    };
    walk(roots[0], 0);
    expect(names).toEqual([
      '0 traced-social-api/local',
      '1 posts-create',
      '2 posts-create',
      '3 ## index.handler',
      '4 DynamoDB',
    ]);
    // Two segments naming each other as parent: one becomes a root, nothing loops.
    const a = { ...trace.lambda, parent_id: trace.fn.id };
    const b = { ...trace.fn, parent_id: trace.lambda.id };
    const cyclic = documentTree([a, b]);
    expect(cyclic).toHaveLength(1);
    expect(cyclic[0].children.map((c) => c.document.name)).toEqual(['posts-create']);
  });
});
