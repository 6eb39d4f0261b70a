import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { createKeyMatcher } from '@traced-social/observability/conventions';
import { calleeName, isCallTo, isFunctionNode, propertyKeyName, staticString } from './ast-utils';
import { createTracingRule, STRING_LIST_OPTION } from './create-rule';

export const RULE_NAME = 'no-sensitive-trace-data';

/** Parts of an API Gateway event that can carry credentials (headers, cookies, passwords, query tokens). */
const REQUEST_PARTS = new Set([
  'headers',
  'multivalueheaders',
  'cookies',
  'body',
  'rawbody',
  'querystringparameters',
  'multivaluequerystringparameters',
  'rawquerystring',
  'requestcontext',
]);

/** Names a Lambda event goes by; the first parameter of a `withTracing` handler is one whatever its name. */
const EVENT_NAMES = new Set(['event', 'evt', 'rawevent', 'apievent', 'lambdaevent']);

/** Calls whose first argument is an annotation or metadata key. */
const KEYED_SINKS = new Set(['annotate', 'addMetadata', 'putAnnotation', 'putMetadata']);

/** Calls whose arguments end up in a segment or a log line. */
const DEFAULT_SINKS = [
  ...KEYED_SINKS,
  'captureTraceError',
  'traceCacheOperation',
  'traceDynamoDBOperation',
  'traceKinesisPublish',
  'logger.debug',
  'logger.info',
  'logger.warn',
  'logger.error',
  'logger.critical',
  'logger.appendKeys',
  'console.log',
  'console.info',
  'console.warn',
  'console.error',
  'console.debug',
  'console.trace',
  'console.dir',
];

/** Calls that pass their arguments' data through, so the data is inspected. */
const PASS_THROUGH_CALLS = new Set([
  'JSON.stringify',
  'JSON.parse',
  'String',
  'Object.assign',
  'Object.entries',
  'Object.values',
  'structuredClone',
]);

type Options = { extraNames?: string[]; allowNames?: string[]; extraSinks?: string[] };
type MessageIds = 'sensitiveKey' | 'sensitiveValue' | 'requestPart' | 'wholeEvent';

/** Something that must not reach a sink, found in an expression. */
interface Finding {
  node: TSESTree.Node;
  messageId: MessageIds;
  name: string;
}

const normalise = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

export const rule = createTracingRule<Options, MessageIds>({
  name: RULE_NAME,
  description:
    'Forbid passwords, tokens, secrets, authorization headers, cookies, whole events and request bodies, headers or queries in annotations, metadata, trace errors and logs',
  optionProperties: {
    extraNames: STRING_LIST_OPTION,
    allowNames: STRING_LIST_OPTION,
    extraSinks: STRING_LIST_OPTION,
  },
  messages: {
    sensitiveKey:
      '"{{name}}" names sensitive data: it must not be a key of {{sink}}. Leave it out, or record a fact about it instead (`hasPassword: true`, a length, an id).',
    sensitiveValue:
      '{{sink}} is given {{name}}, which names sensitive data. Record an id or a fact about it instead (`userId`, `tokenId`, `hasToken: true`), never the value.',
    requestPart:
      '{{sink}} is given the request {{name}}, which can carry credentials (Authorization, cookies, passwords, query tokens). Pass only the fields you need: `{ postId: body.postId }`.',
    wholeEvent:
      '{{sink}} is given the whole event {{name}}, whose headers, query and body can carry credentials. Pass only the fields you need: `{ path: event.path, requestId: event.requestContext.requestId }`.',
  },
  create(context, options) {
    const matchesKey = createKeyMatcher(options.extraNames ?? []);
    const allowed = new Set((options.allowNames ?? []).map(normalise));
    const sinks = new Set([...DEFAULT_SINKS, ...(options.extraSinks ?? [])]);

    const isSensitive = (name: string): boolean =>
      !allowed.has(normalise(name)) && matchesKey(name);
    const isRequestPart = (name: string): boolean => REQUEST_PARTS.has(normalise(name));

    /**
     * What in `node` must not reach a sink: objects, arrays, spreads, templates, optional chains
     * and pass-through calls are followed; a local variable is judged by its initialiser, one
     * level deep (`const p = body.password`, `const { refreshToken: rt } = input`,
     * `const b = JSON.parse(event.body)`).
     */
    function findings(node: TSESTree.Node, followAliases: boolean): Finding[] {
      switch (node.type) {
        case AST_NODE_TYPES.Identifier:
          return identifierFindings(node, followAliases);
        case AST_NODE_TYPES.MemberExpression:
          return memberFindings(node);
        case AST_NODE_TYPES.ChainExpression:
          return findings(node.expression, followAliases);
        case AST_NODE_TYPES.ObjectExpression:
          return node.properties.flatMap((property): Finding[] => {
            if (property.type === AST_NODE_TYPES.SpreadElement) {
              return findings(property.argument, followAliases);
            }
            const key = propertyKeyName(property);
            if (key !== undefined && isSensitive(key)) {
              return [{ node: property.key, messageId: 'sensitiveKey', name: key }];
            }
            return findings(property.value, followAliases);
          });
        case AST_NODE_TYPES.ArrayExpression:
          return node.elements.flatMap((element) =>
            element ? findings(element, followAliases) : [],
          );
        case AST_NODE_TYPES.SpreadElement:
        case AST_NODE_TYPES.AwaitExpression:
          return findings(node.argument, followAliases);
        case AST_NODE_TYPES.TSAsExpression:
        case AST_NODE_TYPES.TSNonNullExpression:
        case AST_NODE_TYPES.TSSatisfiesExpression:
          return findings(node.expression, followAliases);
        case AST_NODE_TYPES.TemplateLiteral:
          return node.expressions.flatMap((expression) => findings(expression, followAliases));
        case AST_NODE_TYPES.ConditionalExpression:
          return [
            ...findings(node.consequent, followAliases),
            ...findings(node.alternate, followAliases),
          ];
        case AST_NODE_TYPES.LogicalExpression:
          return [...findings(node.left, followAliases), ...findings(node.right, followAliases)];
        case AST_NODE_TYPES.CallExpression: {
          const name = calleeName(node);
          if (name && PASS_THROUGH_CALLS.has(name)) {
            return node.arguments.flatMap((arg) => findings(arg, followAliases));
          }
          // `token.slice(0, 8)`, `body.toString()`: derived from the receiver's data.
          if (node.callee.type === AST_NODE_TYPES.MemberExpression) {
            return findings(node.callee.object, followAliases);
          }
          return [];
        }
        default:
          return [];
      }
    }

    function identifierFindings(node: TSESTree.Identifier, followAliases: boolean): Finding[] {
      const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), node);
      const declarator = variable?.defs[0]?.node;
      const initialised =
        declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init !== null;
      if (isSensitive(node.name)) {
        return [{ node, messageId: 'sensitiveValue', name: node.name }];
      }
      if (isEventName(node.name) || (variable && isHandlerEventParameter(variable))) {
        // A local `const event = { ... }` is judged by what it holds, below.
        if (!initialised) return [{ node, messageId: 'wholeEvent', name: node.name }];
      } else if (isRequestPart(node.name) && !initialised) {
        return [{ node, messageId: 'requestPart', name: node.name }];
      }
      if (!followAliases || !initialised || declarator.init === null) return [];
      return aliasFindings(node, declarator.id, declarator.init);
    }

    /** `const alias = source` or `const { key: alias } = source`, judged by `source` (one level). */
    function aliasFindings(
      use: TSESTree.Identifier,
      binding: TSESTree.BindingName,
      init: TSESTree.Expression,
    ): Finding[] {
      const from = context.sourceCode.getText(init);
      const alias = (found: Finding): Finding => ({
        node: use,
        messageId: found.messageId,
        name: `${use.name} (= ${from})`,
      });
      if (binding.type === AST_NODE_TYPES.Identifier) {
        return findings(init, false).slice(0, 1).map(alias);
      }
      if (binding.type !== AST_NODE_TYPES.ObjectPattern) return [];
      const property = binding.properties.find(
        (p): p is TSESTree.Property =>
          p.type === AST_NODE_TYPES.Property && boundName(p.value) === use.name,
      );
      const key = property ? propertyKeyName(property) : undefined;
      if (key === undefined) return [];
      if (isSensitive(key)) return [alias({ node: use, messageId: 'sensitiveValue', name: key })];
      // `const { headers } = event` hands out a request part; `const { email } = body` does not.
      if (isRequestPart(key) && isRequestSource(init)) {
        return [alias({ node: use, messageId: 'requestPart', name: key })];
      }
      return [];
    }

    const isRequestSource = (init: TSESTree.Expression): boolean =>
      findings(init, false).some(
        (f) => f.messageId === 'wholeEvent' || f.messageId === 'requestPart',
      );

    /**
     * `event.headers.authorization`, `body.password`, `user.token.value`, `event.body`: judged by
     * the properties read, not by the root variable, so `token.userId` (an id read from a
     * refresh-token record) is fine.
     */
    function memberFindings(node: TSESTree.MemberExpression): Finding[] {
      const property = memberName(node);
      if (property !== undefined && isRequestPart(property)) {
        return [{ node, messageId: 'requestPart', name: property }];
      }
      for (
        let current: TSESTree.Node = node;
        current.type === AST_NODE_TYPES.MemberExpression;
        current = current.object
      ) {
        const name = memberName(current);
        if (name !== undefined && isSensitive(name)) {
          return [{ node, messageId: 'sensitiveValue', name }];
        }
      }
      // `cookies['sid']`, `secrets[name]`: an entry looked up in a map of secrets.
      if (
        node.computed &&
        node.object.type === AST_NODE_TYPES.Identifier &&
        isSensitive(node.object.name)
      ) {
        return [{ node, messageId: 'sensitiveValue', name: node.object.name }];
      }
      return [];
    }

    const memberName = (node: TSESTree.MemberExpression): string | undefined =>
      node.computed ? staticString(node.property) : node.property.name;

    const isEventName = (name: string): boolean => EVENT_NAMES.has(normalise(name));

    /** The first parameter of the function handed to `withTracing(...)`: the Lambda event. */
    function isHandlerEventParameter(variable: TSESLint.Scope.Variable): boolean {
      const def = variable.defs[0];
      if (def?.type !== 'Parameter' || !isFunctionNode(def.node)) return false;
      const fn = def.node;
      const first = fn.params[0];
      const parent = fn.parent;
      return (
        first?.type === AST_NODE_TYPES.Identifier &&
        first.name === variable.name &&
        parent?.type === AST_NODE_TYPES.CallExpression &&
        parent.arguments[0] === fn &&
        isCallTo(parent, WITH_TRACING)
      );
    }

    return {
      CallExpression(node) {
        if (!isCallTo(node, sinks)) return;
        const sink = `${calleeName(node)}()`;
        const [first, ...rest] = node.arguments;
        if (!first) return;
        const found: Finding[] = [];
        const key = staticString(first);
        if (key !== undefined) {
          // A string is a key for annotations and metadata, a message for logs.
          if (isCallTo(node, KEYED_SINKS) && isSensitive(key)) {
            found.push({ node: first, messageId: 'sensitiveKey', name: key });
          }
        } else {
          found.push(...findings(first, true));
        }
        for (const arg of rest) found.push(...findings(arg, true));
        for (const f of found) {
          context.report({ node: f.node, messageId: f.messageId, data: { name: f.name, sink } });
        }
      },
    };
  },
});

const WITH_TRACING = new Set(['withTracing']);

function boundName(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (
    node.type === AST_NODE_TYPES.AssignmentPattern &&
    node.left.type === AST_NODE_TYPES.Identifier
  )
    return node.left.name;
  return undefined;
}
