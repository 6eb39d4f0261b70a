import { rule as maxSubsegments } from './rules/max-subsegments';
import { rule as noFloatingTracedOperation } from './rules/no-floating-traced-operation';
import { rule as noSensitiveTraceData } from './rules/no-sensitive-trace-data';
import { rule as operationTypeMatchesManifest } from './rules/operation-type-matches-manifest';
import { rule as requireTracedHandler } from './rules/require-traced-handler';
import { rule as validAnnotationKey } from './rules/valid-annotation-key';

/**
 * The workspace's tracing rules. `@nx/eslint-plugin` loads this folder (Nx's workspace rules
 * convention) and registers each rule as `@nx/workspace-<name>`; the root eslint.config.mjs
 * turns them on for apps and libs. Docs: docs/rules/<name>.md.
 */
export const rules = {
  'no-sensitive-trace-data': noSensitiveTraceData,
  'max-subsegments': maxSubsegments,
  'valid-annotation-key': validAnnotationKey,
  'require-traced-handler': requireTracedHandler,
  'no-floating-traced-operation': noFloatingTracedOperation,
  'operation-type-matches-manifest': operationTypeMatchesManifest,
};
