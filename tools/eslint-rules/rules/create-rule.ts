import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';
import type { JSONSchema4ObjectSchema } from '@typescript-eslint/utils/json-schema';

/** Every rule's `meta.docs.url` names its page in the workspace: `docs/rules/<rule>.md`. */
const ruleCreator = ESLintUtils.RuleCreator((name) => `docs/rules/${name}.md`);

/** The schema of an option that lists names (functions, sinks, keys). */
export const STRING_LIST_OPTION = { type: 'array', items: { type: 'string' } } as const;

/** What a tracing rule declares; the rest of its meta is the same for all of them. */
export interface TracingRuleSpec<Options extends object, MessageIds extends string> {
  name: string;
  description: string;
  fixable?: 'code';
  /** The properties of the rule's one options object (all optional, no others accepted). */
  optionProperties: JSONSchema4ObjectSchema['properties'];
  messages: Record<MessageIds, string>;
  create: (
    context: Readonly<TSESLint.RuleContext<MessageIds, [Options]>>,
    options: Options,
  ) => TSESLint.RuleListener;
}

/**
 * A tracing convention rule: a problem, configured by one optional object whose options all
 * have defaults in the rule (so `defaultOptions` is `[{}]`).
 */
export function createTracingRule<Options extends object, MessageIds extends string>(
  spec: TracingRuleSpec<Options, MessageIds>,
) {
  return ruleCreator<[Options], MessageIds>({
    name: spec.name,
    meta: {
      type: 'problem',
      ...(spec.fixable && { fixable: spec.fixable }),
      docs: { description: spec.description },
      schema: [{ type: 'object', properties: spec.optionProperties, additionalProperties: false }],
      messages: spec.messages,
    },
    defaultOptions: [{} as Options],
    create: (context, [options]) => spec.create(context, options),
  });
}
