import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { authenticate, type AuthenticatedUser } from './authentication';
import { validateRequest, type Schema } from './request-validation';

export interface AuthenticatedPathId {
  user: AuthenticatedUser;
  /** The validated value of the path parameter. */
  id: string;
}

/**
 * The start of a route on one resource (`/posts/{postId}`): verifies the caller as the traced
 * "JWT Verification" step (401), then validates the one path parameter `name` with `schema` as
 * "Request Validation" (400 with `path.<name>`), in that order, exactly as a handler calling
 * `authenticate` and `validateRequest` itself would.
 */
export async function authenticatedPathId(
  event: APIGatewayProxyEvent,
  name: string,
  schema: Schema<string>,
): Promise<AuthenticatedPathId> {
  const user = await authenticate(event);
  const { pathParameters } = validateRequest(event, {
    pathParameters: z.object({ [name]: schema }),
  });
  return { user, id: pathParameters[name] };
}
