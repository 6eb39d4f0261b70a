import type { ComparisonOperator, Junction, LiteralValue, Negation } from './ast';

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

/**
 * and / or / not, the same in every language of the filter: `matches(operand, subject)` evaluates
 * the operands. (The subject is passed along rather than captured: no closure per trace.)
 */
export function matchesLogical<Node, Subject>(
  node: Junction<Node> | Negation<Node>,
  matches: (operand: Node, subject: Subject) => boolean,
  subject: Subject,
): boolean {
  switch (node.kind) {
    case 'and':
      return matches(node.left, subject) && matches(node.right, subject);
    case 'or':
      return matches(node.left, subject) || matches(node.right, subject);
    case 'not':
      return !matches(node.operand, subject);
  }
}

/** A number or string keyword's test: an absent value matches no comparison. */
export function matchesValue(
  actual: LiteralValue | undefined,
  op: ComparisonOperator,
  expected: LiteralValue,
): boolean {
  return actual !== undefined && compare(actual, op, expected);
}
