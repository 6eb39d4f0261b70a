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

/** The and / or / not structure, the same in both languages. */
export interface Junction<Node> {
  kind: 'and' | 'or';
  left: Node;
  right: Node;
}
export interface Negation<Node> {
  kind: 'not';
  operand: Node;
}

/** A keyword tested alone (true/false) or compared to a number or a string. */
export type KeywordTest<B extends string, N extends string, S extends string> =
  | { kind: 'boolean'; keyword: B; expected: boolean }
  | { kind: 'number'; keyword: N; op: NumberOperator; value: number }
  | { kind: 'string'; keyword: S; op: StringOperator; value: string };

/** A JSON value as `JSON.parse` returns it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export type FilterNode =
  | Junction<FilterNode>
  | Negation<FilterNode>
  | KeywordTest<BooleanKeyword, NumberKeyword, StringKeyword>
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
    }
  /**
   * `rootcause.json = #[{ ... }, ...]`: each object is contained in one of the trace's root causes
   * as GetTraceSummaries returns them (decision 1510); `!=` negates.
   */
  | { kind: 'rootcause-json'; op: '=' | '!='; patterns: JsonObject[] };

/** The language inside `rootcause.*.* { }`: one element (service, entity or exception). */
export type ElementFilter =
  | Junction<ElementFilter>
  | Negation<ElementFilter>
  | KeywordTest<ElementBooleanKeyword, ElementNumberKeyword, ElementStringKeyword>;

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
