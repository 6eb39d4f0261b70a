import { readProjectConfiguration, type Tree } from '@nx/devkit';
import { findRouteClashes, resources, validateAppManifest } from '@traced-social/manifest';
import { manifestPath, readAppManifests } from '../../../utils/app-manifests';
import { parseManifestSource } from '../../../utils/manifest-source';
import { isKebabCase } from '../../../utils/names';
import { GeneratorRefusal } from '../../../utils/refusal';
import type { TracedHandlerGeneratorSchema, TriggerType } from '../schema';
import { handlerFile, specFile, type NormalizedHandlerOptions } from './normalize-options';

/** The options each trigger needs, and those that belong to other triggers. */
const TRIGGER_OPTIONS: Record<TriggerType, (keyof TracedHandlerGeneratorSchema)[]> = {
  api: ['method', 'path'],
  kinesis: ['stream'],
  'dynamodb-stream': ['table'],
  schedule: ['schedule'],
};

/** The shared streams, and the shared tables that have a stream: the valid choices. */
export const streamNames = (): string[] => Object.keys(resources.streams);
export const tablesWithStream = (): string[] =>
  Object.entries(resources.tables as Record<string, { stream?: unknown }>)
    .filter(([, table]) => table.stream)
    .map(([name]) => name);

const refuse = (problems: string[]): never => {
  throw new GeneratorRefusal('traced-handler', problems);
};

/**
 * The options as given: a domain app, a kebab-case name, a known trigger with its own options
 * and no other trigger's. Returns the app's root; throws one `GeneratorRefusal` naming every
 * problem.
 */
export function validateSchema(tree: Tree, schema: TracedHandlerGeneratorSchema): string {
  const problems: string[] = [];
  const projectRoot = appRootOf(tree, schema.project, problems);
  if (!isKebabCase(schema.name ?? '')) {
    problems.push(`Invalid name "${schema.name ?? ''}": use kebab-case, e.g. archive-post.`);
  }
  if (!(schema.trigger in TRIGGER_OPTIONS)) {
    problems.push(
      `Unknown trigger "${schema.trigger}": use one of ${Object.keys(TRIGGER_OPTIONS).join(', ')}.`,
    );
  }
  if (problems.length || projectRoot === undefined) return refuse(problems);

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
  if (trigger === 'kinesis' && schema.stream !== undefined) {
    if (!streamNames().includes(schema.stream)) {
      problems.push(`Unknown stream "${schema.stream}": use one of ${streamNames().join(', ')}.`);
    }
  }
  const table = schema.table;
  if (trigger === 'dynamodb-stream' && table !== undefined && !tablesWithStream().includes(table)) {
    const what =
      table in resources.tables ? `Table "${table}" has no stream` : `Unknown table "${table}"`;
    problems.push(
      `${what}: use one of ${tablesWithStream().join(', ')} (the tables with a stream; declare one in libs/manifest's resources first).`,
    );
  }
  if (problems.length) return refuse(problems);
  return projectRoot;
}

/**
 * The handler in its app: a new function name and files, a valid manifest entry, a schedule
 * EventBridge takes, a route no other function has. Throws one `GeneratorRefusal`.
 */
export function validateHandler(tree: Tree, options: NormalizedHandlerOptions): void {
  const { spec, projectRoot, names } = options;
  const problems: string[] = [];
  const path = manifestPath(projectRoot);
  const { manifest } = parseManifestSource(tree.read(path, 'utf-8') ?? '', path);
  if (manifest.functions.some((fn) => fn.name === spec.name)) {
    problems.push(`${options.project} already declares a function "${spec.name}" in ${path}.`);
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
  if (spec.trigger.type === 'api') {
    const others = readAppManifests(tree).filter((m) => m.app !== manifest.app);
    const withNew = { ...manifest, functions: [...manifest.functions, spec] };
    const owner = `${manifest.app}/${spec.name}`;
    for (const clash of findRouteClashes([...others, withNew])) {
      if (clash.endsWith(owner)) problems.push(`Route clash: ${clash}.`);
    }
  }
  if (problems.length) refuse(problems);
}

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
