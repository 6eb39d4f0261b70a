import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  TokenError,
  verifyWithPublishedKeys,
  type AccessTokenClaims,
} from '@traced-social/auth-tokens';
import { annotate, tracedOperation } from '@traced-social/observability';
import { unauthorized } from './errors';

export type AuthenticatedUser = AccessTokenClaims;

/** The `Authorization: Bearer <jwt>` token of a request (header names are case-insensitive). */
export function bearerToken(event: APIGatewayProxyEvent): string | undefined {
  const header = Object.entries(event.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'authorization',
  )?.[1];
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Verifies the request's access token with the published public keys (ES256, current and
 * previous key) as the traced "JWT Verification" step and annotates `userId`. A missing,
 * expired or forged token is a 401 (the token itself is never recorded).
 */
export async function authenticate(event: APIGatewayProxyEvent): Promise<AuthenticatedUser> {
  const user = await tracedOperation('JWT Verification', async () => {
    const token = bearerToken(event);
    if (!token) throw unauthorized();
    try {
      return await verifyWithPublishedKeys(token);
    } catch (error) {
      if (error instanceof TokenError) {
        throw unauthorized(error.problem === 'expired' ? 'Token expired' : 'Token invalid');
      }
      throw error;
    }
  });
  // On the handler's subsegment, like operationType: every request of this user is findable.
  annotate('userId', user.userId);
  return user;
}
