import { readProjectConfiguration, type Tree } from '@nx/devkit';
import { createWorkspaceTree } from '../../testing/workspace-tree';
import { parseManifestSource } from '../../utils/manifest-source';
import { domainAppGenerator } from './generator';

describe('domain-app generator', () => {
  let tree: Tree;

  beforeEach(() => {
    tree = createWorkspaceTree();
  });

  // Formatting is proven by the real run (e2e spec): Prettier 3 loads through import(), which
  // Jest cannot do without --experimental-vm-modules.
  const generate = (name: string, service?: string) =>
    domainAppGenerator(tree, { name, service, skipFormat: true });

  describe('a new app', () => {
    beforeEach(async () => {
      await generate('comments', 'comments-service');
    });

    it('is an app project with build, typecheck, test and lint wiring', () => {
      const project = readProjectConfiguration(tree, 'comments');
      expect(project.root).toBe('apps/comments');
      expect(project.projectType).toBe('application');
      expect(project.tags).toEqual(['type:app']);
      expect(project.targets?.build.executor).toBe('@nx/esbuild:esbuild');
      expect(project.targets?.build.options).toMatchObject({
        main: 'apps/comments/src/handlers/get-comments-status.ts',
        additionalEntryPoints: [],
        format: ['cjs'],
        outputPath: 'dist/apps/comments',
      });
      // Contract tests on both tracing backends, like every app (decision 0803).
      expect(tree.read('apps/comments/jest.config.js', 'utf-8')).toContain(
        "...perTracingBackend({\n    displayName: 'comments',",
      );
      for (const file of [
        'jest.config.js',
        'eslint.config.mjs',
        'tsconfig.json',
        'tsconfig.app.json',
        'tsconfig.spec.json',
        'README.md',
      ]) {
        expect(tree.exists(`apps/comments/${file}`)).toBe(true);
      }
    });

    it('declares its manifest with the example handler', () => {
      const source = tree.read('apps/comments/src/manifest.ts', 'utf-8') ?? '';
      expect(parseManifestSource(source, 'manifest.ts').manifest).toEqual({
        app: 'comments',
        service: 'comments-service',
        functions: [
          {
            name: 'get-comments-status',
            entry: 'src/handlers/get-comments-status.ts',
            operationType: 'GET_COMMENTS_STATUS',
            trigger: { type: 'api', method: 'GET', path: '/comments/status' },
          },
        ],
      });
    });

    it('writes the example handler and its contract test', () => {
      const handler = tree.read('apps/comments/src/handlers/get-comments-status.ts', 'utf-8');
      expect(handler).toContain('export const handler = withTracing(');
      // Its "Request Validation" checks something real: the query string.
      expect(handler).toContain('const query = z.strictObject({');
      expect(handler).toContain('validateRequest(event, { query })');
      const spec = tree.read('apps/comments/src/handlers/get-comments-status.spec.ts', 'utf-8');
      expect(spec).toContain(`{ query: { verbose: 'maybe' } }`);
      expect(spec).toContain('expect(result?.statusCode).toBe(400);');
    });
  });

  describe('refuses, naming the problem and writing nothing', () => {
    it.each([
      ['an invalid name', 'Comments', undefined, 'Invalid name "Comments": use kebab-case'],
      ['an invalid service', 'comments', 'Comments Service', 'Invalid service "Comments Service"'],
    ])('%s', async (_case, name, service, message) => {
      await expect(generate(name, service)).rejects.toThrow(message);
      expect(tree.listChanges().filter((c) => c.path.startsWith('apps/'))).toEqual([]);
    });

    it('an app that exists', async () => {
      await generate('comments');
      const before = tree.listChanges().length;
      const refusal = generate('comments');
      await expect(refusal).rejects.toThrow(
        'domain-app: nothing was generated.\n- "comments" already exists (a project or apps/comments): pick another name, or add a handler to it with nx g traced-handler --project=comments.',
      );
      // Only "already exists": not a route clash of the example with itself.
      await expect(refusal).rejects.not.toThrow('Route clash');
      expect(tree.listChanges()).toHaveLength(before);
    });

    it('an example route that clashes with an existing one', async () => {
      tree.write(
        'apps/other/src/manifest.ts',
        `defineApp({ app: 'other', service: 'other', functions: [{ name: 'x', entry: 'src/x.ts', operationType: 'X', trigger: { type: 'api', method: 'GET', path: '/comments/status' } }] });`,
      );
      await expect(generate('comments')).rejects.toThrow(
        'Route clash of the example handler: GET /comments/status: other/x and comments/get-comments-status.',
      );
      expect(tree.exists('apps/comments')).toBe(false);
    });
  });
});
