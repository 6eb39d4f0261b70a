import { formatFiles, generateFiles, getProjects, joinPathFragments, type Tree } from '@nx/devkit';
import { findRouteClashes, type AppManifest } from '@traced-social/manifest';
import { readAppManifests } from '../../utils/app-manifests';
import { isKebabCase } from '../../utils/names';
import { GeneratorRefusal } from '../../utils/refusal';
import { tracedHandlerGenerator } from '../traced-handler/generator';
import type { TracedHandlerGeneratorSchema } from '../traced-handler/schema';
import type { DomainAppGeneratorSchema } from './schema';

/**
 * `nx g domain-app`: a new traced domain app under `apps/<name>`, laid out like every other app,
 * with an example authenticated API handler (`GET /<name>/status`) written by `traced-handler`.
 * Its `synth` and `deploy` targets are inferred from the manifest (infra's Nx plugin).
 */
export async function domainAppGenerator(
  tree: Tree,
  schema: DomainAppGeneratorSchema,
): Promise<void> {
  const name = schema.name ?? '';
  const service = schema.service ?? name;
  const example = exampleHandler(name);
  refuseProblems(tree, name, service, example);

  const root = joinPathFragments('apps', name);
  generateFiles(tree, joinPathFragments(__dirname, 'files'), root, {
    name,
    service,
    exampleEntry: `src/handlers/${example.name}.ts`,
    tmpl: '',
  });
  await tracedHandlerGenerator(tree, { ...example, skipFormat: true });
  if (!schema.skipFormat) await formatFiles(tree);
}

export default domainAppGenerator;

/**
 * The example: an authenticated route that shows the whole traced request path, its "Request
 * Validation" checking the query string (unknown or malformed parameters answer 400).
 */
function exampleHandler(app: string): TracedHandlerGeneratorSchema & { path: string } {
  return {
    project: app,
    name: `get-${app}-status`,
    trigger: 'api',
    method: 'GET',
    path: `/${app}/status`,
  };
}

function refuseProblems(
  tree: Tree,
  name: string,
  service: string,
  example: ReturnType<typeof exampleHandler>,
): void {
  const problems: string[] = [];
  if (!isKebabCase(name)) problems.push(`Invalid name "${name}": use kebab-case, e.g. comments.`);
  if (!isKebabCase(service)) {
    problems.push(`Invalid service "${service}": use kebab-case, e.g. comments.`);
  }
  if (problems.length === 0 && (getProjects(tree).has(name) || tree.exists(`apps/${name}`))) {
    // A re-run: the app is there, with its example (whose route would "clash" with itself).
    problems.push(
      `"${name}" already exists (a project or apps/${name}): pick another name, or add a handler to it with nx g traced-handler --project=${name}.`,
    );
  }
  if (problems.length === 0) {
    const newApp: AppManifest = {
      app: name,
      service,
      functions: [
        {
          name: example.name,
          entry: `src/handlers/${example.name}.ts`,
          operationType: 'EXAMPLE',
          trigger: { type: 'api', method: 'GET', path: example.path },
        },
      ],
    };
    for (const clash of findRouteClashes([...readAppManifests(tree), newApp])) {
      problems.push(`Route clash of the example handler: ${clash}.`);
    }
  }
  if (problems.length) throw new GeneratorRefusal('domain-app', problems);
}
