import { expectTrace, invokeAsLambda, startSegmentCapture, type SegmentCapture } from '../testing';

describe('outside an invocation (context missing)', () => {
  let capture: SegmentCapture;
  beforeAll(async () => {
    capture = await startSegmentCapture();
  });
  afterAll(() => capture.close());

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
