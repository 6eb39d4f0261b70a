import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCloud, type LocalCloud } from '../local-cloud';
import { eventually } from '../testing/helpers';

jest.setTimeout(180_000);

const handlerSource = (word: string): string => `
import { withTracing } from '@traced-social/observability';
export const handler = withTracing(
  async () => ({ statusCode: 200, body: JSON.stringify({ word: '${word}' }) }),
  { operationType: '${word.toUpperCase()}' },
);
`;

/** A manifest with one GET route per word: `GET /<app>/<word>` → `src/handlers/<word>.ts`. */
const manifestSource = (app: string, words: string[], operationType = ''): string => `
import { defineApp } from '@traced-social/manifest';
export const manifest = defineApp({
  app: '${app}',
  service: '${app}',
  functions: [${words
    .map(
      (word) => `{
      name: '${word}',
      entry: 'src/handlers/${word}.ts',
      operationType: '${operationType || word.toUpperCase()}',
      trigger: { type: 'api', method: 'GET', path: '/${app}/${word}' },
    }`,
    )
    .join(', ')}],
});
`;

describe('npm start serves a manifest as it is saved (watchApps)', () => {
  let dir: string;
  let appsDir: string;
  let cloud: LocalCloud;
  const logs: string[] = [];

  /** Writes an app's handlers, then its manifest (as an editor or the generator would). */
  const writeApp = (app: string, words: string[], operationType?: string): void => {
    mkdirSync(join(appsDir, app, 'src', 'handlers'), { recursive: true });
    for (const word of words) {
      writeFileSync(join(appsDir, app, 'src', 'handlers', `${word}.ts`), handlerSource(word));
    }
    writeFileSync(
      join(appsDir, app, 'src', 'manifest.ts'),
      manifestSource(app, words, operationType),
    );
  };
  const wordAt = (path: string) =>
    eventually(`GET ${path} answering 200`, async () => {
      const response = await fetch(`${cloud.apiUrl}${path}`);
      return response.status === 200 ? ((await response.json()) as { word: string }) : undefined;
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'local-cloud-watch-'));
    appsDir = join(dir, 'apps');
    mkdirSync(appsDir);
    cloud = await startLocalCloud({
      ports: 'random',
      dataDir: join(dir, 'data'),
      apps: [],
      watchApps: appsDir,
      log: (line) => logs.push(line),
    });
  });

  afterAll(async () => {
    await cloud?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a new app as soon as its manifest exists', async () => {
    expect((await fetch(`${cloud.apiUrl}/words/hello`)).status).toBe(404);
    writeApp('words', ['hello']);
    await expect(wordAt('/words/hello')).resolves.toEqual({ word: 'hello' });
    expect(logs).toContain('apps/words/src/manifest.ts changed: serving +words-hello');
  });

  it('serves a handler added to a manifest, and keeps the others', async () => {
    writeApp('words', ['hello', 'bye']);
    await expect(wordAt('/words/bye')).resolves.toEqual({ word: 'bye' });
    await expect(wordAt('/words/hello')).resolves.toEqual({ word: 'hello' });
    expect(cloud.routes.map((r) => `${r.method} ${r.path} ${r.functionName}`).sort()).toEqual([
      'GET /words/bye words-bye',
      'GET /words/hello words-hello',
    ]);
  });

  it('stops serving a handler removed from the manifest', async () => {
    writeApp('words', ['hello']);
    await eventually('GET /words/bye answering 404', async () =>
      (await fetch(`${cloud.apiUrl}/words/bye`)).status === 404 ? true : undefined,
    );
    await expect(wordAt('/words/hello')).resolves.toEqual({ word: 'hello' });
  });

  it('keeps serving the app as it was when a saved manifest is invalid, and says why', async () => {
    writeApp('words', ['hello', 'later'], 'not upper snake');
    await eventually('the refusal in the log', async () =>
      logs.find((line) => line.includes('is not served') && line.includes('UPPER_SNAKE')),
    );
    await expect(wordAt('/words/hello')).resolves.toEqual({ word: 'hello' });
    expect((await fetch(`${cloud.apiUrl}/words/later`)).status).toBe(404);
  });
});
