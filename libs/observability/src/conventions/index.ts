/**
 * The conventions as plain rules and data, importable without loading a tracing SDK or reading
 * the environment: the ESLint rules in tools/eslint-rules check code against these
 * (`@traced-social/observability/conventions`), so a new annotation key is added in one place.
 */
export { ANNOTATION_KEYS } from './annotation-keys';
export { SUBSEGMENT_BUDGET, ANNOTATION_BUDGET } from './budgets';
