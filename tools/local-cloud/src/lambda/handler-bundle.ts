import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { build, type BuildFailure } from 'esbuild';
import { handlerBuildOptions, type BundledTracingBackend } from '@traced-social/manifest';

export interface BuiltBundle {
  file: string;
  /** Increases with every rebuild: instances of an older version are retired. */
  version: number;
}

/**
 * A handler bundled as Lambda runs it (`handlerBuildOptions`, the options the CDK stacks use, with
 * the function's tracing backend baked in), built
 * on first use and again whenever one of its own source files (anything outside node_modules)
 * changed since the last build: code reload without a restart.
 */
export class HandlerBundle {
  private built?: BuiltBundle & { fingerprints: Map<string, string> };
  private inFlight?: Promise<BuiltBundle>;
  private version = 0;

  constructor(
    private readonly entryFile: string,
    private readonly outDir: string,
    private readonly workspaceRoot: string,
    private readonly backend: BundledTracingBackend,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** The bundle to run now: rebuilt first if a source changed. Concurrent callers share a build. */
  async current(): Promise<BuiltBundle> {
    if (this.inFlight) return this.inFlight;
    if (this.built && !(await this.changed(this.built.fingerprints))) return this.built;
    this.inFlight = this.rebuild().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async rebuild(): Promise<BuiltBundle> {
    const started = Date.now();
    const file = join(this.outDir, 'index.js');
    let metafile;
    try {
      ({ metafile } = await build({
        ...handlerBuildOptions(this.backend),
        entryPoints: [this.entryFile],
        outfile: file,
        metafile: true,
        absWorkingDir: this.workspaceRoot,
        // The workspace's path aliases and packages, wherever the handler lives.
        tsconfig: join(this.workspaceRoot, 'tsconfig.base.json'),
        nodePaths: [join(this.workspaceRoot, 'node_modules')],
        logLevel: 'silent',
      }));
    } catch (error) {
      throw bundleError(this.entryFile, error);
    }
    const sources = Object.keys(metafile.inputs)
      .filter((input) => !input.includes('node_modules/') && !input.includes(':'))
      .map((input) => (isAbsolute(input) ? input : join(this.workspaceRoot, input)));
    const fingerprints = new Map<string, string>();
    for (const source of sources) fingerprints.set(source, await fingerprint(source));
    this.built = { file, version: ++this.version, fingerprints };
    const size = (await stat(file)).size;
    this.log(
      `${relative(this.workspaceRoot, this.entryFile)}: ${this.version > 1 ? 'source changed, rebuilt' : 'bundled'} in ${Date.now() - started} ms (${(size / 1024 / 1024).toFixed(1)} MB)`,
    );
    return this.built;
  }

  private async changed(fingerprints: Map<string, string>): Promise<boolean> {
    const checks = await Promise.all(
      [...fingerprints].map(async ([source, before]) => (await fingerprint(source)) !== before),
    );
    return checks.some(Boolean);
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

function bundleError(entry: string, error: unknown): Error {
  const failure = error as Partial<BuildFailure>;
  const details = (failure.errors ?? [])
    .map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`)
    .join('\n  ');
  return Object.assign(new Error(`Could not bundle ${entry}:\n  ${details || String(error)}`), {
    name: 'Runtime.BundleError',
  });
}
