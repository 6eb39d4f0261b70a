import { joinPathFragments, readProjectConfiguration, type Tree } from '@nx/devkit';
import {
  findRouteClashes,
  resources,
  validateAppManifest,
  type FunctionSpec,
  type FunctionUses,
  type HttpMethod,
  type Trigger,
} from '@traced-social/manifest';
import { manifestPath, readAppManifests } from '../../../utils/app-manifests';
import { parseManifestSource } from '../../../utils/manifest-source';
import { handlerNames, isKebabCase, type HandlerNames } from '../../../utils/names';
import { GeneratorRefusal } from '../../../utils/refusal';
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

/** The options each trigger needs, and those that belong to other triggers. */
const TRIGGER_OPTIONS: Record<TriggerType, (keyof TracedHandlerGeneratorSchema)[]> = {
  api: ['method', 'path'],
  kinesis: ['stream'],
  'dynamodb-stream': ['table'],
  schedule: ['schedule'],
};

/**
 * Checks everything the handler needs before a file is written, and throws one
 * `GeneratorRefusal` naming every problem found.
 */
export function normalizeOptions(
  tree: Tree,
  schema: TracedHandlerGeneratorSchema,
): NormalizedHandlerOptions {
  schema = { ...SCHEMA_DEFAULTS, ...schema };
  const problems: string[] = [];
  const refuse = (): never => {
    throw new GeneratorRefusal('traced-handler', problems);
  };

  const projectRoot = appRootOf(tree, schema.project, problems);
  if (!isKebabCase(schema.name ?? '')) {
    problems.push(`Invalid name "${schema.name ?? ''}": use kebab-case, e.g. archive-post.`);
  }
  if (!(schema.trigger in TRIGGER_OPTIONS)) {
    problems.push(
      `Unknown trigger "${schema.trigger}": use one of ${Object.keys(TRIGGER_OPTIONS).join(', ')}.`,
    );
  }
  if (problems.length || projectRoot === undefined) return refuse();

  const trigger = schema.trigger;
  for (const [other, keys] of Object.entries(TRIGGER_OPTIONS)) {
    for (const key of keys) {
      const given = schema[key] !== undefined && !(key === 'schedule' && trigger !== 'schedule');
      if (other === trigger && schema[key] === undefined) {
        problems.push(`--trigger=${trigger} needs --${key}.`);
      } else if (other !== trigger && given) {
        problems.push(`--${key} applies to --trigger=${other} only, not ${trigger}.`);
      }
    }
  }
  if (problems.length) return refuse();

  const names = handlerNames(schema.name);
  const operationType = schema.operationType ?? names.constantName;
  const auth = trigger === 'api' && schema.auth !== false;
  const spec: FunctionSpec = {
    name: names.fileName,
    entry: `src/handlers/${names.fileName}.ts`,
    operationType,
    trigger: triggerOf(schema),
    ...(auth ? { uses: { jwtSecret: true } satisfies FunctionUses } : {}),
  };

  const path = manifestPath(projectRoot);
  const { manifest } = parseManifestSource(tree.read(path, 'utf-8') ?? '', path);
  if (manifest.functions.some((fn) => fn.name === spec.name)) {
    problems.push(`${schema.project} already declares a function "${spec.name}" in ${path}.`);
  }
  for (const file of [handlerFile(projectRoot, names), specFile(projectRoot, names)]) {
    if (tree.exists(file)) problems.push(`${file} already exists.`);
  }
  problems.push(...validateAppManifest({ ...manifest, functions: [spec] }));
  if (spec.trigger.type === 'schedule' && !/^(rate|cron)\(.+\)$/.test(spec.trigger.expression)) {
    problems.push(
      `Schedule "${spec.trigger.expression}" must be rate(...) or cron(...), as EventBridge takes it.`,
    );
  }
  if (spec.trigger.type === 'dynamodb-stream') {
    const table = (resources.tables as Record<string, { stream?: string }>)[spec.trigger.table];
    if (table && !table.stream) {
      problems.push(
        `Table "${spec.trigger.table}" has no stream: declare one in libs/manifest's resources first.`,
      );
    }
  }
  if (spec.trigger.type === 'api') {
    const others = readAppManifests(tree).filter((m) => m.app !== manifest.app);
    const withNew = { ...manifest, functions: [...manifest.functions, spec] };
    const owner = `${manifest.app}/${spec.name}`;
    for (const clash of findRouteClashes([...others, withNew])) {
      if (clash.endsWith(owner)) problems.push(`Route clash: ${clash}.`);
    }
  }
  if (problems.length) return refuse();

  return {
    project: schema.project,
    projectRoot,
    names,
    trigger,
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

function appRootOf(tree: Tree, project: string, problems: string[]): string | undefined {
  const apps = readAppManifests(tree).map((m) => m.app);
  let root: string;
  try {
    root = readProjectConfiguration(tree, project).root;
  } catch {
    problems.push(
      `Unknown project "${project}". Domain apps: ${apps.length ? apps.join(', ') : 'none yet (create one with nx g domain-app)'}.`,
    );
    return undefined;
  }
  if (!tree.exists(manifestPath(root))) {
    problems.push(
      `Project "${project}" is not a domain app: ${manifestPath(root)} does not exist. Domain apps: ${apps.join(', ') || 'none'}.`,
    );
    return undefined;
  }
  return root;
}

/**
 * Stream consumers: a failing record is isolated by bisecting the batch. A Kinesis consumer
 * traces each record (`processInProducerTrace`), so its batch stays under the budget of 49
 * subsegments; a DynamoDB stream consumer traces its batch as one operation.
 */
const KINESIS_BATCH = { batchSize: 25, bisectBatchOnError: true } as const;
const DYNAMODB_STREAM_BATCH = { batchSize: 100, bisectBatchOnError: true } as const;

/** Only called once `normalizeOptions` has checked the trigger's options are present. */
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
