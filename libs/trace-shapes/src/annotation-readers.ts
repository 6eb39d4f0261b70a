import { compare } from './observe';
import type { OperationShape } from './shape';
import { joinWords } from './words';

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

/**
 * A reader of one key, and whose traces it reads: a group on `annotation.operationType =
 * "GET_FEED"` reads only GET_FEED's, one on `annotation.Service = "feed"` only the feed app's.
 */
export interface KeyReader {
  name: string;
  operation?: string;
  app?: string;
}

/** Annotation key → what reads it. */
export type AnnotationReaders = ReadonlyMap<string, KeyReader[]>;

/** `annotation.KEY`, with a `!` or `NOT` before it when the expression wants it absent. */
const ANNOTATION_REFERENCE = /(!\s*|\bNOT\s+)?\bannotation\.([A-Za-z0-9_]+)/gi;

/**
 * The annotation keys an X-Ray filter expression depends on. A key it wants absent
 * (`!annotation.synthetic`) is not one: a trace without it still matches.
 */
export function annotationKeysOf(filterExpression: string): string[] {
  const matches = [...filterExpression.matchAll(ANNOTATION_REFERENCE)];
  return [...new Set(matches.filter((m) => !m[1]).map((m) => m[2]))];
}

/** The operation or app an expression is limited to (a conjunction naming one of them). */
function scopeOf(filterExpression: string): Pick<KeyReader, 'operation' | 'app'> {
  if (/\bOR\b|\bNOT\b/i.test(filterExpression)) return {};
  const operation = /annotation\.operationType\s*=\s*"([^"]+)"/.exec(filterExpression)?.[1];
  const app = /annotation\.Service\s*=\s*"([^"]+)"/.exec(filterExpression)?.[1];
  return { ...(operation ? { operation } : {}), ...(app ? { app } : {}) };
}

/** Which readers read each key (sorted by key, then by reader). */
export function annotationReaders(readers: readonly AnnotationReader[]): AnnotationReaders {
  const byKey = new Map<string, Map<string, KeyReader>>();
  for (const reader of readers) {
    const scope = reader.filterExpression ? scopeOf(reader.filterExpression) : {};
    const keys = [
      ...(reader.filterExpression ? annotationKeysOf(reader.filterExpression) : []),
      ...(reader.keys ?? []),
    ];
    for (const key of keys) {
      const held = byKey.get(key) ?? new Map<string, KeyReader>();
      // One reader per name and scope: a panel may chart several operations, one query each.
      held.set([reader.name, scope.operation, scope.app].join('\u0000'), {
        name: reader.name,
        ...scope,
      });
      byKey.set(key, held);
    }
  }
  return new Map(
    [...byKey]
      .sort(([a], [b]) => compare(a, b))
      .map(([key, held]) => [key, [...held.values()].sort((a, b) => compare(a.name, b.name))]),
  );
}

/** The names of the readers of `key` that read this operation's traces. */
export function readersOf(
  readers: AnnotationReaders,
  key: string,
  shape: Pick<OperationShape, 'operation' | 'app'>,
): string[] {
  const names = (readers.get(key) ?? [])
    .filter(
      (r) => (!r.operation || r.operation === shape.operation) && (!r.app || r.app === shape.app),
    )
    .map((r) => r.name);
  return [...new Set(names)];
}

/**
 * Readers left with nothing to read: no shape (of any app) writes a key they read. A reader
 * limited to an operation or app without any recorded shape is not judged.
 */
export function unwrittenReads(
  readers: AnnotationReaders,
  shapes: readonly OperationShape[],
): string[] {
  const problems: string[] = [];
  for (const [key, list] of readers) {
    const missing = list.filter((reader) => {
      const inScope = shapes.filter(
        (s) =>
          (!reader.operation || reader.operation === s.operation) &&
          (!reader.app || reader.app === s.app),
      );
      return inScope.length > 0 && !inScope.some((s) => s.annotations.includes(key));
    });
    if (missing.length) {
      problems.push(
        `annotation ${key} is read by ${joinWords([...new Set(missing.map((r) => r.name))])} but no recorded operation writes it`,
      );
    }
  }
  return problems;
}
