/**
 * The conventions as plain rules and data, importable without loading a tracing SDK or reading
 * the environment: the ESLint rules in tools/eslint-rules check code against these
 * (`@traced-social/observability/conventions`), so a new annotation key is added in one place and
 * names in code are judged by the same sensitive-key matcher the redactor applies at run time.
 */
export { ANNOTATION_KEYS } from './annotation-keys';
export { OPERATION_TYPE_PATTERN } from './naming';
export { SUBSEGMENT_BUDGET, ANNOTATION_BUDGET } from './budgets';
export {
  SAFE_KEY_QUALIFIERS,
  SENSITIVE_KEY_FRAGMENTS,
  SENSITIVE_KEY_WORDS,
  createKeyMatcher,
  createRedactor,
  redactUrl,
} from './redaction';
