/**
 * The syntax tree of an X-Ray filter expression ("Using filter expressions" in the X-Ray
 * developer guide), as far as the local collector evaluates it.
 */
/** Keyword and operator lists: the parser recognises these, the types below derive from them. */
export const BOOLEAN_KEYWORDS = ['ok', 'error', 'fault', 'throttle', 'partial'] as const;
export const NUMBER_KEYWORDS = ['responsetime', 'duration', 'http.status'] as const;
export const STRING_KEYWORDS = [
  'http.url',
  'http.method',
  'http.useragent',
  'http.clientip',
  'user',
] as const;
export const NUMBER_OPERATORS = ['=', '!=', '<', '<=', '>', '>='] as const;
export const STRING_OPERATORS = ['=', '!=', 'CONTAINS', 'BEGINSWITH', 'ENDSWITH'] as const;
/** `rootcause.<kind>.<element> { ... }`: which root causes, and which of their elements. */
export const ROOT_CAUSE_KINDS = ['fault', 'error', 'responsetime'] as const;
export const ROOT_CAUSE_ELEMENTS = ['service', 'entity', 'exception'] as const;
/** What `rootcause.*.* { }` tests on one element of a root cause. */
export const ELEMENT_BOOLEAN_KEYWORDS = ['inferred', 'first', 'last', 'remote'] as const;
export const ELEMENT_NUMBER_KEYWORDS = ['index', 'coverage'] as const;
export const ELEMENT_STRING_KEYWORDS = ['name', 'type', 'message'] as const;

export type BooleanKeyword = (typeof BOOLEAN_KEYWORDS)[number];
export type NumberKeyword = (typeof NUMBER_KEYWORDS)[number];
export type StringKeyword = (typeof STRING_KEYWORDS)[number];
export type NumberOperator = (typeof NUMBER_OPERATORS)[number];
export type StringOperator = (typeof STRING_OPERATORS)[number];
export type RootCauseKind = (typeof ROOT_CAUSE_KINDS)[number];
export type RootCauseElement = (typeof ROOT_CAUSE_ELEMENTS)[number];
export type ElementBooleanKeyword = (typeof ELEMENT_BOOLEAN_KEYWORDS)[number];
export type ElementNumberKeyword = (typeof ELEMENT_NUMBER_KEYWORDS)[number];
export type ElementStringKeyword = (typeof ELEMENT_STRING_KEYWORDS)[number];
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
  | { kind: 'edge'; source: ServiceSelector; destination: ServiceSelector; filter?: FilterNode }
  /** `group.name = "..."`, `group.arn = "..."` (or `groupname = "..."`): a group's expression. */
  | { kind: 'group'; by: 'name' | 'arn'; value: string }
  /** `rootcause.fault.service { last and name = "x" }`: some element of a root cause matches. */
  | {
      kind: 'rootcause';
      cause: RootCauseKind;
      element: RootCauseElement;
      filter?: ElementFilter;
    };

/** The language inside `rootcause.*.* { }`: one element (service, entity or exception). */
export type ElementFilter =
  | { kind: 'and' | 'or'; left: ElementFilter; right: ElementFilter }
  | { kind: 'not'; operand: ElementFilter }
  | { kind: 'boolean'; keyword: ElementBooleanKeyword; expected: boolean }
  | { kind: 'number'; keyword: ElementNumberKeyword; op: NumberOperator; value: number }
  | { kind: 'string'; keyword: ElementStringKeyword; op: StringOperator; value: string };

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
