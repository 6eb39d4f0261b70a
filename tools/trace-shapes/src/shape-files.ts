import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { shapeFromJson, shapeToJson, type OperationShape } from '@traced-social/trace-shapes';

/**
 * `apps/<app>/trace-shapes/`: one `<OPERATION>.json` per operation (upper case, as operation
 * types are), beside the load's `latency.json`.
 */
const isShapeFile = (file: string): boolean => /^[A-Z][A-Z0-9_]*\.json$/.test(file);

export const shapesDirectory = (workspaceRoot: string, app: string): string =>
  join(workspaceRoot, 'apps', app, 'trace-shapes');

export function readShapeFiles(directory: string): Map<string, OperationShape> {
  const shapes = new Map<string, OperationShape>();
  if (!existsSync(directory)) return shapes;
  for (const file of readdirSync(directory).filter(isShapeFile).sort()) {
    try {
      const shape = shapeFromJson(readFileSync(join(directory, file), 'utf8'));
      shapes.set(shape.operation, shape);
    } catch (error) {
      throw new Error(`${join(directory, file)}: ${(error as Error).message}`);
    }
  }
  return shapes;
}

/** Rewrites the directory to hold exactly these shapes, formatted as the format check wants. */
export function writeShapeFiles(
  directory: string,
  shapes: ReadonlyMap<string, OperationShape>,
): string[] {
  mkdirSync(directory, { recursive: true });
  const keep = new Set([...shapes.keys()].map((op) => `${op}.json`));
  for (const file of readdirSync(directory).filter(isShapeFile)) {
    if (!keep.has(file)) rmSync(join(directory, file));
  }
  const written: string[] = [];
  for (const [operation, shape] of shapes) {
    const file = join(directory, `${operation}.json`);
    writeFileSync(file, shapeToJson(shape));
    written.push(file);
  }
  // The Prettier CLI, as the format check reads the files (the workspace's config is found from
  // the files; run in their directory so no ignore file of the caller's applies).
  if (written.length) {
    const prettier = require.resolve('prettier/bin/prettier.cjs');
    execFileSync(process.execPath, [prettier, '--write', ...written.map((f) => basename(f))], {
      cwd: directory,
      stdio: 'ignore',
    });
  }
  return written;
}
