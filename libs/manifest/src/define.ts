import { OPERATION_TYPE_PATTERN } from '@traced-social/trace-model';
import { resources } from './resources';
import type { AppManifest } from './types';

/**
 * Declares an app's manifest, checking it at load time: names, operation types, routes and
 * references to shared resources. A mistake fails the app's tests, the local cloud and synth alike.
 */
export function defineApp<const M extends AppManifest>(manifest: M): M {
  const problems = validateAppManifest(manifest);
  if (problems.length) {
    throw new Error(`Manifest of app "${manifest.app}" is invalid:\n- ${problems.join('\n- ')}`);
  }
  return manifest;
}

export function validateAppManifest(manifest: AppManifest): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const tables = new Set(Object.keys(resources.tables));
  const streams = new Set(Object.keys(resources.streams));
  const buckets = new Set(Object.keys(resources.buckets));
  for (const fn of manifest.functions) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(fn.name))
      problems.push(`function name "${fn.name}" must be kebab-case`);
    if (names.has(fn.name)) problems.push(`function name "${fn.name}" is declared twice`);
    names.add(fn.name);
    if (!OPERATION_TYPE_PATTERN.test(fn.operationType)) {
      problems.push(`${fn.name}: operationType "${fn.operationType}" must be UPPER_SNAKE`);
    }
    if (!/^src\/.+\.ts$/.test(fn.entry))
      problems.push(`${fn.name}: entry "${fn.entry}" must be a .ts file under src/`);
    const t = fn.trigger;
    if (
      t.type === 'api' &&
      !/^\/([A-Za-z0-9._-]+|\{[A-Za-z][A-Za-z0-9]*\})(\/([A-Za-z0-9._-]+|\{[A-Za-z][A-Za-z0-9]*\}))*$/.test(
        t.path,
      )
    ) {
      problems.push(`${fn.name}: path "${t.path}" must look like /posts/{postId}`);
    }
    if (t.type === 'kinesis' && !streams.has(t.stream))
      problems.push(`${fn.name}: unknown stream "${t.stream}"`);
    if (t.type === 'dynamodb-stream' && !tables.has(t.table))
      problems.push(`${fn.name}: unknown table "${t.table}"`);
    for (const table of Object.keys(fn.uses?.tables ?? {})) {
      if (!tables.has(table)) problems.push(`${fn.name}: uses unknown table "${table}"`);
    }
    for (const stream of fn.uses?.publishes ?? []) {
      if (!streams.has(stream))
        problems.push(`${fn.name}: publishes to unknown stream "${stream}"`);
    }
    for (const bucket of Object.keys(fn.uses?.buckets ?? {})) {
      if (!buckets.has(bucket)) problems.push(`${fn.name}: uses unknown bucket "${bucket}"`);
    }
  }
  return problems;
}

/** Routes of several apps that clash (same method and path shape). */
export function findRouteClashes(apps: AppManifest[]): string[] {
  const seen = new Map<string, string>();
  const clashes: string[] = [];
  for (const app of apps) {
    for (const fn of app.functions) {
      if (fn.trigger.type !== 'api') continue;
      const key = `${fn.trigger.method} ${fn.trigger.path.replace(/\{[^}]+\}/g, '{}')}`;
      const owner = `${app.app}/${fn.name}`;
      const other = seen.get(key);
      if (other) clashes.push(`${fn.trigger.method} ${fn.trigger.path}: ${other} and ${owner}`);
      else seen.set(key, owner);
    }
  }
  return clashes;
}
