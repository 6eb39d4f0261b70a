import {
  SENSITIVE_KEY_FRAGMENTS,
  SENSITIVE_KEY_WORDS,
} from '@traced-social/observability/conventions';
import { createRuleTester } from './rule-tester';
import { RULE_NAME, rule } from './no-sensitive-trace-data';

/**
 * The annotation keys, the subsegment budget and the sensitive keys come from the lib itself
 * (`@traced-social/observability/conventions`): the rule judges names in code with the same key
 * matcher the redactor applies at run time. This run proves it on every fragment and word the lib
 * redacts, so the two cannot drift apart.
 */
createRuleTester().run(`${RULE_NAME} (the lib's sensitive keys)`, rule, {
  valid: [],
  invalid: [...SENSITIVE_KEY_FRAGMENTS, ...SENSITIVE_KEY_WORDS].map((name) => ({
    code: `addMetadata('login', { ${name}: value });`,
    errors: [{ messageId: 'sensitiveKey' as const, data: { name, sink: 'addMetadata()' } }],
  })),
});
