import type { SegmentDocument } from '@traced-social/trace-model';
import { redactUrl } from '@traced-social/observability/conventions';
import { ACCOUNT_ID } from '../resources/physical-names';

export interface StageSegmentInput {
  id: string;
  traceId: string;
  /** The caller's segment, when the request came with `X-Amzn-Trace-Id: ...;Parent=...`. */
  parentId?: string;
  apiName: string;
  apiId: string;
  stage: string;
  region: string;
  requestId: string;
  resourcePath?: string;
  method: string;
  /** The request URL; its sensitive query parameters are redacted in the segment. */
  url: string;
  clientIp: string;
  userAgent?: string;
  status: number;
  contentLength: number;
  startTime: number;
  endTime: number;
  /** The Lambda integration, when a route matched: the AWS::Lambda segment's parent. */
  lambda?: {
    subsegmentId: string;
    functionName: string;
    startTime: number;
    endTime: number;
    failed: boolean;
  };
}

/** An API Gateway stage segment has a `resource_arn`, which the common shape does not list. */
export type StageSegment = SegmentDocument & { resource_arn: string };

/**
 * The segment API Gateway records for a traced request (`AWS::ApiGateway::Stage`, named
 * `<api>/<stage>`), with the Lambda integration as a subsegment under which the function's
 * segments hang. The URL goes through the observability lib's redaction, as every URL a function
 * records does: `?access_token=...` never reaches the collector.
 */
export function buildStageSegment(input: StageSegmentInput): StageSegment {
  const { status } = input;
  return {
    id: input.id,
    trace_id: input.traceId,
    ...(input.parentId ? { parent_id: input.parentId } : {}),
    name: `${input.apiName}/${input.stage}`,
    origin: 'AWS::ApiGateway::Stage',
    resource_arn: `arn:aws:apigateway:${input.region}::/restapis/${input.apiId}/stages/${input.stage}`,
    start_time: input.startTime,
    end_time: input.endTime,
    http: {
      request: {
        method: input.method,
        url: redactUrl(input.url),
        client_ip: input.clientIp,
        ...(input.userAgent ? { user_agent: input.userAgent } : {}),
        x_forwarded_for: true,
      },
      response: { status, content_length: input.contentLength },
    },
    aws: {
      api_gateway: {
        account_id: ACCOUNT_ID,
        rest_api_id: input.apiId,
        stage: input.stage,
        request_id: input.requestId,
        ...(input.resourcePath ? { resource_path: input.resourcePath } : {}),
      },
    },
    ...(status === 429
      ? { throttle: true, error: true }
      : status >= 500
        ? { fault: true }
        : status >= 400
          ? { error: true }
          : {}),
    ...(input.lambda
      ? {
          subsegments: [
            {
              id: input.lambda.subsegmentId,
              name: 'Lambda',
              namespace: 'aws',
              start_time: input.lambda.startTime,
              end_time: input.lambda.endTime,
              http: { response: { status: input.lambda.failed ? 500 : 200 } },
              aws: {
                function_name: input.lambda.functionName,
                region: input.region,
                operation: 'Invoke',
                resource_names: [input.lambda.functionName],
              },
              ...(input.lambda.failed ? { fault: true } : {}),
            },
          ],
        }
      : {}),
  };
}
