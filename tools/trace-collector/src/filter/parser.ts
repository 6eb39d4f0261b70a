import { ANNOTATION_KEY_PATTERN } from '@traced-social/trace-model';
import {
  FilterSyntaxError,
  type BooleanKeyword,
  type ComparisonOperator,
  type FilterNode,
  type LiteralValue,
  type NumberKeyword,
  type NumberOperator,
  type ServiceSelector,
  type StringKeyword,
  type StringOperator,
} from './ast';
import { tokenize, type Token } from './tokenizer';

const BOOLEAN_KEYWORDS = new Set<string>(['ok', 'error', 'fault', 'throttle', 'partial']);
const NUMBER_KEYWORDS = new Set<string>(['responsetime', 'duration', 'http.status']);
const STRING_KEYWORDS = new Set<string>([
  'http.url',
  'http.method',
  'http.useragent',
  'http.clientip',
  'user',
]);
const NUMBER_OPERATORS = new Set<string>(['=', '!=', '<', '<=', '>', '>=']);
const STRING_WORD_OPERATORS = new Set<string>(['CONTAINS', 'BEGINSWITH', 'ENDSWITH']);
/** Keywords of X-Ray's language that this collector does not evaluate: named, not "unknown". */
const UNSUPPORTED = /^(json(\..*)?|group\.(name|arn)|rootcause\..*)$/i;

/** Which keywords a position accepts: the whole trace, or one service/edge inside `{ }`. */
type Scope = 'trace' | 'node';

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
    let left = this.conjunction(scope);
    while (this.isWord(this.peek(), 'OR')) {
      this.next();
      left = { kind: 'or', left, right: this.conjunction(scope) };
    }
    return left;
  }

  private conjunction(scope: Scope): FilterNode {
    let left = this.unary(scope);
    for (;;) {
      const token = this.peek();
      if (this.isWord(token, 'AND')) this.next();
      else if (!this.startsOperand(token)) return left;
      left = { kind: 'and', left, right: this.unary(scope) };
    }
  }

  private startsOperand(token: Token): boolean {
    if (token.type === '(' || token.type === '!') return true;
    return token.type === 'word' && !['OR', 'AND'].includes(token.text.toUpperCase());
  }

  private unary(scope: Scope): FilterNode {
    const token = this.peek();
    if (token.type === '!' || this.isWord(token, 'NOT')) {
      this.next();
      return { kind: 'not', operand: this.unary(scope) };
    }
    if (token.type === '(') {
      this.next();
      const inner = this.expression(scope);
      this.expect(')', '")"');
      return inner;
    }
    return this.term(scope);
  }

  private term(scope: Scope): FilterNode {
    const token = this.peek();
    if (token.type !== 'word') this.fail('expected a keyword, "(", "!" or NOT', token);
    const word = token.text.toLowerCase();
    if (BOOLEAN_KEYWORDS.has(word)) return this.booleanTerm(word as BooleanKeyword);
    if (NUMBER_KEYWORDS.has(word)) return this.numberTerm(word as NumberKeyword);
    if (scope === 'node') {
      this.fail(
        'inside { } only ok, error, fault, throttle, partial, responsetime, duration and http.status are allowed',
        token,
      );
    }
    if (STRING_KEYWORDS.has(word)) return this.stringTerm(word as StringKeyword);
    if (word.startsWith('annotation.')) return this.annotationTerm(token);
    if (word === 'service' || word === 'id') return this.serviceTerm();
    if (word === 'edge') return this.edgeTerm();
    if (word === 'annotation') this.fail('expected annotation.KEY', token);
    if (UNSUPPORTED.test(word)) {
      this.fail(`the keyword "${token.text}" is not supported by the local collector`, token);
    }
    return this.fail('unknown keyword', token);
  }

  private booleanTerm(keyword: BooleanKeyword): FilterNode {
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

  private numberTerm(keyword: NumberKeyword): FilterNode {
    const keywordToken = this.next();
    const op = this.peek();
    if (op.type !== 'op' || !NUMBER_OPERATORS.has(op.text)) {
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
    if (op.type === 'word' && STRING_WORD_OPERATORS.has(op.text.toUpperCase())) {
      this.next();
      return op.text.toUpperCase() as StringOperator;
    }
    return undefined;
  }

  private stringTerm(keyword: StringKeyword): FilterNode {
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
    if (!op && opToken.type === 'op' && NUMBER_OPERATORS.has(opToken.text)) {
      this.next();
      op = opToken.text as NumberOperator;
    }
    if (!op) return { kind: 'annotation', key };
    const value = this.literal();
    const isOrdering = ['<', '<=', '>', '>='].includes(op);
    if (isOrdering && typeof value !== 'number') {
      throw new FilterSyntaxError(`${op} compares numbers only`, opToken.position);
    }
    if (STRING_WORD_OPERATORS.has(op) && typeof value !== 'string') {
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

function describe(token: Token): string {
  switch (token.type) {
    case 'eof':
      return 'the end of the expression';
    case 'string':
      return `the string "${token.text}"`;
    default:
      return `"${token.text}"`;
  }
}
