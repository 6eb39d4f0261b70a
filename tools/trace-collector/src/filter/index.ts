export * from './ast';
export { tokenize, type Token, type TokenType } from './tokenizer';
export { parseFilterExpression } from './parser';
export { matchesTrace, matchesNode } from './evaluate';
