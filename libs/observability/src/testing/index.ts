/**
 * @traced-social/observability/testing: prove tracing on what is really emitted. A UDP capture
 * speaking the X-Ray daemon protocol, a harness that invokes a handler as Lambda would, and
 * assertions over the assembled trace tree.
 */
export { startSegmentCapture } from './segment-capture';
export type { SegmentCapture, WaitForTraceOptions } from './segment-capture';
export { useForSuite, useSegmentCapture } from './suite-resource';
export { invokeAsLambda, startLambdaFunction } from './invoke-as-lambda';
export type {
  InvokableHandler,
  InvokeOptions,
  LambdaFunctionInstance,
  LambdaFunctionOptions,
  LambdaInvocation,
} from './invoke-as-lambda';
export { fakeLambdaContext } from './lambda-context';
export type { FakeContextOptions } from './lambda-context';
export { expectTrace, TraceAssertionError } from './expect-trace';
export type { NodeExpectation, TraceExpectation } from './expect-trace';
