import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, isCallTo, propertyKeyName, staticString } from './ast-utils';
import { createRule } from './create-rule';

export const RULE_NAME = 'no-sensitive-trace-data';

/**
 * Name fragments of sensitive data, compared lower-case with separators removed: the
 * observability lib's redaction keys (a spec keeps the two in step) plus `passphrase`, `sessionid`.
 */
export const DEFAULT_SENSITIVE_NAMES = [
  'password',
  'passwd',
  'passphrase',
  'token',
  'secret',
  'authorization',
  'cookie',
  'jwt',
  'apikey',
  'credential',
  'privatekey',
  'signature',
  'sessionid',
];

/** Whole request parts that can carry credentials (an Authorization header, a password field). */
const REQUEST_DUMPS = new Set(['headers', 'multivalueheaders', 'cookies', 'body', 'rawbody']);

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
];

/** Calls that pass their arguments' data through, so the data is inspected. */
const PASS_THROUGH_CALLS = new Set(['JSON.stringify', 'JSON.parse', 'String', 'Object.assign']);

type Options = [{ extraNames?: string[]; allowNames?: string[]; extraSinks?: string[] }];
type MessageIds = 'sensitiveKey' | 'sensitiveValue' | 'requestDump';

const normalise = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

export const rule = createRule<Options, MessageIds>({
  name: RULE_NAME,
  meta: {
    type: 'problem',
    docs: {
      description:
        'Forbid passwords, tokens, secrets, authorization headers, cookies and whole request bodies or headers in annotations, metadata, trace errors and logs',
    },
    schema: [
      {
        type: 'object',
        properties: {
          extraNames: { type: 'array', items: { type: 'string' } },
          allowNames: { type: 'array', items: { type: 'string' } },
          extraSinks: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      sensitiveKey:
        '"{{name}}" names sensitive data: it must not be a key of {{sink}} (traces and logs are readable by many).',
      sensitiveValue:
        '{{sink}} is given "{{name}}", which names sensitive data: keep it out of traces and logs.',
      requestDump:
        '{{sink}} is given the request {{name}}, which can carry credentials: pass only the fields you need.',
    },
  },
  defaultOptions: [{}],
  create(context, [options]) {
    const fragments = [...DEFAULT_SENSITIVE_NAMES, ...(options.extraNames ?? [])].map(normalise);
    const allowed = new Set((options.allowNames ?? []).map(normalise));
    const sinks = new Set([...DEFAULT_SINKS, ...(options.extraSinks ?? [])]);

    const isSensitive = (name: string): boolean => {
      const n = normalise(name);
      return !allowed.has(n) && fragments.some((fragment) => n.includes(fragment));
    };

    function report(node: TSESTree.Node, messageId: MessageIds, name: string, sink: string): void {
      context.report({ node, messageId, data: { name, sink } });
    }

    /** Reports what in `node` names sensitive data; follows objects, arrays, spreads and templates. */
    function inspect(node: TSESTree.Node, sink: string): void {
      switch (node.type) {
        case AST_NODE_TYPES.Identifier:
          if (isSensitive(node.name)) report(node, 'sensitiveValue', node.name, sink);
          else if (REQUEST_DUMPS.has(normalise(node.name)))
            report(node, 'requestDump', node.name, sink);
          return;
        case AST_NODE_TYPES.MemberExpression:
          inspectMember(node, sink);
          return;
        case AST_NODE_TYPES.ObjectExpression:
          for (const property of node.properties) {
            if (property.type === AST_NODE_TYPES.SpreadElement) {
              inspect(property.argument, sink);
              continue;
            }
            const key = propertyKeyName(property);
            if (key !== undefined && isSensitive(key))
              report(property.key, 'sensitiveKey', key, sink);
            else inspect(property.value, sink);
          }
          return;
        case AST_NODE_TYPES.ArrayExpression:
          for (const element of node.elements) if (element) inspect(element, sink);
          return;
        case AST_NODE_TYPES.SpreadElement:
        case AST_NODE_TYPES.AwaitExpression:
          inspect(node.argument, sink);
          return;
        case AST_NODE_TYPES.TSAsExpression:
        case AST_NODE_TYPES.TSNonNullExpression:
        case AST_NODE_TYPES.TSSatisfiesExpression:
          inspect(node.expression, sink);
          return;
        case AST_NODE_TYPES.TemplateLiteral:
          for (const expression of node.expressions) inspect(expression, sink);
          return;
        case AST_NODE_TYPES.ConditionalExpression:
          inspect(node.consequent, sink);
          inspect(node.alternate, sink);
          return;
        case AST_NODE_TYPES.LogicalExpression:
          inspect(node.left, sink);
          inspect(node.right, sink);
          return;
        case AST_NODE_TYPES.CallExpression: {
          const name = calleeName(node);
          if (name && PASS_THROUGH_CALLS.has(name)) {
            for (const arg of node.arguments) inspect(arg, sink);
          } else if (node.callee.type === AST_NODE_TYPES.MemberExpression) {
            // `token.slice(0, 8)`, `body.toString()`: derived from the receiver's data.
            inspect(node.callee.object, sink);
          }
          return;
        }
        default:
          return;
      }
    }

    /**
     * `event.headers.authorization`, `body.password`, `user.token.value`, `event.body`: judged by
     * the properties read, not by the root variable, so `token.userId` (an id read from a
     * refresh-token record) is fine.
     */
    function inspectMember(node: TSESTree.MemberExpression, sink: string): void {
      const property = memberName(node);
      if (property !== undefined && REQUEST_DUMPS.has(normalise(property))) {
        report(node, 'requestDump', property, sink);
        return;
      }
      for (
        let current: TSESTree.Node = node;
        current.type === AST_NODE_TYPES.MemberExpression;
        current = current.object
      ) {
        const name = memberName(current);
        if (name !== undefined && isSensitive(name)) {
          report(node, 'sensitiveValue', name, sink);
          return;
        }
      }
      // `cookies['sid']`, `secrets[name]`: an entry looked up in a map of secrets.
      if (
        node.computed &&
        node.object.type === AST_NODE_TYPES.Identifier &&
        isSensitive(node.object.name)
      ) {
        report(node, 'sensitiveValue', node.object.name, sink);
      }
    }

    const memberName = (node: TSESTree.MemberExpression): string | undefined =>
      node.computed ? staticString(node.property) : node.property.name;

    return {
      CallExpression(node) {
        if (!isCallTo(node, sinks)) return;
        const sink = `${calleeName(node)}()`;
        const [first, ...rest] = node.arguments;
        if (!first) return;
        const key = staticString(first);
        if (key !== undefined) {
          // A string is a key for annotations and metadata, a message for logs.
          if (isCallTo(node, KEYED_SINKS) && isSensitive(key))
            report(first, 'sensitiveKey', key, sink);
        } else {
          inspect(first, sink);
        }
        for (const arg of rest) inspect(arg, sink);
      },
    };
  },
});
