import { compare } from './observe';

/** Annotation key → what reads it (`X-Ray group feed-cache-misses`, `the dashboard's cache-hit widget`). */
export type AnnotationReaders = ReadonlyMap<string, string[]>;

/**
 * Something outside the code that depends on annotation keys: an X-Ray group or sampling rule
 * (a filter expression: `annotation.KEY`), or a Logs Insights query, dashboard widget or alarm
 * that names the keys it reads.
 */
export interface AnnotationReader {
  /** How a reviewer knows it: `X-Ray group feed-cache-misses`. */
  name: string;
  /** A filter expression; its `annotation.KEY` references are what it reads. */
  filterExpression?: string;
  /** Keys it reads by name (logged fields of a Logs Insights query, a widget's annotation). */
  keys?: readonly string[];
}

const ANNOTATION_REFERENCE = /\bannotation\.([A-Za-z0-9_]+)/g;

/** The annotation keys an X-Ray filter expression reads. */
export function annotationKeysOf(filterExpression: string): string[] {
  return [...new Set([...filterExpression.matchAll(ANNOTATION_REFERENCE)].map((m) => m[1]))];
}

/** Which readers read each key (sorted, each reader once). */
export function annotationReaders(readers: readonly AnnotationReader[]): AnnotationReaders {
  const byKey = new Map<string, Set<string>>();
  for (const reader of readers) {
    const keys = [
      ...(reader.filterExpression ? annotationKeysOf(reader.filterExpression) : []),
      ...(reader.keys ?? []),
    ];
    for (const key of keys) byKey.set(key, (byKey.get(key) ?? new Set()).add(reader.name));
  }
  return new Map(
    [...byKey]
      .sort(([a], [b]) => compare(a, b))
      .map(([key, names]) => [key, [...names].sort(compare)]),
  );
}
