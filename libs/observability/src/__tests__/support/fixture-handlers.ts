import {
  invokeAsLambda,
  startLambdaFunction,
  startSegmentCapture,
  type InvokeOptions,
  type LambdaFunctionInstance,
  type LambdaFunctionOptions,
  type LambdaInvocation,
  type SegmentCapture,
} from '../../testing';

const FIXTURE_HANDLERS = require.resolve('../fixtures/handlers');

type FixtureOptions<TEvent> = Omit<
  LambdaFunctionOptions<TEvent, unknown>,
  'capture' | 'handler'
> & {
  exportName: string;
};

export interface FixtureHandlers {
  /** The block's capture (open while its tests run). */
  readonly capture: SegmentCapture;
  /** `invokeAsLambda` of an export of `fixtures/handlers`, into the block's capture. */
  invoke<TEvent>(
    options: FixtureOptions<TEvent> & { event: TEvent; invoke?: InvokeOptions },
  ): Promise<LambdaInvocation<unknown>>;
  /** `startLambdaFunction` of an export of `fixtures/handlers` (several invocations, one instance). */
  start<TEvent>(options: FixtureOptions<TEvent>): Promise<LambdaFunctionInstance<TEvent, unknown>>;
}

/**
 * The setup of the specs on `fixtures/handlers`: call it in a describe block; it opens a segment
 * capture before the block's tests and closes it after them.
 */
export function useFixtureHandlers(): FixtureHandlers {
  let open: SegmentCapture | undefined;
  beforeAll(async () => {
    open = await startSegmentCapture();
  });
  afterAll(() => open?.close());
  const capture = (): SegmentCapture => {
    if (!open) throw new Error('the segment capture is open only while the tests run');
    return open;
  };
  return {
    get capture() {
      return capture();
    },
    invoke: (options) =>
      invokeAsLambda({ ...options, capture: capture(), handler: FIXTURE_HANDLERS }),
    start: (options) =>
      startLambdaFunction({ ...options, capture: capture(), handler: FIXTURE_HANDLERS }),
  };
}
