import { ESLintUtils } from '@typescript-eslint/utils';

/** Every rule's `meta.docs.url` names its page in the workspace: `docs/rules/<rule>.md`. */
export const createRule = ESLintUtils.RuleCreator((name) => `docs/rules/${name}.md`);
