import { rule as maxSubsegments } from './max-subsegments';
import { rule as noFloatingTracedOperation } from './no-floating-traced-operation';
import { rule as noSensitiveTraceData } from './no-sensitive-trace-data';
import { rule as requireTracedHandler } from './require-traced-handler';
import { rule as validAnnotationKey } from './valid-annotation-key';

/**
 * The workspace's tracing rules, loaded by the root eslint.config.mjs through Nx's
 * `loadWorkspaceRules` under the `traced/` prefix (`traced/no-sensitive-trace-data`, ...).
 */
export const rules = {
  'no-sensitive-trace-data': noSensitiveTraceData,
  'max-subsegments': maxSubsegments,
  'valid-annotation-key': validAnnotationKey,
  'require-traced-handler': requireTracedHandler,
  'no-floating-traced-operation': noFloatingTracedOperation,
};
