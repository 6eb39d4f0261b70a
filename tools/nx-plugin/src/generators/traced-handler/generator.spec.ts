import { addProjectConfiguration, readProjectConfiguration, type Tree } from '@nx/devkit';
import { createWorkspaceTree } from '../../testing/workspace-tree';
import { parseManifestSource } from '../../utils/manifest-source';
import { tracedHandlerGenerator } from './generator';
import type { TracedHandlerGeneratorSchema } from './schema';

/** A minimal domain app as the workspace lays them out. */
function addApp(tree: Tree, app: string, functionsSource: string): void {
  addProjectConfiguration(tree, app, {
    root: `apps/${app}`,
    sourceRoot: `apps/${app}/src`,
    projectType: 'application',
    tags: ['type:app'],
    targets: {
      build: {
        executor: '@nx/esbuild:esbuild',
        options: {
          main: `apps/${app}/src/handlers/first.ts`,
          additionalEntryPoints: [],
        },
      },
    },
  });
  tree.write(
    `apps/${app}/src/manifest.ts`,
    `import { defineApp } from '@traced-social/manifest';

export const manifest = defineApp({
  app: '${app}',
  service: '${app}',
  functions: [${functionsSource}],
});
`,
  );
}

const createPost = `
    {
      name: 'create-post',
      entry: 'src/handlers/create-post.ts',
      operationType: 'CREATE_POST',
      trigger: { type: 'api', method: 'POST', path: '/posts' },
    },`;

const manifestOf = (tree: Tree, app: string) =>
  parseManifestSource(tree.read(`apps/${app}/src/manifest.ts`, 'utf-8') ?? '', 'manifest.ts')
    .manifest;

describe('traced-handler generator', () => {
  let tree: Tree;
  const archive: TracedHandlerGeneratorSchema = {
    project: 'posts',
    name: 'archive-post',
    trigger: 'api',
    method: 'POST',
    path: '/posts/{postId}/archive',
    // Formatting is proven by the real run (e2e spec): Prettier 3 loads through import(), which
    // Jest cannot do without --experimental-vm-modules.
    skipFormat: true,
  };

  beforeEach(() => {
    tree = createWorkspaceTree();
    addApp(tree, 'posts', createPost);
    addApp(
      tree,
      'likes',
      `{ name: 'like-post', entry: 'src/handlers/like-post.ts', operationType: 'LIKE_POST', trigger: { type: 'api', method: 'PUT', path: '/posts/{id}/like' } }`,
    );
  });

  /** The options every non-api case shares. */
  const only = { project: 'posts', skipFormat: true } as const;

  describe('api trigger', () => {
    beforeEach(async () => {
      await tracedHandlerGenerator(tree, archive);
    });

    it('writes a handler wrapped by withTracing, authenticated and validated with zod', () => {
      const handler = tree.read('apps/posts/src/handlers/archive-post.ts', 'utf-8') ?? '';
      expect(handler).toContain(`export const handler = withTracing(`);
      expect(handler).toContain(`{ operationType: 'ARCHIVE_POST' }`);
      expect(handler).toContain(`await authenticate(event)`);
      expect(handler).toContain(`validateRequest(event, {`);
      expect(handler).toContain(`postId: z.string()`);
      expect(handler).toContain(`import * as z from 'zod/mini';`);
      expect(handler).toContain(`tracedOperation('ArchivePost'`);
    });

    it('writes a contract test on the emitted segments', () => {
      const spec = tree.read('apps/posts/src/handlers/archive-post.spec.ts', 'utf-8') ?? '';
      expect(spec).toContain(`from '@traced-social/observability/testing'`);
      expect(spec).toContain(`'ArchivePost'`);
      expect(spec).toContain(`'ARCHIVE_POST'`);
    });

    it('appends the function to the manifest, keeping the existing ones', () => {
      expect(manifestOf(tree, 'posts').functions).toEqual([
        expect.objectContaining({ name: 'create-post' }),
        {
          name: 'archive-post',
          entry: 'src/handlers/archive-post.ts',
          operationType: 'ARCHIVE_POST',
          trigger: { type: 'api', method: 'POST', path: '/posts/{postId}/archive' },
        },
      ]);
      const source = tree.read('apps/posts/src/manifest.ts', 'utf-8') ?? '';
      expect(source).toContain(`uses: { jwtSecret: true }`);
      expect(source).toContain(`auth: true`);
    });

    it('adds the handler as a build entry point (one bundle per handler)', () => {
      const build = readProjectConfiguration(tree, 'posts').targets?.build;
      expect(build?.options.additionalEntryPoints).toEqual([
        'apps/posts/src/handlers/archive-post.ts',
      ]);
    });

    it('edits only the entry point list in project.json, leaving the rest as written', async () => {
      const path = 'apps/likes/project.json';
      const written = `{
  "name": "likes",
  "root": "apps/likes",
  "targets": {
    "build": {
      "executor": "@nx/esbuild:esbuild",
      "options": { "main": "apps/likes/src/handlers/like-post.ts", "additionalEntryPoints": [] },
      "configurations": { "production": { "minify": true, "esbuildOptions": { "legalComments": "none" } } }
    }
  }
}
`;
      tree.write(path, written);
      await tracedHandlerGenerator(tree, {
        ...archive,
        project: 'likes',
        name: 'unlike',
        method: 'DELETE',
        path: '/likes/{likeId}',
      });
      const after = tree.read(path, 'utf-8') ?? '';
      expect(after).toContain(
        `"configurations": { "production": { "minify": true, "esbuildOptions": { "legalComments": "none" } } }`,
      );
      expect(JSON.parse(after).targets.build.options.additionalEntryPoints).toEqual([
        'apps/likes/src/handlers/unlike.ts',
      ]);
      expect(after.replace(/"additionalEntryPoints": \[[^\]]*\]/, '')).toBe(
        written.replace(/"additionalEntryPoints": \[[^\]]*\]/, ''),
      );
    });

    it('keeps the manifest well-formed TypeScript', () => {
      const source = tree.read('apps/posts/src/manifest.ts', 'utf-8') ?? '';
      expect(source).not.toMatch(/,\s*,/);
      expect(source).toMatch(/\n\s*\],\n\}\);\n$/);
    });
  });

  it("uses the http lib's authenticatedPathId for an authenticated route on one path id", async () => {
    await tracedHandlerGenerator(tree, {
      ...archive,
      name: 'get-archive',
      method: 'GET',
      path: '/archives/{archiveId}',
    });
    const handler = tree.read('apps/posts/src/handlers/get-archive.ts', 'utf-8') ?? '';
    expect(handler).toContain(
      `const { user, id: archiveId } = await authenticatedPathId(event, 'archiveId', archiveIdSchema);`,
    );
    expect(handler).not.toContain('validateRequest');
  });

  it('writes a public route without JWT verification when --auth=false', async () => {
    await tracedHandlerGenerator(tree, {
      ...archive,
      name: 'get-post',
      method: 'GET',
      path: '/posts/{postId}',
      auth: false,
    });
    const handler = tree.read('apps/posts/src/handlers/get-post.ts', 'utf-8') ?? '';
    expect(handler).not.toContain('authenticate');
    expect(handler).not.toContain('body:');
    const fn = manifestOf(tree, 'posts').functions.find((f) => f.name === 'get-post');
    expect(fn?.operationType).toBe('GET_POST');
    expect(tree.read('apps/posts/src/manifest.ts', 'utf-8')).not.toContain('jwtSecret');
  });

  it('writes a Kinesis consumer reporting batch item failures, each record in its producer trace', async () => {
    await tracedHandlerGenerator(tree, {
      ...only,
      name: 'index-events',
      trigger: 'kinesis',
      stream: 'events',
    });
    const handler = tree.read('apps/posts/src/handlers/index-events.ts', 'utf-8') ?? '';
    expect(handler).toContain('batchItemFailures');
    expect(handler).toContain('processInProducerTrace(');
    expect(handler).toContain(`{ operationType: 'INDEX_EVENTS' }`);
    expect(manifestOf(tree, 'posts').functions[1].trigger).toEqual({
      type: 'kinesis',
      stream: 'events',
    });
    expect(tree.read('apps/posts/src/manifest.ts', 'utf-8')).toContain('batchSize: 25');
  });

  it('writes a DynamoDB stream consumer reporting batch item failures', async () => {
    await tracedHandlerGenerator(tree, {
      ...only,
      name: 'count-posts',
      trigger: 'dynamodb-stream',
      table: 'posts',
      operationType: 'COUNT_POSTS_CHANGES',
    });
    const handler = tree.read('apps/posts/src/handlers/count-posts.ts', 'utf-8') ?? '';
    expect(handler).toContain('batchItemFailures');
    expect(handler).toContain(`{ operationType: 'COUNT_POSTS_CHANGES' }`);
    expect(manifestOf(tree, 'posts').functions[1].trigger).toEqual({
      type: 'dynamodb-stream',
      table: 'posts',
    });
  });

  it('writes a scheduled handler with the default rate', async () => {
    await tracedHandlerGenerator(tree, {
      ...only,
      name: 'purge-drafts',
      trigger: 'schedule',
    });
    expect(tree.read('apps/posts/src/handlers/purge-drafts.ts', 'utf-8')).toContain(
      "tracedOperation('PurgeDrafts'",
    );
    expect(manifestOf(tree, 'posts').functions[1].trigger).toEqual({
      type: 'schedule',
      expression: 'rate(1 hour)',
    });
  });

  describe('refuses, naming the problem and writing nothing', () => {
    const refusals: [string, Partial<TracedHandlerGeneratorSchema>, RegExp][] = [
      [
        'an unknown project',
        { project: 'nope' },
        /Unknown project "nope"\. Domain apps: posts, likes/,
      ],
      ['an invalid name', { name: 'ArchivePost' }, /Invalid name "ArchivePost": use kebab-case/],
      [
        'a name the manifest declares',
        { name: 'create-post', path: '/x' },
        /already declares a function "create-post"/,
      ],
      [
        'a route clash within the app',
        { name: 'new-post', path: '/posts' },
        /Route clash: POST \/posts: posts\/create-post and posts\/new-post/,
      ],
      [
        'a route clash with another app, whatever the parameter names',
        { name: 'like', method: 'PUT', path: '/posts/{postId}/like' },
        /Route clash: PUT \/posts\/\{postId\}\/like: likes\/like-post and posts\/like/,
      ],
      [
        'an api trigger without method and path',
        { method: undefined, path: undefined },
        /--trigger=api needs --method\.\n- --trigger=api needs --path\./,
      ],
      [
        'a malformed path',
        { path: 'posts/archive' },
        /path "posts\/archive" must look like \/posts\/\{postId\}/,
      ],
      [
        'a kinesis trigger without a stream',
        { trigger: 'kinesis', method: undefined, path: undefined },
        /--trigger=kinesis needs --stream/,
      ],
      [
        'an unknown stream, listing the streams',
        { trigger: 'kinesis', stream: 'clicks', method: undefined, path: undefined },
        /Unknown stream "clicks": use one of events\./,
      ],
      [
        'an unknown table, listing the tables with a stream',
        { trigger: 'dynamodb-stream', table: 'carts', method: undefined, path: undefined },
        /Unknown table "carts": use one of follows, posts, likes \(the tables with a stream/,
      ],
      [
        'a table without a stream, listing those with one',
        { trigger: 'dynamodb-stream', table: 'users', method: undefined, path: undefined },
        /Table "users" has no stream: use one of follows, posts, likes/,
      ],
      [
        'a schedule EventBridge would not take',
        { trigger: 'schedule', schedule: 'every hour', method: undefined, path: undefined },
        /Schedule "every hour" must be rate\(\.\.\.\) or cron\(\.\.\.\)/,
      ],
      [
        'options of another trigger',
        { stream: 'events' },
        /--stream applies to --trigger=kinesis only, not api/,
      ],
      [
        'an operationType that is not UPPER_SNAKE',
        { operationType: 'archivePost' },
        /operationType "archivePost" must be UPPER_SNAKE/,
      ],
    ];

    it.each(refusals)('%s', async (_case, override, message) => {
      const before = tree.listChanges().map((c) => `${c.type} ${c.path} ${c.content?.toString()}`);
      await expect(tracedHandlerGenerator(tree, { ...archive, ...override })).rejects.toThrow(
        message,
      );
      expect(tree.listChanges().map((c) => `${c.type} ${c.path} ${c.content?.toString()}`)).toEqual(
        before,
      );
    });

    it('a handler file that already exists', async () => {
      tree.write('apps/posts/src/handlers/archive-post.ts', 'export {};\n');
      await expect(tracedHandlerGenerator(tree, archive)).rejects.toThrow(
        'apps/posts/src/handlers/archive-post.ts already exists.',
      );
      expect(tree.exists('apps/posts/src/handlers/archive-post.spec.ts')).toBe(false);
    });

    it('a project that is not a domain app', async () => {
      addProjectConfiguration(tree, 'trace-model', { root: 'libs/trace-model' });
      await expect(
        tracedHandlerGenerator(tree, { ...archive, project: 'trace-model' }),
      ).rejects.toThrow(
        'Project "trace-model" is not a domain app: libs/trace-model/src/manifest.ts does not exist.',
      );
    });
  });
});
