import { expectTrace, invokeAsLambda, useSegmentCapture } from '../testing';

describe('outside an invocation (context missing)', () => {
  const capture = useSegmentCapture();

  it('runs the code, records nothing and never throws', async () => {
    const { result, error, tree } = await invokeAsLambda({
      capture,
      handler: require.resolve('./fixtures/outside-handler'),
      event: {},
    });

    expect(error).toBeUndefined();
    expect(JSON.parse((result as { body: string }).body)).toEqual({
      computedAtInit: 42,
      stamped: { type: 'INIT' },
    });
    expectTrace(tree).notToHavePath('Init Work').node('## outside-handler.handler').toBeOk();
    expect(capture.rejected()).toEqual([]);
  });
});
