import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, isCallTo, isFunctionNode } from './ast-utils';
import { SUBSEGMENT_BUDGET } from '@traced-social/observability/conventions';
import { createTracingRule, STRING_LIST_OPTION } from './create-rule';

export const RULE_NAME = 'max-subsegments';

/** Calls that open a custom subsegment of the handler's trace. */
export const DEFAULT_SUBSEGMENT_FUNCTIONS = ['tracedOperation'];
/**
 * Calls whose callback runs in a trace of its own (one segment per Kinesis record, in the
 * producer's trace): a loop around them is not a loop of the handler's subsegments.
 */
export const DEFAULT_OWN_TRACE_FUNCTIONS = ['processInProducerTrace'];
/** The observability lib's budget of custom subsegments per invocation. */
export const DEFAULT_MAX = SUBSEGMENT_BUDGET;

const ITERATION_METHODS = new Set([
  'map',
  'flatMap',
  'forEach',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
]);

type Options = {
  max?: number;
  functions?: string[];
  ownTraceFunctions?: string[];
  loopBound?: number;
};
type MessageIds = 'inLoop' | 'tooMany';

export const rule = createTracingRule<Options, MessageIds>({
  name: RULE_NAME,
  description:
    'Forbid opening subsegments in unbounded loops or array iterations, and more static subsegments per module than the budget',
  optionProperties: {
    max: { type: 'integer', minimum: 1 },
    functions: STRING_LIST_OPTION,
    ownTraceFunctions: STRING_LIST_OPTION,
    loopBound: { type: 'integer', minimum: 1 },
  },
  messages: {
    inLoop:
      '{{name}}() inside {{loop}} opens one subsegment per item, with no bound: past the budget of {{max}} the rest go untraced. Trace the whole loop once, or bound it (a literal limit of at most {{bound}}).',
    tooMany:
      'This module opens {{count}} subsegments ({{name}}() call sites), more than {{max}}: X-Ray traces stay readable and cheap under the budget.',
  },
  create(context, options) {
    const max = options.max ?? DEFAULT_MAX;
    const bound = options.loopBound ?? 10;
    const functions = new Set(options.functions ?? DEFAULT_SUBSEGMENT_FUNCTIONS);
    const ownTrace = new Set(options.ownTraceFunctions ?? DEFAULT_OWN_TRACE_FUNCTIONS);
    const calls: TSESTree.CallExpression[] = [];

    const isLiteralBound = (node: TSESTree.Node | undefined): boolean =>
      node?.type === AST_NODE_TYPES.Literal &&
      typeof node.value === 'number' &&
      node.value <= bound;

    /** `for (let i = 0; i < 3; i++)`: a literal upper bound within the allowed one. */
    function isBoundedFor(loop: TSESTree.ForStatement): boolean {
      const test = loop.test;
      return (
        test?.type === AST_NODE_TYPES.BinaryExpression &&
        (test.operator === '<' || test.operator === '<=') &&
        isLiteralBound(test.right)
      );
    }

    /** `[a, b]` or `xs.slice(0, 5)`: a collection of known, small size. */
    function isBoundedCollection(node: TSESTree.Node): boolean {
      if (node.type === AST_NODE_TYPES.ArrayExpression) return node.elements.length <= bound;
      return (
        node.type === AST_NODE_TYPES.CallExpression &&
        node.callee.type === AST_NODE_TYPES.MemberExpression &&
        !node.callee.computed &&
        node.callee.property.name === 'slice' &&
        node.arguments.length === 2 &&
        isLiteralBound(node.arguments[1])
      );
    }

    /** The unbounded loop or iteration callback around `node`, up to the enclosing trace. */
    function enclosingUnboundedLoop(node: TSESTree.Node): string | undefined {
      let child: TSESTree.Node = node;
      for (let current = node.parent; current; child = current, current = current.parent) {
        switch (current.type) {
          case AST_NODE_TYPES.ForStatement:
            if (child === current.body && !isBoundedFor(current)) return 'a for loop';
            break;
          case AST_NODE_TYPES.ForOfStatement:
          case AST_NODE_TYPES.ForInStatement:
            if (child === current.body && !isBoundedCollection(current.right))
              return `a for…${current.type === AST_NODE_TYPES.ForOfStatement ? 'of' : 'in'} loop`;
            break;
          case AST_NODE_TYPES.WhileStatement:
          case AST_NODE_TYPES.DoWhileStatement:
            if (child === current.body) return 'a while loop';
            break;
          case AST_NODE_TYPES.CallExpression: {
            if (!isFunctionNode(child) || !current.arguments.some((arg) => arg === child)) break;
            if (isCallTo(current, ownTrace)) return undefined;
            const callee = current.callee;
            if (
              callee.type === AST_NODE_TYPES.MemberExpression &&
              !callee.computed &&
              ITERATION_METHODS.has(callee.property.name) &&
              !isBoundedCollection(callee.object)
            ) {
              return `a .${callee.property.name}() callback`;
            }
            break;
          }
          default:
            break;
        }
      }
      return undefined;
    }

    return {
      CallExpression(node) {
        if (!isCallTo(node, functions)) return;
        calls.push(node);
        const loop = enclosingUnboundedLoop(node);
        if (loop) {
          context.report({
            node,
            messageId: 'inLoop',
            data: { name: calleeName(node) ?? 'tracedOperation', loop, max, bound },
          });
        }
      },
      'Program:exit'() {
        if (calls.length <= max) return;
        context.report({
          node: calls[max],
          messageId: 'tooMany',
          data: { count: calls.length, max, name: [...functions].join('(), ') },
        });
      },
    };
  },
});
