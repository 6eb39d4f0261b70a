import type { AppManifest, FunctionSpec, Trigger } from '@traced-social/manifest';
import * as ts from 'typescript';

/**
 * Reads and edits an app's `src/manifest.ts` through the TypeScript AST: the object literal given
 * to `defineApp({...})`. Only literal values are read; functions declared through spreads or
 * variables are reported in `unreadable` so callers can say what they could not check.
 */
export interface ManifestSource {
  manifest: AppManifest;
  /** Elements of `functions` that are not object literals (spreads, identifiers). */
  unreadable: number;
  /** Offset in the source where a new element of `functions` goes (before the closing `]`). */
  insertAt: number;
  /** Whether the array's last element is followed by a comma. */
  trailingComma: boolean;
  /** Whether the array has any element. */
  empty: boolean;
  /** Offsets of the array's `[` and `]`. */
  arrayStart: number;
  arrayEnd: number;
}

export class ManifestSourceError extends Error {
  override readonly name = 'ManifestSourceError';
}

export function parseManifestSource(source: string, path: string): ManifestSource {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const call = findDefineAppCall(file);
  if (!call) throw new ManifestSourceError(`${path} does not call defineApp({ ... })`);
  const literal = call.arguments[0];
  if (!literal || !ts.isObjectLiteralExpression(literal)) {
    throw new ManifestSourceError(`${path}: defineApp must be given an object literal`);
  }
  const functionsNode = property(literal, 'functions');
  if (!functionsNode || !ts.isArrayLiteralExpression(functionsNode)) {
    throw new ManifestSourceError(
      `${path}: defineApp({ functions: [...] }) must be an array literal`,
    );
  }
  const functions: FunctionSpec[] = [];
  let unreadable = 0;
  for (const element of functionsNode.elements) {
    const spec = ts.isObjectLiteralExpression(element) ? readFunction(element) : undefined;
    if (spec) functions.push(spec);
    else unreadable++;
  }
  const elements = functionsNode.elements;
  return {
    manifest: {
      app: stringValue(property(literal, 'app')) ?? '',
      service: stringValue(property(literal, 'service')) ?? '',
      functions,
    },
    unreadable,
    insertAt: functionsNode.elements.end,
    trailingComma: elements.hasTrailingComma,
    empty: elements.length === 0,
    arrayStart: functionsNode.getStart(file),
    arrayEnd: functionsNode.end - 1,
  };
}

/**
 * The manifest source with one more element at the end of `functions`, indented like the array
 * (one level deeper than the line holding `[`), so it reads right even before formatting.
 * `writeElement` gets the indentation to write the element's inner lines with.
 */
export function appendFunction(
  source: string,
  path: string,
  writeElement: (indent: string) => string,
): string {
  const parsed = parseManifestSource(source, path);
  const closingIndent = lineIndent(source, parsed.arrayStart);
  const indent = `${closingIndent}  `;
  const separator = parsed.empty || parsed.trailingComma ? '' : ',';
  const element = `${separator}\n${indent}${writeElement(indent)},`;
  // Whitespace before `]` is replaced; anything else there (a comment) is kept after the element.
  const rest = source.slice(parsed.insertAt, parsed.arrayEnd);
  const tail = rest.trim() ? rest : `\n${closingIndent}`;
  return `${source.slice(0, parsed.insertAt)}${element}${tail}${source.slice(parsed.arrayEnd)}`;
}

function lineIndent(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))?.[0] ?? '';
}

function findDefineAppCall(file: ts.SourceFile): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'defineApp'
    ) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function property(literal: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of literal.properties) {
    if (ts.isPropertyAssignment(p) && propertyName(p.name) === name) return unwrap(p.initializer);
  }
  return undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

/** `x as const`, `(x)`, `x satisfies T`: the expression inside. */
function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isAsExpression(current) ||
    ts.isParenthesizedExpression(current) ||
    ts.isSatisfiesExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

function stringValue(node: ts.Expression | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    ? node.text
    : undefined;
}

function readFunction(literal: ts.ObjectLiteralExpression): FunctionSpec | undefined {
  const name = stringValue(property(literal, 'name'));
  const triggerNode = property(literal, 'trigger');
  const trigger =
    triggerNode && ts.isObjectLiteralExpression(triggerNode) ? readTrigger(triggerNode) : undefined;
  if (!name || !trigger) return undefined;
  return {
    name,
    entry: stringValue(property(literal, 'entry')) ?? '',
    operationType: stringValue(property(literal, 'operationType')) ?? '',
    trigger,
  };
}

function readTrigger(literal: ts.ObjectLiteralExpression): Trigger | undefined {
  const text = (key: string): string => stringValue(property(literal, key)) ?? '';
  switch (text('type')) {
    case 'api':
      return {
        type: 'api',
        method: text('method') as Extract<Trigger, { type: 'api' }>['method'],
        path: text('path'),
      };
    case 'kinesis':
      return { type: 'kinesis', stream: text('stream') };
    case 'dynamodb-stream':
      return { type: 'dynamodb-stream', table: text('table') };
    case 'schedule':
      return { type: 'schedule', expression: text('expression') };
    default:
      return undefined;
  }
}
