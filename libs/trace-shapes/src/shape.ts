/**
 * The shape of an operation: what its traces look like once timing, ids and ordering are taken
 * out. Checked in as `apps/<app>/trace-shapes/<OPERATION>.json` and compared on every test run.
 */
export interface OperationShape {
  operation: string;
  /** The app whose handler writes `operationType` (its `Service` annotation). */
  app: string;
  /** What "data size" counted in the recording (`follower`, `post`), and the sizes used. */
  sizeUnit: string;
  sizes: number[];
  /** Operation names from the handler subsegment down (AWS calls are in `calls`). */
  tree: ShapeNode;
  calls: CallShape[];
  /** Annotation keys written anywhere in the operation's traces. */
  annotations: string[];
  /** Custom subsegments of the handler's own invocation (what the budget counts). */
  subsegments: Measure;
}

export interface ShapeNode {
  name: string;
  children: ShapeNode[];
}

/** How a count moves with the data size: constant, one per item, or slower than the items. */
export type Growth = 'constant' | 'per-item' | 'sublinear' | 'irregular';

export interface Measure {
  growth: Growth;
  /** The count at each recorded size (the most any request of that size made). */
  counts: number[];
}

export interface CallShape extends Measure {
  service: string;
  operation: string;
  /** Table (with `/index`), stream or bucket, by its logical name; '' when the call names none. */
  resource: string;
  /** The traced operations it was called from (`PublishEvent > Kinesis Consumer > ReadFollowers`). */
  within: string[];
  /** True when some call of this kind ran outside any traced operation. */
  untraced: boolean;
}

/** What one request of an operation showed, before the sizes are compared. */
export interface Observation {
  operation: string;
  app: string;
  size: number;
  tree: ShapeNode;
  calls: ObservedCall[];
  annotations: string[];
  subsegments: number;
}

export interface ObservedCall {
  service: string;
  operation: string;
  resource: string;
  /** Names of the enclosing custom subsegments, outermost first; [] directly under the handler. */
  within: string[];
  untraced: boolean;
}

export const callKey = (call: { service: string; operation: string; resource: string }): string =>
  [call.service, call.operation, call.resource].join(' ');
