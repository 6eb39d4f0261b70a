import type { CollectorContext, CollectorRoute } from './context';
import { jsonResponse, readJsonObject } from './http-api';

/**
 * An X-Ray API action as `@aws-sdk/client-xray` calls it: a POST to its path with a JSON object
 * body (anything else is an InvalidRequestException), answered 200 with the JSON `answer` returns.
 */
export function xrayAction(
  path: string,
  answer: (body: Record<string, unknown>, context: CollectorContext) => unknown,
): CollectorRoute {
  return {
    method: 'POST',
    path,
    handle: (request, context) => jsonResponse(answer(readJsonObject(request), context)),
  };
}
