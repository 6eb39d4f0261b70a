import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, isCallTo, isFunctionNode } from './ast-utils';
import { createTracingRule, STRING_LIST_OPTION } from './create-rule';

export const RULE_NAME = 'no-floating-traced-operation';

/** Traced helpers that return the promise of their callback. */
export const DEFAULT_TRACED_FUNCTIONS = ['tracedOperation', 'processInProducerTrace'];
const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

type Options = { functions?: string[] };
type MessageIds = 'floating' | 'discarded';

export const rule = createTracingRule<Options, MessageIds>({
  name: RULE_NAME,
  description:
    'The promise of a traced operation must be awaited, returned or handed on (an unawaited one closes its subsegment after the handler returns, or never)',
  optionProperties: { functions: STRING_LIST_OPTION },
  messages: {
    floating:
      '{{name}}() returns a promise that is neither awaited nor returned: its subsegment closes after the handler has answered, or never, and its error is lost. Write `await {{name}}(…)`.',
    discarded:
      '`void {{name}}(…)` discards the traced operation: its subsegment outlives the invocation. Await it instead.',
  },
  create(context, options) {
    const functions = new Set(options.functions ?? DEFAULT_TRACED_FUNCTIONS);

    /** A synchronous callback returns its value directly: nothing floats. */
    function isSynchronous(call: TSESTree.CallExpression): boolean {
      const callback = call.arguments.find((arg) => isFunctionNode(arg));
      return (
        !!callback && isFunctionNode(callback) && !callback.async && !returnsPromiseLike(callback)
      );
    }

    function returnsPromiseLike(fn: TSESTree.FunctionLike): boolean {
      // A concise arrow returning a call may return a promise (`() => client.send(cmd)`).
      return (
        fn.type === AST_NODE_TYPES.ArrowFunctionExpression &&
        fn.body.type === AST_NODE_TYPES.CallExpression
      );
    }

    /** `op().then(a).catch(b)`: the outermost expression of the chain starting at `start`. */
    function chainEnd(start: TSESTree.Expression): TSESTree.Expression {
      let end: TSESTree.Expression = start;
      while (
        end.parent?.type === AST_NODE_TYPES.MemberExpression &&
        end.parent.object === end &&
        !end.parent.computed &&
        CHAIN_METHODS.has(end.parent.property.name) &&
        end.parent.parent?.type === AST_NODE_TYPES.CallExpression &&
        end.parent.parent.callee === end.parent
      ) {
        end = end.parent.parent;
      }
      return end;
    }

    /** Whether the promise `node` evaluates to is awaited, returned, yielded or handed on. */
    function isHandled(node: TSESTree.Node): boolean {
      const parent = node.parent;
      if (!parent) return false;
      switch (parent.type) {
        case AST_NODE_TYPES.AwaitExpression:
        case AST_NODE_TYPES.ReturnStatement:
        case AST_NODE_TYPES.YieldExpression:
        case AST_NODE_TYPES.ArrayExpression:
        case AST_NODE_TYPES.Property:
          return true;
        case AST_NODE_TYPES.ArrowFunctionExpression:
          return parent.body === node;
        case AST_NODE_TYPES.CallExpression:
        case AST_NODE_TYPES.NewExpression:
          return parent.arguments.includes(node as TSESTree.CallExpressionArgument);
        case AST_NODE_TYPES.ConditionalExpression:
          return parent.test !== node && isHandled(parent);
        case AST_NODE_TYPES.LogicalExpression:
        case AST_NODE_TYPES.SequenceExpression:
        case AST_NODE_TYPES.TSAsExpression:
        case AST_NODE_TYPES.TSNonNullExpression:
          return isHandled(parent);
        case AST_NODE_TYPES.VariableDeclarator:
          return parent.init === node && isVariableHandled(parent);
        case AST_NODE_TYPES.AssignmentExpression:
          return parent.right === node;
        default:
          return false;
      }
    }

    /** `const p = tracedOperation(…)`: fine if `p` is later awaited, returned or handed on. */
    function isVariableHandled(declarator: TSESTree.VariableDeclarator): boolean {
      const [variable] = context.sourceCode.getDeclaredVariables(declarator);
      if (!variable) return true; // destructuring: not a promise kept aside
      return variable.references.some(
        (ref) =>
          !ref.init &&
          ref.identifier.type === AST_NODE_TYPES.Identifier &&
          isHandled(chainEnd(ref.identifier)),
      );
    }

    return {
      CallExpression(node) {
        if (!isCallTo(node, functions) || isSynchronous(node)) return;
        const end = chainEnd(node);
        const name = calleeName(node) ?? 'tracedOperation';
        if (end.parent?.type === AST_NODE_TYPES.UnaryExpression && end.parent.operator === 'void') {
          context.report({ node, messageId: 'discarded', data: { name } });
        } else if (!isHandled(end)) {
          context.report({ node, messageId: 'floating', data: { name } });
        }
      },
    };
  },
});
