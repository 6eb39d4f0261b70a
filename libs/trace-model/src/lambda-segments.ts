import { newSegmentId } from './ids';
import type { SegmentDocument } from './segment-document';

/**
 * The two segments the Lambda service records for a traced invocation; the SDK inside the function
 * never sends them (it only sends subsegments whose parent is the function segment). A local
 * runtime or a test harness emits these itself so that the trace reads as it does in AWS:
 * caller → AWS::Lambda (the service) → AWS::Lambda::Function → `## handler` ...
 */
export interface LambdaInvocationTrace {
  traceId: string;
  /** The caller's segment or subsegment (API Gateway, a producer); absent for a root invocation. */
  upstreamParentId?: string;
  /** Id of the AWS::Lambda::Function segment: the `Parent` put into `_X_AMZN_TRACE_ID`. */
  functionSegmentId: string;
  /** Id of the AWS::Lambda service segment; generated when absent. */
  serviceSegmentId?: string;
  functionName: string;
  functionArn?: string;
  region: string;
  requestId: string;
  /** Epoch seconds. */
  startTime: number;
  endTime: number;
  /** Seconds spent loading the module on a cold start. */
  initDuration?: number;
  /** The invocation failed: an unhandled error in the function (fault) or a timeout. */
  fault?: boolean;
  /** HTTP status the service answered the invoke with (200 unless the function failed). */
  status?: number;
  /** Resource names the AWS::Lambda segment carries (`aws.resource_names`). */
  cause?: SegmentDocument['cause'];
}

export function buildLambdaSegments(
  inv: LambdaInvocationTrace,
): [SegmentDocument, SegmentDocument] {
  const serviceId = inv.serviceSegmentId ?? newSegmentId();
  const status = inv.status ?? (inv.fault ? 500 : 200);
  const service: SegmentDocument = {
    id: serviceId,
    trace_id: inv.traceId,
    ...(inv.upstreamParentId ? { parent_id: inv.upstreamParentId } : {}),
    name: inv.functionName,
    origin: 'AWS::Lambda',
    start_time: inv.startTime,
    end_time: inv.endTime,
    http: { response: { status } },
    aws: { request_id: inv.requestId, region: inv.region, resource_names: [inv.functionName] },
    ...(inv.fault ? { fault: true } : {}),
  };
  const subsegments: SegmentDocument[] = [];
  if (inv.initDuration !== undefined) {
    subsegments.push({
      id: newSegmentId(),
      name: 'Initialization',
      start_time: inv.startTime - inv.initDuration,
      end_time: inv.startTime,
    });
  }
  const fn: SegmentDocument = {
    id: inv.functionSegmentId,
    trace_id: inv.traceId,
    parent_id: serviceId,
    name: inv.functionName,
    origin: 'AWS::Lambda::Function',
    start_time: inv.startTime,
    end_time: inv.endTime,
    aws: {
      ...(inv.functionArn ? { function_arn: inv.functionArn } : {}),
      resource_names: [inv.functionName],
      account_id: '000000000000',
    },
    ...(inv.fault ? { fault: true } : {}),
    ...(inv.cause ? { cause: inv.cause } : {}),
    ...(subsegments.length ? { subsegments } : {}),
  };
  return [service, fn];
}
