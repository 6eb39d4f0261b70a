import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shapeFromJson } from '@traced-social/trace-shapes';
// The copy-of-the-workspace harness of the generators' end-to-end test (decision 0503), reused.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  createScratchWorkspace,
  type ScratchWorkspace,
} from '../../../nx-plugin/src/testing/scratch-workspace';

/**
 * The check as a developer meets it: in a copy of the workspace, LIST_USER_POSTS is edited to
 * read each listed post again by its id (an N+1); `nx run posts:trace-shapes` fails and
 * says so in words; `--update` accepts it, writing the new shape. Minutes: every run records the
 * posts scenario against a real local cloud.
 */
jest.setTimeout(1_200_000);

const workspaceRoot = join(__dirname, '../../../..');
const HANDLER = 'apps/posts/src/handlers/list-user-posts.ts';
const SHAPE = 'apps/posts/trace-shapes/LIST_USER_POSTS.json';

describe('trace-shapes in a copy of the workspace', () => {
  let scratch: ScratchWorkspace;
  const traceShapes = (...args: string[]) =>
    scratch.run('npx', ['nx', 'run', 'posts:trace-shapes', '--outputStyle=static', ...args], {
      timeoutMs: 900_000,
    });

  beforeAll(() => {
    scratch = createScratchWorkspace(workspaceRoot);
    const file = join(scratch.root, HANDLER);
    const source = readFileSync(file, 'utf8');
    const anchor = 'return pageResponse(';
    if (!source.includes(anchor)) throw new Error(`${HANDLER} no longer has "${anchor}" to edit`);
    writeFileSync(
      file,
      `import { getPost } from '../store/posts-store';\n${source.replace(
        anchor,
        `for (const post of page.posts) await getPost(post.postId);\n    ${anchor}`,
      )}`,
    );
  });

  afterAll(() => scratch?.remove());

  it('fails on a DynamoDB call per listed post, naming it, and accepts it with --update', async () => {
    const failure = await traceShapes().then(
      (result) => ({ failed: false, output: result.output }),
      (error: Error) => ({ failed: true, output: error.message }),
    );
    expect(failure.failed).toBe(true);
    expect(failure.output).toContain(
      'LIST_USER_POSTS: new call DynamoDB GetItem posts per post in GetPost',
    );
    expect(failure.output).toContain('npx nx run posts:trace-shapes --update');

    const accepted = await traceShapes('--update');
    expect(accepted.output).toContain(
      'accepted: LIST_USER_POSTS: new call DynamoDB GetItem posts per post in GetPost',
    );
    const shape = shapeFromJson(readFileSync(join(scratch.root, SHAPE), 'utf8'));
    expect(shape.calls).toContainEqual(
      expect.objectContaining({
        service: 'DynamoDB',
        operation: 'GetItem',
        resource: 'posts',
        growth: 'per-item',
        within: ['GetPost'],
      }),
    );
  });
});
