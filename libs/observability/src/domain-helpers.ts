import { redactCacheKey } from './conventions/redaction';
import { logger } from './telemetry/logger';
import { MetricUnit, addBusinessMetric } from './telemetry/metrics';
import { runtime } from './runtime';
import { writeAnnotation, writeMetadata } from './span-writer';

/**
 * Helpers that record the product's common operations on the current subsegment the same way in
 * every service. Call them inside the `tracedOperation` that performs the operation.
 */

/** DynamoDB: `dynamodb` metadata with the operation, table and (redacted) key parameters. */
export function traceDynamoDBOperation(
  operation: string,
  tableName: string,
  params?: Record<string, unknown>,
): void {
  const span = runtime().backend.currentSpan();
  if (!span) return;
  writeMetadata(span, 'dynamodb', { operation, tableName, ...(params ? { params } : {}) });
}

/**
 * Cache: `cache` metadata with the operation and the key (identifiers kept, secrets removed), and
 * the `cacheHit` annotation when `hit` is given, so `annotation.cacheHit = false` finds misses.
 */
export function traceCacheOperation(operation: string, key: string, hit?: boolean): void {
  const { backend, redactor } = runtime();
  if (hit !== undefined) recordCacheLookup(operation, hit);
  const span = backend.currentSpan();
  if (!span) return;
  if (hit !== undefined) writeAnnotation(span, 'cacheHit', hit);
  writeMetadata(span, 'cache', {
    operation,
    key: redactCacheKey(key, redactor),
    ...(hit !== undefined ? { hit } : {}),
  });
}

/**
 * A lookup's outcome outside the trace too: the `CacheHit`/`CacheMiss` EMF counters (the
 * dashboard's hit rate) and a log line with `cacheHit` (the saved Logs Insights query), because
 * neither CloudWatch metrics nor Logs Insights can read X-Ray annotations.
 */
function recordCacheLookup(operation: string, hit: boolean): void {
  addBusinessMetric(hit ? 'CacheHit' : 'CacheMiss', MetricUnit.Count, 1);
  logger.info('cache lookup', { cacheOperation: operation, cacheHit: hit });
}

/** Kinesis: `eventType` and `eventId` annotations and `kinesis` metadata with the partition key. */
export function traceKinesisPublish(
  eventType: string,
  eventId: string,
  partitionKey: string,
): void {
  const span = runtime().backend.currentSpan();
  if (!span) return;
  writeAnnotation(span, 'eventType', eventType);
  writeAnnotation(span, 'eventId', eventId);
  writeMetadata(span, 'kinesis', { eventType, eventId, partitionKey });
}
