import { expectTrace } from '../testing';
import { useFixtureHandlers } from './support/fixture-handlers';

describe('tracedOperation nesting (on emitted segments)', () => {
  const fixtures = useFixtureHandlers();

  it('nests operations under the handler subsegment, sync and async alike', async () => {
    const { result, tree } = await fixtures.invoke({
      exportName: 'nested',
      functionName: 'nested-fn',
      event: { userId: 'user-1' },
    });

    expect(JSON.parse((result as { body: string }).body)).toEqual({
      checked: true,
      saved: 'post-1',
      sync: 'boolean',
    });
    const trace = expectTrace(tree)
      .toBeComplete()
      .toHavePath('nested-fn', 'nested-fn', '## handlers.nested', 'Request Validation')
      .toHavePath('## handlers.nested', 'CreatePost', 'GetUserProfile')
      .toHavePath('## handlers.nested', 'Left', 'Left Child')
      .toHavePath('## handlers.nested', 'Right', 'Right Child')
      .notToHavePath('Left', 'Right Child')
      .notToHavePath('Right', 'Left Child');
    trace
      .node('## handlers.nested')
      .toHaveAnnotation('operationType', 'CREATE_POST')
      .toHaveAnnotation('userId', 'user-1')
      .toHaveAnnotation('ColdStart', true)
      .toHaveAnnotation('Service', 'nested-fn')
      .toBeOk();
    expect(trace.nodes('nested-fn').map((n) => n.document.origin)).toEqual([
      'AWS::Lambda',
      'AWS::Lambda::Function',
    ]);
  });

  it('marks only the first invocation of an instance as a cold start', async () => {
    const fn = await fixtures.start({ exportName: 'nested' });
    try {
      const first = await fn.invoke({ userId: 'user-1' });
      const second = await fn.invoke({ userId: 'user-2' });
      expect(first.traceId).not.toEqual(second.traceId);
      expectTrace(first.tree).node('## handlers.nested').toHaveAnnotation('ColdStart', true);
      expectTrace(second.tree)
        .node('## handlers.nested')
        .toHaveAnnotation('ColdStart', false)
        .toHaveAnnotation('userId', 'user-2');
    } finally {
      fn.close();
    }
  });

  // One rule on both backends (cold-start.ts): only an instance Lambda started on demand has one.
  it.each(['provisioned-concurrency', 'snap-start'])(
    'gives an instance started ahead of traffic (%s) no cold start',
    async (initializationType) => {
      const fn = await fixtures.start({
        exportName: 'nested',
        env: { AWS_LAMBDA_INITIALIZATION_TYPE: initializationType },
      });
      try {
        const first = await fn.invoke({ userId: 'user-1' });
        expectTrace(first.tree).node('## handlers.nested').toHaveAnnotation('ColdStart', false);
      } finally {
        fn.close();
      }
    },
  );
});
