import { ANNOTATION_BUDGET, SUBSEGMENT_BUDGET, TRUNCATED_MARKER } from '../index';
import { findNodes, walkTrace, type TraceNode } from '@traced-social/trace-model';
import { expectTrace } from '../testing';
import { useFixtureHandlers } from './support/fixture-handlers';

/** Nodes under the handler subsegment: what the function itself emitted. */
function handlerNodes(tree: TraceNode[], handler: string): TraceNode[] {
  const [root] = findNodes(tree, (n) => n.document.name === handler);
  const all: TraceNode[] = [];
  walkTrace([root], (n) => all.push(n));
  return all;
}

describe('caps and budgets on emitted segments', () => {
  const fixtures = useFixtureHandlers();

  it('truncates a metadata value over the cap with a visible marker, and keeps small ones', async () => {
    const { tree, traceId } = await fixtures.invoke({
      exportName: 'bigMetadata',
      event: { size: 20_000 },
    });

    const node = expectTrace(tree).node('## handlers.bigMetadata');
    const large = node.metadata('large') as {
      truncated: boolean;
      originalBytes: number;
      preview: string;
    };
    expect(large.truncated).toBe(true);
    expect(large.originalBytes).toBeGreaterThan(20_000);
    expect(large.preview.endsWith(TRUNCATED_MARKER)).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(large))).toBeLessThanOrEqual(4096);
    expect(node.metadata('small')).toEqual({ items: 'ok' });
    for (const doc of fixtures.capture.documents(traceId)) {
      expect(Buffer.byteLength(JSON.stringify(doc))).toBeLessThan(8 * 1024);
    }
  });

  it('takes the cap from OBSERVABILITY_METADATA_MAX_BYTES', async () => {
    const { tree } = await fixtures.invoke({
      exportName: 'bigMetadata',
      event: { size: 2_000 },
      env: { OBSERVABILITY_METADATA_MAX_BYTES: '1024' },
    });

    const large = expectTrace(tree).node('## handlers.bigMetadata').metadata('large') as {
      truncated: boolean;
      preview: string;
    };
    expect(large.truncated).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(large))).toBeLessThanOrEqual(1024);
  });

  it(`runs every operation past the budget untraced: 60 operations, ${SUBSEGMENT_BUDGET} subsegments`, async () => {
    const { tree, result } = await fixtures.invoke({
      exportName: 'manyOperations',
      event: { count: 60 },
    });

    expect(result).toEqual({ statusCode: 200, body: '60' });
    const custom = handlerNodes(tree, '## handlers.manyOperations').filter((n) =>
      n.document.name.startsWith('Step '),
    );
    expect(custom).toHaveLength(SUBSEGMENT_BUDGET);
    const handler = expectTrace(tree)
      .node('## handlers.manyOperations')
      .toHaveAnnotation('droppedSubsegments', 60 - SUBSEGMENT_BUDGET);
    expect(handler.metadata('subsegmentBudget')).toEqual({
      budget: SUBSEGMENT_BUDGET,
      opened: SUBSEGMENT_BUDGET,
      dropped: 60 - SUBSEGMENT_BUDGET,
    });
  });

  it('gives every invocation of a warm instance its own budget', async () => {
    const fn = await fixtures.start({
      exportName: 'manyOperations',
    });
    try {
      for (const count of [60, 55]) {
        const { tree } = await fn.invoke({ count });
        expectTrace(tree)
          .node('## handlers.manyOperations')
          .toHaveAnnotation('droppedSubsegments', count - SUBSEGMENT_BUDGET);
      }
    } finally {
      fn.close();
    }
  });

  it('keeps annotations under X-Ray’s 50 per trace; the rest become metadata', async () => {
    const { tree } = await fixtures.invoke({
      exportName: 'manyAnnotations',
      event: { count: 45 },
      env: { POWERTOOLS_LOG_LEVEL: 'ERROR' }, // the budget's warning is expected here
    });

    let annotations = 0;
    walkTrace(tree, (n) => (annotations += Object.keys(n.document.annotations ?? {}).length));
    expect(annotations).toBeLessThan(50);
    expect(annotations).toBe(ANNOTATION_BUDGET + 2); // + ColdStart and Service
    const last = expectTrace(tree).node('Annotated 44').notToHaveAnnotation('postId');
    expect(last.metadata('droppedAnnotations')).toMatchObject({ postId: 'post-44' });
  });
});
