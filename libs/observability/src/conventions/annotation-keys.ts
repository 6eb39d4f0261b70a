import { ANNOTATION_KEY_PATTERN } from '@traced-social/trace-model';

/**
 * The annotation keys this product indexes in X-Ray. One list, so traces are searchable the same
 * way in every service, and so the ESLint rule `valid-annotation-key` can check uses against it.
 * X-Ray indexes only keys of letters, digits and underscore (`cache.hit` is silently dropped).
 * To add a key for a domain, add it here (and nowhere else: the lint rule reads this list).
 */
export const ANNOTATION_KEYS = [
  // every handler
  'operationType',
  'stage',
  'errorType',
  'statusCode',
  'droppedSubsegments',
  // identities
  'userId',
  'postId',
  'followeeId',
  'followerId',
  'notificationId',
  // cache
  'cacheHit',
  // events and batches
  'eventType',
  'eventId',
  'batchSize',
  'failedRecords',
  // ops: the sampling controller
  'samplingRule',
  'samplingAction',
  'samplingChanges',
  'boostedRules',
] as const;

export type AnnotationKey = (typeof ANNOTATION_KEYS)[number];

/** Keys the tracing backend writes itself (Powertools' convention); not for `annotate`. */
export const BACKEND_ANNOTATION_KEYS = ['ColdStart', 'Service'] as const;

/** Letters, digits and underscore: what X-Ray indexes (trace-model's one pattern). */
export const INDEXABLE_ANNOTATION_KEY = ANNOTATION_KEY_PATTERN;

const known: ReadonlySet<string> = new Set(ANNOTATION_KEYS);

export function isAnnotationKey(key: string): key is AnnotationKey {
  return known.has(key);
}

/** Why a key cannot be used as an annotation key, or `undefined` when it can. */
export function annotationKeyProblem(key: string): string | undefined {
  if (!INDEXABLE_ANNOTATION_KEY.test(key)) {
    const suggestion = key.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) =>
      c ? c.toUpperCase() : '',
    );
    return `annotation key "${key}" cannot be indexed by X-Ray (letters, digits and underscore only${suggestion ? `; did you mean "${suggestion}"?` : ''})`;
  }
  if (!isAnnotationKey(key)) {
    return `annotation key "${key}" is not one of the product's annotation keys (${ANNOTATION_KEYS.join(', ')}); add it to ANNOTATION_KEYS in libs/observability if a domain needs it`;
  }
  return undefined;
}

export class InvalidAnnotationKeyError extends Error {
  override readonly name = 'InvalidAnnotationKeyError';
}
