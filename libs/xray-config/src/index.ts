export * from './names';
export * from './sampling-rates';
export * from './sampling-rules';
export * from './groups';
export * from './stage-plan';
export * from './rule-matcher';
export { wildcardMatch } from './wildcard';
