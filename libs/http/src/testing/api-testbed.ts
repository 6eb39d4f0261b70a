import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { startLocalAws, type LocalAws } from '@traced-social/aws-clients/testing';
import {
  invokeAsLambda,
  startLambdaFunction,
  startSegmentCapture,
  type LambdaFunctionInstance,
  type LambdaInvocation,
  type SegmentCapture,
} from '@traced-social/observability/testing';
import { apiEvent, TEST_ACCESS_TOKEN_ENV, type ApiEventOptions } from './api-event';

/**
 * Everything a handler contract test needs: the AWS emulators with the manifest's tables, stream
 * and bucket; a segment capture standing in for the X-Ray daemon; and the function environment
 * (endpoints, resource names, the test access-token keys) to invoke handlers as Lambda would.
 */
export interface ApiTestbed {
  aws: LocalAws;
  capture: SegmentCapture;
  env: Record<string, string>;
  /** Loads the handler fresh (a cold start), invokes it once, returns the result and its trace. */
  invoke(
    handlerPath: string,
    event: APIGatewayProxyEvent,
    env?: Record<string, string | undefined>,
  ): Promise<LambdaInvocation<APIGatewayProxyResult>>;
  /**
   * `invoke` with the event `apiEvent(request)`; an API handler always answers, so a missing
   * result (the handler threw) fails the test with what it threw.
   */
  request(
    handlerPath: string,
    request: ApiEventOptions,
    env?: Record<string, string | undefined>,
  ): Promise<ApiInvocation>;
  /** A warm function instance for many invocations (close it when done). */
  start(
    handlerPath: string,
    env?: Record<string, string | undefined>,
  ): Promise<LambdaFunctionInstance<APIGatewayProxyEvent, APIGatewayProxyResult>>;
  stop(): Promise<void>;
}

/** An invocation of an API handler, with its answer. */
export type ApiInvocation = LambdaInvocation<APIGatewayProxyResult> & {
  result: APIGatewayProxyResult;
};

export async function startApiTestbed(service: string): Promise<ApiTestbed> {
  const aws = await startLocalAws();
  const capture = await startSegmentCapture();
  const env: Record<string, string> = { ...aws.env, ...TEST_ACCESS_TOKEN_ENV, NODE_ENV: 'test' };
  const functionOptions = (
    handlerPath: string,
    extra: Record<string, string | undefined> = {},
  ) => ({
    capture,
    handler: handlerPath,
    serviceName: service,
    functionName: `${service}-${handlerPath.replace(/^.*\/|\.ts$/g, '')}`,
    env: { ...env, ...extra },
  });
  const invoke: ApiTestbed['invoke'] = (handlerPath, event, extra) =>
    invokeAsLambda<APIGatewayProxyEvent, APIGatewayProxyResult>({
      ...functionOptions(handlerPath, extra),
      event,
    });
  return {
    aws,
    capture,
    env,
    invoke,
    request: async (handlerPath, request, extra) => {
      const invocation = await invoke(handlerPath, apiEvent(request), extra);
      const { result } = invocation;
      if (!result) {
        throw new Error(`${handlerPath} answered nothing: ${String(invocation.error)}`);
      }
      return { ...invocation, result };
    },
    start: (handlerPath, extra) =>
      startLambdaFunction<APIGatewayProxyEvent, APIGatewayProxyResult>(
        functionOptions(handlerPath, extra),
      ),
    stop: async () => {
      await capture.close();
      await aws.stop();
    },
  };
}
