import { createHash } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { logger } from '@traced-social/observability';

/** The kinds of audit line; Logs Insights counts them by `audit`. */
export type AuditEvent = 'SIGN_IN_FAILED' | 'SIGN_IN_THROTTLED' | 'REGISTER_THROTTLED';

/**
 * An email as the audit log and the throttle store know it: SHA-256 of the lower-cased address,
 * hex, cut to 128 bits. Stable (one account's lines can be counted together), never the address.
 */
export function emailHash(email: string): string {
  return createHash('sha256').update(email.toLowerCase(), 'utf8').digest('hex').slice(0, 32);
}

/** The client address API Gateway saw (`requestContext.identity.sourceIp`). */
export function sourceIpOf(event: APIGatewayProxyEvent): string {
  return event.requestContext?.identity?.sourceIp || 'unknown';
}

/**
 * One structured audit line (a WARN, so it is kept at every log level): its kind, the hashed
 * email, the client address and what the throttle did. Never a password or an email. Count them
 * with `filter audit = "SIGN_IN_FAILED" | stats count() by bin(5m)`.
 */
export function audit(
  kind: AuditEvent,
  fields: { emailHash?: string; sourceIp: string } & Record<string, unknown>,
): void {
  logger.warn(`Auth audit: ${kind}`, { audit: kind, ...fields });
}
