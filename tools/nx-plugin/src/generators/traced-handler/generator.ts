import {
  formatFiles,
  generateFiles,
  joinPathFragments,
  readProjectConfiguration,
  updateProjectConfiguration,
  type Tree,
} from '@nx/devkit';
import { manifestPath } from '../../utils/app-manifests';
import { appendFunction } from '../../utils/manifest-source';
import { toTsLiteral } from '../../utils/ts-literal';
import { normalizeOptions, type NormalizedHandlerOptions } from './lib/normalize-options';
import { promptForTriggerOptions } from './lib/prompt-trigger-options';
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
  const options = normalizeOptions(tree, await promptForTriggerOptions(schema));
  writeHandlerFiles(tree, options);
  addManifestEntry(tree, options);
  addBuildEntryPoint(tree, options);
  if (!options.skipFormat) await formatFiles(tree);
}

export default tracedHandlerGenerator;

function writeHandlerFiles(tree: Tree, options: NormalizedHandlerOptions): void {
  const { names, spec, pathParameters } = options;
  generateFiles(
    tree,
    joinPathFragments(__dirname, 'files', options.trigger),
    joinPathFragments(options.projectRoot, 'src/handlers'),
    {
      ...names,
      app: options.project,
      operationType: options.operationType,
      trigger: spec.trigger,
      pathParameters,
      auth: options.auth,
      tmpl: '',
    },
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

/** One bundle per handler: the app's esbuild build lists each handler as an entry point. */
function addBuildEntryPoint(tree: Tree, options: NormalizedHandlerOptions): void {
  const project = readProjectConfiguration(tree, options.project);
  const build = project.targets?.build;
  if (!build || build.executor !== '@nx/esbuild:esbuild') return;
  const entry = joinPathFragments(options.projectRoot, options.spec.entry);
  const buildOptions = (build.options ??= {}) as {
    main?: string;
    additionalEntryPoints?: string[];
  };
  if (buildOptions.main === entry) return;
  const entries = (buildOptions.additionalEntryPoints ??= []);
  if (!entries.includes(entry)) entries.push(entry);
  updateProjectConfiguration(tree, options.project, project);
}
