import { ESLintUtils } from '@typescript-eslint/utils';

/** Every rule's `meta.docs.url` points at its page in `docs/rules/`. */
export const createRule = ESLintUtils.RuleCreator(
  (name) => `https://github.com/traced-social/traced-social/blob/main/docs/rules/${name}.md`,
);
