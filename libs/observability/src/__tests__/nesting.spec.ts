import {
  expectTrace,
  invokeAsLambda,
  startSegmentCapture,
  type SegmentCapture,
} from '@traced-social/observability/testing';

describe('tracedOperation nesting', () => {
  let capture: SegmentCapture;
  beforeAll(async () => {
    capture = await startSegmentCapture();
  });
  afterAll(() => capture.close());

  it('nests operations under the handler subsegment, sync and async alike', async () => {
    const { result, tree } = await invokeAsLambda({
      capture,
      handler: require.resolve('./fixtures/nested-handler'),
      functionName: 'nested-fn',
      event: { userId: 'user-1' },
    });
    expect(result).toEqual({
      statusCode: 201,
      body: JSON.stringify({ checked: true, saved: 'post-1' }),
    });
    expectTrace(tree)
      .toBeComplete()
      .toHavePath('nested-fn', 'nested-fn', '## nested-handler.handler', 'Request Validation')
      .toHavePath('## nested-handler.handler', 'CreatePost', 'GetUserProfile');
  });
});
