import { runtime } from './runtime';
import { logger } from './telemetry/logger';

/**
 * A misuse of the conventions (invalid annotation key, bad name): thrown under NODE_ENV=test so a
 * test catches it, logged as a warning in production, where tracing must never break a request.
 */
export function conventionViolation(error: Error): void {
  if (runtime().config.strict) throw error;
  logger.warn(error.message, { convention: error.name });
}
