import { formatFiles, generateFiles, joinPathFragments, type Tree } from '@nx/devkit';
import { applyEdits, modify, parse } from 'jsonc-parser';
import { manifestPath } from '../../utils/app-manifests';
import { appendFunction } from '../../utils/manifest-source';
import { toTsLiteral } from '../../utils/ts-literal';
import {
  normalizeOptions,
  withSchemaDefaults,
  type NormalizedHandlerOptions,
} from './lib/normalize-options';
import { promptForTriggerOptions } from './lib/prompt-trigger-options';
import { templateValues } from './lib/template-values';
import { validateHandler, validateSchema } from './lib/validate-options';
import type { TracedHandlerGeneratorSchema } from './schema';

/**
 * `nx g traced-handler`: a handler on the observability lib, its contract test on emitted
 * segments, its manifest entry (so the local cloud serves it and the CDK stack deploys it) and
 * its build entry point. Refuses before writing anything when an option is wrong.
 */
export async function tracedHandlerGenerator(
  tree: Tree,
  schema: TracedHandlerGeneratorSchema,
): Promise<void> {
  const given = withSchemaDefaults(await promptForTriggerOptions(schema));
  const options = normalizeOptions(given, validateSchema(tree, given));
  validateHandler(tree, options);
  writeHandlerFiles(tree, options);
  addManifestEntry(tree, options);
  addBuildEntryPoint(tree, options);
  if (!options.skipFormat) await formatFiles(tree);
}

export default tracedHandlerGenerator;

function writeHandlerFiles(tree: Tree, options: NormalizedHandlerOptions): void {
  generateFiles(
    tree,
    joinPathFragments(__dirname, 'files', options.trigger),
    joinPathFragments(options.projectRoot, 'src/handlers'),
    templateValues(options),
  );
}

function addManifestEntry(tree: Tree, options: NormalizedHandlerOptions): void {
  const path = manifestPath(options.projectRoot);
  const source = tree.read(path, 'utf-8') ?? '';
  tree.write(
    path,
    appendFunction(source, path, (indent) => toTsLiteral(options.spec, indent)),
  );
}

/**
 * One bundle per handler: the app's esbuild build lists each handler as an entry point. Only that
 * list is edited in project.json's text; the rest of the file stays as it was written.
 */
function addBuildEntryPoint(tree: Tree, options: NormalizedHandlerOptions): void {
  const path = joinPathFragments(options.projectRoot, 'project.json');
  const text = tree.read(path, 'utf-8');
  if (text === null) return;
  const build = (parse(text) as ProjectJson).targets?.build;
  if (build?.executor !== '@nx/esbuild:esbuild') return;
  const entry = joinPathFragments(options.projectRoot, options.spec.entry);
  const entries = build.options?.additionalEntryPoints ?? [];
  if (build.options?.main === entry || entries.includes(entry)) return;
  const edits = modify(
    text,
    ['targets', 'build', 'options', 'additionalEntryPoints'],
    [...entries, entry],
    { formattingOptions: { insertSpaces: true, tabSize: 2 } },
  );
  tree.write(path, applyEdits(text, edits));
}

interface ProjectJson {
  targets?: {
    build?: { executor?: string; options?: { main?: string; additionalEntryPoints?: string[] } };
  };
}
