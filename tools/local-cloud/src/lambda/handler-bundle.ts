import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { build, version as esbuildVersion, type BuildFailure, type Metafile } from 'esbuild';
import { handlerBuildOptions, type BundledTracingBackend } from '@traced-social/manifest';
import { handlerBundlePluginSources, handlerEsbuildOptions } from '@traced-social/manifest/build';

export interface BuiltBundle {
  file: string;
  /** Increases with every rebuild: instances of an older version are retired. */
  version: number;
}

/** What a bundle was built from, kept beside it so the next start can reuse it (`bundle.json`). */
interface BundleRecord {
  /** The build options, esbuild's version and the lockfile: any change means rebuild. */
  key: string;
  /** Each workspace source of the bundle with the SHA-256 of its content. */
  sources: Record<string, string>;
}

/** Content hashes of files, each file read once per start (many bundles share sources). */
export type ContentHashes = Map<string, Promise<string>>;

/**
 * A handler bundled as Lambda runs it (`handlerEsbuildOptions`, the build the CDK stacks use,
 * with the function's tracing backend baked in). `npm start` builds every bundle up front, or
 * reuses the one a previous start left when no source changed (`prebuildBundles`); after that a
 * bundle is rebuilt whenever one of its own source files (anything outside node_modules) changed
 * since the last build: code reload without a restart.
 */
export class HandlerBundle {
  private built?: BuiltBundle & { fingerprints: Map<string, string> };
  private inFlight?: Promise<BuiltBundle>;
  private version = 0;

  constructor(
    readonly entryFile: string,
    readonly outDir: string,
    private readonly workspaceRoot: string,
    readonly backend: BundledTracingBackend,
    private readonly log: (line: string) => void = () => undefined,
    /** False: the bundle built first is kept, whatever changes in the sources (see LocalCloudOptions). */
    private readonly reloadChangedSources = true,
  ) {}

  /** Where the bundle is written: `<outDir>/index.js`. */
  get file(): string {
    return join(this.outDir, 'index.js');
  }

  /** The bundle to run now: rebuilt first if a source changed. Concurrent callers share a build. */
  async current(): Promise<BuiltBundle> {
    if (this.inFlight) return this.inFlight;
    if (this.built && !this.reloadChangedSources) return this.built;
    if (this.built && !(await this.changed(this.built.fingerprints))) return this.built;
    this.inFlight = this.rebuild().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /**
   * Takes the bundle a previous start left in `outDir` when its record matches: same options,
   * esbuild and lockfile, and every source with the same content. False when it must be built.
   */
  async reuseCached(hashes: ContentHashes = new Map()): Promise<boolean> {
    const record = await readRecord(this.recordFile);
    if (!record || record.key !== (await bundleKey(this.workspaceRoot, this.backend))) return false;
    const sources = Object.keys(record.sources);
    const current = await Promise.all(sources.map((source) => contentHash(source, hashes)));
    if (sources.some((source, i) => current[i] !== record.sources[source])) return false;
    if ((await fingerprint(this.file)) === 'missing') return false;
    await this.adoptSources(sources);
    return true;
  }

  /**
   * Takes a bundle built into `file` elsewhere (the one esbuild build of every bundle at start)
   * from the workspace sources esbuild's metafile names for it.
   */
  async adopt(metafileInputs: string[], hashes: ContentHashes = new Map()): Promise<void> {
    const sources = workspaceSources(metafileInputs, this.workspaceRoot);
    await this.adoptSources(sources);
    await this.writeRecord(sources, hashes);
  }

  private get recordFile(): string {
    return join(this.outDir, 'bundle.json');
  }

  private async rebuild(): Promise<BuiltBundle> {
    const started = Date.now();
    let metafile: Metafile | undefined;
    try {
      ({ metafile } = await build({
        ...handlerEsbuildOptions(this.backend),
        entryPoints: [this.entryFile],
        outfile: this.file,
        absWorkingDir: this.workspaceRoot,
        // The workspace's path aliases and packages, wherever the handler lives.
        tsconfig: join(this.workspaceRoot, 'tsconfig.base.json'),
        nodePaths: [join(this.workspaceRoot, 'node_modules')],
        logLevel: 'silent',
      }));
    } catch (error) {
      throw bundleError(this.entryFile, error);
    }
    await this.adopt(Object.keys(metafile?.inputs ?? {}));
    const built = this.built as BuiltBundle;
    const size = (await stat(this.file)).size;
    this.log(
      `${relative(this.workspaceRoot, this.entryFile)}: ${this.version > 1 ? 'source changed, rebuilt' : 'bundled'} in ${Date.now() - started} ms (${(size / 1024).toFixed(0)} KB)`,
    );
    return built;
  }

  private async adoptSources(sources: string[]): Promise<void> {
    const fingerprints = new Map<string, string>();
    for (const source of sources) fingerprints.set(source, await fingerprint(source));
    this.built = { file: this.file, version: ++this.version, fingerprints };
  }

  private async writeRecord(sources: string[], hashes: ContentHashes): Promise<void> {
    const record: BundleRecord = {
      key: await bundleKey(this.workspaceRoot, this.backend),
      sources: Object.fromEntries(
        await Promise.all(
          sources.map(async (source) => [source, await contentHash(source, hashes)] as const),
        ),
      ),
    };
    await writeFile(this.recordFile, JSON.stringify(record, null, 1));
  }

  private async changed(fingerprints: Map<string, string>): Promise<boolean> {
    const checks = await Promise.all(
      [...fingerprints].map(async ([source, before]) => (await fingerprint(source)) !== before),
    );
    return checks.some(Boolean);
  }
}

/** The inputs of a bundle that are the workspace's own files (not packages, not esbuild's). */
export function workspaceSources(inputs: string[], workspaceRoot: string): string[] {
  return inputs
    .filter((input) => !input.includes('node_modules/') && !input.includes(':'))
    .map((input) => (isAbsolute(input) ? input : join(workspaceRoot, input)));
}

let lockfileHash: Promise<string> | undefined;
let pluginsHash: Promise<string> | undefined;

/** What, besides the sources, decides a bundle's bytes. */
async function bundleKey(workspaceRoot: string, backend: BundledTracingBackend): Promise<string> {
  lockfileHash ??= readFile(join(workspaceRoot, 'package-lock.json')).then(sha256, () => '');
  pluginsHash ??= Promise.all(handlerBundlePluginSources().map((file) => readFile(file))).then(
    (contents) => sha256(Buffer.concat(contents)),
  );
  return sha256(
    JSON.stringify({
      options: handlerBuildOptions(backend),
      plugins: await pluginsHash,
      esbuildVersion,
      lockfile: await lockfileHash,
    }),
  );
}

function contentHash(file: string, hashes: ContentHashes): Promise<string> {
  let hash = hashes.get(file);
  if (!hash) {
    hash = readFile(file).then(sha256, () => 'missing');
    hashes.set(file, hash);
  }
  return hash;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

async function readRecord(file: string): Promise<BundleRecord | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as BundleRecord;
  } catch {
    return undefined;
  }
}

async function fingerprint(file: string): Promise<string> {
  try {
    const s = await stat(file);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return 'missing';
  }
}

export function bundleError(entry: string, error: unknown): Error {
  const failure = error as Partial<BuildFailure>;
  const details = (failure.errors ?? [])
    .map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`)
    .join('\n  ');
  return Object.assign(new Error(`Could not bundle ${entry}:\n  ${details || String(error)}`), {
    name: 'Runtime.BundleError',
  });
}
