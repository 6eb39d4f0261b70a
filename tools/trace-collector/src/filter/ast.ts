/**
 * The syntax tree of an X-Ray filter expression ("Using filter expressions" in the X-Ray
 * developer guide), as far as the local collector evaluates it.
 */
export type BooleanKeyword = 'ok' | 'error' | 'fault' | 'throttle' | 'partial';
export type NumberKeyword = 'responsetime' | 'duration' | 'http.status';
export type StringKeyword =
  'http.url' | 'http.method' | 'http.useragent' | 'http.clientip' | 'user';
export type NumberOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type StringOperator = '=' | '!=' | 'CONTAINS' | 'BEGINSWITH' | 'ENDSWITH';
export type ComparisonOperator = NumberOperator | StringOperator;
export type LiteralValue = string | number | boolean;

/** Picks services by name and/or type, as `service("name")` or `id(name: "x", type: "y")` do. */
export interface ServiceSelector {
  name?: string;
  type?: string;
}

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'boolean'; keyword: BooleanKeyword; expected: boolean }
  | { kind: 'number'; keyword: NumberKeyword; op: NumberOperator; value: number }
  | { kind: 'string'; keyword: StringKeyword; op: StringOperator; value: string }
  /** `annotation.key` alone tests presence; with an operator it compares any of the values. */
  | { kind: 'annotation'; key: string; op?: ComparisonOperator; value?: LiteralValue }
  /** `service()`, `service("name")`, `id(...)`, each optionally with `{ node filter }`. */
  | { kind: 'service'; selector: ServiceSelector; filter?: FilterNode }
  | { kind: 'edge'; source: ServiceSelector; destination: ServiceSelector; filter?: FilterNode };

export class FilterSyntaxError extends Error {
  constructor(
    readonly reason: string,
    /** 0-based offset of the offending character in the expression. */
    readonly position: number,
  ) {
    super(`Invalid filter expression at position ${position + 1}: ${reason}`);
    this.name = 'FilterSyntaxError';
  }
}
