import { FilterSyntaxError } from './ast';

export type TokenType =
  'word' | 'string' | 'number' | 'json' | 'op' | '!' | '(' | ')' | '{' | '}' | ',' | ':' | 'eof';

export interface Token {
  type: TokenType;
  /** The word, the decoded string, the operator; the source text for numbers and JSON. */
  text: string;
  /** 0-based offset of the token's first character. */
  position: number;
}

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_.]/;
const DIGIT = /[0-9]/;
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', n: '\n', t: '\t' };

/**
 * Splits a filter expression into tokens. Words include dots (`http.status`,
 * `annotation.userId`), strings are double- or single-quoted with backslash escapes, and
 * `#[ ... ]` is a JSON array literal (`rootcause.json = #[{ ... }]`).
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (WORD_START.test(c)) {
      while (i < source.length && WORD_PART.test(source[i])) i++;
      tokens.push({ type: 'word', text: source.slice(start, i), position: start });
    } else if (DIGIT.test(c) || (c === '-' && DIGIT.test(source[i + 1] ?? ''))) {
      i++;
      while (i < source.length && /[0-9.]/.test(source[i])) i++;
      const text = source.slice(start, i);
      if (!/^-?\d+(\.\d+)?$/.test(text)) {
        throw new FilterSyntaxError(`malformed number "${text}"`, start);
      }
      tokens.push({ type: 'number', text, position: start });
    } else if (c === '"' || c === "'") {
      i++;
      let value = '';
      for (;;) {
        if (i >= source.length) throw new FilterSyntaxError('unterminated string', start);
        const ch = source[i];
        if (ch === c) break;
        if (ch === '\\') {
          const escaped = ESCAPES[source[i + 1] ?? ''];
          if (escaped === undefined) throw new FilterSyntaxError('invalid escape in string', i);
          value += escaped;
          i += 2;
        } else {
          value += ch;
          i++;
        }
      }
      i++;
      tokens.push({ type: 'string', text: value, position: start });
    } else if (c === '<' || c === '>') {
      i += source[i + 1] === '=' ? 2 : 1;
      tokens.push({ type: 'op', text: source.slice(start, i), position: start });
    } else if (c === '=') {
      i++;
      tokens.push({ type: 'op', text: '=', position: start });
    } else if (c === '!') {
      if (source[i + 1] === '=') {
        i += 2;
        tokens.push({ type: 'op', text: '!=', position: start });
      } else {
        i++;
        tokens.push({ type: '!', text: '!', position: start });
      }
    } else if (c === '#' && source[i + 1] === '[') {
      i = jsonArrayEnd(source, i + 1);
      tokens.push({ type: 'json', text: source.slice(start + 1, i), position: start });
    } else if ('(){},:'.includes(c)) {
      i++;
      tokens.push({ type: c as TokenType, text: c, position: start });
    } else {
      throw new FilterSyntaxError(`unexpected character "${c}"`, start);
    }
  }
  tokens.push({ type: 'eof', text: '', position: source.length });
  return tokens;
}

/**
 * The offset just past the `]` closing the JSON array that opens at `open`: brackets and braces
 * are counted outside JSON strings. The content is parsed (and its errors reported) by the parser.
 */
function jsonArrayEnd(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '"') {
      i++;
      while (i < source.length && source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
      if (i >= source.length) break;
    } else if (c === '[' || c === '{') {
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new FilterSyntaxError('unterminated JSON after #', open - 1);
}
