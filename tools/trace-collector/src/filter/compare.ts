import type { ComparisonOperator, LiteralValue } from './ast';

/** Compares values of the same type; a value of another type is never equal to the expected one. */
export function compare(
  actual: LiteralValue,
  op: ComparisonOperator,
  expected: LiteralValue,
): boolean {
  if (typeof actual !== typeof expected) return op === '!=';
  switch (op) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
    case 'CONTAINS':
      return String(actual).includes(String(expected));
    case 'BEGINSWITH':
      return String(actual).startsWith(String(expected));
    case 'ENDSWITH':
      return String(actual).endsWith(String(expected));
  }
}
