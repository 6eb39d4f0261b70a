import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '../config/workspace';
import { HandlerBundle } from './handler-bundle';
import { commonDirectory, prebuildBundles } from './prebuild-bundles';

const HANDLER = (answer: string) =>
  `export const handler = async () => ({ statusCode: 200, body: ${JSON.stringify(answer)} });\n`;

describe('prebuildBundles', () => {
  const workspaceRoot = findWorkspaceRoot();
  let dir: string;
  /** The bundles of a fresh start of the local cloud over the same directories. */
  const start = (): HandlerBundle[] =>
    ['one', 'two'].map(
      (name) =>
        new HandlerBundle(
          join(dir, 'src', `${name}.ts`),
          join(dir, 'bundles', name),
          workspaceRoot,
          'xray',
        ),
    );
  const answerOf = async (bundle: HandlerBundle): Promise<string> => {
    const { file } = await bundle.current();
    delete require.cache[file];
    const { handler } = require(file) as { handler: () => Promise<{ body: string }> };
    return (await handler()).body;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'prebuild-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'one.ts'), HANDLER('one, first'));
    writeFileSync(join(dir, 'src', 'two.ts'), HANDLER('two, first'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds every bundle at once, then reuses those whose sources did not change', async () => {
    const first = await prebuildBundles(start(), workspaceRoot);
    expect(first).toMatchObject({ built: 2, reused: 0, failed: 0 });

    const unchanged = start();
    expect(await prebuildBundles(unchanged, workspaceRoot)).toMatchObject({
      built: 0,
      reused: 2,
    });
    expect(await answerOf(unchanged[0])).toBe('one, first');

    writeFileSync(join(dir, 'src', 'two.ts'), HANDLER('two, second'));
    const edited = start();
    expect(await prebuildBundles(edited, workspaceRoot)).toMatchObject({ built: 1, reused: 1 });
    expect(await answerOf(edited[1])).toBe('two, second');
  });

  it('builds the others when one handler does not compile; that one reports why when called', async () => {
    writeFileSync(join(dir, 'src', 'two.ts'), 'export const handler = (;\n');
    const bundles = start();
    expect(await prebuildBundles(bundles, workspaceRoot)).toMatchObject({ built: 1, failed: 1 });
    expect(await answerOf(bundles[0])).toBe('one, first');
    await expect(bundles[1].current()).rejects.toMatchObject({ name: 'Runtime.BundleError' });
  });

  it('rebuilds a bundle whose source changed, unless reloading is off (decision 1431)', async () => {
    const bundle = (name: string, reloadChangedSources: boolean) =>
      new HandlerBundle(
        join(dir, 'src', `${name}.ts`),
        join(dir, 'bundles', name),
        workspaceRoot,
        'xray',
        () => undefined,
        reloadChangedSources,
      );
    const reloading = bundle('one', true);
    const frozen = bundle('two', false);
    // What the bundle serves (read as text: Jest's module registry would keep the first load).
    const served = async (b: HandlerBundle) => {
      const { file, version } = await b.current();
      return { version, edited: readFileSync(file, 'utf8').includes('edited meanwhile') };
    };
    expect(await served(reloading)).toEqual({ version: 1, edited: false });
    expect(await served(frozen)).toEqual({ version: 1, edited: false });
    writeFileSync(join(dir, 'src', 'one.ts'), HANDLER('one, edited meanwhile'));
    writeFileSync(join(dir, 'src', 'two.ts'), HANDLER('two, edited meanwhile'));
    expect(await served(reloading)).toEqual({ version: 2, edited: true });
    expect(await served(frozen)).toEqual({ version: 1, edited: false });
  });

  it('writes all bundles under their deepest common directory', () => {
    expect(commonDirectory(['/a/b/c/one', '/a/b/d/two'])).toBe('/a/b');
    expect(commonDirectory(['/a/b/one'])).toBe('/a/b/one');
  });
});
