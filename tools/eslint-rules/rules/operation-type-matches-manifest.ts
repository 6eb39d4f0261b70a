import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isCallTo, propertyKeyName, staticString } from './ast-utils';
import { createTracingRule } from './create-rule';
import { manifestOperationTypes } from './manifest-operation-types';
import {
  HANDLER_MODULE_OPTION_PROPERTIES,
  handlerModulePath,
  type HandlerModuleOptions,
} from './handler-modules';

export const RULE_NAME = 'operation-type-matches-manifest';

type Options = HandlerModuleOptions;
type MessageIds = 'mismatch' | 'notInManifest' | 'notLiteral';

/**
 * A handler's `withTracing(..., { operationType })` must equal its function's `operationType` in
 * the app's `src/manifest.ts`: the X-Ray groups, alarms and saved queries are built from the
 * manifest, the traces carry the wrapper's.
 */
export const rule = createTracingRule<Options, MessageIds>({
  name: RULE_NAME,
  description:
    "A handler's withTracing operationType must equal the operationType of its entry in the app's src/manifest.ts",
  optionProperties: HANDLER_MODULE_OPTION_PROPERTIES,
  messages: {
    mismatch:
      'operationType "{{actual}}" differs from the manifest, which declares {{expected}} for {{entry}}: the X-Ray groups and alarms built from the manifest would miss these traces. Write the same operationType in both.',
    notInManifest:
      '{{entry}} is not the entry of any function in {{manifest}}: add its function (name, entry, operationType, trigger) there, or the handler is never served nor deployed.',
    notLiteral:
      'Write operationType as a string literal so it can be checked against {{manifest}}.',
  },
  create(context, options) {
    const filename = handlerModulePath(context.filename, options.files);
    if (!filename) return {};
    const found = manifestOperationTypes(filename);
    if (!found) return {};
    const { entry, manifest } = found;
    const manifestName = manifest.path.replace(/\\/g, '/').replace(/^.*\/(apps\/)/, '$1');
    const wrappers = new Set(options.wrappers ?? ['withTracing']);

    return {
      CallExpression(call) {
        if (!isCallTo(call, wrappers)) return;
        const expected = manifest.byEntry.get(entry);
        if (!expected) {
          context.report({
            node: call.callee,
            messageId: 'notInManifest',
            data: { entry, manifest: manifestName },
          });
          return;
        }
        const value = operationTypeValue(call.arguments[1]);
        if (!value) return; // no options: the wrapper's own type check refuses it
        const actual = staticString(value);
        if (actual === undefined) {
          context.report({
            node: value,
            messageId: 'notLiteral',
            data: { manifest: manifestName },
          });
        } else if (!expected.includes(actual)) {
          context.report({
            node: value,
            messageId: 'mismatch',
            data: { actual, expected: expected.map((t) => `"${t}"`).join(' or '), entry },
          });
        }
      },
    };
  },
});

function operationTypeValue(
  options: TSESTree.CallExpressionArgument | undefined,
): TSESTree.Node | undefined {
  if (options?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  for (const property of options.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    if (propertyKeyName(property) === 'operationType') return property.value;
  }
  return undefined;
}
