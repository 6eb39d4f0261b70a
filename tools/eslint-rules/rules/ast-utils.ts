import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/**
 * The name a call is made by: `tracedOperation(...)` → `tracedOperation`,
 * `logger.info(...)` → `logger.info`, `obs.tracedOperation(...)` → `obs.tracedOperation`.
 */
export function calleeName(call: TSESTree.CallExpression): string | undefined {
  return expressionName(call.callee);
}

function expressionName(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed) {
    const object = expressionName(node.object);
    return object ? `${object}.${node.property.name}` : undefined;
  }
  return undefined;
}

/** Whether the call is made by one of `names`, plainly or as a member (`obs.tracedOperation`). */
export function isCallTo(call: TSESTree.CallExpression, names: ReadonlySet<string>): boolean {
  const name = calleeName(call);
  if (!name) return false;
  // A namespace import (`obs.tracedOperation`) counts as the function itself.
  return names.has(name) || names.has(name.slice(name.lastIndexOf('.') + 1));
}

/** The text of a string literal or of a template literal without expressions. */
export function staticString(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) {
    return node.quasis[0].value.cooked ?? undefined;
  }
  return undefined;
}

/** The static name of an object property key (`a`, `'a'`, `['a']`), if it has one. */
export function propertyKeyName(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) {
    return property.key.name;
  }
  return staticString(property.key);
}

export function isFunctionNode(
  node: TSESTree.Node,
): node is
  TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration
  );
}
