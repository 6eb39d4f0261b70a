import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { STAND_IN_DECISION } from './stand-ins/reached';

/** A bundled AWS SDK command module: `.../@aws-sdk/client-kinesis/dist-es/commands/XCommand.js`. */
const COMMAND_MODULE =
  /(.*node_modules\/@aws-sdk\/client-[^/]+)\/dist-(?:es|cjs)\/commands\/(\w+)Command\.js$/;

/**
 * The bundled AWS SDK commands whose operation streams events: each would reach the event-stream
 * stand-in (decision 1922). A command module is named after its operation; the operation is an
 * event stream when its input or output structure holds a union with the `streaming` trait in the
 * client's schemas (`SubscribeToShardEventStream$ = [4, n0, _, { [_st]: 1 }, ...]`).
 */
export function eventStreamOperations(metafile: Metafile, workingDir: string): string[] {
  const found: string[] = [];
  const byClient = new Map<string, Set<string>>();
  for (const input of bundledInputs(metafile)) {
    const match = COMMAND_MODULE.exec(input);
    if (!match) continue;
    const clientDir = resolve(workingDir, match[1]);
    let streaming = byClient.get(clientDir);
    if (!streaming) {
      streaming = streamingOperationsOf(clientDir);
      byClient.set(clientDir, streaming);
    }
    if (streaming.has(match[2])) found.push(`${match[2]}Command (${input})`);
  }
  return found;
}

/**
 * The inputs with code in some output: `metafile.inputs` also lists every module esbuild read and
 * then shook out (a client's index names all its commands).
 */
function bundledInputs(metafile: Metafile): Set<string> {
  const inputs = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput > 0) inputs.add(input);
    }
  }
  return inputs;
}

/** Fails the build of a bundle that holds an event-stream operation, naming it. */
export function assertNoEventStreamOperations(metafile: Metafile, workingDir: string): void {
  const found = eventStreamOperations(metafile, workingDir);
  if (found.length) {
    throw new Error(
      `This handler bundle holds event-stream operations, which the handler build replaces by a ` +
        `stand-in that throws (${STAND_IN_DECISION}): ${found.join(', ')}. ` +
        'Drop the event-streams stand-in from handlerBundlePlugins to bundle them.',
    );
  }
}

/** The operations of one client (by name) whose input or output is an event stream. */
export function streamingOperationsOf(clientDir: string): Set<string> {
  const schemas = readSchemas(clientDir);
  const streamingUnions = new Set(
    [...schemas.matchAll(/export var (\w+)\$ = \[4, n0, \w+,\s*\{ \[_st\]: 1 \}/g)].map(
      (m) => m[1],
    ),
  );
  const withStream = new Set<string>();
  for (const [, name, body] of schemas.matchAll(/export var (\w+)\$ = \[3, ([\s\S]*?)\n\];/g)) {
    if ([...streamingUnions].some((union) => body.includes(`() => ${union}$`)))
      withStream.add(name);
  }
  const operations = new Set<string>();
  for (const [, name, input, output] of schemas.matchAll(
    /export var (\w+)\$ = \[9, n0, \w+,\s*[^\n]*?\(\) => (\w+)\$, \(\) => (\w+)\$\s*\n\];/g,
  )) {
    if (withStream.has(input) || withStream.has(output)) operations.add(name);
  }
  // A schema format this does not read would pass every command: fail instead of guessing.
  if (streamingUnions.size && !operations.size) {
    throw new Error(
      `Cannot tell the event-stream operations of ${clientDir}: its schemas declare event streams ` +
        `(${[...streamingUnions].join(', ')}) in a form the handler build does not read. ` +
        'Update eventStreamOperations in libs/manifest/src/event-stream-check.ts.',
    );
  }
  return operations;
}

function readSchemas(clientDir: string): string {
  const dir = join(clientDir, 'dist-es', 'schemas');
  try {
    return readFileSync(join(dir, 'schemas_0.js'), 'utf8');
  } catch (error) {
    throw new Error(
      `Cannot check ${dirname(dir)} for event-stream operations: no schemas at ${dir} (${String(error)})`,
    );
  }
}
