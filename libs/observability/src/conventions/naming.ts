/** UPPER_SNAKE operation types (`CREATE_POST`), shared with the manifest (trace-model holds it). */
export { OPERATION_TYPE_PATTERN } from '@traced-social/trace-model';

/**
 * The naming scheme of trace nodes (see the README): the handler subsegment is `## <handler>` as
 * Powertools names it (`_HANDLER`, e.g. `## index.handler`); custom operations use plain
 * Title-case names ("JWT Verification", "CreatePost"); AWS calls are named by the SDK capture
 * after the service ("DynamoDB", "Kinesis", "S3").
 */
export function handlerSubsegmentName(env: NodeJS.ProcessEnv = process.env): string {
  return `## ${env._HANDLER ?? env.AWS_LAMBDA_FUNCTION_NAME ?? 'handler'}`;
}

const validNames = new Set<string>();
const MAX_REMEMBERED_NAMES = 1000;

/**
 * X-Ray accepts names up to 200 characters of a restricted set; keep custom names inside it.
 * Names are constants at call sites, so valid ones are remembered (bounded) to keep the hot path cheap.
 */
export function operationNameProblem(name: string): string | undefined {
  if (validNames.has(name)) return undefined;
  const problem = checkOperationName(name);
  if (!problem && validNames.size < MAX_REMEMBERED_NAMES) validNames.add(name);
  return problem;
}

function checkOperationName(name: string): string | undefined {
  if (!name.trim()) return 'a traced operation needs a non-empty name';
  if (name.length > 200)
    return `traced operation name is longer than 200 characters: "${name.slice(0, 40)}…"`;
  if (!/^[\p{L}\p{N}\p{Z}_.:/%&#=+\-@]+$/u.test(name)) {
    return `traced operation name "${name}" has characters X-Ray does not accept in names`;
  }
  return undefined;
}
