import { joinPathFragments } from '@nx/devkit';
import type { FunctionSpec, FunctionUses, HttpMethod, Trigger } from '@traced-social/manifest';
import { handlerNames, type HandlerNames } from '../../../utils/names';
import type { TracedHandlerGeneratorSchema, TriggerType } from '../schema';

export interface NormalizedHandlerOptions {
  project: string;
  projectRoot: string;
  names: HandlerNames;
  trigger: TriggerType;
  operationType: string;
  /** The manifest entry to insert. */
  spec: FunctionSpec;
  /** api: the `{param}` names of the path, in order. */
  pathParameters: string[];
  /** api: whether the handler verifies a bearer JWT. */
  auth: boolean;
  skipFormat: boolean;
}

/** The schema's defaults, also when the generator is called from code (tests, domain-app). */
const SCHEMA_DEFAULTS = { auth: true, schedule: 'rate(1 hour)', skipFormat: false };

export const withSchemaDefaults = (
  schema: TracedHandlerGeneratorSchema,
): TracedHandlerGeneratorSchema => ({ ...SCHEMA_DEFAULTS, ...schema });

/**
 * Fills in what the options imply (names, operation type, the manifest entry, path parameters).
 * Called once `validateSchema` has accepted the options; checks nothing itself.
 */
export function normalizeOptions(
  schema: TracedHandlerGeneratorSchema,
  projectRoot: string,
): NormalizedHandlerOptions {
  const names = handlerNames(schema.name);
  const operationType = schema.operationType ?? names.constantName;
  const auth = schema.trigger === 'api' && schema.auth !== false;
  const spec: FunctionSpec = {
    name: names.fileName,
    entry: `src/handlers/${names.fileName}.ts`,
    operationType,
    trigger: triggerOf(schema),
    ...(auth ? { uses: { jwtSecret: true } satisfies FunctionUses } : {}),
  };
  return {
    project: schema.project,
    projectRoot,
    names,
    trigger: schema.trigger,
    operationType,
    spec,
    pathParameters: spec.trigger.type === 'api' ? pathParametersOf(spec.trigger.path) : [],
    auth,
    skipFormat: schema.skipFormat ?? false,
  };
}

export const handlerFile = (root: string, names: HandlerNames): string =>
  joinPathFragments(root, 'src/handlers', `${names.fileName}.ts`);
export const specFile = (root: string, names: HandlerNames): string =>
  joinPathFragments(root, 'src/handlers', `${names.fileName}.spec.ts`);

/** `/posts/{postId}/archive` → `['postId']`. */
export const pathParametersOf = (path: string): string[] =>
  [...path.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]);

/**
 * Stream consumers: a failing record is isolated by bisecting the batch. A Kinesis consumer
 * traces each record (`processInProducerTrace`), so its batch stays under the budget of 49
 * subsegments; a DynamoDB stream consumer traces its batch as one operation.
 */
const KINESIS_BATCH = { batchSize: 25, bisectBatchOnError: true } as const;
const DYNAMODB_STREAM_BATCH = { batchSize: 100, bisectBatchOnError: true } as const;

/** Only called once the trigger's options are known to be present. */
function triggerOf(schema: TracedHandlerGeneratorSchema): Trigger {
  switch (schema.trigger) {
    case 'api':
      return {
        type: 'api',
        method: schema.method as HttpMethod,
        path: String(schema.path),
        auth: schema.auth !== false,
      };
    case 'kinesis':
      return { type: 'kinesis', stream: String(schema.stream), ...KINESIS_BATCH };
    case 'dynamodb-stream':
      return { type: 'dynamodb-stream', table: String(schema.table), ...DYNAMODB_STREAM_BATCH };
    case 'schedule':
      return { type: 'schedule', expression: String(schema.schedule) };
  }
}
