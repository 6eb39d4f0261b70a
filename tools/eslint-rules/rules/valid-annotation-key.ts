import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isCallTo, propertyKeyName, staticString } from './ast-utils';
import { ANNOTATION_KEYS } from '@traced-social/observability/conventions';
import { ANNOTATION_KEY_PATTERN } from '@traced-social/trace-model';
import { createTracingRule, STRING_LIST_OPTION } from './create-rule';

export const RULE_NAME = 'valid-annotation-key';

/** The observability lib's typed annotation keys: one list, read here and by the lib. */
export const DEFAULT_ANNOTATION_KEYS: readonly string[] = ANNOTATION_KEYS;

/** Calls whose first argument is an annotation key. */
const ANNOTATING_CALLS = new Set(['annotate', 'putAnnotation']);

type Options = { keys?: string[]; extraKeys?: string[] };
type MessageIds = 'notIndexable' | 'unknownKey';

/** `cache.hit` → `cacheHit`, `error-type` → `errorType`, `Cold Start` → `coldStart`. */
export function toAnnotationKey(key: string): string {
  const words = key.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words
    .map((word, i) =>
      i === 0 ? word[0].toLowerCase() + word.slice(1) : word[0].toUpperCase() + word.slice(1),
    )
    .join('');
}

export const rule = createTracingRule<Options, MessageIds>({
  name: RULE_NAME,
  description:
    'Annotation keys must be indexable by X-Ray (letters, digits, underscore) and belong to the typed set',
  fixable: 'code',
  optionProperties: {
    keys: STRING_LIST_OPTION,
    extraKeys: STRING_LIST_OPTION,
  },
  messages: {
    notIndexable:
      'Annotation key "{{key}}" cannot be indexed by X-Ray (only letters, digits and underscore): the SDK drops it silently.{{hint}}',
    unknownKey:
      'Annotation key "{{key}}" is not one of the typed keys ({{keys}}): add it to the observability lib\'s AnnotationKey set first.',
  },
  create(context, options) {
    const keys = new Set([
      ...(options.keys ?? DEFAULT_ANNOTATION_KEYS),
      ...(options.extraKeys ?? []),
    ]);

    function check(node: TSESTree.Node, key: string, replace: (fixed: string) => string): void {
      if (!ANNOTATION_KEY_PATTERN.test(key)) {
        const fixed = toAnnotationKey(key);
        const safe = keys.has(fixed);
        context.report({
          node,
          messageId: 'notIndexable',
          data: { key, hint: safe ? ` Use "${fixed}".` : '' },
          // Renaming is safe only to a key of the typed set: anything else would still be wrong.
          fix: safe ? (fixer: TSESLint.RuleFixer) => fixer.replaceText(node, replace(fixed)) : null,
        });
      } else if (!keys.has(key)) {
        context.report({
          node,
          messageId: 'unknownKey',
          data: { key, keys: [...keys].join(', ') },
        });
      }
    }

    /** Re-quotes the fixed key with the quote the source used. */
    const requote = (node: TSESTree.Node) => (fixed: string) => {
      const quote = context.sourceCode.getText(node)[0];
      return `${quote}${fixed}${quote === '`' ? '`' : quote}`;
    };

    return {
      CallExpression(node) {
        if (!isCallTo(node, ANNOTATING_CALLS)) return;
        const first = node.arguments[0];
        const key = staticString(first);
        if (first && key !== undefined) check(first, key, requote(first));
      },
      // `{ annotations: { cacheHit: true } }` in the options of the tracing helpers.
      Property(node) {
        if (propertyKeyName(node) !== 'annotations') return;
        if (node.value.type !== AST_NODE_TYPES.ObjectExpression) return;
        for (const property of node.value.properties) {
          if (property.type !== AST_NODE_TYPES.Property) continue;
          const key = propertyKeyName(property);
          if (key === undefined) continue;
          const keyNode = property.key;
          const quoted = keyNode.type === AST_NODE_TYPES.Literal;
          check(keyNode, key, quoted ? requote(keyNode) : (fixed) => fixed);
        }
      },
    };
  },
});
