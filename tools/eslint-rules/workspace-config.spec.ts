import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The rules as the workspace runs them: the root eslint.config.mjs (through each project's own
 * config, as `nx lint` does) on seeded bad files, linted in memory under real paths. ESLint loads
 * its config with import(), which Jest cannot run, so the ESLint Node API runs in a child process.
 */
const workspaceRoot = join(__dirname, '../..');

const seeded = `
import { annotate, addMetadata, logger, tracedOperation } from '@traced-social/observability';
import type { APIGatewayProxyEvent } from 'aws-lambda';

export async function handler(event: APIGatewayProxyEvent, posts: string[]) {
  annotate('cache.hit', false);
  addMetadata('request', { ...event.headers });
  logger.info('login', { password: event.body });
  for (const post of posts) {
    await tracedOperation('SavePost', async () => post);
  }
  tracedOperation('Audit', async () => posts.length);
  return { statusCode: 200, body: '' };
}
`;

interface LintedMessage {
  ruleId: string | null;
  message: string;
  line: number;
}

const lintScript = `
const { ESLint } = require('eslint');
const { code, files } = JSON.parse(process.argv[1]);
(async () => {
  const results = [];
  for (const { cwd, filePath } of files) {
    const [result] = await new ESLint({ cwd }).lintText(code, { filePath });
    results.push(result.messages.map(({ ruleId, message, line }) => ({ ruleId, message, line })));
  }
  process.stdout.write(JSON.stringify(results));
})().catch((error) => { console.error(error); process.exit(1); });
`;

/** Lints the seeded code as if it were each of `paths` (relative to the workspace root). */
async function lint(...paths: string[]): Promise<LintedMessage[][]> {
  const files = paths.map((path) => ({
    cwd: join(workspaceRoot, path.split('/').slice(0, 2).join('/')),
    filePath: join(workspaceRoot, path),
  }));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-e', lintScript, JSON.stringify({ code: seeded, files })],
    { cwd: workspaceRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as LintedMessage[][];
}

const ruleIds = (messages: LintedMessage[]): string[] =>
  [...new Set(messages.map((m) => m.ruleId ?? m.message))].sort();

describe('the tracing rules in the workspace config', () => {
  let handlerInApp: LintedMessage[];
  let moduleInLib: LintedMessage[];
  let observabilityInternals: LintedMessage[];
  let spec: LintedMessage[];

  beforeAll(async () => {
    [handlerInApp, moduleInLib, observabilityInternals, spec] = await lint(
      'apps/posts/src/handlers/seeded-bad-handler.ts',
      'libs/http/src/seeded-bad-module.ts',
      'libs/observability/src/seeded-internals.ts',
      'apps/posts/src/handlers/seeded-bad-handler.spec.ts',
    );
  }, 120_000);

  /** The rules that fire on any seeded bad module outside the observability lib and tests. */
  const moduleRules = [
    '@nx/workspace-max-subsegments',
    '@nx/workspace-no-floating-traced-operation',
    '@nx/workspace-no-sensitive-trace-data',
    '@nx/workspace-valid-annotation-key',
  ];

  it('fire on a seeded bad handler in an app, each rule on its own mistake', () => {
    expect(ruleIds(handlerInApp)).toEqual(
      [...moduleRules, '@nx/workspace-require-traced-handler'].sort(),
    );
    const sensitive = handlerInApp.filter(
      (m) => m.ruleId === '@nx/workspace-no-sensitive-trace-data',
    );
    expect(sensitive.map((m) => m.line)).toEqual([7, 8]);
  });

  it('fire in libs too, except the handler rule, which is about app handlers', () => {
    expect(ruleIds(moduleInLib)).toEqual(moduleRules);
  });

  it('stay off in the observability lib, which defines the conventions, and in tests', () => {
    for (const messages of [observabilityInternals, spec]) {
      expect(ruleIds(messages).filter((id) => id.startsWith('@nx/workspace-'))).toEqual([]);
    }
  });
});
