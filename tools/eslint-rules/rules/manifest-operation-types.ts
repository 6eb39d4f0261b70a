import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';

/** The operation types an app's `src/manifest.ts` declares, by entry (`src/handlers/x.ts`). */
export interface ManifestOperationTypes {
  /** The manifest file read. */
  path: string;
  /** Entry, relative to the app root → the operation types of the functions built from it. */
  byEntry: ReadonlyMap<string, readonly string[]>;
}

const cache = new Map<string, { mtimeMs: number; read: ManifestOperationTypes }>();

/**
 * The manifest of the app a handler module belongs to: `<app>/src/handlers/x.ts` →
 * `<app>/src/manifest.ts`, read as source (an ESLint rule runs synchronously and must not load the
 * app's code). Functions are the object literals with string `entry` and `operationType`, as
 * `defineApp({...})` declares them. Cached per file until the file changes (an editor's
 * ESLint server sees an edited manifest).
 */
export function manifestOperationTypes(handlerFile: string):
  | {
      entry: string;
      manifest: ManifestOperationTypes;
    }
  | undefined {
  const srcDir = findSrcDir(handlerFile);
  if (!srcDir) return undefined;
  const path = join(srcDir, 'manifest.ts');
  if (!existsSync(path)) return undefined;
  const appRoot = dirname(srcDir);
  const entry = relative(appRoot, handlerFile).split('\\').join('/');
  const { mtimeMs } = statSync(path);
  const cached = cache.get(path);
  if (cached?.mtimeMs === mtimeMs) return { entry, manifest: cached.read };
  const read = { path, byEntry: readOperationTypes(path) };
  cache.set(path, { mtimeMs, read });
  return { entry, manifest: read };
}

function findSrcDir(file: string): string | undefined {
  let dir = dirname(file);
  while (dir !== dirname(dir)) {
    if (dir.endsWith('/src') || dir.endsWith('\\src')) return dir;
    dir = dirname(dir);
  }
  return undefined;
}

function readOperationTypes(path: string): Map<string, string[]> {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
  const byEntry = new Map<string, string[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const entry = stringProperty(node, 'entry');
      const operationType = stringProperty(node, 'operationType');
      if (entry !== undefined && operationType !== undefined) {
        byEntry.set(entry, [...(byEntry.get(entry) ?? []), operationType]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return byEntry;
}

function stringProperty(node: ts.ObjectLiteralExpression, name: string): string | undefined {
  for (const property of node.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const key = property.name;
    const keyName = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
    if (keyName !== name) continue;
    const value = property.initializer;
    if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) return value.text;
  }
  return undefined;
}
