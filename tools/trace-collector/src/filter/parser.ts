import { ANNOTATION_KEY_PATTERN } from '@traced-social/trace-model';
import {
  BOOLEAN_KEYWORDS,
  ELEMENT_BOOLEAN_KEYWORDS,
  ELEMENT_NUMBER_KEYWORDS,
  ELEMENT_STRING_KEYWORDS,
  FilterSyntaxError,
  NUMBER_KEYWORDS,
  NUMBER_OPERATORS,
  ROOT_CAUSE_ELEMENTS,
  ROOT_CAUSE_KINDS,
  STRING_KEYWORDS,
  STRING_OPERATORS,
  type ComparisonOperator,
  type ElementFilter,
  type FilterNode,
  type JsonObject,
  type LiteralValue,
  type NumberOperator,
  type RootCauseElement,
  type RootCauseKind,
  type ServiceSelector,
  type StringOperator,
} from './ast';
import { tokenize, type Token } from './tokenizer';

/** Is `word` one of `list` (a keyword list of ast.ts)? Narrows it to that list's union. */
function isOneOf<T extends string>(list: readonly T[], word: string): word is T {
  return (list as readonly string[]).includes(word);
}

const STRING_WORD_OPERATORS = STRING_OPERATORS.filter((op) => /^[A-Z]+$/.test(op));
/** Keywords of X-Ray's language that this collector does not evaluate: named, not "unknown". */
const UNSUPPORTED = /^json(\..*)?$/i;
const ROOT_CAUSE = /^rootcause\.([a-z]+)\.([a-z]+)$/;
const GROUP_KEYWORDS: Record<string, 'name' | 'arn'> = {
  'group.name': 'name',
  groupname: 'name',
  'group.arn': 'arn',
};

/** Which keywords a position accepts: the whole trace, or one service/edge inside `{ }`. */
type Scope = 'trace' | 'node';

/** A node of either language: the and/or/not structure is the same. */
type AnyNode =
  | FilterNode
  | ElementFilter
  | { kind: 'and' | 'or'; left: AnyNode; right: AnyNode }
  | { kind: 'not'; operand: AnyNode };

/**
 * Parses an X-Ray filter expression into a {@link FilterNode} tree (recursive descent).
 * Precedence, lowest first: OR, AND (also implied by juxtaposition: `ok !partial duration < 3`),
 * NOT / `!`. Keywords and operators are case-insensitive; annotation keys and strings are not.
 * Throws {@link FilterSyntaxError} with the 0-based position of the offending token.
 */
export function parseFilterExpression(source: string): FilterNode {
  const parser = new Parser(tokenize(source));
  if (parser.peek().type === 'eof') throw new FilterSyntaxError('the expression is empty', 0);
  const tree = parser.expression('trace');
  parser.expect('eof', 'end of the expression');
  return tree;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.type !== 'eof') this.index++;
    return token;
  }

  private isWord(token: Token, word: string): boolean {
    return token.type === 'word' && token.text.toUpperCase() === word;
  }

  expect(type: Token['type'], what: string): Token {
    const token = this.peek();
    if (token.type !== type) this.fail(`expected ${what}`, token);
    return this.next();
  }

  private fail(reason: string, token: Token): never {
    throw new FilterSyntaxError(`${reason}, found ${describe(token)}`, token.position);
  }

  expression(scope: Scope): FilterNode {
    // Terms of one language only: the tree is of that language.
    return this.logical(() => this.term(scope)) as FilterNode;
  }

  /** OR of ANDs of (NOT) terms, over either language's terms. */
  private logical(term: () => AnyNode): AnyNode {
    let left = this.conjunction(term);
    while (this.isWord(this.peek(), 'OR')) {
      this.next();
      left = { kind: 'or', left, right: this.conjunction(term) };
    }
    return left;
  }

  private conjunction(term: () => AnyNode): AnyNode {
    let left = this.unary(term);
    for (;;) {
      const token = this.peek();
      if (this.isWord(token, 'AND')) this.next();
      else if (!this.startsOperand(token)) return left;
      left = { kind: 'and', left, right: this.unary(term) };
    }
  }

  private startsOperand(token: Token): boolean {
    if (token.type === '(' || token.type === '!') return true;
    return token.type === 'word' && !['OR', 'AND'].includes(token.text.toUpperCase());
  }

  private unary(term: () => AnyNode): AnyNode {
    const token = this.peek();
    if (token.type === '!' || this.isWord(token, 'NOT')) {
      this.next();
      return { kind: 'not', operand: this.unary(term) };
    }
    if (token.type === '(') {
      this.next();
      const inner = this.logical(term);
      this.expect(')', '")"');
      return inner;
    }
    return term();
  }

  private term(scope: Scope): FilterNode {
    const token = this.peek();
    if (token.type !== 'word') this.fail('expected a keyword, "(", "!" or NOT', token);
    const word = token.text.toLowerCase();
    if (isOneOf(BOOLEAN_KEYWORDS, word)) return this.booleanTerm(word);
    if (isOneOf(NUMBER_KEYWORDS, word)) return this.numberTerm(word);
    if (scope === 'node') {
      this.fail(
        'inside { } only ok, error, fault, throttle, partial, responsetime, duration and http.status are allowed',
        token,
      );
    }
    if (isOneOf(STRING_KEYWORDS, word)) return this.stringTerm(word);
    if (word.startsWith('annotation.')) return this.annotationTerm(token);
    if (word === 'service' || word === 'id') return this.serviceTerm();
    if (word === 'edge') return this.edgeTerm();
    if (word in GROUP_KEYWORDS) return this.groupTerm(GROUP_KEYWORDS[word]);
    if (word === 'rootcause.json') return this.rootCauseJsonTerm();
    const rootCause = ROOT_CAUSE.exec(word);
    if (
      rootCause &&
      isOneOf(ROOT_CAUSE_KINDS, rootCause[1]) &&
      isOneOf(ROOT_CAUSE_ELEMENTS, rootCause[2])
    ) {
      return this.rootCauseTerm(rootCause[1], rootCause[2]);
    }
    if (word === 'annotation') this.fail('expected annotation.KEY', token);
    if (UNSUPPORTED.test(word)) {
      this.fail(`the keyword "${token.text}" is not supported by the local collector`, token);
    }
    return this.fail('unknown keyword', token);
  }

  /** `group.name = "x"`: the group's filter expression, resolved when the query runs. */
  private groupTerm(by: 'name' | 'arn'): FilterNode {
    const keyword = this.next();
    const op = this.peek();
    if (op.type !== 'op' || op.text !== '=') this.fail(`expected = after ${keyword.text}`, op);
    this.next();
    return { kind: 'group', by, value: this.expect('string', 'a quoted group name').text };
  }

  /** `rootcause.json = #[{ ... }]` (or `!=`): root-cause objects in GetTraceSummaries' shape. */
  private rootCauseJsonTerm(): FilterNode {
    const keyword = this.next();
    const op = this.peek();
    if (op.type !== 'op' || (op.text !== '=' && op.text !== '!=')) {
      this.fail(`expected = or != after ${keyword.text}`, op);
    }
    this.next();
    const literal = this.expect('json', 'a JSON array of root causes, #[{ ... }]');
    return { kind: 'rootcause-json', op: op.text, patterns: rootCausePatterns(literal) };
  }

  private rootCauseTerm(cause: RootCauseKind, element: RootCauseElement): FilterNode {
    this.next();
    if (this.peek().type !== '{') return { kind: 'rootcause', cause, element };
    this.next();
    const filter = this.logical(() => this.elementTerm(cause)) as ElementFilter;
    this.expect('}', '"}"');
    return { kind: 'rootcause', cause, element, filter };
  }

  /** One test on a root-cause element: `last`, `index > 2`, `name = "x"`, `coverage > 0.5`. */
  private elementTerm(cause: RootCauseKind): ElementFilter {
    const token = this.peek();
    const word = token.type === 'word' ? token.text.toLowerCase() : '';
    if (isOneOf(ELEMENT_BOOLEAN_KEYWORDS, word)) return this.booleanTerm(word);
    if (isOneOf(ELEMENT_NUMBER_KEYWORDS, word)) {
      if (word === 'coverage' && cause !== 'responsetime') {
        this.fail('coverage applies to responsetime root causes only', token);
      }
      return this.numberTerm(word);
    }
    if (isOneOf(ELEMENT_STRING_KEYWORDS, word)) return this.stringTerm(word);
    return this.fail(
      'inside rootcause { } only inferred, first, last, remote, index, coverage, name, type and message are allowed',
      token,
    );
  }

  private booleanTerm<K extends string>(
    keyword: K,
  ): { kind: 'boolean'; keyword: K; expected: boolean } {
    this.next();
    const op = this.peek();
    if (op.type !== 'op') return { kind: 'boolean', keyword, expected: true };
    if (op.text !== '=' && op.text !== '!=') this.fail(`${keyword} takes only = or !=`, op);
    this.next();
    const value = this.peek();
    const text = value.type === 'word' || value.type === 'string' ? value.text.toLowerCase() : '';
    if (text !== 'true' && text !== 'false') this.fail('expected true or false', value);
    this.next();
    return { kind: 'boolean', keyword, expected: (text === 'true') === (op.text === '=') };
  }

  private numberTerm<K extends string>(
    keyword: K,
  ): { kind: 'number'; keyword: K; op: NumberOperator; value: number } {
    const keywordToken = this.next();
    const op = this.peek();
    if (op.type !== 'op' || !isOneOf(NUMBER_OPERATORS, op.text)) {
      this.fail(
        `expected a comparison operator (=, !=, <, <=, >, >=) after ${keywordToken.text}`,
        op,
      );
    }
    this.next();
    const value = this.expect('number', 'a number');
    return { kind: 'number', keyword, op: op.text as NumberOperator, value: Number(value.text) };
  }

  private stringOperator(): StringOperator | undefined {
    const op = this.peek();
    if (op.type === 'op' && (op.text === '=' || op.text === '!=')) {
      this.next();
      return op.text;
    }
    if (op.type === 'word' && isOneOf(STRING_WORD_OPERATORS, op.text.toUpperCase())) {
      this.next();
      return op.text.toUpperCase() as StringOperator;
    }
    return undefined;
  }

  private stringTerm<K extends string>(
    keyword: K,
  ): { kind: 'string'; keyword: K; op: StringOperator; value: string } {
    const keywordToken = this.next();
    const op = this.stringOperator();
    if (!op) {
      this.fail(
        `expected =, !=, CONTAINS, BEGINSWITH or ENDSWITH after ${keywordToken.text}`,
        this.peek(),
      );
    }
    const value = this.expect('string', 'a quoted string');
    return { kind: 'string', keyword, op, value: value.text };
  }

  private annotationTerm(token: Token): FilterNode {
    this.next();
    const key = token.text.slice('annotation.'.length);
    if (!ANNOTATION_KEY_PATTERN.test(key)) {
      throw new FilterSyntaxError(
        `annotation keys are letters, digits and underscores only, found "${key}"`,
        token.position + 'annotation.'.length,
      );
    }
    const opToken = this.peek();
    let op: ComparisonOperator | undefined = this.stringOperator();
    if (!op && opToken.type === 'op' && isOneOf(NUMBER_OPERATORS, opToken.text)) {
      this.next();
      op = opToken.text as NumberOperator;
    }
    if (!op) return { kind: 'annotation', key };
    const value = this.literal();
    const isOrdering = ['<', '<=', '>', '>='].includes(op);
    if (isOrdering && typeof value !== 'number') {
      throw new FilterSyntaxError(`${op} compares numbers only`, opToken.position);
    }
    if (isOneOf(STRING_WORD_OPERATORS, op) && typeof value !== 'string') {
      throw new FilterSyntaxError(`${op} compares strings only`, opToken.position);
    }
    return { kind: 'annotation', key, op, value };
  }

  private literal(): LiteralValue {
    const token = this.peek();
    if (token.type === 'string') return this.next().text;
    if (token.type === 'number') return Number(this.next().text);
    if (this.isWord(token, 'TRUE') || this.isWord(token, 'FALSE')) {
      return this.next().text.toLowerCase() === 'true';
    }
    return this.fail('expected a quoted string, a number, true or false', token);
  }

  /** `service()`, `service("name")`, `service(id(...))` or a bare `id(...)`, then `{ ... }`. */
  private serviceTerm(): FilterNode {
    const keyword = this.peek();
    let selector: ServiceSelector;
    if (keyword.text.toLowerCase() === 'id') {
      selector = this.idSelector();
    } else {
      this.next();
      this.expect('(', '"(" after service');
      selector = this.peek().type === ')' ? {} : this.selector();
      this.expect(')', '")"');
    }
    return { kind: 'service', selector, filter: this.nodeFilter() };
  }

  private edgeTerm(): FilterNode {
    this.next();
    this.expect('(', '"(" after edge');
    const source = this.selector();
    this.expect(',', '"," between the two services of an edge');
    const destination = this.selector();
    this.expect(')', '")"');
    return { kind: 'edge', source, destination, filter: this.nodeFilter() };
  }

  private selector(): ServiceSelector {
    const token = this.peek();
    if (token.type === 'string') return { name: this.next().text };
    if (this.isWord(token, 'ID')) return this.idSelector();
    return this.fail('expected a quoted service name or id(name: "...", type: "...")', token);
  }

  private idSelector(): ServiceSelector {
    this.next();
    this.expect('(', '"(" after id');
    const selector: ServiceSelector = {};
    do {
      const field = this.expect('word', 'name or type');
      const which = field.text.toLowerCase();
      if (which !== 'name' && which !== 'type') this.fail('expected name or type', field);
      if (selector[which] !== undefined) this.fail(`${which} given twice`, field);
      this.expect(':', `":" after ${which}`);
      selector[which] = this.expect('string', 'a quoted string').text;
    } while (this.peek().type === ',' && this.next());
    this.expect(')', '")"');
    return selector;
  }

  private nodeFilter(): FilterNode | undefined {
    if (this.peek().type !== '{') return undefined;
    this.next();
    const filter = this.expression('node');
    this.expect('}', '"}"');
    return filter;
  }
}

/** The objects of `#[{ ... }, ...]`: a non-empty JSON array of objects. */
function rootCausePatterns(literal: Token): JsonObject[] {
  let value: unknown;
  try {
    value = JSON.parse(literal.text);
  } catch (error) {
    throw new FilterSyntaxError(`malformed JSON: ${(error as Error).message}`, literal.position);
  }
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!Array.isArray(value) || value.length === 0 || !value.every(isObject)) {
    throw new FilterSyntaxError(
      'rootcause.json compares a non-empty array of root-cause objects, #[{ "Services": [...] }]',
      literal.position,
    );
  }
  return value as JsonObject[];
}

function describe(token: Token): string {
  switch (token.type) {
    case 'eof':
      return 'the end of the expression';
    case 'string':
      return `the string "${token.text}"`;
    case 'json':
      return 'a JSON literal';
    default:
      return `"${token.text}"`;
  }
}
