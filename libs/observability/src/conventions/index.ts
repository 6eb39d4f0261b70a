/**
 * The conventions as plain data, importable without loading a tracing SDK: the ESLint rules in
 * tools/eslint-rules check code against these, so a new annotation key is added in one place.
 */
export { ANNOTATION_KEYS } from './conventions/annotation-keys';
export { SUBSEGMENT_BUDGET } from './config';
