import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createScratchWorkspace,
  type ScratchWorkspace,
  type StartedProcess,
} from '../testing/scratch-workspace';

/**
 * The real thing: `nx g` into a copy of this workspace, then the generated code passes the
 * workspace's own checks (format, typecheck, lint with the tracing rules, its contract tests on
 * emitted segments, one bundle per handler), the new app gets its inferred deploy target, and
 * `npm start` serves the new route. Minutes, not seconds: every step is a real process.
 */
jest.setTimeout(900_000);

const workspaceRoot = join(__dirname, '../../../..');

/** One handler of each trigger in posts (two api shapes), and a seventh domain app. */
const handlers = [
  ['archive-post', '--trigger=api', '--method=POST', '--path=/posts/{postId}/archive'],
  ['get-archived-post', '--trigger=api', '--method=GET', '--path=/archived-posts/{postId}'],
  ['reindex-events', '--trigger=kinesis', '--stream=events'],
  ['audit-post-changes', '--trigger=dynamodb-stream', '--table=posts'],
  ['sweep-drafts', '--trigger=schedule', '--schedule=rate(1 day)'],
] as const;
const APP = 'bookmarks';

describe('generators in a copy of the workspace', () => {
  let scratch: ScratchWorkspace;
  const nx = (...args: string[]) => scratch.run('npx', ['nx', ...args]);
  const read = (path: string) => readFileSync(join(scratch.root, path), 'utf8');

  beforeAll(async () => {
    scratch = createScratchWorkspace(workspaceRoot);
    for (const [name, ...options] of handlers) {
      await nx('g', 'traced-handler', '--project=posts', `--name=${name}`, ...options);
    }
    await nx('g', 'domain-app', APP, '--no-interactive');
  });

  afterAll(() => scratch?.remove());

  it('registers every handler in the manifest and the build', () => {
    const manifest = read('apps/posts/src/manifest.ts');
    const project = JSON.parse(read('apps/posts/project.json')) as {
      targets: { build: { options: { additionalEntryPoints: string[] } } };
    };
    for (const [name] of handlers) {
      expect(manifest).toContain(`name: '${name}'`);
      expect(project.targets.build.options.additionalEntryPoints).toContain(
        `apps/posts/src/handlers/${name}.ts`,
      );
    }
    expect(manifest).toContain(
      `trigger: { type: 'api', method: 'POST', path: '/posts/{postId}/archive', auth: true }`,
    );
  });

  it('refuses a second handler of the same name, changing nothing', async () => {
    const before = read('apps/posts/src/manifest.ts');
    await expect(
      nx('g', 'traced-handler', '--project=posts', '--name=archive-post', '--trigger=schedule'),
    ).rejects.toThrow(/posts already declares a function "archive-post"/);
    expect(read('apps/posts/src/manifest.ts')).toBe(before);
  });

  it('refuses to make an app again with "already exists", changing nothing', async () => {
    const before = read(`apps/${APP}/src/manifest.ts`);
    const again = nx('g', 'domain-app', APP, '--no-interactive');
    await expect(again).rejects.toThrow(`"${APP}" already exists`);
    await expect(again).rejects.not.toThrow('Route clash');
    expect(read(`apps/${APP}/src/manifest.ts`)).toBe(before);
  });

  it('with --dry-run, shows what it would write and writes nothing', async () => {
    const { output } = await nx(
      'g',
      'traced-handler',
      '--project=posts',
      '--name=restore-post',
      '--trigger=api',
      '--method=POST',
      '--path=/posts/{postId}/restore',
      '--dry-run',
    );
    expect(output).toContain('CREATE apps/posts/src/handlers/restore-post.ts');
    expect(output).toContain('UPDATE apps/posts/src/manifest.ts');
    expect(existsSync(join(scratch.root, 'apps/posts/src/handlers/restore-post.ts'))).toBe(false);
    expect(read('apps/posts/src/manifest.ts')).not.toContain('restore-post');
  });

  it('writes files the formatter leaves as they are', async () => {
    const files = [
      'apps/posts/src/manifest.ts',
      'apps/posts/project.json',
      ...handlers.flatMap(([name]) => [
        `apps/posts/src/handlers/${name}.ts`,
        `apps/posts/src/handlers/${name}.spec.ts`,
      ]),
      `apps/${APP}`,
    ];
    await scratch.run('npx', ['prettier', '--check', ...files]);
  });

  it('typechecks and lints clean, with the tracing rules on', async () => {
    await nx('run-many', '-t', 'typecheck', 'lint', '-p', 'posts', APP, '--outputStyle=static');
  });

  it('passes its contract tests on emitted segments', async () => {
    const names = handlers.map(([name]) => name).join('|');
    const posts = await nx('test', 'posts', `--testPathPatterns=handlers/(${names})\\.spec`);
    expect(posts.output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    const app = await nx('test', APP);
    // Both tracing backends, 3 tests each: 200, 400 on a bad query string, 401 without a token.
    expect(app.output).toMatch(/Tests:\s+6 passed, 6 total/);
  });

  it("builds the new app's handler into its own bundle", async () => {
    // posts' bundles of the new handlers are built by the local cloud below, from the manifest.
    await nx('build', APP, '--outputStyle=static');
    expect(existsSync(join(scratch.root, `dist/apps/${APP}/get-${APP}-status.js`))).toBe(true);
  });

  it('gives the new app the targets of every domain app, deploy included', async () => {
    const { output } = await nx('show', 'project', APP, '--json');
    const project = JSON.parse(output.slice(output.indexOf('{'))) as {
      targets: Record<string, unknown>;
    };
    expect(Object.keys(project.targets)).toEqual(
      expect.arrayContaining(['build', 'test', 'lint', 'typecheck', 'synth', 'deploy']),
    );
  });

  describe('under npm start', () => {
    let cloud: StartedProcess;
    let apiUrl: string;

    beforeAll(async () => {
      cloud = scratch.start('npm', [
        'start',
        '--',
        '--ports',
        'random',
        '--data-dir',
        join(scratch.root, '.local'),
        '--quiet',
      ]);
      apiUrl = await new Promise<string>((resolve, reject) => {
        const check = setInterval(() => {
          const url = /API\s+(http:\/\/\S+)/.exec(cloud.output())?.[1];
          if (url && cloud.output().includes('Ctrl-C stops everything')) {
            clearInterval(check);
            resolve(url);
          }
        }, 250);
        void cloud.exited.then((code) => {
          clearInterval(check);
          reject(new Error(`npm start exited (${code}):\n${cloud.output()}`));
        });
      });
    });

    afterAll(async () => {
      if (!cloud) return;
      cloud.stop('SIGINT');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([cloud.exited, new Promise((r) => (timer = setTimeout(r, 60_000)))]);
      clearTimeout(timer);
      cloud.stop('SIGKILL');
    });

    it('serves the generated routes', async () => {
      expect(cloud.output()).toMatch(/POST\s+\/posts\/\{postId\}\/archive\s+\S*archive-post/);
      // A real account and token from the auth app the copy serves too.
      const json = { 'content-type': 'application/json' };
      const account = { email: 'alice@example.com', password: 'correct horse 42' };
      const registered = await fetch(`${apiUrl}/auth/register`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ ...account, username: 'alice' }),
      });
      expect(registered.status).toBe(201);
      const login = await fetch(`${apiUrl}/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify(account),
      });
      const { accessToken, user } = (await login.json()) as {
        accessToken: string;
        user: { userId: string };
      };
      const headers = { authorization: `Bearer ${accessToken}`, ...json };

      const archived = await fetch(`${apiUrl}/posts/post-1/archive`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ note: 'from the e2e test' }),
      });
      expect(archived.status).toBe(200);
      expect(await archived.json()).toEqual({
        postId: 'post-1',
        note: 'from the e2e test',
        userId: user.userId,
      });

      const status = await fetch(`${apiUrl}/${APP}/status`, { headers });
      expect(status.status).toBe(200);
    });
  });
});
